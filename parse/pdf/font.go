package pdf

import (
	"io"
	"math"
	"strings"
	"unicode/utf16"

	lpdf "github.com/ledongthuc/pdf"
)

// font is what the interpreter needs from a PDF font: how to split a shown
// string into codes, what text each code stands for, and how far each code
// advances. It is built once per font dictionary and document, because
// parsing a ToUnicode CMap on every font switch costs more than the rest of
// the page.
type font struct {
	twoByte  bool              // Type0 font: codes are two bytes (Identity-H/V and the common CJK CMaps)
	gbk      bool              // Type0 font with a GBK/EUC CMap: ASCII in one byte, the rest in two
	vertical bool              // writing mode 1 (Identity-V and other -V CMaps): glyphs advance downwards
	toUni    map[uint32]string // code → text, from ToUnicode
	simple   bool              // no ToUnicode: single-byte codes read as Latin-1 where printable
	// without ToUnicode, the text of a Type0 font's code from its CMap:
	// Unicode itself (UniGB-UCS2, UniGB-UTF16), GBK bytes, or an Adobe-GB1
	// character ID (Identity); nil where neither says
	cmapText func(code uint32) string
	names    map[uint32]string // a simple font's /Differences: code → glyph name
	dw       float64           // default width in glyph units (1/1000 em)
	widths   map[uint32]float64
	ranges   []widthRange // /W entries "cfirst clast w", kept as ranges
	dw2      [2]float64   // vertical default: position y, advance y (glyph units)
	// em per glyph unit: 1/1000, but a Type 3 font's own FontMatrix (a
	// bitmap font's may be 1 unit per em or 1 per pixel)
	unit float64
}

// next splits one code off the front of s.
func (f *font) next(s string) (code uint32, n int) {
	if f.gbk && s[0] < 0x81 {
		return uint32(s[0]), 1
	}
	if f.twoByte && len(s) >= 2 {
		return uint32(s[0])<<8 | uint32(s[1]), 2
	}
	return uint32(s[0]), 1
}

// textOrName is the Unicode text for code, "" if the font does not say,
// and, where it does not and names the code's glyph, that name: what a
// warning can show of the text lost.
func (f *font) textOrName(code uint32) (string, string) {
	if t, ok := f.toUni[code]; ok {
		return t, ""
	}
	if f.toUni != nil {
		return "", ""
	}
	if f.cmapText != nil {
		return f.cmapText(code), ""
	}
	if name, ok := f.names[code]; ok {
		return glyphText(name), name
	}
	if f.simple && !f.twoByte && code >= 0x20 && code != 0x7f && code < 0x100 {
		return string(rune(code)), ""
	}
	return "", ""
}

// width is the horizontal advance of code in glyph units.
func (f *font) width(code uint32) float64 {
	if f.cmapText != nil && f.toUni == nil && code >= 0x20 && code <= 0x7e {
		// Unicode and GBK CMaps put ASCII's characters at the start of
		// Adobe-GB1, CIDs 1–95, where /W gives their half widths
		code -= 0x1f
	}
	if w, ok := f.widths[code]; ok {
		return w
	}
	for _, r := range f.ranges {
		if code >= r.lo && code <= r.hi {
			return r.w
		}
	}
	return f.dw
}

