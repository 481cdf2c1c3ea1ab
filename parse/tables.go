package parse

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// tableReader maps table rows to canonical facts with the template's
// knowledge. It reads rows, not grids: a row's leading text cells are its
// labels and its trailing numeric or blank cells its values. Which table a
// row belongs to comes from the section it is printed in and from marker
// cells (第二十条, 申请人情况, 行政复议…), so a table split in two or three
// tables merged into one read the same.
type tableReader struct {
	facts    []gongkai.Fact
	seen     map[string]bool
	twice    map[string]bool // rows warned of as printed twice: one warning a row, not one a cell
	warnings []string
	found    map[string]bool // tables that had at least one fact
	marks    map[string]int  // template → layout features seen that only it has

	table string // the table rows currently belong to

	legacyCols []string // roles of the statistics table's value columns, from its header
	legacyPath []string // the legacy row last read and the rows it is printed under

	activeCols []gongkai.Label // columns of the current sub-table of 二, from its header
	blank      *blankRows      // rows printed with no value as lines of text (a sub-table of 二, 三's first or last)
	lastCols   []gongkai.Label // the columns of the sub-table of 二 a table just ended with, until a line of text
	ended      string          // the table a table's rows just ended in, until a line of text
	guessed    []guessedFact   // facts of 二 keyed by a template guessed before the report's was known

	group    string // current result group of 三, such as （三）
	lastItem int    // the item number last read inside group

	unread []string // rows with numbers that gave no fact and no warning, by place and label
}

func newTableReader() *tableReader {
	return &tableReader{seen: map[string]bool{}, twice: map[string]bool{}, found: map[string]bool{}, marks: map[string]int{}}
}

// read processes one table printed in the given section (一…六, or "").
func (t *tableReader) read(tbl *layout.Table, section string) {
	switch section {
	case "二":
		t.table = gongkai.TableActive
	case "三":
		t.table = gongkai.TableApplications
	case "四":
		t.table = gongkai.TableReviewLitigation
	}
	t.activeCols, t.group, t.legacyCols, t.legacyPath = nil, "", nil, nil
	if b := t.blank; b != nil {
		complete := b.endsBlank(tbl)
		t.endBlank(complete)
		if complete && b.table == gongkai.TableActive && markerTable(tbl.Rows[0]) == "" {
			t.activeCols = b.cols // the table goes on with the blank rows' sub-table
		}
	}
	for _, cells := range tbl.Rows {
		t.row(cells)
	}
	t.lastCols, t.ended = nil, t.table
	if section == "二" {
		t.lastCols = t.activeCols
	}
}

func (t *tableReader) row(cells []layout.Cell) {
	if m := markerTable(cells); m != "" && m != t.table {
		t.table, t.activeCols, t.group = m, nil, ""
	}
	if t.table != gongkai.TableLegacy && t.startsLegacy(cells) {
		t.table = gongkai.TableLegacy // a statistics table without its header
	}
	labels, values := splitRow(cells)
	facts, warnings := len(t.facts), len(t.warnings)
	switch t.table {
	case gongkai.TableActive:
		t.activeRow(labels, values)
	case gongkai.TableApplications:
		t.applicationRow(labels, values)
	case gongkai.TableReviewLitigation:
		t.reviewRow(labels, values)
	case gongkai.TableLegacy:
		t.legacyRow(cells)
	}
	if len(t.facts) == facts && len(t.warnings) == warnings && hasNumber(values) {
		label := ""
		if len(labels) > 0 {
			label = " " + strconv.Quote(labels[len(labels)-1].Text)
		}
		t.unread = append(t.unread, where(values[0].cell.At)+label)
	}
}

// hasNumber reports whether a row's value cells hold a number printed in
// digits: a row of dashes (a heading row of a statistics table) holds none.
func hasNumber(values []valueCell) bool {
	for _, v := range values {
		if v.value != nil && strings.ContainsAny(v.cell.Text, "0123456789０１２３４５６７８９") {
			return true
		}
	}
	return false
}

// warnUnread says which table rows held numbers that were not read, so a
// document yielding fewer facts than its tables hold does not pass silently.
func (t *tableReader) warnUnread() {
	if len(t.unread) == 0 {
		return
	}
	const shown = 10
	list := strings.Join(t.unread[:min(len(t.unread), shown)], "; ")
	if len(t.unread) > shown {
		list += fmt.Sprintf("; and %d more", len(t.unread)-shown)
	}
	t.warnf("%d table rows with numbers not read: %s", len(t.unread), list)
}

// markerTable names the table that a row's cells announce, or "".
func markerTable(cells []layout.Cell) string {
	has := func(word string) bool {
		for _, c := range cells {
			if strings.Contains(c.Text, word) {
				return true
			}
		}
		return false
	}
	switch {
	case isLegacyHeader(cells):
		return gongkai.TableLegacy
	case has("第二十条") || has("信息内容"):
		return gongkai.TableActive
	case has("申请人情况") || has("勾稽关系") || has("本年新收"):
		return gongkai.TableApplications
	case has("未经复议") || (has("行政复议") && has("行政诉讼")):
		return gongkai.TableReviewLitigation
	}
	return ""
}

// splitRow separates a row's labels (text cells up to the last one that is
// not a number) from its values (the numeric or blank cells after them).
func splitRow(cells []layout.Cell) (labels []layout.Cell, values []valueCell) {
	last := -1
	for i, c := range cells {
		if _, ok := readValue(c.Text); !ok {
			last = i
		}
	}
	for _, c := range cells[:last+1] {
		if c.Text != "" {
			labels = append(labels, c)
		}
	}
	for _, c := range cells[last+1:] {
		if c.Carried {
			continue // a value spanning down belongs to the row it starts in
		}
		v, _ := readValue(c.Text)
		values = append(values, valueCell{cell: c, cellValue: v})
	}
	return labels, values
}

type valueCell struct {
	cell layout.Cell
	cellValue
}

// readByOCR reports whether a row's values were read from a picture: a
// count that differs from the columns' then says the grid is off, and
// placing the values by position would be a guess.
func readByOCR(values []valueCell) bool {
	return slices.ContainsFunc(values, func(v valueCell) bool { return v.cell.At.OCR })
}

