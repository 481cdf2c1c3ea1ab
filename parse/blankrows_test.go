package parse

import (
	"maps"
	"slices"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// A sub-table of 二 with no value at all comes out of a PDF without
// rulings as lines of text: its header run together and its row labels
// alone. Its rows are read as blank facts under the columns the header
// names (a 2019 report's fees under previous and change, not 2021's
// amount), and only when the lines end where a sub-table ends: values the
// extractor set on a line of their own, or a table after the labels, say
// the cells were not blank.
func TestBlankSubTableLines(t *testing.T) {
	text := func(lines ...string) []layout.Block {
		var out []layout.Block
		for i, l := range lines {
			out = append(out, layout.Block{Text: l, At: gongkai.At{Page: 2, Line: i + 1}})
		}
		return out
	}
	procurement := []string{"active.procurement.items", "active.procurement.amount"}
	tests := []struct {
		name   string
		blocks []layout.Block
		want   []string // keys read, each blank unless a number is printed
	}{
		{"2021: two rows, ended by 第二十条", text("信息内容本年处理决定数量", "行政处罚", "行政强制", "第二十条", "第（八）项"),
			[]string{"active.penalty.decisions", "active.coercion.decisions"}},
		{"2021: fees, ended by the next section", text("信息内容本年收费金额（单位：万元）", "行政事业性收费"),
			[]string{"active.fees.amount"}},
		{"2019: fees keyed by the header, not 2021's amount", text("第二十条", "第（八）项", "信息内容上一年项目数量本年增/减", "行政事业性收费", "第二十条", "第（九）项"),
			[]string{"active.fees.previous", "active.fees.change"}},
		{"spaced header and numbered row", text("信息内容 本年处理决定数量", "1. 行政处罚", "第二十条"),
			[]string{"active.penalty.decisions"}},
		{"ended by a sub-table opening with 第二十条", append(text("信息内容本年处理决定数量", "行政处罚"),
			layout.Block{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("第二十条"), cellRow("第（九）项"), cellRow("信息内容", "采购项目数量", "采购总金额"), cellRow("政府集中采购", "3", "45")}}}),
			append([]string{"active.penalty.decisions"}, procurement...)},
		{"values on a line of their own", text("信息内容本年处理决定数量", "行政处罚", "3", "第二十条"), nil},
		{"ended by a header of the next sub-table", append(text("信息内容本年处理决定数量", "行政处罚"),
			layout.Block{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("信息内容", "采购项目数量", "采购总金额"), cellRow("政府集中采购", "3", "45")}}}),
			append([]string{"active.penalty.decisions"}, procurement...)},
		{"a header run together, then a table of its rows keyed by it", append(text("第二十条", "第（八）项", "信息内容上一年项目数量本年增/减"),
			layout.Block{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("行政事业性收费", "3", "1")}}, At: gongkai.At{Page: 2}}),
			[]string{"active.fees.previous", "active.fees.change"}},
		{"a header run together over a table of fewer values than its columns", append(text("第二十条", "第（八）项", "信息内容上一年项目数量本年增/减"),
			layout.Block{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("行政事业性收费", "3")}}, At: gongkai.At{Page: 2}}),
			nil},
		{"a table going on with the sub-table after a blank row (v187 without rulings)", append(text("信息内容本年处理决定数量", "行政处罚"),
			layout.Block{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("行政强制", "5")}}}),
			[]string{"active.penalty.decisions", "active.coercion.decisions"}},
		{"a table of values opening with the label above it", append(text("信息内容本年处理决定数量", "行政处罚"),
			layout.Block{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("行政处罚", "5")}}}),
			[]string{"active.penalty.decisions"}},
		{"a table of values opening with another sub-table's row", append(text("信息内容本年处理决定数量", "行政处罚"),
			layout.Block{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("行政事业性收费", "5")}}}),
			[]string{"active.fees.amount"}},
		{"a blank row after a sub-table's last row, ended by 第二十条 (v133 by reportlab)", append([]layout.Block{
			{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("信息内容", "本年处理决定数量"), cellRow("行政处罚", "80")}}, At: gongkai.At{Page: 2}}},
			text("行政强制", "第二十条", "第（八）项")...),
			[]string{"active.penalty.decisions", "active.coercion.decisions"}},
		{"a line after a sub-table naming a row of another", append([]layout.Block{
			{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("信息内容", "本年处理决定数量"), cellRow("行政处罚", "80")}}, At: gongkai.At{Page: 2}}},
			text("行政事业性收费", "第二十条")...),
			[]string{"active.penalty.decisions"}},
		{"a blank row after a sub-table, values on a line of their own", append([]layout.Block{
			{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("信息内容", "本年处理决定数量"), cellRow("行政处罚", "80")}}, At: gongkai.At{Page: 2}}},
			text("行政强制", "3", "第二十条")...),
			[]string{"active.penalty.decisions"}},
		{"two rows run together by a page break, the second blank (v306 by Chromium)", []layout.Block{
			{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("信息内容", "本年处理决定数量"), {
				{Text: "行政处罚行政强制", At: gongkai.At{Page: 2, Box: &[4]float64{50, 700, 200, 720}}},
				{Text: "80", At: gongkai.At{Page: 2, Box: &[4]float64{200, 700, 300, 720}}}}}}, At: gongkai.At{Page: 2}}},
			[]string{"active.penalty.decisions", "active.coercion.decisions"}},
		{"a row label alone under a header wrapped over two lines, a table going on with the next row (v478 by reportlab)", append(
			text("第二十条", "第（一）项", "信息内容本年新本年新对外公开总数量", "制作数量公开数量", "规章"),
			layout.Block{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("规范性文件", "1", "1", "489")}}, At: gongkai.At{Page: 2}}),
			[]string{"active.regulations.made", "active.regulations.published", "active.regulations.total_published",
				"active.normative_documents.made", "active.normative_documents.published", "active.normative_documents.total_published"}},
		{"a row label alone above a table opening with that row", append(
			text("第二十条", "第（一）项", "信息内容本年新本年新对外公开总数量", "制作数量公开数量", "规章"),
			layout.Block{Table: &layout.Table{Rows: [][]layout.Cell{cellRow("规章", "1", "1", "5")}}, At: gongkai.At{Page: 2}}),
			// read by the template guessed, none of them blank
			[]string{"active.regulations.issued", "active.regulations.repealed", "active.regulations.in_force"}},
		{"a label without a header", text("行政处罚", "第二十条"), nil},
		{"a header of another sub-table's columns", text("信息内容本年收费金额（单位：万元）", "行政处罚", "第二十条"), nil},
		{"a header with a word not a column", text("信息内容本年处理决定数量合计", "行政处罚", "第二十条"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := text("一、总体情况", "全年主动公开信息305条。", "二、主动公开政府信息情况")
			blocks = append(blocks, tt.blocks...)
			blocks = append(blocks, text("三、收到和处理政府信息公开申请情况", "本年度未收到申请。", "四、政府信息公开行政复议、行政诉讼情况", "无。")...)
			rep, err := Read("blank.pdf", &layout.Document{Blocks: blocks})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]gongkai.Fact{}
			for _, f := range rep.Facts {
				got[f.Key] = f
			}
			if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, slices.Sorted(slices.Values(tt.want))) {
				t.Fatalf("keys %v, want %v", keys, tt.want)
			}
			for k, f := range got {
				if blank := f.Raw == ""; blank != (f.Value == nil) {
					t.Errorf("%s = %v, want blank %v", k, f.Value, blank)
				}
				if f.Value == nil && f.At.Page != 2 {
					t.Errorf("%s at %+v, want the row label's line on page 2", k, f.At)
				}
			}
		})
	}
}

