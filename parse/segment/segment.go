// Package segment splits Chinese text into words with gse and the domain
// dictionary of the report format, for indexing and for queries. Both index
// backends use it, so a query finds the same reports on either.
//
// Loading gse's dictionary takes over a second, so the segmenter is built
// once, on first use: parsing alone never pays for it.
package segment

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// domainDict is the domain dictionary: the report format's labels and
// notions, the policy phrases of its narratives and the kinds of body that
// publish it, one term per line with an optional frequency. gse's general
// dictionary cuts many of them apart (依申请 / 公开, 三审 / 三校), which
// would make a query for the term match its pieces anywhere.
//
//go:embed dict.txt
var domainDict string

// defaultFreq is the frequency of a domain term whose line gives none. It is
// well above gse's frequent words (公开 5094, 机关 24504), so a term beats any
// cut of it into dictionary words. On the gold set 100000, 300000 and
// 1000000 score the same and 20000 slightly lower; higher values would only
// let a term take characters from its neighbours more often.
const defaultFreq = 100000

// Segmenter cuts text into words. It is safe for concurrent use.
type Segmenter struct {
	seg gse.Segmenter
}

var (
	defaultOnce sync.Once
	defaultSeg  *Segmenter
	defaultErr  error
)

// Default returns the shared segmenter, loading gse's "zh_s" dictionary and
// the domain dictionary on the first call. It is the only place that loads
// them, so code that never segments never pays for it.
func Default() (*Segmenter, error) {
	defaultOnce.Do(func() {
		s := &Segmenter{}
		if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
			defaultErr = err
			return
		}
		if err := s.addDomain(domainDict); err != nil {
			defaultErr = err
			return
		}
		defaultSeg = s
	})
	return defaultSeg, defaultErr
}

// term is a line of the domain dictionary.
type term struct {
	text string
	freq float64
}

// parseDict reads the terms of dict, in the format of dict.txt.
func parseDict(dict string) ([]term, error) {
	var terms []term
	for n, line := range strings.Split(dict, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		t := term{text: fields[0], freq: defaultFreq}
		switch len(fields) {
		case 1:
		case 2:
			f, err := strconv.ParseFloat(fields[1], 64)
			if err != nil || f <= 0 {
				return nil, fmt.Errorf("segment: dict.txt:%d: bad frequency %q", n+1, fields[1])
			}
			t.freq = f
		default:
			return nil, fmt.Errorf("segment: dict.txt:%d: want a term and an optional frequency, got %q", n+1, line)
		}
		terms = append(terms, t)
	}
	return terms, nil
}

// addDomain adds the terms of dict (in the format of dict.txt) to the
// segmenter, raising the frequency of those gse already knows less often,
// then recomputes the dictionary's derived values once.
func (s *Segmenter) addDomain(dict string) error {
	terms, err := parseDict(dict)
	if err != nil {
		return err
	}
	for _, t := range terms {
		old, _, _ := s.seg.Find(t.text)
		switch {
		case old >= t.freq:
			// gse already ranks the term at least as high.
		case old > 0:
			err = s.seg.ReAddToken(t.text, t.freq)
		default:
			err = s.seg.AddToken(t.text, t.freq)
		}
		if err != nil {
			return fmt.Errorf("segment: adding %q: %w", t.text, err)
		}
	}
	if err := s.addPrefixRunes(); err != nil {
		return err
	}
	s.seg.CalcToken()
	return nil
}

// addPrefixRunes gives frequency 1 to every character that starts a word of
// the dictionary without being one itself, such as the digits that start
// 12345热线 or 3D. gse's Cut looks such a character up, finds it with
// frequency 0, and its log, -Inf, then ties every cut of the text before
// it: gse falls back to longest match there (全年共主动公开…312条 became
// 共主 / 动 / 公开). Frequency 1 is what gse counts for a character it does
// not know at all.
func (s *Segmenter) addPrefixRunes() error {
	seen := make(map[string]bool)
	for i := range s.seg.Dict.Tokens {
		r, _ := utf8.DecodeRuneInString(s.seg.Dict.Tokens[i].Text())
		first := string(r)
		if seen[first] {
			continue
		}
		seen[first] = true
		if freq, _, ok := s.seg.Find(first); ok && freq <= 0 {
			if err := s.seg.AddToken(first, 1); err != nil {
				return fmt.Errorf("segment: adding %q: %w", first, err)
			}
		}
	}
	return nil
}

// Cut returns the words of text, without spaces and punctuation.
func (s *Segmenter) Cut(text string) []string {
	return words(s.seg.Cut(text, true))
}

// CutSearch returns the words of text and, for long words, the shorter
// words inside them, as a search engine indexes them. It runs without gse's
// HMM, as Terms does; see Index.
func (s *Segmenter) CutSearch(text string) []string {
	return words(s.seg.CutSearch(text, false))
}

// Index returns the text both backends index: CutSearch's words joined by
// single spaces, lower-cased.
//
// Index and Terms cut without gse's HMM, which joins runs of characters
// the dictionaries do not know into new words. Those joins depend on the
// neighbouring text, so a query and a report cut the same characters
// differently more often with it than without: on 2,000 random 2–6
// character substrings of 242 reports' narratives, looking up a query's
// words finds 38.8 % of the reports that contain it with the HMM and 39.2 %
// without (the rest are found by nothing: substrings that cross word
// boundaries). Without it CutSearch takes a tenth to a third less time.
func (s *Segmenter) Index(text string) string {
	return strings.ToLower(strings.Join(s.CutSearch(text), " "))
}

// Terms returns the words of a query, lower-cased, as the backends match
// them: cut as Index cuts, without the HMM.
func (s *Segmenter) Terms(query string) []string {
	terms := words(s.seg.Cut(query, false))
	for i, t := range terms {
		terms[i] = strings.ToLower(t)
	}
	return terms
}

// words drops tokens that hold no letter or digit.
func words(tokens []string) []string {
	out := tokens[:0]
	for _, t := range tokens {
		if strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, strings.TrimSpace(t))
		}
	}
	return out
}
