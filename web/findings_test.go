package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

var (
	findingRow    = regexp.MustCompile(`(?s)<tr data-kind="([a-z_]+)"[^>]*>(.*?)</tr>`)
	findingCell   = regexp.MustCompile(`<td[^>]*>(.*?)</td>`)
	kindCountHTML = regexp.MustCompile(`data-kind="([a-z_]+)"[^>]*>[^<]*<span class="count">(\d+)</span>`)
	tag           = regexp.MustCompile(`<[^>]+>`)
)

// findingRows reads the findings table of a page: kind and cell texts.
func findingRows(page string) (kinds []string, cells [][]string) {
	for _, m := range findingRow.FindAllStringSubmatch(page, -1) {
		kinds = append(kinds, m[1])
		var row []string
		for _, c := range findingCell.FindAllStringSubmatch(m[2], -1) {
			row = append(row, tag.ReplaceAllString(c[1], ""))
		}
		cells = append(cells, row)
	}
	return kinds, cells
}

// Findings come a page at a time, every page together holding each finding
// once; a kind filter keeps the counts of every kind; each column sorts;
// late findings name their deadline; no finding says so.
func TestFindingsPage(t *testing.T) {
	entries := testEntries(t)
	for _, e := range indextest.Entries(t, 240, "") { // more bodies, more findings
		if e.Report.Year%3 != 0 {
			e.Report.Published = strconv.Itoa(e.Report.Year+1) + "-03-15"
		}
		entries = append(entries, e)
	}
	f := newFixture(t, entries)
	stored, err := export.All(context.Background(), f.idx, index.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := index.AllFindings(stored)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) <= findingsPageSize {
		t.Fatalf("only %d findings: the test needs more than a page", len(all))
	}
	want := map[string]int{}
	for _, fd := range all {
		want[fd.Kind]++
	}

	seen := 0
	next := "/findings"
	for pages := 0; next != ""; pages++ {
		_, body := f.get(t, next, http.StatusOK)
		page := string(body)
		kinds, _ := findingRows(page)
		if len(kinds) > findingsPageSize || (len(kinds) == 0 && seen < len(all)) {
			t.Fatalf("%s: %d rows", next, len(kinds))
		}
		seen += len(kinds)
		next = ""
		if m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(page); m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
		}
		if pages > 100 {
			t.Fatal("pager does not end")
		}
	}
	if seen != len(all) {
		t.Errorf("the pages hold %d findings, want %d", seen, len(all))
	}

	// Filtering one kind keeps every kind's count.
	_, body := f.get(t, "/findings?kind=late", http.StatusOK)
	for _, m := range kindCountHTML.FindAllStringSubmatch(string(body), -1) {
		if n, _ := strconv.Atoi(m[2]); n != want[m[1]] {
			t.Errorf("with kind=late, %s counts %d, want %d", m[1], n, want[m[1]])
		}
	}
	kinds, cells := findingRows(string(body))
	for i, k := range kinds {
		if k != gongkai.FindingLate {
			t.Errorf("kind=late shows a %s finding", k)
		}
		year, _ := strconv.Atoi(cells[i][2])
		if !strings.Contains(cells[i][6], "期限 "+Deadline(year)) {
			t.Errorf("late finding %v does not name its deadline %s", cells[i], Deadline(year))
		}
	}

	// Each column sorts, both ways: years here, numbers with blanks last.
	for _, tt := range []struct {
		query string
		col   int
		desc  bool
	}{{"sort=year", 2, false}, {"sort=year&desc=1", 2, true}, {"sort=got&kind=check", 5, false}, {"sort=office&desc=1", 1, true}} {
		_, body := f.get(t, "/findings?"+tt.query, http.StatusOK)
		_, cells := findingRows(string(body))
		for i := 1; i < len(cells); i++ {
			a, b := cells[i-1][tt.col], cells[i][tt.col]
			var c int
			if x, errx := strconv.ParseFloat(a, 64); errx == nil {
				y, erry := strconv.ParseFloat(b, 64)
				switch {
				case erry != nil:
					c = -1 // blank last
				case x < y:
					c = -1
				case x > y:
					c = 1
				}
			} else if b != "" && a == "" {
				c = 1
			} else {
				c = strings.Compare(a, b)
			}
			if (tt.desc && c < 0) || (!tt.desc && c > 0) {
				t.Errorf("%s: row %d %q before %q", tt.query, i, a, b)
				break
			}
		}
	}

	_, body = f.get(t, "/findings?office="+url.QueryEscape("没有这个机关"), http.StatusOK)
	if !strings.Contains(string(body), `id="empty"`) || strings.Contains(string(body), `id="findings"`) {
		t.Errorf("no findings: want the empty state, not an empty table")
	}
	// The same findings as a workbook, the kind filter applied.
	_, body = f.get(t, "/api/findings?format=xlsx&kind=late", http.StatusOK)
	rows := sheetRows(t, body, export.SheetFindings)
	if len(rows) != want[gongkai.FindingLate]+2 || rows[1][3] != "年度" {
		t.Errorf("findings workbook: %d rows, want header, labels and %d late findings", len(rows), want[gongkai.FindingLate])
	}
	// Past the bound, a workbook is refused with the way to all of them.
	defer func(n int) { maxXLSXFindings = n }(maxXLSXFindings)
	maxXLSXFindings = want[gongkai.FindingLate] - 1
	_, body = f.get(t, "/api/findings?format=xlsx&kind=late", http.StatusBadRequest)
	if !strings.Contains(string(body), "format=csv") {
		t.Errorf("a findings workbook past the bound: %s, want the way to CSV", body)
	}
	f.get(t, "/api/findings?format=csv&kind=late", http.StatusOK)
	f.get(t, "/api/findings?format=pdf", http.StatusBadRequest)
	f.get(t, "/findings?sort=nonsense", http.StatusBadRequest)
	f.get(t, "/findings?page=0", http.StatusBadRequest)
}

