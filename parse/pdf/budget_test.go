package pdf

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A hostile page — a million rulings, drawn one by one or as one path, a
// million rectangles, a million glyphs — costs bounded work: what the
// page keeps stops at its budgets (maxSegs rulings, maxPathParts pieces a
// path, maxGlyphs glyphs), everything past them is counted, and the
// document says how much it left out. The counts, not the clock, are the
// bound: the later stages take at most that many rulings and glyphs.
func TestPageBudgets(t *testing.T) {
	const n = 1_000_000
	repeat := func(format string, arg func(i int) []any) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format, arg(i)...)
		}
		return b.String()
	}
	tests := []struct {
		name         string
		content      string
		segs, glyphs int
		dropped      int
	}{
		{"a million strokes", repeat("10 %d m 500 %d l S\n", func(i int) []any { return []any{i % 800, i % 800} }),
			maxSegs, 0, n - maxSegs},
		{"a million lines in one path", repeat("%d 10 m %d 800 l\n", func(i int) []any { return []any{i % 595, i % 595} }) + "S",
			maxPathParts, 0, 2 * (n - maxPathParts)},
		{"a million thin rectangles in one path", repeat("10 %d 500 1 re\n", func(i int) []any { return []any{i % 800} }) + "f",
			maxPathParts, 0, n - maxPathParts},
		{"a million glyphs", "BT /F1 1 Tf " + repeat("1 0 0 1 %d %d Tm (1)Tj\n", func(i int) []any { return []any{i % 500, i / 500 % 800} }) + "ET",
			0, maxGlyphs, n - maxGlyphs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(helveticaPage("[0 0 595 842]", "", tt.content))
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("page 1: %d glyphs, rulings or path pieces past the page's limits", tt.dropped)
			if !strings.Contains(strings.Join(doc.Warnings, "; "), want) {
				t.Errorf("warnings %q, want %q", doc.Warnings, want)
			}
		})
	}
}

// FuzzContent runs arbitrary content streams on a page turned by /Rotate,
// with the fonts this package reads without a ToUnicode map (a Type 3
// font naming its glyphs, an Identity-H font of Adobe-GB1 CIDs, a
// UniGB-UCS2-H font, a simple font with /Differences), a form named like a
// glyph and an ordinary form: rulings, rotation, fonts and Type 3 glyphs
// are all reached. A panic of the runtime (an index out of range) is a
// bug even where the page's recover turns it into a warning, and so is a
// page that runs into the time limit.
func FuzzContent(f *testing.F) {
	f.Add([]byte("BT /T3 12 Tf 100 700 Td (\x01\x02\x03) Tj ET q 12 0 0 12 100 650 cm /F1-x-uni4EBA Do Q"), int64(0))
	f.Add([]byte("BT /C0 10 Tf 1 0 0 1 100 700 Tm <0BAE0BAF> Tj /U0 10 Tf <4EBA6C11> Tj ET"), int64(90))
	f.Add([]byte("BT /S1 10 Tf 0 1 -1 0 300 300 Tm [(\x01) -200 (\x02)] TJ ET /Fm0 Do"), int64(180))
	f.Add([]byte("0 1 -1 0 595 0 cm 10 10 m 200 10 l S 10 10 m 10 200 l S 0 0 3 100 re f 50 50 100 1 re B"), int64(270))
	f.Add([]byte("BT /T3 1 Tf 3 Tr 1 0 0 1 50 50 Tm (\x04)' 1 2 (\x01)\" ET"), int64(-90))
	// a content stream of a few kilobytes takes microseconds: one that
	// reaches this limit loops (as `<A` at the end of a stream once did)
	defer func(d time.Duration) { TimeLimit = d }(TimeLimit)
	TimeLimit = 2 * time.Second
	f.Fuzz(func(t *testing.T, content []byte, rotate int64) {
		doc, err := Read(fontsPage(string(content), rotate))
		if err != nil {
			return // the structure is valid; an error is a clear one at least
		}
		for _, w := range doc.Warnings {
			if strings.Contains(w, "runtime error") || strings.Contains(w, "time limit") {
				t.Fatalf("content %q: %s", content, w)
			}
		}
	})
}

// fontsPage is a one-page PDF with content drawn on a page turned by
// rotate, with FuzzContent's fonts and forms as resources.
func fontsPage(content string, rotate int64) []byte {
	return makePDF([]string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		fmt.Sprintf("<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Contents 4 0 R "+
			"/Resources <</Font <</T3 5 0 R /C0 7 0 R /U0 9 0 R /S1 10 0 R>> "+
			"/XObject <</F1-x-uni4EBA 11 0 R /Fm0 12 0 R>>>>>>", rotate),
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
		"<</Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] " +
			"/CharProcs <</g1 6 0 R>> /Encoding <</Type /Encoding /Differences [1 /uni4EBA /zero /g1 /uni4EBA_uni6C11]>> " +
			"/FirstChar 1 /LastChar 4 /Widths [1000 500 500 2000]>>",
		"<</Length 8>>\nstream\n500 0 d0\nendstream",
		"<</Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [8 0 R]>>",
		"<</Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo <</Registry (Adobe) /Ordering (GB1) /Supplement 4>> /DW 1000 /W [1 95 500]>>",
		"<</Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [8 0 R]>>",
		"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding <</Differences [1 /one /uni653F]>> /FirstChar 1 /LastChar 2 /Widths [500 1000]>>",
		"<</Type /XObject /Subtype /Form /BBox [0 0 1000 1000] /Length 22>>\nstream\n0 0 m 1000 0 l 900 80 l f\nendstream",
		"<</Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length 33>>\nstream\n10 700 m 500 700 l S 0 0 2 80 re f\nendstream",
	}, "")
}