func (t *tableReader) emit(key string, v valueCell) {
	if t.seen[key] {
		t.warnTwice(key)
		return
	}
	t.seen[key] = true
	t.found[strings.SplitN(key, ".", 2)[0]] = true
	t.facts = append(t.facts, gongkai.Fact{Key: key, Value: v.value, Raw: v.cell.Text, At: v.cell.At})
}

// warnTwice warns that key's row was printed twice, once a row: a row
// read again is all its cells read again.
func (t *tableReader) warnTwice(key string) {
	row := key[:strings.LastIndexByte(key, '.')]
	if !t.twice[row] {
		t.twice[row] = true
		t.warnf("%s printed twice; the first is kept", row)
	}
}

func (t *tableReader) warnf(format string, args ...any) {
	t.warnings = append(t.warnings, fmt.Sprintf(format, args...))
}

// activeColumns are table 二's column labels under every template, with the
// template that alone prints each ("" when both do).
var activeColumns = func() []templateLabel {
	var out []templateLabel
	seen := map[string]int{}
	for _, tmpl := range []string{gongkai.Template2021, gongkai.Template2019} {
		for _, sub := range gongkai.ActiveLayouts[tmpl] {
			for _, c := range sub.Columns {
				id := c.Key + "|" + c.Label
				if i, ok := seen[id]; ok {
					out[i].template = ""
					continue
				}
				seen[id] = len(out)
				out = append(out, templateLabel{Label: c, template: tmpl})
			}
		}
	}
	return out
}()

type templateLabel struct {
	gongkai.Label
	template string
}

func (t *tableReader) activeRow(labels []layout.Cell, values []valueCell) {
	if len(labels) == 0 {
		if len(values) > 0 {
			t.warnf("active: values without a row label at %s", where(values[0].cell.At))
		}
		return
	}
	first := labels[0].Text
	if strings.Contains(first, "第二十条") {
		t.activeCols = nil
		return
	}
	if similarity(first, "信息内容") > 0.75 || strings.HasPrefix(first, "信息内容") {
		headers := labels[1:]
		if len(headers) > 0 && string(core(first)) != "信息内容" && string(core(first+headers[0].Text)) == "信息内容" {
			// the rest of the labels' header, set over the first column
			// (信息内 | 容: pdftotext of v148 through Chromium)
			headers = headers[1:]
		}
		t.activeCols = t.activeHeader(headers)
		return
	}
	if len(values) == 0 {
		return
	}
	labels = mendActiveLabel(labels)
	if !isActiveLabel(labels[len(labels)-1].Text) && t.runTogether(labels, values, exactActiveRow, t.activeRowRead, t.activeRow) {
		return
	}
	row, tmpl := matchActiveRow(labels[len(labels)-1].Text)
	if row == "" && allBlank(values) {
		return // a sub-table's title on a row of its own (第（五）项)
	}
	if row == "" {
		t.warnf("active: unrecognised row %q", labels[len(labels)-1].Text)
		return
	}
	if tmpl != "" {
		t.marks[tmpl]++
	}
	// A header read whole as the columns of this row's sub-table tells
	// them: with fewer values, some are missing, not the template's
	// meant. One read whole as another sub-table's (its title broken by
	// the extractor, so the header above still holds) tells none.
	cols, guessedFrom := t.activeCols, ""
	fits := headerFits(cols, row)
	recognised := !slices.ContainsFunc(cols, func(c gongkai.Label) bool { return c.Key == "" })
	if !fits && recognised || len(cols) != len(values) && (len(values) > len(cols) || !fits) {
		cols, guessedFrom = defaultActiveColumns(row, len(values), t.guess())
	}
	if len(cols) != len(values) && readByOCR(values) {
		t.warnf("active.%s: %d values, want %d; row skipped (read by OCR: a ruling missed or misfound would shift them)", row, len(values), len(cols))
		return
	}
	if len(values) < len(cols) {
		// which column is missing cannot be told: placing them by order
		// would put a value under another column's key
		t.warnf("active.%s: %d values, want %d; row skipped", row, len(values), len(cols))
		return
	}
	if len(cols) != len(values) {
		t.warnf("active.%s: %d values, want %d", row, len(values), len(cols))
	}
	if raw, ok := negativeCount(values[:min(len(cols), len(values))], func(i int) bool { return cols[i].Key == "change" }); ok {
		t.warnf("active.%s: %q under a column of counts, which are never negative; row skipped (a dash run into a number, or a change placed under another column?)", row, raw)
		return
	}
	for i := range min(len(cols), len(values)) {
		if cols[i].Key == "" {
			continue
		}
		v := values[i]
		v.value = convertMoney(row, cols[i].Key, v.cellValue)
		if guessedFrom != "" && !t.seen[gongkai.Key(gongkai.TableActive, row, cols[i].Key)] {
			t.guessed = append(t.guessed, guessedFact{len(t.facts), row, guessedFrom, len(values), i})
		}
		t.emit(gongkai.Key(gongkai.TableActive, row, cols[i].Key), v)
	}
}

// mendActiveLabel mends a row label the extractor broke: split in the
// middle over two cells (行政规范性文 / 件; 其他对外管理服 / 务, its 事项
// lost: the one label begun so) or with its characters swapped
// (章规, 章 规), only where the mended label is a template row's label exactly
// and the broken one is none.
func mendActiveLabel(labels []layout.Cell) []layout.Cell {
	n := len(labels)
	last := labels[n-1]
	if isActiveLabel(last.Text) {
		return labels
	}
	if joined := strings.ReplaceAll(labels[max(n-2, 0)].Text+last.Text, " ", ""); n > 1 {
		if label := activeLabelBegun(joined); isActiveLabel(joined) || label != "" {
			mended := labels[n-2]
			mended.Text = cmp.Or(label, joined)
			return append(slices.Clone(labels[:n-2]), mended)
		}
	}
	if label := activeAnagram(last.Text); label != "" {
		mended := last
		mended.Text = label
		return append(slices.Clone(labels[:n-1]), mended)
	}
	return labels
}

// activeLabelBegun returns the one table 二 row label that s, four or more
// characters, begins and is not (其他对外管理服务, its 事项 wrapped below
// the table's last numbers); "" if none or several.
func activeLabelBegun(s string) string {
	if utf8.RuneCountInString(s) < 4 {
		return ""
	}
	found := ""
	for _, tmpl := range []string{gongkai.Template2021, gongkai.Template2019} {
		for _, sub := range gongkai.ActiveLayouts[tmpl] {
			for _, r := range sub.Rows {
				if r.Label == s || !strings.HasPrefix(r.Label, s) || r.Label == found {
					continue
				}
				if found != "" {
					return ""
				}
				found = r.Label
			}
		}
	}
	return found
}

