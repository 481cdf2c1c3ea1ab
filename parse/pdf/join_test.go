package pdf

import (
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/parse/layout"
)

// textPage lays out a page of unruled text as readPage does: each line of
// spec is "x y text", one 10-point glyph a character.
func textPage(num int, spec ...string) pageOut {
	sized := make([]string, len(spec))
	for i, l := range spec {
		f := strings.SplitN(l, " ", 3)
		sized[i] = f[0] + " " + f[1] + " 10 " + f[2]
	}
	return sizedPage(num, sized...)
}

// Unruled tables over a page break, as Chromium prints the fixture reports
// with every border removed (v027 and v010 in testdata/producers).
func TestJoinPages(t *testing.T) {
	tests := []struct {
		name  string
		pages []pageOut
		want  string // the document's tables by " / ": rows by |, each after its page, cells by ,
	}{
		{"a header that ends a page belongs to the table that begins the next",
			[]pageOut{
				textPage(1, "30 100 二、主动公开政府信息情况",
					"30 780 信息内容", "150 780 本年制作", "250 780 本年公开", "350 780 公开总数"),
				textPage(2, "30 40 规章", "150 40 3", "250 40 3", "350 40 458",
					"30 60 规范性文件", "150 60 1", "250 60 1", "350 60 99"),
			},
			"1:信息内容,本年制作,本年公开,公开总数|2:规章,3,3,458|2:规范性文件,1,1,99"},
		{"a label wrapped over the page break continues its row",
			[]pageOut{
				textPage(1, "30 700 甲", "150 700 1", "250 700 2",
					"30 740 其他法", "150 740 0", "250 740 0",
					"30 752 律行政"),
				textPage(2, "30 40 法规禁", "30 52 止公开",
					"30 70 危及", "150 70 5", "250 70 6"),
			},
			"1:甲,1,2|1:其他法 律行政 法规禁 止公开,0,0|2:危及,5,6"},
		{"a running footer between the parts is left out",
			[]pageOut{
				textPage(1, "30 700 甲", "150 700 1", "250 700 2",
					"30 740 其他法", "150 740 0", "250 740 0",
					"30 752 律行政", "100 815 某区政府办公室"),
				textPage(2, "30 40 法规禁", "30 52 止公开",
					"30 70 危及", "150 70 5", "250 70 6", "100 815 某区政府办公室"),
			},
			"1:甲,1,2|1:其他法 律行政 法规禁 止公开,0,0|2:危及,5,6"},
		// Chromium's borderless PDF of v144 (fresh set 144–179): table 三
		// goes on at the top of a page, where its first row's 10, wrapped
		// in a narrow column, prints 1 in the top margin, beside the row:
		// a value, not a page number
		{"a number wrapped in its cell at the top of a page is its row's",
			[]pageOut{
				textPage(1, "30 700 甲", "150 700 1", "250 700 2"),
				textPage(2, "250 45 1", "30 50 乙", "150 50 5", "250 55 0",
					"30 80 丙", "150 80 7", "250 80 8"),
			},
			"1:甲,1,2|2:乙,5,10|2:丙,7,8"},
		{"a lone value centred on its row's label at a page's foot is no page number; a page number is left out (v081 without borders)",
			[]pageOut{
				textPage(1, "30 700 2.重复申请", "150 700 1", "250 700 2",
					"30 742.5 3.要求提供", "250 750 0", "30 757.5 出版物", "140 815 1"),
				textPage(2, "30 40 4.无正当理由", "150 40 5", "250 40 6", "140 815 2"),
			},
			"1:2.重复申请,1,2|1:3.要求提供 出版物,,0|2:4.无正当理由,5,6"},
		{"a page that begins with prose ends the table",
			[]pageOut{
				textPage(1, "30 700 甲", "150 700 1", "250 700 2"),
				textPage(2, "30 40 三、收到和处理政府信息公开申请情况",
					"30 70 乙", "150 70 5", "250 70 6"),
			},
			"1:甲,1,2 / 2:乙,5,6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &layout.Document{}
			dropFurniture(tt.pages)
			joinPages(tt.pages)
			assemble(doc, tt.pages)
			var got []string
			for _, b := range doc.Blocks {
				if b.Table == nil {
					continue
				}
				var rows []string
				for _, row := range b.Table.Rows {
					var cells []string
					for _, c := range row {
						cells = append(cells, c.Text)
					}
					at := row[0].At
					if at.Box[1] < 0 || at.Box[3] > 842 {
						t.Errorf("cell %q at %v, off its page", row[0].Text, *at.Box)
					}
					rows = append(rows, strconv.Itoa(at.Page)+":"+strings.Join(cells, ","))
				}
				got = append(got, strings.Join(rows, "|"))
			}
			if strings.Join(got, " / ") != tt.want {
				t.Errorf("tables %q\nwant   %q", strings.Join(got, " / "), tt.want)
			}
		})
	}
}
