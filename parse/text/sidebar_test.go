package text

import (
	"slices"
	"strings"
	"testing"
)

// titleBesideSidebar is the head of pdftotext -layout's text of Chromium's
// PDF of fixture v051: a sidebar listing the body's reports of other
// years beside the report's title, which it cuts in two, and the report's
// first line, indented.
var titleBesideSidebar = []string{
	"政府信息公开年报",
	"   2021年政府信息公开工作   桂林市七星区教育局2019年政府信",
	"   年度报告",
	"   桂林市七星区教育局2020",
	"   年政府信息公开工作年度",
	"                   息公开工作年度报告",
	"   报告                  根据《中华人民共和国政府信息公开条例》规定，现将区教育局",
}

// A sidebar of other years' reports beside the report, as pdftotext
// -layout prints Chromium's PDFs of the fixture pages (v048, v051 of
// fixtures.Variants), is lifted out of the lines it shares with the
// report: its lines come out marked as links, in order, and the report's
// lines keep only the report's text, so that a title the sidebar cut in
// two stands on consecutive lines. Text whose left column is a table's
// labels or prose is left alone.
func TestLiftSidebars(t *testing.T) {
	tests := []struct {
		name   string
		lines  []string
		side   []string // the sidebar's lines, in order; nil for none
		report []string // the non-blank lines left, trimmed
	}{
		{
			name: "one column's space apart (Chromium, v048)",
			lines: []string{
				"当前位置：首页 > 政府信息公开 > 政府信息公开年报",
				"                 发布时间：2025-01-03 来源：宜昌市夷陵区自然资源局 浏览次数：",
				"政府信息公开年报         117",
				"   2023年政府信息公开工作 根据《中华人民共和国政府信息公开条例》规定，现将区自然资源",
				"   年度报告          局2024年度政府信息公开工作情况报告如下。本报告统计期限为2024",
				"   宜昌市夷陵区自然资源局 年1月1日至12月31日，如对本报告有疑问，请与区自然资源局党政办",
				"   2022年政府信息公开工作 公室联系。",
				"   年度报告          一、总体情况",
				"                  2024年，区自然资源局坚持以习近平新时代中国特色社会主义思",
				"                想为指导，认真贯彻落实党中央、国务院关于全面推进政务公开工作的",
			},
			side: []string{"政府信息公开年报", "2023年政府信息公开工作", "年度报告", "宜昌市夷陵区自然资源局", "2022年政府信息公开工作", "年度报告"},
			report: []string{
				"当前位置：首页 > 政府信息公开 > 政府信息公开年报",
				"发布时间：2025-01-03 来源：宜昌市夷陵区自然资源局 浏览次数：",
				"117",
				"根据《中华人民共和国政府信息公开条例》规定，现将区自然资源",
				"局2024年度政府信息公开工作情况报告如下。本报告统计期限为2024",
				"年1月1日至12月31日，如对本报告有疑问，请与区自然资源局党政办",
				"公室联系。",
				"一、总体情况",
				"2024年，区自然资源局坚持以习近平新时代中国特色社会主义思",
				"想为指导，认真贯彻落实党中央、国务院关于全面推进政务公开工作的",
			},
		},
		{
			name: "the report's title cut in two, a paragraph's first line indented (Chromium, v051)",
			lines: slices.Concat([]string{
				"当前位置：首页 > 政府信息公开 > 政府信息公开年报",
				"                 发布时间：2020-01-10 来源：桂林市七星区教育局 浏览次数：340",
			}, titleBesideSidebar, []string{
				"                   2019年度政府信息公开工作情况报告如下。本报告统计期限为2019年1",
			}),
			side: []string{"政府信息公开年报", "2021年政府信息公开工作", "年度报告", "桂林市七星区教育局2020", "年政府信息公开工作年度", "报告"},
			report: []string{
				"当前位置：首页 > 政府信息公开 > 政府信息公开年报",
				"发布时间：2020-01-10 来源：桂林市七星区教育局 浏览次数：340",
				"桂林市七星区教育局2019年政府信",
				"息公开工作年度报告",
				"根据《中华人民共和国政府信息公开条例》规定，现将区教育局",
				"2019年度政府信息公开工作情况报告如下。本报告统计期限为2019年1",
			},
		},
		{
			name: "a table's labels left of its numbers (Chromium, v046)",
			lines: []string{
				"\f（本列数据的勾稽关系为：                     申请人情  况",
				"第一项加第二项之和，等于    自然         人或其他组织                    计",
				" 第三项加第四项之和）     人",
				"                             法                      总",
				"                     商业 科研   社会 法律             其他",
				"                     企业 机构    公  服",
				"                             益组 务机",
				"                              织 构",
				"一、本年新收政府信息公开    ３６   ６                              ４２",
				"    申请数量",
				"二、上年结转政府信息公开    １                  -       -        １",
				"    申请数量",
				"三、本  （一）予以公开    １４   ２                     -        １６",
				"年度办 （二）部分公开     ３    １             -                ４",
			},
		},
		{
			name: "prose under a title (Chromium, v046)",
			lines: []string{
				"       宜昌市夷陵区新华街道办事处2019年政   府信息公开工作年   度报告",
				"",
				"  本报告根据《中华人民共和国政府信息公开条例》（以",
				"下简称《条例》）和上级有关要求编制。全文包括总体情",
				"况、主动公开政府信息情况、收到和处理政府信息公开申请",
				"  一、总体情况",
				"  2019年，新华街道坚持以习近平新时代中国特色社会",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, sides := liftSidebars(tc.lines, false)
			var side []string
			for _, s := range sides {
				for _, b := range s.blocks {
					if !b.Link {
						t.Errorf("sidebar line %q not marked as a link", b.Text)
					}
					side = append(side, b.Text)
				}
			}
			if !slices.Equal(side, tc.side) {
				t.Errorf("sidebar %q, want %q", side, tc.side)
			}
			if tc.side == nil {
				if !slices.Equal(out, tc.lines) {
					t.Errorf("lines changed without a sidebar: %q", out)
				}
				return
			}
			var report []string
			for _, l := range out {
				if l = strings.TrimSpace(l); l != "" {
					report = append(report, l)
				}
			}
			if !slices.Equal(report, tc.report) {
				t.Errorf("report lines\n%q\nwant\n%q", report, tc.report)
			}
		})
	}
}

// The sidebar's lines come before the report's lines they stood beside,
// and the title they cut in two reads as two consecutive lines.
func TestReadAlignedSidebarFirst(t *testing.T) {
	lines := append(slices.Clone(titleBesideSidebar),
		"二、主动公开政府信息情况",
		"               第二十条",
		"               第（一）项",
		"",
		"    信息内容       本年新 本年新 对外公开总数量",
		"               制作数量 公开数量",
		"     规章          无     无     91",
		"   规范性文件         3     3     57",
	)
	blocks, tables, _ := ReadAligned(lines)
	if tables != 1 {
		t.Fatalf("%d tables, want 1", tables)
	}
	var texts []string
	for _, b := range blocks {
		if b.Table == nil {
			texts = append(texts, b.Text)
		}
	}
	want := []string{"政府信息公开年报", "2021年政府信息公开工作", "年度报告", "桂林市七星区教育局2020", "年政府信息公开工作年度", "报告",
		"桂林市七星区教育局2019年政府信", "息公开工作年度报告", "根据《中华人民共和国政府信息公开条例》规定，现将区教育局", "二、主动公开政府信息情况", "第二十条", "第（一）项"}
	if !slices.Equal(texts, want) {
		t.Errorf("text lines\n%q\nwant\n%q", texts, want)
	}
}
