package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// hugeListing is a flat listing page of n report links, all children of
// <body>: the shape that made reading each link's date cost n².
func hugeListing(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<html><head><meta charset=\"utf-8\"></head><body>\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "<a href=\"/r/t%d.html\">第%d号%d年政府信息公开工作年度报告</a> 2025-01-%02d\n", i, i, 2000+i%25, 1+i%28)
	}
	b.WriteString("</body></html>\n")
	return b.Bytes()
}

// TestHugeListing reads a listing of 100,000 links: extraction takes time
// linear in the page (seconds, not the n² hours), and a cancelled context
// stops it and the crawl at once.
func TestHugeListing(t *testing.T) {
	const n = 100_000
	page := hugeListing(n)
	base, _ := url.Parse("http://www.a.gov.cn/xxgk/ndbg/index.html")
	start := time.Now()
	p, err := extract(context.Background(), base, string(page), KindListing)
	took := time.Since(start)
	t.Logf("%d links (%d bytes) extracted in %s", len(p.links), len(page), took)
	if err != nil || len(p.links) != n || p.links[n-1].published != "2025-01-"+fmt.Sprintf("%02d", 1+(n-1)%28) {
		t.Fatalf("extract: %d links, err %v; want %d with their own dates", len(p.links), err, n)
	}
	if took > time.Minute {
		t.Errorf("extracting %d links took %s: not linear", n, took)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := extract(ctx, base, string(page), KindListing); err == nil {
		t.Error("extract with a cancelled context went on to the end")
	}

	// A crawl of it stops when cancelled (as SIGTERM does in the command).
	s := sitetest.New(t, sitetest.Options{Name: "巨型列表街道", Reports: 1})
	s.Handle("/xxgk/ndbg/index.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	firstReport := make(chan time.Time, 1)
	s.Handle("/r/t0.html", func(w http.ResponseWriter, r *http.Request) {
		select {
		case firstReport <- time.Now():
		default:
		}
		http.NotFound(w, r)
	})
	cfg := testConfig(t, t.TempDir(), sitetest.Sources([]*sitetest.Site{s}, 1000))
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	begun := time.Now()
	go func() { _, err := Crawl(ctx, cfg); done <- err }()
	select {
	case at := <-firstReport:
		t.Logf("listing fetched and read, first report asked for %s after the start", at.Sub(begun))
	case <-time.After(2 * time.Minute):
		t.Fatal("the crawl never got past the listing")
	}
	cancel()
	stopped := time.Now()
	select {
	case err := <-done:
		t.Logf("crawl stopped %s after cancel: %v", time.Since(stopped), err)
		if err == nil {
			t.Error("a cancelled crawl returned no error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the crawl did not stop within 10s of being cancelled")
	}
}

// TestRedirectIntoDisallowed: an allowed report URL redirecting into a path
// robots.txt disallows is not followed there; it counts as skipped by robots.
func TestRedirectIntoDisallowed(t *testing.T) {
	s := sitetest.New(t, sitetest.Options{Name: "跳转街道", Reports: 2, Robots: true})
	from := s.Docs[0].Path
	s.Handle(from, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private/t2019.html", http.StatusFound)
	})
	// The listing also links /private/t2019.html itself, which robots skips
	// before asking; count that one too.
	cfg := testConfig(t, t.TempDir(), sitetest.Sources([]*sitetest.Site{s}, 200))
	sum := crawl(t, cfg)
	for _, r := range s.Requests() {
		if strings.HasPrefix(r.Path, "/private/") {
			t.Errorf("%s fetched although robots.txt disallows it", r.Path)
		}
	}
	var outcome string
	if err := openStore(t, cfg.Dir).db.QueryRow(`SELECT outcome FROM urls WHERE url = ?`, s.URL+from).Scan(&outcome); err != nil {
		t.Fatal(err)
	}
	if outcome != outcomeDisallowed || sum.SkippedRobots != 2 || sum.Failed != 0 {
		t.Errorf("redirected report: outcome %q, summary %s; want robots, skipped by robots 2", outcome, sum)
	}
}

// TestShortBody: a body shorter than its Content-Length, plain or gzip, is
// a failed fetch, retried, and never stored.
func TestShortBody(t *testing.T) {
	s := sitetest.New(t, sitetest.Options{Name: "截断街道", Reports: 2})
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(s.Body(s.Docs[1].Path))
	zw.Close()
	cut := func(header string, body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				panic(err)
			}
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n%sContent-Length: %d\r\n\r\n", header, len(body))
			buf.Write(body[:len(body)/2])
			buf.Flush()
			conn.Close()
		}
	}
	s.Handle(s.Docs[0].Path, cut("", s.Body(s.Docs[0].Path)))
	s.Handle(s.Docs[1].Path, cut("Content-Encoding: gzip\r\n", gz.Bytes()))
	cfg := testConfig(t, t.TempDir(), sitetest.Sources([]*sitetest.Site{s}, 200))
	sum := crawl(t, cfg)
	if sum.Failed != 2 || sum.New != 0 {
		t.Errorf("summary %s; want both truncated reports failed, none stored", sum)
	}
	seen := map[string]int{}
	for _, r := range s.Requests() {
		seen[r.Path]++
	}
	st := openStore(t, cfg.Dir)
	for _, d := range s.Docs {
		var sha, errText string
		var tries int
		if err := st.db.QueryRow(`SELECT sha256, error, tries FROM urls WHERE url = ?`, s.URL+d.Path).Scan(&sha, &errText, &tries); err != nil {
			t.Fatal(err)
		}
		if sha != "" || tries != cfg.MaxTries || seen[d.Path] != cfg.MaxTries {
			t.Errorf("%s: stored %q after %d tries (%d seen), error %q; want nothing stored after %d tries",
				d.Path, sha, tries, seen[d.Path], errText, cfg.MaxTries)
		}
	}
}

