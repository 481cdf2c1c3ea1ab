package parse

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// A table 三 count printed with a point is no count: the row's own item
// number run into its value by the extractor (pdftotext -layout of v016's
// borderless print: `要求 0   5.0   0 …`) is cut off; any other point leaves
// the cell blank with a warning, never 5 under 商业企业.
func TestCountWithPoint(t *testing.T) {
	const key = "applications.not_processed_confirmation.commercial"
	tests := []struct {
		name string
		cell string
		want *float64
		warn bool
	}{
		{"a whole count", "3", ptr(3), false},
		{"the row's item number run into 0", "5.0", ptr(0), false},
		{"the row's item number run into 12", "5.12", ptr(12), false},
		{"another item's number", "4.0", nil, true},
		{"a decimal", "2.5", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTableReader()
			tr.read(&layout.Table{Rows: [][]layout.Cell{
				cellRow("（五）不予处理", "1.信访举报投诉类申请", "1", "0", "0", "0", "0", "0", "1"),
				cellRow("要求行政机关确认或重新出具已获取信息", "0", tt.cell, "0", "0", "0", "0", "0"),
			}}, "三")
			i := slices.IndexFunc(tr.facts, func(f gongkai.Fact) bool { return f.Key == key })
			if i < 0 {
				t.Fatalf("no %s in %v", key, tr.facts)
			}
			got := tr.facts[i].Value
			if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
				t.Errorf("%s = %v, want %v", key, show(got), show(tt.want))
			}
			warned := slices.ContainsFunc(tr.warnings, func(w string) bool { return strings.Contains(w, "whole count") })
			if warned != tt.warn {
				t.Errorf("warned %v, want %v (%q)", warned, tt.warn, tr.warnings)
			}
		})
	}
}

func ptr(f float64) *float64 { return &f }

// A table 二 row label the extractor broke is mended only into a
// template's label exactly: split over two cells (行政规范性文     件) or
// its characters swapped (章规, 章 规); anything else stays unread with a warning.
func TestMendActiveLabel(t *testing.T) {
	header := cellRow("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")
	tests := []struct {
		name  string
		row   []layout.Cell
		want  map[string]float64
		warns bool
	}{
		{"split before its last character", cellRow("规范性文", "件", "1", "2", "3"),
			map[string]float64{"active.normative_documents.made": 1, "active.normative_documents.published": 2, "active.normative_documents.total_published": 3}, false},
		{"characters swapped", cellRow("章规", "4", "5", "6"),
			map[string]float64{"active.regulations.made": 4, "active.regulations.published": 5, "active.regulations.total_published": 6}, false},
		// pdftotext -layout of Chromium's PDF of v064 (Variants(72))
		{"characters swapped and spaced", cellRow("章 规", "4", "5", "6"),
			map[string]float64{"active.regulations.made": 4, "active.regulations.published": 5, "active.regulations.total_published": 6}, false},
		// pdftotext -layout of Chromium's PDF of v052 (Variants(72)): 务 four
		// spaces on, 事项 on the line below, lost or not
		{"split over two cells, the rest wrapped", cellRow("其他对外管理服", "务 事项", "7", "8", "9"),
			map[string]float64{"active.other_services.previous": 7, "active.other_services.change": 8, "active.other_services.decisions": 9}, false},
		{"split over two cells, the rest lost", cellRow("其他对外管理服", "务", "7", "8", "9"),
			map[string]float64{"active.other_services.previous": 7, "active.other_services.change": 8, "active.other_services.decisions": 9}, false},
		{"split into no label", cellRow("规范性", "件", "1", "2", "3"), map[string]float64{}, true},
		{"characters of no label", cellRow("章规件", "4", "5", "6"), map[string]float64{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTableReader()
			tr.read(&layout.Table{Rows: [][]layout.Cell{header, tt.row}}, "二")
			got := map[string]float64{}
			for _, f := range tr.facts {
				got[f.Key] = *f.Value
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("facts %v, want %v", got, tt.want)
			}
			if warned := slices.ContainsFunc(tr.warnings, func(w string) bool { return strings.Contains(w, "unrecognised row") }); warned != tt.warns {
				t.Errorf("warned %v, want %v (%q)", warned, tt.warns, tr.warnings)
			}
		})
	}
}

