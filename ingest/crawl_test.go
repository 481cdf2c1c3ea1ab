package ingest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// testConfig is a crawl configuration with short delays for loopback sites.
func testConfig(t *testing.T, dir, sources string) Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(path, []byte(sources), 0o644); err != nil {
		t.Fatal(err)
	}
	sites, err := LoadSources(path)
	if err != nil {
		t.Fatal(err)
	}
	return Config{
		Dir: dir, Sites: sites, Concurrency: 8, MaxTries: 3,
		Backoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, Timeout: 5 * time.Second,
	}
}

// network starts n fixture sites with a mix of charsets, pagers, attachments and robots rules.
func network(t *testing.T, n, reports int) []*sitetest.Site {
	var sites []*sitetest.Site
	pagers := []string{"next", "numbers", "script"}
	for i := 0; i < n; i++ {
		o := sitetest.Options{
			Name:    fmt.Sprintf("伊州区第%d街道办事处", i+1),
			Reports: reports,
			GBK:     i%3 == 0,
			Declare: i%2 == 0,
			Pager:   pagers[i%3],
			NoMeta:  i%4 == 1,
		}
		if i%2 == 0 {
			o.PDFEvery = 2
		}
		if i%5 == 0 {
			o.Robots = true
		}
		if i%10 == 0 {
			o.CrawlDelay = "0.05"
		}
		sites = append(sites, sitetest.New(t, o))
	}
	return sites
}

func crawl(t *testing.T, cfg Config) Summary {
	t.Helper()
	sum, err := Crawl(context.Background(), cfg)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	t.Logf("summary: %s", sum)
	return sum
}

