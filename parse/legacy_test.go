package parse

import (
	"slices"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

func TestArabicDates(t *testing.T) {
	tests := []struct{ in, want string }{
		{"二○一四年一月十日", "2014年1月10日"},
		{"二〇二四年十二月三十一日", "2024年12月31日"},
		{"二零一九年二月二十日", "2019年2月20日"},
		{"二〇一六年三月十五日", "2016年3月15日"},
		{"平潭综合实验区管理委员会 二○一四年一月十日", "平潭综合实验区管理委员会 2014年1月10日"},
		{"2014年1月10日", "2014年1月10日"},
		{"二○一四年十三月一日", "二○一四年十三月一日"}, // not a month: left as printed
		{"一九九九年", "一九九九年"},           // no month and day
	}
	for _, tt := range tests {
		if got := arabicDates(tt.in); got != tt.want {
			t.Errorf("arabicDates(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{
		"平潭综合实验区二〇一三年政府信息公开工作年度报告": "平潭综合实验区2013年政府信息公开工作年度报告",
		"二○一二年度": "2012年度",
		"一二三四年":  "一二三四年", // not a year of reports
	} {
		if got := arabicYears(in); got != want {
			t.Errorf("arabicYears(%q) = %q, want %q", in, got, want)
		}
	}
	if y := yearFromTitle("某县二〇一三年政府信息公开工作年度报告"); y != 2013 {
		t.Errorf("yearFromTitle with a Chinese-numeral year = %d", y)
	}
	for s, want := range map[string]int{"十": 10, "一": 1, "十二": 12, "二十": 20, "三十一": 31, "十十": 0, "一十": 0, "零": 0} {
		if got := chineseNumber(s); got != want {
			t.Errorf("chineseNumber(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestPageTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"平潭综合实验区2013年政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会", "平潭综合实验区2013年政府信息公开工作年度报告"},
		{"平潭综合实验区管理委员会2019年政府信息公开工作年度报告 - 平潭综合实验区", "平潭综合实验区管理委员会2019年政府信息公开工作年度报告"},
		{"淮安市洪泽区人民政府2023年政府信息公开工作年度报告|洪泽区人民政府", "淮安市洪泽区人民政府2023年政府信息公开工作年度报告"},
		{"政府信息公开_首页", ""},
	}
	for _, tt := range tests {
		if got := pageTitle(tt.in); got != tt.want {
			t.Errorf("pageTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPublishingBody(t *testing.T) {
	tests := []struct{ office, text, want string }{
		{"平潭综合实验区", "是平潭综合实验区管委会推进", "平潭综合实验区管理委员会"},
		{"平潭综合实验区", "平潭综合实验区管理委员会办公室", "平潭综合实验区管理委员会"},
		{"平潭综合实验区", "平潭县人民政府", "平潭综合实验区"}, // the text names no 管委会 of the zone
		{"洪泽区", "洪泽区人民政府高度重视", "洪泽区人民政府"},
		{"洪泽区", "全区", "洪泽区"},
		{"淮安市洪泽区人民政府", "淮安市洪泽区人民政府", "淮安市洪泽区人民政府"},
	}
	for _, tt := range tests {
		if got := publishingBody(tt.office, tt.text); got != tt.want {
			t.Errorf("publishingBody(%q, %q) = %q, want %q", tt.office, tt.text, got, tt.want)
		}
	}
}

// cells makes a table row of printed cells.
func cells(texts ...string) []layout.Cell {
	out := make([]layout.Cell, len(texts))
	for i, s := range texts {
		row, col := 0, i
		out[i] = layout.Cell{Text: s, At: gongkai.At{Row: &row, Col: &col}}
	}
	return out
}

// Rows of the national form and the provincial ones land on the indicator
// they count, including labels printed under two parents.
func TestLegacyRows(t *testing.T) {
	table := &layout.Table{Rows: [][]layout.Cell{
		cells("统 计 指 标", "单位", "统计数"),
		cells("一、主动公开情况", "——", "——"),
		cells("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "120"),
		cells("其中：主动公开规范性文件数", "条", "4"),
		cells("1.政府公报公开政府信息数", "条", "2"),
		cells("三、依申请公开情况", "——", "——"),
		cells("（一）收到申请数", "件", "9"),
		cells("3.网络申请数", "件", "5"),
		cells("（三）申请答复数", "件", "9"),
		cells("4.不同意公开答复数", "件", "2"),
		cells("其中：涉及国家秘密", "件", "1"),
		cells("法律法规规定的其他情形", "件", "1"),
		cells("6.申请信息不存在数", "件", "3"),
		cells("四、行政复议数量", "件", "2"),
		cells("（二）被依法纠错数", "件", "1"),
		cells("五、行政诉讼数量", "件", "1"),
		cells("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "0"),
		cells("（二）被依法纠错数", "件", "1"),
		cells("七、依申请公开信息收取的费用", "元", "300"),
	}}
	want := map[string]float64{
		"active_total": 120, "active_normative_documents": 4, "active_gazette": 2,
		"applications_received": 9, "applications_online": 5, "replies_total": 9, "replies_refused": 2,
		"refused_state_secret": 1, "refused_other_law": 1, "replies_not_exist": 3,
		"reviews": 2, "reviews_corrected": 1, "lawsuits": 1, "lawsuits_upheld": 0, "lawsuits_corrected": 1,
		"fees_charged": 0.03,
	}
	tr := newTableReader()
	tr.read(table, "")
	if len(tr.warnings) > 0 {
		t.Errorf("warnings: %v", tr.warnings)
	}
	got := map[string]float64{}
	for _, f := range tr.facts {
		row, col, _ := strings.Cut(strings.TrimPrefix(f.Key, "legacy."), ".")
		if col != gongkai.LegacyYear || f.Value == nil {
			t.Errorf("%s = %v: want a year value", f.Key, f.Value)
			continue
		}
		got[row] = *f.Value
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %v (present %v), want %v", k, g, ok, v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("read %v, want %v", got, want)
	}
}

// 甘肃's form counts 信息不存在 among the reasons of 否决公开; the same words
// under the national form's reply are a reply of their own.
func TestLegacyNestedReasons(t *testing.T) {
	table := &layout.Table{Rows: [][]layout.Cell{
		cells("指 标 名 称", "计量单位", "代码", "本期实际", "本年累计"),
		cells("对申请的答复总数", "条", "17", "6", "6"),
		cells("3.否决公开答复总数", "条", "20", "3", "3"),
		cells("其中:(1)“非《规定》所指政府信息”数", "条", "21", "1", "1"),
		cells("(2)“信息不存在”数", "条", "22", "2", "2"),
	}}
	tr := newTableReader()
	tr.read(table, "")
	keys := map[string]float64{}
	for _, f := range tr.facts {
		keys[f.Key] = *f.Value
	}
	for k, v := range map[string]float64{
		"legacy.replies_total.year": 6, "legacy.replies_refused.year": 3,
		"legacy.refused_not_government_info.year": 1, "legacy.refused_not_exist.year": 2,
	} {
		if keys[k] != v {
			t.Errorf("%s = %v, want %v (all: %v)", k, keys[k], v, keys)
		}
	}
	if len(keys) != 4 {
		t.Errorf("facts %v: the code column and 本年累计 must not become facts of their own", keys)
	}
}

// A 2019+ table that prints a unit column stays what it is (its rows are
// that table's to read or warn about); a statistics table without its
// header is still found.
func TestLegacyDetection(t *testing.T) {
	tests := []struct {
		name  string
		rows  [][]layout.Cell
		table string
	}{
		{"active with units", [][]layout.Cell{cells("行政许可", "件", "12")}, gongkai.TableActive},
		{"applications with units", [][]layout.Cell{cells("一、本年新收政府信息公开申请数量", "件", "1", "0", "0", "0", "0", "0", "1")}, gongkai.TableApplications},
		{"headerless statistics table", [][]layout.Cell{cells("受理依申请公开信息总数", "条", "3", "9")}, gongkai.TableLegacy},
	}
	for _, tt := range tests {
		tr := newTableReader()
		section := map[string]string{gongkai.TableActive: "二", gongkai.TableApplications: "三", gongkai.TableLegacy: "三"}[tt.table]
		tr.read(&layout.Table{Rows: tt.rows}, section)
		if tr.table != tt.table {
			t.Errorf("%s: read as table %s, want %s", tt.name, tr.table, tt.table)
		}
		for _, f := range tr.facts {
			if !strings.HasPrefix(f.Key, tt.table+".") {
				t.Errorf("%s: fact %s outside table %s", tt.name, f.Key, tt.table)
			}
		}
	}
}

// A row read by OCR whose count of values is not its columns' is skipped
// with a warning: the grid is off (a ruling missed or misfound), and
// placing the values by position would be a guess. The same row printed
// as text keeps its values by position, as before.
func TestOCRRowCountOff(t *testing.T) {
	ocrRow := func(texts ...string) []layout.Cell {
		row := cells(texts...)
		for i := range row {
			row[i].At.OCR, row[i].At.Confidence = true, 96
		}
		return row
	}
	tests := []struct {
		name    string
		rows    [][]layout.Cell
		section string
		facts   int
		warning string
	}{
		{"active by OCR, a value short", [][]layout.Cell{ocrRow("行政处罚", "0", "259")}, "二", 0, "active.penalty: 2 values, want 1; row skipped"},
		{"active as text, a value short", [][]layout.Cell{cells("行政处罚", "0", "259")}, "二", 1, "active.penalty: 2 values, want 1"},
		{"active by OCR, counts right", [][]layout.Cell{ocrRow("行政处罚", "0", "18", "259")}, "二", 3, ""},
		{"applications by OCR, a value over", [][]layout.Cell{ocrRow("（一）予以公开", "4", "1", "0", "0", "0", "0", "0", "5")}, "三", 0, "applications.granted: 8 values, want 7; row skipped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTableReader()
			tr.read(&layout.Table{Rows: tt.rows}, tt.section)
			if len(tr.facts) != tt.facts {
				t.Errorf("%d facts, want %d: %+v", len(tr.facts), tt.facts, tr.facts)
			}
			if tt.warning != "" && !slices.ContainsFunc(tr.warnings, func(w string) bool { return strings.HasPrefix(w, tt.warning) }) {
				t.Errorf("warnings %q, want one starting %q", tr.warnings, tt.warning)
			}
		})
	}
}
