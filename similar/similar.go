// Package similar measures how much of a report's narrative repeats another
// report's: the same body's report of the year before (a report copied from
// last year's, which transparency evaluations mark down) and the closest
// report of another body in the same year.
//
// A report's narrative is its sections' text, cut into sentences at 。！？；
// and line ends. Each sentence is cut into words by gse (parse/segment) and
// made into shingles of three consecutive words. Before cutting, digits are
// dropped (a copied sentence whose year and figures were updated is still a
// copy) and so is a leading enumeration such as （一） or 一、. What every
// report repeats because the template says so is left out: the section
// titles, headings (a numbered line without a full stop: （四）政府信息公开
// 平台建设) and sentences of fewer than MinRunes letters. A sentence of this year's report repeats
// the other report when at least SentenceShare of its shingles occur there;
// the share of sentences that repeat is the report's Ratio.
//
// Comparing two reports is exact. Finding the closest other body's report
// among all of a year's uses MinHash signatures and LSH banding (lsh.go), so
// it grows with the number of reports, not with its square.
package similar

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/segment"
)

// MinRunes is the fewest letters (Chinese characters, Latin letters) a
// sentence must hold to count: headings such as （一）法定主动公开方面 (8)
// or （二）下一步努力方向 (7) repeat the template in every report; the
// shortest sentence of substance in the corpus, 本机关无其他需要报告的事项,
// has 13.
const MinRunes = 10

// ShingleWords is the number of consecutive words in a shingle. Three words
// make a shingle specific to a phrase (坚持/以/人民) while a one-word edit
// changes only three shingles of a sentence.
const ShingleWords = 3

// SentenceShare is the share of a sentence's shingles that must occur in the
// other report for the sentence to count as repeated: a sentence with one
// phrase changed still repeats, one that merely shares the template's
// vocabulary does not.
const SentenceShare = 0.5

// Sentence is one counted sentence of a report's narrative.
type Sentence struct {
	Section  string   `json:"section"` // 一 … 六
	Text     string   `json:"text"`    // as printed
	shingles []uint64 // distinct, in order of first occurrence
}

// Doc is a report's narrative made ready for comparison.
type Doc struct {
	Sentences []Sentence
	set       map[uint64][]int32 // shingle → the sentences holding it
}

// New cuts a report's narrative into counted sentences and their shingles,
// with the shared segmenter.
func New(r *gongkai.Report) (*Doc, error) {
	seg, err := segment.Default()
	if err != nil {
		return nil, fmt.Errorf("similar: loading the segmenter: %w", err)
	}
	return NewWith(seg, r), nil
}

// NewWith is New with a given segmenter.
func NewWith(seg *segment.Segmenter, r *gongkai.Report) *Doc {
	d := &Doc{set: map[uint64][]int32{}}
	for _, sec := range r.Sections {
		for _, text := range Split(sec.Text) {
			norm, numbered := normalise(text)
			if letters(norm) < MinRunes || (numbered && !closed(text)) {
				continue
			}
			sh := shingles(seg.Terms(norm))
			if len(sh) == 0 {
				continue
			}
			i := int32(len(d.Sentences))
			d.Sentences = append(d.Sentences, Sentence{Section: sec.No, Text: text, shingles: sh})
			for _, h := range sh {
				if list := d.set[h]; len(list) == 0 || list[len(list)-1] != i {
					d.set[h] = append(list, i)
				}
			}
		}
	}
	return d
}