// isActiveLabel reports whether s is a table 二 row's label in a template.
func isActiveLabel(s string) bool {
	return activeAnagram(s) == s
}

// activeAnagram returns the one table 二 row label with s's characters,
// in any order and spaces aside (章 规); "" if none or several.
func activeAnagram(s string) string {
	sorted := func(s string) string {
		r := []rune(strings.ReplaceAll(s, " ", ""))
		slices.Sort(r)
		return string(r)
	}
	key, found := sorted(s), ""
	for _, tmpl := range []string{gongkai.Template2021, gongkai.Template2019} {
		for _, sub := range gongkai.ActiveLayouts[tmpl] {
			for _, r := range sub.Rows {
				if sorted(r.Label) != key || r.Label == found {
					continue
				}
				if found != "" {
					return ""
				}
				found = r.Label
			}
		}
	}
	return found
}

// headerFits reports whether a header's columns are, each once, columns of
// a sub-table that prints row: not a header word broken in two (上一年项
// 目数量, read as 上一年项目数量 and 采购项目数量), nor another sub-table's.
func headerFits(cols []gongkai.Label, row string) bool {
	for _, tmpl := range []string{gongkai.Template2021, gongkai.Template2019} {
		sub, ok := activeSubTable(tmpl, row)
		if !ok {
			continue
		}
		left := map[string]bool{}
		for _, c := range sub.Columns {
			left[c.Key] = true
		}
		fits := len(cols) > 0
		for _, c := range cols {
			fits = fits && left[c.Key]
			delete(left, c.Key)
		}
		if fits {
			return true
		}
	}
	return false
}

// guessedFact is a fact of table 二 whose column came from a template's
// layout, not from its sub-table's header (none printed, or none readable,
// as in text whose extractor scrambled it): which template, and the value's
// place in its row of n.
type guessedFact struct {
	fact     int // index in facts
	row      string
	template string
	n, col   int
}

// rekey moves facts keyed by a guessed template's columns to the columns
// of the template the whole report turned out to be: a 规章 row read
// before any other sub-table told the template is otherwise keyed by the
// 2021 columns in a 2019 report. A fact whose new key was read elsewhere
// is dropped with a warning, and so is a row the report's template prints
// with another count of columns than the row's values (a 2019 fees row
// that left 本年增/减 blank, read as 2021's one 本年收费金额): which of its
// cells is blank is not known.
func (t *tableReader) rekey(template string) {
	drop := map[int]bool{}
	skipped := map[string]bool{}
	for _, g := range t.guessed {
		if g.template == template {
			continue
		}
		f := &t.facts[g.fact]
		cols := exactActiveColumns(template, g.row, g.n)
		if cols == nil {
			if _, prints := activeSubTable(template, g.row); prints {
				drop[g.fact] = true
				if row := gongkai.Key(gongkai.TableActive, g.row, ""); !skipped[row] {
					skipped[row] = true
					t.warnf("%s: %d values, not as many as the %s template prints; row skipped", strings.TrimSuffix(row, "."), g.n, template)
				}
			}
			continue
		}
		key := gongkai.Key(gongkai.TableActive, g.row, cols[g.col].Key)
		if t.seen[key] {
			t.warnTwice(key)
			drop[g.fact] = true
			continue
		}
		delete(t.seen, f.Key)
		t.seen[key] = true
		f.Key = key
	}
	t.guessed = nil
	t.dropFacts(drop)
}

// dropContradicted drops, from a 2019 report, whose template prints （六）
// as one row, the facts of rows only the 2021 template prints (its items
// of （六）): a label cut short reads as one of them (其他, the first two
// characters of 其他法律行政法规禁止公开 before a page break), and so does
// （六）'s own label scrambled by a text extractor (处理 其他, its first
// value run into it), where the row （六） is then not found either.
//
// From a 2021 report whose items of （六） were read, it drops a row of
// （六） itself read with every cell blank: a fragment of the group's
// label cut by a page break (他处理), which tells nothing the items don't;
// and where its first item was not found, a row of （六） itself read
// with values: the first item under the group's label, its own lost.
func (t *tableReader) dropContradicted(template string) {
	if template == gongkai.Template2021 {
		switch {
		case t.rowRead("other_overdue_correction"):
			t.dropBlankRow("other")
		case t.rowRead("other_overdue_fee") || t.rowRead("other_other"):
			t.dropRow("other", "a row of the 2019 template where the report prints （六）'s items, its first not found; not read (the first item's label lost?)")
		}
		return
	}
	if template != gongkai.Template2019 {
		return
	}
	drop := map[int]bool{}
	warned := map[string]bool{}
	for i, f := range t.facts {
		parts := strings.Split(f.Key, ".")
		if parts[0] != gongkai.TableApplications || !slices.Contains([]string{"other_overdue_correction", "other_overdue_fee", "other_other"}, parts[1]) {
			continue
		}
		drop[i] = true
		if !warned[parts[1]] {
			warned[parts[1]] = true
			t.warnf("applications.%s: a row of the 2021 template in a report that prints （六） as one row, as 2019's does; not read (a label cut short?) at %s", parts[1], where(f.At))
		}
	}
	t.dropFacts(drop)
}

// dropBlankRow drops table 三's row when every value read for it is blank,
// with a warning naming where it was read.
func (t *tableReader) dropBlankRow(row string) {
	prefix := gongkai.TableApplications + "." + row + "."
	drop := map[int]bool{}
	at := ""
	for i, f := range t.facts {
		if strings.HasPrefix(f.Key, prefix) {
			if f.Value != nil {
				return
			}
			if len(drop) == 0 {
				at = where(f.At)
			}
			drop[i] = true
		}
	}
	if len(drop) > 0 {
		t.warnf("applications.%s: a row read with every cell blank beside its items, which hold the values; not kept (a fragment of its label?) at %s", row, at)
	}
	t.dropFacts(drop)
}

