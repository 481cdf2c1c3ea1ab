package parse

import (
	"slices"
	"strings"
	"unicode/utf8"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// blankRows is a run of table rows printed with no value at all, as a
// table without rulings comes out of a PDF: with nothing aligned in
// columns, no table row is rebuilt for them and each row label is a line of
// text. Two places hold such rows:
//   - a sub-table of 二 (its header, 信息内容本年处理决定数量 with its labels
//     run together, and its rows); the header names the columns, so the
//     rows' blank cells are keyed by what the report prints, not by a
//     template guessed for it;
//   - table 三's first and last rows (一、本年新收政府信息公开 / 申请数量,
//     四、结转下年度继续办理), printed right before or after the table: a
//     producer that draws no glyph in an empty cell leaves the row nothing
//     to be aligned by.
type blankRows struct {
	table   string          // gongkai.TableActive or gongkai.TableApplications
	cols    []gongkai.Label // 二: the sub-table's columns
	rows    []blankRow      // the rows read, in order
	partial *layout.Block   // 三: the lines read so far of a label wrapped over several
	leading bool            // 三: the rows stand before the table, which alone can end them
	// 二: the row label read before its sub-table's columns are known (a
	// header wrapped over lines, unread): the table after it, going on
	// with the next row, tells them
	unkeyed string
}

// blankRow is a row of a blank run: its key and where its label is printed.
type blankRow struct {
	key string
	at  gongkai.At
}

// rowKey is the key of the row whose label is text as printed, or "".
func (b *blankRows) rowKey(text string) string {
	if b.table == gongkai.TableApplications {
		return blankApplicationRow(text)
	}
	return blankRowKey(b.cols, text)
}

// add takes a line of a row label: a whole label, or a line of one
// wrapped over several (三), reporting whether it was one.
func (b *blankRows) add(line layout.Block, text string) bool {
	if b.table == gongkai.TableActive {
		key := b.rowKey(text)
		if key == "" {
			return false
		}
		b.rows = append(b.rows, blankRow{key, line.At})
		return true
	}
	if b.partial != nil {
		text = b.partial.Text + text
		line.At = b.partial.At
	}
	switch key := blankApplicationRow(text); {
	case key != "":
		b.partial = nil
		b.rows = append(b.rows, blankRow{key, line.At})
	case applicationRowBegins(text):
		line.Text = text
		b.partial = &line
	default:
		return false
	}
	return true
}

// line reads a text line of the report printed in section: a header of
// table 二 run together starts a blank sub-table (and so does a row label
// of the sub-table a table just ended with, right after it), a row label
// of it adds a row, and 第二十条 or the next section ends it, its rows
// read as blank; a row label of 二 alone where no header was read is a
// blank row when the table after it goes on with the next row. A row
// label of table 三 right after that table, or in section 三 before any of
// its figures, starts a run of its blank rows, which a line with no figure
// after the table, or a table going on with the next row, ends.
// Any other line (values the extractor put on a line of their own, say)
// drops it: its cells are then not known to be blank.
func (t *tableReader) line(b layout.Block, section string) {
	text := strings.Join(strings.Fields(b.Text), "")
	switch {
	case t.blank != nil:
	case section == "二" && blankRowOf(t.lastCols, text):
		// a row of the sub-table a table just ended with, printed with no
		// value after it (行政强制 under 行政处罚 80: with nothing aligned
		// beside it, no table row was rebuilt for it)
		t.blank = &blankRows{table: gongkai.TableActive, cols: t.lastCols}
	case t.ended == gongkai.TableApplications && applicationRowBegins(text):
		t.blank = &blankRows{table: gongkai.TableApplications}
	case section == "三" && !t.found[gongkai.TableApplications] && applicationRowBegins(text):
		t.blank = &blankRows{table: gongkai.TableApplications, leading: true}
	case section == "二" && t.lastCols == nil && exactActiveRow(text) != "":
		// a row label alone where no header was read (规章 under
		// 信息内容本年新本年新对外公开总数量 / 制作数量公开数量): its row is
		// read here, its columns by the table after it (endsBlank)
		t.blank = &blankRows{table: gongkai.TableActive, unkeyed: text, rows: []blankRow{{exactActiveRow(text), b.At}}}
		t.lastCols, t.ended = nil, ""
		return
	}
	t.lastCols, t.ended = nil, ""
	if t.blank != nil {
		switch {
		case t.blank.add(b, text):
			return
		case t.blank.table == gongkai.TableApplications:
			t.endBlank(!t.blank.leading && t.blank.partial == nil && !strings.ContainsAny(text, "0123456789０１２３４５６７８９"))
		case section != "二" || strings.HasPrefix(text, "第二十条"):
			t.endBlank(true)
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
		t.blank = &blankRows{table: gongkai.TableActive, cols: cols}
	}
}

// endsBlank reports whether tbl, read right after a blank run, shows that
// run complete: for 二, a table that opens the next sub-table (第二十条,
// 信息内容) or goes on with this one's rows (行政处罚 blank above 行政强制 8);
// for 三, the next table, or one going on with the row after the run's
// last (一、本年新收… blank above 二、上年结转… 3).
func (b *blankRows) endsBlank(tbl *layout.Table) bool {
	if len(tbl.Rows) == 0 || b.partial != nil {
		return false
	}
	first := tbl.Rows[0]
	marker := markerTable(first)
	if b.table == gongkai.TableApplications {
		if marker != "" {
			return marker != gongkai.TableApplications
		}
		if len(b.rows) == 0 {
			return false
		}
		labels, _ := splitRow(first)
		var joined strings.Builder
		for _, l := range labels {
			joined.WriteString(strings.Join(strings.Fields(l.Text), ""))
		}
		last := b.rows[len(b.rows)-1].key
		i := slices.IndexFunc(gongkai.ApplicationRows, func(r gongkai.ApplicationRow) bool { return r.Row == last })
		next := blankApplicationRow(joined.String())
		return next != "" && i+1 < len(gongkai.ApplicationRows) && gongkai.ApplicationRows[i+1].Row == next
	}
	if b.unkeyed != "" {
		b.cols = columnsAbove(b.unkeyed, first)
		return b.cols != nil
	}
	if marker == gongkai.TableActive {
		return true
	}
	next := b.rowKey(strings.Join(strings.Fields(first[0].Text), ""))
	return next != "" && !slices.ContainsFunc(b.rows, func(r blankRow) bool {
		return r.key == next // the label above the table is its first row's own
	})
}

// columnsAbove returns the columns of the one sub-table of 二, under
// either template, that prints label right above the label of first, a
// table's first row, and as many columns as first has values; nil when
// none or several do. A row label alone before a table going on with the
// next row is that row of the sub-table, left blank.
func columnsAbove(label string, first []layout.Cell) []gongkai.Label {
	labels, values := splitRow(first)
	if len(labels) == 0 {
		return nil
	}
	next := strings.Join(strings.Fields(labels[len(labels)-1].Text), "")
	var found []gongkai.Label
	for _, tmpl := range []string{gongkai.Template2021, gongkai.Template2019} {
		for _, sub := range gongkai.ActiveLayouts[tmpl] {
			i := slices.IndexFunc(sub.Rows, func(r gongkai.Label) bool { return r.Label == label })
			if i < 0 || i+1 >= len(sub.Rows) || sub.Rows[i+1].Label != next || len(sub.Columns) != len(values) {
				continue
			}
			if found != nil && !slices.Equal(found, sub.Columns) {
				return nil
			}
			found = sub.Columns
		}
	}
	return found
}

// endDocument closes the blank run at the document's end, which completes
// it unless its rows stood before table 三 (only the table can).
func (t *tableReader) endDocument() {
	t.endBlank(t.blank != nil && !t.blank.leading)
}

// endBlank closes the blank run being read: when it ended where such rows
// end (complete), each row's cells not read already are emitted as blank
// facts.
func (t *tableReader) endBlank(complete bool) {
	b := t.blank
	t.blank = nil
	if b == nil || !complete {
		return
	}
	for _, r := range b.rows {
		if b.table == gongkai.TableApplications {
			if !t.rowRead(r.key) {
				for _, c := range gongkai.ApplicationColumns {
					t.emit(gongkai.Key(gongkai.TableApplications, r.key, c), valueCell{cell: layout.Cell{At: r.at}})
				}
			}
			continue
		}
		for _, c := range b.cols {
			t.emit(gongkai.Key(gongkai.TableActive, r.key, c.Key), valueCell{cell: layout.Cell{At: r.at}})
		}
	}
}

// applicationRowBegins reports whether text is the start (three letters or
// more, numbering and all) of the label of a row of table 三 that is not
// an item of a group: a line of a wrapped label, or all of it.
func applicationRowBegins(text string) bool {
	n := splitNumbering(text)
	for _, r := range gongkai.ApplicationRows {
		if r.Item == 0 && r.Group == n.num && utf8.RuneCountInString(n.rest) >= 3 && strings.HasPrefix(r.Label, n.rest) {
			return true
		}
	}
	return false
}

// blankApplicationRow is the key of table 三's row whose label, numbering
// and all, is text, among the rows that are not an item of a group (四、结转
// 下年度继续办理, （七）总计), or "".
func blankApplicationRow(text string) string {
	n := splitNumbering(text)
	for _, r := range gongkai.ApplicationRows {
		if r.Item == 0 && r.Group == n.num && r.Label == n.rest {
			return r.Row
		}
	}
	return ""
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
