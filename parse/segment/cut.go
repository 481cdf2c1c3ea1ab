package segment

import (
	"math"
	"strings"
	"unicode"
)

// cut is gse's Cut(text, false) over the compiled dictionary, the same
// words in the same order: text lower-cased, every way of cutting it into
// dictionary words weighed by the words' frequencies (jieba's method), the
// likeliest taken, and runs of single ASCII letters and digits joined.
// TestSameCutsAsGSE holds it to gse on the corpus's narratives.
func (d *dictionary) cut(text string) []string { return d.cutEach(text, nil) }

// cutEach is cut, calling each (when not nil) with every dictionary word
// the text contains, wherever it starts — the nodes of the DAG the route
// is chosen from — longest last for each start, starts from the end.
func (d *dictionary) cutEach(text string, each func(word string)) []string {
	runes := []rune(strings.ToLower(text))
	n := len(runes)
	s := string(runes) // as gse sees it: bytes that are not UTF-8 become U+FFFD
	at := make([]int, n+1)
	for i, r := range runes {
		at[i+1] = at[i] + len(string(r))
	}
	// best[i] is the likeliest cut of runes[i:]: its log probability and
	// the last rune of its first word. gse keeps the first word ending
	// furthest on a tie; a run of characters that starts dictionary words
	// but is none (frequency 0, log -Inf) is weighed as gse weighs it.
	type choice struct {
		logp float64
		last int
	}
	best := make([]choice, n+1)
	for i := n - 1; i >= 0; i-- {
		var first lookup
		chosen := false
		within := d.byFirst[runes[i]]
		for j := i; j < n; j++ {
			l, sp := d.find(within, s[at[i]:at[j+1]])
			if j == i {
				first = l
			}
			if !l.found {
				break
			}
			within = sp
			if l.freq <= 0 {
				continue
			}
			if each != nil {
				each(s[at[i]:at[j+1]])
			}
			c := choice{math.Log(l.freq) - d.logTotal + best[j+1].logp, j}
			if !chosen || best[i].logp < c.logp || best[i].logp == c.logp && best[i].last < c.last {
				best[i], chosen = c, true
			}
		}
		if !chosen { // the character alone, as gse weighs it
			freq := 1.0
			if first.found {
				freq = first.freq
			}
			best[i] = choice{math.Log(freq) - d.logTotal + best[i+1].logp, i}
		}
	}
	var out []string
	run := -1 // start of a run of single ASCII letters and digits
	for x := 0; x < n; {
		y := best[x].last + 1
		if y-x == 1 && isASCIIAlnum(runes[x]) {
			if run < 0 {
				run = x
			}
			x = y
			continue
		}
		if run >= 0 {
			out = append(out, s[at[run]:at[x]])
			run = -1
		}
		out = append(out, s[at[x]:at[y]])
		x = y
	}
	if run >= 0 {
		out = append(out, s[at[run]:])
	}
	return out
}

func isASCIIAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// cutSearch is gse's CutSearch(text, false): cut's words, each after the
// dictionary words of two and then three characters inside it. each is
// as for cutEach.
func (d *dictionary) cutSearch(text string, each func(word string)) []string {
	words := d.cutEach(text, each)
	out := make([]string, 0, len(words)*2)
	for _, w := range words {
		runes := []rune(w)
		for _, size := range []int{2, 3} {
			for i := 0; i+size <= len(runes) && len(runes) > size; i++ {
				gram := string(runes[i : i+size])
				if d.findWord(gram).freq > 0 {
					out = append(out, gram)
				}
			}
		}
		out = append(out, w)
	}
	return out
}

// isHanLetter says whether r is a Chinese character that a word index's
// tokenizer keeps inside a word (a letter or number, not one of the Han
// script's radicals and symbols) and that has no case.
func isHanLetter(r rune) bool {
	return unicode.Is(unicode.Han, r) && (unicode.IsLetter(r) || unicode.IsNumber(r))
}
