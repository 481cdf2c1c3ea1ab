package ingest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// TestPlatforms crawls a replica of each publishing platform, twice: the
// first run stores every report and attachment exactly once, paging each
// listing to its end (Hanweb's dataproxy.jsp by POST with the page's own
// form, gkmlpt's JSON API, a framed listing paged by goPage(n)); the
// second run asks for every document conditionally and gets 304s.
func TestPlatforms(t *testing.T) {
	sites := []*sitetest.Site{
		sitetest.NewHanweb(t, sitetest.HanwebOptions{Name: "大汉市第一区人民政府", Reports: 18, Notices: 9}),
		sitetest.NewHanweb(t, sitetest.HanwebOptions{Name: "大汉市第二区人民政府", Reports: 11, Notices: 6, PerPage: 3, NoTotal: true, NextGroup: true}),
		sitetest.NewGkmlpt(t, "广州市某某区人民政府", 23, 10),
		sitetest.NewFramed(t, "某某县人民政府办公室", 9, 4),
	}
	cfg := testConfig(t, t.TempDir(), sitetest.Sources(sites, 200))
	want := expectedDocs(sites)
	sum := crawl(t, cfg)
	if sum.New != len(want) || sum.Changed+sum.Unchanged+sum.Vanished+sum.Failed+sum.SkippedRobots != 0 || len(sum.Empty) != 0 {
		t.Errorf("run 1 summary %s; want new %d and nothing else", sum, len(want))
	}
	checkStore(t, openStore(t, cfg.Dir), sites)
	for _, s := range sites {
		seen := map[string]int{}
		posts := 0
		for _, r := range s.Requests() {
			seen[r.Path]++
			if strings.HasPrefix(r.Path, "/module/web/jpage/dataproxy.jsp") {
				posts++
				if r.Status != http.StatusOK {
					t.Errorf("%s%s answered %d", s.URL, r.Path, r.Status)
				}
			}
		}
		for _, d := range s.Docs {
			if seen[d.Path] != 1 {
				t.Errorf("%s%s requested %d times, want 1", s.URL, d.Path, seen[d.Path])
			}
		}
		t.Logf("%s: %d requests, %d to dataproxy.jsp", s.Opts.Name, len(s.Requests()), posts)
		s.Reset()
	}

	sum = crawl(t, cfg)
	if sum.Unchanged != len(want) || sum.New+sum.Changed+sum.Vanished+sum.Failed != 0 {
		t.Errorf("run 2 summary %s; want unchanged %d and nothing else", sum, len(want))
	}
	for _, s := range sites {
		docs := map[string]bool{}
		for _, d := range s.Docs {
			docs[d.Path] = true
		}
		for _, r := range s.Requests() {
			if docs[r.Path] && r.Status != http.StatusNotModified {
				t.Errorf("run 2: %s%s answered %d; want a conditional request answered 304", s.URL, r.Path, r.Status)
			}
		}
	}
}
