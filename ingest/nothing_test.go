package ingest

import (
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// TestRunThatFindsNothing holds that a run which finds nothing says so: a
// listing written by script (no report link in its markup) on its first
// run, and a site whose listing stops giving links after an earlier run
// gave some, are each named in the summary with what came before; a host
// refusing connections is failed and unreachable, not skipped by robots.
func TestRunThatFindsNothing(t *testing.T) {
	scripted := sitetest.NewScripted(t, "脚本列表街道办事处", 6, 3, "http://127.0.0.1:9")
	changing := sitetest.New(t, sitetest.Options{Name: "改版街道办事处", Reports: 5})
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := "http://" + dead.Addr().String()
	dead.Close() // nothing listens there now: connections are refused
	sources := sitetest.Sources([]*sitetest.Site{scripted, changing}, 200) +
		"  - name: 关停街道办事处\n    start: [" + deadURL + "/xxgk/ndbg/index.html]\n    allow_private: true\n"
	cfg := testConfig(t, t.TempDir(), sources)
	cfg.Browser = "/nonexistent/chromium" // no browser: the scripted listing stays unread

	sum := crawl(t, cfg)
	if len(sum.Empty) != 2 || sum.Empty[0] != (EmptySite{Name: "关停街道办事处"}) || sum.Empty[1] != (EmptySite{Name: "脚本列表街道办事处"}) {
		t.Errorf("run 1: empty sites %v; want the scripted and the unreachable site, none before", sum.Empty)
	}
	if sum.Failed != 1 || sum.Unreachable != 1 || sum.SkippedRobots != 0 || sum.New != 5 {
		t.Errorf("run 1 summary %s; want new 5, failed 1 (unreachable 1), none skipped by robots", sum)
	}
	if !strings.Contains(sum.String(), "警告：2 个站点") || !strings.Contains(sum.String(), "（其中 1 个无法连接）") {
		t.Errorf("run 1 summary line %q does not warn", sum)
	}
	var errText string
	if err := openStore(t, cfg.Dir).db.QueryRow(`SELECT error FROM urls WHERE url = ?`, deadURL+"/xxgk/ndbg/index.html").Scan(&errText); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "无法连接") {
		t.Errorf("unreachable listing recorded with %q", errText)
	}

	// The listing is redesigned: same URL, no report links any more.
	changing.Handle("/xxgk/ndbg/index.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><body><div id="app"></div><script src="/app.js"></script></body></html>`))
	})
	sum = crawl(t, cfg)
	found := false
	for _, e := range sum.Empty {
		found = found || e == EmptySite{Name: "改版街道办事处", Before: 5}
	}
	if len(sum.Empty) != 3 || !found {
		t.Errorf("run 2: empty sites %v; want the redesigned site with 5 before, and the other two", sum.Empty)
	}
}
