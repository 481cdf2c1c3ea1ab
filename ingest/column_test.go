package ingest

import (
	"context"
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