// dropRow drops table 三's row, with a warning saying why and where it was read.
func (t *tableReader) dropRow(row, why string) {
	prefix := gongkai.TableApplications + "." + row + "."
	drop := map[int]bool{}
	at := ""
	for i, f := range t.facts {
		if strings.HasPrefix(f.Key, prefix) {
			if len(drop) == 0 {
				at = where(f.At)
			}
			drop[i] = true
		}
	}
	if len(drop) > 0 {
		t.warnf("applications.%s: %s at %s", row, why, at)
	}
	t.dropFacts(drop)
}

// dropFacts removes the facts at the indices in drop.
func (t *tableReader) dropFacts(drop map[int]bool) {
	if len(drop) == 0 {
		return
	}
	kept := t.facts[:0]
	for i, f := range t.facts {
		if drop[i] {
			delete(t.seen, f.Key)
			continue
		}
		kept = append(kept, f)
	}
	t.facts = kept
}

// activeHeader maps a sub-table's column headers to column keys.
func (t *tableReader) activeHeader(headers []layout.Cell) []gongkai.Label {
	headers = joinBrokenHeaders(mendBrokenHeaders(splitJoinedHeaders(headers)))
	// cells that hold more columns' labels than there are cells (上一年项目
	// 数量 本年增/ | 减 处理决定 数量: pdftotext of v478, the header cut at
	// other places than its columns) are not the columns: only a cell that
	// is one column's label exactly names it
	crowded := columnsNamed(headers) > len(headers)
	nearest := make([][]templateLabel, len(headers))
	for i, h := range headers {
		nearest[i] = nearestActiveColumns(h.Text)
	}
	cols := make([]gongkai.Label, len(headers))
	for i, h := range headers {
		near := nearest[i]
		if len(near) > 1 {
			// a column another header names alone is not this one's
			// (公开数量, as near 本年新公开数量 as 对外公开总数量, beside
			// 对外公开总数量)
			near = slices.DeleteFunc(slices.Clone(near), func(c templateLabel) bool {
				for j, other := range nearest {
					if j != i && len(other) == 1 && other[0].Label.Key == c.Label.Key {
						return true
					}
				}
				return false
			})
		}
		switch len(near) {
		case 0:
			t.warnf("active: unrecognised column %q", h.Text)
			continue
		case 1:
		default:
			// two headers run into one cell (本年新 本年新制作数量 公开数量:
			// headers wrapped over three lines in column-aligned text)
			// name neither column
			t.warnf("active: column %q is as near two columns' headers; not read", h.Text)
			continue
		}
		if crowded && string(core(h.Text)) != string(core(near[0].Label.Label)) {
			t.warnf("active: column %q shares its cell with another column's header; not read", h.Text)
			continue
		}
		cols[i] = near[0].Label
		if near[0].template != "" {
			t.marks[near[0].template]++
		}
	}
	return cols
}

// columnsNamed counts table 二's columns whose labels the header cells'
// letters hold, in order, at most one letter lost.
func columnsNamed(headers []layout.Cell) int {
	var letters []rune
	for _, h := range headers {
		letters = append(letters, core(h.Text)...)
	}
	keys := map[string]bool{}
	for _, c := range activeColumns {
		label := core(c.Label.Label)
		if len(label) >= 4 && lcs(letters, label) >= len(label)-1 {
			keys[c.Label.Key] = true
		}
	}
	return len(keys)
}

// nearestActiveColumns returns table 二's columns whose labels are nearest
// a header's text, one per column key, all as near as the nearest; none
// when no label is near enough.
func nearestActiveColumns(text string) []templateLabel {
	scores := make([]float64, len(activeColumns))
	top := 0.0
	for i, c := range activeColumns {
		scores[i] = similarity(text, c.Label.Label)
		top = max(top, scores[i])
	}
	var near []templateLabel
	var nearScores []float64
	for i, c := range activeColumns {
		if scores[i] < 0.6 || scores[i] <= top-0.01 {
			continue
		}
		k := slices.IndexFunc(near, func(n templateLabel) bool { return n.Label.Key == c.Label.Key })
		switch {
		case k < 0:
			near, nearScores = append(near, c), append(nearScores, scores[i])
		case scores[i] > nearScores[k]: // the same column, under the label nearest
			near[k], nearScores[k] = c, scores[i]
		}
	}
	return near
}

// mendBrokenHeaders moves the start of a column's header back from the
// end of the header before it, where column-aligned text put it there
// (上一年 项目数量 本年增 | /减): when the moved letters and the header's
// own make one of table 二's column labels exactly, and what stays before
// is still close to another.
func mendBrokenHeaders(headers []layout.Cell) []layout.Cell {
	out := slices.Clone(headers)
	for i := 1; i < len(out); i++ {
		if exactActiveColumn(string(core(out[i].Text))) != "" {
			continue
		}
		prev, own := core(out[i-1].Text), string(core(out[i].Text))
		for k := len(prev) - 1; k > 0; k-- {
			moved := exactActiveColumn(string(prev[k:]) + own)
			if stays := closestActiveColumn(string(prev[:k])); moved == "" || stays == "" || stays == moved {
				continue
			}
			out[i-1].Text, out[i].Text = string(prev[:k]), string(prev[k:])+own
			break
		}
	}
	return out
}

// joinBrokenHeaders joins two neighbouring header cells whose letters
// together, in any order, are one of table 二's column labels, where
// neither's alone is: one header that column-aligned text broke in two
// (上一 | 年项目数量; 上一年项 | 数量 目, its 目 set after 数量: pdftotext
// of v172 and v082 without borders), which read as two columns, one of
// them unrecognised, and made the header tell no count. The start of the
// next header left in the second is moved out first (mendBrokenHeaders:
// 上一 | 年项目数量 本 | 年增/减, v190).
func joinBrokenHeaders(headers []layout.Cell) []layout.Cell {
	var out []layout.Cell
	for i := 0; i < len(headers); i++ {
		h := headers[i]
		if i+1 < len(headers) && anagramActiveColumn(h.Text) == "" && anagramActiveColumn(headers[i+1].Text) == "" {
			if label := anagramActiveColumn(h.Text + headers[i+1].Text); label != "" {
				h.Text = label
				i++
			}
		}
		out = append(out, h)
	}
	return out
}

// anagramActiveColumn returns the label of table 二's column whose
// label's letters are s's in some order, or "".
func anagramActiveColumn(s string) string {
	sorted := func(s string) string {
		r := core(s)
		slices.Sort(r)
		return string(r)
	}
	key := sorted(s)
	for _, col := range activeColumns {
		if key != "" && sorted(col.Label.Label) == key {
			return col.Label.Label
		}
	}
	return ""
}

