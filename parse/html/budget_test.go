package html

import (
	"errors"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/memtest"
)

// page wraps rows in a report-like page with one table.
func page(rows string) []byte {
	return []byte("<html><body><h1>政府信息公开工作年度报告</h1><table>" + rows + "</table></body></html>")
}

// TestBudgets holds pages whose tables expand past the budgets (issue 19:
// a million cells by colspan, 500,000 rows of rowspan, both ended the
// process out of memory) to a clear error within 256 MiB of heap.
func TestBudgets(t *testing.T) {
	tests := []struct {
		name string
		page []byte
		want error
	}{
		{"a million cells by colspan", page(strings.Repeat(`<tr>`+strings.Repeat(`<td colspan="64">0</td>`, 40)+`</tr>`, 400)), ErrTooManyCells},
		{"100,000 rows of rowspan 1000", page(strings.Repeat(`<tr><td rowspan="1000">0</td></tr>`, 100_000)), ErrTooManyCells},
		{"500,000 rows of rowspan 1000", page(strings.Repeat(`<tr><td rowspan="1000">0</td></tr>`, 500_000)), ErrTooLarge},
		{"a page over the byte budget", page(strings.Repeat(`<tr><td>一</td></tr>`, MaxBytes/20)), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			peak := memtest.PeakHeap(func() { _, err = Read(tt.page, "") })
			t.Logf("%d bytes: peak heap %d MiB, err %v", len(tt.page), peak>>20, err)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if peak > 256<<20 {
				t.Errorf("peak heap %d MiB, budget 256 MiB", peak>>20)
			}
		})
	}
	// Within budget, the same kind of table is read.
	doc, err := Read(page(strings.Repeat(`<tr><td colspan="2">a</td><td rowspan="2">1</td></tr><tr><td>b</td><td>c</td></tr>`, 100)), "")
	if err != nil || len(doc.Blocks) < 2 || len(doc.Blocks[1].Table.Rows) != 200 {
		t.Fatalf("a table within budget: %v", err)
	}
}
