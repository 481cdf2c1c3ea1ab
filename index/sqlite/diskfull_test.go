//go:build linux

package sqlite

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/internal/diskfull"
	"github.com/gongkai/gongkai/internal/smallfs"
)

// TestDiskFull puts batches into an index on a small tmpfs until the
// disk is full (the kernel's own ENOSPC under SQLite): the failing Put
// returns a disk-full error, the file passes SQLite's integrity check and
// holds exactly the batches put before, whole, and the same open index
// takes the rest once the space is back, as a fresh run on the file does.
func TestDiskFull(t *testing.T) {
	entries := indextest.Entries(t, 60, "")
	mnt := smallfs.Mount(t, 16<<20)
	path := filepath.Join(mnt, "index.db")
	x, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	free := smallfs.Fill(t, mnt, 2<<20)

	const batch = 10
	put := map[string]string{}
	failedAt := -1
	for i := 0; i < len(entries); i += batch {
		b := entries[i:min(i+batch, len(entries))]
		if err := x.Put(ctx, b...); err != nil {
			if !diskfull.Is(err) {
				t.Fatalf("put %d–%d on a nearly full disk: %v, want a disk-full error", i, i+len(b), err)
			}
			t.Logf("put %d–%d: %v", i, i+len(b), err)
			failedAt = i
			break
		}
		for _, e := range b {
			put[e.ID] = e.SHA256
		}
	}
	if failedAt <= 0 {
		t.Fatalf("disk full at batch %d: the test should fill it part of the way through", failedAt)
	}
	var integrity string
	if err := x.db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity_check after the disk was full: %q %v", integrity, err)
	}
	got, err := x.Indexed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, put) {
		t.Errorf("after the disk was full the index holds %d entries, want the %d of the batches put before", len(got), len(put))
	}
	if res, err := x.Search(ctx, index.Query{Text: "政府信息公开"}); err != nil || res.Total != len(put) {
		t.Errorf("search after the disk was full: %v, want %d hits", err, len(put))
	}

	free()
	if err := x.Put(ctx, entries[failedAt:]...); err != nil {
		t.Fatalf("put with the space back: %v", err)
	}
	if got, err = x.Indexed(ctx); err != nil || len(got) != len(entries) {
		t.Errorf("with the space back: %d of %d entries, %v", len(got), len(entries), err)
	}
}
