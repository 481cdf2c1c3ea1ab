// Package indextest is the conformance suite every index backend passes:
// the same reports put into each, the same queries, answers checked against
// a brute-force scan of the reports themselves.
package indextest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/internal/corpus"
	"github.com/gongkai/gongkai/parse"
)

// Bodies are the synthetic publishing bodies, each with its region code and
// level; the first two share the prefix 6505 (哈密市).
var Bodies = []struct{ Office, Region, Level string }{
	{"哈密市伊州区东河街道办事处", "650502", "street"},
	{"哈密市伊州区人民政府", "650502", "county"},
	{"淮安市洪泽区人民政府", "320813", "county"},
	{"淮安市洪泽区教育局", "320813", "department"},
	{"杭州市西湖区城南街道办事处", "330106", "street"},
	{"成都市武侯区青山镇人民政府", "510107", "township"},
}

// Entries parses n synthetic reports (and the real corpus's HTML and text
// documents when corpusDir is not "") into entries: body i%len(Bodies), years
// 2019 onwards, so every body has reports for several years.
func Entries(t testing.TB, n int, corpusDir string) []gongkai.Entry {
	t.Helper()
	var out []gongkai.Entry
	for i, v := range fixtures.Variants(n) {
		rep, err := parse.Bytes(v.Name+v.Ext, v.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		b := Bodies[i%len(Bodies)]
		rep.Office = b.Office
		rep.Year = 2019 + (i/len(Bodies))%7
		out = append(out, gongkai.Entry{
			ID:     gongkai.EntryID(rep.Office, rep.Year, rep.Source),
			Report: *rep, Region: b.Region, Level: b.Level,
			URL:    "https://example.gov.cn/" + v.Name + v.Ext,
			SHA256: fmt.Sprintf("%064x", i),
		})
	}
	if corpusDir != "" {
		for _, name := range []string{"shanghai-office-2019.html", "yizhou-donghe-2025.txt"} {
			rep, err := parse.File(filepath.Join(corpusDir, name))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, gongkai.Entry{ID: gongkai.EntryID(rep.Office, rep.Year, rep.Source), Report: *rep})
		}
	}
	return out
}

// CorpusDir is the real-report corpus (internal/corpus), "" when absent.
func CorpusDir(t testing.TB) string {
	dir, _ := corpus.Dir(t)
	return dir
}

