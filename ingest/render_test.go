package ingest

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// needBrowser skips a test when no Chromium is installed (make test installs
// it through scripts/ensure-chromium.sh), unless GONGKAI_REQUIRE_BROWSER=1.
func needBrowser(t *testing.T) {
	t.Helper()
	if browserInstalled() {
		return
	}
	if os.Getenv("GONGKAI_REQUIRE_BROWSER") == "1" {
		t.Fatal("no chromium and GONGKAI_REQUIRE_BROWSER=1")
	}
	t.Skip("no chromium (scripts/ensure-chromium.sh installs it)")
}

// browserInstalled says whether a Chromium is there to render with.
func browserInstalled() bool {
	_, err := (&renderer{cfg: &Config{}}).browserPath()
	return err == nil
}

// TestRenderScriptedListing crawls a listing written only by script (an
// empty <ul> that fetch('/api/ndbg?page=N') fills) in a real headless
// Chromium, chosen by the crawler itself. Every report is found across the
// script's pages; every request the browser made reached the site through
// the crawler (its User-Agent, its spacing); the page's attempts to reach
// another loopback address fail — unless the site allows that host, which
// shows it is the guard that stops them; and robots.txt holds for the
// browser's requests too.
func TestRenderScriptedListing(t *testing.T) {
	needBrowser(t)
	const rate = 20
	cases := []struct {
		name        string
		allowProbe  bool
		robotsAPI   bool
		wantReports int
		wantProbe   bool
	}{
		{name: "guarded", wantReports: 12},
		{name: "probe host allowed", allowProbe: true, wantReports: 12, wantProbe: true},
		{name: "robots disallows the API", robotsAPI: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			probe := sitetest.NewProbe(t, "127.0.0.2:0")
			s := sitetest.NewScripted(t, "脚本列表街道办事处", 12, 5, probe.URL)
			if tc.robotsAPI {
				s.Handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
					w.Write([]byte("User-agent: *\nDisallow: /api/\n"))
				})
			}
			site, _ := url.Parse(s.URL)
			allow := site.Host
			if tc.allowProbe {
				p, _ := url.Parse(probe.URL)
				allow += ", " + p.Host
			}
			sources := fmt.Sprintf("sites:\n  - name: %s\n    start: [%s]\n    allow: [%s]\n    rate: %d\n    allow_private: true\n",
				s.Opts.Name, s.Start(), allow, rate)
			cfg := testConfig(t, t.TempDir(), sources)
			sum := crawl(t, cfg)
			if sum.New != tc.wantReports || sum.Failed != 0 {
				t.Errorf("summary %s; want new %d", sum, tc.wantReports)
			}
			if tc.wantReports > 0 {
				checkStore(t, openStore(t, cfg.Dir), []*sitetest.Site{s})
			} else if len(sum.Empty) != 1 {
				t.Errorf("empty sites %v; want the site named", sum.Empty)
			}
			if got := probe.Hits() > 0; got != tc.wantProbe {
				t.Errorf("probe on 127.0.0.2 reached %d times; want reached: %v", probe.Hits(), tc.wantProbe)
			}
			reqs := s.Requests()
			api := 0
			for i, r := range reqs {
				if ua := r.Header.Get("User-Agent"); ua != DefaultUserAgent {
					t.Errorf("%s reached the site with User-Agent %q: not through the crawler", r.Path, ua)
				}
				if strings.HasPrefix(r.Path, "/api/") {
					api++
				}
				if i > 0 && r.Time.Sub(reqs[i-1].Time) < time.Second/rate-2*time.Millisecond {
					t.Errorf("requests %d and %d %s apart, faster than the site's rate", i-1, i, r.Time.Sub(reqs[i-1].Time))
				}
			}
			if want := map[bool]int{false: 3, true: 0}[tc.robotsAPI]; api != want {
				t.Errorf("API asked %d times, want %d", api, want)
			}
			if tc.wantReports == 0 {
				return
			}
			// Run 2: the listing is rendered again (its API may have news);
			// the reports are asked for conditionally and answered 304.
			s.Reset()
			sum = crawl(t, cfg)
			if sum.Unchanged != tc.wantReports || sum.New+sum.Changed+sum.Failed != 0 {
				t.Errorf("run 2 summary %s; want unchanged %d", sum, tc.wantReports)
			}
			for _, r := range s.Requests() {
				if strings.HasPrefix(r.Path, "/xxgk/ndbg/t") && r.Status != http.StatusNotModified {
					t.Errorf("run 2: %s answered %d, want 304", r.Path, r.Status)
				}
			}
		})
	}
}

// TestRenderWithoutBrowser: a site that asks for rendering where there is
// no browser gets a clear error on its listing, not a silent empty run.
func TestRenderWithoutBrowser(t *testing.T) {
	s := sitetest.NewScripted(t, "无浏览器街道", 3, 5, "http://127.0.0.1:9")
	cfg := testConfig(t, t.TempDir(), sitetest.Sources([]*sitetest.Site{s}, 50)+"    render: true\n")
	cfg.Browser = "/nonexistent/chromium"
	sum := crawl(t, cfg)
	var errText string
	if err := openStore(t, cfg.Dir).db.QueryRow(`SELECT error FROM urls WHERE url = ?`, s.Start()).Scan(&errText); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "找不到 Chromium") || len(sum.Empty) != 1 {
		t.Errorf("listing error %q, empty sites %v; want the missing browser named and the site warned about", errText, sum.Empty)
	}
}

// TestRenderBoundedTime: a listing whose script never stops changing the
// page is rendered for RenderTimeout at most, and what it had written by
// then is read.
func TestRenderBoundedTime(t *testing.T) {
	needBrowser(t)
	s := sitetest.New(t, sitetest.Options{Name: "不停刷新街道", Reports: 3})
	var items []string
	for _, d := range s.Docs {
		items = append(items, fmt.Sprintf("[%q, %q]", d.Path, d.Title))
	}
	s.Handle("/xxgk/ndbg/index.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><body><ul id="l"></ul><script>
var items = [%s], i = 0;
setInterval(function () {
	var it = items[i %% items.length], li = document.createElement("li");
	li.innerHTML = '<a href="' + it[0] + '">' + it[1] + '</a> ' + i++;
	document.getElementById("l").appendChild(li);
}, 50);
</script></body></html>`, strings.Join(items, ","))
	})
	cfg := testConfig(t, t.TempDir(), sitetest.Sources([]*sitetest.Site{s}, 200))
	cfg.RenderTimeout = 2 * time.Second
	start := time.Now()
	sum := crawl(t, cfg)
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("run took %s with a 2s render limit", took)
	}
	if sum.New != 3 {
		t.Errorf("summary %s; want the 3 reports the page had written by the limit", sum)
	}
}
