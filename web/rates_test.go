package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
)

// peerEntries are 2024 reports of region 6505: ten counties whose
// disclosure rates are 1/20 … 10/20 (every cell printed), one county whose
// granted cell is blank (no rate), and three streets (too few for
// quartiles).
func peerEntries() []gongkai.Entry {
	var out []gongkai.Entry
	add := func(office, level string, granted *float64) {
		r := gongkai.Report{Office: office, Year: 2024, Template: gongkai.Template2021, Published: "2025-01-20"}
		set := func(key string, v *float64) { r.Facts = append(r.Facts, gongkai.Fact{Key: key, Value: v}) }
		for _, k := range gongkai.FactKeys() {
			if strings.HasPrefix(k, gongkai.TableApplications+".") || strings.HasPrefix(k, gongkai.TableReviewLitigation+".") {
				set(k, ptr(0))
			}
		}
		for i := range r.Facts {
			switch r.Facts[i].Key {
			case "applications.granted.total":
				r.Facts[i].Value = granted
			case "applications.total.total", "applications.new_received.total":
				r.Facts[i].Value = ptr(20)
			}
		}
		out = append(out, gongkai.Entry{ID: gongkai.EntryID(office, 2024, "t"), Report: r, Region: "650502", Level: level})
	}
	for i := 1; i <= 10; i++ {
		add(fmt.Sprintf("伊州区第%02d局", i), "county", ptr(float64(i)))
	}
	add("伊州区空白局", "county", nil)
	for i := 1; i <= 3; i++ {
		add(fmt.Sprintf("伊州区第%d街道办事处", i), "street", ptr(float64(i)))
	}
	return out
}

// The region page gives each level's quartiles of every rate, under the
// minimum count says so, and the lowest disclosure rates are findings.
func TestBrowserRegionQuartiles(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, peerEntries())
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/region?region=6505&year=2024"), chromedp.WaitVisible(`#peers`))
	cell := func(level, rate, class string) string {
		return js[string](t, ctx, fmt.Sprintf(`(document.querySelector('#peers tr[data-level=%q][data-rate=%q] %s') || {}).textContent || ""`, level, rate, class))
	}
	// R: quantile((1:10)/20, c(.25,.5,.75)) = 0.1625 0.2750 0.3875
	for class, want := range map[string]string{"td.p25": "16.3%", "td.p50": "27.5%", "td.p75": "38.8%"} {
		if got := cell("county", gongkai.RateDisclosure, class); got != want {
			t.Errorf("county 公开率 %s = %q, want %q", class, got, want)
		}
	}
	if n := cell("county", gongkai.RateDisclosure, "td:nth-child(3)"); n != "10" {
		t.Errorf("county 公开率 counts %s bodies, want 10 (the blank one left out)", n)
	}
	if got := cell("street", gongkai.RateDisclosure, "td:nth-child(4)"); !strings.Contains(got, "样本不足") || cell("street", gongkai.RateDisclosure, "td.p50") != "" {
		t.Errorf("street 公开率 with 3 bodies shows %q, want 样本不足 and no quartile", got)
	}
	// No application was refused anywhere: 0% at every quartile; no review
	// was concluded: no correction rate, so no bodies.
	if got := cell("county", gongkai.RateRefusal, "td.p75"); got != "0.0%" {
		t.Errorf("county 不予公开率 P75 %q, want 0.0%%", got)
	}
	if got := cell("county", gongkai.RateCorrection, "td:nth-child(3)"); got != "0" {
		t.Errorf("county 纠错率 counts %q bodies, want 0", got)
	}
	screenshot(t, ctx, "region-quartiles")

	// The body page sets the body's rate beside the same quartiles.
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/body?office="+url.QueryEscape("伊州区第01局")), chromedp.WaitVisible(`#body-peers`))
	row := js[[]string](t, ctx, `Array.from(document.querySelector("#body-peers tbody tr").cells).map(c => c.textContent)`)
	if strings.Join(row, "|") != "2024|公开率|5.0% 低于P25|10|16.3%|27.5%|38.8%" {
		t.Errorf("body page's 公开率 row: %q", row)
	}
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/body?office="+url.QueryEscape("伊州区第1街道办事处")), chromedp.WaitVisible(`#body-peers`))
	if row := js[string](t, ctx, `document.querySelector("#body-peers tbody tr").textContent`); !strings.Contains(row, "样本不足") {
		t.Errorf("a street among three shows %q, want 样本不足", row)
	}

	do(t, ctx, chromedp.Navigate(f.srv.URL+"/findings?kind=rate_outlier"), chromedp.WaitVisible(`main`))
	text := js[string](t, ctx, `document.querySelector("main").innerText`)
	for _, want := range []string{"伊州区第01局", "伊州区第03局", "公开率 15.0%，低于同省县级机关 P25 16.3%"} {
		if !strings.Contains(text, want) {
			t.Errorf("findings page lacks %q", want)
		}
	}
	if strings.Contains(text, "伊州区第04局") || strings.Contains(text, "街道办事处") {
		t.Errorf("findings name a body at or above P25, or one of too few peers:\n%s", text)
	}
}

// A renamed body's page runs on across both names and shows its names.
func TestBodyPageAcrossNames(t *testing.T) {
	body := gongkai.Body{Name: "伊州区新名局", Aliases: []gongkai.Alias{{Name: "伊州区旧名局", Until: 2023, Note: "2024年更名"}, {Name: "伊州区并入局", Until: 2023}}}
	body.ID = body.DefaultID()
	entries := peerEntries()[:2]
	for i, office := range []string{"伊州区旧名局", "伊州区新名局"} {
		entries[i].Report.Office, entries[i].Report.Year, entries[i].Body = office, 2023+i, body
		entries[i].ID = gongkai.EntryID(office, 2023+i, "t")
	}
	f := newFixture(t, entries)
	for _, office := range []string{"伊州区旧名局", "伊州区新名局"} { // the names with reports
		_, page := f.get(t, "/body?office="+url.QueryEscape(office), 200)
		html := string(page)
		for _, want := range []string{`id="history"`, "伊州区旧名局</td><td>2023", "伊州区新名局</td><td>2024", "2024年更名", body.ID, ">2023</a>", ">2024</a>", "2023年后，伊州区旧名局、伊州区并入局 合并为 伊州区新名局"} {
			if !strings.Contains(html, want) {
				t.Errorf("/body?office=%s lacks %q", office, want)
			}
		}
		if strings.Contains(html, "缺少年度报告") {
			t.Errorf("/body?office=%s: a year is missing across the rename", office)
		}
	}
	_, region := f.get(t, "/region?region=6505&year=2024", 200)
	if strings.Contains(string(region), `id="missing"`) || !strings.Contains(string(region), "伊州区新名局") {
		t.Errorf("the region page lists the renamed body as missing under its former name, or not at all")
	}
	res, panel := f.get(t, "/api/export?format=panel", 200)
	lines := strings.Split(strings.TrimSpace(string(panel)), "\n")
	if !strings.Contains(res.Header.Get("Content-Disposition"), "gongkai.panel.csv") || lines[0] != strings.Join(export.PanelColumns, ",") {
		t.Fatalf("panel download %q starts %q", res.Header.Get("Content-Disposition"), lines[0])
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, body.ID+",") {
			t.Errorf("panel row outside the body: %s", l)
		}
	}
}
