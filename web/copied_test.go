package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/parse"
	"github.com/gongkai/gongkai/similar"
)

// copyingNetwork parses the reports of a fixtures network whose body
// fixtures.CopyingBody copies its narrative from year to year, and returns
// them with the generator's truth for each report against the one before.
func copyingNetwork(t *testing.T) ([]gongkai.Entry, map[string]fixtures.Copied) {
	t.Helper()
	network := fixtures.NewNetwork(4, 2022, 2025)
	var entries []gongkai.Entry
	truth := map[string]fixtures.Copied{} // by entry id
	for _, site := range network.Sites {
		for k, sr := range site.Reports {
			rep, err := parse.Bytes(sr.Path, sr.Spec.Render(sr.Options))
			if err != nil {
				t.Fatalf("%s %s: %v", site.Name, sr.Path, err)
			}
			if rep.Office != site.Name || rep.Year != sr.Spec.Year {
				t.Fatalf("%s: read %s %d, want %s %d", sr.Path, rep.Office, rep.Year, site.Name, sr.Spec.Year)
			}
			e := gongkai.Entry{ID: gongkai.EntryID(rep.Office, rep.Year, site.Name+sr.Path), Report: *rep, Region: site.Region, Level: site.Level}
			entries = append(entries, e)
			if k+1 < len(site.Reports) {
				truth[e.ID] = sr.Spec.CopiedFrom(site.Reports[k+1].Spec)
			}
		}
	}
	return entries, truth
}

// On the fixtures network, stored in a real SQLite index: the copying body
// is found, in each year whose truth reaches the threshold, with the share
// of sentences the generator copied (a paragraph stating a figure in other
// words than last year's is not copied, so some years fall short), and a
// body that does not copy is found whenever its stock phrasings repeat
// clearly above the threshold.
func TestCopiedFindings(t *testing.T) {
	entries, truth := copyingNetwork(t)
	for name, open := range backends(t, "gongkai-test-web-copied") {
		t.Run(name, func(t *testing.T) { testCopiedFindings(t, newFixtureOn(t, open(), entries), truth) })
	}
}

func testCopiedFindings(t *testing.T, f *fixture, truth map[string]fixtures.Copied) {
	entries := f.entries
	var found index.FindingResults
	f.getJSON(t, "/api/findings?kind=copied&limit=1000", &found)
	byID := map[string]gongkai.Finding{}
	for _, rf := range found.Findings {
		fd := rf.Finding
		if fd.Kind != gongkai.FindingCopied || fd.Got == nil {
			t.Fatalf("kind=copied answered %+v", fd)
		}
		byID[fd.ID] = fd
	}
	copier := 0
	for _, e := range entries {
		want, ok := truth[e.ID]
		if !ok {
			if _, found := byID[e.ID]; found {
				t.Errorf("%s %d: a finding with no report of the year before", e.Report.Office, e.Report.Year)
			}
			continue
		}
		fd, flagged := byID[e.ID]
		isCopier := e.Report.Office == copierName(t)
		var got float64
		if flagged {
			got = *fd.Got / 100
		}
		switch {
		case isCopier && flagged != (want.Ratio() >= similar.Threshold):
			t.Errorf("copying body %d: truth %d/%d sentences repeated, finding %v", e.Report.Year, want.Repeated, want.Sentences, flagged)
		case isCopier && !flagged: // below the threshold, as its truth: no percentage to check
		case isCopier && math.Abs(got-want.Ratio()) > 0.1:
			t.Errorf("copying body %d: 与上年雷同 %.0f%%, truth %d/%d", e.Report.Year, 100*got, want.Repeated, want.Sentences)
		case !isCopier && want.Ratio() >= similar.Threshold+0.1 && !flagged:
			// The measure never counts fewer sentences than the generator
			// repeated; it may count more, near copies among its stock phrasings.
			t.Errorf("%s %d: truth %d/%d sentences repeated, no finding", e.Report.Office, e.Report.Year, want.Repeated, want.Sentences)
		}
		if flagged && !strings.Contains(fd.Detail, fmt.Sprintf("与 %d 年报告雷同", e.Report.Year-1)) {
			t.Errorf("detail %q does not name %d", fd.Detail, e.Report.Year-1)
		}
		if flagged && isCopier {
			copier++
		}
	}
	if copier < 2 {
		t.Errorf("the copying body has %d copied findings in 2023–2025, want at least 2", copier)
	}
	// The copying body's report page shows the share and the closest other
	// body's report of its year, read through this backend.
	for id, fd := range byID {
		_, body := f.get(t, "/reports/"+url.PathEscape(id), http.StatusOK)
		page := string(body)
		if !strings.Contains(page, fmt.Sprintf("与上年雷同 %v%%", *fd.Got)) {
			t.Errorf("report page of %s %d lacks 与上年雷同 %v%%", fd.Office, fd.Year, *fd.Got)
		}
		if !strings.Contains(page, `<dd id="closest">`) {
			t.Errorf("report page of %s %d lacks 同年相近", fd.Office, fd.Year)
		}
	}
	// The findings page lists the kind with its label.
	_, body := f.get(t, "/findings?kind=copied", http.StatusOK)
	if !strings.Contains(string(body), `data-kind="copied"`) || !strings.Contains(string(body), "与上年雷同") {
		t.Errorf("findings page lacks the copied findings")
	}
}

