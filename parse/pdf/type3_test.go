package pdf

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gongkai/gongkai/parse/layout"
)

// Glyph names are read by the Adobe Glyph List's rules, and a name that
// says nothing gives nothing, never a wrong character.
func TestGlyphNames(t *testing.T) {
	tests := []struct{ name, want string }{
		{"uni4EBA", "人"},
		{"uni4EBA_uni6C11", "人民"},                // a ligature's components
		{"uni4EBA6C11", "人民"},                    // one uni, two characters
		{"u20B9F", "𠮟"},                          // beyond the BMP
		{"uni653F.vert", "政"},                    // a variant
		{"zero_one", "01"},                       // AGL names as components
		{"seven.tnum", "7"},                      // a variant of an AGL name
		{"g123", ""},                             // a glyph number: nothing to go on
		{"cid1234", ""},                          // a CID
		{"uni00002515", ""},                      // matplotlib's name for glyph 0x2515 of a font without names, not U+2515
		{"uniD800", ""},                          // a surrogate
		{"uni4EBA_g12", ""},                      // one component unknown: the whole name
		{"uni4EB", ""},                           // digits not in fours
		{"u110000", ""},                          // past Unicode
		{"uni" + strings.Repeat("4EBA", 40), ""}, // longer than any glyph name
	}
	for _, tt := range tests {
		if got := glyphText(tt.name); got != tt.want {
			t.Errorf("glyphText(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A form XObject is a glyph when its name ends in a glyph name
// (matplotlib's /F1-wqy-zenhei-uni4EBA), not otherwise.
func TestGlyphForm(t *testing.T) {
	tests := []struct {
		name, glyph string
		ok          bool
	}{
		{"F1-wqy-zenhei-uni4EBA", "uni4EBA", true},
		{"F2-NotoSansCJK-Regular-uni00002f14", "uni00002f14", true},
		{"F1-font-g12", "g12", true},
		{"Fm0", "", false},
		{"X-Form-1", "1", false},
		{"-uni4EBA", "", false},
		{"Im-x-zero", "zero", false}, // a word, not a glyph's code or number
		{"Fm-g12", "g12", false},     // not FONT-FILE-GLYPH
	}
	for _, tt := range tests {
		glyph, ok := glyphForm(tt.name)
		if ok != tt.ok || (ok && glyph != tt.glyph) {
			t.Errorf("glyphForm(%q) = %q, %v; want %q, %v", tt.name, glyph, ok, tt.glyph, tt.ok)
		}
	}
}

// FuzzGlyphName: whatever the name, glyphText gives valid text without
// control codes, and every character a uni name spells comes back.
func FuzzGlyphName(f *testing.F) {
	for _, s := range []string{"uni4EBA", "uni4EBA_uni6C11", "u20B9F", "g123", "zero.tnum", "uni00002515"} {
		f.Add(s, rune(0x4EBA))
	}
	f.Fuzz(func(t *testing.T, name string, r rune) {
		got := glyphText(name)
		if !utf8.ValidString(got) {
			t.Fatalf("glyphText(%q) = %q: not UTF-8", name, got)
		}
		for _, c := range got {
			if c < 0x20 || (c >= 0x7f && c < 0xa0) {
				t.Fatalf("glyphText(%q) = %q: a control code", name, got)
			}
		}
		if readableRune(r) && r <= 0xFFFF {
			if got := glyphText(fmt.Sprintf("uni%04X", r)); got != string(r) {
				t.Fatalf("uni%04X reads %q", r, got)
			}
		}
	})
}

// matplotlib's PDFs with its default Type 3 fonts (scripts/make-type3-fixture.py,
// Debian's matplotlib 3.6): with WenQuanYi Zen Hei, whose glyphs are named
// uni4EBA, the text is read from glyph names alone — the digits from
// the fonts' /Differences, the Chinese from the names of the forms drawn
// for them — and the glyphs' outlines are not taken for rulings; with Noto
// Sans CJK, whose glyphs have no names, matplotlib makes up uni0000XXXX
// from their numbers, and the page says its text was not read rather
// than read as box-drawing characters or radicals.
func TestType3Matplotlib(t *testing.T) {
	read := func(path string) *layout.Document {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Read(data)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	named := read("../testdata/producers/v003-2019-html.matplotlib.pdf")
	var text []string
	tables := 0
	for _, b := range named.Blocks {
		text = append(text, b.Text)
		if b.Table != nil {
			tables++
		}
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"宜昌市夷陵区人民政府", "2019年", "政府信息公开"} {
		if !strings.Contains(all, want) {
			t.Errorf("matplotlib with named glyphs: %q not read", want)
		}
	}
	for _, w := range named.Warnings {
		if strings.Contains(w, "Unicode map") || strings.Contains(w, "alignment") {
			t.Errorf("matplotlib with named glyphs: warning %q", w)
		}
	}
	if tables == 0 {
		t.Error("matplotlib with named glyphs: no table from its rulings")
	}

	unnamed := read("../testdata/type3/v003-title.noto.pdf")
	warned := strings.Join(unnamed.Warnings, "; ")
	if !strings.Contains(warned, "not read") || !strings.Contains(warned, `"uni0000`) {
		t.Errorf("matplotlib with unnamed glyphs: warnings %q, want the text not read and a glyph name", warned)
	}
	for _, b := range unnamed.Blocks {
		if strings.TrimSpace(b.Text) != "" {
			t.Errorf("matplotlib with unnamed glyphs: block %q read from glyph numbers", b.Text)
		}
	}
}

// A Type 3 font's widths are in its own glyph space, which its FontMatrix
// scales to text space: a bitmap font of 100 units per em sets "12" in
// the width its /Widths and matrix give, not a tenth of it.
func TestType3FontMatrix(t *testing.T) {
	content := "BT /T3 10 Tf 1 0 0 1 100 700 Tm (12) Tj ET"
	data := makePDF([]string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources <</Font <</T3 5 0 R>>>>>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
		"<</Type /Font /Subtype /Type3 /FontBBox [0 0 100 100] /FontMatrix [0.01 0 0 0.01 0 0] " +
			"/CharProcs <</one 6 0 R /two 6 0 R>> /Encoding <</Type /Encoding /Differences [49 /one /two]>> " +
			"/FirstChar 49 /LastChar 50 /Widths [60 60]>>",
		"<</Length 8>>\nstream\n60 0 d0 \nendstream",
	}, "")
	doc, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Blocks) != 1 || doc.Blocks[0].Text != "12" {
		t.Fatalf("blocks %+v, want the line 12", doc.Blocks)
	}
	// two glyphs of 60 units × 0.01 em × 10 pt = 6 pt each, from x = 100
	if box := doc.Blocks[0].At.Box; box == nil || box[0] != 100 || box[2] != 112 {
		t.Errorf("box %v, want x from 100 to 112", box)
	}
}

// A Type 3 font has no built-in encoding: a code its /Differences does not
// name is text lost (and said so), not the Latin-1 letter of its byte; with
// a base encoding, such a code reads by it.
func TestType3Unnamed(t *testing.T) {
	tests := []struct{ encoding, want string }{
		{"<</Type /Encoding /Differences [49 /one]>>", "1"},
		{"<</Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [49 /one]>>", "12"},
	}
	for _, tt := range tests {
		content := "BT /T3 10 Tf 1 0 0 1 100 700 Tm (12) Tj ET"
		doc, err := Read(makePDF([]string{
			"<</Type /Catalog /Pages 2 0 R>>",
			"<</Type /Pages /Kids [3 0 R] /Count 1>>",
			"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources <</Font <</T3 5 0 R>>>>>>",
			fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
			"<</Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs <<>> " +
				"/Encoding " + tt.encoding + " /FirstChar 49 /LastChar 50 /Widths [500 500]>>",
		}, ""))
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Blocks) != 1 || doc.Blocks[0].Text != tt.want {
			t.Errorf("%s: blocks %+v, want %q", tt.encoding, doc.Blocks, tt.want)
		}
		lost := strings.Contains(strings.Join(doc.Warnings, "; "), "1 glyphs without a Unicode map left out")
		if lost != (tt.want == "1") {
			t.Errorf("%s: warnings %q", tt.encoding, doc.Warnings)
		}
	}
}
