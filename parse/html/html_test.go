package html

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai/gongkai/parse/layout"
)

func tables(doc *layout.Document) []*layout.Table {
	var out []*layout.Table
	for _, b := range doc.Blocks {
		if b.Table != nil {
			out = append(out, b.Table)
		}
	}
	return out
}

func texts(doc *layout.Document) []string {
	var out []string
	for _, b := range doc.Blocks {
		if b.Table == nil {
			out = append(out, b.Text)
		}
	}
	return out
}

func rowTexts(row []layout.Cell) string {
	var parts []string
	for _, c := range row {
		s := c.Text
		if c.Carried {
			s = "^" + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "|")
}

func TestTableSpans(t *testing.T) {
	page := `<table>
<tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于<br>国家秘密</td><td>&nbsp;</td></tr>
<tr><td>2.其他</td><td>３</td></tr>
<tr><td colspan="100000">wide</td><td>after</td></tr>
<tr><td rowspan="65534">tall</td><td>x</td></tr>
</table>`
	doc, err := Read([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	tbls := tables(doc)
	if len(tbls) != 1 {
		t.Fatalf("got %d tables, want 1", len(tbls))
	}
	want := []string{
		"三、本年度办理结果|（一）予以公开|1",
		"^三、本年度办理结果|（三）不予公开|1.属于国家秘密|",
		"^三、本年度办理结果|^（三）不予公开|2.其他|３",
		"wide|after",
		"tall|x",
	}
	rows := tbls[0].Rows
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		if got := rowTexts(rows[i]); got != w {
			t.Errorf("row %d = %q, want %q", i, got, w)
		}
	}
	// Positions are those of the expanded grid; the absurd colspan is capped.
	if c := rows[2][3]; *c.At.Row != 2 || *c.At.Col != 3 || *c.At.Table != 0 {
		t.Errorf("cell ３ at %+v, want row 2 col 3", c.At)
	}
	if c := rows[3][1]; *c.At.Col != maxColSpan {
		t.Errorf("cell after a capped colspan at col %d, want %d", *c.At.Col, maxColSpan)
	}
}

func TestWordExportedLabels(t *testing.T) {
	page := `<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<table class=MsoNormalTable><tr><td width=120 valign=top style='border:solid'>
<p class=MsoNormal><span lang=EN-US style='font-size:10.0pt'>1</span><span
style='font-size:10.0pt'>.</span><span style='font-family:宋体'>属于国家</span><span>秘密<o:p></o:p></span></p></td>
<td><p class=MsoNormal align=center><span lang=EN-US>0<o:p></o:p></span></p></td>
<td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td></tr></table></body></html>`
	doc, err := Read([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	tbls := tables(doc)
	if len(tbls) != 1 || len(tbls[0].Rows) != 1 {
		t.Fatalf("got %+v", doc.Blocks)
	}
	if got := rowTexts(tbls[0].Rows[0]); got != "1.属于国家秘密|0|" {
		t.Errorf("row = %q", got)
	}
}

func TestDecode(t *testing.T) {
	const text = "政府信息公开工作年度报告，朱镕基" // 镕 is in GBK but not in GB2312
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	page := func(meta, body string) []byte {
		return []byte("<html><head>" + meta + "</head><body><p>" + body + "</p></body></html>")
	}
	tests := []struct {
		name        string
		data        []byte
		contentType string
		charset     string
	}{
		{"utf-8 meta", page(`<meta charset="utf-8">`, text), "", "utf-8"},
		{"utf-8 undeclared", page("", text), "", "utf-8"},
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), page("", text)...), "", "utf-8"},
		{"gbk meta", page(`<meta http-equiv="Content-Type" content="text/html; charset=gbk">`, gbk), "", "gb18030"},
		{"gb2312 meta with gbk characters", page(`<meta charset=gb2312>`, gbk), "", "gb18030"},
		{"gbk undeclared", page("", gbk), "", "gb18030"},
		{"gbk in header", page("", gbk), "text/html; charset=GBK", "gb18030"},
		{"utf-8 meta lying about gbk bytes", page(`<meta charset="utf-8">`, gbk), "", "gb18030"},
		{"gbk meta lying about utf-8 bytes", page(`<meta charset="gbk">`, text), "", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs, err := Decode(tt.data, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if cs != tt.charset {
				t.Errorf("charset = %s, want %s", cs, tt.charset)
			}
			if !strings.Contains(got, text) {
				t.Errorf("decoded text lacks %q: %q", text, got)
			}
		})
	}
}

func TestNotHTML(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
	if _, err := Read(png, ""); !errors.Is(err, ErrNotHTML) {
		t.Errorf("err = %v, want ErrNotHTML", err)
	}
}

func TestReportInsideChrome(t *testing.T) {
	page := `<html><head><title>某某区人民政府2024年政府信息公开工作年度报告_某某区人民政府</title></head><body>
<div class="nav"><a>首页</a><a>政务公开</a><ul><li>一、总体情况不是这里</li></ul></div>
<div class="side"><a>2022年政府信息公开工作年度报告</a></div>
<h1 class="title">某某区人民政府2024年政府信息公开工作年度报告</h1>
<div class="related"><a href="/2021.html">2021年政府信息公开工作年度报告</a></div>
<div class="article">
<p>一、总体情况</p><p>2024年，本区……</p>
<p>二、主动公开政府信息情况</p><table><tr><td>第二十条第（一）项</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table>
</div>
<div class="footer">网站标识码：1234 ICP备000号</div>
</body></html>`
	doc, err := Read([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	got := texts(doc)
	if got[0] != "一、总体情况" {
		t.Errorf("report starts with %q, want the first heading; blocks %q", got[0], got)
	}
	for _, s := range got {
		if strings.Contains(s, "首页") || strings.Contains(s, "网站标识码") {
			t.Errorf("chrome %q kept in the report", s)
		}
	}
	if doc.Title != "某某区人民政府2024年政府信息公开工作年度报告" {
		t.Errorf("title = %q, want the article's heading above the container", doc.Title)
	}
	if len(tables(doc)) != 2 {
		t.Errorf("got %d tables, want 2", len(tables(doc)))
	}
}

func TestLayoutTableIsNotData(t *testing.T) {
	page := `<div>menu</div><table class="layout"><tr><td><p>二、主动公开政府信息情况</p>
<table><tr><td>第二十条第（一）项</td></tr><tr><td>规章</td><td>5</td></tr></table></td></tr></table>`
	doc, err := Read([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	tbls := tables(doc)
	if len(tbls) != 1 || rowTexts(tbls[0].Rows[1]) != "规章|5" {
		t.Errorf("want only the inner data table, got %d tables", len(tbls))
	}
	if texts(doc)[0] != "二、主动公开政府信息情况" {
		t.Errorf("report inside a layout table starts with %q", texts(doc)[0])
	}
}

// A report whose tables are typed as aligned columns inside <pre>, a
// Chinese character two columns wide as in a fixed-width font, reads
// through the table builder. (pdftotext's columns, one per character, are
// read by the corpus and producer tests.)
func TestPreAligned(t *testing.T) {
	page := "<html><head><meta charset=\"utf-8\"></head><body><p>二、主动公开政府信息情况</p><pre>\n" +
		"                 第二十条第（一）项\n" +
		"  信息内容      本年制发件数   本年废止件数   现行有效件数\n" +
		"  规章" + strings.Repeat(" ", 16) + "2" + strings.Repeat(" ", 14) + "0" + strings.Repeat(" ", 13) + "42\n" +
		"  行政规范性文件      5" + strings.Repeat(" ", 14) + "1" + strings.Repeat(" ", 13) + "97\n" +
		"</pre><p>三、收到和处理政府信息公开申请情况</p></body></html>"
	doc, err := Read([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, b := range doc.Blocks {
		if b.Table == nil {
			continue
		}
		for _, r := range b.Table.Rows {
			var cells []string
			for _, c := range r {
				cells = append(cells, c.Text)
			}
			rows = append(rows, strings.Join(cells, ","))
		}
	}
	want := "信息内容,本年制发件数,本年废止件数,现行有效件数|规章,2,0,42|行政规范性文件,5,1,97"
	if got := strings.Join(rows, "|"); got != want {
		t.Errorf("rows %q, want %q", got, want)
	}
	if !slices.ContainsFunc(doc.Warnings, func(w string) bool { return strings.Contains(w, "alignment") }) {
		t.Errorf("warnings %q: no word that the table was rebuilt from alignment", doc.Warnings)
	}
}
