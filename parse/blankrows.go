package parse

import (
	"slices"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// blankSubTable is a sub-table of table 二 printed with no value at all,
// as a table without rulings comes out of a PDF: with nothing aligned in
// columns, no table is rebuilt, and the header (信息内容本年处理决定数量,
// its labels run together) and each row label are lines of text. The
// header names the columns, so the rows' blank cells are keyed by what
// the report prints, not by a template guessed for it.
type blankSubTable struct {
	cols []gongkai.Label
	rows []layout.Block // the row labels' lines
}

// line reads a text line of the report printed in section: a header of
// table 二 run together starts a blank sub-table (and so does a row label
// of the sub-table a table just ended with, right after it), a row label
// of it adds a row, and 第二十条 or the next section ends it, its rows
// read as blank.
// Any other line (values the extractor put on a line of their own, say)
// drops it: its cells are then not known to be blank.
func (t *tableReader) line(b layout.Block, section string) {
	text := strings.Join(strings.Fields(b.Text), "")
	if t.blank == nil && section == "二" && blankRowOf(t.lastCols, text) {
		// a row of the sub-table a table just ended with, printed with no
		// value after it (行政强制 under 行政处罚 80: with nothing aligned
		// beside it, no table row was rebuilt for it)
		t.blank = &blankSubTable{cols: t.lastCols}
	}
	t.lastCols = nil
	if t.blank != nil {
		switch {
		case section != "二" || strings.HasPrefix(text, "第二十条"):
			t.endBlank(true)
		case blankRowOf(t.blank.cols, text):
			t.blank.rows = append(t.blank.rows, b)
			return
		default:
			t.endBlank(false)
		}
	}
	if section != "二" {
		return
	}
	rest, ok := strings.CutPrefix(text, "信息内容")
	if !ok {
		return
	}
	labels := joinedLabels(rest)
	if len(labels) == 0 {
		return
	}
	headers := make([]layout.Cell, len(labels))
	for i, l := range labels {
		headers[i] = layout.Cell{Text: l, At: b.At}
	}
	cols := t.activeHeader(headers)
	if subTableRows(cols) != nil {
		t.blank = &blankSubTable{cols: cols}
	}
}

// endBlank closes the blank sub-table being read: when it ended where a
// sub-table ends (complete), each row's cells are emitted as blank facts.
func (t *tableReader) endBlank(complete bool) {
	b := t.blank
	t.blank = nil
	if b == nil || !complete {
		return
	}
	for _, r := range b.rows {
		row := blankRowKey(b.cols, strings.Join(strings.Fields(r.Text), ""))
		for _, c := range b.cols {
			t.emit(gongkai.Key(gongkai.TableActive, row, c.Key), valueCell{cell: layout.Cell{At: r.At}})
		}
	}
}

// subTableRows are the rows of the sub-tables of 二, under either
// template, whose columns are exactly cols, in order; nil when none has them.
func subTableRows(cols []gongkai.Label) []gongkai.Label {
	var rows []gongkai.Label
	for _, tmpl := range []string{gongkai.Template2021, gongkai.Template2019} {
		for _, sub := range gongkai.ActiveLayouts[tmpl] {
			if slices.EqualFunc(sub.Columns, cols, func(a, b gongkai.Label) bool { return a.Key == b.Key }) {
				rows = append(rows, sub.Rows...)
			}
		}
	}
	return rows
}

// blankRowKey is the key of the row of cols' sub-table whose label is
// text as printed (item numbering aside), or "".
func blankRowKey(cols []gongkai.Label, text string) string {
	rest := splitNumbering(text).rest
	for _, r := range subTableRows(cols) {
		if r.Label == rest {
			return r.Key
		}
	}
	return ""
}

func blankRowOf(cols []gongkai.Label, text string) bool {
	return blankRowKey(cols, text) != ""
}
