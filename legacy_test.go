package gongkai

import (
	"sort"
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
