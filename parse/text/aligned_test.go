package text

import (
	"slices"
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

// The title of a sub-table of table 二 (第二十条 第（八）项), however the
// extractor spaced or split it, ends the sub-table above and heads none:
// it is neither a row of the one above nor part of the header below.
func TestReadAlignedArticleTitles(t *testing.T) {
	above := strings.Join([]string{
		"     信息内容                           本年处理     决定数量",
		"     行政处罚                                    3",
		"",
		"     行政强制                                    5",
		"",
	}, "\n")
	below := strings.Join([]string{
		"     信息内容                     本年收费金额（单位：万元）",
		"行政事业性收费                 19",
	}, "\n")
	tests := []struct {
		name, title string
	}{
		{"article and item spaced", "                            第二十     条\n                            第（八）项"},
		{"item number on a line of its own", "                            第二十     条\n                                八\n                            第（ ）项"},
		{"item split before its header", "                            第二十条\n                             （\n                            第 八）项"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks, tables, _ := ReadAligned(strings.Split(above+"\n"+tc.title+"\n"+below, "\n"))
			if tables != 2 {
				t.Fatalf("%d tables, want 2: %q", tables, dump(blocks))
			}
			var rows []string
			for _, b := range blocks {
				if b.Table != nil {
					rows = append(rows, dump([]layout.Block{b})...)
				}
			}
			for _, r := range rows {
				if strings.Contains(r, "第") || strings.Contains(r, "条") {
					t.Errorf("title read into a table: %q", r)
				}
			}
			if last := rows[len(rows)-1]; last != "行政事业性收费|19" {
				t.Errorf("last row %q, want 行政事业性收费|19: %q", last, rows)
			}
		})
	}
}

// A row the extractor printed over two lines, its first values on the
// line above the rest, is one row when together they fill the columns
// exactly; two lines that together hold more or fewer values stay apart.
func TestReadAlignedSplitRow(t *testing.T) {
	head := strings.Join([]string{
		"                 自然人  商业企业  科研机构     总计",
		"（六）其他处理        1       0         0       1",
	}, "\n")
	tests := []struct {
		name, rows string
		want       []string // the rows after the first two
	}{
		{"split after its first value", "        总    12\n    （七） 计          3         0      15",
			[]string{"（七） 计|总|12|3|0|15"}},
		{"split after a value a space from its label", "       其他处理 3\n         （六）          无         0      4",
			[]string{"其他处理|（六）|3|无|0|4"}},
		// two lines short of values, each with a number that may be two
		// values run together (12: 1 and 2?), are kept in order, short,
		// for the reader to skip: where their values stand is not known
		{"two rows short of values", "        甲    12    4\n    （七） 计          3         0      15",
			[]string{"甲|12|4", "（七） 计|3|0|15"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks, _, _ := ReadAligned(strings.Split(head+"\n"+tc.rows, "\n"))
			rows := dump(blocks)
			if len(rows) < 2 || !slices.Equal(rows[2:], tc.want) {
				t.Errorf("rows %q, want %q after the header and the first", rows, tc.want)
			}
		})
	}
}

// A text whose values are all 无 has no number to tell how it counts a
// Chinese character's columns: it is read as pdftotext counts them, one
// each, and a long label on a line of its own stays a label. Counted two
// wide, it reached over the values and ended the table as prose (v198's
// LibreOffice PDF, fresh set 216–251: （六）'s rows lost).
func TestReadAlignedNoDigits(t *testing.T) {
	text := strings.Join([]string{
		"                 4.无正当理由大量反复申请            无   无   无",
		"",
		"         1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公",
		"                                          无   无   无",
		"                       开申请",
		"",
		"（六）其他处",
		"       2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政",
		"   理                                      无   无   无",
		"                   府信息公开申请",
		"",
		"                      3.其他                无   无   无",
	}, "\n")
	blocks, tables, _ := ReadAligned(strings.Split(text, "\n"))
	rows := dump(blocks)
	if tables != 1 || len(rows) != 4 || !strings.HasPrefix(rows[2], "（六）其他处 理|2.申请人逾期") || !strings.HasSuffix(rows[2], "|无|无|无") {
		t.Errorf("%d tables, rows %q, want one of four, the third （六）'s item 2", tables, rows)
	}
}
