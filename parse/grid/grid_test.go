package grid

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
)

func h(y, x0, x1 float64) Segment { return Segment{Horizontal: true, Pos: y, Lo: x0, Hi: x1} }
func v(x, y0, y1 float64) Segment { return Segment{Horizontal: false, Pos: x, Lo: y0, Hi: y1} }

// box3x2 is a table of three columns (x 0, 100, 200, 300) and two rows
// (y 0, 20, 40), every ruling drawn.
func box3x2() []Segment {
	return []Segment{
		h(0, 0, 300), h(20, 0, 300), h(40, 0, 300),
		v(0, 0, 40), v(100, 0, 40), v(200, 0, 40), v(300, 0, 40),
	}
}

// shape writes a table's cells as "row,col+rowspan×colspan" in reading order.
func shape(t *Table) string {
	var parts []string
	for _, c := range t.Cells {
		parts = append(parts, fmt.Sprintf("%d,%d+%dx%d", c.Row, c.Col, c.RowSpan, c.ColSpan))
	}
	return strings.Join(parts, " ")
}

func TestLattice(t *testing.T) {
	tests := []struct {
		name string
		segs []Segment
		want []string // each table's shape
	}{
		{"every ruling", box3x2(), []string{"0,0+1x1 0,1+1x1 0,2+1x1 1,0+1x1 1,1+1x1 1,2+1x1"}},
		{"borders drawn twice and in pieces", append(box3x2(),
			h(20.4, 0, 60), h(19.8, 62, 300), // a border in two pieces, slightly off
			v(100.5, 0, 12), v(100.2, 14, 40), // a dashed one
			h(0, 0, 300)), // the top again
			[]string{"0,0+1x1 0,1+1x1 0,2+1x1 1,0+1x1 1,1+1x1 1,2+1x1"}},
		{"merged across: no ruling between the first row's cells", []Segment{
			h(0, 0, 300), h(20, 0, 300), h(40, 0, 300),
			v(0, 0, 40), v(100, 20, 40), v(200, 20, 40), v(300, 0, 40),
		}, []string{"0,0+1x3 1,0+1x1 1,1+1x1 1,2+1x1"}},
		{"merged down: a group label over two rows", []Segment{
			h(0, 0, 300), h(20, 100, 300), h(40, 0, 300),
			v(0, 0, 40), v(100, 0, 40), v(200, 0, 40), v(300, 0, 40),
		}, []string{"0,0+2x1 0,1+1x1 0,2+1x1 1,1+1x1 1,2+1x1"}},
		{"a page foot leaves the last row open", []Segment{
			h(0, 0, 300), h(20, 0, 300),
			v(0, 0, 40), v(100, 0, 40), v(200, 0, 40), v(300, 0, 40),
		}, []string{"0,0+1x1 0,1+1x1 0,2+1x1 1,0+1x1 1,1+1x1 1,2+1x1"}},
		{"a frame around text is no table", []Segment{h(0, 0, 300), h(40, 0, 300), v(0, 0, 40), v(300, 0, 40)}, nil},
		{"boxes stacked in one column are no table", []Segment{
			h(0, 0, 300), h(20, 0, 300), h(40, 0, 300), v(0, 0, 40), v(300, 0, 40),
		}, nil},
		{"an L where a frame's rulings stop short is cut by rows", []Segment{
			h(0, 0, 300), h(20, 0, 300), h(40, 100, 300), h(60, 0, 300),
			v(0, 0, 60), v(100, 0, 40), v(200, 0, 60), v(300, 0, 60),
		}, []string{"0,0+1x1 0,1+1x1 0,2+1x1 1,0+1x1 1,1+1x1 1,2+1x1 2,0+1x2 2,2+1x1"}},
		{"a last row's bottom ruling broken: its cells stay apart", []Segment{
			h(0, 0, 300), h(20, 0, 300), h(40, 200, 300),
			v(0, 0, 60), v(100, 0, 40), v(200, 0, 40), v(300, 0, 60),
		}, []string{"0,0+1x1 0,1+1x1 0,2+1x1 1,0+1x1 1,1+1x1 1,2+1x1 2,0+1x3"}},
		{"a broken ruling under a cell spanning rows keeps it whole", []Segment{
			h(0, 0, 300), h(20, 0, 300), h(30, 0, 50), h(40, 200, 300),
			v(0, 0, 60), v(100, 0, 40), v(200, 0, 40), v(300, 0, 60),
		}, []string{"0,0+1x1 0,1+1x1 0,2+1x1 1,0+1x1 1,1+2x1 1,2+2x1 2,0+1x1 3,0+1x3"}},
		{"two tables apart", append(box3x2(), h(100, 0, 200), h(120, 0, 200), v(0, 100, 120), v(100, 100, 120), v(200, 100, 120)),
			[]string{"0,0+1x1 0,1+1x1 0,2+1x1 1,0+1x1 1,1+1x1 1,2+1x1", "0,0+1x1 0,1+1x1"}},
		{"diagonal and dot segments are ignored", append(box3x2(), h(30, 50, 50.5), v(150, 10, 10.2)),
			[]string{"0,0+1x1 0,1+1x1 0,2+1x1 1,0+1x1 1,1+1x1 1,2+1x1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tables := Lattice(tt.segs, 2)
			var got []string
			for _, tb := range tables {
				got = append(got, shape(tb))
			}
			if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// Text goes into the cell around its centre; a cell spanning two rows is
// listed on both, carried on the second; text outside every table comes
// back.
func TestFillAndLayout(t *testing.T) {
	tables := Lattice([]Segment{
		h(0, 0, 300), h(20, 100, 300), h(40, 0, 300),
		v(0, 0, 40), v(100, 0, 40), v(200, 0, 40), v(300, 0, 40),
	}, 2)
	if len(tables) != 1 {
		t.Fatalf("%d tables", len(tables))
	}
	char := func(s string, x, y float64) Text { return Text{S: s, Box: Rect{x, y, x + 10, y + 10}, Size: 10} }
	rest := Fill(tables, []Text{
		char("不", 10, 5), char("予", 20, 5), char("公", 10, 25), char("开", 20, 25), // two lines in the tall cell
		char("1", 150, 5), char("2", 250, 5), char("3", 150, 25),
		char("外", 400, 5),
	})
	if len(rest) != 1 || rest[0].S != "外" {
		t.Errorf("rest %v, want the one piece outside", rest)
	}
	rows := tables[0].Layout(func(r Rect) gongkai.At { return gongkai.At{Box: &[4]float64{r.X0, r.Y0, r.X1, r.Y1}} })
	var got []string
	for _, row := range rows {
		var cells []string
		for _, c := range row {
			mark := ""
			if c.Carried {
				mark = "^"
			}
			cells = append(cells, mark+c.Text)
		}
		got = append(got, strings.Join(cells, ","))
	}
	want := []string{"不予公开,1,2", "^不予公开,3,"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows %q, want %q", got, want)
	}
}

// A body ruled only vertically (the header ruled all round): each line of
// values is a row of its own, and a label centred on two of them spans
// both. A label wrapped over two lines beside one line of values splits
// nothing.
func TestUnruledRowsInRuledTable(t *testing.T) {
	tables := Lattice([]Segment{
		h(0, 0, 300), h(20, 0, 300), h(80, 0, 300),
		v(0, 0, 80), v(100, 0, 80), v(200, 0, 80), v(300, 0, 80),
	}, 2)
	char := func(s string, x, y float64) Text { return Text{S: s, Box: Rect{x, y, x + 10, y + 10}, Size: 10} }
	Fill(tables, []Text{
		char("甲", 10, 5), char("乙", 110, 5), char("丙", 210, 5), // header
		char("组", 10, 40), // one line, centred on the two rows below
		char("1", 150, 28), char("2", 250, 28),
		char("3", 150, 52), char("4", 250, 52),
	})
	got := rowsOf(tables[0])
	want := "甲,乙,丙|组,1,2|^组,3,4"
	if got != want {
		t.Errorf("rows %q, want %q", got, want)
	}

	tables = Lattice([]Segment{h(0, 0, 300), h(40, 0, 300), v(0, 0, 40), v(100, 0, 40), v(200, 0, 40), v(300, 0, 40)}, 2)
	Fill(tables, []Text{char("长", 10, 5), char("标", 10, 20), char("1", 150, 12), char("2", 250, 12)})
	if got, want := rowsOf(tables[0]), "长标,1,2"; got != want {
		t.Errorf("wrapped label: rows %q, want %q", got, want)
	}

	// LibreOffice's PDF of v250 (fresh set 216–251): headers wrapped
	// alike over two lines (本年新 / 制作数量, 对外公开总数 / 量) beside one
	// centred on them are one row of headers, not two.
	tables = Lattice([]Segment{h(0, 0, 400), h(40, 0, 400), h(60, 0, 400), v(0, 0, 60), v(100, 0, 60), v(200, 0, 60), v(300, 0, 60), v(400, 0, 60)}, 2)
	Fill(tables, []Text{
		char("信", 10, 15),
		char("新", 150, 5), char("制", 150, 20),
		char("新", 250, 5), char("公", 250, 20),
		char("总", 350, 5), char("量", 350, 20),
		char("规", 10, 45), char("1", 150, 45), char("1", 250, 45), char("1", 350, 45),
	})
	if got, want := rowsOf(tables[0]), "信,新制,新公,总量|规,1,1,1"; got != want {
		t.Errorf("headers wrapped alike: rows %q, want %q", got, want)
	}

	// Chromium wraps 10 and 15 in narrow cells, one digit a line, beside a
	// 4 centred on the row: one row of three values, not two rows.
	tables = Lattice([]Segment{h(0, 0, 400), h(40, 0, 400), v(0, 0, 40), v(100, 0, 40), v(200, 0, 40), v(300, 0, 40), v(400, 0, 40)}, 2)
	Fill(tables, []Text{
		char("一", 10, 15),
		char("1", 150, 5), char("0", 150, 20),
		char("4", 250, 12),
		char("1", 350, 5), char("5", 350, 20),
	})
	if got, want := rowsOf(tables[0]), "一,1 0,4,1 5"; got != want {
		t.Errorf("numbers wrapped in their cells: rows %q, want %q", got, want)
	}
}

func rowsOf(t *Table) string {
	var rows []string
	for _, row := range t.Layout(func(Rect) gongkai.At { return gongkai.At{} }) {
		var cells []string
		for _, c := range row {
			mark := ""
			if c.Carried {
				mark = "^"
			}
			cells = append(cells, mark+c.Text)
		}
		rows = append(rows, strings.Join(cells, ","))
	}
	return strings.Join(rows, "|")
}

// alignedLines makes column-aligned text into lines: one piece per
// character, one unit per column, as the plain-text reader does.
func alignedLines(text string) []Line {
	var lines []Line
	for y, s := range strings.Split(text, "\n") {
		var ps []Text
		col := 0
		for _, r := range s {
			if r != ' ' {
				ps = append(ps, Text{S: string(r), Box: Rect{float64(col), float64(y), float64(col + 1), float64(y + 1)}, Size: 1})
			}
			col++
		}
		if len(ps) > 0 {
			lines = append(lines, Line{Text: strings.Join(strings.Fields(s), " "), Box: Rect{ps[0].Box.X0, float64(y), ps[len(ps)-1].Box.X1, float64(y + 1)}, Pieces: ps})
		}
	}
	return lines
}

func TestStream(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // rows joined by |, cells by ,; "" for no table
		rest int
	}{
		{"values under headers, a blank cell",
			"说明文字。\n" +
				"项目      甲    乙    丙\n" +
				"一、收到    1     2     3\n" +
				"二、结转    4           6\n" +
				"完。",
			"项目,甲,乙,丙|一、收到,1,2,3|二、结转,4,,6", 2},
		{"a label wrapped round its numbers",
			"（一）甲      1    2\n" +
				"（二）乙的很长\n" +
				"                3    4\n" +
				"    标签\n" +
				"（三）丙      5    6",
			"（一）甲,1,2|（二）乙的很长 标签,3,4|（三）丙,5,6", 0},
		{"prose mentioning numbers is no table",
			"本年共受理申请 21 件，办结 20 件。\n全年收取费用 0 元。",
			"", 2},
		// pdftotext -layout of Chromium's PDF of v177 (fresh set 144–179)
		// ran two values of narrow columns together, １ １ as １１: a line
		// short of values with a number of two digits is kept in order,
		// short, for the reader to skip, not placed by position
		{"a short line with a number that may be a run",
			"项目      甲   乙   丙   丁\n" +
				"一、收到  １０   ４   0   １５\n" +
				"二、结转   0   0   １１",
			"项目,甲,乙,丙,丁|一、收到,１０,４,0,１５|二、结转,0,0,１１", 0},
		// pdftotext -layout of Chromium's PDF of v195 (fresh set 180–215):
		// 17 and 21 wrapped in narrow cells, their last digits on the line
		// below, each where the digit it follows stands
		{"the rest of numbers wrapped in their cells, on the line below",
			"项目      甲   乙   丙\n" +
				"一、收到   １   无   ２\n" +
				"       ７       １\n" +
				"二、结转   0   0   ３",
			"项目,甲,乙,丙|一、收到,１７,无,２１|二、结转,0,0,３", 0},
		// pdftotext -layout of Chromium's PDF of v249 (fresh set 216–251):
		// 11 and 11 wrapped, their last digits a character left of the
		// digits they follow, on the line of the group label's rest
		{"the rest of numbers wrapped beside a group label's rest",
			"二、上年结转       １ 无 无 １\n" +
				"三、本年 （一）予以公开 １ 无 无 １\n" +
				"度办理结        １     １\n" +
				"     （二）部分公开 ３ 无 无 ３",
			"二、上年结转,１,无,无,１|三、本年 度办理结,（一）予以公开,１１,无,无,１１|（二）部分公开,３,无,无,３", 0},
		// pdftotext -layout of Chromium's PDF of v234: a row whose label
		// starts left of the one above's, under its own numbers, is a row
		{"a row below whose numbers stand under the row above's",
			"   （六）其他 3.其他   0 1 0 1\n" +
				"      （七）总计       3 0 1 5",
			"（六）其他,3.其他,0,1,0,1|（七）总计,3,0,1,5", 0},
		{"a group label on its own line is a row of its own",
			"1.甲   1  2\n（三）不予公开\n2.乙   3  4",
			"1.甲,1,2|（三）不予公开,,|2.乙,3,4", 0},
		// pdftotext -layout of Chromium's borderless PDF (v024 in
		// testdata/producers) runs zeros printed as — together
		{"zeros printed as dashes run together",
			"项目      甲  乙  丙\n一、收到  —  ——\n二、结转  4   5   6",
			"项目,甲,乙,丙|一、收到,—,—,—|二、结转,4,5,6", 0},
		// pdftotext -layout of Chromium's borderless PDF of v045: values
		// of narrow columns run together (０ ００ ０ ０ ００ is seven);
		// 10 is no run, nor a number with a point; a line short of values
		// there may hide one (１０: 1 and 0?) and is left short, not
		// placed by position
		{"values run together after a zero",
			"一、收到  ０ ００ ７\n二、结转  ０７ ３ ４\n三、其他  10 0.5 ０ ４\n四、结转  １ １０   ０",
			"一、收到,０,０,０,７|二、结转,０,７,３,４|三、其他,10,0.5,０,４|四、结转,１,１０,０", 0},
		// pdftotext -layout of Chromium's borderless PDF of v045: a run
		// (１０) standing glyph for glyph where the one-glyph values of two
		// columns stand on the full lines is those two values
		{"a run under the glyphs of two columns",
			"一、收到  ５ ００ ０ ０５\n二、结转  ０ ００ ０ ００\n三、其他  １ １０ ０ ０２",
			"一、收到,５,０,０,０,０,５|二、结转,０,０,０,０,０,０|三、其他,１,１,０,０,０,２", 0},
		// pdftotext -layout of Chromium's borderless PDF of v111: 无 run
		// into the values beside it, a number after it or before it (无６,
		// ６无); a word of 无 and other letters is a label, its row left short
		// of values in place (not placed by position)
		{"无 run together with numbers",
			"一、收到  ６ 无无 无 无 无６\n二、结转  无 无无 无 无 无无\n三、有无  １２无 无 无 无 无 无\n四、其他无 无 无 无 无 无 无",
			"一、收到,６,无,无,无,无,无,６|二、结转,无,无,无,无,无,无,无|三、有无,１２,无,无,无,无,无,无|四、其他无,无,无,无,无,无,无", 0},
		// pdftotext -layout of the borderless PDF of v349 (fresh set
		// 324–359): a line short of values whose value stands under no
		// column (a lone — of a sub-table's column no other row prints) is
		// kept short, in order, not placed under the nearest column
		{"a value under no column",
			"一、收到  1      2      3\n二、结转      4\n三、其他  5      6      7\n四、结转         8",
			"一、收到,1,2,3|二、结转,4|三、其他,5,6,7|四、结转,,8,", 0},
		// pdftotext -layout of Chromium's borderless PDF of v321 (fresh set
		// 288–323): a number run into the dash after it (2—) is two values;
		// a dash before digits may be a minus and is left whole
		{"a number run into a dash",
			"一、收到  1 2 — — 3\n二、结转  4 5— — 6\n三、其他  7 8 — -9 7",
			"一、收到,1,2,—,—,3|二、结转,4,5,—,—,6|三、其他,7,8,—,-9,7", 0},
		// pdftotext -layout of Chromium's PDF of v030: the rest of a group
		// label and of an item label on one line below their row
		{"the rest of two labels side by side continues the row above",
			"（六）其他      1.申请人无正当   1   2\n" +
				" 处理        再处理其申请\n" +
				"           2.申请人逾期    3   4",
			"（六）其他 处理,1.申请人无正当 再处理其申请,1,2|2.申请人逾期,3,4", 0},
		// pdftotext -layout of LibreOffice's PDF (v030 in testdata/producers):
		// a group label centred on a row prints round the row's own label
		{"a group label printed round another column's label",
			"1.甲                5   6\n" +
				"（六）其他处\n" +
				"      2.申请人逾期\n" +
				"   理               1   2",
			"1.甲,5,6|（六）其他处 理,2.申请人逾期,1,2", 0},
		// pdftotext -layout of the PDFs of v015 and v006: a sub-table
		// whose rows each leave a column blank; by order, 115 would
		// stand under 上一年项目数量
		{"a sparse sub-table's columns from its header's cells",
			"                    信息内容      上一年项目数量 本年增/减 处理决定数量\n" +
				"                    行政许可         29\n" +
				"                 其他对外管理服务事项                   115",
			"信息内容,上一年项目数量,本年增/减,处理决定数量|行政许可,29,,|其他对外管理服务事项,,,115", 0},
		// pdftotext -layout of Chromium's PDF of v010 (a Word layout:
		// labels start beside their numbers and wrap below them): the
		// rest of 部分公开（区分 comes after a line of the group label
		// wrapped round both rows, which waits for the row below
		{"the rest of a label below another column's waiting label",
			"本年      予以公开       3   3\n" +
				"度办\n" +
				"         部分公开（区分 2   1\n" +
				"理结\n" +
				"果       处理的，只计这\n" +
				"         一情形）\n" +
				"         不予公开       0   0",
			"本年 度办,予以公开,3,3|部分公开（区分 处理的，只计这 一情形）,2,1|理结 果,不予公开,0,0", 0},
		// pdftotext -layout of Chromium's PDF of v001 (a Word layout): an
		// item number on its numbers' line, the words after it raised a
		// line above; 2. is no value
		{"an item number alone takes the words raised above it",
			"（四）      1.本机     7   7\n" +
				"无法提      关不掌\n" +
				"          没有\n" +
				"         2.       1   1\n" +
				"         现成信\n" +
				"         3.其他   0   0",
			"（四） 无法提,1.本机 关不掌,7,7|2.没有 现成信,1,1|3.其他,0,0", 0},
		// pdftotext -layout of Chromium's PDF of v007: one header broken
		// in two is no second column
		{"a header broken in two is one column",
			"     信息内容                           本年处理     决定数量\n" +
				"     行政许可                                    —\n" +
				"     行政强制                                    3",
			"信息内容,本年处理 决定数量|行政许可,—|行政强制,3", 0},
		// pdftotext -layout of Chromium's PDF of v016 (a Word layout;
		// testdata/producers): item 5's number printed among its row's
		// values, its first value before it; seven numbers besides it for
		// seven columns, so each keeps its order
		{"an item number printed among its row's values",
			"               2.重复         0       0        0        0       0           0       0\n" +
				"                申请\n" +
				"          要求 0 5. 0   0                               0       0           0       0\n" +
				"         行政机\n" +
				"    （六）其他处理   1   0   0                               0       0           0       1",
			"2.重复 申请,0,0,0,0,0,0,0|5.要求 行政机,0,0,0,0,0,0,0|（六）其他处理,1,0,0,0,0,0,1", 0},
		// the same where the numbers do not fill the columns: the item
		// number stays a label, read as none of the values
		{"an item number among too few values stays out of them",
			"          甲    1    2    3\n" +
				"          要求 0 5.     0\n" +
				"          乙    4    5    6",
			"甲,1,2,3|要求 0,5.,,0,|乙,4,5,6", 0},
		// pdftotext -layout of Chromium's borderless PDF of v016
		// (testdata/producers): at the top of a page the first values of
		// the rows below stand further left than these rows', so a label
		// wrapped under its row's (举报投) reaches past the region's
		// median start of values, but not past its neighbours'
		{"a wrapped label reaching past the median column is no header",
			"         （五）    1.信访         1       0       0\n" +
				"         不予处    举报投\n" +
				"            理   诉类申\n" +
				"                2.重复         0       0       0\n" +
				"    （六）其他处理   1   0   0\n" +
				"     （七）总计   13   2   0",
			"（五） 不予处,1.信访 举报投,1,0,0|理 诉类申,2.重复,0,0,0|（六）其他处理,1,0,0|（七）总计,13,2,0", 0},
		// pdftotext -layout of LibreOffice's PDF of v024 (testdata/producers):
		// a page begins with the first line of a row's label, the line
		// below holds the rest of the group label beside it (理 of 其他处理)
		// and the row's numbers
		{"a first row's label begun right above its numbers",
			"              申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公\n" +
				"         理                                                             —   —   —\n" +
				"                             开申请\n" +
				"\n" +
				"                                      其他                               —   —   —",
			"理,申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公 开申请,—,—,—|其他,—,—,—", 0},
		// pdftotext -layout of Chromium's PDF of v052 (a Word layout): an
		// item number four spaces from its words, which therefore raised
		// none of them onto the line above (不予公 秘密 goes on above)
		{"an item number a few spaces from its words",
			"      （三） 1.    国家   -    -   -\n" +
				"      不予公  秘密\n" +
				"       开  2.    其他   １    -   -\n" +
				"          法律行\n" +
				"           3.危及      １    -   -",
			"（三） 不予公 秘密,1. 国家,-,-,-|开,2. 其他 法律行,１,-,-|3.危及,１,-,-", 0},
		// pdftotext -layout of v154 without borders (fresh set 144–179): 本年增/减
		// wrapped in its cell, its slash alone at the end of the header's
		// second line, over 行政事业性收费's two values: header text, not
		// a row with one value
		{"a slash ending a header line over the values below is header text",
			"  信息内容              上一年项      目数\n" +
				"                               量                        本年增 减       /\n" +
				"行政事业性收费                   0                                     0",
			"信息内容,上一年项 目数量,本年增 减 /|行政事业性收费,0,0", 0},
		// pdftotext -layout of v214 without borders (fresh set 180–215): 行政许可,
		// letter-spaced in its cell, printed as 政许可 over 行 and the
		// first row's values
		{"most of a first row's label raised over its one glyph left",
			"   政许可\n" +
				"    行                    无                            -3                  无\n" +
				"其他对外管理服务                 无                            无                   213",
			"政许可 行,无,-3,无|其他对外管理服务,无,无,213", 0},
		// pdftotext -layout of v154 without borders (fresh set 144–179):
		// the sub-table's title printed with its letters out of order
		// (第  ）项 （五) is a title, not header text over its columns
		{"an article title with its letters out of order",
			"                             第二      十条\n" +
				"                             第  ）项 （五\n" +
				"  信息内容         上   一年项   目数量      本年增/             减                    处理决定     数量\n" +
				"  行政许可                   １３５                       0                         0",
			"信息内容,上,一年项 目数量 本年增/,减,处理决定 数量|行政许可,１３５,0,0", 2},
		// pdftotext -layout of Chromium's PDF of v100 (a Word layout): a
		// label whose bracket is open goes on below its row, its lines
		// drifting right, though the next row's numbers are nearer
		{"a label with its bracket open goes on",
			"本年    予以公开       —    —    1\n" +
				"度办\n" +
				"理结 部分公开（区分       —    —    —\n" +
				"\n" +
				" 果 处理的，只计这\n" +
				"    一情形，不计其\n" +
				"      他情形）\n" +
				"    不予   属于国     —    —    —\n" +
				"    公开 家秘密\n" +
				"           其他法   —    —    —",
			"本年 度办,予以公开,—,—,1|理结 部分公开（区分 果 处理的，只计这 一情形，不计其 他情形）,—,—,—|不予 属于国 公开 家秘密,—,—,—|其他法,—,—,—", 0},
		// pdftotext -layout of Word's Chromium PDF of v178 (fresh set
		// 180–215), the top of a page: 2.没有现成信息需另行制作's words
		// raised over its item number start the page's table, as a label,
		// not a header, though the columns drifted left of it below
		{"an item's words raised over its number start a page's table",
			"                没有\n" +
				"               2.       2       无       无\n" +
				"               现成信\n" +
				"    （五）  1.信访 3   无   无",
			"2.没有 现成信,2,无,无|（五）,1.信访,3,无,无", 0},
		// the same page: 3.补正后申请…'s first value run into its item
		// number (13.: the value 1, then item 3, the one after 2.)
		{"a first value run into the next item number",
			"               2.没有   2       无       无\n" +
				"           补正 13. 无   无\n" +
				"         后申请\n" +
				"    （五）  1.信访 3   无   无",
			"2.没有,2,无,无|3.补正 后申请,1,无,无|（五）,1.信访,3,无,无", 0},
		// pdftotext -layout of Word's Chromium PDF of v103 (fresh set
		// 72–107): （七）总计 printed over its first value, 计13 one word
		{"a first value run into the end of its row's label",
			"四、其他   0   0   0     0\n" +
				"总（七） 计13  0   1     17\n" +
				"五、结转   0   0   0     0",
			"四、其他,0,0,0,0|总（七） 计,13,0,1,17|五、结转,0,0,0,0", 0},
		// pdftotext -layout of the borderless Word PDFs of v151 and v172
		// (fresh set 180–215): 2.其他法律行政法规禁止公开's last lines drifted
		// right, under 3.危及's column, are still item 2's, not a row
		{"words between two numbered items are the first's",
			"     （三） 1.属于       0    0\n" +
				"         2.其他       0    0\n" +
				"         法律行\n" +
				"            禁止公\n" +
				"             开\n" +
				"            3.危及    0    0",
			"（三）,1.属于,0,0|2.其他 法律行 禁止公 开,0,0|3.危及,0,0", 0},
		// but words between items that do not follow one another may be a
		// blank row's label: a row of their own
		{"words between items not in sequence stay a row",
			"         2.其他       0    0\n" +
				"            禁止公\n" +
				"            4.保护    0    0",
			"2.其他,0,0|禁止公,,|4.保护,0,0", 0},
		// and （六）其他处理 wrapped round its row: its words raised over
		// its number, its last character printed among the values (理0)
		{"a group number takes its words from above, its last character from among the values",
			"               5.要求     0     0     0\n" +
				"       其他处\n" +
				"         （六）  2  理0   2\n" +
				"     （七）总计   14   1   15",
			"5.要求,0,0,0|（六）其他处理,2,0,2|（七）总计,14,1,15", 0},
		// pdftotext -layout prints a row's numbers on the last line of its
		// wrapped label as often as on the first: a row whose own label
		// is a piece that starts none begins on the line above (Chromium
		// PDFs of v099, 72–107, and v168, 180–215; Word's of v157)
		{"a row's label ending in one character begins on the line above",
			"          本机关不掌握相关政府信 无 无 无\n" +
				"               息\n" +
				"       无法 没有现成信息需要另行制\n" +
				"       提供      作      无 无 无\n" +
				"          补正后申请内容仍不明确 无 无 无",
			"本机关不掌握相关政府信 息,无,无,无|无法 没有现成信息需要另行制 提供 作,无,无,无|补正后申请内容仍不明确,无,无,无", 0},
		{"a row's label closing a bracket it does not open begins on the line above",
			"本年度      予以公开       —  —  —\n" +
				"办理结\n" +
				" 果 部分公开（区分处理的，只计这一情\n" +
				"      形，不计其他情形）     —  —  —\n" +
				"   不予      属于国家秘密         —  —  —",
			"本年度 办理结,予以公开,—,—,—|果 部分公开（区分处理的，只计这一情 形，不计其他情形）,—,—,—|不予,属于国家秘密,—,—,—", 0},
		{"a group number and a piece of its label take their words from above",
			"                 3.   其他   0       0\n" +
				"                 总\n" +
				"             （七） 计         0       7",
			"3. 其他,0,0|（七）总计,0,7", 0},
		// a label spaced apart on its own line (补正 后) is no piece
		{"a label's words spaced apart are no piece of the label above",
			"          没有现    0   0\n" +
				"          成信息\n" +
				"          行制 作\n" +
				"          补正 后   0   0",
			"没有现 成信息 行制 作,0,0|补正 后,0,0", 0},
		// and where the item number does not follow the one above, 13. is
		// left a label (the row short of a value, for the reader to skip)
		{"a number before values that is not the next item stays a label",
			"               2.没有   2       无       无\n" +
				"           补正 14. 无   无",
			// (its values, under no column, are kept short: a value under no column)
			"2.没有,2,无,无|补正,14.,无,无", 0},
		// pdftotext -layout of Chromium's borderless PDF of v364 (fresh
		// set 360–395): item 2's first value run into its number at the
		// top of a page, the items above on the page before; a number
		// never starts with 0, so 02. is 0 and item 2
		{"a zero run into its row's item number, no item above",
			"  没有 02. 0   0   0   0   0   0\n" +
				"  现成信\n" +
				"  3.补正 0   0   0   0   0   0   0",
			"2.没有 现成信,0,0,0,0,0,0,0|3.补正,0,0,0,0,0,0,0", 0},
		// pdftotext -layout of Chromium's PDF of v378 (fresh set 360–395),
		// a report printing 0 as —: dashes run into the number after them
		// (—4, ——1) are values each, where the line then fills the
		// columns; a line that does not keeps its dash with the number
		{"dashes run into a number in a table printing 0 as —",
			" 一、本年新收政府信息公开申请数量        5 3— — — 1 9\n" +
				" 二、上年结转政府信息公开申请数量        — —— — — ——\n" +
				"     （一）予以公开     4 —— — — —4\n" +
				"     1.信访举报投诉类申 — — — — — — —\n" +
				"          请\n" +
				"       2.重复申请   — 1—— ——1\n" +
				"     3.要求提供公开出版 — — — —5",
			"一、本年新收政府信息公开申请数量,5,3,—,—,—,1,9|二、上年结转政府信息公开申请数量,—,—,—,—,—,—,—|（一）予以公开,4,—,—,—,—,—,4|" +
				"1.信访举报投诉类申 请,—,—,—,—,—,—,—|2.重复申请,—,1,—,—,—,—,1|3.要求提供公开出版,—,—,—,—5", 0},
		// pdftotext -layout of LibreOffice's PDF of v366 (fresh set
		// 360–395): the 0 stands under 现行有效件数 counting a Chinese
		// character as one column and under 本年废止件数 counting it as
		// two; it is the latter. Where a value's cell depends on the
		// count, the lines short of values are kept short
		{"a value under one header counted one way, another the other",
			"                    信息内容     本年制发件数 本年废止件数 现行有效件数\n" +
				"\n" +
				"                     规章        3                 4\n" +
				"\n" +
				"                   行政规范性文件                 0",
			"信息内容,本年制发件数,本年废止件数,现行有效件数|规章,3,4|行政规范性文件,0", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tables, rest := Stream(alignedLines(tt.text), StreamOptions{Gap: 1, Drifts: true})
			var got []string
			for _, tb := range tables {
				if tb.Ruled {
					t.Error("a stream table says it is ruled")
				}
				for _, row := range tb.Layout(func(Rect) gongkai.At { return gongkai.At{} }) {
					var cells []string
					for _, c := range row {
						cells = append(cells, c.Text)
					}
					got = append(got, strings.Join(cells, ","))
				}
			}
			if strings.Join(got, "|") != tt.want {
				t.Errorf("rows %q\nwant  %q", strings.Join(got, "|"), tt.want)
			}
			if len(rest) != tt.rest {
				t.Errorf("%d lines left, want %d", len(rest), tt.rest)
			}
		})
	}
}

// glyphs lays s out as a PDF line: one piece per character, size wide and
// tall, from x on, its top at y.
func glyphs(s string, x, y, size float64) []Text {
	var out []Text
	for _, r := range s {
		out = append(out, Text{S: string(r), Box: Rect{x, y, x + size, y + size}, Size: size})
		x += size
	}
	return out
}

// page is the text of a page: each line of spec is "x y text" (points).
func page(spec ...string) []Line {
	var ts []Text
	for _, l := range spec {
		f := strings.SplitN(l, " ", 3)
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			panic(l)
		}
		ts = append(ts, glyphs(f[2], x, y, 10)...)
	}
	return Lines(ts)
}

// Unruled tables on a page, as Chromium prints the fixture reports with
// every border removed (the .noborder. documents of testdata/producers):
// positions are the page's, so a column is where its numbers stand.
func TestStreamPage(t *testing.T) {
	tests := []struct {
		name  string
		lines []Line
		want  string
	}{
		{"blank cells: a column is where its numbers stand, not the commonest count",
			page("0 0 甲", "100 0 1", "300 0 2",
				"0 20 乙", "200 20 3", "300 20 4",
				"0 40 丙", "100 40 5"),
			"甲,1,,2|乙,,3,4|丙,5,,"},
		{"a column blank in every row is where its header stands",
			page("0 0 信息内容", "100 0 上年", "200 0 增减", "300 0 决定",
				"0 20 行政处罚", "100 20 61", "300 20 227"),
			"信息内容,上年,增减,决定|行政处罚,61,,227"},
		{"a number wrapped over two lines of a narrow column, centred on its row, is one value (v075 without borders)",
			page("0 0 甲", "100 0 1", "200 0 2",
				"200 20 1", "0 26 乙", "100 26 3", "200 34 4",
				"0 50 丙", "100 50 5", "200 50 6"),
			"甲,1,2|乙,3,14|丙,5,6"},
		{"an item's label a few points from its group's, starting with its number, is a cell of its own (v096 without borders)",
			page("0 0 （六）其他", "54 0 1.申请人逾期", "200 0 1", "250 0 2",
				"54 20 2.其他", "200 20 3", "250 20 4"),
			"（六）其他,1.申请人逾期,1,2|2.其他,3,4"},
		{"a label a few points below its row's numbers is on their line",
			page("0 0 （一）甲", "100 0 1", "200 0 2",
				"0 24.5 （二）乙", "100 20 3", "200 20 4"),
			"（一）甲,1,2|（二）乙,3,4"},
		{"a no-break space drawn in an empty cell is no label",
			page("0 0 甲", "100 0 1", "200 0 \u00a0", "300 0 2",
				"0 20 乙", "100 20 3", "200 20 4", "300 20 5"),
			"甲,1,,2|乙,3,4,5"},
		{"a label centred on its numbers: its first line opens the row below",
			page("0 0 甲", "100 0 1", "200 0 2",
				"0 30 乙的", "100 39 3", "200 39 4", "0 48 很长标签",
				"0 78 丙", "100 78 5", "200 78 6"),
			"甲,1,2|乙的 很长标签,3,4|丙,5,6"},
		{"a label wrapped over many lines of a narrow column stays in the table",
			page("0 0 1.属于", "100 0 1", "200 0 2",
				"0 15 国家", "0 30 秘密", "0 45 事项", "0 60 信息", "0 75 之类",
				"0 90 2.其他", "100 90 3", "200 90 4"),
			"1.属于 国家 秘密 事项 信息 之类,1,2|2.其他,3,4"},
		{"the rest of two narrow columns' labels run together continues the row above, from where it starts",
			page("0 0 （六）", "45 0 1.申请", "150 0 1", "250 0 2",
				"0 15 其他处", "45 15 人无正当",
				"0 30 理", "45 30 理由",
				"45 45 2.申请", "150 45 3", "250 45 4"),
			"（六） 其他处 人无正当 理 理由,1.申请,1,2|2.申请,3,4"},
		// Chromium's borderless PDF of v015: three headers set edge to edge,
		// the middle one's column blank in every row
		{"headers run together over two columns are cut where each is centred",
			page("0 0 信息内容", "100 0 上一年数量本年增减处理数量",
				"0 20 行政许可", "115 20 29",
				"0 40 其他服务", "195 40 115"),
			"信息内容,上一年数量,本年增减,处理数量|行政许可,29,,|其他服务,,,115"},
		// Chromium's borderless PDF of v022: table 四 has no row labels, and
		// its one row leaves columns blank
		{"a column blank in the one row of a table without labels is where its header stands",
			page("0 0 维持", "100 0 纠正", "200 0 其他",
				"5 20 4", "205 20 1"),
			"维持,纠正,其他|4,,1"},
		// Chromium's borderless PDFs of v144 and v177 (fresh set 144–179):
		// narrow columns print 10 as 1 over 0, centred on their row
		{"numbers wrapped in their cells, centred on the row, are its values",
			page("0 20 一、收到", "100 15 1", "100 25 0", "200 20 4", "300 15 1", "300 25 5",
				"0 50 二、结转", "100 50 2", "200 50 3", "300 50 5"),
			"一、收到,10,4,15|二、结转,2,3,5"},
		// Chromium's borderless PDF of v048: three headers set edge to
		// edge, the middle one's column blank in every row; it stands over
		// no numbers whole, as its halves would, and is cut whole
		{"a header over a column blank in every row is cut whole",
			page("0 0 信息内容", "100 0 本年制发件数本年废止件数现行有效件数",
				"0 20 规章", "125 20 0", "240 20 33",
				"0 40 规范性文件", "125 40 2", "245 40 2"),
			"信息内容,本年制发件数,本年废止件数,现行有效件数|规章,0,,33|规范性文件,2,,2"},
		// Chromium's borderless PDF of v165 (fresh set 144–179): table 四's
		// review group prints its headers centred on three header lines,
		// a line above the other groups', run together over its columns;
		// they head the table (where its blank columns stand), not prose
		{"a header of one chunk over a table without labels, above the others, heads it",
			page("0 0 维持纠正",
				"100 30 维持", "200 30 纠正",
				"25 60 1", "105 60 2", "205 60 3"),
			"维持纠正,,维持,纠正|1,2,3"},
		// Chromium's borderless PDF of v010 (a Word layout): the last line
		// of a label wrapped in the item column stands nearer to the next
		// row than to its own lines, but that row's label, spanning both
		// label columns, is printed across its column
		{"a label's last line does not open a row whose label stands across its column",
			page("100 0 要求行", "200 0 0", "300 0 0",
				"100 12 政机关", "100 24 取信息",
				"74 35 其他处理", "200 35 1", "300 35 1"),
			"要求行 政机关 取信息,0,0|其他处理,1,1"},
		// Chromium's borderless PDF of v015: （二）'s label spans both label
		// columns and holds no number; the next row's item stands under it
		{"a label without numbers over the next row's item label is a row of its own",
			page("0 0 （一）甲", "200 0 1", "300 0 2",
				"0 30 （二）部分公开很长的标签",
				"70 60 1.国家秘密", "200 60 3", "300 60 4"),
			"（一）甲,1,2|（二）部分公开很长的标签,,|1.国家秘密,3,4"},
		// Chromium's borderless PDF of v015: 三、本年度办理 and （一）予以公开
		// are two cells of a row without numbers, set edge to edge
		{"a group label run into its first item's is no section heading",
			page("0 0 一、本年新收", "200 0 1", "300 0 2",
				"0 30 三、本年度办理（一）予以公开",
				"60 60 1.国家秘密", "200 60 3", "300 60 4"),
			"一、本年新收,1,2|三、本年度办理（一）予以公开,,|1.国家秘密,3,4"},
		// Chromium's borderless PDF of v022 (a Word export: &nbsp; in
		// empty cells): table 二's last row holds no number
		{"a row of labels and no-break spaces under the value columns is a row of blank cells",
			page("0 0 信息内容", "100 0 上年", "200 0 增减", "300 0 决定",
				"0 20 行政处罚", "100 20 61", "200 20 \u00a0", "300 20 227",
				"0 40 行政强制", "105 40 \u00a0", "205 40 \u00a0", "305 40 \u00a0",
				"0 60 第（八）项"),
			"信息内容,上年,增减,决定|行政处罚,61,,227|行政强制,,,"},
		// reportlab's redraw of v318 without borders, a report printing 0
		// as —: a dash set a hair's breadth before the number of the next
		// column (—12) is a value of its own where the row then fills
		// the columns
		{"a dash run into the number after it, 0 printed as —",
			page("0 0 甲", "100 0 12", "130 0 —", "160 0 —", "187 0 —12",
				"0 20 乙", "100 20 —", "130 20 —", "160 20 —", "190 20 —", "220 20 —",
				"0 40 丙", "100 40 1", "130 40 —", "160 40 —", "190 40 —", "220 40 1"),
			"甲,12,—,—,—,12|乙,—,—,—,—,—|丙,1,—,—,—,1"},
		// Chromium's borderless PDF of v006: table 四's headers two glyphs
		// wide, wrapped and set edge to edge, a group's columns and its 总计
		// blank in every row
		{"narrow headers are cut two glyphs a column, a group blank in every row as the group with numbers",
			page("0 0 结果结果", "60 0 结果结果",
				"40 5 总计",
				"0 10 维持纠正", "60 10 维持纠正",
				"5 30 1", "65 30 2", "85 30 3"),
			"结果,结果,,结果,结果|,,总计,,|维持,纠正,,维持,纠正|1,,,2,3"},
		{"a header over two columns is not cut where its parts are not centred",
			page("0 0 信息内容", "100 0 上一年数量本年增减处理数量",
				"0 20 行政许可", "100 20 29",
				"0 40 其他服务", "200 40 115"),
			"信息内容,,上一年数量本年增减处理数量|行政许可,29,|其他服务,,115"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tables, _ := Stream(tt.lines, StreamOptions{})
			var got []string
			for _, tb := range tables {
				got = append(got, rowsOf(tb))
			}
			if strings.Join(got, " / ") != tt.want {
				t.Errorf("rows %q\nwant  %q", strings.Join(got, " / "), tt.want)
			}
		})
	}
}

