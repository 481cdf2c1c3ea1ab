package pdf

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRewrittenByPoppler reads reports taken apart and put together again
// by poppler's pdfseparate and pdfunite, as someone assembling a report
// from pages does: the result must read as the original, but for the
// title, which pdfunite does not keep. pdfunite writes
// a trailer /Size smaller than its cross-reference table (66 for 114
// entries, the catalogue being object 110); cutting the table to /Size
// lost the catalogue, and every such file was "no pages".
func TestRewrittenByPoppler(t *testing.T) {
	for _, tool := range []string{"pdfseparate", "pdfunite"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s missing (poppler-utils; make test installs it)", tool)
		}
	}
	for _, name := range []string{"v003-2019-html.libreoffice.pdf", "v000-2021-html.chromium.pdf"} {
		t.Run(name, func(t *testing.T) {
			original := filepath.Join("..", "testdata", "producers", name)
			dir := t.TempDir()
			if out, err := exec.Command("pdfseparate", original, filepath.Join(dir, "p%d.pdf")).CombinedOutput(); err != nil {
				t.Fatalf("pdfseparate: %v\n%s", err, out)
			}
			pages, _ := filepath.Glob(filepath.Join(dir, "p*.pdf"))
			united := filepath.Join(dir, "united.pdf")
			if out, err := exec.Command("pdfunite", append(sortedPages(pages), united)...).CombinedOutput(); err != nil {
				t.Fatalf("pdfunite: %v\n%s", err, out)
			}
			read := func(path string) string {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				doc, err := Read(data)
				if err != nil {
					t.Fatalf("%s: %v", filepath.Base(path), err)
				}
				doc.Title = "" // pdfunite keeps no document information
				return dump(doc)
			}
			want, got := read(original), read(united)
			if got != want || len(pages) < 2 {
				t.Errorf("%d pages united read as\n%.600s\nthe original as\n%.600s", len(pages), got, want)
			}
		})
	}
}

// sortedPages orders pdfseparate's p1.pdf … p10.pdf by page number.
func sortedPages(paths []string) []string {
	out := make([]string, len(paths))
	for _, p := range paths {
		var n int
		if _, err := fmt.Sscanf(filepath.Base(p), "p%d.pdf", &n); err == nil && n >= 1 && n <= len(out) {
			out[n-1] = p
		}
	}
	return out
}