// Table 三's first or last row printed with no value (一、本年新收政府信息
// 公开申请数量, 四、结转下年度继续办理) by a producer that draws nothing in an
// empty cell comes out of a PDF without rulings as lines before or after
// the table: nothing is aligned beside it. The last is read as blank when
// it follows the table directly and no figure follows it; the first, its
// label wrapped over lines or not, when the table goes on with the row
// after it. A line of values after it, text between, a label cut short or
// a table that prints the row itself leave it unread.
func TestBlankApplicationRows(t *testing.T) {
	rows := func(rs ...[]layout.Cell) layout.Block {
		header := cellRow("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
		return layout.Block{At: gongkai.At{Page: 3}, Table: &layout.Table{Rows: append([][]layout.Cell{header}, rs...)}}
	}
	newReceived := cellRow("一、本年新收政府信息公开申请数量", "3", "1", "0", "0", "0", "0", "4")
	carriedOver := cellRow("二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1")
	table := rows(newReceived)
	// a table without rulings whose header stayed lines of text
	bare := func(rs ...[]layout.Cell) layout.Block {
		return layout.Block{At: gongkai.At{Page: 3}, Table: &layout.Table{Rows: rs}}
	}
	line := func(s string) layout.Block { return layout.Block{Text: s, At: gongkai.At{Page: 3, Line: 9}} }
	const fwd, recv = "carried_forward", "new_received"
	tests := []struct {
		name   string
		blocks []layout.Block
		row    string
		blank  bool // the row read, every cell blank
	}{
		{"a line after the table, then section 四 (v196 by reportlab)", []layout.Block{table, line("四、结转下年度继续办理"), line("四、政府信息公开行政复议、行政诉讼情况")}, fwd, true},
		{"spaced, at the document's end", []layout.Block{table, line("四、 结转下年度继续办理")}, fwd, true},
		{"values on a line of their own after it", []layout.Block{table, line("四、结转下年度继续办理"), line("2 0 0 0 0 0 2")}, fwd, false},
		{"text between the table and it", []layout.Block{table, line("注：本表数据截至12月31日。"), line("四、结转下年度继续办理")}, fwd, false},
		{"the row read in the table already", []layout.Block{rows(newReceived, cellRow("四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", "1")), line("四、结转下年度继续办理")}, fwd, false},
		{"a row label of an item, not a row of its own", []layout.Block{table, line("1.属于国家秘密"), line("四、政府信息公开行政复议、行政诉讼情况")}, fwd, false},
		{"the first row's label wrapped before a table going on with the second (v286 by reportlab)",
			[]layout.Block{line("申请人情况"), line("自然人 商业企业"), line("一、本年新收政府信息公开"), line("申请数量"), bare(carriedOver)}, recv, true},
		{"the first row's label whole before the table", []layout.Block{line("一、本年新收政府信息公开申请数量"), bare(carriedOver)}, recv, true},
		{"a label cut short before the table", []layout.Block{line("一、本年新收政府信息公开"), bare(carriedOver)}, recv, false},
		{"values on a line of their own before the table", []layout.Block{line("一、本年新收政府信息公开申请数量"), line("3 1 0 0 0 0 4"), bare(carriedOver)}, recv, false},
		{"before a table that prints the row itself", []layout.Block{line("一、本年新收政府信息公开申请数量"), bare(newReceived)}, recv, false},
		{"before a table that skips a row", []layout.Block{line("一、本年新收政府信息公开申请数量"), bare(cellRow("（一）予以公开", "1", "0", "0", "0", "0", "0", "1"))}, recv, false},
		{"before no table", []layout.Block{line("一、本年新收政府信息公开申请数量")}, recv, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := []layout.Block{{Text: "一、总体情况"}, {Text: "全年主动公开信息305条。"}, {Text: "三、收到和处理政府信息公开申请情况"}}
			rep, err := Read("blank.pdf", &layout.Document{Blocks: append(blocks, tt.blocks...)})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range rep.Facts {
				if strings.HasPrefix(f.Key, "applications."+tt.row+".") && f.Raw == "" {
					n++
					if f.Value != nil || f.At.Page != 3 {
						t.Errorf("%s = %v at %+v, want blank on page 3", f.Key, f.Value, f.At)
					}
				}
			}
			if want := map[bool]int{true: 7}[tt.blank]; n != want {
				t.Errorf("%d blank facts of %s, want %d (warnings %q)", n, tt.row, want, rep.Warnings)
			}
			for _, w := range rep.Warnings {
				if strings.Contains(w, "printed twice") {
					t.Errorf("warning %q", w)
				}
			}
		})
	}
}