// exactActiveColumn returns the label of table 二's column whose label's
// letters are exactly c, or "".
func exactActiveColumn(c string) string {
	for _, col := range activeColumns {
		if c != "" && string(core(col.Label.Label)) == c {
			return col.Label.Label
		}
	}
	return ""
}

// closestActiveColumn returns the label of table 二's column closest to
// text (the first of labels as close), or "" when none is close enough:
// activeHeader's measure, without its refusal of a header as near two
// columns.
func closestActiveColumn(text string) string {
	best, score := "", 0.0
	for _, c := range activeColumns {
		if s := similarity(text, c.Label.Label); s > score {
			best, score = c.Label.Label, s
		}
	}
	if score < 0.6 {
		return ""
	}
	return best
}

// splitJoinedHeaders parts a header cell that is several column labels
// run together (本年制发件数本年废止件数现行有效件数): a table rebuilt from
// alignment cannot tell header cells apart when they touch.
func splitJoinedHeaders(headers []layout.Cell) []layout.Cell {
	var out []layout.Cell
	for _, h := range headers {
		parts := joinedLabels(strings.ReplaceAll(h.Text, " ", ""))
		if len(parts) < 2 {
			out = append(out, h)
			continue
		}
		for _, p := range parts {
			c := h
			c.Text = p
			out = append(out, c)
		}
	}
	return out
}

// joinedLabels splits s into table 二's column labels printed one after
// another, or returns nil when it is not such a run.
func joinedLabels(s string) []string {
	if s == "" {
		return []string{}
	}
	for _, c := range activeColumns {
		if label := c.Label.Label; strings.HasPrefix(s, label) {
			if rest := joinedLabels(s[len(label):]); rest != nil {
				return append([]string{label}, rest...)
			}
		}
	}
	return nil
}

// matchActiveRow finds table 二's row for a label, and the template that
// alone prints it ("" when both do).
func matchActiveRow(label string) (row, template string) {
	score := 0.0
	rows := map[string]int{}
	for _, tmpl := range []string{gongkai.Template2021, gongkai.Template2019} {
		for _, sub := range gongkai.ActiveLayouts[tmpl] {
			for _, r := range sub.Rows {
				rows[r.Key]++
				if s := similarity(splitNumbering(label).rest, r.Label); s > score {
					row, template, score = r.Key, tmpl, s
				}
			}
		}
	}
	if score < 0.6 {
		return "", ""
	}
	if rows[row] > 1 && !onlyIn(label, row, template) {
		template = ""
	}
	return row, template
}

// onlyIn reports whether label is printed exactly as in template and not
// as in the other: 规范性文件 (2019) against 行政规范性文件 (2021).
func onlyIn(label, row, template string) bool {
	rest := splitNumbering(label).rest
	exact := func(tmpl string) bool {
		for _, sub := range gongkai.ActiveLayouts[tmpl] {
			for _, r := range sub.Rows {
				if r.Key == row && r.Label == rest {
					return true
				}
			}
		}
		return false
	}
	return exact(template) && !exact(otherTemplate(template))
}

// defaultActiveColumns are a row's columns when its sub-table printed no
// usable header: the template's, preferring the one guessed so far, and
// the template they are from when it prints the row with n columns ("" for
// a fallback of another count).
func defaultActiveColumns(row string, n int, guess string) ([]gongkai.Label, string) {
	for _, tmpl := range []string{guess, otherTemplate(guess)} {
		if cols := exactActiveColumns(tmpl, row, n); cols != nil {
			return cols, tmpl
		}
	}
	for _, tmpl := range []string{guess, otherTemplate(guess)} {
		if sub, ok := activeSubTable(tmpl, row); ok {
			return sub.Columns, ""
		}
	}
	return nil, ""
}

// exactActiveColumns are the columns of template's sub-table that prints
// row, or nil unless it prints row with n columns.
func exactActiveColumns(template, row string, n int) []gongkai.Label {
	if sub, ok := activeSubTable(template, row); ok && len(sub.Columns) == n {
		return sub.Columns
	}
	return nil
}

// activeSubTable returns template's sub-table of 二 that prints row, and
// whether it prints row at all (each row is in one sub-table).
func activeSubTable(template, row string) (gongkai.ActiveSubTable, bool) {
	for _, sub := range gongkai.ActiveLayouts[template] {
		for _, r := range sub.Rows {
			if r.Key == row {
				return sub, true
			}
		}
	}
	return gongkai.ActiveSubTable{}, false
}

func otherTemplate(t string) string {
	if t == gongkai.Template2019 {
		return gongkai.Template2021
	}
	return gongkai.Template2019
}

// guess is the template the layout points to so far, 2021 when undecided.
func (t *tableReader) guess() string {
	if t.marks[gongkai.Template2019] > t.marks[gongkai.Template2021] {
		return gongkai.Template2019
	}
	return gongkai.Template2021
}

// convertMoney puts money in the unit schema.md fixes: fees in 万元 as
// printed, procurement in yuan.
func convertMoney(row, col string, v cellValue) *float64 {
	if v.value == nil || col != "amount" {
		return v.value
	}
	x := *v.value
	switch {
	case row == "fees" && v.unit == "元":
		x /= 10000
	case row == "procurement" && v.unit == "万元":
		x *= 10000
	}
	return &x
}

