package web

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/parse"
)

// The pages in a real headless Chromium (Debian's chromium, installed by
// make test through scripts/ensure-chromium.sh). Without a browser these
// tests skip, unless GONGKAI_REQUIRE_BROWSER=1. Screenshots go to
// $GONGKAI_SCREENSHOTS, default gongkai-screenshots in the system's
// temporary folder (never into the source tree), for a person to look at.

func browser(t *testing.T) context.Context {
	t.Helper()
	path := "/usr/bin/chromium"
	if p, err := exec.LookPath("chromium"); err == nil {
		path = p
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("GONGKAI_REQUIRE_BROWSER") == "1" {
			t.Fatalf("no chromium (%v) and GONGKAI_REQUIRE_BROWSER=1", err)
		}
		t.Skipf("no chromium: %v (scripts/ensure-chromium.sh installs it)", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// do runs actions that return nothing, failing the test on an error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// get runs one action and returns its value, failing the test on an error.
func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// js evaluates a script in the page.
func js[T any](t *testing.T, ctx context.Context, script string) T {
	t.Helper()
	return get(t, ctx, chromedp.Evaluate[T](script))
}

// screenshot saves the whole page as NAME.png for a person to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("GONGKAI_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "gongkai-screenshots")
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 makes a PNG
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserSearch(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, testEntries(t))
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/?q="+url.QueryEscape("依申请公开")), chromedp.WaitVisible(`.results`))
	marks := js[[]string](t, ctx, `Array.from(document.querySelectorAll(".snippet mark")).map(m => m.textContent)`)
	total := get(t, ctx, chromedp.Text(`.total b`))
	if len(marks) == 0 {
		t.Fatal("no <mark> in the snippets")
	}
	for _, m := range marks {
		if m != "依申请公开" {
			t.Errorf("marked %q, want 依申请公开", m)
		}
	}
	if total == "" || total == "0" {
		t.Errorf("total %q", total)
	}
	screenshot(t, ctx, "search")

	// A facet link narrows the search.
	do(t, ctx, chromedp.Click(`.facets li a[href*="year=2020"]`, chromedp.NodeVisible), chromedp.WaitVisible(`.facets li.active`))
	hits := js[int](t, ctx, `Array.from(document.querySelectorAll(".hit h2")).filter(h => !h.textContent.includes("2020年")).length`)
	if hits != 0 {
		t.Errorf("%d hits outside 2020 after clicking the 2020 facet", hits)
	}
}

// hongze-2023.pdf prints 行政复议 10 upheld, 1 corrected and a total of 0:
// the page paints the printed total red (and that of 复议后起诉, which
// fails too), outlines the parts it was checked against, names those
// cells in the 涉及 column, and shows the sections in printed order.
func TestBrowserReportHongze(t *testing.T) {
	dir := indextest.CorpusDir(t)
	if dir == "" {
		t.Skip("no corpus: ../shared/corpus (set GONGKAI_CORPUS)")
	}
	rep, err := parse.File(filepath.Join(dir, "hongze-2023.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	e := gongkai.Entry{ID: gongkai.EntryID(rep.Office, rep.Year, rep.Source), Report: *rep, Region: "320813", Level: "county"}
	ctx := browser(t)
	f := newFixture(t, []gongkai.Entry{e})
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/reports/"+e.ID), chromedp.WaitVisible(`table[data-table=review_litigation]`))
	failed := js[[]string](t, ctx, `Array.from(document.querySelectorAll("table[data-table=review_litigation] td.fail")).map(td => td.dataset.key)`)
	parts := js[[]string](t, ctx, `Array.from(document.querySelectorAll("table[data-table=review_litigation] td.part")).map(td => td.dataset.key)`)
	title := get(t, ctx, chromedp.AttributeValue(`td[data-key="review_litigation.review.total"]`, "title")).Value
	review := get(t, ctx, chromedp.Text(`td[data-key="review_litigation.review.total"]`))
	involved := get(t, ctx, chromedp.Text(`tr[data-check="review_litigation.review.sum"] td.cells`))
	order := js[[]string](t, ctx, `Array.from(document.querySelectorAll("section.section")).map(s => s.dataset.no)`)
	var wantFailed, wantParts []string
	for _, row := range []string{"review", "litigation_after_review"} {
		for _, col := range gongkai.ReviewColumns {
			k := gongkai.Key(gongkai.TableReviewLitigation, row, col)
			if col == "total" {
				wantFailed = append(wantFailed, k)
			} else {
				wantParts = append(wantParts, k)
			}
		}
	}
	if strings.Join(failed, " ") != strings.Join(wantFailed, " ") {
		t.Errorf("red cells of table 四:\n%v\nwant only the printed totals\n%v", failed, wantFailed)
	}
	if strings.Join(parts, " ") != strings.Join(wantParts, " ") {
		t.Errorf("outlined cells of table 四:\n%v\nwant the parts\n%v", parts, wantParts)
	}
	if review != "0" || !strings.Contains(title, "应为 11, 实为 0") || !strings.Contains(title, "第") {
		t.Errorf("review total %q, title %q: want 0 with want 11 / got 0 and where it was printed", review, title)
	}
	for _, cell := range []string{gongkai.KeyLabel("review_litigation.review.total"), gongkai.KeyLabel("review_litigation.review.upheld")} {
		if !strings.Contains(involved, "四 "+cell) {
			t.Errorf("涉及 %q does not name 四 %s", involved, cell)
		}
	}
	if strings.Join(order, "") != "一二三四五六" {
		t.Errorf("sections in the order %v, want 一…六", order)
	}
	screenshot(t, ctx, "report-hongze-2023")
}

func TestBrowserCharts(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, testEntries(t))
	office := indextest.Bodies[1].Office // no 2021 report
	years := 1                           // 2021, with no report, is on the axis too
	points := 0
	for _, e := range f.entries {
		if e.Report.Office == office {
			years++
			if v := e.Report.Fact("applications.new_received.total"); v != nil && v.Value != nil {
				points++
			}
		}
	}
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/body?office="+url.QueryEscape(office)), chromedp.WaitVisible(`svg.line-chart`))
	charts := js[int](t, ctx, `document.querySelectorAll("svg.line-chart").length`)
	dots := js[int](t, ctx, `document.querySelector("svg.line-chart g.series[data-name='新收申请']").querySelectorAll(".pt").length`)
	xlabels := js[int](t, ctx, `document.querySelector("svg.line-chart").querySelectorAll("text.xlabel").length`)
	missing := get(t, ctx, chromedp.Text(`p.bad`))
	if charts != 4 || dots != points || xlabels != years {
		t.Errorf("%d charts, %d points, %d years on the axis; want 4, %d, %d", charts, dots, xlabels, points, years)
	}
	if !strings.Contains(missing, "2021年") {
		t.Errorf("missing years %q lack 2021", missing)
	}
	screenshot(t, ctx, "body")

	do(t, ctx, chromedp.Navigate(f.srv.URL+"/region?region=3208&year=2020"), chromedp.WaitVisible(`svg.bar-chart`))
	bars := js[int](t, ctx, `document.querySelectorAll("svg.bar-chart rect.bar").length`)
	// Sorting by 新收申请 (third column): ascending, then descending.
	column := `Array.from(document.querySelectorAll("#bodies tbody tr")).map(r => Number(r.cells[2].dataset.sort))`
	do(t, ctx, chromedp.Click(`#bodies thead th:nth-child(3)`))
	asc := js[[]float64](t, ctx, column)
	do(t, ctx, chromedp.Click(`#bodies thead th:nth-child(3)`))
	desc := js[[]float64](t, ctx, column)
	if bars != 2 {
		t.Errorf("%d bars for region 3208 in 2020, want 2 (one per body)", bars)
	}
	if len(asc) != 2 || asc[0] > asc[1] || desc[0] < desc[1] || asc[0] == asc[1] {
		t.Errorf("sorted by 新收申请: ascending %v, descending %v", asc, desc)
	}
	screenshot(t, ctx, "region")
}

// Report text carrying <script> and <img onerror> is shown as text and runs nothing.
func TestBrowserInert(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, testEntries(t))
	evil := f.entries[len(f.entries)-1]
	for _, path := range []string{"/reports/" + evil.ID, "/?q=" + url.QueryEscape("依申请公开") + "&office=" + url.QueryEscape("恶意")} {
		do(t, ctx, chromedp.Navigate(f.srv.URL+path), chromedp.WaitReady(`footer`),
			chromedp.Sleep(300*time.Millisecond)) // give an onerror handler its chance
		pwned := js[string](t, ctx, `typeof window.pwned`)
		text := js[string](t, ctx, `document.querySelector("main").innerText`)
		if pwned != "undefined" {
			t.Errorf("%s: window.pwned is %s: report text ran", path, pwned)
		}
		if !strings.Contains(text, "<script>window.pwned=1</script>") || !strings.Contains(text, `<img src=x onerror="window.pwned=1">`) {
			t.Errorf("%s: the payload is not visible as text:\n%s", path, text)
		}
	}
}
