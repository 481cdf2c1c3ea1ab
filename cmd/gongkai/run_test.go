package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/places"
)

// The scheduled job end to end against fixture sites on loopback: crawl,
// parse, index, then search and compare, every answer checked against the
// facts the sites were generated from.
func TestRunSearchCompare(t *testing.T) {
	t.Setenv("GONGKAI_ES_URL", "") // the embedded index in --data: a shared Elasticsearch would hold other tests' reports
	network := fixtures.NewNetwork(6, 2019, 2025)
	served, err := network.Serve()
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	sources := writeFile(t, "sources.yaml", network.Sources(served))
	data := filepath.Join(t.TempDir(), "data")
	reports, broken := 0, 0
	for _, s := range network.Sites {
		for _, r := range s.Reports {
			reports++
			if len(r.Spec.Broken) > 0 {
				broken++
			}
		}
	}

	cli := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if status := run(args, &stdout, &stderr); status != 0 {
			t.Fatalf("gongkai %s: status %d\n%s%s", strings.Join(args, " "), status, stdout.String(), stderr.String())
		}
		return stdout.String()
	}

	out := cli("run", "--sources", sources, "--data", data, "--once")
	for _, want := range []string{"新增 42，", "索引：编入 42，未变 0，移除 0，跳过 0"} {
		if !strings.Contains(out, want) {
			t.Errorf("first run lacks %q:\n%s", want, out)
		}
	}
	out = cli("run", "--sources", sources, "--data", data)
	if !strings.Contains(out, "未变 42") || !strings.Contains(out, "索引：编入 0，未变 42，移除 0，跳过 0") {
		t.Errorf("second run is not incremental:\n%s", out)
	}

	search := func(args ...string) index.Results {
		var res index.Results
		if err := json.Unmarshal([]byte(cli(append([]string{"search", "--data", data, "--json", "--limit", "1000"}, args...)...)), &res); err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := search("政府信息公开"); res.Total != reports {
		t.Errorf("search 政府信息公开: %d reports, want %d", res.Total, reports)
	}
	site := network.Sites[0]
	res := search("--region", site.Region[:4], "--year", "2024")
	want := 0
	for _, s := range network.Sites {
		if strings.HasPrefix(s.Region, site.Region[:4]) {
			want++
		}
	}
	if res.Total != want {
		t.Errorf("region %s in 2024: %d reports, want %d", site.Region[:4], res.Total, want)
	}
	// A former code in the sources file (652201) is filed under the current one.
	for _, h := range res.Hits {
		if h.Region != places.Latest(site.Region) || (site.Region == "652201" && h.Region != "650502") {
			t.Errorf("%s filed under %s; sources say %s, now %s", h.Office, h.Region, site.Region, places.Latest(site.Region))
		}
	}
	if text := cli("search", "--data", data, "--region", places.Name(site.Region), "--year", "2024", ""); !strings.Contains(text, places.Label(places.Latest(site.Region))) {
		t.Errorf("search by the place's name does not show it named:\n%s", text)
	}
	if res := search("--failed-checks"); res.Total != broken || broken == 0 {
		t.Errorf("failed checks: %d reports, want %d (> 0)", res.Total, broken)
	}

	var cmp index.Comparison
	key := "applications.new_received.total"
	if err := json.Unmarshal([]byte(cli("compare", "--data", data, "--json", "--office", site.Name, "--years", "2019-2025", "--key", key)), &cmp); err != nil {
		t.Fatal(err)
	}
	if len(cmp.Rows) != 7 {
		t.Fatalf("compare %s: %d rows, want 7", site.Name, len(cmp.Rows))
	}
	total := 0.0
	for i, row := range cmp.Rows {
		spec := site.Reports[len(site.Reports)-1-i].Spec // reports are listed newest first
		v := spec.Facts[key]
		if row.Year != spec.Year || (v == nil) != (row.Values[0] == nil) || (v != nil && *v != *row.Values[0]) {
			t.Errorf("%d: %v, want %d %v", row.Year, row.Values[0], spec.Year, v)
		}
		if v != nil {
			total += *v
		}
	}
	if cmp.Totals[0] != total {
		t.Errorf("total %v, want %v", cmp.Totals[0], total)
	}

	text := cli("compare", "--data", data, "--region", site.Region, "--years", "2025")
	if !strings.Contains(text, site.Name) || !strings.Contains(text, "合计") {
		t.Errorf("compare table:\n%s", text)
	}
}
