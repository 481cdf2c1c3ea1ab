package gongkai

import (
	"os"
	"sort"
	"strings"
	"testing"
)

func TestLegacyKeys(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range LegacyRows {
		if seen[r.Key] {
			t.Errorf("legacy row %s listed twice", r.Key)
		}
		seen[r.Key] = true
	}
	for _, r := range LegacyRows {
		if r.Parent != "" && !seen[r.Parent] {
			t.Errorf("%s: parent %s is not a legacy row", r.Key, r.Parent)
		}
	}
	for _, k := range LegacySums {
		if !seen[k] {
			t.Errorf("sum %s is not a legacy row", k)
		}
	}
	if got := KeyLabel("legacy.reviews.cumulative"); got != "行政复议数量 · 历年累计" {
		t.Errorf("KeyLabel = %q", got)
	}
	if got := KeyLabel("legacy.no_such_row.year"); got != "legacy.no_such_row.year" {
		t.Errorf("KeyLabel of an unknown key = %q, want the key", got)
	}
}

// The sums a legacy form implies pass when they hold, fail when printed
// wrong, and cover only rows the report prints.
func TestLegacyChecks(t *testing.T) {
	num := func(v float64) *float64 { return &v }
	r := &Report{Template: TemplateLegacy}
	for k, v := range map[string]*float64{
		"legacy.replies_total.year":             num(5),
		"legacy.replies_granted.year":           num(2),
		"legacy.replies_partially_granted.year": num(1),
		"legacy.replies_refused.year":           num(2),
		"legacy.refused_state_secret.year":      num(1),
		"legacy.refused_other_law.year":         nil, // blank: counted as 0, so 1 ≠ 2
		"legacy.reviews.year":                   num(1),
		"legacy.reviews_upheld.year":            num(1),
		"legacy.active_total.year":              num(10),
		"legacy.active_website.year":            num(10),
		"legacy.active_gazette.year":            num(3), // channels overlap: no sum
	} {
		r.Facts = append(r.Facts, Fact{Key: k, Value: v})
	}
	status := map[string]string{}
	for _, c := range RunChecks(r) {
		status[c.ID] = c.Status
	}
	want := map[string]string{
		"legacy.replies_total.parts.year":   Pass,
		"legacy.replies_refused.parts.year": Fail,
		"legacy.reviews.parts.year":         Pass,
	}
	var ids []string
	for id := range status {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(status) != len(want) {
		t.Errorf("checks %v, want %v", ids, want)
	}
	for id, s := range want {
		if status[id] != s {
			t.Errorf("%s = %q, want %q", id, status[id], s)
		}
	}
}

// 历年累计 carries over: this year's cumulative is last year's plus this year.
func TestLegacyCumulativeCarry(t *testing.T) {
	num := func(v float64) *float64 { return &v }
	rep := func(year int, facts map[string]*float64) *Report {
		r := &Report{Year: year, Template: TemplateLegacy}
		for k, v := range facts {
			r.Facts = append(r.Facts, Fact{Key: k, Value: v})
		}
		return r
	}
	prev := rep(2012, map[string]*float64{"legacy.active_total.cumulative": num(3620), "legacy.reviews.cumulative": num(1)})
	cur := rep(2013, map[string]*float64{
		"legacy.active_total.year": num(72804), "legacy.active_total.cumulative": num(76424),
		"legacy.reviews.year": num(0), "legacy.reviews.cumulative": num(2),
	})
	got := map[string]string{}
	for _, c := range CrossYearChecks(prev, cur) {
		got[c.ID] = c.Status
	}
	want := map[string]string{"legacy.active_total.cumulative.carry": Pass, "legacy.reviews.cumulative.carry": Fail}
	if len(got) != len(want) {
		t.Errorf("checks %v, want %v", got, want)
	}
	for id, s := range want {
		if got[id] != s {
			t.Errorf("%s = %q, want %q", id, got[id], s)
		}
	}
	national := func(year int) *Report { return rep(year, map[string]*float64{"legacy.reviews.year": num(1)}) }
	if checks := CrossYearChecks(national(2015), national(2016)); len(checks) != 0 {
		t.Errorf("forms without a cumulative column: %v", checks)
	}
}

// The project's doc of the legacy table names every row and series.
func TestLegacyDocumented(t *testing.T) {
	doc, err := os.ReadFile("docs/legacy.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range LegacyRows {
		if !strings.Contains(string(doc), "`"+r.Key+"`") {
			t.Errorf("docs/legacy.md does not list legacy row %s", r.Key)
		}
	}
	for _, s := range AllSeries {
		if !strings.Contains(string(doc), "`"+s.Name+"`") && !strings.Contains(string(doc), s.Name) {
			t.Errorf("docs/legacy.md does not list series %s", s.Name)
		}
	}
}
