package ingest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// TestFindColumn starts at the home page of each platform replica and must
// arrive at its annual-report column, with the body's name, the platform,
// and an entry that LoadSources accepts and that crawls every report.
func TestFindColumn(t *testing.T) {
	cases := []struct {
		site     *sitetest.Site
		platform string
	}{
		{sitetest.NewHanweb(t, sitetest.HanwebOptions{Name: "大汉市第一区人民政府", Reports: 5, Notices: 2}), PlatformHanweb},
		{sitetest.NewGkmlpt(t, "广州市某某区人民政府", 7, 5), PlatformGkmlpt},
		{sitetest.NewFramed(t, "某某县人民政府办公室", 6, 4), ""},
	}
	if browserInstalled() {
		cases = append(cases, struct {
			site     *sitetest.Site
			platform string
		}{sitetest.NewScripted(t, "脚本列表街道办事处", 7, 5, "http://127.0.0.2:9"), ""})
	}
	for _, tc := range cases {
		t.Run(tc.site.Opts.Name, func(t *testing.T) {
			col, err := FindColumn(context.Background(), Config{Sites: []Site{{Rate: 100}}}, tc.site.URL+"/", true)
			if err != nil {
				t.Fatal(err)
			}
			entry := col.Entry()
			t.Logf("entry:\n%s", entry)
			if col.Listing != tc.site.Start() || col.Name != tc.site.Opts.Name || col.Platform != tc.platform || col.Reports == 0 {
				t.Errorf("found %+v; want listing %s, name %s, platform %s, reports confirmed", col, tc.site.Start(), tc.site.Opts.Name, tc.platform)
			}
			if strings.Join(col.Via, " → ") != "政务公开 → 政府信息公开年报" {
				t.Errorf("via %v", col.Via)
			}
			sites, err := ParseSources("discovered", []byte("sites:\n"+entry))
			if err != nil || len(sites) != 1 {
				t.Fatalf("entry does not load: %v", err)
			}
			cfg := testConfig(t, t.TempDir(), "sites:\n"+entry)
			cfg.Sites[0].Rate = 200
			sum := crawl(t, cfg)
			if want := len(tc.site.Docs); sum.New != want {
				t.Errorf("crawl of the discovered entry: %s; want new %d", sum, want)
			}
		})
	}
	if _, err := FindColumn(context.Background(), Config{Backoff: time.Millisecond, MaxTries: 2}, "http://127.0.0.1:9/", true); err == nil {
		t.Error("a home page that cannot be reached gave a column")
	}
}

// TestFindColumnSubdomain: the open-government portal of a body is often on
// a host under its own (xxgk.example.gov.cn); discover follows it there, but
// not to the parent's site, which is another body. Host names are resolved
// to the loopback replica by the test's name server (testResolve).
func TestFindColumnSubdomain(t *testing.T) {
	s := sitetest.NewHanweb(t, sitetest.HanwebOptions{Name: "某某县人民政府", Reports: 4})
	port := strings.TrimPrefix(s.URL, "http://127.0.0.1:")
	testResolve = func(string) string { return "127.0.0.1:" + port }
	defer func() { testResolve = nil }()
	home := "http://www.county.city.gov.cn:" + port + "/"
	s.Handle("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Host == "www.city.gov.cn:"+port {
			w.Write([]byte(`<html><head><title>某某市人民政府</title></head><body><a href="/col/col99/index.html">政府信息公开年报</a></body></html>`))
			return
		}
		fmt.Fprintf(w, `<html><head><meta charset="utf-8"><title>某某县人民政府门户网站</title></head><body>
<a href="http://www.city.gov.cn:%s/">政务公开（市）</a>
<a href="http://xxgk.county.city.gov.cn:%s/col/col2/index.html">政务公开</a></body></html>`, port, port)
	})
	col, err := FindColumn(context.Background(), Config{Sites: []Site{{Rate: 100}}}, home, true)
	if err != nil {
		t.Fatal(err)
	}
	want := "http://xxgk.county.city.gov.cn:" + port + "/col/col12345/index.html"
	if col.Listing != want || col.Name != "某某县人民政府" || col.Reports == 0 {
		t.Errorf("found %+v; want %s of 某某县人民政府", col, want)
	}
	for _, r := range s.Requests() {
		if r.Path == "/col/col99/index.html" {
			t.Error("followed the parent body's site")
		}
	}
}
