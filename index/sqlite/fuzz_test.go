package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// FuzzQuery searches a real SQLite index with fuzzed query text and filter
// values. Quotes, FTS5 operators (NEAR, OR, *, ^, column:), SQL fragments and
// invalid UTF-8 must all be plain words: never an SQL or FTS5 syntax error,
// never a panic, and the hits exactly those a brute-force scan of the same
// reports finds.
func FuzzQuery(f *testing.F) {
	entries := indextest.Entries(f, 18, "")
	x, err := Open(filepath.Join(f.TempDir(), "index.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { x.Close() })
	if err := x.Put(context.Background(), entries...); err != nil {
		f.Fatal(err)
	}
	narratives := make([]string, len(entries))
	for i := range entries {
		narratives[i] = strings.ToLower(index.Narrative(&entries[i].Report))
	}
	seeds := []struct {
		text, region, office, level, template, check string
		from, to                                     int
		failed                                       bool
	}{
		{"政府信息公开", "6522", "", "", "", "", 0, 0, false},
		{`"主动公开" 行政复议`, "", "街道", "street", "2021", "", 2019, 2025, false},
		{`政府 OR 1=1`, "6522' OR 1=1 --", "*", `"`, "%", "') OR ('1'='1", 0, 0, true},
		{`NEAR(政府 公开) text:x ^a b* "`, "", "%_", "", "", "", -1, 99999, false},
		{"\x00\xff\"\"", "\\", "?", "", "", "applications.balance", 0, 0, false},
		{`"" " "`, "", "", "", "", "", 0, 0, false},
		{"0", "", "", "", "", "", 0, 0, false}, // a digit of 2024 is not a number of its own
		{"2024年", "", "", "", "", "", 0, 0, false},
	}
	for _, s := range seeds {
		f.Add(s.text, s.region, s.office, s.level, s.template, s.check, s.from, s.to, s.failed)
	}
	f.Fuzz(func(t *testing.T, text, region, office, level, template, check string, from, to int, failed bool) {
		for _, term := range index.QueryTerms(text) {
			if strings.TrimSpace(term) == "" || term != strings.ToLower(term) {
				t.Fatalf("QueryTerms(%q) gave term %q", text, term)
			}
		}
		q := index.Query{Text: text, Limit: 1000, Filter: index.Filter{
			YearFrom: from, YearTo: to, Region: region, Level: level, Office: office,
			Template: template, FailedChecks: failed, Check: check,
		}}
		res, err := x.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("search %+v: %v", q, err)
		}
		var want []string
		for i := range entries {
			if matches(&entries[i], narratives[i], q) {
				want = append(want, entries[i].ID)
			}
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(want)
		slices.Sort(got)
		if res.Total != len(want) || !slices.Equal(got, want) {
			t.Fatalf("search %+v: total %d, hits %v; brute force finds %v", q, res.Total, got, want)
		}
	})
}

// matches is the search's meaning spelled out: every term in the lower-cased
// narrative, every filter value compared as plain text.
func matches(e *gongkai.Entry, narrative string, q index.Query) bool {
	for _, term := range index.QueryTerms(q.Text) {
		if !containsTerm(narrative, term) {
			return false
		}
	}
	f := q.Filter
	failed := index.FailedChecks(&e.Report)
	switch {
	case f.YearFrom > 0 && e.Report.Year < f.YearFrom,
		f.YearTo > 0 && e.Report.Year > f.YearTo,
		!strings.HasPrefix(e.Region, f.Region),
		f.Level != "" && e.Level != f.Level,
		!strings.Contains(e.Report.Office, f.Office),
		f.Template != "" && e.Report.Template != f.Template,
		f.FailedChecks && len(failed) == 0,
		f.Check != "" && !slices.Contains(failed, f.Check):
		return false
	}
	return true
}

// containsTerm reports whether term occurs in text where a search finds it:
// anywhere for Chinese, but a run of Latin letters or digits only as a whole
// word or number — 0 is not found in 2024, nor gov in government.
func containsTerm(text, term string) bool {
	first, _ := utf8.DecodeRuneInString(term)
	last, _ := utf8.DecodeLastRuneInString(term)
	for from := 0; ; {
		i := strings.Index(text[from:], term)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(term)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !(wordRune(first) && wordRune(before)) && !(wordRune(last) && wordRune(after)) {
			return true
		}
		from = start + 1
	}
}

// wordRune is a letter or digit that is not Chinese: the tokenizers keep runs
// of them together as one word.
func wordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsNumber(r)) && !unicode.Is(unicode.Han, r)
}
