package text

import (
	"errors"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/parse/layout"
)

func rows(t *layout.Table) []string {
	var out []string
	for _, r := range t.Rows {
		var cells []string
		for _, c := range r {
			cells = append(cells, c.Text)
		}
		out = append(out, strings.Join(cells, "|"))
	}
	return out
}

// The shapes of the scraped corpus document: padding after short rows, a
// cell broken over two lines, a heading right after a padded last row, and a
// full-width last row ending a table with no padding at all. A pipe after
// whitespace closes a blank cell; pipes alone open or pad rows.
func TestRead(t *testing.T) {
	const src = `二、主动公开政府信息情况
|
第二十条 第(一)项 |
|||
|
信息内容 |
本年制发件数 |
||
|
规章 |
1 |
 |
|
三、收到和处理政府信息公开申请情况
|
3.补正后申请内容仍不明确 |
0 |
|
|
(五)不予处理
|
1.信访举报投诉类申请 |
2 |
|
2.重复申请 |
3 |
|
四、行政复议
|
结果 维持 |
总计 |
|
4 |
5 |
五、存在的主要问题
正文。`
	doc, err := Read([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		if b.Table != nil {
			got = append(got, "T:"+strings.Join(rows(b.Table), " / "))
		} else {
			got = append(got, b.Text)
		}
	}
	want := []string{
		"二、主动公开政府信息情况",
		"T:第二十条第(一)项 / 信息内容|本年制发件数 / 规章|1|",
		"三、收到和处理政府信息公开申请情况",
		"T:3.补正后申请内容仍不明确|0 / (五)不予处理|1.信访举报投诉类申请|2 / 2.重复申请|3",
		"四、行政复议",
		"T:结果维持|总计 / 4|5",
		"五、存在的主要问题",
		"正文。",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Cells remember their line: "1" of 规章 is on line 11.
	if c := doc.Blocks[1].Table.Rows[2][1]; c.At.Line != 11 {
		t.Errorf("cell %q at line %d, want 11", c.Text, c.At.Line)
	}
}

func TestReadRejectsBinary(t *testing.T) {
	if _, err := Read([]byte("PK\x03\x04\x00\x00")); !errors.Is(err, ErrNotText) {
		t.Errorf("err = %v, want ErrNotText", err)
	}
}