func (t *tableReader) applicationRow(labels []layout.Cell, values []valueCell) {
	for _, l := range labels {
		if n := splitNumbering(l.Text); n.level == 1 {
			t.group, t.lastItem = "", 0
		} else if n.level == 2 && n.num != t.group {
			t.group, t.lastItem = n.num, 0
		}
	}
	t.followNumbering(labels)
	if len(values) == 0 || (allBlank(values) && t.matchApplicationRow(labels) == "") {
		return // a header row, or a group heading printed on a row of its own
	}
	if len(labels) == 0 {
		t.warnf("applications: values without a row label at %s", where(values[0].cell.At))
		return
	}
	if exactApplicationRow(labels[len(labels)-1].Text) == "" && t.runTogether(labels, values, exactApplicationRow, t.rowRead, t.applicationRow) {
		return
	}
	row := t.matchApplicationRow(labels)
	for i := len(labels) - 1; row == "" && i > 0; i-- {
		// the last label may be the rest of the row above's, printed on
		// this row's line (…已获 / 取信息): an earlier label names the row
		row = t.matchApplicationRow(labels[:i])
	}
	if row == "" {
		t.warnf("applications: unrecognised row %q", labels[len(labels)-1].Text)
		return
	}
	if begun := applicationRowBegun(labels[len(labels)-1].Text); begun != "" && t.rowRead(row) && !t.rowRead(begun) {
		// the end of the row above's label, read already, and this row's
		// label begun on its last line
		row = begun
	}
	if named := t.rowNamedBeside(labels); named != "" && t.rowRead(row) {
		// the rest of the row above's label, read already, printed beside
		// this row's own (上年结转政府 | 请数量 信息公开申 请数量; 其他处理 |
		// 政机关 确认或 重新出 具已获 取信息: column-aligned text whose
		// label column drifted)
		row = named
	}
	switch row {
	case "other_overdue_correction", "other_overdue_fee", "other_other":
		t.marks[gongkai.Template2021]++
	}
	want := len(gongkai.ApplicationColumns)
	if len(values) > want && readByOCR(values) {
		t.warnf("applications.%s: %d values, want %d; row skipped (read by OCR: a ruling missed or misfound would shift them)", row, len(values), want)
		return
	}
	if len(values) > want {
		for _, v := range values[:len(values)-want] {
			if v.value != nil {
				t.warnf("applications.%s: %d values, want %d; the last %d are kept", row, len(values), want, want)
				break
			}
		}
		values = values[len(values)-want:]
	}
	if len(values) < want {
		if allBlank(values) {
			return // a header cell that reads like a row label (其他)
		}
		t.warnf("applications.%s: %d values, want %d; row skipped", row, len(values), want)
		return
	}
	if raw, ok := negativeCount(values, nil); ok {
		t.warnf("applications.%s: %q is no count, which is never negative; row skipped (a dash run into a number: - and ５?)", row, raw)
		return
	}
	for i, col := range gongkai.ApplicationColumns {
		key := gongkai.Key(gongkai.TableApplications, row, col)
		t.emit(key, t.wholeCount(key, row, values[i]))
	}
}

// runTogether reads a row whose last label is two rows' labels run
// together, each exactly as the template prints it (rowOf) and neither
// read yet (危及“三安全一稳定” 保护第三方合法权益; 行政处罚行政强制), as the two
// rows (read), and reports whether it was one. A producer that draws
// nothing in an empty cell leaves a row printed with no value a line of
// label alone, which the table builder took for the rest of the label
// above, as a wrapped label's is, or a page break for the rest of a row it
// cut. The values stand on one of the two lines — the second's only where
// they sit in the lower half of the labels' box — and the other row is
// read blank.
func (t *tableReader) runTogether(labels []layout.Cell, values []valueCell, rowOf func(string) string, isRead func(string) bool, read func([]layout.Cell, []valueCell)) bool {
	last := labels[len(labels)-1]
	if last.At.Box == nil || len(values) == 0 || values[0].cell.At.Box == nil {
		return false
	}
	text := strings.ReplaceAll(last.Text, " ", "")
	for i := range text {
		if i == 0 {
			continue
		}
		first, second := text[:i], text[i:]
		a, b := rowOf(first), rowOf(second)
		if a == "" || b == "" || a == b || isRead(a) || isRead(b) {
			continue
		}
		box, at := *last.At.Box, *values[0].cell.At.Box
		blank := make([]valueCell, len(values))
		for k := range blank {
			blank[k].cell.At = last.At
		}
		with := func(text string) []layout.Cell {
			out := slices.Clone(labels)
			out[len(out)-1].Text = text
			return out
		}
		if (at[1]+at[3])/2 > (box[1]+box[3])/2 {
			read(with(first), blank)
			read(with(second), values)
		} else {
			read(with(first), values)
			read(with(second), blank)
		}
		return true
	}
	return false
}

// exactActiveRow is the key of table 二's row whose label, under either
// template, is text exactly (spaces aside), or "".
func exactActiveRow(text string) string {
	text = strings.ReplaceAll(text, " ", "")
	for _, tmpl := range []string{gongkai.Template2021, gongkai.Template2019} {
		for _, sub := range gongkai.ActiveLayouts[tmpl] {
			for _, r := range sub.Rows {
				if r.Label == text {
					return r.Key
				}
			}
		}
	}
	return ""
}

// activeRowRead reports whether a row of 二 was read already.
func (t *tableReader) activeRowRead(row string) bool {
	for k := range t.seen {
		if strings.HasPrefix(k, gongkai.TableActive+"."+row+".") {
			return true
		}
	}
	return false
}

// exactApplicationRow is the one row of table 三 whose label has the
// letters of text (numbering aside), or "".
func exactApplicationRow(text string) string {
	letters := string(core(splitNumbering(text).rest))
	row := ""
	for _, r := range gongkai.ApplicationRows {
		if string(core(r.Label)) == letters {
			if row != "" && row != r.Row {
				return ""
			}
			row = r.Row
		}
	}
	return row
}

// negativeCount returns the text of the first negative value among a
// row's values outside the columns signed allows (nil: none), and whether
// there is one. A count is never negative, only 本年增/减 is signed: a
// minus there is a dash run into a number (column-aligned text of a
// report printing 0 as -: -５ for - and ５), or a change under another
// column, and the row's values stand where they cannot be told.
func negativeCount(values []valueCell, signed func(i int) bool) (string, bool) {
	for i, v := range values {
		if v.value != nil && *v.value < 0 && (signed == nil || !signed(i)) {
			return v.cell.Text, true
		}
	}
	return "", false
}

// itemRunIn is a count with a point in it: table 三 counts are whole
// numbers, so 5.0 is an item number (5.) the extractor ran into a value.
var itemRunIn = regexp.MustCompile(`^(\d+)\.(\d+)$`)

// wholeCount reads a table 三 count printed with a point: the row's own
// item number run into its value (v016's 5.0 on item 5's row) is cut off;
// any other point leaves the cell blank with a warning rather than a
// value that may be another cell's.
func (t *tableReader) wholeCount(key, row string, v valueCell) valueCell {
	m := itemRunIn.FindStringSubmatch(strings.TrimSpace(v.cell.Text))
	if m == nil {
		return v
	}
	for _, r := range gongkai.ApplicationRows {
		if r.Row == row && r.Item > 0 && strconv.Itoa(r.Item) == m[1] {
			if rest, ok := readValue(m[2]); ok {
				v.cellValue = rest
				return v
			}
		}
	}
	t.warnf("%s: %q is not a whole count (an item number run into a value?); left blank", key, v.cell.Text)
	v.cellValue = cellValue{}
	return v
}

