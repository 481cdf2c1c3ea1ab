package indextest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// runFindings holds an index's stored findings to index.AllFindings over the
// same entries — after puts, a delete that leaves a body a missing year and
// breaks its cross-year checks, and a revision — and its reviews to
// surviving all of that.
func runFindings(t *testing.T, x index.Index, entries []gongkai.Entry) {
	ctx := context.Background()
	same(t, "after put", x, entries)

	// A review of a cross-year finding of the first body.
	var cross gongkai.Finding
	for _, f := range allFindings(t, entries) {
		if f.Kind == gongkai.FindingCrossYear && f.Office == Bodies[0].Office {
			cross = f
			break
		}
	}
	if cross.Kind == "" {
		t.Fatal("the entries show no cross-year finding for the first body: the suite tests nothing")
	}
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	review := gongkai.Review{Key: cross.Key(), Status: gongkai.ReviewDismissed, Note: "已核实：上年报告更正", By: "审计甲", At: at}
	if err := x.Review(ctx, review); err != nil {
		t.Fatal(err)
	}
	if err := x.Review(ctx, gongkai.Review{Key: cross.Key(), Status: "unknown", By: "x"}); err == nil {
		t.Error("a review with an unknown status was stored")
	}
	reviewed := func(when string, status string, want int) {
		t.Helper()
		res, err := x.Findings(ctx, index.FindingQuery{Key: cross.Key(), Status: status, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != want || len(res.Findings) != want {
			t.Fatalf("%s: status=%q key %s: %d findings, want %d", when, status, cross.Key(), res.Total, want)
		}
		for _, f := range res.Findings {
			if status == gongkai.ReviewDismissed && (f.Review == nil || f.Review.By != "审计甲" || f.Review.Note != review.Note || !f.Review.At.Equal(at)) {
				t.Errorf("%s: review %+v, want %+v", when, f.Review, review)
			}
		}
	}
	n := countKey(t, entries, cross.Key())
	reviewed("reviewed", gongkai.ReviewDismissed, n)
	reviewed("reviewed", index.StatusOpen, 0)

	// Open findings of a region and year: everything there but the dismissed one.
	region := index.FindingQuery{Filter: index.Filter{Region: "6505", YearFrom: cross.Year, YearTo: cross.Year}, Status: index.StatusOpen, Limit: 1000}
	res, err := x.Findings(ctx, region)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, f := range allFindings(t, entries) {
		if strings.HasPrefix(f.Region, "6505") && f.Year == cross.Year && f.Key() != cross.Key() {
			want++
		}
	}
	if res.All != want {
		t.Errorf("open findings in 6505 for %d: %d, want %d", cross.Year, res.All, want)
	}

	// Deleting the report before the reviewed one's year leaves the body a
	// missing year and takes the cross-year finding away; putting it back
	// restores it, and the review with it.
	var prev gongkai.Entry
	for _, e := range entries {
		if e.Report.Office == cross.Office && e.Report.Year == cross.Year-1 {
			prev = e
		}
	}
	var rest []gongkai.Entry
	for _, e := range entries {
		if e.ID != prev.ID {
			rest = append(rest, e)
		}
	}
	if err := x.Delete(ctx, prev.ID); err != nil {
		t.Fatal(err)
	}
	same(t, "after delete", x, rest)
	reviewed("after delete", "", countKey(t, rest, cross.Key()))
	if err := x.Put(ctx, prev); err != nil {
		t.Fatal(err)
	}
	same(t, "after putting back", x, entries)
	reviewed("after reindexing", gongkai.ReviewDismissed, n)

	// A revised report.
	revised := slices.Clone(entries)
	revised[1].Versions = 3
	if err := x.Put(ctx, revised[1]); err != nil {
		t.Fatal(err)
	}
	same(t, "after a revision", x, revised)
	if err := x.Put(ctx, entries[1]); err != nil {
		t.Fatal(err)
	}

	// Sorted by a column and paged.
	all := allFindings(t, entries)
	var wantGot []string
	for _, f := range all {
		if f.Got != nil {
			wantGot = append(wantGot, fmt.Sprint(*f.Got))
		}
	}
	slices.SortFunc(wantGot, func(a, b string) int { return compareNumbers(b, a) })
	page, err := x.Findings(ctx, index.FindingQuery{Sort: "got", Desc: true, Limit: 10, Offset: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range page.Findings {
		if f.Got == nil || fmt.Sprint(*f.Got) != wantGot[5+i] {
			t.Errorf("sorted by got desc, finding %d: got %v, want %s", 5+i, f.Got, wantGot[5+i])
		}
	}

	if err := x.Review(ctx, gongkai.Review{Key: cross.Key()}); err != nil {
		t.Fatal(err)
	}
	reviewed("review removed", index.StatusUnreviewed, n)
}

func compareNumbers(a, b string) int {
	var x, y float64
	fmt.Sscan(a, &x)
	fmt.Sscan(b, &y)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func countKey(t *testing.T, entries []gongkai.Entry, key string) int {
	n := 0
	for _, f := range allFindings(t, entries) {
		if f.Key() == key {
			n++
		}
	}
	return n
}

// same checks the index's findings against allFindings(t, entries): every
// one with its values, in order, and the counts by kind.
func same(t *testing.T, when string, x index.Index, entries []gongkai.Entry) {
	t.Helper()
	ctx := context.Background()
	line := func(f gongkai.Finding) string {
		return fmt.Sprintf("%s %s %s %s %v %v %s", f.Key(), f.ID, f.Region, f.Level, num(f.Want), num(f.Got), f.Detail)
	}
	var want, got []string
	kinds := map[string]int{}
	for _, f := range allFindings(t, entries) {
		want = append(want, line(f))
		kinds[f.Kind]++
	}
	err := x.EachFinding(ctx, index.FindingQuery{}, func(f index.ReviewedFinding) error {
		if f.Key != f.Finding.Key() {
			t.Errorf("%s: key %q, want %q", when, f.Key, f.Finding.Key())
		}
		got = append(got, line(f.Finding))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Findings with the same key and entry may come in either order.
	if !equal(sortedCopy(got), sortedCopy(want)) {
		missing, extra := minus(sortedCopy(want), sortedCopy(got)), minus(sortedCopy(got), sortedCopy(want))
		t.Fatalf("%s: %d findings, want %d (%d missing, e.g. %q; %d extra, e.g. %q)", when, len(got), len(want),
			len(missing), missing[:min(3, len(missing))], len(extra), extra[:min(3, len(extra))])
	}
	for i := range got {
		if strings.Fields(got[i])[0] != strings.Fields(want[i])[0] {
			t.Fatalf("%s: finding %d is %s, want %s (order of office, year, kind, check)", when, i, got[i], want[i])
		}
	}
	res, err := x.Findings(ctx, index.FindingQuery{Kind: gongkai.FindingCrossYear, Limit: 7})
	if err != nil {
		t.Fatal(err)
	}
	if !sameCounts(countMap(res.Kinds), kinds) || res.All != len(want) || res.Total != kinds[gongkai.FindingCrossYear] {
		t.Errorf("%s: kinds %v (all %d, cross-year %d), want %v (all %d)", when, res.Kinds, res.All, res.Total, kinds, len(want))
	}
	if len(res.Findings) != min(7, kinds[gongkai.FindingCrossYear]) {
		t.Errorf("%s: a page of %d cross-year findings, want %d", when, len(res.Findings), min(7, kinds[gongkai.FindingCrossYear]))
	}
}

func num(v *float64) string {
	if v == nil {
		return "空"
	}
	return fmt.Sprint(*v)
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// runSummaries holds an index's summaries to the entries: a region's
// reports of a year and one body's years, every field and the facts asked
// for.
func runSummaries(t *testing.T, x index.Index, entries []gongkai.Entry) {
	ctx := context.Background()
	keys := []string{"applications.new_received.total", "applications.total.total", "active.regulations.in_force", "no.such.key"}
	for _, q := range []index.SummaryQuery{
		{Region: "6505", YearFrom: 2021, YearTo: 2021, Keys: keys},
		{Office: Bodies[2].Office, Keys: keys},
		{Region: "32", Keys: keys[:1], Limit: 3},
		{Region: "32", Keys: keys[:1], Limit: 3, Offset: 2}, // a page: from the third
	} {
		var want []*gongkai.Entry
		for i := range entries {
			e := &entries[i]
			if strings.HasPrefix(e.Region, q.Region) && (q.Office == "" || e.Report.Office == q.Office) &&
				(q.YearFrom == 0 || e.Report.Year >= q.YearFrom) && (q.YearTo == 0 || e.Report.Year <= q.YearTo) {
				want = append(want, e)
			}
		}
		slices.SortFunc(want, func(a, b *gongkai.Entry) int {
			return strings.Compare(fmt.Sprintf("%s\x00%04d\x00%s", a.Report.Office, a.Report.Year, a.ID), fmt.Sprintf("%s\x00%04d\x00%s", b.Report.Office, b.Report.Year, b.ID))
		})
		want = want[min(q.Offset, len(want)):]
		if q.Limit > 0 {
			want = want[:min(q.Limit, len(want))]
		}
		got, err := x.Summaries(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || len(want) == 0 {
			t.Fatalf("%+v: %d summaries, want %d (≥ 1)", q, len(got), len(want))
		}
		for i, s := range got {
			e := want[i]
			failed := len(slices.Compact(slices.Sorted(slices.Values(index.FailedChecks(&e.Report)))))
			if s.ID != e.ID || s.Office != e.Report.Office || s.Region != e.Region || s.Level != e.Level || s.Year != e.Report.Year ||
				s.Template != e.Report.Template || s.Published != gongkai.PublicationDate(&e.Report) || s.Failed != failed || s.Facts != len(e.Report.Facts) {
				t.Errorf("%+v: summary %d %+v, want %s %s %d %s published %q, %d failed, %d facts", q, i, s, e.ID, e.Report.Office, e.Report.Year,
					e.Report.Template, gongkai.PublicationDate(&e.Report), failed, len(e.Report.Facts))
			}
			for _, k := range q.Keys {
				var w *float64
				if f := e.Report.Fact(k); f != nil {
					w = f.Value
				}
				if num(w) != num(s.Values[k]) {
					t.Errorf("%s %s: %s, want %s", e.ID, k, num(s.Values[k]), num(w))
				}
			}
		}
	}
}

// allFindings is what the index's findings are held to, every kind.
func allFindings(t *testing.T, entries []gongkai.Entry) []gongkai.Finding {
	t.Helper()
	out, err := index.AllFindings(entries)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// runPeerQuartiles holds an index's quartiles of the rates by peer group
// to those of the rates it keeps (index.QuartilesByPeers of PeerRates),
// for every province and level the entries hold, and after a report is
// deleted and put back.
func runPeerQuartiles(t *testing.T, x index.Index, entries []gongkai.Entry) {
	ctx := context.Background()
	check := func(when string) {
		shown := 0
		groups := map[[2]string]bool{}
		for _, e := range entries {
			if len(e.Region) >= 2 && e.Level != "" {
				groups[[2]string{e.Region[:2], e.Level}] = true
				groups[[2]string{e.Region[:2], ""}] = true // every level
			}
		}
		for g := range groups {
			got, err := x.PeerQuartiles(ctx, g[0], g[1], 2000, 2100)
			if err != nil {
				t.Fatal(err)
			}
			reports, err := x.PeerRates(ctx, g[0], 2000, 2100)
			if err != nil {
				t.Fatal(err)
			}
			// A region's rates are its province's within it.
			asked := map[string]bool{}
			for _, r := range reports {
				if len(r.Region) <= 2 || g[1] != "" || asked[r.Region] {
					continue
				}
				asked[r.Region] = true
				got, err := x.PeerRates(ctx, r.Region, 2000, 2100)
				if err != nil {
					t.Fatal(err)
				}
				inside := slices.DeleteFunc(slices.Clone(reports), func(o index.RateReport) bool { return !strings.HasPrefix(o.Region, r.Region) })
				if len(got) != len(inside) {
					t.Errorf("%s: rates of region %s: %d reports, want the %d of its province's within it", when, r.Region, len(got), len(inside))
				}
			}
			want := index.QuartilesByPeers(reports)
			maps.DeleteFunc(want, func(k gongkai.PeerKey, _ gongkai.Quartiles) bool { return g[1] != "" && k.Level != g[1] })
			if !maps.Equal(got, want) {
				t.Errorf("%s: quartiles of %s at level %s: %v, want %v", when, g[0], g[1], got, want)
			}
			for _, q := range got {
				shown += q.N
			}
		}
		if shown == 0 {
			t.Errorf("%s: no peer group has a body with a rate: the test shows nothing", when)
		}
	}
	check("put")
	var e *gongkai.Entry
	for i := range entries {
		if len(gongkai.RateValues(&entries[i])) > 0 && entries[i].Level != "" {
			e = &entries[i]
			break
		}
	}
	if e == nil {
		t.Fatal("no entry with a rate")
	}
	if err := x.Delete(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	check("after a delete")
	if err := x.Put(ctx, *e); err != nil {
		t.Fatal(err)
	}
	check("put back")

	// A body of another city of e's province: in the province's rates,
	// not in those of e's region.
	if len(e.Region) < 4 {
		t.Fatalf("entry %s: region %q names no city", e.ID, e.Region)
	}
	other := *e
	other.Report.Office += "（他市）"
	other.Region = e.Region[:2] + map[bool]string{true: "98", false: "99"}[e.Region[2:4] == "99"] + e.Region[4:]
	other.ID = gongkai.EntryID(other.Report.Office, other.Report.Year, other.Report.Source)
	if err := x.Put(ctx, other); err != nil {
		t.Fatal(err)
	}
	check("another city's body")
	has := func(region, id string) bool {
		reports, err := x.PeerRates(ctx, region, e.Report.Year, e.Report.Year)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(reports, func(r index.RateReport) bool { return r.ID == id })
	}
	if !has(e.Region[:2], other.ID) || has(e.Region, other.ID) || !has(e.Region, e.ID) {
		t.Errorf("rates of region %s hold another city's report, or its province's leave it out", e.Region)
	}
	if err := x.Delete(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
}
