package pdf

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/parse/grid"
)

// sizedPage lays out a page of unruled text as readPage does: each line
// of spec is "x y size text", one glyph of that size a character.
func sizedPage(num int, spec ...string) pageOut {
	var ts []grid.Text
	for _, l := range spec {
		f := strings.SplitN(l, " ", 4)
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		size, _ := strconv.ParseFloat(f[2], 64)
		for _, r := range f[3] {
			ts = append(ts, grid.Text{S: string(r), Box: grid.Rect{X0: x, Y0: y, X1: x + size, Y1: y + size}, Size: size})
			x += size
		}
	}
	p := pageOut{num: num, height: 842}
	p.place(nil, ts)
	return p
}

// A sidebar of other years' reports beside the report, as Chromium prints
// the fixture pages (v099, v081 of fixtures.Variants) and reportlab
// redraws them without link annotations: its lines come out apart from the
// report's and marked as links, and the report's title, in a larger font
// at the sidebar's heights, reads whole. A table's labels left of its
// values, or a list of links above the report, are no sidebar.
func TestSidebar(t *testing.T) {
	tests := []struct {
		name string
		page []string
		side []string // the lines marked as the sidebar's, top to bottom
		text []string // the other lines
	}{
		{"beside a title in a larger font (v099)",
			[]string{
				"204 190 12 发布时间：2020-03-26",
				"36 205 15 政府信息公开年报",
				"204 208 12 次数：340",
				"66 238 12 2021年政府信息公",
				"204 244 24 大连市甘井子区市场监督管理局",
				"66 256 12 开工作年度报告",
				"66 274 12 大连市甘井子区市场监",
				"204 279 24 2019年政府信息公开工作年度报告",
				"66 292 12 督管理局2020年政",
				"66 310 12 府信息公开工作年度报告",
				"228 327 12 本报告根据《中华人民共和国政府信息公开条例》编制。",
				"204 345 12 一、总体情况",
			},
			[]string{"政府信息公开年报", "2021年政府信息公", "开工作年度报告", "大连市甘井子区市场监", "督管理局2020年政", "府信息公开工作年度报告"},
			[]string{"发布时间：2020-03-26", "次数：340", "大连市甘井子区市场监督管理局", "2019年政府信息公开工作年度报告", "本报告根据《中华人民共和国政府信息公开条例》编制。", "一、总体情况"},
		},
		{"on the lines of a paragraph, a cell's padding apart (v081)",
			[]string{
				"36 205 12 政府信息公开年报",
				"68.5 238 12 2021年政府信息公",
				"203.5 238 12 按照《条例》要求编制本年度报告。",
				"68.5 256 12 开工作年度报告",
				"203.5 256 12 报告所列数据统计期限为2019年。",
				"68.5 274 12 成都市武侯区新华街",
				"68.5 292 12 道办事处2020年政",
				"68.5 310 12 府信息公开工作年度报告",
				"204 322 12 一、总体情况",
			},
			[]string{"政府信息公开年报", "2021年政府信息公", "开工作年度报告", "成都市武侯区新华街", "道办事处2020年政", "府信息公开工作年度报告"},
			[]string{"按照《条例》要求编制本年度报告。", "报告所列数据统计期限为2019年。", "一、总体情况"},
		},
		{"a table's labels left of its values",
			[]string{
				"36 100 12 信息内容",
				"204 100 12 本年新制作数量",
				"36 118 12 规章",
				"204 118 12 3",
				"36 136 12 规范性文件",
				"204 136 12 5",
				"36 154 12 2019年度报告数量",
				"204 154 12 7",
			},
			nil,
			[]string{"信息内容", "本年新制作数量", "规章", "3", "规范性文件", "5", "2019年度报告数量", "7"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := sizedPage(1, tt.page...)
			var side, text []string
			for _, b := range p.blocks {
				switch {
				case b.line != nil && b.side:
					side = append(side, b.line.Text)
				case b.line != nil:
					text = append(text, b.line.Text)
				default:
					for _, c := range b.table.Cells {
						if c.Text != "" {
							text = append(text, c.Text)
						}
					}
				}
			}
			if !slices.Equal(side, tt.side) {
				t.Errorf("sidebar %q\nwant    %q", side, tt.side)
			}
			if !slices.Equal(text, tt.text) {
				t.Errorf("text %q\nwant %q", text, tt.text)
			}
		})
	}
}
