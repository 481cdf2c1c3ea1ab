package layout

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRepairUTF8: whatever the bytes, a repair is valid UTF-8, replaces
// only what was invalid, and is offered only for text that is mostly UTF-8.
func FuzzRepairUTF8(f *testing.F) {
	f.Add([]byte("政府信息公开\xff工作年度报告，主动公开政府信息"))
	f.Add([]byte("\xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2")) // GBK
	f.Add([]byte("abc"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, warning, ok := RepairUTF8(data)
		if !ok {
			if text != "" || warning != "" {
				t.Fatalf("no repair, yet text %q warning %q", text, warning)
			}
			return
		}
		if !utf8.ValidString(text) || utf8.Valid(data) || warning == "" {
			t.Fatalf("repair of %q: %q (%s)", data, text, warning)
		}
		if strings.ReplaceAll(text, "\uFFFD", "") != strings.ReplaceAll(strings.ToValidUTF8(string(data), ""), "\uFFFD", "") {
			t.Fatalf("repair of %q changed valid text: %q", data, text)
		}
	})
}
