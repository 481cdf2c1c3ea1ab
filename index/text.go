package index

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/segment"
)

// Narrative is the text of a report that searches match: its title and
// sections, original characters only.
func Narrative(r *gongkai.Report) string {
	var b strings.Builder
	b.WriteString(r.Title)
	for _, s := range r.Sections {
		b.WriteString("\n")
		b.WriteString(s.Title)
		b.WriteString("\n")
		b.WriteString(s.Text)
	}
	return b.String()
}

// QueryTerms splits a query into the terms a report must each contain:
// words between spaces, or phrases in double quotes. Latin letters are
// lower-cased; matching ignores their case. Chinese matches anywhere, but a
// run of Latin letters or digits only as a whole word or number: 0 does not
// find 2024. Control characters separate
// words like spaces do: report text holds none, and a NUL would end the
// string SQLite's FTS5 parser reads (an "unterminated string" error found by
// fuzzing) while Elasticsearch would keep it.
func QueryTerms(text string) []string {
	var terms []string
	sep := func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }
	for i, part := range strings.Split(text, `"`) {
		if i%2 == 1 { // inside quotes
			p := strings.TrimSpace(strings.Map(func(r rune) rune {
				if sep(r) && !unicode.IsSpace(r) {
					return ' '
				}
				return r
			}, part))
			if p != "" {
				terms = append(terms, strings.ToLower(p))
			}
			continue
		}
		for _, w := range strings.FieldsFunc(part, sep) {
			terms = append(terms, strings.ToLower(w))
		}
	}
	return terms
}

// Chars returns text lower-cased with a space around every Chinese
// character, so that a tokenizer splitting on spaces and punctuation makes
// each character a token: a phrase of them then matches any run of
// characters, where word segmentation might have cut across it.
func Chars(text string) string {
	var b strings.Builder
	b.Grow(len(text) * 2)
	for _, r := range strings.ToLower(text) {
		if unicode.Is(unicode.Han, r) {
			b.WriteByte(' ')
			b.WriteRune(r)
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TermTokens returns, for each term, the segmented words a backend looks up
// in its word index before checking the term against the original text.
func TermTokens(seg *segment.Segmenter, terms []string) [][]string {
	out := make([][]string, len(terms))
	for i, t := range terms {
		out[i] = seg.Terms(t)
	}
	return out
}

// Snippets returns up to limit passages of the report's sections around the
// terms, with every occurrence inside a passage marked.
func Snippets(sections []gongkai.Section, terms []string, limit int) []Snippet {
	const before, after = 30, 60
	var out []Snippet
	for _, s := range sections {
		if len(out) >= limit {
			break
		}
		text := []rune(s.Text)
		lower := []rune(strings.ToLower(s.Text))
		if len(lower) != len(text) {
			lower = text // lower-casing changed the length: match as printed
		}
		first := -1
		for _, t := range terms {
			if at := runeIndex(lower, []rune(t), 0); at >= 0 && (first < 0 || at < first) {
				first = at
			}
		}
		if first < 0 {
			continue
		}
		start, end := max(first-before, 0), min(len(text), first+after)
		var marks [][2]int
		for _, t := range terms {
			tr := []rune(t)
			for at := runeIndex(lower[:end], tr, start); at >= 0; at = runeIndex(lower[:end], tr, at+len(tr)) {
				marks = append(marks, [2]int{at - start, at - start + len(tr)})
			}
		}
		sort.Slice(marks, func(i, j int) bool { return marks[i][0] < marks[j][0] })
		out = append(out, Snippet{Section: s.No, Text: string(text[start:end]), Marks: merge(marks)})
	}
	return out
}

func runeIndex(s, sub []rune, from int) int {
	if len(sub) == 0 {
		return -1
	}
	for i := from; i+len(sub) <= len(s); i++ {
		match := true
		for j := range sub {
			if s[i+j] != sub[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// merge joins overlapping marks.
func merge(marks [][2]int) [][2]int {
	var out [][2]int
	for _, m := range marks {
		if n := len(out); n > 0 && m[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], m[1])
			continue
		}
		out = append(out, m)
	}
	return out
}

// Mark renders a snippet with its marks between open and close, for a
// terminal ("\x1b[1m", "\x1b[0m") or for plain text ("【", "】").
func (s Snippet) Mark(open, close string) string {
	var b strings.Builder
	runes := []rune(s.Text)
	pos := 0
	for _, m := range s.Marks {
		if m[0] < pos || m[1] > len(runes) {
			continue
		}
		b.WriteString(string(runes[pos:m[0]]))
		b.WriteString(open)
		b.WriteString(string(runes[m[0]:m[1]]))
		b.WriteString(close)
		pos = m[1]
	}
	b.WriteString(string(runes[pos:]))
	return b.String()
}

// FailedChecks lists the ids of a report's failed checks.
func FailedChecks(r *gongkai.Report) []string {
	out := []string{}
	for _, c := range r.Checks {
		if c.Status == gongkai.Fail {
			out = append(out, c.ID)
		}
	}
	return out
}

// SortCounts orders facet counts by count, then value, so both backends list
// them alike.
func SortCounts(c []Count) []Count {
	sort.Slice(c, func(i, j int) bool {
		if c[i].Count != c[j].Count {
			return c[i].Count > c[j].Count
		}
		return c[i].Value < c[j].Value
	})
	return c
}

// Totals sums each key's values over the rows, blanks left out.
func Totals(keys []string, rows []CompareRow) []float64 {
	totals := make([]float64, len(keys))
	for _, r := range rows {
		for i, v := range r.Values {
			if v != nil {
				totals[i] += *v
			}
		}
	}
	return totals
}

// SortRows orders comparison rows by office, year and ID, the order both
// backends return.
func SortRows(rows []CompareRow) {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Office != b.Office {
			return a.Office < b.Office
		}
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		return a.ID < b.ID
	})
}

// ParseYears reads "2024" or "2019-2025" into an inclusive range; "" is the
// open range 0, 0.
func ParseYears(s string) (from, to int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, isRange := strings.Cut(s, "-")
	if from, err = strconv.Atoi(strings.TrimSpace(a)); err != nil {
		return 0, 0, fmt.Errorf("year %q: want YYYY or YYYY-YYYY", s)
	}
	to = from
	if isRange {
		if to, err = strconv.Atoi(strings.TrimSpace(b)); err != nil || to < from {
			return 0, 0, fmt.Errorf("years %q: want YYYY-YYYY with the first not after the second", s)
		}
	}
	return from, to, nil
}
