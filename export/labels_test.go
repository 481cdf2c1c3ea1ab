package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// With labels, the CSV's second row names every column in Chinese: the
// metadata's names, and each key as the template prints it.
func TestCSVLabels(t *testing.T) {
	_, all := entries(t)
	for _, long := range []bool{false, true} {
		var b bytes.Buffer
		if err := Write(&b, "csv", Options{Long: long, Labels: true}, all); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), BOM))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		head, labels := rows[0], rows[1]
		if len(labels) != len(head) {
			t.Fatalf("long=%v: %d labels for %d columns", long, len(labels), len(head))
		}
		if labels[1] != "机关" || labels[2] != "年度" {
			t.Errorf("long=%v: label row starts %q", long, labels[:3])
		}
		if !long {
			col := slices.Index(head, "review_litigation.review.total")
			if labels[col] != "行政复议 · 总计" {
				t.Errorf("label of review_litigation.review.total: %q", labels[col])
			}
			if rows[2][0] != all[0].ID {
				t.Errorf("first report not right under the labels: %q", rows[2][0])
			}
			continue
		}
		for _, row := range rows[2:] {
			if row[7] != gongkai.KeyLabel(row[3]) {
				t.Errorf("long row %v: label %q, want %q", row[:4], row[7], gongkai.KeyLabel(row[3]))
			}
		}
	}
}

// Every sheet of the workbook has a Chinese label row under its header,
// and years and figures are stored as numbers, not text.
func TestXLSXLabelsAndNumbers(t *testing.T) {
	f, _, _ := workbookOf(t, stored(t, indextest.Entries(t, 14, "")), index.Filter{})
	for _, tt := range []struct {
		sheet   string
		label   string // the year column's label
		numbers []string
	}{
		{SheetReports, "年度", []string{"C3", "C4"}},
		{SheetReview, "年度", []string{"C3"}},
		{SheetFindings, "年度", []string{"D3"}},
	} {
		rows, err := f.GetRows(tt.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 3 || slices.Index(rows[1], tt.label) < 0 {
			t.Errorf("%s: no label row with %s: %v", tt.sheet, tt.label, rows[:min(2, len(rows))])
		}
		for _, cell := range tt.numbers {
			typ, err := f.GetCellType(tt.sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			v, _ := f.GetCellValue(tt.sheet, cell)
			if _, err := strconv.Atoi(v); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("%s!%s = %q is stored as text (type %v), want a number", tt.sheet, cell, v, typ)
			}
		}
	}
}

// workbookOf exports what filter keeps of idx as XLSX (Workbook) and opens
// the result.
func workbookOf(t *testing.T, idx index.Index, filter index.Filter) (*excelize.File, []gongkai.Entry, []gongkai.Finding) {
	t.Helper()
	entries, findings, err := Workbook(context.Background(), idx, filter)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := XLSX(&b, entries, findings); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, entries, findings
}
