package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/index/sqlite"
)

// BenchmarkPages serves $GONGKAI_BENCH_REPORTS synthetic reports (10,000 by
// default) from a real SQLite index on loopback and reports, per page, the
// p50 and p95 of 40 requests one after another; then 1,000 requests at
// once at the findings page and API, with the server's peak heap (sampled
// every 5 ms), how many were answered and how many told 503. Server and
// clients share the process, so the peak holds the clients' goroutines too.
func BenchmarkPages(b *testing.B) {
	n := indextest.BenchReports()
	entries := indextest.ScaleEntries(b, n)
	idx, err := sqlite.Open(filepath.Join(b.TempDir(), "index.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	start := time.Now()
	for c := range slices.Chunk(entries, 500) {
		if err := idx.Put(context.Background(), c...); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("indexed %d reports in %v", n, time.Since(start))
	office, region := entries[len(entries)/2].Report.Office, entries[len(entries)/2].Region[:4]
	entries = nil
	indextest.ForgetScaleEntries()
	runtime.GC()
	h, err := New(idx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1000, MaxConnsPerHost: 0}, Timeout: 120 * time.Second}
	fetch := func(path string) (int, error) {
		res, err := client.Get(srv.URL + path)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		_, err = io.Copy(io.Discard, res.Body)
		return res.StatusCode, err
	}
	pages := []struct{ name, path string }{
		{"findings", "/findings"},
		{"findings_sorted", "/findings?sort=got&desc=1&page=3"},
		{"findings_open_region_year", "/findings?status=open&region=" + region + "&year=2024"},
		{"api_findings", "/api/findings?limit=100"},
		{"region", "/region?region=" + region + "&year=2024"},
		{"body", "/body?office=" + url.QueryEscape(office)},
	}
	b.ResetTimer()
	for range b.N {
		for _, p := range pages {
			var ms []float64
			for range 40 {
				t0 := time.Now()
				if code, err := fetch(p.path); err != nil || code != http.StatusOK {
					b.Fatalf("%s: %d %v", p.path, code, err)
				}
				ms = append(ms, float64(time.Since(t0).Microseconds())/1000)
			}
			slices.Sort(ms)
			b.ReportMetric(ms[len(ms)/2], p.name+"_p50_ms")
			b.ReportMetric(ms[len(ms)*95/100], p.name+"_p95_ms")
		}
		for _, path := range []string{"/findings", "/api/findings?limit=1000"} {
			ok, busy, failed, peak := load(fetch, path, 1000)
			name := map[string]string{"/findings": "findings", "/api/findings?limit=1000": "api_findings_1000"}[path]
			b.ReportMetric(float64(peak)/(1<<20), name+"_x1000_peak_heap_MB")
			b.ReportMetric(float64(ok), name+"_x1000_ok")
			b.ReportMetric(float64(busy), name+"_x1000_503")
			if failed > 0 {
				b.Errorf("%s: %d of 1000 requests failed outright", path, failed)
			}
		}
	}
}

// load sends n requests for path at once and samples the heap until all
// are answered.
func load(fetch func(string) (int, error), path string, n int) (ok, busy, failed int64, peak uint64) {
	runtime.GC()
	done := make(chan struct{})
	var sampled sync.WaitGroup
	sampled.Add(1)
	go func() {
		defer sampled.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse+m.StackInuse)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, err := fetch(path)
			switch {
			case err != nil:
				atomic.AddInt64(&failed, 1)
			case code == http.StatusOK:
				atomic.AddInt64(&ok, 1)
			case code == http.StatusServiceUnavailable:
				atomic.AddInt64(&busy, 1)
			default:
				atomic.AddInt64(&failed, 1)
				fmt.Println(path, code)
			}
		}()
	}
	wg.Wait()
	close(done)
	sampled.Wait()
	return ok, busy, failed, peak
}
