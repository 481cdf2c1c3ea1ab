// Package segment splits Chinese text into words with gse's method and
// dictionary and the domain dictionary of the report format, for indexing
// and for queries. Both index backends use it, so a query finds the same
// reports on either.
//
// The dictionaries are compiled into one sorted word list (words.txt,
// generated from gse by `go generate`) that the program embeds and reads in
// place: loading it takes milliseconds where gse's own loading took 2.5 s
// and 250 MiB, so a search from the command line does not wait for it.
package segment

import (
	"strings"
	"sync"
	"unicode"
)

// Segmenter cuts text into words. It is safe for concurrent use.
type Segmenter struct {
	dict *dictionary
}

var (
	defaultOnce sync.Once
	defaultSeg  *Segmenter
	defaultErr  error
)

// Default returns the shared segmenter over the compiled dictionary,
// found on the first call.
func Default() (*Segmenter, error) {
	defaultOnce.Do(func() {
		d, err := loadDict(compiledDict)
		if err != nil {
			defaultErr = err
			return
		}
		defaultSeg = &Segmenter{dict: d}
	})
	return defaultSeg, defaultErr
}

// CutSearch returns the words of text and, for long words, the shorter
// words inside them, as a search engine indexes them. It runs without gse's
// HMM, as Terms does; see Index.
func (s *Segmenter) CutSearch(text string) []string {
	return words(s.dict.cutSearch(text, nil))
}

// Index returns the text both backends index, lower-cased, each word once,
// separated by single spaces: CutSearch's words, and every dictionary word
// of two or more Chinese characters the text contains wherever it stands,
// whichever way the text is cut. A query term that is such a word (Whole)
// is then found by the word index alone, in exactly the reports whose
// text holds it: gse cuts 政府信息公开申请 into 政府 信息 公开 申请 (its
// inner 2-grams), so 政府信息 was found there only by the phrase of its
// characters, which read every position of every character of the term.
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
	var whole []string
	words := words(s.dict.cutSearch(text, func(w string) {
		if isWhole(w) {
			whole = append(whole, w)
		}
	}))
	seen := make(map[string]bool, len(words)+len(whole))
	var b strings.Builder
	b.Grow(len(text) * 2)
	add := func(w string) {
		if seen[w] {
			return
		}
		seen[w] = true
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	for _, w := range words {
		add(strings.ToLower(w))
	}
	for _, w := range whole {
		add(w)
	}
	return b.String()
}

// Whole reports whether Index holds term in every text that contains it:
// term is a dictionary word of two or more Chinese characters. A backend
// answers such a term from its word index alone.
func (s *Segmenter) Whole(term string) bool {
	return isWhole(term) && s.dict.findWord(term).freq > 0
}

// isWhole says whether w is two or more Chinese characters, each one a
// word index's tokenizer keeps inside a word (see isHanLetter).
func isWhole(w string) bool {
	n := 0
	for _, r := range w {
		if !isHanLetter(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// Terms returns the words of a query, lower-cased, as the backends match
// them: cut as Index cuts, without the HMM.
func (s *Segmenter) Terms(query string) []string {
	terms := words(s.dict.cut(query))
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
