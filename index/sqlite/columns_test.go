package sqlite

import (
	"cmp"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// TestSearchSeesOtherWriters: a search answers from columns held in
// memory, so an index open in one place (gongkai serve) must see what
// another (gongkai index) puts, replaces and deletes afterwards.
func TestSearchSeesOtherWriters(t *testing.T) {
	ctx := context.Background()
	entries := indextest.Entries(t, 6, "")
	path := filepath.Join(t.TempDir(), "index.db")
	reader, writer := openAt(t, path), openAt(t, path)
	total := func() int {
		t.Helper()
		res, err := reader.Search(ctx, index.Query{})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if err := writer.Put(ctx, entries[:3]...); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 3 {
		t.Fatalf("after putting 3: %d reports", got)
	}
	if err := writer.Put(ctx, entries[3:]...); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 6 {
		t.Errorf("after putting 3 more elsewhere: %d reports, want 6", got)
	}
	// Replacing the newest report with another year moves it in the order
	// and the year facet.
	moved := entries[5]
	moved.Report.Year = 2009
	if err := writer.Put(ctx, moved); err != nil {
		t.Fatal(err)
	}
	res, err := reader.Search(ctx, index.Query{Filter: index.Filter{YearFrom: 2009, YearTo: 2009}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ID != moved.ID || res.Facets.Year[0].Value != "2009" {
		t.Errorf("after moving %s to 2009 elsewhere: %+v", moved.ID, res)
	}
	if err := writer.Delete(ctx, entries[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 5 {
		t.Errorf("after deleting one elsewhere: %d reports, want 5", got)
	}
}

// TestCountAgrees: Count, one SQL statement, and Search, the columns in
// memory, find the same number of reports for the bench's queries and the
// suite's filters.
func TestCountAgrees(t *testing.T) {
	ctx := context.Background()
	entries := indextest.Entries(t, 60, indextest.CorpusDir(t))
	x := openAt(t, filepath.Join(t.TempDir(), "index.db"))
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	queries := append([]index.Query{}, indextest.BenchQueries...)
	for _, c := range indextest.BenchClasses {
		queries = append(queries, c.Queries...)
	}
	queries = append(queries,
		index.Query{Filter: index.Filter{Region: "6505"}}, index.Query{Filter: index.Filter{Level: "street"}},
		index.Query{Filter: index.Filter{Template: "2019"}}, index.Query{Text: "政府信息 依申请", Filter: index.Filter{YearFrom: 2021}},
		index.Query{Text: "，"}, index.Query{Text: `"主动公开"`, Filter: index.Filter{Office: "区"}})
	for _, q := range queries {
		res, err := x.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		n, err := x.Count(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if n != res.Total {
			t.Errorf("%+v: Count %d, Search %d", q, n, res.Total)
		}
	}
}

// TestSearchOrder: hits come newest year first, then by office and id,
// the order the columns are read in.
func TestSearchOrder(t *testing.T) {
	ctx := context.Background()
	entries := indextest.Entries(t, 40, "")
	x := openAt(t, filepath.Join(t.TempDir(), "index.db"))
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	res, err := x.Search(ctx, index.Query{Limit: len(entries)})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(entries)
	slices.SortFunc(want, func(a, b gongkai.Entry) int {
		return cmp.Or(b.Report.Year-a.Report.Year, strings.Compare(a.Report.Office, b.Report.Office), strings.Compare(a.ID, b.ID))
	})
	if len(res.Hits) != len(want) {
		t.Fatalf("%d hits, want %d", len(res.Hits), len(want))
	}
	for i, h := range res.Hits {
		if h.ID != want[i].ID {
			t.Fatalf("hit %d is %s (%d %s), want %s (%d %s)", i, h.ID, h.Year, h.Office, want[i].ID, want[i].Report.Year, want[i].Report.Office)
		}
	}
}

func openAt(t *testing.T, path string) *Index {
	t.Helper()
	x, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// TestPhraseAcrossPunctuation: a report that has a term's characters only
// with punctuation between them (政策，解读) does not contain the term, though
// the phrase of its characters matches it; the report that has both does.
func TestPhraseAcrossPunctuation(t *testing.T) {
	ctx := context.Background()
	entries := indextest.Entries(t, 2, "")
	for i, text := range []string{"加强政策，解读工作。", "加强政策，解读工作，做好政策解读。"} {
		entries[i].Report.Title = "年度报告"
		entries[i].Report.Sections = []gongkai.Section{{No: "一", Title: "总体情况", Text: text}}
	}
	x := openAt(t, filepath.Join(t.TempDir(), "index.db"))
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"政策解读", "策解", "政策解读 工作"} {
		res, err := x.Search(ctx, index.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		const want = 1
		if res.Total != want || res.Hits[0].ID != entries[1].ID {
			t.Errorf("%q: %d reports %+v, want only %s", q, res.Total, res.Hits, entries[1].ID)
		}
		if n, err := x.Count(ctx, index.Query{Text: q}); err != nil || n != want {
			t.Errorf("Count(%q) = %d, %v; want %d", q, n, err, want)
		}
	}
}