// Run puts entries into a fresh index from open and holds its answers to
// brute force over the same entries.
func Run(t *testing.T, entries []gongkai.Entry, open func(t *testing.T) index.Index) {
	ctx := context.Background()
	x := open(t)
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	// Idempotent: putting everything again changes nothing.
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	all := everything(t, x, index.Query{})
	if len(all) != len(entries) {
		t.Fatalf("index holds %d reports after putting %d twice", len(all), len(entries))
	}

	t.Run("get many", func(t *testing.T) { runGetMany(t, x, all) })
	t.Run("tables", func(t *testing.T) { runTables(t, x, entries) })
	t.Run("hits", func(t *testing.T) { runHits(t, x, entries) })

	t.Run("text", func(t *testing.T) {
		queries := []string{"政策解读", "依申请公开", "三审三校", "行政复议", "政府信息公开 工作", `"主动公开"`, "一网通办", "不存在的词语组合",
			"政府信息 依申请"} // 政府信息 is one word in a query, not in 政府信息公开申请
		queries = append(queries, substrings(entries, 12)...)
		for _, q := range queries {
			want := brute(entries, func(e *gongkai.Entry) bool {
				n := strings.ToLower(index.Narrative(&e.Report))
				for _, term := range index.QueryTerms(q) {
					if !strings.Contains(n, term) {
						return false
					}
				}
				return true
			})
			got := everything(t, x, index.Query{Text: q})
			if !equal(got, want) {
				missing, extra := minus(want, got), minus(got, want)
				t.Errorf("%q: %d hits, want %d (%d missing, e.g. %v; %d extra, e.g. %v)",
					q, len(got), len(want), len(missing), missing[:min(3, len(missing))], len(extra), extra[:min(3, len(extra))])
			}
		}
	})

	t.Run("snippets", func(t *testing.T) {
		res, err := x.Search(ctx, index.Query{Text: "政府信息公开", Limit: 5})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("hits %v, err %v", res, err)
		}
		for _, h := range res.Hits {
			if len(h.Snippets) == 0 {
				t.Errorf("%s: no snippet", h.ID)
			}
			e := find(entries, h.ID)
			for _, s := range h.Snippets {
				if !strings.Contains(index.Narrative(&e.Report), s.Text) {
					t.Errorf("%s: snippet %q is not original text", h.ID, s.Text)
				}
				if len(s.Marks) == 0 || !strings.Contains(s.Mark("[", "]"), "[政府信息公开]") {
					t.Errorf("%s: snippet %q marks %v", h.ID, s.Text, s.Marks)
				}
			}
		}
	})

	t.Run("filters", func(t *testing.T) {
		failedAny := func(e *gongkai.Entry) bool { return len(index.FailedChecks(&e.Report)) > 0 }
		someCheck := ""
		for i := range entries {
			if f := index.FailedChecks(&entries[i].Report); len(f) > 0 {
				someCheck = f[0]
				break
			}
		}
		tests := []struct {
			name string
			f    index.Filter
			keep func(*gongkai.Entry) bool
		}{
			{"region prefix", index.Filter{Region: "6505"}, func(e *gongkai.Entry) bool { return strings.HasPrefix(e.Region, "6505") }},
			{"region exact", index.Filter{Region: "320813"}, func(e *gongkai.Entry) bool { return e.Region == "320813" }},
			{"years", index.Filter{YearFrom: 2021, YearTo: 2023}, func(e *gongkai.Entry) bool { return e.Report.Year >= 2021 && e.Report.Year <= 2023 }},
			{"level", index.Filter{Level: "street"}, func(e *gongkai.Entry) bool { return e.Level == "street" }},
			{"office part", index.Filter{Office: "洪泽区"}, func(e *gongkai.Entry) bool { return strings.Contains(e.Report.Office, "洪泽区") }},
			{"template", index.Filter{Template: "2019"}, func(e *gongkai.Entry) bool { return e.Report.Template == "2019" }},
			{"failed checks", index.Filter{FailedChecks: true}, failedAny},
			{"one check", index.Filter{Check: someCheck}, func(e *gongkai.Entry) bool {
				for _, c := range index.FailedChecks(&e.Report) {
					if c == someCheck {
						return true
					}
				}
				return false
			}},
			{"region and failed", index.Filter{Region: "6505", FailedChecks: true}, func(e *gongkai.Entry) bool {
				return strings.HasPrefix(e.Region, "6505") && failedAny(e)
			}},
		}
		for _, tt := range tests {
			want := brute(entries, tt.keep)
			if len(want) == 0 {
				t.Errorf("%s: the data has no such report; the test proves nothing", tt.name)
			}
			if got := everything(t, x, index.Query{Filter: tt.f}); !equal(got, want) {
				t.Errorf("%s: %d hits, want %d", tt.name, len(got), len(want))
			}
		}
	})

	t.Run("facets", func(t *testing.T) {
		res, err := x.Search(ctx, index.Query{Filter: index.Filter{Region: "6505"}})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		checks := map[string]int{}
		for i := range entries {
			e := &entries[i]
			if strings.HasPrefix(e.Region, "6505") {
				want[fmt.Sprint(e.Report.Year)]++
				for _, c := range index.FailedChecks(&e.Report) {
					checks[c]++
				}
			}
		}
		if got := countMap(res.Facets.Year); !sameCounts(got, want) {
			t.Errorf("year facet %v, want %v", got, want)
		}
		if got := countMap(res.Facets.Check); !sameCounts(got, checks) {
			t.Errorf("check facet %v, want %v", got, checks)
		}
		if got := countMap(res.Facets.Region); got["650502"] != res.Total {
			t.Errorf("region facet %v, want 650502: %d", got, res.Total)
		}
	})

	t.Run("paging", func(t *testing.T) {
		var paged []string
		for off := 0; ; off += 7 {
			res, err := x.Search(ctx, index.Query{Offset: off, Limit: 7})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				paged = append(paged, h.ID)
			}
			if len(res.Hits) < 7 {
				break
			}
		}
		if strings.Join(paged, ",") != strings.Join(all, ",") {
			t.Errorf("pages of 7 do not add up to the whole list in order")
		}
	})

	t.Run("hostile queries", func(t *testing.T) {
		// Query syntax of either backend (FTS5, SQL, Lucene, wildcards) in the
		// text must be plain words. SQLite matches a term exactly; the
		// Elasticsearch phrase match skips punctuation inside a term
		// (standard analyser), so there a term may match as if its
		// punctuation were absent, but never as an operator: "政府 -信息"
		// finds reports with 政府 and 信息, not those without 信息.
		for _, q := range []string{"7730.28", `"`, `a" OR "b`, "NEAR(政府 信息)", "'; DROP TABLE reports; --", "*",
			"政府 -信息", "{\"query\":1}", "\\", `" OR 1=1`, "政府 OR 信息", "政府|信息", "(政府)", "政府~2", "公开*",
			"信息^3", "words:政府", "narrative:政府", "政府 AND NOT 信息", "+政府 +信息", `"主动公开" 行政复议`} {
			strict := brute(entries, func(e *gongkai.Entry) bool { return containsAll(e, index.QueryTerms(q)) })
			loose := brute(entries, func(e *gongkai.Entry) bool { return containsAll(e, withoutPunctuation(index.QueryTerms(q))) })
			got := everything(t, x, index.Query{Text: q})
			if !equal(got, strict) && !equal(got, loose) {
				t.Errorf("text %q: %d hits, want %d (exact) or %d (punctuation skipped)", q, len(got), len(strict), len(loose))
			}
		}
		// Every filter field takes its value as a literal: SQL quotes, LIKE
		// and wildcard characters, Lucene operators and JSON match nothing
		// (no body's name, code or check holds them), and a wildcard never
		// widens a filter to everything.
		injections := []string{`6505' OR 1=1 --`, `6505" OR "1"="1`, `*`, `?`, `%`, `_`, `6505%`, `6505*`, `"`, `'`, `\`,
			`) OR (1=1`, `street' OR '1'='1`, `{"match_all":{}}`, "6505\x00", `.*`, `[a-z]`, `街道*`, `*街道*`, `洪泽区%`}
		for _, v := range injections {
			for _, f := range []index.Filter{{Region: v}, {Office: v}, {Level: v}, {Template: v}, {Check: v}} {
				if got := everything(t, x, index.Query{Filter: f}); len(got) != 0 {
					t.Errorf("filter %+v: %d hits, want none", f, len(got))
				}
			}
			for _, q := range []index.CompareQuery{{Keys: []string{"applications.new_received.total"}, Office: v}, {Keys: []string{v}, Region: v}} {
				cmp, err := x.Compare(ctx, q)
				if err != nil || len(cmp.Rows) != 0 {
					t.Errorf("compare %+v: %v rows, %v; want none", q, cmp, err)
				}
			}
		}
		// An injected key only finds no value; the rows stay those the
		// office names.
		cmp, err := x.Compare(ctx, index.CompareQuery{Keys: []string{"x' OR '1'='1", "*"}, Office: Bodies[0].Office})
		if err != nil || len(cmp.Rows) == 0 {
			t.Fatalf("compare with injected keys: %v %v", cmp, err)
		}
		for _, r := range cmp.Rows {
			if r.Office != Bodies[0].Office || r.Values[0] != nil || r.Values[1] != nil {
				t.Errorf("compare with injected keys: row %+v", r)
			}
		}
		// Legitimate values with quotes still work as literals where the data
		// holds them: an office part right before or after a quote character
		// is not "escaped away".
		part := []rune(Bodies[2].Office)
		if got, want := everything(t, x, index.Query{Filter: index.Filter{Office: string(part[2:5])}}), brute(entries, func(e *gongkai.Entry) bool {
			return strings.Contains(e.Report.Office, string(part[2:5]))
		}); !equal(got, want) || len(want) == 0 {
			t.Errorf("office %q: %d hits, want %d", string(part[2:5]), len(got), len(want))
		}
		if got := everything(t, x, index.Query{}); len(got) != len(entries) {
			t.Errorf("after hostile queries the index holds %d reports, want %d", len(got), len(entries))
		}
	})

	t.Run("compare", func(t *testing.T) {
		keys := []string{"applications.new_received.total", "review_litigation.review.total", "active.fees.amount"}
		for _, q := range []index.CompareQuery{
			{Keys: keys, Office: Bodies[0].Office, YearFrom: 2019, YearTo: 2025},
			{Keys: keys, Region: "6505", YearFrom: 2021, YearTo: 2021},
		} {
			cmp, err := x.Compare(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			want := brute(entries, func(e *gongkai.Entry) bool {
				return (q.Office == "" || e.Report.Office == q.Office) && strings.HasPrefix(e.Region, q.Region) &&
					e.Report.Year >= q.YearFrom && e.Report.Year <= q.YearTo
			})
			if len(cmp.Rows) != len(want) || len(want) < 2 {
				t.Fatalf("%+v: %d rows, want %d (≥ 2)", q, len(cmp.Rows), len(want))
			}
			totals := make([]float64, len(keys))
			for i, row := range cmp.Rows {
				if i > 0 && (row.Office < cmp.Rows[i-1].Office || (row.Office == cmp.Rows[i-1].Office && row.Year < cmp.Rows[i-1].Year)) {
					t.Errorf("rows not in office, year order at %d", i)
				}
				e := find(entries, row.ID)
				for k, key := range keys {
					f := e.Report.Fact(key)
					var wantV *float64
					if f != nil {
						wantV = f.Value
					}
					if (wantV == nil) != (row.Values[k] == nil) || (wantV != nil && *wantV != *row.Values[k]) {
						t.Errorf("%s %d %s = %v, want %v", row.Office, row.Year, key, row.Values[k], wantV)
					}
					if wantV != nil {
						totals[k] += *wantV
					}
				}
			}
			for k := range keys {
				if math.Abs(cmp.Totals[k]-totals[k]) > 1e-6 {
					t.Errorf("total of %s = %v, want %v", keys[k], cmp.Totals[k], totals[k])
				}
			}
		}
	})

	// A comparison paged: the pages, one after another, are the whole
	// comparison's rows in order, and every page carries the count and the
	// totals of every row, not of its own rows.
	t.Run("compare paged", func(t *testing.T) {
		keys := []string{"applications.new_received.total", "review_litigation.review.total", "active.fees.amount"}
		for _, q := range []index.CompareQuery{
			{Keys: keys, Region: "65"},
			{Keys: keys, Office: Bodies[0].Office},
		} {
			whole, err := x.Compare(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if whole.Total != len(whole.Rows) || len(whole.Rows) < 3 {
				t.Fatalf("%+v: total %d, %d rows; want the count of the rows (≥ 3)", q, whole.Total, len(whole.Rows))
			}
			var paged []index.CompareRow
			for q.Offset, q.Limit = 0, 2; q.Offset < whole.Total+2; q.Offset += q.Limit {
				page, err := x.Compare(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if page.Total != whole.Total || page.Offset != q.Offset || !reflect.DeepEqual(page.Totals, whole.Totals) {
					t.Errorf("%+v: total %d, offset %d, totals %v; want %d, %d, %v (every row's)", q, page.Total, page.Offset, page.Totals, whole.Total, q.Offset, whole.Totals)
				}
				if want := min(max(whole.Total-q.Offset, 0), q.Limit); len(page.Rows) != want {
					t.Errorf("%+v: %d rows, want %d", q, len(page.Rows), want)
				}
				paged = append(paged, page.Rows...)
			}
			if !reflect.DeepEqual(paged, whole.Rows) {
				t.Errorf("%+v: the pages' rows differ from the whole comparison's", q)
			}
			sums := index.Totals(keys, whole.Rows)
			for k := range keys {
				if math.Abs(sums[k]-whole.Totals[k]) > 1e-6 {
					t.Errorf("%+v: total of %s = %v, the rows add up to %v", q, keys[k], whole.Totals[k], sums[k])
				}
			}
		}
	})

	// The body an entry is filed under, with its alias table, comes back
	// whole: pages and exports read a renamed body's names from it.
	t.Run("body", func(t *testing.T) {
		e := entries[1]
		e.Body = gongkai.Body{ID: "hz-health", Name: "洪泽区卫生健康委员会",
			Aliases: []gongkai.Alias{{Name: e.Report.Office, Until: 2018, Note: "2019年机构改革合并"}}}
		if err := x.Put(ctx, e); err != nil {
			t.Fatal(err)
		}
		got, err := x.Get(ctx, e.ID)
		if err != nil || !reflect.DeepEqual(got.Body, e.Body) || got.BodyID() != "hz-health" {
			t.Errorf("body after get: %+v, %v; want %+v", got.Body, err, e.Body)
		}
		if err := x.Put(ctx, entries[1]); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("findings", func(t *testing.T) { runFindings(t, x, entries) })
	t.Run("finding pages", func(t *testing.T) { runFindingPages(t, x) })
	t.Run("search pages", func(t *testing.T) { runSearchPages(t, x, all) })
	t.Run("findings across reports", func(t *testing.T) { runAcrossReports(t, open(t)) })
	t.Run("summaries", func(t *testing.T) { runSummaries(t, x, entries) })
	t.Run("peer quartiles", func(t *testing.T) { runPeerQuartiles(t, x, entries) })
	t.Run("closest other report", func(t *testing.T) { runClosest(t, x, entries) })

	t.Run("get and delete", func(t *testing.T) {
		e := entries[0]
		got, err := x.Get(ctx, e.ID)
		if err != nil || got.Report.Office != e.Report.Office || len(got.Report.Facts) != len(e.Report.Facts) {
			t.Fatalf("get: %v, %v", got, err)
		}
		sums, err := x.Indexed(ctx)
		if err != nil || len(sums) != len(entries) || sums[e.ID] != e.SHA256 {
			t.Fatalf("indexed: %d ids, hash %q, err %v", len(sums), sums[e.ID], err)
		}
		if err := x.Delete(ctx, e.ID, "no-such-id"); err != nil {
			t.Fatal(err)
		}
		if _, err := x.Get(ctx, e.ID); !errors.Is(err, index.ErrNotFound) {
			t.Errorf("get after delete: %v, want ErrNotFound", err)
		}
		if got := everything(t, x, index.Query{}); len(got) != len(entries)-1 {
			t.Errorf("%d reports after deleting one of %d", len(got), len(entries))
		}
		if err := x.Put(ctx, e); err != nil {
			t.Fatal(err)
		}
	})
	if err := x.Close(); err != nil {
		t.Error(err)
	}
}

// containsAll says whether the report's narrative contains every term,
// ignoring case: what a text search means.
func containsAll(e *gongkai.Entry, terms []string) bool {
	n := strings.ToLower(index.Narrative(&e.Report))
	for _, term := range terms {
		if !strings.Contains(n, term) {
			return false
		}
	}
	return true
}

// withoutPunctuation drops from each term what is not a letter, digit or
// space, and the terms left empty.
func withoutPunctuation(terms []string) []string {
	var out []string
	for _, t := range terms {
		t = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) {
				return r
			}
			return -1
		}, t)
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// substrings picks n runs of 2 to 6 Chinese characters from the entries'
// narratives, deterministically: most cross the words segmentation cuts,
// which a search must find all the same.
func substrings(entries []gongkai.Entry, n int) []string {
	var out []string
	for i := 0; len(out) < n && i < 50*n; i++ {
		text := []rune(index.Narrative(&entries[(i*7919)%len(entries)].Report))
		if len(text) < 10 {
			continue
		}
		start, size := (i*104729)%(len(text)-6), 2+i%5
		run := text[start : start+size]
		han := true
		for _, r := range run {
			han = han && unicode.Is(unicode.Han, r)
		}
		if han {
			out = append(out, string(run))
		}
	}
	return out
}

func everything(t *testing.T, x index.Index, q index.Query) []string {
	t.Helper()
	q.Limit = 100000
	res, err := x.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	if res.Total != len(res.Hits) {
		t.Errorf("search %+v: total %d but %d hits", q, res.Total, len(res.Hits))
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids
}

func brute(entries []gongkai.Entry, keep func(*gongkai.Entry) bool) []string {
	var ids []string
	for i := range entries {
		if keep(&entries[i]) {
			ids = append(ids, entries[i].ID)
		}
	}
	return ids
}

func find(entries []gongkai.Entry, id string) *gongkai.Entry {
	for i := range entries {
		if entries[i].ID == id {
			return &entries[i]
		}
	}
	return nil
}

func equal(a, b []string) bool {
	x, y := append([]string{}, a...), append([]string{}, b...)
	sort.Strings(x)
	sort.Strings(y)
	return strings.Join(x, ",") == strings.Join(y, ",")
}

func minus(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	return out
}

func countMap(c []index.Count) map[string]int {
	m := map[string]int{}
	for _, x := range c {
		m[x.Value] = x.Count
	}
	return m
}

func sameCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
