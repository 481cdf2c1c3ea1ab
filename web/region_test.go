package web

import (
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The region page lists a year's bodies a page at a time: following its
// next links from the first page lists every body of the region's year
// once, in the order of office, the one report that stands for each, as
// one page holding them all does; the quartiles, over every body, are the
// same on every page. On each backend the test can reach.
func TestRegionPages(t *testing.T) {
	entries := testEntries(t)
	for name, open := range backends(t, "gongkai-test-web-region") {
		t.Run(name, func(t *testing.T) { regionPages(t, newFixtureOn(t, open(), entries)) })
	}
}

func regionPages(t *testing.T, f *fixture) {
	region, year := "65", 0
	offices := map[int]map[string]bool{}
	for _, e := range f.entries {
		if strings.HasPrefix(e.Region, region) {
			if offices[e.Report.Year] == nil {
				offices[e.Report.Year] = map[string]bool{}
			}
			offices[e.Report.Year][e.Report.Office] = true
			if len(offices[e.Report.Year]) > len(offices[year]) {
				year = e.Report.Year
			}
		}
	}
	want := sortedKeys(offices[year])
	if len(want) < 3 {
		t.Fatalf("region %s: at most %d bodies a year, want ≥ 3 to page", region, len(want))
	}
	rowRE := regexp.MustCompile(`<td class="office"><a href="/reports/([^"]+)">([^<]+)</a>`)
	nextRE := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	peers := func(body []byte) string {
		s := string(body)
		return s[strings.Index(s, "同级机关比率分位数"):strings.Index(s, "未发布年报的机关")]
	}
	first := "/region?region=" + region + "&year=" + strconv.Itoa(year)
	_, whole := f.get(t, first, http.StatusOK)
	var wholeRows []string
	for _, m := range rowRE.FindAllSubmatch(whole, -1) {
		wholeRows = append(wholeRows, string(m[2])+" "+string(m[1]))
	}
	if len(wholeRows) != len(want) || strings.Contains(string(whole), `rel="next"`) {
		t.Fatalf("one page: %d rows, want %d and no next page", len(wholeRows), len(want))
	}

	defer func(n int) { regionPageReports = n }(regionPageReports)
	for _, size := range []int{1, 2} {
		regionPageReports = size
		var rows []string
		pages := 0
		for path := first; path != ""; pages++ {
			_, body := f.get(t, path, http.StatusOK)
			for _, m := range rowRE.FindAllSubmatch(body, -1) {
				rows = append(rows, string(m[2])+" "+string(m[1]))
			}
			if peers(body) != peers(whole) {
				t.Errorf("page size %d, %s: the quartiles differ from the whole year's", size, path)
			}
			path = ""
			if m := nextRE.FindSubmatch(body); m != nil {
				path = html.UnescapeString(string(m[1]))
			}
			if pages > 100 {
				t.Fatal("the next links do not end")
			}
		}
		if !slices.Equal(rows, wholeRows) || pages < 2 {
			t.Errorf("page size %d: %d pages listing %v, want the one page's %v", size, pages, rows, wholeRows)
		}
	}
	regionPageReports = 100
	f.get(t, first+"&offset=-1", http.StatusBadRequest)
	f.get(t, first+"&offset=x", http.StatusBadRequest)
}

// A province's quartiles, which the index keeps, are those of its rates
// read report by report: peerEntries are all in 6505, so the page of 65
// shows the quartiles the page of 6505 computes (公开率 among ten county
// bodies: P25 16.3%).
func TestRegionQuartilesOfProvince(t *testing.T) {
	f := newFixture(t, peerEntries())
	peers := func(path string) string {
		_, body := f.get(t, path, http.StatusOK)
		s := string(body)
		return s[strings.Index(s, `id="peers"`):strings.Index(s, "未发布年报的机关")]
	}
	province, city := peers("/region?region=65&year=2024"), peers("/region?region=6505&year=2024")
	if province != city || !strings.Contains(city, "16.3%") {
		t.Errorf("province 65's quartiles differ from 6505's, or lack P25 16.3%%:\n%s\n%s", province, city)
	}
}