// In Chromium: clicking a column head sorts every finding by it (not just
// the page), clicking again reverses, the pager walks on, and a kind link
// keeps the other kinds' counts.
func TestBrowserFindings(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, testEntries(t))
	years := `Array.from(document.querySelectorAll("#findings tbody tr")).map(r => Number(r.cells[2].textContent))`
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/findings"), chromedp.WaitVisible(`#findings`),
		chromedp.Click(`#findings thead th:nth-child(3) a`), chromedp.WaitVisible(`#findings thead th.asc`))
	asc := js[[]float64](t, ctx, years)
	do(t, ctx, chromedp.Click(`#findings thead th:nth-child(3) a`), chromedp.WaitVisible(`#findings thead th.desc`))
	desc := js[[]float64](t, ctx, years)
	if len(asc) == 0 || !slices.IsSorted(asc) || asc[0] == desc[0] {
		t.Errorf("by year: ascending %v, descending %v", asc, desc)
	}
	screenshot(t, ctx, "findings")
	do(t, ctx, chromedp.Click(`#kinds a[data-kind="late"]`), chromedp.WaitVisible(`#kinds a.active`))
	kinds := js[[]string](t, ctx, `Array.from(document.querySelectorAll("#findings tbody tr")).map(r => r.dataset.kind)`)
	counts := js[[]string](t, ctx, `Array.from(document.querySelectorAll("#kinds a .count")).map(c => c.textContent)`)
	for _, k := range kinds {
		if k != "late" {
			t.Errorf("the late filter shows a %s finding", k)
		}
	}
	nonzero := 0
	for _, c := range counts {
		if c != "0" {
			nonzero++
		}
	}
	if nonzero < 2 {
		t.Errorf("with the late filter, the kinds count %v: the others went to 0", counts)
	}
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/no/such/page"), chromedp.WaitVisible(`form.search`))
	if h := get(t, ctx, chromedp.Text(`h1`)); !strings.Contains(h, "找不到") {
		t.Errorf("404 page heading %q", h)
	}
	screenshot(t, ctx, "not-found")
}
