package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// An index file made before findings were kept gets them, and the
// standing of its reports, when it is next opened.
func TestFindingsBackfill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index.db")
	entries := indextest.Entries(t, 30, "")
	x, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	if _, err := x.db.Exec(`DROP TABLE findings; DROP TABLE standing`); err != nil {
		t.Fatal(err)
	}
	x.Close()
	if x, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	res, err := x.Findings(ctx, index.FindingQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(gongkai.Findings(entries)); res.All != want || want == 0 {
		t.Errorf("after reopening: %d findings, want %d (> 0)", res.All, want)
	}
	sums, err := x.Summaries(ctx, index.SummaryQuery{Office: entries[0].Report.Office})
	if err != nil || len(sums) == 0 || sums[0].Facts == 0 {
		t.Errorf("summaries after reopening: %+v, %v", sums, err)
	}
}

// prefixEnd bounds exactly the strings that begin with its prefix.
func TestPrefixEnd(t *testing.T) {
	for _, c := range []struct{ prefix, end string }{
		{"44", "45"}, {"49", "4:"}, {"a\xff", "b"}, {"\xff\xff", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"},
	} {
		end := prefixEnd(c.prefix)
		if end != c.end {
			t.Errorf("prefixEnd(%q) = %q, want %q", c.prefix, end, c.end)
		}
		for _, s := range []string{c.prefix, c.prefix + "0101", c.prefix + "\xfe"} {
			if s >= end {
				t.Errorf("%q begins with %q, not below %q", s, c.prefix, end)
			}
		}
	}
}

// A region's findings of a year are counted from findings_place alone: the
// plan SQLite picks for the count a region page asks, with and without the
// reviews' status. Read through findings_by_year (as when the region was
// a substr), a region page at 245,000 reports read every finding of the
// year and took 0.4 s of processor time.
func TestRegionYearFindingsPlan(t *testing.T) {
	x, err := Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, status := range []string{"", index.StatusOpen} {
		q := index.FindingQuery{Status: status, Filter: index.Filter{Region: "4210", YearFrom: 2024, YearTo: 2024}}
		cond, args := findingWhere(q, false)
		rows, err := x.db.Query(`EXPLAIN QUERY PLAN SELECT f.kind, count(*) FROM findings f LEFT JOIN reviews v ON v.key = f.key`+cond+` GROUP BY f.kind`, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notUsed int
			var detail string
			if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if len(plan) == 0 || !strings.Contains(plan[0], "COVERING INDEX findings_place (year=? AND region>? AND region<?)") {
			t.Errorf("status %q: plan %q, want the covering index findings_place on year and region", status, plan)
		}
	}
}
