package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// Places are named wherever a code is shown; region filters take a name
// or a code, former codes mapped to current ones; the region page goes up
// and down the hierarchy.
func TestPlaceNames(t *testing.T) {
	f := newFixture(t, testEntries(t))
	_, body := f.get(t, "/", http.StatusOK)
	for _, want := range []string{"伊州区 (650502)", "洪泽区 (320813)"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	// One region, asked four ways.
	var want int
	for _, e := range f.entries {
		if strings.HasPrefix(e.Region, "6505") {
			want++
		}
	}
	for _, region := range []string{"6505", "6522", "哈密市", "哈密地区"} {
		var res index.Results
		f.getJSON(t, "/api/search?limit=200&region="+url.QueryEscape(region), &res)
		if res.Total != want || want == 0 {
			t.Errorf("region=%s: %d reports, want %d", region, res.Total, want)
		}
	}
	_, body = f.get(t, "/region?region="+url.QueryEscape("伊州区")+"&year=2022", http.StatusOK)
	page := string(body)
	for _, want := range []string{"<h1>伊州区 (650502)</h1>", `href="/region?region=65&amp;year=2022">新疆维吾尔自治区 (65)</a>`, `href="/region?region=6505&amp;year=2022">哈密市 (6505)</a>`, indextest.Bodies[1].Office} {
		if !strings.Contains(page, want) {
			t.Errorf("region page of 伊州区 lacks %q", want)
		}
	}
	_, body = f.get(t, "/region?region=65", http.StatusOK)
	if !strings.Contains(string(body), `<ul class="regions" id="down"><li><a href="/region?region=6505&amp;year=`) || !strings.Contains(string(body), "哈密市 (6505)") {
		t.Errorf("region page of 65 does not go down to 哈密市 (6505)")
	}
	_, body = f.get(t, "/region", http.StatusOK)
	for _, want := range []string{"新疆维吾尔自治区 (65)", "江苏省 (32)"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the provinces lack %q", want)
		}
	}
	f.get(t, "/region?region="+url.QueryEscape("火星"), http.StatusBadRequest)
	f.get(t, "/api/search?region="+url.QueryEscape("朝阳区"), http.StatusBadRequest)
}
