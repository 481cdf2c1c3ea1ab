package indextest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/index"
)

// findingPageSize is small so that pages end inside runs of findings
// that tie in the sorted column: a cursor holding only that column's
// value skips or repeats the rest of the run.
const findingPageSize = 4

// runFindingPages holds every way to a page of findings — by offset,
// after a cursor, before a cursor from the last page — to the one order
// of EachFinding, for every sort either way, with and without filters;
// and the counts to the same exact figures on every page.
func runFindingPages(t *testing.T, x index.Index) {
	ctx := context.Background()
	all, err := x.Findings(ctx, index.FindingQuery{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total < 3*findingPageSize {
		t.Fatalf("%d findings: too few to page", all.Total)
	}
	kind := all.Kinds[0].Value // the commonest
	tiesCrossed := false
	for _, base := range []index.FindingQuery{{}, {Kind: kind}, {Filter: index.Filter{Region: "65"}, Status: index.StatusOpen}} {
		for _, sort := range append([]string{""}, index.FindingSorts...) {
			for _, desc := range []bool{false, true} {
				q := base
				q.Sort, q.Desc, q.Limit = sort, desc, findingPageSize
				name := fmt.Sprintf("kind=%q region=%q sort=%q desc=%v", q.Kind, q.Region, sort, desc)
				var want []string
				var sorted []string // the sorted column's value of each
				err := x.EachFinding(ctx, q, func(f index.ReviewedFinding) error {
					want = append(want, findingLine(f))
					sorted = append(sorted, sortedValue(f, sort))
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				for i := findingPageSize; i < len(sorted); i += findingPageSize {
					tiesCrossed = tiesCrossed || sort != "" && sorted[i-1] == sorted[i]
				}
				pageWalks(t, x, q, name, want)
			}
		}
	}
	if !tiesCrossed {
		t.Error("no page ended inside a run of ties in its sorted column: the walks test no cursor's tie-break")
	}

	// A cursor of another order, or no cursor at all, is the client's error.
	first, err := x.Findings(ctx, index.FindingQuery{Sort: "year", Limit: findingPageSize})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []index.FindingQuery{
		{Sort: "year", Desc: true, After: first.Next},
		{Sort: "kind", Before: first.Next},
		{After: "bm90IGEgY3Vyc29y"},
		{Sort: "year", After: first.Next + "x"},
	} {
		if _, err := x.Findings(ctx, q); !errors.Is(err, index.ErrBadCursor) {
			t.Errorf("sort=%q desc=%v after=%q before=%q: %v, want ErrBadCursor", q.Sort, q.Desc, q.After, q.Before, err)
		}
	}
	if _, err := x.Findings(ctx, index.FindingQuery{Offset: 4, After: first.Next}); err == nil {
		t.Error("offset and after together: no error")
	}
}

// pageWalks walks q's findings a page at a time by offset, forward by
// cursor and backward by cursor from the last page, and holds each walk
// to want and each page's counts to the first's.
func pageWalks(t *testing.T, x index.Index, q index.FindingQuery, name string, want []string) {
	t.Helper()
	ctx := context.Background()
	get := func(q index.FindingQuery) *index.FindingResults {
		t.Helper()
		res, err := x.Findings(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Total != len(want) {
			t.Fatalf("%s: total %d, want %d", name, res.Total, len(want))
		}
		if len(res.Findings) > findingPageSize {
			t.Fatalf("%s: a page of %d", name, len(res.Findings))
		}
		return res
	}
	lines := func(res *index.FindingResults) []string {
		var out []string
		for _, f := range res.Findings {
			out = append(out, findingLine(f))
		}
		return out
	}
	first := get(q)
	kinds := fmt.Sprint(first.All, first.Kinds)

	var offsetPages [][]string
	for off := 0; off == 0 || off < len(want); off += findingPageSize {
		p := q
		p.Offset = off
		res := get(p)
		if (res.Prev != "") != (off > 0) || (res.Next != "") != (off+findingPageSize < len(want)) {
			t.Errorf("%s: offset %d: prev %t next %t", name, off, res.Prev != "", res.Next != "")
		}
		offsetPages = append(offsetPages, lines(res))
	}
	if got := slices.Concat(offsetPages...); !slices.Equal(got, want) {
		t.Fatalf("%s: pages by offset hold %d findings, not the %d of the whole list in order", name, len(got), len(want))
	}

	var forward [][]string
	for p, n := q, 0; ; n++ {
		res := get(p)
		if got := fmt.Sprint(res.All, res.Kinds); got != kinds {
			t.Errorf("%s: counts after a cursor %s, want %s", name, got, kinds)
		}
		if (res.Prev != "") != (n > 0) {
			t.Errorf("%s: page %d by cursor: prev %t", name, n+1, res.Prev != "")
		}
		forward = append(forward, lines(res))
		if res.Next == "" || n > len(want) {
			break
		}
		p.After = res.Next
	}
	if i := firstDiffering(forward, offsetPages); i >= 0 {
		t.Errorf("%s: pages after cursors differ from pages by offset at page %d of %d", name, i+1, len(offsetPages))
	}

	var backward [][]string
	for p, n := (index.FindingQuery{}), 0; ; n++ {
		if n == 0 {
			p = q
			p.Last = true
		}
		res := get(p)
		if (res.Next != "") != (n > 0) {
			t.Errorf("%s: page %d from the end: next %t", name, n+1, res.Next != "")
		}
		backward = append(backward, lines(res))
		if res.Prev == "" || n > len(want) {
			break
		}
		p = q
		p.Before = res.Prev
	}
	slices.Reverse(backward)
	if i := firstDiffering(backward, offsetPages); i >= 0 {
		t.Errorf("%s: pages before cursors from the last differ from pages by offset at page %d of %d (%d walked)", name, i+1, len(offsetPages), len(backward))
	}
}

// firstDiffering is the index of the first page that differs, -1 for none.
func firstDiffering(got, want [][]string) int {
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) || !slices.Equal(got[i], want[i]) {
			return i
		}
	}
	return -1
}

// findingLine is what tells two findings apart on a page.
func findingLine(f index.ReviewedFinding) string {
	return strings.Join([]string{f.Key, f.ID, f.Detail}, " | ")
}

// sortedValue is a finding's value in the column sort.
func sortedValue(f index.ReviewedFinding, sort string) string {
	num := func(v *float64) string {
		if v == nil {
			return "blank"
		}
		return fmt.Sprint(*v)
	}
	switch sort {
	case "kind":
		return f.Kind
	case "office":
		return f.Office
	case "year":
		return fmt.Sprint(f.Year)
	case "check":
		return f.Check
	case "want":
		return num(f.Want)
	case "got":
		return num(f.Got)
	case "detail":
		return f.Detail
	case "status":
		if f.Review == nil {
			return ""
		}
		return f.Review.Status
	}
	return ""
}

// runSearchPages holds search pages after and before cursors to the whole
// list in order, and a cursor to being the same on every backend.
func runSearchPages(t *testing.T, x index.Index, all []string) {
	ctx := context.Background()
	const size = 7
	var forward []string
	for q, n := (index.Query{Limit: size}), 0; n <= len(all); n++ {
		res, err := x.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != len(all) {
			t.Fatalf("after a cursor: total %d, want %d", res.Total, len(all))
		}
		if (res.Prev != "") != (n > 0) {
			t.Errorf("page %d by cursor: prev %t", n+1, res.Prev != "")
		}
		for _, h := range res.Hits {
			forward = append(forward, h.ID)
		}
		if res.Next == "" {
			break
		}
		q.After = res.Next
	}
	if !slices.Equal(forward, all) {
		t.Errorf("search pages after cursors:\n%v\nwant\n%v", forward, all)
	}
	// From the last hit back to the first.
	last, err := x.Search(ctx, index.Query{Offset: len(all) - 1, Limit: 1})
	if err != nil || len(last.Hits) != 1 {
		t.Fatalf("the last hit: %v", err)
	}
	backward := []string{last.Hits[0].ID}
	for q, n := (index.Query{Limit: size, Before: index.SearchCursor(&last.Hits[0])}), 0; n <= len(all); n++ {
		res, err := x.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Next == "" {
			t.Errorf("page %d back from the last: no next", n+1)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		backward = append(ids, backward...)
		if res.Prev == "" {
			break
		}
		q.Before = res.Prev
	}
	if !slices.Equal(backward, all) {
		t.Errorf("search pages before cursors:\n%v\nwant\n%v", backward, all)
	}
	if _, err := x.Search(ctx, index.Query{After: "e30"}); !errors.Is(err, index.ErrBadCursor) {
		t.Errorf("a search after a bad cursor: %v, want ErrBadCursor", err)
	}
}
