package indextest

import (
	"context"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/similar"
)

// runClosest holds the index's closest other report of every entry
// (ClosestOther, from the prints kept at Put) to similar.ClosestOthers over
// the same entries, which reads the whole year; then deletes a report
// that is some entry's closest and asks again: it is no longer anyone's.
func runClosest(t *testing.T, x index.Index, entries []gongkai.Entry) {
	ctx := context.Background()
	want, err := similar.ClosestOthers(entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 2 {
		t.Fatalf("only %d entries have a closest other report: the suite tests nothing", len(want))
	}
	ask := func(e *gongkai.Entry) *similar.Neighbour { return closestOther(t, x, e) }
	sameClosest(t, "after put", x, entries)
	t.Logf("%d of %d entries have a closest other report", len(want), len(entries))
	// Delete one entry's closest: it is no one's closest after, and put
	// back, the answers are as before.
	var gone string
	for _, n := range want {
		gone = n.ID
		break
	}
	if err := x.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	for i := range entries {
		if n := ask(&entries[i]); n != nil && n.ID == gone {
			t.Errorf("%s: closest is %s, deleted", entries[i].ID, gone)
		}
	}
	if err := x.Put(ctx, *find(entries, gone)); err != nil {
		t.Fatal(err)
	}
	for i := range entries {
		e := &entries[i]
		if got, w := ask(e), want[e.ID]; (got == nil) != (w.ID == "") || (got != nil && *got != w) {
			t.Errorf("%s after putting %s back: closest %v, want %+v", e.ID, gone, got, w)
		}
	}
}

// closestOther asks the index for e's closest other report.
func closestOther(t *testing.T, x index.Index, e *gongkai.Entry) *similar.Neighbour {
	t.Helper()
	d, err := similar.New(&e.Report)
	if err != nil {
		t.Fatal(err)
	}
	n, err := x.ClosestOther(context.Background(), e.Report.Year, e.BodyID(), similar.PrintOf(d))
	if err != nil {
		t.Fatalf("%s: %v", e.ID, err)
	}
	return n
}

// sameClosest holds every entry's closest other report as the index finds
// it to similar.ClosestOthers over the entries, which reads the whole year.
func sameClosest(t *testing.T, when string, x index.Index, entries []gongkai.Entry) {
	t.Helper()
	want, err := similar.ClosestOthers(entries)
	if err != nil {
		t.Fatal(err)
	}
	for i := range entries {
		e := &entries[i]
		got, w := closestOther(t, x, e), want[e.ID]
		switch {
		case got == nil && w.ID != "":
			t.Errorf("%s: %s: no closest report, want %s (Jaccard %.3f)", when, e.ID, w.ID, w.Jaccard)
		case got != nil && *got != w:
			t.Errorf("%s: %s: closest %+v, want %+v", when, e.ID, *got, w)
		}
	}
}