// A table 三 label cut short by a page break (无正当), or a cell holding
// the end of the row above's label and this row's first line (理由大 量反复
// 申 请 要求行), names the one row whose label begins so; a start that
// begins several rows, or fewer than three characters, names none.
func TestApplicationRowBegun(t *testing.T) {
	values := func(v string) []string { return []string{v, "0", "0", "0", "0", "0", v} }
	tests := []struct {
		name string
		rows [][]string // label cells; each row gets values 1…
		want map[string]float64
	}{
		{"label cut by a page", [][]string{{"无正当"}},
			map[string]float64{"not_processed_massive": 1}},
		{"label begun below the row above's end", [][]string{{"无正当理由大量反复申请"}, {"理由大 量反复 申 请 要求行"}},
			map[string]float64{"not_processed_massive": 1, "not_processed_confirmation": 2}},
		{"a label cut by a page that is close to another", [][]string{{"其他法"}},
			map[string]float64{"denied_law_forbidden": 1}},
		{"a start of several labels", [][]string{{"无正当理由大量反复申请"}, {"理由大 量反复 申 请 要求"}},
			map[string]float64{"not_processed_massive": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := [][]layout.Cell{cellRow(append([]string{"（五）不予处理", "1.信访举报投诉类申请"}, values("0")...)...)}
			for i, labels := range tt.rows {
				rows = append(rows, cellRow(append(labels, values(fmt.Sprint(i+1))...)...))
			}
			if got, warns := naturalPersons(rows, "not_processed_petition"); !maps.Equal(got, tt.want) {
				t.Errorf("rows read %v, want %v (%q)", got, tt.want, warns)
			}
		})
	}
}

// In a 2021 report whose items of （六） are read, a row of （六） itself
// with every cell blank (他处理, the rest of the group's label after a page
// break) is dropped; with a value, or without the items, it stays, unless
// the first item is the one not found (its label lost under the group's:
// Chromium's borderless print of v096, by the PDF reader).
func TestDropBlankGroupRow(t *testing.T) {
	blank := cellRow("他处理", "", "", "", "", "", "", "")
	valued := cellRow("（六）其他处理", "1", "0", "0", "0", "0", "0", "1")
	item := cellRow("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0", "0", "0", "0", "0", "0", "0")
	later := cellRow("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0", "0", "0", "0", "0", "0", "0")
	tests := []struct {
		name  string
		rows  [][]layout.Cell
		other bool
	}{
		{"blank, beside the items", [][]layout.Cell{item, blank}, false},
		{"with values, beside the items", [][]layout.Cell{item, valued}, true},
		{"blank, without the items", [][]layout.Cell{blank}, true},
		{"with values, beside later items, the first not found", [][]layout.Cell{valued, later}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTableReader()
			tr.read(&layout.Table{Rows: tt.rows}, "三")
			tr.dropContradicted(gongkai.Template2021)
			if got := tr.rowRead("other") && slices.ContainsFunc(tr.facts, func(f gongkai.Fact) bool { return f.Key == "applications.other.total" }); got != tt.other {
				t.Errorf("applications.other kept: %v, want %v", got, tt.other)
			}
		})
	}
}

// A row label that begins rows' labels and is none's (属于: the extractor
// scrambled 属于行政查询事项 into 行 / 属于 / 政查询, pdftotext -layout of
// v010's prints) names the template's row after the one read last where
// that row's label begins so; one that begins several others' names no row:
// never the closest label (属于国家秘密, read already); one character
// names none.
func TestLabelBeginningSeveralRows(t *testing.T) {
	values := func(v string) []string { return []string{v, "0", "0", "0", "0", "0", v} }
	tests := []struct {
		name  string
		above string // the row read before, its values 1
		label string // the label of the row after it, its values 2
		want  map[string]float64
	}{
		{"after 属于行政执法案卷", "7.属于行政执法案卷", "属于", map[string]float64{"denied_enforcement_file": 1, "denied_admin_query": 2}},
		{"after 保护第三方合法权益", "4.保护第三方合法权益", "属于", map[string]float64{"denied_third_party": 1, "denied_internal_affairs": 2}},
		{"after a row whose next is no 属于", "2.其他法律行政法规禁止公开", "属于", map[string]float64{"denied_law_forbidden": 1}},
		// the one row a label begins, the row after the one read last
		// (v040's 2. 没有 in Chromium's text, its group not told)
		{"after 本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息", "没有", map[string]float64{"unable_not_held": 1, "unable_need_creation": 2}},
		// one character tells too little (属 above 6. 于 四类过程性信息)
		{"one character", "5.属于三类内部事务信息", "属", map[string]float64{"denied_internal_affairs": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := [][]layout.Cell{
				cellRow(append([]string{"（三）不予公开", "1.属于国家秘密"}, values("0")...)...),
				cellRow(append([]string{tt.above}, values("1")...)...),
				cellRow(append([]string{tt.label}, values("2")...)...),
			}
			if got, warns := naturalPersons(rows, "denied_state_secret"); !maps.Equal(got, tt.want) {
				t.Errorf("rows read %v, want %v (%q)", got, tt.want, warns)
			}
		})
	}
}

// naturalPersons reads rows as table 三 and returns the 自然人 value read
// for each row but skip, and the warnings.
func naturalPersons(rows [][]layout.Cell, skip string) (map[string]float64, []string) {
	tr := newTableReader()
	tr.read(&layout.Table{Rows: rows}, "三")
	got := map[string]float64{}
	for _, f := range tr.facts {
		if row, ok := strings.CutSuffix(strings.TrimPrefix(f.Key, "applications."), ".natural_person"); ok && row != skip && f.Value != nil {
			got[row] = *f.Value
		}
	}
	return got, tr.warnings
}

