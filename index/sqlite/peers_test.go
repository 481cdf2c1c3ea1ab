package sqlite

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/index/indextest"
)

// An index file made before the quartiles were kept gets them when it is
// next opened: the same as those kept at Put.
func TestQuartilesBackfill(t *testing.T) {
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
	e := entries[0]
	province, level := e.Region[:2], e.Level
	kept, err := x.PeerQuartiles(ctx, province, level, 2000, 2100)
	if err != nil || len(kept) == 0 {
		t.Fatalf("quartiles kept at Put: %v, %v; want some", kept, err)
	}
	if _, err := x.db.Exec(`DROP TABLE quartiles`); err != nil {
		t.Fatal(err)
	}
	x.Close()
	if x, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	got, err := x.PeerQuartiles(ctx, province, level, 2000, 2100)
	if err != nil || !maps.Equal(got, kept) {
		t.Errorf("after reopening: %v, %v; want %v", got, err, kept)
	}
}
