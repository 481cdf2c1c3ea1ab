package parse

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// A sub-table of 二 whose header is unreadable (text whose extractor
// scrambled it) is keyed by the template the whole report turns out to be,
// not by the one guessed before any other sub-table told it.
func TestRekeyGuessedActiveColumns(t *testing.T) {
	scrambled := [][]layout.Cell{cellRow("制 数量", "数公开 量", ""), cellRow("规章", "无", "无", "222")}
	tests := []struct {
		name     string
		tables   [][][]layout.Cell
		template string
		want     map[string]float64
	}{
		{"2019 told by the next row", [][][]layout.Cell{append(scrambled, cellRow("规范性文件", "1", "2", "72"))},
			gongkai.Template2019, map[string]float64{
				"active.regulations.made": 0, "active.regulations.published": 0, "active.regulations.total_published": 222,
				"active.normative_documents.made": 1, "active.normative_documents.published": 2, "active.normative_documents.total_published": 72}},
		{"2019 told by a later sub-table", [][][]layout.Cell{scrambled,
			{cellRow("信息内容", "采购项目数量", "采购总金额"), cellRow("政府集中采购", "3", "45")}},
			gongkai.Template2019, map[string]float64{
				"active.regulations.made": 0, "active.regulations.published": 0, "active.regulations.total_published": 222,
				"active.procurement.items": 3, "active.procurement.amount": 45}},
		{"2021 told by the next row", [][][]layout.Cell{append(scrambled, cellRow("行政规范性文件", "1", "2", "72"))},
			gongkai.Template2021, map[string]float64{
				"active.regulations.issued": 0, "active.regulations.repealed": 0, "active.regulations.in_force": 222,
				"active.normative_documents.issued": 1, "active.normative_documents.repealed": 2, "active.normative_documents.in_force": 72}},
		// LibreOffice's print of v207 through pdftotext (fresh set
		// 180–215): the fees row's header left as text, its one value
		// read as 2021's 本年收费金额 before the report told 2019, which
		// prints two columns there: the row is skipped, not kept so
		{"a row the report's template prints with more columns", [][][]layout.Cell{
			append(scrambled, cellRow("规范性文件", "1", "2", "72")), {cellRow("行政事业性收费", "3")}},
			gongkai.Template2019, map[string]float64{
				"active.regulations.made": 0, "active.regulations.published": 0, "active.regulations.total_published": 222,
				"active.normative_documents.made": 1, "active.normative_documents.published": 2, "active.normative_documents.total_published": 72}},
		{"the row printed again under a readable header", [][][]layout.Cell{scrambled,
			{cellRow("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"), cellRow("规章", "1", "2", "3")}},
			gongkai.Template2019, map[string]float64{
				"active.regulations.made": 1, "active.regulations.published": 2, "active.regulations.total_published": 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTableReader()
			for _, rows := range tt.tables {
				tr.read(&layout.Table{Rows: rows}, "二")
			}
			if got := tr.template(2020); got != tt.template {
				t.Fatalf("template %s, want %s", got, tt.template)
			}
			tr.rekey(tt.template)
			got := map[string]float64{}
			for _, f := range tr.facts {
				got[f.Key] = *f.Value
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("facts %v, want %v", got, tt.want)
			}
		})
	}
}

