// Package segment splits Chinese text into words with gse and the domain
// dictionary of the report format, for indexing and for queries. Both index
// backends use it, so a query finds the same reports on either.
//
// Loading gse's dictionary takes over a second, so the segmenter is built
// once, on first use: parsing alone never pays for it.
package segment

import (
	"strings"
	"sync"
	"unicode"

	"github.com/go-ego/gse"
)

// Segmenter cuts text into words. It is safe for concurrent use.
type Segmenter struct {
	seg gse.Segmenter
}

var (
	defaultOnce sync.Once
	defaultSeg  *Segmenter
	defaultErr  error
)

// Default returns the shared segmenter, loading it on the first call.
func Default() (*Segmenter, error) {
	defaultOnce.Do(func() {
		s := &Segmenter{}
		if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
			defaultErr = err
			return
		}
		defaultSeg = s
	})
	return defaultSeg, defaultErr
}

// Cut returns the words of text, without spaces and punctuation.
func (s *Segmenter) Cut(text string) []string {
	return words(s.seg.Cut(text, true))
}

// CutSearch returns the words of text and, for long words, the shorter
// words inside them, as a search engine indexes them.
func (s *Segmenter) CutSearch(text string) []string {
	return words(s.seg.CutSearch(text, true))
}

// Index returns the text both backends index: CutSearch's words joined by
// single spaces, lower-cased.
func (s *Segmenter) Index(text string) string {
	return strings.ToLower(strings.Join(s.CutSearch(text), " "))
}

// Terms returns the words of a query, lower-cased, as the backends match them.
func (s *Segmenter) Terms(query string) []string {
	terms := s.Cut(query)
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