// A row whose last label names a row read already, beside a label that
// begins one row not read yet and later in the template (上年结转政府 |
// 请数量 信息公开申 请数量; 其他处理 | 政机关 确认或 重新出 具已获 取信息:
// the rest of the row above's label that column-aligned text put beside
// this row's, its label column drifted), is that row. Not a row read
// already or earlier, nor 其他处理 where （六）'s items are read: there it
// is their group's label; nor a group's label alone.
func TestRowNamedBesideRestOfAbove(t *testing.T) {
	values := func(v string) []string { return []string{v, "0", "0", "0", "0", "0", v} }
	tests := []struct {
		name string
		rows [][]string // label cells; each row gets values 1…
		want map[string]float64
	}{
		{"二、上年结转 beside the rest of 本年新收", [][]string{{"一、本年新收政府信息公开申请数量"}, {"二、上年结转政府", "请数量 信息公开申 请数量"}},
			map[string]float64{"new_received": 1, "carried_over": 2}},
		{"上年结转 beside the rest of 本年新收", [][]string{{"本年新收政府信息公开申请数量"}, {"上年结转政府", "请数量 信息公开申 请数量"}},
			map[string]float64{"new_received": 1, "carried_over": 2}},
		{"其他处理 beside the rest of 要求行政机关确认", [][]string{{"要求行 政机关"}, {"其他处理", "政机关 确认或 重新出 具已获 取信息"}},
			map[string]float64{"not_processed_confirmation": 1, "other": 2}},
		// 其 / （六） 他处理 / 或重新 出具已 获取信 息: the group's outline
		// number names the row
		{"（六） beside the rest of 要求行政机关确认", [][]string{{"5.要求 行政机 关确认"}, {"其", "（六） 他处理", "或重新 出具已 获取信 息"}},
			map[string]float64{"not_processed_confirmation": 1, "other": 2}},
		// 其他 on its values' line, below the rest of the label above
		{"其他 below the rest of 申请人逾期未按", [][]string{{"本年新收政府信息公开申请数量"}, {"申请人 逾期未 按收费 通知要 求缴纳 费用、 行政机 关不再 其处理"}, {"政府信 息公开 申请 其他"}},
			map[string]float64{"new_received": 1, "other_overdue_fee": 2, "other_other": 3}},
		{"a row before the one read", [][]string{{"上年结转政府信息公开申请数量"}, {"本年新收政府", "上年结转政府信息公开申请数量"}},
			map[string]float64{"carried_over": 1}},
		{"其他处理 where its items are read", [][]string{{"申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"}, {"其他处理", "申请人无正当理由逾期不补正"}},
			map[string]float64{"other_overdue_correction": 1}},
		// a group's label alone names no row, however like one it is: 本年
		// 度办理结果 beside two rows' labels run together (予以公开 部分公开
		// （…）, Chromium without borders of v288, fresh set 288–323) had
		// been read as 结转下年度继续办理; beside an item's words (不予 国家秘
		// 公开 密, 属于 lost) it still names the item
		{"本年度办理结果 beside two rows' labels", [][]string{{"上年结转政府信息公开申请数量"}, {"本年度办 理结果", "予以公开 部分公开（区分处理的，只计这一情形，不计其他情形）"}},
			map[string]float64{"carried_over": 1}},
		{"不予公开 with an item's words", [][]string{{"部分公开（区分处理的，只计这一情形，不计其他情形）"}, {"不予 国家秘 公开 密"}},
			map[string]float64{"partially_granted": 1, "denied_state_secret": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rows [][]layout.Cell
			for i, labels := range tt.rows {
				rows = append(rows, cellRow(append(labels, values(fmt.Sprint(i+1))...)...))
			}
			if got, warns := naturalPersons(rows, ""); !maps.Equal(got, tt.want) {
				t.Errorf("rows read %v, want %v (%q)", got, tt.want, warns)
			}
		})
	}
}

// A count of table 三 is never negative: in column-aligned text of a report
// printing 0 as -, a dash run into the number after it (-５ for - and ５:
// Chromium's borderless print of v339, fresh set 324–359) had been read
// as -5 and its row's values placed by position; the row is skipped.
func TestNegativeCountSkipsRow(t *testing.T) {
	rows := [][]layout.Cell{
		cellRow("二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"),
		cellRow("（一）予以公开", "３", "-", "２", "-", "-", "-", "-５"),
	}
	got, warns := naturalPersons(rows, "")
	if want := map[string]float64{"carried_over": 1}; !maps.Equal(got, want) {
		t.Errorf("rows read %v, want %v (%q)", got, want, warns)
	}
	if !slices.ContainsFunc(warns, func(w string) bool { return strings.Contains(w, "never negative") }) {
		t.Errorf("warnings %q, want one of a negative count", warns)
	}
}