// loadFont builds a font from its dictionary.
func loadFont(v lpdf.Value) *font {
	f := &font{dw: 1000, dw2: [2]float64{880, -1000}, widths: map[uint32]float64{}, unit: 0.001}
	if v.Key("Subtype").Name() == "Type0" {
		f.twoByte = true
		enc := v.Key("Encoding")
		name := enc.Name()
		if name == "" {
			name = enc.Key("CMapName").Name()
			if enc.Key("WMode").Int64() == 1 {
				f.vertical = true
			}
		}
		if strings.HasSuffix(name, "-V") {
			f.vertical = true
		}
		d := v.Key("DescendantFonts").Index(0)
		if dw := d.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
			f.dw = dw.Float64()
		}
		if dw2 := d.Key("DW2"); dw2.Len() == 2 {
			f.dw2 = [2]float64{dw2.Index(0).Float64(), dw2.Index(1).Float64()}
		}
		f.readCIDWidths(d.Key("W"))
		f.cmapText = cmapText(name, d.Key("CIDSystemInfo").Key("Ordering").RawString())
		f.gbk = f.cmapText != nil && isGBKCMap(name)
	} else {
		f.names = differences(v.Key("Encoding").Key("Differences"))
		f.dw = 0
		first := v.Key("FirstChar").Int64()
		ws := v.Key("Widths")
		for i := 0; i < ws.Len() && i < 256; i++ {
			f.widths[uint32(first)+uint32(i)] = ws.Index(i).Float64()
		}
		if f.dw == 0 {
			f.dw = v.Key("FontDescriptor").Key("MissingWidth").Float64()
		}
		if m := v.Key("FontMatrix"); v.Key("Subtype").Name() == "Type3" && m.Len() == 6 {
			if a := math.Abs(m.Index(0).Float64()); a > 0 && a <= 1 {
				f.unit = a
			}
		}
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == lpdf.Stream {
		f.toUni = readToUnicode(tu)
	}
	f.simple = f.toUni == nil && !unencodedType3(v)
	return f
}

// unencodedType3 reports whether v is a Type 3 font whose encoding names
// no base encoding: its codes mean only what /Differences names them (a
// Type 3 font has no built-in encoding), so a code it does not name is no
// Latin-1 letter, whatever its byte.
func unencodedType3(v lpdf.Value) bool {
	enc := v.Key("Encoding")
	return v.Key("Subtype").Name() == "Type3" && enc.Kind() != lpdf.Name && enc.Key("BaseEncoding").IsNull()
}

// widthRange is one "cfirst clast w" entry of a CIDFont /W array.
type widthRange struct {
	lo, hi uint32
	w      float64
}

// readCIDWidths reads a CIDFont /W array: "c [w1 w2 ...]" and "cfirst clast w".
func (f *font) readCIDWidths(w lpdf.Value) {
	out := f.widths
	for i := 0; i+1 < w.Len(); {
		c := w.Index(i).Int64()
		if c < 0 || c > 0xffff {
			return
		}
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			for j := 0; j < next.Len() && c+int64(j) <= 0xffff; j++ {
				out[uint32(c)+uint32(j)] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			return
		}
		last := next.Int64()
		if last >= c && last <= 0xffff {
			f.ranges = append(f.ranges, widthRange{uint32(c), uint32(last), w.Index(i + 2).Float64()})
		}
		i += 3
	}
}

// readToUnicode parses the bfchar and bfrange sections of a ToUnicode CMap.
// CMaps are PostScript whose only parts that matter here are lists of
// strings between begin/end keywords, so a small scanner reads them
// directly rather than through a PostScript interpreter.
func readToUnicode(cm lpdf.Value) map[uint32]string {
	rc := cm.Reader()
	data, _ := io.ReadAll(io.LimitReader(rc, 16<<20))
	rc.Close()
	m := map[uint32]string{}
	var section string // "bfchar", "bfrange" or ""
	var args []cmapToken
	for _, t := range scanCMap(data) {
		switch t.kw {
		case "beginbfchar", "beginbfrange":
			section, args = t.kw[5:], args[:0]
			continue
		case "endbfchar":
			for i := 0; i+1 < len(args); i += 2 {
				m[codeOf(args[i].str)] = utf16BE(args[i+1].str)
			}
			section = ""
			continue
		case "endbfrange":
			for i := 0; i+2 < len(args); i += 3 {
				addRange(m, args[i].str, args[i+1].str, args[i+2])
			}
			section = ""
			continue
		}
		if section != "" && t.kw == "" {
			args = append(args, t)
		}
	}
	return m
}

