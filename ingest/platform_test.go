package ingest

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// TestPlatforms crawls a replica of each publishing platform, twice: the
// first run stores every report and attachment exactly once, paging each
// listing to its end (Hanweb's dataproxy.jsp by POST with the page's own
// form, or by GET page=N from the datastore's <nextgroup> on older
// templates, gkmlpt's JSON API, a framed listing paged by goPage(n)); the
// second run asks for every document conditionally and gets 304s.
func TestPlatforms(t *testing.T) {
	sites := []*sitetest.Site{
		sitetest.NewHanweb(t, sitetest.HanwebOptions{Name: "大汉市第一区人民政府", Reports: 18, Notices: 9}),
		sitetest.NewHanweb(t, sitetest.HanwebOptions{Name: "大汉市第二区人民政府", Reports: 11, Notices: 6, PerPage: 3, NoTotal: true, NextGroup: true}),
		sitetest.NewHanweb(t, sitetest.HanwebOptions{Name: "大汉市第三区人民政府", Reports: 14, Notices: 4, PerPage: 3, GetPaging: true}),
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
			if r.Status == http.StatusNotFound && r.Path != "/robots.txt" {
				t.Errorf("%s%s asked for but not there: a page the adapters made up", s.URL, r.Path)
			}
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

// TestReportImages: the images a report page shows in its content are
// fetched and stored with it (Store.Images), template images are not, and a
// second run revalidates them.
func TestReportImages(t *testing.T) {
	s := sitetest.New(t, sitetest.Options{Name: "图片街道", Reports: 3, Images: true})
	cfg := testConfig(t, t.TempDir(), sitetest.Sources([]*sitetest.Site{s}, 200))
	sum := crawl(t, cfg)
	if sum.New != 3 || sum.Images != 3 {
		t.Errorf("summary %s; want 3 new reports and 3 images", sum)
	}
	st := openStore(t, cfg.Dir)
	for page, want := range s.Images {
		imgs, err := st.Images(context.Background(), s.URL+page)
		if err != nil {
			t.Fatal(err)
		}
		if len(imgs) != len(want) || imgs[0].URL != s.URL+want[0] || imgs[0].Title != "表格" {
			t.Fatalf("images of %s: %+v; want %v", page, imgs, want)
		}
		if b, err := st.Read(imgs[0].SHA256); err != nil || string(b) != string(s.Body(want[0])) {
			t.Errorf("image %s stored wrong: %v", want[0], err)
		}
	}
	for _, r := range s.Requests() {
		if r.Path == "/images/logo.png" {
			t.Error("the template's logo was fetched")
		}
	}
	s.Reset()
	sum = crawl(t, cfg)
	if sum.Images != 0 || sum.Unchanged != 3 {
		t.Errorf("run 2 summary %s; want everything unchanged", sum)
	}
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, ".png") && r.Status != http.StatusNotModified {
			t.Errorf("run 2: %s answered %d, want 304", r.Path, r.Status)
		}
	}
}
