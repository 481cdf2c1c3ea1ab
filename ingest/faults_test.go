package ingest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// TestFaults crawls one site per kind of trouble, all at once, and checks
// what each server saw and what the store recorded for the troubled report.
func TestFaults(t *testing.T) {
	type fault struct {
		name    string
		handler func(s *sitetest.Site, path string) http.HandlerFunc
		stored  bool   // the report ends up stored
		err     string // words of the recorded error ("" when stored)
		tries   int    // requests the server sees for the report
	}
	faults := []fault{
		{"503 then 200", func(s *sitetest.Site, path string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				s.Handle(path, nil)
				http.Error(w, "busy", http.StatusServiceUnavailable)
			}
		}, true, "", 2},
		{"429 with Retry-After", func(s *sitetest.Site, path string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				s.Handle(path, nil)
				w.Header().Set("Retry-After", "1")
				http.Error(w, "slow down", http.StatusTooManyRequests)
			}
		}, true, "", 2},
		{"always 500", func(*sitetest.Site, string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) { http.Error(w, "broken", http.StatusInternalServerError) }
		}, false, "gave up after 3 tries", 3},
		{"Retry-After beyond the limit", func(*sitetest.Site, string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "3600")
				http.Error(w, "come back tomorrow", http.StatusServiceUnavailable)
			}
		}, false, "Retry-After 1h0m0s exceeds", 1},
		{"redirect loop", func(_ *sitetest.Site, path string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				to := path + "?loop"
				if r.URL.RawQuery != "" {
					to = path
				}
				http.Redirect(w, r, to, http.StatusFound)
			}
		}, false, "stopped after 10 redirects", 11},
		{"redirect off the allowed hosts", func(*sitetest.Site, string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://www.example.invalid/report.html", http.StatusMovedPermanently)
			}
		}, false, "not in the site's allow list", 1},
		{"oversized body", func(*sitetest.Site, string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				for i := 0; i < 64; i++ { // 64 KiB, sent without a Content-Length
					w.Write([]byte(strings.Repeat("x", 1024)))
					w.(http.Flusher).Flush()
				}
			}
		}, false, "exceeds the 16384-byte limit", 1},
		{"slow body", func(*sitetest.Site, string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte("<html>"))
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			}
		}, false, "Client.Timeout", 3},
	}
	var sites []*sitetest.Site
	for i, f := range faults {
		s := sitetest.New(t, sitetest.Options{Name: fmt.Sprintf("故障%d街道办事处", i+1), Reports: 2})
		s.Handle(s.Docs[0].Path, f.handler(s, s.Docs[0].Path))
		sites = append(sites, s)
	}
	// A site that does not allow private addresses, served on loopback.
	private := sitetest.New(t, sitetest.Options{Name: "回环街道办事处", Reports: 2})
	sources := sitetest.Sources(sites, 100) +
		fmt.Sprintf("  - name: %s\n    start: [%s]\n    rate: 100\n", private.Opts.Name, private.Start())

	dir := t.TempDir()
	cfg := testConfig(t, dir, sources)
	cfg.MaxBody = 16 << 10
	cfg.Timeout = 400 * time.Millisecond
	start := time.Now()
	sum := crawl(t, cfg)
	t.Logf("crawl with faults: %s", time.Since(start))
	st := openStore(t, dir)

	for i, f := range faults {
		s := sites[i]
		path := s.Docs[0].Path
		var statuses []int
		var times []time.Time
		for _, r := range s.Requests() {
			if strings.HasPrefix(r.Path, path) {
				statuses = append(statuses, r.Status)
				times = append(times, r.Time)
			}
		}
		var outcome, errText, sha string
		var tries int
		if err := st.db.QueryRow(`SELECT outcome, error, tries, sha256 FROM urls WHERE url = ?`, s.URL+path).Scan(&outcome, &errText, &tries, &sha); err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		t.Logf("%s: server saw %v; store: %s, %d tries, %q", f.name, statuses, outcome, tries, errText)
		if len(statuses) != f.tries {
			t.Errorf("%s: server saw %d requests %v, want %d", f.name, len(statuses), statuses, f.tries)
		}
		if f.stored && (outcome != outcomeNew || sha == "" || tries != f.tries) {
			t.Errorf("%s: outcome %s after %d tries (%s), want stored after %d", f.name, outcome, tries, errText, f.tries)
		}
		if !f.stored && (outcome != outcomeFailed || sha != "" || !strings.Contains(errText, f.err)) {
			t.Errorf("%s: outcome %s, error %q; want failed with %q and nothing stored", f.name, outcome, errText, f.err)
		}
		if f.name == "429 with Retry-After" && len(times) == 2 && times[1].Sub(times[0]) < time.Second {
			t.Errorf("429: retried after %s, Retry-After asked for 1s", times[1].Sub(times[0]))
		}
		// The other report of each troubled site is unaffected.
		var other string
		st.db.QueryRow(`SELECT outcome FROM urls WHERE url = ?`, s.URL+s.Docs[1].Path).Scan(&other)
		if other != outcomeNew {
			t.Errorf("%s: the site's other report is %q, want new", f.name, other)
		}
	}

	if n := len(private.Requests()); n != 0 {
		t.Errorf("private address: server saw %d requests, want none", n)
	}
	var errText string
	if err := st.db.QueryRow(`SELECT error FROM urls WHERE url = ?`, private.Start()).Scan(&errText); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "private, loopback or link-local address refused") {
		t.Errorf("private address: recorded error %q", errText)
	}
	if want := len(faults) - 2 + 1; sum.Failed != want {
		t.Errorf("summary %s: want %d failed", sum, want)
	}
}
