package web

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gongkai/gongkai/index/indextest"
)

func ptr(v float64) *float64 { return &v }

// Counts get whole-number ticks, about five, from 0 to at least the largest value.
func TestCountTicks(t *testing.T) {
	for _, max := range []float64{0, 1, 2, 3, 7, 12, 37, 50, 99, 101, 1234, 48000} {
		c := lineChart("t", "", []string{"2020", "2021"}, []series{{"a", []*float64{ptr(max), ptr(0)}}})
		if len(c.YTicks) < 2 || len(c.YTicks) > 11 {
			t.Errorf("max %v: %d ticks", max, len(c.YTicks))
		}
		last, _ := strconv.ParseFloat(c.YTicks[len(c.YTicks)-1].Label, 64)
		if last < max {
			t.Errorf("max %v: axis ends at %v", max, last)
		}
		for _, tk := range c.YTicks {
			v, err := strconv.ParseFloat(tk.Label, 64)
			if err != nil || v != math.Trunc(v) {
				t.Errorf("max %v: tick %q is not a whole number", max, tk.Label)
			}
		}
	}
}

// A year without a value breaks the line instead of joining across it.
func TestLineGaps(t *testing.T) {
	c := lineChart("t", "%", []string{"2019", "2020", "2021", "2022", "2023"},
		[]series{{"share", []*float64{ptr(10), ptr(20), nil, ptr(30), ptr(40)}}, {"alone", []*float64{nil, ptr(5), nil, nil, nil}}})
	if n := len(c.Lines[0].Segments); n != 2 {
		t.Errorf("a gap in the middle: %d segments, want 2", n)
	}
	if n, dots := len(c.Lines[1].Segments), len(c.Lines[1].Dots); n != 0 || dots != 1 {
		t.Errorf("a lone value: %d segments and %d markers, want 0 and 1", n, dots)
	}
	if c.Lines[0].Shape == c.Lines[1].Shape || c.Lines[0].Dash == c.Lines[1].Dash {
		t.Errorf("two series share a marker or dash")
	}
}

// Thousands and tens are not drawn on one scale.
func TestOneScalePerChart(t *testing.T) {
	tens := series{"规章", []*float64{ptr(12), ptr(30)}}
	moreTens := series{"规范性文件", []*float64{ptr(8), ptr(45)}}
	thousands := series{"行政处罚", []*float64{ptr(2400), ptr(3100)}}
	charts := lineCharts("主动公开", "", []string{"2022", "2023"}, []series{tens, thousands, moreTens})
	if len(charts) != 2 {
		t.Fatalf("%d charts, want 2", len(charts))
	}
	if len(charts[0].Lines) != 1 || charts[0].Lines[0].Name != "行政处罚" || len(charts[1].Lines) != 2 {
		t.Errorf("groups: %v / %v", charts[0].Title, charts[1].Title)
	}
	if n := len(lineCharts("复议", "", []string{"2022"}, []series{{"a", []*float64{ptr(12)}}, {"b", []*float64{ptr(1)}}})); n != 1 {
		t.Errorf("12 and 1 split into %d charts; small counts share one", n)
	}
}

// In Chromium: every series of a chart has its own marker shape; the
// region's bars carry the bodies' full names; the region table keeps each
// number and date on one line.
func TestBrowserChartsReadable(t *testing.T) {
	ctx := browser(t)
	entries := testEntries(t)
	long := "新疆维吾尔自治区哈密市伊州区人民政府办公室政务公开科"
	for i := range entries {
		if entries[i].Report.Office == indextest.Bodies[0].Office {
			entries[i].Report.Office = long
		}
	}
	f := newFixture(t, entries)
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/body?office="+url.QueryEscape(indextest.Bodies[1].Office)), chromedp.WaitVisible(`svg.line-chart`))
	dup := js[int](t, ctx, `Array.from(document.querySelectorAll("svg.line-chart")).filter(svg => {
		const shapes = Array.from(svg.querySelectorAll("g.series")).map(g => g.dataset.shape);
		return new Set(shapes).size != shapes.length;
	}).length`)
	if dup != 0 {
		t.Errorf("%d charts with two series of one marker shape", dup)
	}
	// Narrower than the table: it scrolls rather than wrapping digits.
	do(t, ctx, chromedp.EmulateViewport(900, 1000), chromedp.Navigate(f.srv.URL+"/region?region=6522&year=2022"), chromedp.WaitVisible(`svg.bar-chart`))
	labels := js[[]string](t, ctx, `Array.from(document.querySelectorAll("svg.bar-chart text.ylabel")).map(t => Array.from(t.querySelectorAll("tspan")).map(s => s.textContent).join(""))`)
	titles := js[[]string](t, ctx, `Array.from(document.querySelectorAll("svg.bar-chart g.bar-row > title")).map(t => t.textContent)`)
	found := false
	for i, l := range labels {
		if l == long {
			found = true
		}
		if i < len(titles) && !strings.HasPrefix(titles[i], l) {
			t.Errorf("bar %q has hover title %q", l, titles[i])
		}
	}
	if !found {
		t.Errorf("no bar labelled in full %q: %q", long, labels)
	}
	wrapped := js[[]string](t, ctx, `Array.from(document.querySelectorAll("#bodies td.num, #bodies td.date")).filter(td => {
		const r = document.createRange(); r.selectNodeContents(td);
		return td.textContent.trim() != "" && r.getClientRects().length > 1;
	}).map(td => td.textContent)`)
	if len(wrapped) > 0 {
		t.Errorf("numbers or dates wrapped over lines: %q", wrapped)
	}
	tall := js[[]string](t, ctx, `Array.from(document.querySelectorAll("#bodies td.office a:first-child")).filter(a => a.getClientRects().length > 3).map(a => a.textContent)`)
	if len(tall) > 0 {
		t.Errorf("bodies' names squeezed over more than three lines: %q", tall)
	}
	screenshot(t, ctx, "region-long-names")
}
