package grid

import (
	"testing"
	"time"
)

// A page of many short lines at the left edge, each beside a line of the
// report, and no report's title among them, is no sidebar, and finding
// so takes time in proportion to its lines (a sidebar is at most
// sideMax lines), not to their square.
func TestSidebarsBounded(t *testing.T) {
	var ts []Text
	for i := 0; i < 20000; i++ {
		y := float64(i) * 20
		ts = append(ts, glyphs("甲乙", 0, y, 10)...)
		ts = append(ts, glyphs("丙丁戊己", 200, y+10, 10)...)
	}
	lines := Lines(ts)
	start := time.Now()
	found := Sidebars(lines, nil, SidebarOptions{Col: 5, Indent: 6, Gap: 0.4, WideGap: 0.4})
	if took := time.Since(start); took > 5*time.Second || len(found) != 0 {
		t.Errorf("%d sidebars in %v, want none within 5 s", len(found), took)
	}
}
