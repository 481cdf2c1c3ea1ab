package sheet

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A workbook written by excelize: a title line merged across the sheet, then
// table 四's head with a label merged down two rows and across two columns.
func TestReadMerges(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"2024年某县政府信息公开工作年度报告"},
		{"行政复议", nil, "行政诉讼"},
		{nil, nil, "未经复议直接起诉", "复议后起诉"},
		{"结果维持", "总计", "结果维持", "结果维持"},
		{1, 1, 0, 2},
		{"五、存在的主要问题及改进情况"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A1", "D1"}, {"A2", "B3"}, {"C2", "D2"}, {"A6", "D6"}} {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		if b.Table == nil {
			got = append(got, b.Text)
			continue
		}
		for _, row := range b.Table.Rows {
			var cells []string
			for _, c := range row {
				s := c.Text
				if c.Carried {
					s = "^" + s
				}
				cells = append(cells, s)
			}
			got = append(got, strings.Join(cells, "|"))
		}
	}
	want := []string{
		"2024年某县政府信息公开工作年度报告",
		"行政复议|行政诉讼",
		"^行政复议|未经复议直接起诉|复议后起诉",
		"结果维持|总计|结果维持|结果维持",
		"1|1|0|2",
		"五、存在的主要问题及改进情况",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReadBroken(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("PK\x03\x04"), []byte("not a workbook")} {
		if _, err := Read(data); err == nil || !strings.HasPrefix(err.Error(), "xlsx: ") {
			t.Errorf("%q: err = %v, want an xlsx error", data, err)
		}
	}
}
