package parse

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/parse/layout"
)

// lookalikeRanges are the blocks of code points that producers print for
// Chinese characters (issue 11): Chromium's fonts give ⼈ and ⺠ for 人民.
var lookalikeRanges = []struct {
	name   string
	lo, hi rune
}{
	{"Kangxi radicals", 0x2F00, 0x2FD5},
	{"CJK radicals supplement", 0x2E80, 0x2EFF},
	{"CJK compatibility ideographs", 0xF900, 0xFAFF},
	{"CJK compatibility ideographs supplement", 0x2F800, 0x2FA1F},
}

// lookalikesOf maps each unified ideograph that a code point of lo..hi
// stands for to that code point.
func lookalikesOf(lo, hi rune) map[rune]rune {
	out := map[rune]rune{}
	for r := lo; r <= hi; r++ {
		u := layout.Normalize(string(r))
		if u == string(r) || utf8.RuneCountInString(u) != 1 {
			continue
		}
		ur, _ := utf8.DecodeRuneInString(u)
		if _, ok := out[ur]; !ok {
			out[ur] = r
		}
	}
	return out
}

// Each range of look-alikes, fed to a report as the HTML and the text
// readers get it, everywhere its office's characters occur (title,
// sentences, the office named in the text), comes out as the unified
// ideographs: the office is the report's, not a name matching no other
// report of that body, and every fact is read.
func TestLookalikeRangesToOffice(t *testing.T) {
	variants := fixtures.Variants(120)
	for _, rg := range lookalikeRanges {
		subst := lookalikesOf(rg.lo, rg.hi)
		for _, layoutName := range []string{fixtures.HTMLGrid.String(), fixtures.Text.String()} {
			t.Run(fmt.Sprintf("%s/%s", rg.name, layoutName), func(t *testing.T) {
				for _, v := range variants {
					if v.Options.Layout.String() != layoutName || v.Spec.Office == "" {
						continue
					}
					var pairs []string
					for _, c := range v.Spec.Office {
						if l, ok := subst[c]; ok {
							pairs = append(pairs, string(c), string(l))
						}
					}
					if len(pairs) == 0 {
						continue
					}
					page := strings.NewReplacer(pairs...).Replace(string(v.Bytes()))
					rep, err := Bytes(v.Name+v.Ext, []byte(page))
					if err != nil {
						t.Fatalf("%s: %v", v.Name, err)
					}
					if rep.Office != v.Spec.Office {
						t.Errorf("%s with %q: office %q, want %q", v.Name, pairs, rep.Office, v.Spec.Office)
					}
					for _, r := range rep.Office + rep.Title {
						if r >= rg.lo && r <= rg.hi {
							t.Errorf("%s: look-alike U+%04X left in %q", v.Name, r, rep.Office+rep.Title)
						}
					}
					compareFacts(t, rep, v.Spec.Facts)
					return
				}
				t.Fatalf("no %s variant's office has a character of the %s", layoutName, rg.name)
			})
		}
	}
}