// followNumbering moves to the next result group when a row's item number
// starts again (1. after 8.) with no group label on the row: aligned text
// and rebuilt tables print a group's label in the middle of its rows, so
// the label of （四） comes after its item 1.
func (t *tableReader) followNumbering(labels []layout.Cell) {
	if len(labels) == 0 {
		return
	}
	n := splitNumbering(labels[len(labels)-1].Text)
	if n.level != 3 || t.group == "" {
		return
	}
	item, err := strconv.Atoi(n.num)
	if err != nil {
		return
	}
	if item <= t.lastItem {
		seen := false
		for _, r := range gongkai.ApplicationRows {
			if seen && r.Group != t.group && r.Item == item {
				t.group = r.Group
				break
			}
			seen = seen || r.Group == t.group
		}
	}
	t.lastItem = item
}

func allBlank(values []valueCell) bool {
	for _, v := range values {
		if v.cell.Text != "" {
			return false
		}
	}
	return true
}

// matchApplicationRow finds table 三's row for a row's last label, by its
// numbering inside the current group when it has one, by its words otherwise.
func (t *tableReader) matchApplicationRow(labels []layout.Cell) string {
	if len(labels) == 0 {
		return ""
	}
	n := splitNumbering(labels[len(labels)-1].Text)
	switch n.level {
	case 1:
		for _, r := range gongkai.ApplicationRows {
			if r.Group == n.num {
				return r.Row
			}
		}
		return ""
	case 2:
		for _, r := range gongkai.ApplicationRows {
			if r.Group == n.num && r.Item == 0 {
				return r.Row
			}
		}
		return ""
	case 3:
		for _, r := range gongkai.ApplicationRows {
			if r.Group == t.group && fmt.Sprint(r.Item) == n.num {
				return r.Row
			}
		}
	}
	// No usable numbering: the one row whose label begins with a label of
	// one line (其他法, cut by a page, is not 其他), else the closest label,
	// inside the current group first.
	if !strings.Contains(strings.TrimSpace(n.rest), " ") {
		if begun := applicationRowBegun(n.rest); begun != "" {
			return begun
		}
	}
	if rows := rowsBegunBy(n.rest); len(rows) > 0 {
		// a label that begins rows' labels and is none's (属于: the rest
		// of 属于行政查询事项 scrambled away by the extractor; 没有, of
		// 没有现成信息需另行制作) names the row after the one read last,
		// where that is one of them; where it begins several others', none:
		// the closest label would be a guess
		if next := t.nextApplicationRow(); slices.Contains(rows, next) {
			return next
		}
		if len(rows) > 1 {
			return ""
		}
	}
	best, bestLabel, score := "", "", 0.0
	for _, r := range gongkai.ApplicationRows {
		s := similarity(n.rest, r.Label)
		if t.group != "" && r.Group == t.group {
			s += 0.05
		}
		if s > score {
			best, bestLabel, score = r.Row, r.Label, s
		}
	}
	if score < 0.5 || lcs(core(n.rest), core(bestLabel)) < 2 && strings.ContainsFunc(string(core(n.rest)), func(r rune) bool { return !strings.ContainsRune(bestLabel, r) }) {
		// too unlike any, or a word that shares only one letter with a
		// row's label and has one the label has not (计这, the scrambled
		// piece of 部分公开（区分处理的，只计这一情形…）, against 总计): a
		// letter in common is no likeness, where the same letters out of
		// order are (他其 for 其他)
		return applicationRowBegun(n.rest)
	}
	for _, g := range gongkai.ApplicationGroupLabels {
		if similarity(n.rest, g) > score && len(outsideLCS(core(n.rest), core(g))) <= 1 {
			// a group's label alone (本年度办理结果, by an earlier label of
			// a row whose own is unread) names no row, however like one
			// it is (结转下年度继续办理)
			return ""
		}
	}
	if holdsAnotherRow(n.rest, best) {
		// two rows' labels run together (a row of empty cells whose
		// label joined the row above's: 其他法 律行政 止公开 危及 “三安
		// 全一稳 定”): which row the values are is not known
		return ""
	}
	return best
}

// holdsAnotherRow reports whether label, beyond the letters it shares with
// row's label, holds another row's label nearly whole (four letters or
// more, 85 % alike): its group's own label beside an item's (其他 … 处理
// round 申请人…) is no other row.
func holdsAnotherRow(label, row string) bool {
	var own gongkai.ApplicationRow
	for _, r := range gongkai.ApplicationRows {
		if r.Row == row {
			own = r
		}
	}
	rest := string(outsideLCS(core(label), core(own.Label)))
	if utf8.RuneCountInString(rest) < 4 {
		return false
	}
	for _, r := range gongkai.ApplicationRows {
		if r.Row != row && !(r.Group == own.Group && r.Item == 0) && similarity(rest, r.Label) >= 0.85 {
			return true
		}
	}
	return false
}

// rowsBegunBy returns table 三's rows whose label begins with label's
// letters, two or more (one, 属 of 属于 on a line of its own, tells too
// little), or nil when one row's label is exactly those.
func rowsBegunBy(label string) []string {
	start := string(core(label))
	if utf8.RuneCountInString(start) < 2 {
		return nil
	}
	var rows []string
	for _, r := range gongkai.ApplicationRows {
		switch c := string(core(r.Label)); {
		case c == start:
			return nil
		case strings.HasPrefix(c, start):
			rows = append(rows, r.Row)
		}
	}
	return rows
}

// nextApplicationRow returns table 三's row that follows, in the
// template's order, the last of its rows read, or "" when none is read.
func (t *tableReader) nextApplicationRow() string {
	for i := len(gongkai.ApplicationRows) - 2; i >= 0; i-- {
		if t.rowRead(gongkai.ApplicationRows[i].Row) {
			return gongkai.ApplicationRows[i+1].Row
		}
	}
	return ""
}

