package text

import (
	"slices"
	"strings"
	"testing"
)

// Rows of table 三 whose labels pdftotext -layout wrapped over several
// lines of narrow columns (Word's layout of the report, borderless or
// ruled) keep each line of a label in its own row.
func TestReadAlignedWrappedLabels(t *testing.T) {
	tests := []struct {
		name string
		text []string
		want []string // the table's rows
	}{
		{
			// a group label and an item label three spaces apart run
			// together into one label; the rest of both, below, goes on
			// under it, not into the row below
			"the rest of a label of two columns' words",
			[]string{
				"        不予处   信访举         —   —       —   —        1   —       1",
				"         理    报投诉",
				"              类申请",
				"              重复申         —   —       —   —        1   —       1",
				"               请",
				"              要求提         —   —       —   —        —   —       —",
			},
			[]string{
				"不予处 信访举 理 报投诉 类申请|—|—|—|—|1|—|1",
				"重复申 请|—|—|—|—|1|—|1",
				"要求提|—|—|—|—|—|—|—",
			},
		},
		{
			// an item number with its words after it (2.   申请) takes no
			// words from the line above: that is the rest of the label
			// above it
			"the last line of a label above an item number with its words",
			[]string{
				"        1.申请      １    0   0   0   0   0   １",
				"          人无正",
				"          息公开",
				"           申请",
				"          2.   申请   0    0   0   0   0   0   0",
				"          人逾期",
				"        3.其他        0    0   0   0   0   0   0",
			},
			[]string{
				"1.申请 人无正 息公开 申请|１|0|0|0|0|0|１",
				"2. 申请 人逾期|0|0|0|0|0|0|0",
				"3.其他|0|0|0|0|0|0|0",
			},
		},
		{
			// values printed in the middle of their row's label, with no
			// label on their line: the label's first line above them
			// begins their row, not the rest of the row above's
			"values in the middle of their label",
			[]string{
				"本年    予以公开        ９        0           0            0",
				"",
				"    部分公开（区分",
				"度办",
				"                  １        0           0            0",
				"理结",
				" 果 处理的，只计这",
				"    一情形，不计其",
				"      他情形）",
				"    不予   属于国      0        0           0            0",
			},
			[]string{
				"本年|予以公开|９|0|0|0",
				"度办 理结|部分公开（区分 果 处理的，只计这 一情形，不计其 他情形）|１|0|0|0",
				"不予 属于国|0|0|0|0",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks, _, _ := ReadAligned(tc.text)
			if rows := dump(blocks); !slices.Equal(rows, tc.want) {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