// A row of 二 with fewer values than its header's columns is skipped with
// a warning: which column is blank cannot be told, and by order a value
// would stand under another column's key. A header the extractor broke
// is mended where its letters allow (上一年项 目数量 joined); one broken
// past that tells no count, and one of another sub-table no columns: the
// template's are taken.
func TestActiveRowHeader(t *testing.T) {
	tests := []struct {
		name    string
		rows    [][]layout.Cell
		want    map[string]float64
		warning string
	}{
		{"a whole header of three, one value", [][]layout.Cell{
			cellRow("信息内容", "上一年项目数量本年增/减", "处理决定数量"), cellRow("其他对外管理服务事项", "115")},
			map[string]float64{}, "active.other_services: 1 values, want 3; row skipped"},
		{"a whole header of three, two values", [][]layout.Cell{
			cellRow("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), cellRow("行政规范性文件", "1", "81")},
			map[string]float64{}, "active.normative_documents: 2 values, want 3; row skipped"},
		{"a broken header of four, three values", [][]layout.Cell{
			cellRow("信息内容", "上一年项", "目数量", "本年增 减 /", "处理决定数 量"), cellRow("行政处罚", "30", "-14", "无")},
			map[string]float64{"active.penalty.previous": 30, "active.penalty.change": -14, "active.penalty.decisions": 0}, ""},
		// pdftotext -layout of Chromium's borderless PDFs of v142 and
		// v043: a header's start left at the end of the one before (本年增
		// | /减; 本年废止件 | ）数) goes back to its own column
		{"a header begun in the column before", [][]layout.Cell{
			cellRow("信息内", "上一年 项目数量 本年增", "/减", "处理决定数 量"), cellRow("行政许可", "—", "-８", "—")},
			map[string]float64{"active.licensing.previous": 0, "active.licensing.change": -8, "active.licensing.decisions": 0}, ""},
		{"a header begun after the title in the column before", [][]layout.Cell{
			cellRow("信 息内容", "第（一 项本年制发 件数 本年废止件", "）数", "现行有效件 数"), cellRow("规章", "0", "2", "0")},
			map[string]float64{"active.regulations.issued": 0, "active.regulations.repealed": 2, "active.regulations.in_force": 0}, ""},
		// pdftotext -layout of LibreOffice's PDF of v273 (fresh set
		// 252–287): headers wrapped over three lines (本年新 / 本年新 …
		// 对外公开总数量 / 制作数量 公开数量) run into one cell, as near
		// 本年新制作数量 as 本年新公开数量: the column is not read (its 0
		// had been read as 本年新制作数量, which the report leaves blank)
		{"two headers run into one cell", [][]layout.Cell{
			cellRow("信息内容", "本年新 本年新制作数量 公开数量", "对外公开总数量"), cellRow("规章", "0", "43")},
			map[string]float64{"active.regulations.total_published": 43}, `active: column "本年新 本年新制作数量 公开数量" is as near two columns' headers; not read`},
		// pdftotext -layout of Chromium's PDF of v111: 公开数量 is as near
		// 对外公开总数量 as 本年新公开数量, and the header beside it names
		// the first
		{"a header as near two columns, one named beside it", [][]layout.Cell{
			cellRow("信息内容", "本年新制作数量", "公开数量", "对外公开总数量"), cellRow("规章", "1", "2", "3")},
			map[string]float64{"active.regulations.made": 1, "active.regulations.published": 2, "active.regulations.total_published": 3}, ""},
		// pdftotext -layout of v082, v190 (fresh sets 72–107, 180–215)
		// without borders and of v148 (144–179) through Chromium: a
		// header broken in two cells, its letters out of order or its
		// start left at the end of the one before, and the labels' header
		// broken over the first column: one column each, none unrecognised
		{"a header broken in two, its letters out of order", [][]layout.Cell{
			cellRow("信息内 容", "上一年项", "数量 目", "本 年增/减", "处理决定数 量"), cellRow("行政许可", "无", "-3", "81")},
			map[string]float64{"active.licensing.previous": 0, "active.licensing.change": -3, "active.licensing.decisions": 81}, ""},
		{"a header broken in two beside one begun in it", [][]layout.Cell{
			cellRow("信息内容", "上一", "年项目数量 本", "年增/减", "处理决定数 量"), cellRow("行政处罚", "18", "无", "1023")},
			map[string]float64{"active.penalty.previous": 18, "active.penalty.change": 0, "active.penalty.decisions": 1023}, ""},
		{"the labels' header broken over the first column", [][]layout.Cell{
			cellRow("信息内", "容", "上一", "年项目数量", "本年增/减", "处 理决定数量"), cellRow("行政强制", "5", "-1", "7")},
			map[string]float64{"active.coercion.previous": 5, "active.coercion.change": -1, "active.coercion.decisions": 7}, ""},
		// a count is never negative: a change read under 处理决定数量 (a
		// row placed wrongly) is skipped; under 本年增/减 it is read
		{"a negative count", [][]layout.Cell{
			cellRow("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"), cellRow("行政许可", "51", "无", "-15")},
			map[string]float64{}, `active.licensing: "-15" under a column of counts, which are never negative; row skipped (a dash run into a number, or a change placed under another column?)`},
		{"a negative change", [][]layout.Cell{
			cellRow("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"), cellRow("行政许可", "51", "-15", "无")},
			map[string]float64{"active.licensing.previous": 51, "active.licensing.change": -15, "active.licensing.decisions": 0}, ""},
		// pdftotext -layout of Chromium's PDF of v031: 第二十条 broken
		// (十条 / 第二), so the header above still holds at the fees row
		{"another sub-table's header", [][]layout.Cell{
			cellRow("信息内容", "本年处理决定数量"), cellRow("行政处罚", "无"), cellRow("十条"), cellRow("第二"),
			cellRow("容 信息内", "本年收费金额（单位：万元）"), cellRow("行政事业性收费", "19051.43")},
			map[string]float64{"active.penalty.decisions": 0, "active.fees.amount": 19051.43}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTableReader()
			tr.read(&layout.Table{Rows: tt.rows}, "二")
			got := map[string]float64{}
			for _, f := range tr.facts {
				got[f.Key] = *f.Value
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("facts %v, want %v", got, tt.want)
			}
			if tt.warning != "" && !slices.Contains(tr.warnings, tt.warning) {
				t.Errorf("warnings %q, want %q", tr.warnings, tt.warning)
			}
			if tt.warning == "" && slices.ContainsFunc(tr.warnings, func(w string) bool { return strings.HasPrefix(w, "active: unrecognised column") }) {
				t.Errorf("warnings %q, want no column unrecognised", tr.warnings)
			}
		})
	}
}

// cellRow is a table row of cells holding texts.
func cellRow(texts ...string) []layout.Cell {
	out := make([]layout.Cell, len(texts))
	for i, c := range texts {
		out[i] = layout.Cell{Text: c}
	}
	return out
}

// In a 2019 report, whose template prints （六） as one row, a row only
// the 2021 template prints is a label cut short (其他法律行政法规禁止公开
// cut to 其他) or （六）'s own label scrambled (处理 其他, pdftotext -layout
// of Chromium's borderless print of v082): dropped with a warning, with
// the one row of （六） read or without it.
func TestDropContradictedRows(t *testing.T) {
	active := [][]layout.Cell{cellRow("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"), cellRow("规范性文件", "1", "2", "3")}
	cut := cellRow("其他", "0", "0", "0", "0", "0", "0", "0")
	other := cellRow("（六）其他处理", "1", "0", "0", "0", "0", "0", "1")
	tests := []struct {
		name       string
		rows       [][]layout.Cell
		otherOther bool
	}{
		{"with the one row of （六）", [][]layout.Cell{cut, other}, false},
		{"without it", [][]layout.Cell{cut}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTableReader()
			tr.read(&layout.Table{Rows: active}, "二")
			tr.read(&layout.Table{Rows: tt.rows}, "三")
			tmpl := tr.template(2020)
			if tmpl != "2019" {
				t.Fatalf("template %s, want 2019", tmpl)
			}
			tr.dropContradicted(tmpl)
			got := slices.ContainsFunc(tr.facts, func(f gongkai.Fact) bool { return f.Key == "applications.other_other.total" })
			if got != tt.otherOther {
				t.Errorf("applications.other_other read: %v, want %v", got, tt.otherOther)
			}
			warned := slices.ContainsFunc(tr.warnings, func(w string) bool {
				return strings.Contains(w, "applications.other_other: a row of the 2021 template")
			})
			if warned == tt.otherOther {
				t.Errorf("warned: %v, want %v (%q)", warned, !tt.otherOther, tr.warnings)
			}
		})
	}
}
