package text

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/parse/layout"
)

// A table cut by a form feed is read as one when its columns stand where
// they stood on the page before: a label wrapped over the break keeps its
// row, and the page number between the pages is left out.
func TestReadAlignedOverPageBreak(t *testing.T) {
	page1 := strings.Join([]string{
		"三、收到和处理政府信息公开申请情况",
		"                        自然人    商业企业    科研机构",
		"一、本年新收政府信息         5          3           1",
		"公开申请数量",
		"二、上年结转政府信息         2          0           4",
	}, "\n")
	page2 := strings.Join([]string{
		"公开申请数量",
		"（一）予以公开               4          2           1",
		"（二）部分公开               1          0           0",
		"四、其他",
	}, "\n")
	tests := []struct {
		name      string
		text      string
		wantLabel string // the first cell of the row holding 2, 0, 4
		wantWarn  bool
	}{
		{"cut by a page break", page1 + "\n                          - 3 -\n\f" + page2, "二、上年结转政府信息 公开申请数量", true},
		{"one page", page1 + "\n" + page2, "二、上年结转政府信息 公开申请数量", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks, tables, warns := ReadAligned(strings.Split(tc.text, "\n"))
			if tables != 1 {
				t.Fatalf("%d tables, want 1: %v", tables, dump(blocks))
			}
			var label string
			for _, b := range blocks {
				if b.Table == nil {
					continue
				}
				for _, row := range b.Table.Rows {
					if len(row) >= 4 && row[len(row)-3].Text == "2" && row[len(row)-1].Text == "4" {
						label = row[0].Text
					}
				}
			}
			if label != tc.wantLabel {
				t.Errorf("label of the row 2 0 4 = %q, want %q: %v", label, tc.wantLabel, dump(blocks))
			}
			if got := len(warns) > 0; got != tc.wantWarn {
				t.Errorf("warnings %q, want some: %v", warns, tc.wantWarn)
			}
			for _, b := range blocks {
				if strings.Contains(b.Text, "3 -") {
					t.Errorf("page number read as text: %q", b.Text)
				}
			}
		})
	}
}

func dump(blocks []layout.Block) []string {
	var out []string
	for _, b := range blocks {
		if b.Table == nil {
			out = append(out, b.Text)
			continue
		}
		for _, row := range b.Table.Rows {
			var cells []string
			for _, c := range row {
				cells = append(cells, c.Text)
			}
			out = append(out, strings.Join(cells, "|"))
		}
	}
	return out
}
