package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// gzipBomb is a gzip stream of n zero bytes: about n/1000 bytes on the wire.
func gzipBomb(t *testing.T, n int) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for written := 0; written < n; written += len(zeros) {
		zw.Write(zeros)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reset answers by resetting the connection (SO_LINGER 0 sends RST).
func reset(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	conn.(*net.TCPConn).SetLinger(0)
	conn.Close()
}

// peakHeap samples the heap every few milliseconds until stop is called and
// returns the largest HeapAlloc seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// TestHostileServers crawls, in one run, sites that misbehave in the ways
// TestFaults does not cover: bodies that drip or never end, connections
// reset before or during a response, a 5xx storm on every URL of a site, a
// gzip bomb, HTML served with a wrong Content-Type or a charset the bytes
// contradict, and a robots.txt that never answers. The crawl must complete,
// each fault be recorded against its URL with its tries, retries follow the
// policy (MaxTries for what can pass, one try for what cannot), and the heap
// stay far below what the hostile bodies would take if read whole.
func TestHostileServers(t *testing.T) {
	const maxBody = 16 << 10
	bomb := gzipBomb(t, 256<<20) // 256 MiB of zeros in about 250 KiB
	type fault struct {
		name    string
		opts    sitetest.Options
		setup   func(s *sitetest.Site) // installs the fault
		outcome string                 // of the troubled URL
		err     string                 // words of its recorded error
		tries   int                    // tries the store records and requests the server sees
		resent  bool                   // the server may see one request more (see below)
		url     func(s *sitetest.Site) string
	}
	report := func(s *sitetest.Site) string { return s.URL + s.Docs[0].Path }
	var stormCount sync.Map // path → *atomic.Int32
	faults := []fault{
		{name: "dripping body", setup: func(s *sitetest.Site) {
			s.Handle(s.Docs[0].Path, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				for i := 0; i < 500 && r.Context().Err() == nil; i++ { // one byte every 20 ms: never idle, never done
					w.Write([]byte("<"))
					w.(http.Flusher).Flush()
					time.Sleep(20 * time.Millisecond)
				}
			})
		}, outcome: outcomeFailed, err: "Client.Timeout", tries: 3},
		{name: "reset before the response", setup: func(s *sitetest.Site) {
			s.Handle(s.Docs[0].Path, func(w http.ResponseWriter, r *http.Request) { reset(w) })
		}, outcome: outcomeFailed, err: "connection reset by peer", tries: 3, resent: true},
		{name: "reset once, then served", setup: func(s *sitetest.Site) {
			path := s.Docs[0].Path
			s.Handle(path, func(w http.ResponseWriter, r *http.Request) {
				s.Handle(path, nil)
				reset(w)
			})
		}, outcome: outcomeNew, tries: 1, resent: true},
		{name: "dropped mid-body", setup: func(s *sitetest.Site) {
			s.Handle(s.Docs[0].Path, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Length", "10000")
				w.Write([]byte(strings.Repeat("x", 1000)))
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler) // closes the connection 9000 bytes short
			})
		}, outcome: outcomeFailed, err: "unexpected EOF", tries: 3},
		{name: "5xx storm on every URL", opts: sitetest.Options{Reports: 3}, setup: func(s *sitetest.Site) {
			codes := []int{500, 502, 503, 504}
			paths := []string{"/xxgk/ndbg/index.html"}
			for _, d := range s.Docs {
				paths = append(paths, d.Path)
			}
			for _, p := range paths {
				n := &atomic.Int32{}
				stormCount.Store(s.URL+p, n)
				s.Handle(p, func(w http.ResponseWriter, r *http.Request) {
					if k := n.Add(1); k <= 2 { // two failures, then the page
						http.Error(w, "storm", codes[(int(k)+len(p))%len(codes)])
						return
					}
					s.Handle(p, nil)
					http.Redirect(w, r, r.URL.Path+"?again", http.StatusFound) // the site's own handler serves the retry
				})
			}
		}, outcome: outcomeNew, tries: 3},
		{name: "endless body", setup: func(s *sitetest.Site) {
			s.Handle(s.Docs[0].Path, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				chunk := bytes.Repeat([]byte("<p>年度报告</p>"), 4096)
				for r.Context().Err() == nil {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			})
		}, outcome: outcomeFailed, err: fmt.Sprintf("exceeds the %d-byte limit", maxBody), tries: 1},
		{name: "gzip bomb", setup: func(s *sitetest.Site) {
			s.Handle(s.Docs[0].Path, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(bomb)
			})
		}, outcome: outcomeFailed, err: fmt.Sprintf("exceeds the %d-byte limit", maxBody), tries: 1},
		{name: "HTML served as application/octet-stream", setup: func(s *sitetest.Site) {
			path := s.Docs[0].Path
			body := s.Body(path)
			s.Handle(path, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/octet-stream")
				w.Write(body)
			})
		}, outcome: outcomeNew, tries: 1},
		{name: "GBK page declared UTF-8", opts: sitetest.Options{GBK: true}, setup: func(s *sitetest.Site) {
			path := s.Docs[0].Path
			body := s.Body(path)
			s.Handle(path, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(body)
			})
		}, outcome: outcomeNew, tries: 1},
		{name: "robots.txt never answers", setup: func(s *sitetest.Site) {
			s.Handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			})
		}, outcome: outcomeDisallowed, tries: 0, url: func(s *sitetest.Site) string { return s.Start() }},
		{name: "robots.txt answers 503", setup: func(s *sitetest.Site) {
			s.Handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
		}, outcome: outcomeDisallowed, tries: 0, url: func(s *sitetest.Site) string { return s.Start() }},
	}
	var sites []*sitetest.Site
	for i, f := range faults {
		o := f.opts
		o.Name = fmt.Sprintf("敌意%d街道办事处", i+1)
		if o.Reports == 0 {
			o.Reports = 2
		}
		s := sitetest.New(t, o)
		f.setup(s)
		sites = append(sites, s)
	}

	dir := t.TempDir()
	cfg := testConfig(t, dir, sitetest.Sources(sites, 100))
	cfg.MaxBody = maxBody
	cfg.Timeout = 400 * time.Millisecond
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := peakHeap()
	start := time.Now()
	sum := crawl(t, cfg)
	peak := stop()
	t.Logf("crawl of %d hostile sites: %s; heap %d MiB before, peak %d MiB", len(sites), time.Since(start).Round(time.Millisecond), before.HeapAlloc>>20, peak>>20)
	// The bomb alone would be 256 MiB and the endless body unbounded.
	if grown := int64(peak) - int64(before.HeapAlloc); grown > 64<<20 {
		t.Errorf("heap grew by %d MiB during the crawl, want under 64", grown>>20)
	}

	st := openStore(t, dir)
	docs, err := st.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]Document{}
	for _, d := range docs {
		byURL[d.URL] = d
	}
	failed := 0
	for i, f := range faults {
		s := sites[i]
		u := report(s)
		if f.url != nil {
			u = f.url(s)
		}
		var outcome, errText string
		var tries int
		if err := st.db.QueryRow(`SELECT outcome, error, tries FROM urls WHERE url = ?`, u).Scan(&outcome, &errText, &tries); err != nil {
			t.Errorf("%s: %s not recorded: %v", f.name, u, err)
			continue
		}
		path := strings.TrimPrefix(u, s.URL)
		seen := 0
		for _, r := range s.Requests() {
			if strings.HasPrefix(r.Path, path) && !strings.Contains(r.Path, "?again") {
				seen++
			}
		}
		t.Logf("%s: server saw %d requests; store: %s after %d tries, %q", f.name, seen, outcome, tries, errText)
		if outcome != f.outcome || !strings.Contains(errText, f.err) || tries != f.tries {
			t.Errorf("%s: %s after %d tries, error %q; want %s after %d with %q", f.name, outcome, tries, errText, f.outcome, f.tries, f.err)
		}
		// Go's transport resends a request, once and unseen by the crawler,
		// when a reused keep-alive connection dies before any response byte:
		// a reset can cost the server one request more than the tries.
		if f.outcome == outcomeFailed || f.resent {
			if seen != f.tries && !(f.resent && seen == f.tries+1) {
				t.Errorf("%s: server saw %d requests, want %d", f.name, seen, f.tries)
			}
		}
		if f.outcome == outcomeFailed {
			failed++
		}
		if f.outcome == outcomeNew {
			d, ok := byURL[u]
			if !ok || d.Title != s.Title(0) {
				t.Errorf("%s: stored as %+v, want title %q", f.name, d, s.Title(0))
			}
			if d.Kind != KindReport {
				t.Errorf("%s: kind %q, want report", f.name, d.Kind)
			}
		}
	}

	// The storm: every URL of the site (listing included) failed twice and
	// was stored on its third try, and the site's reports are all there.
	storm := sites[4]
	for _, d := range storm.Docs {
		var tries int
		st.db.QueryRow(`SELECT tries FROM urls WHERE url = ?`, storm.URL+d.Path).Scan(&tries)
		if _, ok := byURL[storm.URL+d.Path]; !ok || tries != 3 {
			t.Errorf("storm: %s stored %v after %d tries, want stored after 3", d.Path, ok, tries)
		}
	}
	// robots.txt unanswered or failing: asked MaxTries times, then the host
	// is disallowed (RFC 9309) and nothing else is fetched from it.
	for _, robots := range sites[len(sites)-2:] {
		for _, r := range robots.Requests() {
			if r.Path != "/robots.txt" {
				t.Errorf("%s: robots.txt unavailable, yet %s was fetched", robots.Opts.Name, r.Path)
			}
		}
		if n := len(robots.Requests()); n != cfg.MaxTries {
			t.Errorf("%s: robots.txt asked %d times, want %d", robots.Opts.Name, n, cfg.MaxTries)
		}
	}
	if sum.Failed != failed || sum.SkippedRobots != 2 {
		t.Errorf("summary %s: want %d failed, 2 skipped by robots", sum, failed)
	}
}
