package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// The API's lists page by cursor: next and prev walk the same rows, in
// the same order, as offsets do; a deep offset and a bad cursor are the
// client's error, in Chinese, pointing to the cursor.
func TestAPICursorPages(t *testing.T) {
	f := newFixture(t, indextest.Entries(t, 60, ""))
	var whole index.FindingResults
	f.getJSON(t, "/api/findings?sort=kind&limit=1000", &whole)
	var want []string
	for _, x := range whole.Findings {
		want = append(want, x.Key+x.ID+x.Detail)
	}
	walk := func(start, param string, next func(*index.FindingResults) string) []string {
		var got []string
		for path, n := start, 0; path != "" && n <= len(want); n++ {
			var res index.FindingResults
			f.getJSON(t, path, &res)
			if res.Total != whole.Total || fmt.Sprint(res.Kinds) != fmt.Sprint(whole.Kinds) {
				t.Fatalf("%s: total %d kinds %v, want %d %v", path, res.Total, res.Kinds, whole.Total, whole.Kinds)
			}
			var page []string
			for _, x := range res.Findings {
				page = append(page, x.Key+x.ID+x.Detail)
			}
			if param == "before" {
				got = append(page, got...)
			} else {
				got = append(got, page...)
			}
			path = ""
			if c := next(&res); c != "" {
				path = "/api/findings?sort=kind&limit=7&" + param + "=" + url.QueryEscape(c)
			}
		}
		return got
	}
	if got := walk("/api/findings?sort=kind&limit=7", "after", func(r *index.FindingResults) string { return r.Next }); !slices.Equal(got, want) {
		t.Errorf("findings after next cursors: %d, want the %d of the whole list in order", len(got), len(want))
	}
	if got := walk("/api/findings?sort=kind&limit=7&last=1", "before", func(r *index.FindingResults) string { return r.Prev }); !slices.Equal(got, want) {
		t.Errorf("findings before prev cursors from last=1: %d, want the %d of the whole list in order", len(got), len(want))
	}

	var all index.Results
	f.getJSON(t, "/api/search?limit=200", &all)
	var hits []string
	for path, n := "/api/search?limit=9", 0; path != "" && n <= len(all.Hits); n++ {
		var res index.Results
		f.getJSON(t, path, &res)
		for _, h := range res.Hits {
			hits = append(hits, h.ID)
		}
		path = ""
		if res.Next != "" {
			path = "/api/search?limit=9&after=" + url.QueryEscape(res.Next)
		}
	}
	if len(hits) != len(all.Hits) || !slices.EqualFunc(hits, all.Hits, func(id string, h index.Hit) bool { return id == h.ID }) {
		t.Errorf("search after next cursors: %d hits, want the %d in order", len(hits), len(all.Hits))
	}

	var kindPage index.FindingResults
	f.getJSON(t, "/api/findings?sort=kind&limit=7", &kindPage)
	for _, c := range []struct{ path, says string }{
		{"/api/findings?offset=9901&limit=100", "after="},
		{"/api/search?offset=9990&limit=20", "after="},
		{"/api/findings?after=bm9wZQ", "游标"},
		{"/api/search?before=bm9wZQ", "游标"},
		{"/api/findings?sort=year&after=" + url.QueryEscape(kindPage.Next), "游标"}, // another sort's
		{"/api/findings?offset=7&last=1", "只能用其一"},
		{"/api/search?offset=7&after=x", "只能用其一"},
	} {
		_, body := f.get(t, c.path, http.StatusBadRequest)
		if !strings.Contains(string(body), c.says) {
			t.Errorf("%s: %s, want it to say %q", c.path, body, c.says)
		}
	}
}

// The findings page's links go by cursor: next, previous, first and last
// show the rows page=N shows, numbered as it numbers them.
func TestFindingsPageCursorLinks(t *testing.T) {
	f := newFixture(t, indextest.Entries(t, 60, ""))
	var whole index.FindingResults
	f.getJSON(t, "/api/findings?limit=1", &whole)
	pages := (whole.Total + findingsPageSize - 1) / findingsPageSize
	if pages < 3 {
		t.Fatalf("%d findings: fewer than three pages", whole.Total)
	}
	keys := regexp.MustCompile(`data-key="([^"]*)"`)
	link := func(body []byte, rel string) string {
		m := regexp.MustCompile(`<a href="([^"]*)" rel="` + rel + `"`).FindSubmatch(body)
		if m == nil {
			return ""
		}
		return html.UnescapeString(string(m[1]))
	}
	open := func(path string) ([]byte, []string) {
		_, body := f.get(t, path, http.StatusOK)
		var ks []string
		for _, m := range keys.FindAllSubmatch(body, -1) {
			ks = append(ks, string(m[1]))
		}
		return body, ks
	}
	byPage := func(n int) []string {
		_, ks := open(fmt.Sprintf("/findings?page=%d", n))
		return ks
	}
	numbered := func(body []byte, n int) {
		t.Helper()
		from := (n-1)*findingsPageSize + 1
		if want := fmt.Sprintf("第 %d–%d 项", from, min(from+findingsPageSize-1, whole.Total)); !strings.Contains(string(body), want) {
			t.Errorf("page %d does not say %s", n, want)
		}
	}

	body, _ := open("/findings")
	for n := 2; n <= pages; n++ {
		next := link(body, "next")
		if next == "" || !strings.Contains(next, "after=") {
			t.Fatalf("page %d: next link %q, want a cursor", n-1, next)
		}
		var ks []string
		body, ks = open(next)
		if !slices.Equal(ks, byPage(n)) {
			t.Errorf("page %d by the next link differs from page=%d", n, n)
		}
		numbered(body, n)
	}
	if link(body, "next") != "" || link(body, "last") != "" {
		t.Error("the last page links to a next or last page")
	}
	body, ks := open(link(body, "first"))
	if !slices.Equal(ks, byPage(1)) {
		t.Error("the first link does not show page 1")
	}
	body, ks = open(link(body, "last"))
	if !slices.Equal(ks, byPage(pages)) {
		t.Error("the last link does not show the last page")
	}
	numbered(body, pages)
	body, ks = open(link(body, "prev"))
	if !slices.Equal(ks, byPage(pages-1)) {
		t.Error("prev from the last page does not show the one before")
	}
	numbered(body, pages-1)

	_, deep := f.get(t, fmt.Sprintf("/findings?page=%d", index.MaxOffset/findingsPageSize+1), http.StatusBadRequest)
	if !strings.Contains(string(deep), "末页") {
		t.Errorf("a page number past the offsets: %s, want it to point to the links", deep)
	}
}
