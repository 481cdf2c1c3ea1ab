//go:build linux

package sqlite

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gongkai "github.com/gongkai/gongkai"
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

// TestReviewDiskFull writes reviews, each with a long note, into an index
// on a tmpfs left nearly full until one fails: that review returns a
// disk-full error and is not half there, the reviews written before are all
// there as written, and with the space back the same review is written.
func TestReviewDiskFull(t *testing.T) {
	entries := indextest.Entries(t, 20, "")
	mnt := smallfs.Mount(t, 8<<20)
	x, err := Open(filepath.Join(mnt, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	found, err := x.Findings(ctx, index.FindingQuery{Limit: index.MaxFindingLimit})
	if err != nil || len(found.Findings) == 0 {
		t.Fatalf("findings to review: %d, %v", len(found.Findings), err)
	}
	free := smallfs.Fill(t, mnt, 96<<10)

	note := strings.Repeat("已核实：表格数字与原件一致。", 45) // 1,890 bytes, near the longest a note may be
	written := map[string]gongkai.Review{}
	var failed *gongkai.Review
	for i := 0; failed == nil && i < 2000; i++ {
		r := gongkai.Review{Key: fmt.Sprintf("%s#%d", found.Findings[i%len(found.Findings)].Key, i), Status: gongkai.ReviewConfirmed,
			Note: note, By: "审计员", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
		if err := x.Review(ctx, r); err != nil {
			if !diskfull.Is(err) {
				t.Fatalf("review %d on a nearly full disk: %v, want a disk-full error", i, err)
			}
			t.Logf("review %d: %v", i, err)
			failed = &r
			break
		}
		written[r.Key] = r
	}
	if failed == nil || len(written) == 0 {
		t.Fatalf("%d reviews written, failed %v: the disk should fill part of the way through", len(written), failed)
	}
	stored := func() map[string]gongkai.Review {
		t.Helper()
		out := map[string]gongkai.Review{}
		rows, err := x.db.Query(`SELECT key, status, note, by, at FROM reviews`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var r gongkai.Review
			var at string
			if err := rows.Scan(&r.Key, &r.Status, &r.Note, &r.By, &at); err != nil {
				t.Fatal(err)
			}
			r.At, _ = time.Parse(time.RFC3339, at)
			out[r.Key] = r
		}
		return out
	}
	if got := stored(); !maps.Equal(got, written) {
		t.Errorf("after the disk was full %d reviews are stored, want exactly the %d written before", len(got), len(written))
	}
	free()
	if err := x.Review(ctx, *failed); err != nil {
		t.Fatalf("review with the space back: %v", err)
	}
	if got := stored(); len(got) != len(written)+1 || got[failed.Key] != *failed {
		t.Errorf("with the space back: %d reviews, the failed one %+v", len(got), got[failed.Key])
	}
}
