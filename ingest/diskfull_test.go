//go:build linux

package ingest

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
	"github.com/gongkai/gongkai/internal/diskfull"
	"github.com/gongkai/gongkai/internal/smallfs"
)

// TestCrawlDiskFull crawls fixture sites into a store on a small tmpfs
// that is full but for a little room at the start of each run (the
// kernel's own ENOSPC, met in a raw file or in the state database): each
// run stops with a disk-full error, stores a few documents more and leaves
// nothing half-written, and once the space is back the next run completes
// the store, each document once.
func TestCrawlDiskFull(t *testing.T) {
	sites := network(t, 6, 6)
	want := expectedDocs(sites)
	mnt := smallfs.Mount(t, 4<<20)
	dir := filepath.Join(mnt, "data")
	cfg := testConfig(t, dir, sitetest.Sources(sites, 50))
	ctx := context.Background()
	stored, full := 0, 0
	for run := 1; run <= 20; run++ {
		free := smallfs.Fill(t, mnt, 160<<10)
		_, crawlErr := Crawl(ctx, cfg)
		free()
		if crawlErr == nil {
			break
		}
		if !diskfull.Is(crawlErr) {
			t.Fatalf("run %d on a nearly full disk: %v, want a disk-full error", run, crawlErr)
		}
		full++
		st := openStore(t, dir)
		checkRaw(t, st, dir, false)
		docs, err := st.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		t.Logf("run %d: %d of %d documents stored, then %v", run, len(docs), len(want), crawlErr)
		if len(docs) < stored {
			t.Errorf("run %d: %d documents stored, %d before it", run, len(docs), stored)
		}
		stored = len(docs)
	}
	if full < 2 {
		t.Errorf("%d runs met a full disk: the test should fill it part of the way through", full)
	}
	sum := crawl(t, cfg)
	if sum.Changed+sum.Failed+sum.Vanished != 0 {
		t.Errorf("run with space: %s", sum)
	}
	st := openStore(t, dir)
	checkStore(t, st, sites)
	checkRaw(t, st, dir, true)
}

// TestBlobDiskFull stores a document larger than the room left: the write
// fails with ENOSPC, and neither the document under its name nor a
// temporary file is left; with the room back, the same document is stored
// whole.
func TestBlobDiskFull(t *testing.T) {
	mnt := smallfs.Mount(t, 1<<20)
	st := openStore(t, filepath.Join(mnt, "data"))
	free := smallfs.Fill(t, mnt, 128<<10)
	data := bytes.Repeat([]byte("政府信息公开工作年度报告"), 20000) // 720 KB
	sum, err := st.putBlob(data)
	if !diskfull.Is(err) {
		t.Fatalf("putBlob on a full disk: %q, %v; want a disk-full error", sum, err)
	}
	checkRaw(t, st, st.dir, true)
	free()
	if sum, err = st.putBlob(data); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Read(sum); err != nil || !bytes.Equal(got, data) {
		t.Errorf("stored after the room came back: %d bytes, %v", len(got), err)
	}
}
