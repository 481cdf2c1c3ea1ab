package text

import (
	"slices"
	"strings"
	"testing"
)

// Rows of table 三 whose labels pdftotext -layout wrapped over several
// lines of narrow columns (Word's layout of the report, borderless or
// ruled) keep each line of a label in its own row.
func TestReadAlignedWrappedLabels(t *testing.T) {
	tests := []struct {
		name string
		text []string
		want []string // the table's rows
	}{
		{
			// a group label and an item label three spaces apart run
			// together into one label; the rest of both, below, goes on
			// under it, not into the row below
			"the rest of a label of two columns' words",
			[]string{
				"        不予处   信访举         —   —       —   —        1   —       1",
				"         理    报投诉",
				"              类申请",
				"              重复申         —   —       —   —        1   —       1",
				"               请",
				"              要求提         —   —       —   —        —   —       —",
			},
			[]string{
				"不予处 信访举 理 报投诉 类申请|—|—|—|—|1|—|1",
				"重复申 请|—|—|—|—|1|—|1",
				"要求提|—|—|—|—|—|—|—",
			},
		},
		{
			// an item number with its words after it (2.   申请) takes no
			// words from the line above: that is the rest of the label
			// above it
			"the last line of a label above an item number with its words",
			[]string{
				"        1.申请      １    0   0   0   0   0   １",
				"          人无正",
				"          息公开",
				"           申请",
				"          2.   申请   0    0   0   0   0   0   0",
				"          人逾期",
				"        3.其他        0    0   0   0   0   0   0",
			},
			[]string{
				"1.申请 人无正 息公开 申请|１|0|0|0|0|0|１",
				"2. 申请 人逾期|0|0|0|0|0|0|0",
				"3.其他|0|0|0|0|0|0|0",
			},
		},
		{
			// values printed in the middle of their row's label, with no
			// label on their line: the label's first line above them
			// begins their row, not the rest of the row above's
			"values in the middle of their label",
			[]string{
				"本年    予以公开        ９        0           0            0",
				"",
				"    部分公开（区分",
				"度办",
				"                  １        0           0            0",
				"理结",
				" 果 处理的，只计这",
				"    一情形，不计其",
				"      他情形）",
				"    不予   属于国      0        0           0            0",
			},
			[]string{
				"本年|予以公开|９|0|0|0",
				"度办 理结|部分公开（区分 果 处理的，只计这 一情形，不计其 他情形）|１|0|0|0",
				"不予 属于国|0|0|0|0",
			},
		},
		{
			// a long header over a table of one value column, its value
			// under its end: right of every row's label, it heads the
			// column, not a label column of its own (Chromium's
			// borderless print of v120, the fees row after a page break)
			"a long header of one value column",
			[]string{
				"           行政处罚             93",
				"           行政强制             -",
				"                    第二十条",
				"                    第（八）项",
				"           信息内容     本年收费金额（单位：万元）",
				"\f             行政事业性收费               -",
				"三、收到和处理政府信息公开申请情况",
			},
			[]string{
				"行政处罚|93",
				"行政强制|-",
				"第二十条",
				"第（八）项",
				"信息内容|本年收费金额（单位：万元）",
				"行政事业性收费|-",
				"三、收到和处理政府信息公开申请情况",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks, _, _ := ReadAligned(tc.text)
			if rows := dump(blocks); !slices.Equal(rows, tc.want) {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A long header over a table of one value column, begun left of the end
// of the row's label but reaching past it, heads the value column: in
// LibreOffice's print of v126 (pdftotext -layout, the fees row after a
// page break) it was read as a label column of the row below.
func TestReadAlignedLongHeaderOfOneColumn(t *testing.T) {
	text := `                行政处罚                无

                行政强制                无

                             第二十条
                            第（八）项

                信息内容        本年收费金额（单位：万元）
` + "\f" + `                      行政事业性收费             无

三、收到和处理政府信息公开申请情况

                                                        申请人情况

                                                        法人或其他组织

     （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
                                                          社会    法律
                                              自然人                     总计
                                                    商业 科研 公      服
                                                                   其他
                                                    企业 机构 益组    务机
                                                           织     构

                   一、本年新收政府信息公开申请数            32    无   无   无   无   无   32

               二、上年结转政府信息公开申请数量                无    无   无   无   无   无   无`
	blocks, _, _ := ReadAligned(strings.Split(text, "\n"))
	rows := dump(blocks)
	for _, want := range []string{"信息内容|本年收费金额（单位：万元）", "行政事业性收费|无"} {
		if !slices.Contains(rows, want) {
			t.Errorf("no row %q in\n%s", want, strings.Join(rows, "\n"))
		}
	}
}

// Headers over a row of one value (a 2019 fees row that leaves 本年增/减
// blank: LibreOffice's print of v165, fresh set 144–179) are not one long
// header over one column: only a line's one chunk reaching past the row
// labels is taken so, and the reader sees the two columns' names.
func TestReadAlignedTwoHeadersOverOneValue(t *testing.T) {
	text := []string{
		"               第二十条",
		"              第（六）项",
		"",
		"   信息内容      上一年项目数量 本年增/减 处理决定数量",
		"",
		"   行政处罚        153     无",
		"",
		"   行政强制         无      无",
		"",
		"               第二十条",
		"              第（八）项",
		"\f                         信息内容     上一年项目数量      本年增/减",
		"",
		"                    行政事业性收费           10",
		"",
		"                                    第二十条",
		"                                   第（九）项",
	}
	blocks, _, _ := ReadAligned(text)
	rows := dump(blocks)
	// 信息内容 stays the label column's header: before, it was read into
	// the value column's with the two, and the reader, knowing none of
	// them, read the 10 under 2021's 本年收费金额
	if !slices.Contains(rows, "信息内容|上一年项目数量 本年增/减") {
		t.Errorf("信息内容 not the label column's header:\n%s", strings.Join(rows, "\n"))
	}
}
