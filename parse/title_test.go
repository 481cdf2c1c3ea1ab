package parse

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/parse/layout"
)

// A line of a sentence wrapped after 工作情况报告 (pdftotext -layout of a
// report without a title) is no title; titles are, their year's digits
// spread by the extractor (2   019) too, and give their year; an item of
// a list (• …: a link to another year's report) is none.
func TestIsTitle(t *testing.T) {
	tests := []struct {
		line string
		want bool
		year int
	}{
		{"淮安市洪泽区人民政府2023年政府信息公开工作年度报告", true, 2023},
		{"2019年上海市人民政府办公厅政府信息公开工作年度报告", true, 2019},
		{"成都市武侯区青山镇人民政府2   019年政府信息公开工作年度报告", true, 2019},
		{"2020 2021年政府信息公开工作年度报告", true, 2021},
		{"• 桂林市七星区柳溪乡人民政府 2020 年政府信息公开工作年度报告", false, 0},
		{"根据《中华人民共和国政府信息公开条例》规定，现将柳溪乡2022年度政府信息公开工作情况报告", false, 0},
	}
	for _, tt := range tests {
		if got := isTitle(tt.line); got != tt.want {
			t.Errorf("isTitle(%q) = %v, want %v", tt.line, got, tt.want)
		}
		if tt.want {
			if got := yearFromTitle(tt.line); got != tt.year {
				t.Errorf("yearFromTitle(%q) = %d, want %d", tt.line, got, tt.year)
			}
		}
	}
}

// Title lines before the first section that name different years are a
// list of links to a body's reports (pdftotext -layout of Chromium's print
// of v024, a page without a title; of v049, the list's items wrapped, a
// line of another item between), and none is taken for this report's
// title; a title printed twice is the title.
func TestReportListIsNoTitle(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		title string // "" for none
	}{
		{"a list of other years' reports", []string{
			"政府信息公开年报",
			"   2021年政府信息公开工作年度报告",
			"   桂林市七星区柳溪乡人民政府2020年政府信息公开工作年度报告",
			"发布时间：2023-03-14 来源：桂林市七星区柳溪乡人民政府",
		}, ""},
		{"a title printed twice", []string{
			"桂林市七星区柳溪乡人民政府2022年政府信息公开工作年度报告",
			"桂林市七星区柳溪乡人民政府2022年政府信息公开工作年度报告",
		}, "桂林市七星区柳溪乡人民政府2022年政府信息公开工作年度报告"},
		{"a list whose items are apart", []string{
			"2021年政府信息公开工作年度报告",
			"大连市甘井子区柳溪乡人",
			"民政府2020年政府信息公开工作年度报告",
			"本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var blocks []layout.Block
			for _, l := range append(tt.lines, "一、总体情况", "2022年，柳溪乡坚持公开。") {
				blocks = append(blocks, layout.Block{Text: strings.TrimSpace(l)})
			}
			o := findOutline(blocks)
			got := ""
			if o.title >= 0 {
				got = blocks[o.title].Text
			}
			if got != tt.title {
				t.Errorf("title %q, want %q", got, tt.title)
			}
		})
	}
}

// A title wrapped onto a second line is joined: after 政府信息公开 and,
// as a column beside it pushes it (pdftotext -layout of Chromium's print
// of v039), right after its year, the rest 13 characters long; a line of
// a sidebar's links is not joined to the report's, nor a sentence.
func TestJoinWrappedTitle(t *testing.T) {
	type line struct {
		text string
		link bool
	}
	tests := []struct {
		name  string
		lines []line
		want  []string // the texts after joining
	}{
		{"after 政府信息公开", []line{{"宜昌市夷陵区新华街道办事处2019年政府信息公开", false}, {"工作年度报告", false}},
			[]string{"宜昌市夷陵区新华街道办事处2019年政府信息公开工作年度报告", ""}},
		{"right after its year", []line{{"桂林市七星区卫生健康委员会2019", false}, {"年政府信息公开工作年度报告", false}},
			[]string{"桂林市七星区卫生健康委员会2019年政府信息公开工作年度报告", ""}},
		// reportlab's redraw of v457 (fresh set 432–467): a sidebar's
		// item wrapped over three lines of its narrow column, which named
		// the other year the list shows beside 2022's
		{"over three lines", []line{{"成都市武侯区教育局2021", false}, {"年政府信息公开工作年度", false}, {"报告", false}},
			[]string{"成都市武侯区教育局2021年政府信息公开工作年度报告", "", ""}},
		{"a link and the report's line", []line{{"员会2020年政府信息公开", true}, {"工作年度报告", false}},
			[]string{"员会2020年政府信息公开", "工作年度报告"}},
		{"a sentence", []line{{"现将区卫生健康委2019", false}, {"年度政府信息公开工作情况报告如下。", false}},
			[]string{"现将区卫生健康委2019", "年度政府信息公开工作情况报告如下。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var blocks []layout.Block
			for _, l := range tt.lines {
				blocks = append(blocks, layout.Block{Text: l.text, Link: l.link})
			}
			joinWrappedTitle(blocks)
			for i, b := range blocks {
				if b.Text != tt.want[i] {
					t.Errorf("line %d %q, want %q", i, b.Text, tt.want[i])
				}
			}
		})
	}
}