// rowNamedBeside returns the row that a label before a row's last names —
// by its outline number (二、, （六）) or by beginning the one row's label
// that begins with its three or more letters — or that the last label's
// last word is the whole label of, where that row is not read
// yet, comes after every row read in the template's order, and is no group
// whose items are read (其他处理 of the 2021 template is their group's
// label, not the 2019 row); "" otherwise.
func (t *tableReader) rowNamedBeside(labels []layout.Cell) string {
	last := -1
	for i, r := range gongkai.ApplicationRows {
		if t.rowRead(r.Row) {
			last = i
		}
	}
	var names []string
	for _, l := range labels[:len(labels)-1] {
		names = append(names, namedBy(l.Text))
	}
	if words := strings.Fields(labels[len(labels)-1].Text); len(words) > 1 {
		// the last label's last line, the whole of a row's label (政府信
		// 息公开 申请 其他: 其他 below the rest of the label above)
		names = append(names, labelOf(words[len(words)-1]))
	}
	for _, name := range names {
		found := slices.IndexFunc(gongkai.ApplicationRows, func(r gongkai.ApplicationRow) bool { return r.Row == name })
		if found < 0 || found <= last || t.itemsRead(gongkai.ApplicationRows[found]) {
			continue
		}
		return name
	}
	return ""
}

// labelOf returns table 三's row whose label is exactly text, outline
// number aside, or "".
func labelOf(text string) string {
	c := string(core(splitNumbering(text).rest))
	for _, r := range gongkai.ApplicationRows {
		if c != "" && string(core(r.Label)) == c {
			return r.Row
		}
	}
	return ""
}

// namedBy returns table 三's row a label names by its own: by a top-level
// or group outline number, or by beginning the one row's label that begins
// with its three or more letters; "" otherwise.
func namedBy(label string) string {
	n := splitNumbering(label)
	if n.level == 1 || n.level == 2 {
		for _, r := range gongkai.ApplicationRows {
			if r.Group == n.num && r.Item == 0 {
				return r.Row
			}
		}
		return ""
	}
	start := string(core(n.rest))
	if n.level != 0 || utf8.RuneCountInString(start) < 3 {
		return ""
	}
	found := ""
	for _, r := range gongkai.ApplicationRows {
		if strings.HasPrefix(string(core(r.Label)), start) {
			if found != "" {
				return ""
			}
			found = r.Row
		}
	}
	return found
}

// itemsRead reports whether r is a group row whose items have been read.
func (t *tableReader) itemsRead(r gongkai.ApplicationRow) bool {
	if r.Item != 0 {
		return false
	}
	return slices.ContainsFunc(gongkai.ApplicationRows, func(o gongkai.ApplicationRow) bool {
		return o.Group == r.Group && o.Item > 0 && t.rowRead(o.Row)
	})
}

// rowRead reports whether table 三's row has been read.
func (t *tableReader) rowRead(row string) bool {
	return t.seen[gongkai.Key(gongkai.TableApplications, row, gongkai.ApplicationColumns[0])]
}

// applicationRowBegun finds table 三's row whose label a page break cut
// short (无正当 for 无正当理由大量反复申请), or whose label starts on the
// last line of a cell that holds the end of the row above's (理由大 量反复
// 申 请 要求行): the one row whose label begins with those three or more
// characters; "" if none or several.
func applicationRowBegun(label string) string {
	words := strings.Fields(label)
	if len(words) == 0 {
		return ""
	}
	start := core(words[len(words)-1])
	if len(start) < 3 {
		return ""
	}
	found := ""
	for _, r := range gongkai.ApplicationRows {
		if strings.HasPrefix(string(core(r.Label)), string(start)) {
			if found != "" {
				return ""
			}
			found = r.Row
		}
	}
	return found
}

func (t *tableReader) reviewRow(labels []layout.Cell, values []valueCell) {
	cols := gongkai.ReviewColumns
	all := len(gongkai.ReviewRows) * len(cols)
	switch {
	case len(values) >= all:
		values = values[len(values)-all:]
		if raw, ok := negativeCount(values, nil); ok {
			t.warnf("review_litigation: %q is no count, which is never negative; row skipped", raw)
			return
		}
		for i, row := range gongkai.ReviewRows {
			for j, col := range cols {
				t.emit(gongkai.Key(gongkai.TableReviewLitigation, row, col), values[i*len(cols)+j])
			}
		}
	case len(values) == len(cols) && len(labels) > 0 && !allBlank(values):
		// A layout that prints one row per group.
		label := labels[len(labels)-1].Text
		for i, rl := range gongkai.ReviewRowLabels {
			if similarity(label, rl) > 0.75 {
				if raw, ok := negativeCount(values, nil); ok {
					t.warnf("review_litigation.%s: %q is no count, which is never negative; row skipped", gongkai.ReviewRows[i], raw)
					return
				}
				for j, col := range cols {
					t.emit(gongkai.Key(gongkai.TableReviewLitigation, gongkai.ReviewRows[i], col), values[j])
				}
				return
			}
		}
		t.warnf("review_litigation: unrecognised row %q", label)
	case len(values) > 0 && !allBlank(values):
		t.warnf("review_litigation: %d values, want %d", len(values), all)
	}
}

// missing warns about the template's rows that a table found in the report lacks.
func (t *tableReader) missing(template string) {
	if t.found[gongkai.TableActive] {
		for _, sub := range gongkai.ActiveLayouts[template] {
			for _, r := range sub.Rows {
				if !t.seen[gongkai.Key(gongkai.TableActive, r.Key, sub.Columns[0].Key)] {
					t.warnf("active.%s: row not found", r.Key)
				}
			}
		}
	}
	if t.found[gongkai.TableApplications] {
		split := t.seen[gongkai.Key(gongkai.TableApplications, "other_other", "total")] ||
			t.seen[gongkai.Key(gongkai.TableApplications, "other_overdue_correction", "total")]
		for _, r := range gongkai.ApplicationRows {
			if (r.Group == "（六）" && (r.Item == 0) == split) || t.seen[gongkai.Key(gongkai.TableApplications, r.Row, "total")] {
				continue
			}
			t.warnf("applications.%s: row not found", r.Row)
		}
	}
}

func where(at gongkai.At) string {
	switch {
	case at.Page > 0:
		return fmt.Sprintf("page %d", at.Page)
	case at.Line > 0:
		return fmt.Sprintf("line %d", at.Line)
	case at.Table != nil && at.Row != nil:
		return fmt.Sprintf("table %d row %d", *at.Table, *at.Row)
	}
	return "an unknown place"
}
