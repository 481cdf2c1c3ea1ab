package layout

import (
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"上海市⼈⺠政府办公厅", "上海市人民政府办公厅"}, // Kangxi radical MAN, radicals supplement CIVILIAN (Chromium's output)
		{"⻓沙市⻔户⽹站", "长沙市门户网站"},       // supplement C-SIMPLIFIED LONG and GATE, Kangxi NET
		{"北京市\uF900", "北京市\u8C48"},   // a compatibility ideograph → the unified one
		{"⾦融", "金融"},                 // Kangxi GOLD
		{"１２３ＡＢＣ", "１２３ＡＢＣ"},         // full-width forms stay as printed
		{"政府信息公开", "政府信息公开"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// No look-alike survives: every Kangxi radical, every compatibility
// ideograph and every mapped supplement form becomes a unified ideograph.
func TestNormalizeRanges(t *testing.T) {
	// a unified ideograph: Han, and no decomposition (a dozen in the
	// compatibility block, such as U+FA0E, are unified and stay)
	unifiedHan := func(r rune) bool { return unicode.Is(unicode.Han, r) && norm.NFKC.String(string(r)) == string(r) }
	for _, rg := range [][2]rune{{0x2F00, 0x2FD5}, {0xF900, 0xFAD9}, {0x2F800, 0x2FA1D}} {
		for r := rg[0]; r <= rg[1]; r++ {
			if !unicode.Is(unicode.Han, r) && (r < 0x2F00 || r > 0x2FD5) {
				continue // unassigned code points inside the block
			}
			for _, u := range Normalize(string(r)) {
				if !unifiedHan(u) {
					t.Errorf("U+%04X normalises to U+%04X, not a unified ideograph", r, u)
				}
			}
		}
	}
	for r, u := range radicalSupplement {
		if r < 0x2E80 || r > 0x2EFF {
			t.Errorf("U+%04X is not a radicals supplement form", r)
		}
		if !unifiedHan(u) {
			t.Errorf("U+%04X maps to U+%04X, not a unified ideograph", r, u)
		}
	}
}