// addRange adds one bfrange entry: codes lo..hi map either to consecutive
// text starting at dst or to the strings of the array dst.
func addRange(m map[uint32]string, loS, hiS string, dst cmapToken) {
	lo, hi := codeOf(loS), codeOf(hiS)
	if hi < lo || hi-lo > 0xffff {
		return
	}
	if dst.arr != nil {
		for k := 0; k < len(dst.arr) && lo+uint32(k) <= hi && len(m) < maxCodes; k++ {
			m[lo+uint32(k)] = utf16BE(dst.arr[k])
		}
		return
	}
	if len(dst.str) > maxCMapDst {
		return // each code of the range would copy it
	}
	base := []rune(utf16BE(dst.str))
	if len(base) == 0 {
		return
	}
	for k := lo; k <= hi && len(m) < maxCodes; k++ {
		r := append([]rune(nil), base...)
		r[len(r)-1] += rune(k - lo)
		m[k] = string(r)
	}
}

// maxCMapDst is the longest destination string a CMap may give a code
// (PDF 32000-1, 9.10.3: 512 bytes).
const maxCMapDst = 512

// maxCodes bounds a ToUnicode map: no font has more codes than two bytes
// address, and a corrupt range must not exhaust memory.
const maxCodes = 1 << 16

// cmapToken is a keyword, a string (hex or literal) or an array of strings.
type cmapToken struct {
	kw  string
	str string
	arr []string
}

// scanCMap splits CMap source into the tokens readToUnicode needs; numbers
// and names come out as keywords and are ignored by it.
func scanCMap(b []byte) []cmapToken {
	var out []cmapToken
	var arr []string
	inArr := false
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '<' && i+1 < len(b) && b[i+1] == '<':
			i += 2
		case c == '>':
			i++
		case c == '<':
			j := i + 1
			for j < len(b) && b[j] != '>' {
				j++
			}
			s := hexDecode(b[i+1 : j])
			i = j + 1
			if inArr {
				arr = append(arr, s)
			} else {
				out = append(out, cmapToken{str: s})
			}
		case c == '(':
			s, n := literal(b[i:])
			i += n
			if inArr {
				arr = append(arr, s)
			} else {
				out = append(out, cmapToken{str: s})
			}
		case c == '[':
			inArr, arr = true, nil
			i++
		case c == ']':
			if inArr {
				out = append(out, cmapToken{arr: append([]string{}, arr...)})
			}
			inArr = false
			i++
		case c <= ' ' || c == '{' || c == '}':
			i++
		default:
			j := i + 1
			for j < len(b) && !strings.ContainsRune(" \t\r\n\f\x00<>[](){}/%", rune(b[j])) {
				j++
			}
			if !inArr {
				out = append(out, cmapToken{kw: string(b[i:j])})
			}
			i = j
		}
	}
	return out
}

// hexDecode decodes the digits of a hex string, ignoring white space; an odd
// final digit is followed by 0 as the spec says.
func hexDecode(h []byte) string {
	var out []byte
	var hi byte
	odd := false
	for _, c := range h {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if odd {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		odd = !odd
	}
	if odd {
		out = append(out, hi<<4)
	}
	return string(out)
}

// literal reads a (literal string) at the start of b, returning its bytes
// and how much of b it used. Escapes are decoded as far as CMaps use them.
func literal(b []byte) (string, int) {
	var out []byte
	depth := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return string(out), i + 1
			}
			out = append(out, c)
		case c == '\\' && i+1 < len(b):
			i++
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			default:
				if e >= '0' && e <= '7' {
					v := 0
					for k := 0; k < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7'; k++ {
						v = v*8 + int(b[i]-'0')
						i++
					}
					i--
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		default:
			out = append(out, c)
		}
	}
	return string(out), len(b)
}

// codeOf is the big-endian integer value of a CMap source code.
func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

// utf16BE decodes a CMap destination string, UTF-16BE by the spec.
func utf16BE(s string) string {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}
