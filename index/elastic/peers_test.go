package elastic

import (
	"context"
	"maps"
	"testing"
)

// Reports indexed before the quartiles were kept get them when the index
// is next opened: the same as those kept at Put.
func TestQuartilesBackfill(t *testing.T) {
	ctx := context.Background()
	x, url, entries := putFresh(t)
	e := entries[0]
	province, level := e.Region[:2], e.Level
	kept, err := x.PeerQuartiles(ctx, province, level, 2000, 2100)
	if err != nil || len(kept) == 0 {
		t.Fatalf("quartiles kept at Put: %v, %v; want some", kept, err)
	}
	x = reopenWithout(t, url, x, x.quartilesIndex())
	got, err := x.PeerQuartiles(ctx, province, level, 2000, 2100)
	if err != nil || !maps.Equal(got, kept) {
		t.Errorf("after reopening: %v, %v; want %v", got, err, kept)
	}
}
