package gongkai

import (
	"strings"
	"testing"
)

// The pre-2019 statistics table's checks read in Chinese, naming the row.
func TestLegacyCheckLabels(t *testing.T) {
	for id, want := range map[string]string{
		"legacy.applications_received.parts.year":       "分项之和",
		"legacy.applications_received.parts.cumulative": "历年累计",
		"legacy.applications_received.cumulative.carry": "上年累计",
	} {
		got := CheckLabel(id)
		if got == id || !strings.Contains(got, want) || !strings.Contains(got, "统计表") {
			t.Errorf("CheckLabel(%q) = %q, want a Chinese label with %q", id, got, want)
		}
	}
}
