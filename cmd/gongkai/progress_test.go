package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/ingest"
)

func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, on: true, label: "index"}
	p.update(5, 10, "documents")
	p.update(6, 10, "documents")  // within 100 ms of the last: not drawn
	p.update(10, 10, "documents") // the last step always is
	p.finish()
	want := "\r\x1b[Kindex [===============               ] 5/10 documents" +
		"\r\x1b[Kindex [==============================] 10/10 documents\r\x1b[K"
	if b.String() != want {
		t.Errorf("drew %q\nwant %q", b.String(), want)
	}

	var quiet bytes.Buffer
	off := newProgress(&quiet, "index") // a buffer is not a terminal
	off.update(1, 1, "")
	off.finish()
	if quiet.Len() != 0 {
		t.Errorf("drew %q on something that is not a terminal", quiet.String())
	}
}

// The crawl reports each finished site to Progress, with the requests so far.
func TestCrawlProgress(t *testing.T) {
	network := fixtures.NewNetwork(3, 2024, 2025)
	served, err := network.Serve()
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	sites, err := ingest.ParseSources("sources.yaml", []byte(network.Sources(served)))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var calls []int
	var lastRequests int64
	_, err = ingest.Crawl(context.Background(), ingest.Config{
		Dir: filepath.Join(t.TempDir(), "data"), Sites: sites,
		Progress: func(done, total int, requests int64) {
			mu.Lock()
			defer mu.Unlock()
			if total != 3 {
				t.Errorf("total %d, want 3", total)
			}
			calls, lastRequests = append(calls, done), requests
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(calls, []int{1, 2, 3}) || lastRequests == 0 {
		t.Errorf("progress calls %v, last requests %d; want 1,2,3 and some requests", calls, lastRequests)
	}
}
