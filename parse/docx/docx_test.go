package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/parse/layout"
)

// pack zips parts into a DOCX. Real documents come from LibreOffice and
// python-docx (parse/testdata/office); these hand-written parts pin down one
// construct each.
func pack(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const head = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>`

func body(xml string) map[string]string {
	return map[string]string{"word/document.xml": head + xml + `</w:body></w:document>`}
}

func p(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }

func tc(props, text string) string {
	return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + p(text) + `</w:tc>`
}

// render prints a document as lines; a table as rows of cells, "^" before a
// carried cell.
func render(doc *layout.Document) string {
	var b strings.Builder
	for _, bl := range doc.Blocks {
		if bl.Table == nil {
			b.WriteString(bl.Text + "\n")
			continue
		}
		for _, row := range bl.Table.Rows {
			for i, c := range row {
				if i > 0 {
					b.WriteString(" | ")
				}
				if c.Carried {
					b.WriteString("^")
				}
				b.WriteString(c.Text)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func TestRead(t *testing.T) {
	tests := []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"paragraphs and line breaks", body(p("一、总体情况") + `<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>`),
			"一、总体情况\n第一行\n第二行\n"},
		{"vertical merge, span, gridBefore", body(`<w:tbl>` +
			`<w:tr>` + tc(`<w:vMerge w:val="restart"/>`, "三、本年度办理结果") + tc("", "（一）予以公开") + tc(`<w:gridSpan w:val="2"/>`, "5") + `</w:tr>` +
			`<w:tr>` + tc(`<w:vMerge/>`, "") + tc("", "（二）部分公开") + tc("", "1") + tc("", "2") + `</w:tr>` +
			`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>` + tc("", "（三）不予公开") + tc(`<w:gridSpan w:val="2"/>`, "3") + `</w:tr>` +
			`</w:tbl>`),
			"三、本年度办理结果 | （一）予以公开 | 5\n^三、本年度办理结果 | （二）部分公开 | 1 | 2\n（三）不予公开 | 3\n"},
		{"a table holding a table lays out the page", body(`<w:tbl><w:tr><w:tc>` + p("二、主动公开") +
			`<w:tbl><w:tr>` + tc("", "规章") + tc("", "7") + `</w:tr></w:tbl>` + `</w:tc></w:tr></w:tbl>`),
			"二、主动公开\n规章 | 7\n"},
		{"tracked changes as accepted", body(`<w:p><w:ins><w:r><w:t>新增</w:t></w:r></w:ins><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:t>保留</w:t></w:r></w:p>`),
			"新增保留\n"},
		{"fields show their result", body(`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \@ "yyyy" </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2024</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>年</w:t></w:r></w:p>` +
			`<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>`),
			"2024年\n3\n"},
		{"text box once, not its fallback copy", body(`<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent>` + p("框内") +
			`</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>` + p("框内") + `</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>`),
			"框内\n正文\n"},
		{"hidden text and link-only paragraphs left out", body(`<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>可见</w:t></w:r></w:p>` +
			`<w:p><w:hyperlink><w:r><w:t>2020年政府信息公开工作年度报告</w:t></w:r></w:hyperlink></w:p>` +
			`<w:p><w:r><w:t>网址：</w:t></w:r><w:hyperlink><w:r><w:t>www.gov.cn</w:t></w:r></w:hyperlink></w:p>`),
			"可见\n网址：www.gov.cn\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(pack(t, tt.parts))
			if err != nil {
				t.Fatal(err)
			}
			if got := render(doc); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

const numberingXML = `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="6"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="OutlineList"/></w:abstractNum>
<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>`

const stylesXML = `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MyHeading"><w:basedOn w:val="Heading1"/></w:style>
<w:style w:type="numbering" w:styleId="OutlineList"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>`

const relsXML = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/word/styles.xml"/>
</Relationships>`

func numbered(numID, ilvl, text string) string {
	return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func styled(style, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

// Automatic numbers print as Word prints them: levels count on, a deeper
// level restarts under a new higher one, a startOverride starts a list of
// its own, styles (through basedOn) number headings, a list defined by a
// numbering style prints with that list's levels, bullets print nothing.
func TestNumbering(t *testing.T) {
	parts := body(styled("Heading1", "总体情况") + numbered("1", "1", "主动公开") + numbered("1", "1", "依申请公开") +
		styled("MyHeading", "主动公开政府信息情况") + numbered("1", "1", "规章") + numbered("1", "2", "属于国家秘密") + numbered("1", "2", "其他") +
		numbered("1", "1", "不予公开") + numbered("1", "2", "属于国家秘密") + numbered("2", "1", "其他处理") + numbered("3", "0", "要点") + numbered("4", "0", "其他需要报告的事项") +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>` + numbered("0", "0", "无编号"))
	parts["word/numbering.xml"] = numberingXML
	parts["word/styles.xml"] = stylesXML
	parts["word/_rels/document.xml.rels"] = relsXML
	doc, err := Read(pack(t, parts))
	if err != nil {
		t.Fatal(err)
	}
	want := "一、总体情况\n（一）主动公开\n（二）依申请公开\n二、主动公开政府信息情况\n（一）规章\n1.属于国家秘密\n2.其他\n" +
		"（二）不予公开\n1.属于国家秘密\n（六）其他处理\n要点\n一、其他需要报告的事项\n无编号\n"
	if got := render(doc); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v      int
		format string
		want   string
	}{
		{1, "chineseCounting", "一"}, {10, "chineseCounting", "十"}, {11, "chineseCounting", "十一"},
		{20, "chineseCounting", "二十"}, {23, "chineseCountingThousand", "二十三"}, {105, "chineseCountingThousand", "一百零五"},
		{7, "decimal", "7"}, {3, "decimalFullWidth", "３"}, {2, "decimalEnclosedCircle", "②"},
		{3, "ideographTraditional", "丙"}, {4, "upperRoman", "IV"}, {28, "lowerLetter", "bb"}, {12, "ideographDigital", "一二"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.v, tt.format); got != tt.want {
			t.Errorf("formatNumber(%d, %s) = %q, want %q", tt.v, tt.format, got, tt.want)
		}
	}
}

// deflated repeats unit n times inside a body: small zipped, large expanded.
func deflated(unit string, n int) map[string]string {
	return body(strings.Repeat(unit, n))
}

// Hostile and broken documents end in a clear error for this document.
func TestBudgets(t *testing.T) {
	many := map[string]string{}
	for i := range maxMembers + 1 {
		many["x/"+strings.Repeat("a", i%7)+string(rune('a'+i%26))+strings.Repeat("b", i/26)] = ""
	}
	tests := []struct {
		name  string
		parts map[string]string
		err   error
		msg   string
	}{
		{"zip bomb", deflated("<w:p/>                                                                ", maxPartSize/64+1), ErrTooLarge, "expands past"},
		{"a million cells", body(`<w:tbl><w:tr>` + strings.Repeat(`<w:tc><w:p/></w:tc>`, 1_000_000) + `</w:tr></w:tbl>`), ErrTooLarge, "table cells"},
		{"tables nested too deep", body(strings.Repeat(`<w:tbl><w:tr><w:tc>`, maxDepth+1)), ErrTooLarge, "nested"},
		{"row too wide", body(`<w:tbl><w:tr>` + strings.Repeat(tc(`<w:gridSpan w:val="64"/>`, "x"), 10) + `</w:tr></w:tbl>`), ErrTooLarge, "columns"},
		{"too many members", many, ErrTooLarge, "zip members"},
		{"broken XML", map[string]string{"word/document.xml": head + "<w:p><w:r></w:p>"}, nil, "word/document.xml"},
		{"no document part", map[string]string{"xl/workbook.xml": "<workbook/>"}, ErrNotDOCX, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(pack(t, tt.parts))
			if err == nil {
				t.Fatalf("no error; read %d blocks", len(doc.Blocks))
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("err = %v, want %v", err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want it to say %q", err, tt.msg)
			}
		})
	}
	if _, err := Read([]byte("PK\x03\x04 cut short")); err == nil || !strings.HasPrefix(err.Error(), "docx:") {
		t.Errorf("cut zip: err = %v", err)
	}
}
