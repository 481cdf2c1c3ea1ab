package gongkai

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/corpus"
)

// rateReport builds a report of a template from facts; a nil value is a blank cell.
func rateReport(template string, facts map[string]*float64) *Report {
	r := &Report{Template: template}
	for k, v := range facts {
		r.Facts = append(r.Facts, Fact{Key: k, Value: v})
	}
	return r
}

func near(a *float64, b float64) bool { return a != nil && math.Abs(*a-b) < 1e-9 }

func TestRateKeysAreCanonical(t *testing.T) {
	canonical := map[string]bool{}
	for _, k := range FactKeys() {
		canonical[k] = true
	}
	for _, rt := range AllRates {
		for _, tmpl := range []string{TemplateLegacy, Template2019, Template2021} {
			if len(rt.Num[tmpl]) == 0 || len(rt.Den[tmpl]) == 0 {
				t.Errorf("%s: no feed in template %s", rt.Name, tmpl)
			}
			for _, k := range rt.Keys(tmpl) {
				if !canonical[k] {
					t.Errorf("%s (%s): %s is not a canonical key", rt.Name, tmpl, k)
				}
			}
		}
	}
}

func TestRateOf(t *testing.T) {
	app := func(row string) string { return Key(TableApplications, row, "total") }
	rl := func(row, col string) string { return Key(TableReviewLitigation, row, col) }
	leg := func(row string) string { return Key(TableLegacy, row, LegacyYear) }
	full2021 := map[string]*float64{
		app("granted"): ptr(6), app("partially_granted"): ptr(2), app("total"): ptr(20),
		app("denied_state_secret"): ptr(1), app("denied_law_forbidden"): ptr(0), app("denied_security_stability"): ptr(0),
		app("denied_third_party"): ptr(1), app("denied_internal_affairs"): ptr(0), app("denied_process_info"): ptr(0),
		app("denied_enforcement_file"): ptr(0), app("denied_admin_query"): ptr(0),
		app("unable_not_held"): ptr(3), app("unable_need_creation"): ptr(1), app("unable_unclear"): ptr(1),
	}
	for _, row := range ReviewRows {
		for col, v := range map[string]float64{"upheld": 3, "corrected": 1, "other": 0, "pending": 5} {
			full2021[rl(row, col)] = ptr(v)
		}
	}
	with := func(base map[string]*float64, key string, v *float64) map[string]*float64 {
		out := map[string]*float64{}
		for k, x := range base {
			out[k] = x
		}
		out[key] = v
		return out
	}
	tests := []struct {
		name   string
		rate   string
		report *Report
		want   *float64
	}{
		{"2021 disclosure", RateDisclosure, rateReport(Template2021, full2021), ptr(8.0 / 20)},
		{"2019 disclosure", RateDisclosure, rateReport(Template2019, full2021), ptr(8.0 / 20)},
		{"refusal sums the eight reasons", RateRefusal, rateReport(Template2021, full2021), ptr(2.0 / 20)},
		{"unable sums three rows", RateUnable, rateReport(Template2021, full2021), ptr(5.0 / 20)},
		// three rows of table 四: 1 corrected each of 3+1+0 concluded; pending is not concluded
		{"correction over concluded cases", RateCorrection, rateReport(Template2021, full2021), ptr(3.0 / 12)},
		{"blank granted beside a printed total is no rate", RateDisclosure, rateReport(Template2021, with(full2021, app("granted"), nil)), nil},
		{"blank total is no rate", RateDisclosure, rateReport(Template2021, with(full2021, app("total"), nil)), nil},
		{"absent cell is no rate", RateRefusal, rateReport(Template2021, with(full2021, app("denied_admin_query"), nil)), nil},
		{"no applications is no rate, not 0%", RateDisclosure, rateReport(Template2021, with(with(with(full2021, app("total"), ptr(0)), app("granted"), ptr(0)), app("partially_granted"), ptr(0))), nil},
		{"a blank pending cell does not matter", RateCorrection, rateReport(Template2021, with(full2021, rl("review", "pending"), nil)), ptr(3.0 / 12)},
		{"numerator above denominator is shown as printed", RateDisclosure, rateReport(Template2021, with(full2021, app("granted"), ptr(40))), ptr(42.0 / 20)},
		{"unknown template", RateDisclosure, rateReport(TemplateUnknown, full2021), nil},
		{"legacy disclosure", RateDisclosure, rateReport(TemplateLegacy, map[string]*float64{
			leg("replies_granted"): ptr(30), leg("replies_partially_granted"): ptr(10), leg("replies_total"): ptr(80)}), ptr(0.5)},
		{"legacy unable needs both rows", RateUnable, rateReport(TemplateLegacy, map[string]*float64{
			leg("replies_not_exist"): ptr(4), leg("replies_total"): ptr(80)}), nil},
		{"legacy correction", RateCorrection, rateReport(TemplateLegacy, map[string]*float64{
			leg("reviews_upheld"): ptr(2), leg("reviews_corrected"): ptr(1), leg("reviews_other"): ptr(1),
			leg("lawsuits_upheld"): ptr(3), leg("lawsuits_corrected"): ptr(0), leg("lawsuits_other"): ptr(1)}), ptr(1.0 / 8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, _ := RateNamed(tt.rate)
			got := rt.Of(tt.report)
			if (got == nil) != (tt.want == nil) || (got != nil && !near(got, *tt.want)) {
				t.Errorf("%s = %v, want %v", tt.rate, deref(got), deref(tt.want))
			}
		})
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// The corpus's typed truth: 洪泽区 2023 prints every cell; 上海市人民政府办公厅
// 2019 leaves the result rows blank beside a printed total of 805.
func TestRatesOfRealReports(t *testing.T) {
	dir, _ := corpus.Dir(t)
	if dir == "" {
		t.Skip("no corpus")
	}
	read := func(name string) *Report {
		data, err := os.ReadFile(filepath.Join(dir, "truth", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var truth struct {
			Template string              `json:"template"`
			Facts    map[string]*float64 `json:"facts"`
		}
		if err := json.Unmarshal(data, &truth); err != nil {
			t.Fatal(err)
		}
		return rateReport(truth.Template, truth.Facts)
	}
	tests := []struct {
		doc, rate string
		want      *float64
	}{
		{"hongze-2023", RateDisclosure, ptr(4.0 / 21)},
		{"hongze-2023", RateRefusal, ptr(3.0 / 21)},
		{"hongze-2023", RateUnable, ptr(13.0 / 21)},
		{"hongze-2023", RateCorrection, ptr(1.0 / 16)}, // 复议 10+1+0, 复议后起诉 5+0+0: the printed totals (0) are not read
		{"shanghai-office-2019", RateDisclosure, nil},
		{"shanghai-office-2019", RateCorrection, nil},
		{"yizhou-donghe-2025", RateDisclosure, nil}, // no applications
	}
	for _, tt := range tests {
		rt, _ := RateNamed(tt.rate)
		got := rt.Of(read(tt.doc))
		if (got == nil) != (tt.want == nil) || (got != nil && !near(got, *tt.want)) {
			t.Errorf("%s %s = %v, want %v", tt.doc, tt.rate, deref(got), deref(tt.want))
		}
	}
}

func TestQuartilesOf(t *testing.T) {
	tests := []struct {
		values []float64
		ok     bool
		want   Quartiles
	}{
		{[]float64{1, 2, 3, 4, 5, 6, 7}, false, Quartiles{N: 7}},
		// R: quantile(1:8, c(.25,.5,.75)) = 2.75 4.5 6.25
		{[]float64{8, 7, 6, 5, 4, 3, 2, 1}, true, Quartiles{8, 2.75, 4.5, 6.25}},
		// R: quantile(c(0,0,0,0,0,0,1,10,10), ...) = 0 0 1
		{[]float64{10, 0, 0, 1, 0, 0, 0, 10, 0}, true, Quartiles{9, 0, 0, 1}},
	}
	for _, tt := range tests {
		got, ok := QuartilesOf(tt.values)
		if ok != tt.ok || got != tt.want {
			t.Errorf("QuartilesOf(%v) = %+v %v, want %+v %v", tt.values, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRateOutliers(t *testing.T) {
	var values []RateValue
	// Eight county bodies of province 65 in 2024, disclosure rates 0.1 … 0.8.
	for i := range 8 {
		values = append(values, RateValue{Rate: RateDisclosure, Office: "县" + string(rune('A'+i)), Region: "650502", Level: "county", Year: 2024, Value: float64(i+1) / 10})
	}
	// The same rates in another province with only seven bodies: no quartiles, no findings.
	for i := range 7 {
		values = append(values, RateValue{Rate: RateDisclosure, Office: "苏" + string(rune('A'+i)), Region: "320813", Level: "county", Year: 2024, Value: float64(i+1) / 10})
	}
	// A body with no level has no peers.
	values = append(values, RateValue{Rate: RateDisclosure, Office: "无层级", Region: "650502", Year: 2024, Value: 0})
	// Unable-to-provide rates are not judged.
	for i := range 8 {
		values = append(values, RateValue{Rate: RateUnable, Office: "县" + string(rune('A'+i)), Region: "650502", Level: "county", Year: 2024, Value: float64(i)})
	}
	got := RateOutliers(values)
	// P25 of 0.1…0.8 is 0.275: bodies A (0.1) and B (0.2) are below it.
	var offices []string
	for _, f := range got {
		offices = append(offices, f.Office)
		if f.Kind != FindingRateOutlier || f.Check != RateDisclosure || !near(f.Want, 0.275) {
			t.Errorf("finding %+v", f)
		}
		if !strings.Contains(f.Detail, "公开率") || !strings.Contains(f.Detail, "低于") || !strings.Contains(f.Detail, "P25 27.5%") {
			t.Errorf("detail %q", f.Detail)
		}
	}
	if strings.Join(offices, " ") != "县A 县B" {
		t.Errorf("outliers %v, want 县A 县B", offices)
	}
}

// A high refusal rate is the finding, not a low one.
func TestRateOutliersDirection(t *testing.T) {
	var values []RateValue
	for i := range 8 {
		values = append(values, RateValue{Rate: RateRefusal, Office: string(rune('A' + i)), Region: "65", Level: "city", Year: 2020, Value: float64(i)})
	}
	got := RateOutliers(values)
	if len(got) != 2 || got[0].Office != "G" || got[1].Office != "H" || !strings.Contains(got[0].Detail, "高于") {
		t.Errorf("refusal outliers %+v, want G and H above P75", got)
	}
}
