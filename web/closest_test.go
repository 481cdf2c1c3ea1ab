package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/gongkai/gongkai/similar"
)

// closestLink is the 同年相近 entry of a report page: the link to the
// closest other report, or the sentence saying there is none.
var closestLink = regexp.MustCompile(`<dd id="closest">(?:<a href="/reports/([^"]*)">([^<]*)</a>|(同年没有与之相近的其他机关报告))`)

// Every report page of the fixtures network, on each backend, shows as
// 同年相近 the report similar.ClosestOthers finds over all the entries of
// its year (the oracle, which reads the whole year), with its body and
// year; a report with none says so.
func TestReportPageClosest(t *testing.T) {
	entries, _ := copyingNetwork(t)
	want, err := similar.ClosestOthers(entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < len(entries)/2 {
		t.Fatalf("only %d of %d reports have a closest other: the test shows little", len(want), len(entries))
	}
	for name, open := range backends(t, "gongkai-test-web-closest") {
		t.Run(name, func(t *testing.T) {
			f := newFixtureOn(t, open(), entries)
			for _, e := range entries {
				_, body := f.get(t, "/reports/"+url.PathEscape(e.ID), http.StatusOK)
				m := closestLink.FindStringSubmatch(string(body))
				if m == nil {
					t.Fatalf("report page of %s %d has no 同年相近", e.Report.Office, e.Report.Year)
				}
				w, ok := want[e.ID]
				switch {
				case !ok && m[3] == "":
					t.Errorf("%s %d: 同年相近 links %s, the oracle finds none", e.Report.Office, e.Report.Year, m[1])
				case ok && m[1] == "":
					t.Errorf("%s %d: 同年相近 shows none, want %s %d", e.Report.Office, e.Report.Year, w.Office, w.Year)
				case ok:
					id, err := url.PathUnescape(m[1])
					if err != nil {
						t.Fatal(err)
					}
					if id != w.ID || html.UnescapeString(m[2]) != fmt.Sprintf("%s %d年报告", w.Office, w.Year) {
						t.Errorf("%s %d: 同年相近 %s %q, want %s %s %d", e.Report.Office, e.Report.Year, id, m[2], w.ID, w.Office, w.Year)
					}
				}
			}
		})
	}
}
