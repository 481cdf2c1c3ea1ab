package gongkai

import (
	"strings"
	"testing"
)

// report builds a report of the year and template with the given facts;
// a negative value stands for a blank cell.
func report(year int, template string, facts map[string]float64) *Report {
	r := &Report{Office: "某县人民政府", Year: year, Template: template}
	for k, v := range facts {
		f := Fact{Key: k, Raw: ""}
		if v >= 0 {
			f.Value = ptr(v)
		}
		r.Facts = append(r.Facts, f)
	}
	return r
}

func findCheck(checks []Check, id string) *Check {
	for i := range checks {
		if checks[i].ID == id {
			return &checks[i]
		}
	}
	return nil
}

func TestCrossYearChecks(t *testing.T) {
	const (
		fwd     = "applications.carried_forward.total"
		over    = "applications.carried_over.total"
		inForce = "active.regulations.in_force"
		issued  = "active.regulations.issued"
		repeal  = "active.regulations.repealed"
	)
	tests := []struct {
		name       string
		prev, cur  *Report
		id         string
		status     string // "" when the check must be absent
		want, got  float64
		reasonHas  string
		checkCount int // -1: don't care
	}{
		{"carry balances", report(2022, Template2021, map[string]float64{fwd: 3}), report(2023, Template2021, map[string]float64{over: 3}),
			"applications.total.carry", Pass, 3, 3, "2022年结转下年度 3", 1},
		{"carry differs", report(2022, Template2021, map[string]float64{fwd: 3}), report(2023, Template2021, map[string]float64{over: 1}),
			"applications.total.carry", Fail, 3, 1, "2023年上年结转 1", 1},
		{"blank carried forward counts as zero", report(2022, Template2021, map[string]float64{fwd: -1}), report(2023, Template2021, map[string]float64{over: 2}),
			"applications.total.carry", Fail, 0, 2, "", 1},
		{"blank printed figure skipped", report(2022, Template2021, map[string]float64{fwd: 2}), report(2023, Template2021, map[string]float64{over: -1}),
			"applications.total.carry", Skipped, 0, 0, "blank", 1},
		{"one side missing skipped", report(2022, Template2021, map[string]float64{}), report(2023, Template2021, map[string]float64{over: 2}),
			"applications.total.carry", Skipped, 0, 0, "missing", 1},
		{"not consecutive", report(2021, Template2021, map[string]float64{fwd: 3}), report(2023, Template2021, map[string]float64{over: 1}),
			"applications.total.carry", "", 0, 0, "", 0},
		{"in force adds up", report(2022, Template2021, map[string]float64{inForce: 10}), report(2023, Template2021, map[string]float64{inForce: 12, issued: 3, repeal: 1}),
			"active.regulations.in_force", Pass, 12, 12, "差 0", 1},
		{"in force difference reported", report(2022, Template2021, map[string]float64{inForce: 10}), report(2023, Template2021, map[string]float64{inForce: 15, issued: 3, repeal: 1}),
			"active.regulations.in_force", Fail, 12, 15, "差 3", 1},
		{"2019 template skipped", report(2020, Template2019, map[string]float64{inForce: 10}), report(2021, Template2021, map[string]float64{inForce: 15, issued: 3, repeal: 1}),
			"active.regulations.in_force", Skipped, 0, 0, "2021 template", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checks := CrossYearChecks(tt.prev, tt.cur)
			if tt.checkCount >= 0 && len(checks) != tt.checkCount {
				t.Errorf("%d checks, want %d: %+v", len(checks), tt.checkCount, checks)
			}
			c := findCheck(checks, tt.id)
			if tt.status == "" {
				if c != nil {
					t.Fatalf("check %s present: %+v", tt.id, c)
				}
				return
			}
			if c == nil {
				t.Fatalf("no check %s in %+v", tt.id, checks)
			}
			if c.Status != tt.status {
				t.Errorf("status %s, want %s (%s)", c.Status, tt.status, c.Reason)
			}
			if tt.status != Skipped && (c.Want == nil || c.Got == nil || *c.Want != tt.want || *c.Got != tt.got) {
				t.Errorf("want/got %s/%s, want %v/%v", number(c.Want), number(c.Got), tt.want, tt.got)
			}
			if tt.status == Skipped && (c.Want != nil || c.Got != nil) {
				t.Errorf("skipped check carries want/got %s/%s", number(c.Want), number(c.Got))
			}
			if !strings.Contains(c.Reason, tt.reasonHas) {
				t.Errorf("reason %q lacks %q", c.Reason, tt.reasonHas)
			}
		})
	}
}

func TestLate(t *testing.T) {
	signed := "2024-02-01"
	tests := []struct {
		published string
		signed    *string
		late      bool
	}{
		{"2024-01-31", nil, false},
		{"2024-02-01", nil, true},
		{"", &signed, true},
		{"2024-01-15", &signed, false}, // the page's date wins over the signing date
		{"", nil, false},
		{"2024年1月", nil, false},
	}
	for _, tt := range tests {
		r := &Report{Year: 2023, Published: tt.published, Signed: tt.signed}
		if got := Late(r); got != tt.late {
			t.Errorf("published %q signed %v: late %v, want %v", tt.published, tt.signed, got, tt.late)
		}
	}
}

func TestFindings(t *testing.T) {
	entry := func(office string, year int, published string, facts map[string]float64, failed ...string) Entry {
		r := report(year, Template2021, facts)
		r.Office, r.Published = office, published
		for _, id := range failed {
			r.Checks = append(r.Checks, Check{ID: id, Status: Fail, Want: ptr(11), Got: ptr(0)}, Check{ID: id + ".ok", Status: Pass})
		}
		return Entry{ID: office + string(rune('0'+year%10)), Report: *r, Region: "320813"}
	}
	entries := []Entry{
		entry("甲", 2022, "2023-01-20", map[string]float64{"applications.carried_forward.total": 2}),
		entry("甲", 2023, "2024-02-05", map[string]float64{"applications.carried_over.total": 0}, "review_litigation.review.sum"),
		entry("乙", 2022, "2023-01-20", nil),
	}
	entries[2].Versions = 2 // 乙's 2022 report was edited after it was first collected
	got := Findings(entries)
	var kinds []string
	for _, f := range got {
		kinds = append(kinds, f.Office+" "+string(rune('0'+f.Year%10))+" "+f.Kind+" "+f.Check)
	}
	want := []string{ // office order is code point order: 乙 (U+4E59) before 甲 (U+7532)
		"乙 2 revised ",
		"乙 3 missing ",
		"甲 3 check review_litigation.review.sum",
		"甲 3 cross_year applications.total.carry",
		"甲 3 late ",
	}
	if strings.Join(kinds, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(kinds, "\n"), strings.Join(want, "\n"))
	}
	if got[2].Want == nil || *got[2].Want != 11 || got[4].Detail != "2024-02-05" || got[1].Region != "320813" || got[1].ID != "" ||
		got[0].Detail != "2 versions collected" || got[0].ID != entries[2].ID {
		t.Errorf("finding details: %+v", got)
	}
}
