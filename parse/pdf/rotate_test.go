package pdf

import (
	"fmt"
	"slices"
	"testing"
)

// A link on a page turned by /Rotate is turned with the page's text: the
// line under it is still a link, the line beside it still not.
func TestRotatedLinks(t *testing.T) {
	content := "BT /F1 10 Tf 1 0 0 1 100 500 Tm (Report 2020) Tj 1 0 0 1 100 450 Tm (Report 2024) Tj ET"
	tests := []struct{ name, mediaBox, page, content string }{
		{"landscape", "[0 0 842 595]", " /Annots [<</Type /Annot /Subtype /Link /Rect [98 495 170 512]>>]", content},
		// content turned counter-clockwise, (x, y) → (595 − y, x), and so is the link
		{"portrait, /Rotate 90", "[0 0 595 842]", " /Rotate 90 /Annots [<</Type /Annot /Subtype /Link /Rect [83 98 100 170]>>]", "0 1 -1 0 595 0 cm " + content},
	}
	want := []string{"Report 2020 link=true", "Report 2024 link=false"}
	for _, tt := range tests {
		doc, err := Read(helveticaPage(tt.mediaBox, tt.page, tt.content))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range doc.Blocks {
			got = append(got, fmt.Sprintf("%s link=%v", b.Text, b.Link))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: blocks %q, want %q", tt.name, got, want)
		}
	}
}
