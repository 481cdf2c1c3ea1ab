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