// Two rows of table 三 whose labels the table builder ran together, a
// producer having drawn nothing in the empty cells of one (reportlab's
// redraws of v288, v306 and v334 without borders): each label exactly as
// the template prints it, the values go with the line they stand on, the
// other row is blank. A label cut short (v303's 本机关不掌握相关政府信), or a
// row read already, leaves the row unrecognised.
func TestTwoRowsRunTogether(t *testing.T) {
	box := func(y0, y1 float64) gongkai.At { return gongkai.At{Page: 3, Box: &[4]float64{100, y0, 300, y1}} }
	row := func(label string, labelAt, valuesAt gongkai.At) []layout.Cell {
		cells := []layout.Cell{{Text: "不予公开", At: labelAt}, {Text: label, At: labelAt}}
		for _, v := range []string{"1", "0", "0", "0", "0", "0", "1"} {
			cells = append(cells, layout.Cell{Text: v, At: valuesAt})
		}
		return cells
	}
	const (
		together = "危及“三安全一稳定” 保护第三方合法权益"
		first    = "denied_security_stability"
		second   = "denied_third_party"
	)
	tests := []struct {
		name   string
		rows   [][]layout.Cell
		filled string // the row read with the values; "" for neither row read
		blank  string // the row read blank
	}{
		{"values on the first line", [][]layout.Cell{row(together, box(100, 140), box(100, 112))}, first, second},
		{"values on the second line", [][]layout.Cell{row(together, box(100, 140), box(128, 140))}, second, first},
		{"a label cut short", [][]layout.Cell{row("属于行政查询事项 本机关不掌握相关政府信", box(100, 140), box(100, 112))}, "", ""},
		{"a row read already", [][]layout.Cell{
			row("保护第三方合法权益", box(60, 72), box(60, 72)),
			row(together, box(100, 140), box(100, 112))}, "", ""},
		// reportlab's redraw of v274 (fresh set 252–287): 其他处理 总计 reads
		// like 其他处理 alone, but it is two rows' labels exactly
		{"two labels that read like the first alone", [][]layout.Cell{row("其他处理 总计", box(100, 140), box(128, 140))}, "total", "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := cellRow("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
			blocks := []layout.Block{
				{Text: "三、收到和处理政府信息公开申请情况", At: gongkai.At{Page: 3}},
				{At: gongkai.At{Page: 3}, Table: &layout.Table{Rows: append([][]layout.Cell{header}, tt.rows...)}},
			}
			rep, err := Read("two.pdf", &layout.Document{Blocks: blocks})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]*float64{}
			for _, f := range rep.Facts {
				got[f.Key] = f.Value
			}
			for _, r := range []string{first, second, "denied_admin_query", "unable_not_held", "other", "total"} {
				v, read := got[gongkai.Key(gongkai.TableApplications, r, "total")]
				switch {
				case r == tt.filled:
					if v == nil || *v != 1 {
						t.Errorf("%s total %v, want 1", r, v)
					}
				case r == tt.blank:
					if !read || v != nil {
						t.Errorf("%s total %v (read %v), want blank", r, v, read)
					}
				case read && !(tt.filled == "" && r == second && len(tt.rows) == 2):
					t.Errorf("%s read, want it unread", r)
				}
			}
			if unrecognised := slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.Contains(w, "unrecognised row") }); unrecognised != (tt.filled == "") {
				t.Errorf("warnings %q, want an unrecognised row: %v", rep.Warnings, tt.filled == "")
			}
		})
	}
}

