package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/memtest"
	"github.com/gongkai/gongkai/parse/layout"
)

// onePage returns the objects of a one-page document whose page draws
// content with font F1; callers replace objects to make it hostile.
func onePage(content string) []string {
	return []string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
		"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>",
	}
}

func deflated(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// hostilePDFs are the files of issue 19 that hung or ended the process,
// rebuilt from their description, and a few of their kin, each with what
// Read must say about it: an error containing wantErr, or (wantErr "") a
// document, which the caller then finds empty.
func hostilePDFs() []struct {
	name, wantErr string
	data          []byte
} {
	type hostile = struct {
		name, wantErr string
		data          []byte
	}
	var out []hostile

	// The trailer's /Prev names its own xref section: the library read it
	// again forever.
	data := makePDF(onePage("BT /F1 12 Tf (Hi) Tj ET"), "")
	xref := bytes.LastIndex(data, []byte("\nxref\n")) + 1
	data = bytes.Replace(data, []byte("/Root 1 0 R "), fmt.Appendf(nil, "/Root 1 0 R /Prev %d", xref), 1)
	out = append(out, hostile{"xref Prev points at itself", "xref Prev chain loops", data})

	// A page-tree node listing itself twice: 2^32 visits under a depth bound.
	out = append(out, hostile{"page tree contains itself", "page tree contains itself",
		makePDF([]string{"<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [2 0 R 2 0 R] /Count 1>>"}, "")})

	// A page holding 1 MB of nested arrays, listed 2,000 times in /Kids:
	// parsed again on every access and kept per listing, gigabytes.
	objs := onePage("BT /F1 12 Tf (Hi) Tj ET")
	objs[1] = "<</Type /Pages /Kids [" + strings.Repeat("3 0 R ", 2000) + "] /Count 2000>>"
	objs[2] = strings.Replace(objs[2], "/Contents", "/X ["+strings.Repeat(strings.Repeat("[", 500)+strings.Repeat("]", 500), 1000)+"] /Contents", 1)
	out = append(out, hostile{"1 MB of nested arrays", "", makePDF(objs, "")})

	// Arrays nested deeper than the library's bound.
	objs = onePage("BT /F1 12 Tf (Hi) Tj ET")
	objs[0] = "<</Type /Catalog /Pages 2 0 R /X " + strings.Repeat("[", 1<<20) + ">>"
	out = append(out, hostile{"arrays nested a million deep", "nesting exceeds", makePDF(objs, "")})

	// One 2 MB string as a ToUnicode range's destination: copied for every
	// code of the range, 65,536 × 2 MB.
	cmap := "begincmap 1 beginbfrange <0000> <FFFF> <" + strings.Repeat("0041", 1<<19) + "> endbfrange endcmap"
	objs = onePage("BT /F1 12 Tf <0001> Tj ET")
	objs[4] = "<</Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<</Subtype /CIDFontType2>>] /ToUnicode 6 0 R>>"
	objs = append(objs, fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(cmap), cmap))
	out = append(out, hostile{"2 MB string in a ToUnicode range", "", makePDF(objs, "")})

	// A 2 MB hex string never closed: the tokenizer read past the end forever.
	out = append(out, hostile{"2 MB unclosed hex string", "", makePDF(onePage("BT /F1 12 Tf <"+strings.Repeat("41", 1<<20)), "")})

	// 200 KB of references to one compressed content stream: a
	// decompressor was opened for each before reading any.
	objs = onePage("")
	z := deflated("BT /F1 12 Tf (Hi) Tj ET")
	objs[2] = strings.Replace(objs[2], "/Contents 4 0 R", "/Contents ["+strings.Repeat("4 0 R ", 33000)+"]", 1)
	objs[3] = fmt.Sprintf("<</Length %d /Filter /FlateDecode>>\nstream\n%s\nendstream", len(z), z)
	out = append(out, hostile{"200 KB of content-stream references", "", makePDF(objs, "")})

	// 200 KB of operands and no operator.
	out = append(out, hostile{"200 KB of operands without an operator", "", makePDF(onePage(strings.Repeat("1 ", 100000)), "")})

	// An xref section starting at object 10^9: a 32 GB table.
	data = makePDF(onePage("BT /F1 12 Tf (Hi) Tj ET"), "")
	data = bytes.Replace(data, []byte("xref\n0 6\n"), []byte("xref\n1000000000 6\n"), 1)
	out = append(out, hostile{"xref section at object 10^9", "xref entry", data})

	// A stream inflating to 128 MB of spaces in one content stream.
	bomb := deflated(strings.Repeat(" ", 128<<20))
	objs = onePage("")
	objs[3] = fmt.Sprintf("<</Length %d /Filter /FlateDecode>>\nstream\n%s\nendstream", len(bomb), bomb)
	out = append(out, hostile{"128 MB deflate bomb", "", makePDF(objs, "")})
	return out
}

// TestHostile reads each hostile file within 10 s and a peak heap of
// 256 MiB, and gets a clear error or an empty document, not a hang or a
// fatal out-of-memory.
func TestHostile(t *testing.T) {
	for _, h := range hostilePDFs() {
		t.Run(h.name, func(t *testing.T) {
			var doc *docResult
			peak := memtest.PeakHeap(func() { doc = readWithin(t, h.data, 10*time.Second) })
			t.Logf("%d bytes: %v, peak heap %d MiB, err %v", len(h.data), doc.took.Round(time.Millisecond), peak>>20, doc.err)
			if peak > 256<<20 {
				t.Errorf("peak heap %d MiB, budget 256 MiB", peak>>20)
			}
			switch {
			case h.wantErr != "" && (doc.err == nil || !strings.Contains(doc.err.Error(), h.wantErr)):
				t.Errorf("err = %v, want one containing %q", doc.err, h.wantErr)
			case h.wantErr == "" && doc.err == nil && len(doc.doc.Blocks) > 1:
				t.Errorf("%d blocks from a hostile file", len(doc.doc.Blocks))
			}
		})
	}
}

type docResult struct {
	doc  *layout.Document
	err  error
	took time.Duration
}

// readWithin runs Read and fails the test if it has not returned by limit.
func readWithin(t *testing.T, data []byte, limit time.Duration) *docResult {
	t.Helper()
	done := make(chan *docResult, 1)
	go func() {
		start := time.Now()
		doc, err := Read(data)
		done <- &docResult{doc, err, time.Since(start)}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(limit):
		t.Fatalf("Read has not returned after %v", limit)
		return nil
	}
}
