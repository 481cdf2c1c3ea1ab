package pdf

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"

	lpdf "github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Text for fonts that carry no ToUnicode map. Chinese producers that do not
// embed their fonts (reportlab's STSong-Light, old print drivers) name a
// predefined CMap instead: the codes are then Unicode (UniGB-UCS2-H,
// UniGB-UTF16-H), GBK bytes (GBK-EUC-H, GB-EUC-H) or character IDs of
// Adobe's Adobe-GB1 collection (Identity-H with Ordering GB1). Simple fonts
// may name their glyphs in /Differences (/uni4E2D, /zero).

// cmapText returns how to read the codes of a Type0 font whose encoding
// is the predefined CMap name and whose CIDs are of ordering, or nil.
func cmapText(name, ordering string) func(uint32) string {
	switch {
	case strings.HasPrefix(name, "UniGB-UCS2-"), strings.HasPrefix(name, "UniGB-UTF16-"):
		return func(code uint32) string {
			if utf16.IsSurrogate(rune(code)) {
				return ""
			}
			return string(rune(code))
		}
	case isGBKCMap(name):
		dec := simplifiedchinese.GB18030.NewDecoder()
		return func(code uint32) string {
			b := []byte{byte(code)}
			if code > 0xff {
				b = []byte{byte(code >> 8), byte(code)}
			}
			out, err := dec.Bytes(b)
			if err != nil || strings.ContainsRune(string(out), '\uFFFD') {
				return ""
			}
			return string(out)
		}
	case strings.HasPrefix(name, "Identity-") && ordering == "GB1":
		return func(cid uint32) string {
			table := adobeGB1()
			if int(cid) >= len(table) || table[cid] == 0 {
				return ""
			}
			return string(rune(table[cid]))
		}
	}
	return nil
}

// isGBKCMap reports whether a predefined CMap encodes GBK or GB 2312 bytes.
func isGBKCMap(name string) bool {
	for _, p := range []string{"GBK-EUC-", "GB-EUC-", "GBpc-EUC-", "GBK2K-", "GBKp-EUC-", "GBT-EUC-", "GBTpc-EUC-"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

//go:embed adobe-gb1.bin.gz
var adobeGB1Data []byte

// adobeGB1 is the Unicode code point of each Adobe-GB1 CID (0 for none),
// unpacked on first use (scripts/make-cid-table.py writes the file).
var adobeGB1 = sync.OnceValue(func() []uint32 {
	zr, err := gzip.NewReader(bytes.NewReader(adobeGB1Data))
	if err != nil {
		return nil
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil
	}
	table := make([]uint32, len(raw)/4)
	for i := range table {
		table[i] = binary.LittleEndian.Uint32(raw[4*i:])
	}
	return table
})

// differences reads a simple font's /Differences array: a code, then the
// glyph names of that code and the ones after it.
func differences(d lpdf.Value) map[uint32]string {
	if d.Len() == 0 {
		return nil
	}
	out := map[uint32]string{}
	code := uint32(0)
	for i := 0; i < d.Len() && i < 1024; i++ {
		v := d.Index(i)
		switch v.Kind() {
		case lpdf.Integer:
			code = uint32(v.Int64())
		case lpdf.Name:
			if code < 256 {
				out[code] = v.Name()
			}
			code++
		}
	}
	return out
}

// glyphText is the text a glyph name stands for, by the Adobe Glyph List
// specification's rules: a name is its components joined by "_" (a
// ligature: uni4EBA_uni6C11), each uniXXXX[XXXX...] (one character per
// four digits: uni4EBA6C11), uXXXX[XX], the name of one of ASCII's letters,
// digits or common punctuation; anything after a "." is a variant
// (zero.tnum). A name any component of which says nothing (g123, cid1234,
// or uni00002515, which matplotlib makes up from a glyph's number) gives "".
func glyphText(name string) string {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if name == "" || len(name) > maxGlyphName {
		return ""
	}
	var b strings.Builder
	for _, part := range strings.Split(name, "_") {
		t := glyphComponent(part)
		if t == "" {
			return ""
		}
		b.WriteString(t)
	}
	return b.String()
}

// maxGlyphName bounds the glyph names read: a PDF name may be long, a
// glyph's never is.
const maxGlyphName = 128

// glyphComponent is the text of one component of a glyph name, "" if it
// says nothing.
func glyphComponent(name string) string {
	switch {
	case len(name) >= 7 && (len(name)-3)%4 == 0 && strings.HasPrefix(name, "uni"):
		var out []rune
		for i := 3; i < len(name); i += 4 {
			r, err := strconv.ParseUint(name[i:i+4], 16, 32)
			if err != nil || !readableRune(rune(r)) {
				return ""
			}
			out = append(out, rune(r))
		}
		return string(out)
	case len(name) >= 5 && len(name) <= 7 && name[0] == 'u':
		if r, err := strconv.ParseUint(name[1:], 16, 32); err == nil && readableRune(rune(r)) {
			return string(rune(r))
		}
		return ""
	case len(name) == 1 && (name[0] >= 'A' && name[0] <= 'Z' || name[0] >= 'a' && name[0] <= 'z'):
		return name
	}
	return glyphNames[name]
}

// readableRune reports whether a glyph name's code point is text: not a
// control code, a surrogate or past Unicode.
func readableRune(r rune) bool {
	return r >= 0x20 && !(r >= 0x7f && r < 0xa0) && !utf16.IsSurrogate(r) && r <= unicode.MaxRune
}

// glyphNames are the Adobe Glyph List names of ASCII's digits and
// punctuation, the ones numbers and dates in a report are made of.
var glyphNames = map[string]string{
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "period": ".", "comma": ",", "hyphen": "-", "minus": "-", "percent": "%",
	"slash": "/", "colon": ":", "semicolon": ";", "parenleft": "(", "parenright": ")", "space": " ",
	"endash": "–", "emdash": "—", "quotedblleft": "“", "quotedblright": "”", "plus": "+", "equal": "=",
}
