package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/parse"
)

// A body's page reads its pre-2019 reports through the crosswalk: the
// legacy year's 新收申请 and 行政复议 stand in the same columns as later years'.
func TestBodyPageLegacyYears(t *testing.T) {
	specs := []*fixtures.Spec{
		fixtures.GenerateLegacyFor(21, 2, 2014, fixtures.NationalForm),
		fixtures.GenerateFor(22, 2, 2021),
	}
	var entries []gongkai.Entry
	for _, s := range specs {
		rep, err := parse.Bytes(s.Template+".html", s.Render(fixtures.Options{Layout: fixtures.HTMLGrid}))
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, gongkai.Entry{ID: gongkai.EntryID(rep.Office, rep.Year, s.Template), Report: *rep})
	}
	f := newFixture(t, entries)
	_, body := f.get(t, "/body?office="+url.QueryEscape(specs[0].Office), http.StatusOK)
	page := string(body)
	for i, key := range []string{"legacy.applications_received.year", "applications.new_received.total"} {
		v := specs[i].Facts[key]
		if v == nil {
			t.Fatalf("fixture %d prints no %s", i, key)
		}
		row := ">" + strconv.Itoa(specs[i].Year) + `</a></td><td class="num">` + num(v) + "</td>"
		if !strings.Contains(page, row) {
			t.Errorf("body page lacks %s's 新收申请 %s (%s)", strconv.Itoa(specs[i].Year), num(v), key)
		}
	}
}
