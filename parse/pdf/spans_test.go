package pdf

import (
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
)

// spanRows makes layout rows from "|"-separated cells, each "x0-x1:text"
// with x0 and x1 column edges in tens of points; a text led by ^ is
// carried from the row above.
func spanRows(rows ...string) [][]layout.Cell {
	var out [][]layout.Cell
	for _, r := range rows {
		var cells []layout.Cell
		for _, c := range strings.Split(r, "|") {
			edges, text, _ := strings.Cut(c, ":")
			lo, hi, _ := strings.Cut(edges, "-")
			x0, x1 := float64(10*int(lo[0]-'0')), float64(10*int(hi[0]-'0'))
			carried := strings.HasPrefix(text, "^")
			cells = append(cells, layout.Cell{Text: strings.TrimPrefix(text, "^"), Carried: carried,
				At: gongkai.At{Page: 1, Box: &[4]float64{x0, 0, x1, 10}}})
		}
		out = append(out, cells)
	}
	return out
}

// carriedText is a cell's text, led by ^ when carried from the row above.
func carriedText(c layout.Cell) string {
	if c.Carried {
		return "^" + c.Text
	}
	return c.Text
}

func rowsText(rows [][]layout.Cell) string {
	var rs []string
	for _, r := range rows {
		var cs []string
		for _, c := range r {
			cs = append(cs, carriedText(c))
		}
		rs = append(rs, strings.Join(cs, ","))
	}
	return strings.Join(rs, "|")
}

