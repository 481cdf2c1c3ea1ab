package pdf

import (
	"os"
	"strings"
	"testing"
)

// A blank page is not a scan: LibreOffice begins its PDF of v003 with a
// page that paints only a clipping path, and nothing says it has no text
// layer; the page that paints an image and no text is TestNoTextLayer's.
func TestBlankPageNotScanned(t *testing.T) {
	for _, name := range []string{"v003-2019-html.libreoffice.pdf", "v003-2019-html.rotated.pdf", "v003-2019-html.matplotlib.pdf"} {
		data, err := os.ReadFile("../testdata/producers/" + name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Read(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range doc.Warnings {
			if strings.Contains(w, "text layer") || strings.Contains(w, "page 1") {
				t.Errorf("%s: warning %q about its blank first page", name, w)
			}
		}
		if len(doc.Blocks) == 0 || doc.Blocks[0].At.Page != 2 {
			t.Errorf("%s: the first block is not on page 2, after the blank page", name)
		}
	}
}
