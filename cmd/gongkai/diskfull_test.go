//go:build linux

package main

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/internal/smallfs"
)

// TestIndexDiskFull runs `gongkai index` over a store on a small tmpfs
// with little room left for the index: it stops with the Chinese
// disk-full message and status 1, the index file holds whole batches only,
// and once the space is back the next run brings it level with a clean
// index of the same store.
func TestIndexDiskFull(t *testing.T) {
	t.Setenv("GONGKAI_ES_URL", "")
	crawled, clean := crawledStore(t, 4)
	mnt := smallfs.Mount(t, 24<<20)
	data := filepath.Join(mnt, "data")
	if err := os.CopyFS(data, os.DirFS(crawled)); err != nil {
		t.Fatal(err)
	}
	free := smallfs.Fill(t, mnt, 640<<10)
	defer func() { indexBatch = 200 }()
	indexBatch = 5

	var stdout, stderr bytes.Buffer
	status := run([]string{"index", "--data", data}, &stdout, &stderr)
	t.Logf("index on a nearly full disk: status %d\n%s%s", status, stdout.String(), stderr.String())
	if status != 1 || !strings.Contains(stderr.String(), "磁盘空间已满") || !strings.Contains(stderr.String(), "重新运行") {
		t.Errorf("status %d, stderr %q: want 1 and the disk-full message saying to run again", status, stderr.String())
	}
	n := checkIndexFile(t, filepath.Join(data, "index.db"))
	t.Logf("%d of %d reports indexed before the disk was full", n, len(clean))
	if n == len(clean) || n%indexBatch != 0 {
		t.Errorf("%d of %d reports indexed on a full disk: want some whole batches of %d", n, len(clean), indexBatch)
	}

	free()
	stdout.Reset()
	stderr.Reset()
	if status := run([]string{"index", "--data", data}, &stdout, &stderr); status != 0 {
		t.Fatalf("index with the space back: status %d\n%s%s", status, stdout.String(), stderr.String())
	}
	idx, err := sqlite.Open(filepath.Join(data, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	got, err := idx.Indexed(context.Background())
	if err != nil || !maps.Equal(got, clean) {
		t.Errorf("with the space back the index holds %d entries, a clean index %d (%v)", len(got), len(clean), err)
	}
}

// TestCrawlDiskFull runs `gongkai crawl` into a store on a small tmpfs
// with little room left: it stops with the Chinese disk-full message and
// status 1 (the store's own consistency is ingest's TestCrawlDiskFull),
// and with the space back the next run completes.
func TestCrawlDiskFull(t *testing.T) {
	network := fixtures.NewNetwork(3, 2019, 2025)
	served, err := network.Serve()
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	sources := writeFile(t, "sources.yaml", network.Sources(served))
	mnt := smallfs.Mount(t, 8<<20)
	data := filepath.Join(mnt, "data")
	free := smallfs.Fill(t, mnt, 160<<10)
	var stdout, stderr bytes.Buffer
	status := run([]string{"crawl", "--sources", sources, "--data", data, "--once"}, &stdout, &stderr)
	if status != 1 || !strings.Contains(stderr.String(), "磁盘空间已满") {
		t.Errorf("crawl on a nearly full disk: status %d, stderr %q; want 1 and the disk-full message", status, stderr.String())
	}
	free()
	stdout.Reset()
	stderr.Reset()
	if status := run([]string{"crawl", "--sources", sources, "--data", data, "--once"}, &stdout, &stderr); status != 0 {
		t.Errorf("crawl with the space back: status %d\n%s%s", status, stdout.String(), stderr.String())
	}
}