// copierName is the name of the network's copying body.
func copierName(t *testing.T) string {
	t.Helper()
	return fixtures.NewNetwork(fixtures.CopyingBody+1, 2025, 2025).Sites[fixtures.CopyingBody].Name
}

// The report page of a copied report shows its share and, side by side,
// each repeated sentence beside last year's sentence it repeats.
func TestBrowserCopied(t *testing.T) {
	entries, truth := copyingNetwork(t)
	var cur, prev gongkai.Entry
	for _, e := range entries {
		if e.Report.Office == copierName(t) {
			switch e.Report.Year {
			case 2025:
				cur = e
			case 2024:
				prev = e
			}
		}
	}
	want := truth[cur.ID]
	ctx := browser(t)
	f := newFixture(t, entries)
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/reports/"+url.PathEscape(cur.ID)), chromedp.WaitVisible(`#copied table.side-by-side`))
	heading := get(t, ctx, chromedp.Text(`#copied h2`))
	bad := js[bool](t, ctx, `document.querySelector("#copied h2 span").classList.contains("bad")`)
	rows := js[[][]string](t, ctx, `Array.from(document.querySelectorAll("#copied tr.pair")).map(r => [r.cells[0].textContent, r.cells[1].textContent])`)
	link := get(t, ctx, chromedp.AttributeValue(`#copied p a`, "href")).Value
	var percent int
	if _, err := fmt.Sscanf(strings.TrimSpace(heading), "与上年雷同 %d%%", &percent); err != nil {
		t.Fatalf("heading %q: %v", heading, err)
	}
	if math.Abs(float64(percent)-100*want.Ratio()) > 10 || !bad {
		t.Errorf("heading %q (marked %v), truth %d/%d sentences", heading, bad, want.Repeated, want.Sentences)
	}
	if d := len(rows) - want.Repeated; d < -1 || d > 1 {
		t.Errorf("%d sentences side by side, truth %d repeated", len(rows), want.Repeated)
	}
	narrative := func(e gongkai.Entry) string {
		var b strings.Builder
		for _, s := range e.Report.Sections {
			b.WriteString(s.Text)
		}
		return b.String()
	}
	for _, r := range rows {
		if !strings.Contains(narrative(cur), r[0]) || !strings.Contains(narrative(prev), r[1]) {
			t.Errorf("pair %q ↔ %q: not this year's sentence beside last year's", r[0], r[1])
		}
	}
	if link != "/reports/"+prev.ID {
		t.Errorf("link to last year's report %q, want %s", link, prev.ID)
	}

	// 同年相近: another body's report of 2025, the one whose narrative is
	// closest by exact Jaccard (or as close, within the estimate's error),
	// with the share of this report's sentences that repeat it.
	closest := get(t, ctx, chromedp.AttributeValue(`#closest a`, "href")).Value
	closestText := get(t, ctx, chromedp.Text(`#closest`))
	doc := func(e gongkai.Entry) *similar.Doc {
		d, err := similar.New(&e.Report)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	this := doc(cur)
	best, bestID, shown := -1.0, "", -1.0
	var shownCmp similar.Comparison
	for _, e := range entries {
		if e.Report.Year != cur.Report.Year || e.Report.Office == cur.Report.Office {
			continue
		}
		o := doc(e)
		j := similar.Jaccard(this, o)
		if j > best {
			best, bestID = j, e.ID
		}
		if "/reports/"+e.ID == closest {
			shown, shownCmp = j, similar.Compare(this, o)
		}
	}
	if shown < 0 {
		t.Fatalf("同年相近 links %q, not another body's report of %d (closest is %s)", closest, cur.Report.Year, bestID)
	}
	if shown < best-0.15 {
		t.Errorf("同年相近 has Jaccard %.2f, another body's report has %.2f", shown, best)
	}
	if want := fmt.Sprintf("句中 %d 句与之雷同（%d%%）", shownCmp.Repeated, shownCmp.Percent()); !strings.Contains(closestText, want) {
		t.Errorf("同年相近 %q, want %q", closestText, want)
	}
	screenshot(t, ctx, "report-copied")
}