// A cell spanning rows that a page break cuts carries its text onto the
// continuation's first row; a header cell spanning the header's rows at a
// page's foot does not fill the blank values of the row that begins the
// next page (v118 of the fixtures, printed by Chromium, lost 本年新收's row
// to 自然人 and 总计 so).
func TestCarrySpans(t *testing.T) {
	tests := []struct {
		name       string
		prev, next []string
		want       string // next after carrySpans
	}{
		{"a row label cut by the break is carried",
			[]string{"0-2:三、本年度办理结果|2-4:（一）予以公开|4-5:3", "0-2:^三、本年度办理结果|2-4:（二）部分公开|4-5:4"},
			[]string{"0-2:|2-4:（三）不予公开|4-5:5", "0-2:^|2-4:（四）无法提供|4-5:6"},
			"^三、本年度办理结果,（三）不予公开,5|^三、本年度办理结果,（四）无法提供,6"},
		{"header cells spanning the header's rows stop at the page foot",
			[]string{"0-3:说明|3-4:自然人|4-6:法人|6-7:总计", "0-3:^说明|3-4:^自然人|4-5:商业企业|5-6:其他|6-7:^总计"},
			[]string{"0-3:一、本年新收|3-4:|4-5:-|5-6:|6-7:", "0-3:二、上年结转|3-4:-|4-5:|5-6:|6-7:"},
			"一、本年新收,,-,,|二、上年结转,-,,,"},
		{"a header spanning into the first column is carried only left of the row's label",
			[]string{"0-1:三、本年度办理结果|1-3:（一）予以公开|3-4:3|4-5:总计", "0-1:^三、本年度办理结果|1-3:（二）部分公开|3-4:4|4-5:^总计"},
			[]string{"0-1:|1-3:（三）不予公开|3-4:5|4-5:", "0-1:^|1-3:（四）无法提供|3-4:6|4-5:7"},
			"^三、本年度办理结果,（三）不予公开,5,|^三、本年度办理结果,（四）无法提供,6,7"},
		// Chromium's PDF of v046 (a Word layout): table 四's header ends
		// a page, its one row begins the next, the review group blank
		{"headers over a table without labels, the columns blank in its row, stop at the page foot",
			[]string{"0-2:行政复议|2-4:行政诉讼", "0-1:结果维持|1-2:总计|2-3:结果维持|3-4:总计", "0-1:^结果维持|1-2:^总计|2-3:维持|3-4:总计"},
			[]string{"0-1:|1-2:|2-3:-|3-4:1"},
			",,-,1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := spanRows(tt.next...)
			carrySpans(spanRows(tt.prev...), next)
			if got := rowsText(next); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// A table whose group label column Chromium leaves unruled on the page its
// rows run onto starts one column in there; it goes on with the table
// above when it starts at an inner column edge of that table's foot and
// the cells left of it there span rows, and those cells are carried onto
// its rows, so that a row cut by the break joins back (v133 of the
// fixtures, a Word layout printed by Chromium: 只计这一情形… read as a
// row of its own, partially_granted printed twice).
func TestContinuation(t *testing.T) {
	foot := []string{"0-1:三、本年度办理结果|1-3:（一）予以公开|3-4:9", "0-1:^三、本年度办理结果|1-3:（二）部分公开（区分处理的，|3-4:4"}
	tests := []struct {
		name     string
		prev     []string
		box      grid.Rect
		next     []string
		ok       bool
		want     string // the continuation's rows after joining, "" when not joined
		wantPrev string // the foot row after joining
	}{
		{"one column in, under a label spanning rows", foot, grid.Rect{X0: 10, X1: 40},
			[]string{"1-3:只计这一情形，不计其他情形）|3-4:", "1-3:（三）不予公开|3-4:5"}, true,
			"^三、本年度办理结果,（三）不予公开,5", "^三、本年度办理结果,（二）部分公开（区分处理的，只计这一情形，不计其他情形）,4"},
		{"the same columns", foot, grid.Rect{X0: 0, X1: 40},
			[]string{"0-1:|1-3:（三）不予公开|3-4:5"}, true,
			"^三、本年度办理结果,（三）不予公开,5", "^三、本年度办理结果,（二）部分公开（区分处理的，,4"},
		{"one column in, beside a label of one row", []string{"0-1:二、上年结转|1-3:（一）予以公开|3-4:9"}, grid.Rect{X0: 10, X1: 40},
			[]string{"1-3:（三）不予公开|3-4:5"}, false, "", ""},
		{"starting inside a cell", foot, grid.Rect{X0: 20, X1: 40},
			[]string{"2-3:（三）不予公开|3-4:5"}, false, "", ""},
		{"another right edge", foot, grid.Rect{X0: 10, X1: 50},
			[]string{"1-3:（三）不予公开|3-5:5"}, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			last := &layout.Table{Rows: spanRows(tt.prev...)}
			pad, ok := continuation(last, grid.Rect{X0: 0, X1: 40}, tt.box)
			if ok != tt.ok {
				t.Fatalf("continues %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			rows := padRows(pad, spanRows(tt.next...))
			carrySpans(last.Rows, rows)
			if joinSplitRow(last.Rows, rows) {
				rows = rows[1:]
			}
			if got := rowsText(rows); got != tt.want {
				t.Errorf("rows %s\nwant %s", got, tt.want)
			}
			if got := rowsText(last.Rows[len(last.Rows)-1:]); got != tt.wantPrev {
				t.Errorf("foot %s\nwant %s", got, tt.wantPrev)
			}
		})
	}
}

// A row a page break cut in two is joined back: the rest of a label with
// no values under the row's values, or the rest of a header's words over
// its columns. A label alone under a header is a row of blank cells
// (LibreOffice's PDF of v258, fresh set 252–287: 行政事业性收费 at the top
// of a page under 信息内容 | 本年收费金额 had been joined into the header).
func TestJoinSplitRow(t *testing.T) {
	tests := []struct {
		name       string
		prev, next string
		joined     bool
		want       string // prev's last row after
	}{
		{"a label's rest", "0-1:（二）部分公开（区分|1-2:4", "0-1:处理的）|1-2:", true, "（二）部分公开（区分处理的）,4"},
		{"a header's rest over its columns (v231)", "0-1:信息内容|1-2:本年新|2-3:本年新|3-4:对外公开总数量", "0-1:|1-2:制作数量|2-3:公开数量|3-4:", true,
			"信息内容,本年新制作数量,本年新公开数量,对外公开总数量"},
		{"a label alone under a header (v258)", "0-1:信息内容|1-2:本年收费金额（单位：万元）", "0-1:行政事业性收费|1-2:", false, "信息内容,本年收费金额（单位：万元）"},
		{"a row of values", "0-1:规章|1-2:4", "0-1:规范性文件|1-2:5", false, "规章,4"},
		{"a row with an outline number", "0-1:1.属于国家秘密|1-2:4", "0-1:2.其他|1-2:", false, "1.属于国家秘密,4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev, next := spanRows(tt.prev), spanRows(tt.next)
			if got := joinSplitRow(prev, next); got != tt.joined {
				t.Errorf("joined %v, want %v", got, tt.joined)
			}
			if got := rowsText(prev); got != tt.want {
				t.Errorf("row %s, want %s", got, tt.want)
			}
		})
	}
}
