package parse

import (
	"bytes"
	"errors"
	"github.com/gongkai/gongkai/parse/layout"
	"slices"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
)

func TestReadValue(t *testing.T) {
	tests := []struct {
		raw  string
		want any // float64, nil for blank, "label" for not a number
		unit string
	}{
		{"21", 21.0, ""},
		{"", nil, ""},
		{" \u00a0 ", nil, ""},
		{"-", 0.0, ""},
		{"—", 0.0, ""},
		{"无", 0.0, ""},
		{"/", 0.0, ""},
		{"２１", 21.0, ""},
		{"1,234", 1234.0, ""},
		{"7730.28", 7730.28, ""},
		{"251000元", 251000.0, "元"},
		{"2.5万元", 2.5, "万元"},
		{"1.", "label", ""},
		{"规章", "label", ""},
		{"12,34", "label", ""},
	}
	for _, tt := range tests {
		v, ok := readValue(tt.raw)
		switch want := tt.want.(type) {
		case string:
			if ok {
				t.Errorf("readValue(%q) read a value, want a label", tt.raw)
			}
		case nil:
			if !ok || v.value != nil {
				t.Errorf("readValue(%q) = %v, %v; want blank", tt.raw, v.value, ok)
			}
		case float64:
			if !ok || v.value == nil || *v.value != want || v.unit != tt.unit {
				t.Errorf("readValue(%q) = %+v, %v; want %v %s", tt.raw, v, ok, want, tt.unit)
			}
		}
	}
}

func TestSplitNumbering(t *testing.T) {
	tests := []struct {
		label string
		level int
		num   string
		rest  string
	}{
		{"一、本年新收政府信息公开申请数量", 1, "一", "本年新收政府信息公开申请数量"},
		{"（三）不予公开", 2, "（三）", "不予公开"},
		{"(五)不予处理", 2, "（五）", "不予处理"},
		{"1.属于国家秘密", 3, "1", "属于国家秘密"},
		{"３．其他", 3, "3", "其他"},
		{"予以公开", 0, "", "予以公开"},
	}
	for _, tt := range tests {
		n := splitNumbering(tt.label)
		if n.level != tt.level || n.num != tt.num || n.rest != tt.rest {
			t.Errorf("splitNumbering(%q) = %+v, want %d %q %q", tt.label, n, tt.level, tt.num, tt.rest)
		}
	}
}

func TestMatchApplicationRow(t *testing.T) {
	tests := []struct {
		group, label, want string
	}{
		{"（三）", "2.其他法律行政止公开", "denied_law_forbidden"}, // the typo of hongze-2023
		{"（四）", "2.没有现成信息需要另行制作", "unable_need_creation"},
		{"", "国家秘密", "denied_state_secret"},
		{"", "予以公开", "granted"},
		{"（六）", "3.其他", "other_other"},
		{"（六）", "其他", "other_other"},
		{"", "（六）其他处理", "other"},
		{"", "（七）总计", "total"},
		{"", "四、结转下年度继续办理", "carried_forward"},
		{"", "二、上年结转政府信息公开申请数量", "carried_over"},
		{"", "说明", ""},
		// reportlab's redraw of v187 (fresh set 180–215): a row of empty
		// cells drawn with nothing in them, its label joined to the row
		// above's; whose the values are is not known
		{"（三）", "其他法 律行政 止公开 危及 “三安 全一稳 定”", ""},
		// a group's own label beside its item's is one row
		{"（六）", "其他 申请人 处理 无正当 理由逾 期不补 正、行 政机关 不再处 理其政 府信息 公开申 请", "other_overdue_correction"},
		{"（三）", "不予 国家秘 公开 密", "denied_state_secret"},
		// pdftotext of v409's Chromium PDF (fresh set 396–431): a piece of
		// 部分公开（区分处理的，只计这一情形…） scrambled into a cell of its
		// own shares one letter with 总计, which is no likeness; the
		// letters of 其他 out of order are
		{"", "计这", ""},
		{"", "他其", "other_other"},
	}
	for _, tt := range tests {
		tr := newTableReader()
		tr.group = tt.group
		if got := tr.matchApplicationRow([]layout.Cell{{Text: tt.label}}); got != tt.want {
			t.Errorf("matchApplicationRow(%q in %q) = %q, want %q", tt.label, tt.group, got, tt.want)
		}
	}
}

func TestFindFigures(t *testing.T) {
	text := "2025年共受理政府信息公开申请21件，办结20件。本年度未收到政府信息公开申请。" +
		"主动公开信息数47条；发生政府信息公开行政复议3件，诉讼2件。未受理政府信息公开申请5件的情况不存在。"
	got := map[string]float64{}
	for _, f := range findFigures(text) {
		got[f.Name+"|"+f.Label] = f.Value
	}
	want := map[string]float64{
		"applications_received|受理政府信息公开申请": 21,
		"no_applications|未收到政府信息公开申请":      0,
		"active_disclosed|主动公开信息数":         47,
		"review_cases|行政复议":                3,
		"litigation_cases|诉讼":              2,
	}
	if len(got) != len(want) {
		t.Errorf("figures = %v, want %v", got, want)
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("figure %s = %v (found %v), want %v", k, g, ok, v)
		}
	}
}