// TestHostDeadline: two URLs that drip a byte at a time cannot hold the
// run past the host's deadline; the other host's reports are all stored.
func TestHostDeadline(t *testing.T) {
	slow := sitetest.New(t, sitetest.Options{Name: "滴漏街道", Reports: 3})
	fast := sitetest.New(t, sitetest.Options{Name: "正常街道", Reports: 3})
	drip := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 600 && r.Context().Err() == nil; i++ {
			w.Write([]byte(" "))
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond)
		}
	}
	slow.Handle(slow.Docs[0].Path, drip)
	slow.Handle(slow.Docs[1].Path, drip)
	cfg := testConfig(t, t.TempDir(), sitetest.Sources([]*sitetest.Site{slow, fast}, 200))
	cfg.Timeout, cfg.HostDeadline = 20*time.Second, 1500*time.Millisecond
	start := time.Now()
	sum := crawl(t, cfg)
	took := time.Since(start)
	if took > 10*time.Second {
		t.Errorf("run took %s with a 1.5s host deadline", took)
	}
	if sum.New != 3 || sum.Failed != 3 {
		t.Errorf("summary %s; want the fast site's 3 new, the slow site's 3 failed", sum)
	}
	var errText string
	if err := openStore(t, cfg.Dir).db.QueryRow(`SELECT error FROM urls WHERE url = ?`, slow.URL+slow.Docs[2].Path).Scan(&errText); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "时限") {
		t.Errorf("URL after the deadline recorded with %q", errText)
	}
}

// TestCrawlDelayCap: a Crawl-delay of a day is obeyed only up to the cap.
func TestCrawlDelayCap(t *testing.T) {
	s := sitetest.New(t, sitetest.Options{Name: "慢速街道", Reports: 3, Robots: true, CrawlDelay: "86400"})
	cfg := testConfig(t, t.TempDir(), sitetest.Sources([]*sitetest.Site{s}, 200))
	cfg.MaxCrawlDelay = 200 * time.Millisecond
	start := time.Now()
	sum := crawl(t, cfg)
	if took := time.Since(start); sum.New != 3 || took > 20*time.Second {
		t.Errorf("summary %s in %s; want 3 new, at the capped delay", sum, took)
	}
	reqs := s.Requests()
	for i := 1; i < len(reqs); i++ {
		if d := reqs[i].Time.Sub(reqs[i-1].Time); d < cfg.MaxCrawlDelay-10*time.Millisecond {
			t.Errorf("requests %d and %d %s apart, want ≥ the cap %s", i-1, i, d, cfg.MaxCrawlDelay)
		}
	}
}

// TestSoft404: a report page that turns into a "page not found" page
// answered 200 is recorded as vanished; the report read before stays the
// latest stored version.
func TestSoft404(t *testing.T) {
	s := sitetest.New(t, sitetest.Options{Name: "软404街道", Reports: 2})
	cfg := testConfig(t, t.TempDir(), sitetest.Sources([]*sitetest.Site{s}, 200))
	crawl(t, cfg)
	st := openStore(t, cfg.Dir)
	before := checkStore(t, st, []*sitetest.Site{s})
	path := s.Docs[0].Path
	s.SetBody(path, []byte(`<html><head><meta charset="utf-8"><title>404 页面不存在</title></head><body><h1>抱歉，您访问的页面不存在或已被删除</h1><a href="/">返回首页</a></body></html>`))
	sum := crawl(t, cfg)
	if sum.Vanished != 1 || sum.Changed != 0 {
		t.Errorf("summary %s; want the soft 404 vanished, nothing changed", sum)
	}
	docs, err := st.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.URL == s.URL+path && (d.SHA256 != before[d.URL].SHA256 || d.Versions != 1) {
			t.Errorf("soft 404 replaced the report: %+v", d)
		}
	}
	if len(docs) != len(before) {
		t.Errorf("%d documents after the soft 404, want %d", len(docs), len(before))
	}
}