// A row of 三 read twice keeps the first and says so once, naming the row,
// not once for each of its seven cells.
func TestRowPrintedTwiceWarnsOnce(t *testing.T) {
	header := cellRow("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
	blocks := []layout.Block{
		{Text: "三、收到和处理政府信息公开申请情况", At: gongkai.At{Page: 3}},
		{At: gongkai.At{Page: 3}, Table: &layout.Table{Rows: [][]layout.Cell{header,
			cellRow("2.重复申请", "1", "0", "0", "0", "0", "0", "1"),
			cellRow("2.重复申请", "2", "0", "0", "0", "0", "0", "2")}}},
	}
	rep, err := Read("twice.pdf", &layout.Document{Blocks: blocks})
	if err != nil {
		t.Fatal(err)
	}
	var twice []string
	for _, w := range rep.Warnings {
		if strings.Contains(w, "printed twice") {
			twice = append(twice, w)
		}
	}
	if want := []string{"applications.not_processed_duplicate printed twice; the first is kept"}; !slices.Equal(twice, want) {
		t.Errorf("warnings %q, want %q", twice, want)
	}
	for _, f := range rep.Facts {
		if f.Key == "applications.not_processed_duplicate.total" && (f.Value == nil || *f.Value != 1) {
			t.Errorf("%s = %v, want the first row's 1", f.Key, f.Value)
		}
	}
}

// A header of 二 whose cells hold more columns' labels than it has cells
// (pdftotext of v478's Chromium PDF, fresh set 468–503: 上一年项目 数量
// 本年增/ | 减 处理决定 数量 over two values a row) tells no column: 行政强制
// 17 11 is previous and change, not previous and decisions, and is
// skipped (a 2019 report, whose sub-table prints three columns).
func TestHeaderNamingMoreColumnsThanCells(t *testing.T) {
	blocks := []layout.Block{
		{Text: "二、主动公开政府信息情况", At: gongkai.At{Page: 2}},
		{At: gongkai.At{Page: 2}, Table: &layout.Table{Rows: [][]layout.Cell{
			cellRow("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
			cellRow("规章", "1", "1", "5")}}},
		{Text: "第二十条", At: gongkai.At{Page: 2}},
		{Text: "第（六）项", At: gongkai.At{Page: 2}},
		{At: gongkai.At{Page: 2}, Table: &layout.Table{Rows: [][]layout.Cell{
			cellRow("信息内容", "上一年项目 数量 本年增/", "减 处理决定 数量"),
			cellRow("行政强制", "17", "11")}}},
		{Text: "三、收到和处理政府信息公开申请情况", At: gongkai.At{Page: 3}},
	}
	rep, err := Read("header.pdf", &layout.Document{Blocks: blocks})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Facts {
		if strings.HasPrefix(f.Key, "active.coercion.") {
			t.Errorf("%s = %v read, want the row skipped", f.Key, f.Value)
		}
	}
	if !slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.Contains(w, "shares its cell with another column's header") }) {
		t.Errorf("warnings %q, want the header's columns not read", rep.Warnings)
	}
}
