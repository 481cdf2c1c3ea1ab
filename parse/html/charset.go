package html

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai/gongkai/parse/layout"
)

// Decode returns the page as UTF-8 and the name of the charset it was read
// in. The charset comes from a byte-order mark, the Content-Type header or a
// <meta> tag; pages that declare nothing are UTF-8 when they are valid UTF-8
// and GB18030 otherwise. GBK and GB2312 are read as GB18030, their superset,
// because pages labelled GB2312 routinely use GBK characters. A declaration
// the bytes contradict (a "utf-8" page in GBK, a "gbk" page in UTF-8) loses
// to the bytes. A UTF-8 page with a few stray bytes stays UTF-8, the bytes
// replaced and named in the returned charset (layout.RepairUTF8).
func Decode(data []byte, contentType string) (string, string, error) {
	if looksBinary(data) {
		return "", "", ErrNotHTML
	}
	enc, name, _ := charset.DetermineEncoding(data, contentType)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch name {
	case "utf-8", "windows-1252":
		// windows-1252 is DetermineEncoding's guess when nothing was declared.
		if utf8.Valid(data) {
			return string(data), "utf-8", nil
		}
		if text, warning, ok := layout.RepairUTF8(data); ok {
			return text, "utf-8 (" + warning + ")", nil
		}
		return decodeWith(simplifiedchinese.GB18030, data, "gb18030")
	case "gbk", "gb2312", "gb18030":
		if hasHighBit(data) && utf8.Valid(data) {
			return string(data), "utf-8", nil
		}
		if text, warning, ok := layout.RepairUTF8(data); ok {
			return text, "utf-8 (" + warning + ")", nil
		}
		return decodeWith(simplifiedchinese.GB18030, data, "gb18030")
	}
	return decodeWith(enc, data, name)
}

func decodeWith(enc encoding.Encoding, data []byte, name string) (string, string, error) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("decode %s: %w", name, err)
	}
	return string(out), name, nil
}

func hasHighBit(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// looksBinary reports whether the start of data holds NUL bytes, which no
// HTML page in any of the charsets above contains.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 4096)]
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return false // UTF-16 has NULs in ASCII text
	}
	return bytes.IndexByte(head, 0) >= 0
}