// Split cuts text into sentences at 。！？；, their half-width forms and line
// ends, each kept with its closing mark and trimmed of spaces.
func Split(text string) []string {
	var out []string
	start := 0
	flush := func(end int) {
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i, r := range text {
		switch r {
		case '。', '！', '？', '；', '!', '?', ';':
			flush(i + len(string(r)))
		case '\n', '\r':
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// normalise drops digits and a leading enumeration — （一） (一) 一、 1. 1、 —
// and says whether there was one.
func normalise(s string) (string, bool) {
	s = strings.TrimSpace(s)
	numbered := false
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if rest, ok := strings.CutPrefix(s, p[0]); ok {
			if end := strings.Index(rest, p[1]); end >= 0 && end <= 9 {
				s, numbered = rest[end+len(p[1]):], true
			}
			break
		}
	}
	runes := []rune(s)
	n := 0
	for n < len(runes) && n < 3 && (strings.ContainsRune("一二三四五六七八九十", runes[n]) || unicode.IsDigit(runes[n])) {
		n++
	}
	if n > 0 && n < len(runes) && strings.ContainsRune("、.．", runes[n]) {
		s, numbered = string(runes[n+1:]), true
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return -1
		}
		return r
	}, s), numbered
}

// closed reports whether a sentence ends with a full stop or its kin: a
// numbered line without one is a heading (（四）政府信息公开平台建设).
func closed(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？；!?;", r)
}

// letters counts a text's letters: Chinese characters and Latin letters.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// shingles hashes each run of ShingleWords consecutive words, or all the
// words of a shorter sentence, keeping each hash once.
func shingles(words []string) []uint64 {
	if len(words) == 0 {
		return nil
	}
	n := max(len(words)-ShingleWords+1, 1)
	seen := make(map[uint64]bool, n)
	out := make([]uint64, 0, n)
	for i := range n {
		h := fnv.New64a()
		for _, w := range words[i:min(i+ShingleWords, len(words))] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		v := h.Sum64()
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Shingles returns the number of distinct shingles of the narrative.
func (d *Doc) Shingles() int { return len(d.set) }

// Pair is a sentence of one report that repeats the other's, beside the
// other's sentence that shares the most shingles with it.
type Pair struct {
	Section      string  `json:"section"`
	Text         string  `json:"text"`
	OtherSection string  `json:"other_section"`
	Other        string  `json:"other"`
	Share        float64 `json:"share"` // of the sentence's shingles found in the other report
}

// Comparison says how much of one report's narrative repeats another's.
type Comparison struct {
	Sentences int     `json:"sentences"` // counted sentences of the report
	Repeated  int     `json:"repeated"`  // of them, those that repeat the other report
	Ratio     float64 `json:"ratio"`     // Repeated / Sentences; 0 for a report with none
	Pairs     []Pair  `json:"pairs"`     // the repeated sentences, in the report's order
}

// Percent is the ratio in whole percent, as the finding prints it.
func (c Comparison) Percent() int { return int(c.Ratio*100 + 0.5) }

// Compare measures how much of d repeats other.
func Compare(d, other *Doc) Comparison {
	c := Comparison{Sentences: len(d.Sentences)}
	for _, s := range d.Sentences {
		found := 0
		shared := map[int32]int{}
		for _, h := range s.shingles {
			if in := other.set[h]; len(in) > 0 {
				found++
				for _, i := range in {
					shared[i]++
				}
			}
		}
		share := float64(found) / float64(len(s.shingles))
		if share < SentenceShare {
			continue
		}
		best, most := int32(0), -1
		for i, n := range shared {
			if n > most || (n == most && i < best) {
				best, most = i, n
			}
		}
		o := other.Sentences[best]
		c.Repeated++
		c.Pairs = append(c.Pairs, Pair{Section: s.Section, Text: s.Text, OtherSection: o.Section, Other: o.Text, Share: share})
	}
	if c.Sentences > 0 {
		c.Ratio = float64(c.Repeated) / float64(c.Sentences)
	}
	return c
}

// Jaccard is the exact Jaccard similarity of two narratives' shingle sets:
// what a MinHash signature estimates. Two empty narratives give 0.
func Jaccard(a, b *Doc) float64 {
	if len(a.set) > len(b.set) {
		a, b = b, a
	}
	both := 0
	for h := range a.set {
		if _, ok := b.set[h]; ok {
			both++
		}
	}
	union := len(a.set) + len(b.set) - both
	if union == 0 {
		return 0
	}
	return float64(both) / float64(union)
}
