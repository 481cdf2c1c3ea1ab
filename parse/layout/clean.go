package layout

import (
	"strings"
	"unicode"
)

// Clean collapses whitespace (including &nbsp; and the ideographic space) to
// single spaces and drops the spaces that layout puts between Chinese
// characters, so "商业 企业" and "商业\n企业" both read "商业企业". Spaces
// between Latin words and digits stay. Look-alike code points become the
// characters they stand for (Normalize): every reader's text passes here.
func Clean(s string) string {
	s = Normalize(s)
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	var prev rune
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' || r == '\u200b' || r == '\ufeff' {
			pendingSpace = b.Len() > 0
			continue
		}
		if pendingSpace && !isWide(prev) && !isWide(r) {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// isWide reports whether r is a Chinese character or full-width punctuation,
// next to which a space is an artefact of layout, not of the text.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303f) || // CJK punctuation
		(r >= 0xff00 && r <= 0xffef) || // full-width forms
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·'
}
