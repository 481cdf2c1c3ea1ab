package pdf

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/gongkai/gongkai/fixtures"
)

// A font whose ToUnicode map gives look-alike code points (Chromium's
// fonts map 人 to the Kangxi radical ⼈), and a font whose glyph names
// spell them, are read as the unified ideographs: one look-alike of each
// range, in an office's name.
func TestLookalikesUnified(t *testing.T) {
	tests := fixtures.Lookalikes
	for _, tt := range tests {
		for _, how := range []string{"ToUnicode", "glyph names"} {
			doc, err := Read(lookalikePage(tt.Printed, how == "glyph names"))
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Blocks) != 1 || doc.Blocks[0].Text != tt.Unified {
				var got []string
				for _, b := range doc.Blocks {
					got = append(got, b.Text)
				}
				t.Errorf("%s printed through %s: read %q, want %q", tt.Printed, how, got, tt.Unified)
			}
		}
	}
}

// lookalikePage is a one-page PDF showing text in one line, each character
// its own code: a Type0 font with a ToUnicode map, or a simple font naming
// each glyph uniXXXX / uXXXXX.
func lookalikePage(text string, glyphNames bool) []byte {
	runes := []rune(text)
	var codes, cmap, names strings.Builder
	for i, r := range runes {
		var dst strings.Builder
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&dst, "%04X", u)
		}
		if glyphNames {
			fmt.Fprintf(&codes, "%02X", i+1)
			if r > 0xFFFF {
				fmt.Fprintf(&names, " /u%X", r)
			} else {
				fmt.Fprintf(&names, " /uni%04X", r)
			}
		} else {
			fmt.Fprintf(&codes, "%04X", i+1)
			fmt.Fprintf(&cmap, "<%04X> <%s>\n", i+1, dst.String())
		}
	}
	content := fmt.Sprintf("BT /F1 12 Tf 1 0 0 1 100 700 Tm <%s> Tj ET", codes.String())
	font := "<</Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R " +
		"/DescendantFonts [<</Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /DW 1000>>]>>"
	if glyphNames {
		font = fmt.Sprintf("<</Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs <<>> "+
			"/Encoding <</Type /Encoding /Differences [1%s]>> /FirstChar 1 /LastChar %d /Widths [%s]>>", names.String(), len(runes), strings.Repeat("1000 ", len(runes)))
	}
	cm := fmt.Sprintf("/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange %d beginbfchar\n%sendbfchar endcmap end end", len(runes), cmap.String())
	return makePDF([]string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
		font,
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(cm), cm),
	}, "")
}
