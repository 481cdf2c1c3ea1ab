package elastic

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// The rates index follows the reports: a deleted report's rates go with
// it, and reports indexed before the rates were kept apart get them when
// the index is next opened, the same as those kept at Put.
func TestRatesIndex(t *testing.T) {
	ctx := context.Background()
	x, url, entries := putFresh(t)
	e := entries[0]
	ids := func() []string {
		reports, err := x.PeerRates(ctx, e.Region[:2], 2000, 2100)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range reports {
			out = append(out, r.ID)
		}
		return out
	}
	kept := ids()
	if !slices.Contains(kept, e.ID) {
		t.Fatalf("rates of %s after Put: %v, want %s among them", e.Region[:2], kept, e.ID)
	}
	if err := x.Delete(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if got := ids(); slices.Contains(got, e.ID) || len(got) != len(kept)-1 {
		t.Errorf("rates of %s after deleting %s: %v, want the %d others", e.Region[:2], e.ID, got, len(kept)-1)
	}

	if err := x.Put(ctx, e); err != nil {
		t.Fatal(err)
	}
	want, err := x.PeerRates(ctx, e.Region[:2], 2000, 2100)
	if err != nil {
		t.Fatal(err)
	}
	x = reopenWithout(t, url, x, x.ratesIndex())
	got, err := x.PeerRates(ctx, e.Region[:2], 2000, 2100)
	if err != nil {
		t.Fatal(err)
	}
	same := slices.EqualFunc(got, want, func(a, b index.RateReport) bool {
		return a.ID == b.ID && a.Region == b.Region && a.Facts == b.Facts && fmt.Sprint(a.Rates) == fmt.Sprint(b.Rates)
	})
	if !same || len(got) == 0 {
		t.Errorf("after reopening without the rates index: %v, want %v", got, want)
	}
}

// putFresh puts 30 test entries into a fresh index.
func putFresh(t *testing.T) (x *Index, url string, entries []gongkai.Entry) {
	t.Helper()
	url = esURL(t)
	entries = indextest.Entries(t, 30, "")
	x, err := Open(context.Background(), url, fmt.Sprintf("gongkai-test-%d", time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(context.Background(), entries...); err != nil {
		t.Fatal(err)
	}
	return x, url, entries
}

// reopenWithout deletes the index named gone, as an index made before it
// was kept lacks it, and opens x again.
func reopenWithout(t *testing.T, url string, x *Index, gone string) *Index {
	t.Helper()
	ctx := context.Background()
	if err := x.do(ctx, esapi.IndicesDeleteRequest{Index: []string{gone}}, nil); err != nil {
		t.Fatal(err)
	}
	x, err := Open(ctx, url, x.name)
	if err != nil {
		t.Fatal(err)
	}
	return x
}