// A hostile page: a hundred thousand segments and glyphs come back in
// bounded work (the limits), not after minutes, and never with more than
// 65536 grid cells.
func TestLatticeBounded(t *testing.T) {
	var segs []Segment
	for i := range 100000 {
		segs = append(segs, h(float64(i%3000), 0, 500), v(float64(i%3000)/6, 0, 3000))
	}
	tables := Lattice(segs, 2)
	for _, tb := range tables {
		if tb.Rows*tb.Cols > 1<<16 {
			t.Errorf("a grid of %d×%d cells", tb.Rows, tb.Cols)
		}
	}
	var texts []Text
	for i := range 200000 {
		texts = append(texts, Text{S: "1", Box: Rect{float64(i % 500), float64(i % 3000), float64(i%500 + 1), float64(i%3000 + 1)}, Size: 1})
	}
	Fill(tables, texts[:MaxTexts])
	Lines(texts[:MaxTexts])
}

// Header text that cannot be cut, most of it over no column, is given up
// in bounded work, not tried every way (2^60).
func TestStreamHeaderBounded(t *testing.T) {
	header := strings.Repeat("甲", 60)
	lines := page("0 0 信息内容", "100 0 "+header,
		"0 20 行政许可", "603 20 1", "683 20 2")
	tables, _ := Stream(lines, StreamOptions{})
	if len(tables) != 1 || !strings.HasPrefix(rowsOf(tables[0]), "信息内容,"+header) {
		t.Errorf("tables %d, want the header whole", len(tables))
	}
}
