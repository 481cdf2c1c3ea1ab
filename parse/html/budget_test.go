package html

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/internal/memtest"
)

// TestBudgets holds the pages of issue 19 whose tables expand past the
// budgets (a million cells by colspan, 500,000 rows of rowspan: both ended
// the process out of memory) to a clear error within 256 MiB of heap.
func TestBudgets(t *testing.T) {
	for _, h := range fixtures.HostileHTML() {
		t.Run(h.Name, func(t *testing.T) {
			var err error
			peak := memtest.PeakHeap(func() { _, err = Read(h.Data, "") })
			t.Logf("%d bytes: peak heap %d MiB, err %v", len(h.Data), peak>>20, err)
			if err == nil || !strings.Contains(err.Error(), h.Err) {
				t.Errorf("err = %v, want one containing %q", err, h.Err)
			}
			if peak > 256<<20 {
				t.Errorf("peak heap %d MiB, budget 256 MiB", peak>>20)
			}
		})
	}
	// Within budget, the same kind of table is read.
	rows := strings.Repeat(`<tr><td colspan="2">a</td><td rowspan="2">1</td></tr><tr><td>b</td><td>c</td></tr>`, 100)
	doc, err := Read([]byte("<html><body><h1>年度报告</h1><table>"+rows+"</table></body></html>"), "")
	if err != nil || len(doc.Blocks) < 2 || len(doc.Blocks[1].Table.Rows) != 200 {
		t.Fatalf("a table within budget: %v", err)
	}
}
