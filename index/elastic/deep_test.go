package elastic

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// Pages of findings past Elasticsearch's window of 10,000 are the same as
// on SQLite: the slice of the whole sorted list at the offset asked, with
// the total and the counts by kind of the whole query. 12,345 findings are
// stored straight into the findings index of a real node; each page is
// held to the list EachFinding reads with search_after.
func TestFindingsPastWindow(t *testing.T) {
	url := esURL(t)
	ctx := context.Background()
	x, err := Open(ctx, url, fmt.Sprintf("gongkai-test-%d", time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	const n = 12345
	found := make([]bodyFinding, n)
	for i := range found {
		kind := gongkai.FindingCheck
		if i%10 == 9 {
			kind = gongkai.FindingLate
		}
		var got *float64
		if i%7 != 0 { // some blank: sorted last
			v := float64(i % 500)
			got = &v
		}
		found[i] = bodyFinding{fmt.Sprintf("b%d", i%300), gongkai.Finding{Kind: kind, Office: fmt.Sprintf("机关%03d", i%300),
			Region: "650100", Level: "county", Year: 2010 + i%15, ID: fmt.Sprintf("r%05d", i), Check: fmt.Sprintf("c%d", i%4), Got: got}}
	}
	if err := x.storeFindings(ctx, found); err != nil {
		t.Fatal(err)
	}
	if err := x.do(ctx, esapi.IndicesRefreshRequest{Index: []string{x.findingsIndex()}}, nil); err != nil {
		t.Fatal(err)
	}
	late := n / 10
	for _, c := range []struct {
		name  string
		q     index.FindingQuery
		total int
	}{
		{"first page", index.FindingQuery{Offset: 0, Limit: 100}, n},
		{"across the window", index.FindingQuery{Offset: 9950, Limit: 100}, n},
		{"at the window", index.FindingQuery{Offset: 10000, Limit: 50}, n},
		{"two windows on", index.FindingQuery{Offset: 12300, Limit: 1000}, n},
		{"past the end", index.FindingQuery{Offset: 20000, Limit: 100}, n},
		{"sorted by value, blanks last", index.FindingQuery{Sort: "got", Desc: true, Offset: 10480, Limit: 100}, n},
		{"one kind, deep", index.FindingQuery{Kind: gongkai.FindingCheck, Offset: 10900, Limit: 200}, n - late},
		{"one kind, past its end", index.FindingQuery{Kind: gongkai.FindingLate, Offset: 10100, Limit: 10}, late},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := x.Findings(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			var all []index.ReviewedFinding
			whole := c.q
			whole.Offset, whole.Limit = 0, 0
			if err := x.EachFinding(ctx, whole, func(f index.ReviewedFinding) error { all = append(all, f); return nil }); err != nil {
				t.Fatal(err)
			}
			if res.Total != c.total || len(all) != c.total || res.All != n {
				t.Fatalf("total %d, all %d, listed %d; want %d, %d, %d", res.Total, res.All, len(all), c.total, n, c.total)
			}
			want := all[min(c.q.Offset, len(all)):min(c.q.Offset+c.q.Limit, len(all))]
			if len(res.Findings) != len(want) {
				t.Fatalf("%d findings on the page, want %d", len(res.Findings), len(want))
			}
			for i := range want {
				if res.Findings[i].ID != want[i].ID || res.Findings[i].Key != want[i].Key {
					t.Fatalf("finding %d of the page: %s %s, want %s %s", c.q.Offset+i, res.Findings[i].ID, res.Findings[i].Key, want[i].ID, want[i].Key)
				}
			}
			kinds := map[string]int{}
			for _, k := range res.Kinds {
				kinds[k.Value] = k.Count
			}
			if kinds[gongkai.FindingLate] != late || kinds[gongkai.FindingCheck] != n-late {
				t.Errorf("kinds %v, want %d late and %d check", res.Kinds, late, n-late)
			}
		})
	}

	// Past the window by cursor: the last page, the page before it, and
	// the page after one across the window, each one search_after.
	for _, q := range []index.FindingQuery{{Limit: 100}, {Sort: "got", Desc: true, Limit: 100}} {
		var all []index.ReviewedFinding
		if err := x.EachFinding(ctx, q, func(f index.ReviewedFinding) error { all = append(all, f); return nil }); err != nil {
			t.Fatal(err)
		}
		page := func(p index.FindingQuery, from int) *index.FindingResults {
			t.Helper()
			res, err := x.Findings(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			want := all[from:min(from+p.Limit, len(all))]
			if res.Total != n || len(res.Findings) != len(want) {
				t.Fatalf("sort %q from %d: total %d, %d findings; want %d, %d", p.Sort, from, res.Total, len(res.Findings), n, len(want))
			}
			for i := range want {
				if res.Findings[i].ID != want[i].ID || res.Findings[i].Key != want[i].Key {
					t.Fatalf("sort %q from %d: finding %d is %s, want %s", p.Sort, from, i, res.Findings[i].ID, want[i].ID)
				}
			}
			return res
		}
		last := q
		last.Last = true
		lastFrom := n - index.LastPageSize(n, q.Limit)
		res := page(last, lastFrom)
		before := q
		before.Before = res.Prev
		page(before, lastFrom-q.Limit)
		across := q
		across.Offset = 9950
		res = page(across, 9950)
		after := q
		after.After = res.Next
		page(after, 10050)
	}
}