// A report whose review total does not add up: the check fails with the
// numbers involved and the printed value stays as printed.
func TestFailedCheckKeepsValue(t *testing.T) {
	page := `<p>某县人民政府2024年政府信息公开工作年度报告</p>
<p>一、总体情况</p><p>2024年，本县受理政府信息公开申请3件。</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>
<tr>` + strings.Repeat("<td>1</td>", 4) + `<td>9</td>` + strings.Repeat("<td>0</td>", 10) + `</tr></table>
<p>某县人民政府</p><p>2025年1月20日</p>`
	rep, err := Bytes("x.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Office != "某县人民政府" || rep.Year != 2024 || rep.Signed == nil || *rep.Signed != "2025-01-20" {
		t.Errorf("office %q year %d signed %v", rep.Office, rep.Year, rep.Signed)
	}
	f := rep.Fact("review_litigation.review.total")
	if f == nil || *f.Value != 9 {
		t.Fatalf("review total = %+v, want 9 as printed", f)
	}
	var c *gongkai.Check
	for i := range rep.Checks {
		if rep.Checks[i].ID == "review_litigation.review.sum" {
			c = &rep.Checks[i]
		}
	}
	if c == nil || c.Status != gongkai.Fail || *c.Want != 4 || *c.Got != 9 {
		t.Errorf("check = %+v, want fail with want 4 got 9", c)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		err  error
	}{
		{"page.html", []byte("<html><body><p>欢迎访问</p></body></html>"), ErrNoReport},
		{"notes.txt", []byte("一段与年报无关的文字。"), ErrNoReport},
		{"empty.html", nil, ErrNoReport},
		{"image.html", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), nil},
		{"huge.html", bytes.Repeat([]byte("<p>a</p>"), MaxSize/8+1), ErrTooLarge},
		{"report.docx", []byte("PK\x03\x04"), nil}, // a zip cut short: the DOCX reader says so
		{"slides.doc", append(append([]byte{}, cfbMagic...), make([]byte, 600)...), nil},
		{"book.xls", []byte("\x00\x01"), ErrUnsupported},
	}
	for _, tt := range tests {
		rep, err := Bytes(tt.name, tt.data)
		if err == nil {
			t.Errorf("%s: got a report %+v, want an error", tt.name, rep)
			continue
		}
		if tt.err != nil && !errors.Is(err, tt.err) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.err)
		}
	}
}

// A report whose text is there but whose tables are not (LibreOffice's PDF
// of a page with a sidebar ends after section 一) says no table was read.
func TestReportWithoutTables(t *testing.T) {
	text := "某街道办事处2019年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息223条。\n二、主动公开政府信息情况\n"
	rep, err := Bytes("cut.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Facts) != 0 || !slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.HasPrefix(w, "no table of the report found") }) {
		t.Errorf("facts %d, warnings %q: want none and the no-table warning", len(rep.Facts), rep.Warnings)
	}
}

// Invalid bytes and truncated markup never panic and never invent facts.
func TestGarbageNeverPanics(t *testing.T) {
	page := []byte("<table><tr><td rowspan=9999999>（三）不予公开<td>1.属于国家秘密<td>\xff\xfe\x80<td colspan=-3>")
	for i := range page {
		rep, err := Bytes("cut.html", page[:i])
		if err == nil && len(rep.Facts) > 0 {
			for _, f := range rep.Facts {
				if f.Value != nil && *f.Value != 0 {
					t.Errorf("prefix %d: invented fact %+v", i, f)
				}
			}
		}
	}
}

func TestFullName(t *testing.T) {
	tests := []struct{ office, text, want string }{
		{"洪泽区人民政府", "本报告由淮安市洪泽区人民政府办公室编制（地址：淮安市洪泽区洪泽湖大道90号）", "淮安市洪泽区人民政府"},
		{"洪泽区人民政府", "请与淮安市洪泽区人民政府联系", "洪泽区人民政府"},      // one long run: words or place? no guess
		{"洪泽区人民政府", "（地址：淮安市洪泽区）又见扬州市洪泽区", "洪泽区人民政府"}, // two places: no guess
		{"上海市人民政府办公厅", "上海市人民政府办公厅", "上海市人民政府办公厅"},
		{"伊州区人民政府", "全区工作", "伊州区人民政府"},
	}
	for _, tt := range tests {
		if got := fullName(tt.office, tt.text); got != tt.want {
			t.Errorf("fullName(%q, %q) = %q, want %q", tt.office, tt.text, got, tt.want)
		}
	}
}

// A report whose producer printed look-alike code points (Chromium's
// 上海市⼈⺠政府, a compatibility ideograph) names its office, its
// sections and its labels in the unified characters, whatever the reader.
func TestLookalikesNormalised(t *testing.T) {
	v := fixtures.Variants(1)[0]
	spec := *v.Spec
	page := string(v.Bytes())
	page = strings.NewReplacer("人", "⼈", "民", "⺠", "金", "\uF90A").Replace(page)
	rep, err := Bytes(v.Name+v.Ext, []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Office != spec.Office {
		t.Errorf("office %q, want %q", rep.Office, spec.Office)
	}
	compareFacts(t, rep, spec.Facts)
	for _, r := range rep.Office + rep.Title {
		if (r >= 0x2E80 && r <= 0x2FDF) || (r >= 0xF900 && r <= 0xFAFF) {
			t.Errorf("look-alike U+%04X left in %q", r, rep.Office+rep.Title)
		}
	}
}
