package layout

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// RepairUTF8 decides whether data, which is not valid UTF-8, is UTF-8 with
// a few stray bytes: its valid multi-byte characters outnumber its invalid
// bytes at least ten to one. Text in GB18030 or GBK forms hardly any valid
// multi-byte UTF-8, so one corrupt byte in a UTF-8 page no longer sends the
// whole page to another charset. When it is, RepairUTF8 returns the text
// with each run of invalid bytes replaced by U+FFFD and a warning saying
// how many bytes were replaced; ok is false otherwise.
func RepairUTF8(data []byte) (text, warning string, ok bool) {
	multi, invalid := 0, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			multi++
		}
		i += size
	}
	if invalid == 0 || multi < 10*invalid {
		return "", "", false
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"),
		fmt.Sprintf("%d bytes that are not UTF-8 replaced by U+FFFD", invalid), true
}