func openStore(t *testing.T, dir string) *Store {
	t.Helper()
	st, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// expectedDocs maps the URL of every document the sites serve (and allow) to it.
func expectedDocs(sites []*sitetest.Site) map[string]sitetest.Doc {
	want := map[string]sitetest.Doc{}
	for _, s := range sites {
		for _, d := range s.Docs {
			want[s.URL+d.Path] = d
		}
	}
	return want
}

// checkStore asserts the store holds every expected document exactly once,
// with the bytes the site serves now, and returns the documents by URL.
func checkStore(t *testing.T, st *Store, sites []*sitetest.Site) map[string]Document {
	t.Helper()
	want := expectedDocs(sites)
	docs, err := st.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Document{}
	for _, d := range docs {
		if _, dup := got[d.URL]; dup {
			t.Errorf("%s listed twice", d.URL)
		}
		got[d.URL] = d
	}
	if len(got) != len(want) {
		t.Errorf("store holds %d documents, want %d", len(got), len(want))
	}
	bySite := map[string]*sitetest.Site{}
	for _, s := range sites {
		bySite[s.URL] = s
	}
	for u, w := range want {
		d, ok := got[u]
		if !ok {
			t.Errorf("%s missing from the store", u)
			continue
		}
		site := bySite[u[:len(u)-len(w.Path)]]
		body, err := st.Read(d.SHA256)
		if err != nil {
			t.Errorf("%s: %v", u, err)
		} else if string(body) != string(site.Body(w.Path)) {
			t.Errorf("%s: stored bytes differ from the served ones", u)
		}
		if d.Kind != w.Kind || d.Title != w.Title || d.Published != w.Published || d.Site.Name != site.Opts.Name {
			t.Errorf("%s: got kind %q title %q published %q site %q; want %q %q %q %q", u,
				d.Kind, d.Title, d.Published, d.Site.Name, w.Kind, w.Title, w.Published, site.Opts.Name)
		}
	}
	return got
}

// TestCrawlNetwork crawls 52 sites three times: the first run stores every
// report and attachment once, politely; the second only revalidates (304s);
// the third sees one report edited and one removed.
func TestCrawlNetwork(t *testing.T) {
	const nSites, perSite, rate = 52, 6, 100
	sites := network(t, nSites, perSite)
	dir := t.TempDir()
	cfg := testConfig(t, dir, sitetest.Sources(sites, rate))
	want := expectedDocs(sites)
	reports := 0
	for _, d := range want {
		if d.Kind == KindReport {
			reports++
		}
	}
	robotsSites := 0
	for _, s := range sites {
		if s.Opts.Robots {
			robotsSites++
		}
	}
	t.Logf("%d sites, %d reports, %d documents", nSites, reports, len(want))
	if reports < 300 {
		t.Fatalf("fixture has %d reports, want ≥ 300", reports)
	}

	// Run 1: everything is new.
	start := time.Now()
	sum := crawl(t, cfg)
	t.Logf("run 1: %s", time.Since(start))
	if sum.New != len(want) || sum.Changed+sum.Unchanged+sum.Vanished+sum.Failed != 0 || sum.SkippedRobots != robotsSites {
		t.Errorf("run 1 summary %s; want new %d, skipped by robots %d, nothing else", sum, len(want), robotsSites)
	}
	st := openStore(t, dir)
	checkStore(t, st, sites)
	requests := 0
	for _, s := range sites {
		reqs := s.Requests()
		requests += len(reqs)
		seen := map[string]int{}
		for _, r := range reqs {
			seen[r.Path]++
			if ua := r.Header.Get("User-Agent"); ua != DefaultUserAgent {
				t.Fatalf("%s%s: User-Agent %q", s.URL, r.Path, ua)
			}
			if strings.HasPrefix(r.Path, "/private/") {
				t.Errorf("%s%s fetched although robots.txt disallows it", s.URL, r.Path)
			}
		}
		for _, d := range s.Docs {
			if seen[d.Path] != 1 {
				t.Errorf("%s%s requested %d times, want 1", s.URL, d.Path, seen[d.Path])
			}
		}
		if seen["/robots.txt"] != 1 {
			t.Errorf("%s/robots.txt requested %d times, want 1", s.URL, seen["/robots.txt"])
		}
		// Per-host spacing, from the server's clock: 1/rate, or the Crawl-delay when slower.
		gap := time.Second / rate
		if s.Opts.CrawlDelay != "" {
			gap = 50 * time.Millisecond
		}
		for i := 1; i < len(reqs); i++ {
			if d := reqs[i].Time.Sub(reqs[i-1].Time); d < gap-time.Millisecond {
				t.Errorf("%s: requests %d and %d %s apart, want ≥ %s", s.URL, i-1, i, d, gap)
			}
		}
		s.Reset()
	}
	t.Logf("run 1: %d requests seen by the servers", requests)

	// Run 2: nothing changed; every document is revalidated and answered 304.
	start = time.Now()
	sum = crawl(t, cfg)
	t.Logf("run 2: %s", time.Since(start))
	if sum.Unchanged != len(want) || sum.New+sum.Changed+sum.Vanished+sum.Failed != 0 {
		t.Errorf("run 2 summary %s; want unchanged %d and nothing else", sum, len(want))
	}
	for _, s := range sites {
		for _, r := range s.Requests() {
			if r.Path == "/robots.txt" {
				continue
			}
			if r.Status != http.StatusNotModified || r.Header.Get("If-None-Match") == "" || r.Header.Get("If-Modified-Since") == "" {
				t.Errorf("run 2: %s%s answered %d with If-None-Match %q If-Modified-Since %q; want a conditional request answered 304",
					s.URL, r.Path, r.Status, r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since"))
			}
		}
		s.Reset()
	}

	// Run 3: one report is edited after publication, another disappears.
	edited, removed := sites[1], sites[2]
	editedURL := edited.URL + edited.Docs[0].Path
	removedURL := removed.URL + removed.Docs[len(removed.Docs)-1].Path
	oldBody := edited.Body(edited.Docs[0].Path)
	edited.SetBody(edited.Docs[0].Path, []byte(strings.Replace(string(oldBody), "受理政府信息公开申请3件", "受理政府信息公开申请4件", 1)))
	removed.Remove(removed.Docs[len(removed.Docs)-1].Path)
	sum = crawl(t, cfg)
	if sum.Changed != 1 || sum.Vanished != 1 || sum.Unchanged != len(want)-2 || sum.New+sum.Failed != 0 {
		t.Errorf("run 3 summary %s; want changed 1, vanished 1, unchanged %d", sum, len(want)-2)
	}
	docs := checkStore(t, st, sites)
	vs, err := st.Versions(context.Background(), editedURL)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].SHA256 == vs[1].SHA256 || docs[editedURL].Versions != 2 || docs[editedURL].SHA256 != vs[1].SHA256 {
		t.Fatalf("edited report: versions %+v, document %+v; want 2 versions, the latest listed", vs, docs[editedURL])
	}
	if first, err := st.Read(vs[0].SHA256); err != nil || string(first) != string(oldBody) {
		t.Errorf("first version of the edited report lost: %v", err)
	}
	var outcome string
	var status int
	if err := st.db.QueryRow(`SELECT outcome, status FROM urls WHERE url = ?`, removedURL).Scan(&outcome, &status); err != nil {
		t.Fatal(err)
	}
	if outcome != outcomeVanished || status != http.StatusNotFound {
		t.Errorf("removed report: outcome %q status %d, want vanished 404", outcome, status)
	}
}
