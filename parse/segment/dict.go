package segment

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// compiledDict is gse's "zh_s" dictionary with the domain dictionary
// (dict.txt) merged in, exactly as gse holds them once loaded: one word a
// line, "word<TAB>frequency", sorted by bytes, after a first line
// "total<TAB>sum of the frequencies". TestCompiledDict builds it from gse and
// fails when it is stale; `go generate` rewrites it.
//
// gse parses its text dictionary into a trie on every start: 2.5 s and
// 250 MiB before the first query. This file is embedded and read in place;
// loading it only finds where its lines start (a few milliseconds).
//
//go:generate go test . -run TestCompiledDict -update
//go:embed words.txt
var compiledDict string

// dictionary is the compiled dictionary, read in place.
type dictionary struct {
	text     string   // the lines after the first
	starts   []uint32 // byte offset of each line in text; a last one at len(text)
	tabs     []uint32 // byte offset of the tab ending each line's word
	byFirst  map[rune]wordSpan
	logTotal float64 // natural log of the sum of all frequencies
}

// loadDict finds the lines of a compiled dictionary, and the words that
// start with each character.
func loadDict(text string) (*dictionary, error) {
	head, rest, ok := strings.Cut(text, "\n")
	name, total, ok2 := strings.Cut(head, "\t")
	if !ok || !ok2 || name != "total" {
		return nil, errors.New("segment: compiled dictionary: no total on its first line")
	}
	sum, err := strconv.ParseFloat(total, 64)
	if err != nil || sum <= 0 {
		return nil, fmt.Errorf("segment: compiled dictionary: bad total %q", total)
	}
	lines := strings.Count(rest, "\n")
	d := &dictionary{text: rest, logTotal: math.Log(sum), starts: make([]uint32, 0, lines+1), tabs: make([]uint32, 0, lines), byFirst: map[rune]wordSpan{}}
	first, firstAt := rune(-1), 0
	for at := 0; at < len(rest); {
		tab := strings.IndexByte(rest[at:], '\t')
		end := strings.IndexByte(rest[at:], '\n')
		if tab <= 0 || end < tab {
			return nil, fmt.Errorf("segment: compiled dictionary: line %d is not word<TAB>frequency", len(d.starts)+2)
		}
		if r, _ := utf8.DecodeRuneInString(rest[at:]); r != first {
			if first >= 0 {
				d.byFirst[first] = wordSpan{firstAt, len(d.starts)}
			}
			first, firstAt = r, len(d.starts)
		}
		d.starts = append(d.starts, uint32(at))
		d.tabs = append(d.tabs, uint32(at+tab))
		at += end + 1
	}
	if first >= 0 {
		d.byFirst[first] = wordSpan{firstAt, len(d.starts)}
	}
	d.starts = append(d.starts, uint32(len(rest)))
	return d, nil
}

// word is the i-th word in byte order.
func (d *dictionary) word(i int) string { return d.text[d.starts[i]:d.tabs[i]] }

// freq is the frequency of the i-th word.
func (d *dictionary) freq(i int) float64 {
	v, _ := strconv.ParseFloat(d.text[d.tabs[i]+1:d.starts[i+1]-1], 64) // checked by TestCompiledDict
	return v
}

// wordSpan is the words [lo, hi) that start with some prefix.
type wordSpan struct{ lo, hi int }

// narrow returns the words of within that start with prefix, given that
// all of them start with prefix's own first bytes (within is the span of a
// shorter prefix of it, or of every word).
func (d *dictionary) narrow(within wordSpan, prefix string) wordSpan {
	lo, hi := within.lo, within.hi
	for lo < hi { // first word >= prefix
		mid := int(uint(lo+hi) >> 1)
		if d.word(mid) < prefix {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	first := lo
	hi = within.hi
	for lo < hi { // first word after first without the prefix
		mid := int(uint(lo+hi) >> 1)
		if strings.HasPrefix(d.word(mid), prefix) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return wordSpan{first, lo}
}

// lookup is what gse's Dictionary.Find says of a string: found when it is a
// word or the start of one; freq is the word's frequency, 0 for a start
// only.
type lookup struct {
	found bool
	freq  float64
}

// find looks s up among within, the words that start as s does (with its
// first character, or with all but its last); it returns s's own span too,
// for a longer string to narrow.
func (d *dictionary) find(within wordSpan, s string) (lookup, wordSpan) {
	sp := d.narrow(within, s)
	if sp.lo == sp.hi {
		return lookup{}, sp
	}
	if d.word(sp.lo) == s {
		return lookup{found: true, freq: d.freq(sp.lo)}, sp
	}
	return lookup{found: true}, sp
}

// findWord looks s up among all words.
func (d *dictionary) findWord(s string) lookup {
	r, _ := utf8.DecodeRuneInString(s)
	l, _ := d.find(d.byFirst[r], s)
	return l
}
