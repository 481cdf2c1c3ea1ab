package grid

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// StreamOptions tune Stream to a reader's units.
type StreamOptions struct {
	// Gap is the smallest gap between two pieces of a line, in font sizes,
	// that separates two cells. Zero means 0.9: in a PDF, words of a
	// sentence sit closer, cells of a table farther apart. Column-aligned
	// text, one unit per character, uses 1: one space.
	Gap float64
	// Drifts says positions are character columns of plain text, where a
	// number's column drifts from line to line (a Chinese character counted
	// as one column or two): value columns are then read by the order of a
	// line's numbers, not found from where its numbers stand.
	Drifts bool
}

// Stream finds tables whose cells are not ruled but aligned: runs of lines
// that print numbers in columns. Value columns are where the numbers of
// those lines line up; what lies left of them is the row's labels. A line
// of labels alone followed by a line of numbers alone is one row whose
// label was wrapped round its numbers; a line that only continues the
// label above it joins it. Lines outside such runs are returned in rest,
// in order.
func Stream(lines []Line, o StreamOptions) (tables []*Table, rest []Line) {
	if o.Gap == 0 {
		o.Gap = 0.9
	}
	lines = joinOverlapping(joinWrappedNumbers(lines))
	if o.Drifts {
		lines = joinDigitsBelow(lines)
	}
	parsed := make([]streamLine, len(lines))
	for i, l := range lines {
		parsed[i] = streamLine{Line: l, chunks: chunks(l, o.Gap)}
	}
	if o.Drifts {
		headerSlashes(parsed)
	}
	prevEnd := 0
	for i := 0; i < len(parsed); {
		if !parsed[i].hasValues() {
			rest = append(rest, parsed[i].Line)
			i++
			continue
		}
		start, end := region(parsed, i)
		// header lines printed in columns just above the first numbers, a
		// header alone on a line set between two of them (总计 centred
		// beside headers wrapped over two lines), and one standing over the
		// values above those (a group's headers centred beside the
		// wrapped ones of a group with a line more: 维持纠正结果审结), and
		// a first row left blank that draws its empty cells (规章 above
		// 规范性文件, spaces Chromium shows alone where its values would be)
		for start > prevEnd && !parsed[start-1].hasValues() && i-start < 6 && !isArticleTitle(parsed[start-1].Text) &&
			(len(parsed[start-1].chunks) >= 2 || parsed[start-1].blankCells(parsed[i].valuesX0()) || start < i && len(parsed[start-1].chunks) == 1 &&
				(parsed[start-1].Box.Y1 > parsed[start].Box.Y0 || overValues(parsed[start-1], parsed[i]))) {
			start--
		}
		// the label of a first row whose numbers start the page below it
		if start == i && parsed[i].trailing() == len(parsed[i].chunks) {
			for start > prevEnd && i-start < 3 && len(parsed[start-1].chunks) == 1 && !parsed[start-1].hasValues() &&
				!isSectionHeading(parsed[start-1].Text) {
				start--
			}
		} else if o.Drifts && start == i && i > prevEnd && (wrapsRound(parsed[i-1], parsed[i]) || raisedItemWords(parsed, i-1)) {
			start-- // a first row's label begun on the line right above it
		}
		rest = rest[:len(rest)-(i-start)]
		for _, part := range splitAtHeaders(parsed[start:end], o.Drifts) {
			if t := buildStream(part, o.Drifts); t != nil {
				tables = append(tables, t)
				continue
			}
			for _, l := range part {
				rest = append(rest, l.Line)
			}
		}
		i, prevEnd = end, end
	}
	return tables, rest
}

// headerSlashes marks as header text the slash that ends a line of
// column-aligned text after header words standing over the values of the
// line with values right below (pdftotext of v154 without borders printed
// 本年增/减, wrapped in its cell, as 量 本年增 减 … / above 行政事业性收费 0
// 0): a row's label stands left of its values, and a slash read as a value
// there made the header a row and lost the sub-table's header.
func headerSlashes(lines []streamLine) {
	for i := 0; i+1 < len(lines); i++ {
		l, below := &lines[i], lines[i+1]
		n := len(l.chunks)
		if !l.hasValues() || l.chunks[n-1].text != "/" || l.trailing() != 1 || !below.hasValues() {
			continue
		}
		if slices.ContainsFunc(l.chunks[:n-1], func(c chunk) bool { return c.box.X1 > below.valuesX0() }) {
			l.chunks[n-1].numeric = false
		}
	}
}

// overValues reports whether header, a line of one chunk, stands over the
// values of first, the first line with values of a table without row
// labels (table 四): it reaches over them, no wider than they spread, and
// is no section heading.
func overValues(header, first streamLine) bool {
	b := header.chunks[0].box
	return first.trailing() == len(first.chunks) && b.X1 > first.valuesX0() && b.W() < first.Box.W() && !isSectionHeading(header.Text)
}

// raisedLabel reports whether a label at above, right above the first line
// with values of a table of column-aligned text, is most of that row's
// label, whose one glyph left on the line stands under it: pdftotext
// printed 行政许可, letter-spaced in its cell, as 政许可 over 行 无 -3 无
// (v214 without borders), and a glyph alone is no row's label.
func raisedLabel(above Rect, first streamLine) bool {
	own := first.chunks[0]
	return first.trailing() == len(first.chunks)-1 && len(own.pieces) == 1 && overlapX(own.box, above)
}

// wrapsRound reports whether above, a line of one label right above the
// first line with values of a table of column-aligned text, is the first
// line of that row's label wrapped round its numbers: it touches the line, stands clear of
// the line's own labels (the rest of a group label, 理 of 其他处理, beside
// an item label begun above: 申请人逾期未按…), and is no heading. It is
// also most of that label where the line's own label is one glyph under
// it (raisedLabel).
func wrapsRound(above, first streamLine) bool {
	if len(above.chunks) != 1 || above.hasValues() || isSectionHeading(above.Text) || isArticleTitle(above.Text) ||
		first.Box.Y0-above.Box.Y1 > 0.5*first.Box.H() {
		return false
	}
	label := above.chunks[0].box
	if label.X1 > first.valuesX0() {
		return false
	}
	if raisedLabel(label, first) {
		return true
	}
	for _, c := range first.chunks[:len(first.chunks)-first.trailing()] {
		if overlapX(c.box, label) {
			return false
		}
	}
	return true
}

// raisedItemWords reports whether lines[k], a line of one label, holds the
// words of an item number printed alone on the line below, among numbers
// (numberedBelow): pdftotext raised them a line, and where that line is a
// page's first row (v178: 没有 / 2.  2 无 … 2 at the top of a page) they
// start its table.
func raisedItemWords(lines []streamLine, k int) bool {
	l := lines[k]
	if len(l.chunks) != 1 || l.hasValues() || isSectionHeading(l.Text) || isArticleTitle(l.Text) {
		return false
	}
	return numberedBelow(lines, k, []*Cell{{Box: l.chunks[0].box, Text: l.chunks[0].text}})
}

// joinWrappedNumbers puts numbers wrapped in their cells back on their
// row: a narrow column prints 10 as １ on a line and ０ on the next,
// centred on the row's line, each half a line above or below it. The
// digits a line ends in and those the line after next ends in, each word
// of one right over a word of the other, both reaching into the line
// between them where that line leaves their columns empty, and centred on
// it, are that line's values; what the two lines print before them (a
// group label wrapped round the row the same way: 三、本年度办理 / 结果)
// stays where it is.
func joinWrappedNumbers(lines []Line) []Line {
	var out []Line
	for i := 0; i < len(lines); i++ {
		if i+2 < len(lines) {
			if joined, ok := wrappedNumbers(lines[i], lines[i+1], lines[i+2]); ok {
				out = append(out, joined...)
				i += 2
				continue
			}
		}
		out = append(out, lines[i])
	}
	return out
}

// wrappedNumbers returns a, m and b with the numbers a and b print wrapped
// round m moved onto m (joinWrappedNumbers), if they are; a or b left
// empty is dropped.
func wrappedNumbers(a, m, b Line) ([]Line, bool) {
	wa, restA := trailingDigitWords(a)
	wb, restB := trailingDigitWords(b)
	if len(wa) == 0 || len(wa) != len(wb) {
		return nil, false
	}
	top, bottom := wa[0].Box.union(wa[len(wa)-1].Box), wb[0].Box.union(wb[len(wb)-1].Box)
	if top.Y1 <= m.Box.Y0 || bottom.Y0 >= m.Box.Y1 || math.Abs((top.Y0+bottom.Y1)/2-(m.Box.Y0+m.Box.Y1)/2) >= 0.25*m.Box.H() {
		return nil, false
	}
	pieces := append([]Text(nil), m.Pieces...)
	for k := range wa {
		up, down := wa[k], wb[k]
		if !overlapX(up.Box, down.Box) || slices.ContainsFunc(m.Pieces, func(p Text) bool {
			return overlapX(p.Box, up.Box) || overlapX(p.Box, down.Box)
		}) {
			return nil, false
		}
		box := Rect{math.Min(up.Box.X0, down.Box.X0), m.Box.Y0, math.Max(up.Box.X1, down.Box.X1), m.Box.Y1}
		pieces = append(pieces, Text{S: up.S + down.S, Box: box, Size: up.Size})
	}
	var out []Line
	if len(restA) > 0 {
		out = append(out, lineOf(restA))
	}
	out = append(out, lineOf(pieces))
	if len(restB) > 0 {
		out = append(out, lineOf(restB))
	}
	return out, true
}

// trailingDigitWords returns the words of digits a line ends in, each one
// piece, set apart from what comes before them, and the pieces before
// them; no words where the line does not end so.
func trailingDigitWords(l Line) (words []Text, rest []Text) {
	k := len(l.Pieces)
	for k > 0 && l.Pieces[k-1].S != "" && allDigits([]rune(l.Pieces[k-1].S)) {
		k--
	}
	if k == len(l.Pieces) || k > 0 && l.Pieces[k].Box.X0-l.Pieces[k-1].Box.X1 <= l.Pieces[k].Size {
		return nil, l.Pieces // no digits at the end, or the end of a word (办理1)
	}
	return digitWords(Line{Pieces: l.Pieces[k:]}), l.Pieces[:k]
}

// digitWords returns the words of a line that prints only digits, each
// one piece, or nil for any other line.
func digitWords(l Line) []Text {
	var words []Text
	for _, p := range l.Pieces {
		if !allDigits([]rune(p.S)) || p.S == "" {
			return nil
		}
		if n := len(words) - 1; n >= 0 && p.Box.X0-words[n].Box.X1 <= 0.25*p.Size {
			words[n].S += p.S
			words[n].Box = words[n].Box.union(p.Box)
			continue
		}
		words = append(words, p)
	}
	return words
}

// joinDigitsBelow puts back the rest of numbers wrapped in their cells in
// column-aligned text: pdftotext keeps a number's first digits on its
// row's line and sets the rest on the line right below, each starting at
// the character where the number above starts its last digit (（七）总计
// １ … 无２ over ７ … １: 17 and 21), or a character before it, all of them
// alike (v249: 予以公开 １ … 无１ over １ … １, 11 and 11). A line of digits
// right below a line, each word starting where a digit ending a number of
// that line stands, is those numbers' rest; so is one that begins with the
// rest of a group label wrapped beside the row (度办理结 under 三、本年),
// left of the row's own label: a line with a label of its own in the row
// label's column is the next row. Any other line is left as it is.
func joinDigitsBelow(lines []Line) []Line {
	var out []Line
	for i := 0; i < len(lines); i++ {
		if i+1 < len(lines) {
			if joined, label, ok := digitsBelow(lines[i], lines[i+1]); ok {
				out = append(out, joined)
				if len(label.Pieces) > 0 {
					out = append(out, label)
				}
				i++
				continue
			}
		}
		out = append(out, lines[i])
	}
	return out
}

// digitsBelow returns a with the digits of b, the line right below it, put
// after the digits they continue (joinDigitsBelow), if they are that, and
// the group label's rest that b begins with.
func digitsBelow(a, b Line) (joined, label Line, ok bool) {
	lead := 0
	for lead < len(b.Pieces) && !allDigits([]rune(b.Pieces[lead].S)) {
		lead++
	}
	words := digitWords(Line{Pieces: b.Pieces[lead:]})
	if len(words) == 0 || b.Box.Y0-a.Box.Y1 > 0.5*b.Box.H() {
		return Line{}, Line{}, false
	}
	if lead > 0 {
		// the rest of a's first label, a group's (no outline number of
		// its own), under it; a's row label, the second, wholly right of it
		label = lineOf(append([]Text(nil), b.Pieces[:lead]...))
		cs := chunks(a, 0.9)
		size := b.Pieces[0].Size
		if len(cs) < 3 || cs[0].numeric || cs[1].numeric || outlineStart.MatchString(label.Text) ||
			label.Box.X0 < cs[0].box.X0-size || label.Box.X1 > cs[0].box.X1+size || cs[1].box.X0 < label.Box.X1+size {
			return Line{}, Line{}, false
		}
	}
	for _, shift := range []float64{0, 1, -1} { // in characters
		if pieces, ok := continueDigits(a, words, shift); ok {
			return lineOf(pieces), label, true
		}
	}
	return Line{}, Line{}, false
}

// continueDigits returns a's pieces with words, each set after the digit
// ending a number of a that stands shift characters right of it.
func continueDigits(a Line, words []Text, shift float64) ([]Text, bool) {
	pieces := append([]Text(nil), a.Pieces...)
	for _, w := range words {
		k := slices.IndexFunc(a.Pieces, func(p Text) bool { return math.Abs(p.Box.X0-w.Box.X0-shift*p.Size) < 0.5*p.Size })
		if k < 0 || !allDigits([]rune(a.Pieces[k].S)) ||
			k+1 < len(a.Pieces) && allDigits([]rune(a.Pieces[k+1].S)) && a.Pieces[k+1].Box.X0-a.Pieces[k].Box.X1 < 0.5*a.Pieces[k].Size {
			return nil, false // not under the last digit of a number
		}
		// each digit after the one it continues, on its cell: no gap
		// before it, and the gap after that digit kept
		above := a.Pieces[k].Box
		for j, r := range w.S {
			x0 := above.X0 + (0.5+0.1*float64(j))*a.Pieces[k].Size
			pieces = append(pieces, Text{S: string(r), Box: Rect{x0, above.Y0, above.X1, above.Y1}, Size: a.Pieces[k].Size})
		}
	}
	return pieces, true
}

// joinOverlapping joins lines that share most of their height: a row's
// label and its numbers printed a few points apart in a table whose cells
// align their text differently (a group label centred beside them, fonts
// with other ascents), which Lines put on two lines.
func joinOverlapping(lines []Line) []Line {
	var out []Line
	for _, l := range lines {
		n := len(out)
		if n == 0 {
			out = append(out, l)
			continue
		}
		prev := &out[n-1]
		overlap := math.Min(prev.Box.Y1, l.Box.Y1) - math.Max(prev.Box.Y0, l.Box.Y0)
		if overlap <= 0.5*math.Min(prev.Box.H(), l.Box.H()) || len(prev.Pieces)+len(l.Pieces) > MaxTexts {
			out = append(out, l)
			continue
		}
		*prev = lineOf(append(append([]Text(nil), prev.Pieces...), l.Pieces...))
	}
	return out
}

// streamLine is a line cut into the chunks that may be cells.
type streamLine struct {
	Line
	chunks []chunk
	// labelRest is the end of the row's label that the extractor printed
	// among its values (liftLabelRests), added once the label is whole
	labelRest string
}

// chunk is a run of pieces with no wide gap: a cell's text on one line.
type chunk struct {
	text    string
	box     Rect
	numeric bool
	pieces  []Text // the pieces drawn, where a header run into the next is cut (splitHeader)
	// ranTogether marks a value split from a run of digits (００, ０７):
	// the columns of its table are narrow enough for values to run together
	ranTogether bool
}

// hasValues reports whether a line prints values in columns: it ends in
// numbers, two or more of them or one set well apart from the label
// before it. Prose that mentions a number does not.
func (l streamLine) hasValues() bool {
	n := len(l.chunks)
	if n == 0 || !l.chunks[n-1].numeric || pageFooter.MatchString(strings.ReplaceAll(l.Text, " ", "")) {
		return false
	}
	if n >= 2 && l.chunks[n-2].numeric {
		return true
	}
	if n == 1 {
		return false
	}
	gap := l.chunks[n-1].box.X0 - l.chunks[n-2].box.X1
	return gap >= 1.5*math.Max(l.chunks[n-1].box.H(), 1e-9)
}

var (
	numericRE = regexp.MustCompile(`^[-—–－]?[0-9０-９][0-9０-９.,，．]*%?(万元|元|件|条|个|次)?$|^[-—–－/无]$`)
	unitRE    = regexp.MustCompile(`^(万元|元|件|条|个|次)$`)
	// outlineStart matches text that begins with an outline number such as
	// 一、（三）or 2.: a label that begins a row of its own, a heading.
	outlineStart = regexp.MustCompile(`^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[.．、])`)
	// sectionHeading matches a heading that ends a table: a top-level
	// outline number and a long title.
	sectionHeading = regexp.MustCompile(`^[一二三四五六七八九十]+\s*[、.．]\S{8,}`)
	// bareNumber matches an item number with no words after it (2.).
	bareNumber = regexp.MustCompile(`^\d{1,2}\s*[.．、]$`)
	// bareGroup matches a group number with no words after it (（六）).
	bareGroup  = regexp.MustCompile(`^[（(][一二三四五六七八九十]+[）)]$`)
	pageFooter = regexp.MustCompile(`^[-—－–]\s*\d{1,3}\s*[-—－–]$|^第?\s*\d{1,3}\s*页$`)
)

// isSectionHeading reports whether a line is a heading that ends a table.
// Only its text before an inner outline number counts: a group label
// printed a hair's breadth from its first item's (三、本年度办理（一）予以公开,
// the cells of a row set edge to edge) is a row of the table.
func isSectionHeading(text string) bool {
	if loc := innerOutline.FindStringIndex(text); loc != nil && loc[0] > 0 {
		text = text[:loc[0]]
	}
	return sectionHeading.MatchString(text)
}

// isArticleTitle reports whether a line is the title of a sub-table, the
// article and item of the regulation it reports on (第二十条, 第（八）项),
// however the extractor spaced or split it (第二十 条, 第（ ）项 with the
// 八 on a line of its own) or put its letters out of order, as pdftotext
// does with a title letter-spaced and centred over its table (第  条二十,
// 第  ）项 （五: v154 without borders, whose scrambled title was read as
// header text over the sub-table's columns): it ends the table above and
// heads none.
func isArticleTitle(text string) bool {
	t := strings.ReplaceAll(text, " ", "")
	return utf8.RuneCountInString(t) <= 12 && (articleTitle.MatchString(t) || scrambledTitles[sortedLetters(t)])
}

var articleTitle = regexp.MustCompile(`^第[（(]?[一二三四五六七八九十\d]*[）)]?[条项款]$|^第[一二三四五六七八九十]+条第[（(][一二三四五六七八九十\d]+[）)]项$`)

// scrambledTitles holds the letters of each article title of table 二,
// sorted (sortedLetters): 第二十条, 第（八）项 (its numeral on a line of its
// own or not), and both on one line.
var scrambledTitles = func() map[string]bool {
	out := map[string]bool{}
	for _, n := range append(strings.Split("一二三四五六七八九十", ""), "") {
		item := "第（" + n + "）项"
		for _, title := range []string{"第二十条", item, "第二十条" + item} {
			out[sortedLetters(title)] = true
		}
	}
	return out
}()

// sortedLetters returns s's letters in code point order, half-width
// brackets as full-width ones.
func sortedLetters(s string) string {
	r := []rune(strings.NewReplacer("(", "（", ")", "）").Replace(s))
	slices.Sort(r)
	return string(r)
}

var innerOutline = regexp.MustCompile(`[（(][一二三四五六七八九十]+[）)]`)

// chunks cuts a line where pieces stand at least gap font sizes apart.
// Numbers stand apart at any gap wider than a space: in a narrow column
// two values sit closer than words of two cells do, and so does a word
// that starts with an outline number (1.申请人…, a few points from its
// group's label （六）其: an item's cell beside its group's). A unit printed
// after a number (251000 元) stays with it.
func chunks(l Line, gap float64) []chunk {
	// words: pieces with no more than a letter space between them; joins
	// marks a word only a word space from the one before
	type word struct {
		chunk
		joins bool
	}
	var words []word
	var b strings.Builder
	var cur word
	flush := func() {
		if b.Len() > 0 {
			cur.text = b.String()
			words = append(words, cur)
			b.Reset()
		}
	}
	joins := false
	var prev *Text
	var blanks []Text
	for i, p := range l.Pieces {
		if p.Blank() {
			// a gap between words; among values, an empty cell
			blanks = append(blanks, p)
			continue
		}
		size := math.Max(p.Size, 1e-9)
		if prev != nil && p.Box.X0-prev.Box.X1 > 0.25*size {
			flush()
			g := p.Box.X0 - prev.Box.X1
			// a number half an em or more from text is a cell of its own
			joins = g < gap*size*0.999 && !(g >= 0.5*size && numericStart(p.S))
		}
		if b.Len() == 0 {
			cur = word{chunk: chunk{box: p.Box}, joins: joins}
		}
		b.WriteString(p.S)
		cur.box = cur.box.union(p.Box)
		cur.pieces = append(cur.pieces, p)
		prev = &l.Pieces[i]
	}
	flush()
	var out []chunk
	for _, w := range words {
		for _, c := range splitRun(w.chunk) {
			c.numeric = isNumber(c.text)
			n := len(out)
			switch {
			case n > 0 && unitRE.MatchString(c.text) && out[n-1].numeric:
				out[n-1].text += c.text
				out[n-1].pieces = append(out[n-1].pieces, c.pieces...)
			case n > 0 && w.joins && !(c.numeric && out[n-1].numeric) && !outlineStart.MatchString(c.text):
				out[n-1].text += " " + c.text
				out[n-1].numeric = isNumber(strings.ReplaceAll(out[n-1].text, " ", ""))
				out[n-1].pieces = append(out[n-1].pieces, c.pieces...)
			default:
				out = append(out, c)
				continue
			}
			out[n-1].box = out[n-1].box.union(c.box)
		}
	}
	return withBlankValues(out, blanks)
}

// withBlankValues adds to a line's chunks the empty cells among its
// values: blank pieces right of the last label, where a value follows the
// label, standing apart from every chunk. Chromium draws an empty cell as
// a space shown alone at the cell's middle; without it a row that leaves
// columns blank is a row short of values whose values' columns are
// guessed, and a sub-table whose rows each leave the same columns blank
// has too few columns. A line of one value alone, its row's label on
// the lines round it (0 and two blanks), is a line with values once its
// blanks are counted.
func withBlankValues(out []chunk, blanks []Text) []chunk {
	if len(blanks) == 0 {
		return out
	}
	labelEnd := math.Inf(-1)
	value := false
	for _, c := range out {
		if !c.numeric {
			labelEnd, value = c.box.X1, false
			continue
		}
		value = true
	}
	if !value {
		return out
	}
	for _, b := range blanks {
		if b.Box.X0 < labelEnd || slices.ContainsFunc(out, func(c chunk) bool { return overlapX(c.box, b.Box) }) {
			continue
		}
		k := sort.Search(len(out), func(i int) bool { return out[i].box.X0 > b.Box.X0 })
		out = slices.Insert(out, k, chunk{box: b.Box, numeric: true, pieces: []Text{b}})
	}
	return out
}

// isNumber reports whether a chunk's text is a value: a number, a unit
// after it, or a sign for zero; an item number (2.) is a label's start.
func isNumber(s string) bool {
	return numericRE.MatchString(s) && !bareNumber.MatchString(s)
}

// numericStart reports whether a piece can start a number.
func numericStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r) || strings.ContainsRune("-—–－无", r)
}

// splitRun splits a word of several 无 or dashes into one word each: zeros
// printed as 无 or — in narrow columns that a text extractor ran together
// (无无, ——). A word of digits that starts with 0 is values run together
// too, since no number is written so: each 0 it starts with is a value,
// and what follows them one more (００ is 0 0, ０７ is 0 7). A run that
// starts with another digit (１０: 10, or 1 and 0?) is left whole.
func splitRun(w chunk) []chunk {
	if parts := splitNone(w); parts != nil {
		var out []chunk
		for _, p := range parts {
			out = append(out, splitRun(p)...)
		}
		return out
	}
	if zeros := leadingZeros(w); zeros > 0 && len(w.pieces) == utf8.RuneCountInString(w.text) {
		var out []chunk
		for _, p := range w.pieces[:zeros] {
			out = append(out, chunk{text: p.S, box: p.Box, pieces: []Text{p}, ranTogether: true})
		}
		if rest := w.pieces[zeros:]; len(rest) > 0 {
			c := runChunk(rest)
			c.ranTogether = true
			out = append(out, c)
		}
		return out
	}
	n := utf8.RuneCountInString(w.text)
	first, _ := utf8.DecodeRuneInString(w.text)
	if n < 2 || !strings.ContainsRune("无—–－-", first) || strings.Trim(w.text, string(first)) != "" {
		return []chunk{w}
	}
	out := make([]chunk, n)
	step := w.box.W() / float64(n)
	for i := range out {
		out[i] = chunk{text: string(first), box: w.box}
		out[i].box.X0, out[i].box.X1 = w.box.X0+float64(i)*step, w.box.X0+float64(i+1)*step
	}
	return out
}

// splitNone splits a word of 无 and digits, both, into each 无 and each
// run of digits (无６ is 无 and 6, ６无 is 6 and 无: 无 is no part of a
// number), and digits followed by dashes into the number and each dash
// (2— is 2 and —: a dash ends no number; before one it may be a minus),
// marked as run together; nil for any other word.
func splitNone(w chunk) []chunk {
	rs := []rune(w.text)
	if len(w.pieces) != len(rs) {
		return nil
	}
	if digits := strings.TrimRight(w.text, "—"); digits != w.text && digits != "" && allDigits([]rune(digits)) {
		n := utf8.RuneCountInString(digits)
		number := runChunk(w.pieces[:n])
		number.ranTogether = true
		out := []chunk{number}
		for _, p := range w.pieces[n:] {
			out = append(out, chunk{text: p.S, box: p.Box, pieces: []Text{p}, ranTogether: true})
		}
		return out
	}
	if !strings.ContainsRune(w.text, '无') || strings.Trim(w.text, "无") == "" {
		return nil
	}
	var out []chunk
	for i, r := range rs {
		switch {
		case r != '无' && !unicode.IsDigit(r):
			return nil
		case r == '无' || i == 0 || rs[i-1] == '无':
			out = append(out, chunk{text: string(r), box: w.pieces[i].Box, pieces: []Text{w.pieces[i]}, ranTogether: true})
		default:
			last := &out[len(out)-1]
			last.text += string(r)
			last.box = last.box.union(w.pieces[i].Box)
			last.pieces = append(last.pieces, w.pieces[i])
		}
	}
	return out
}

// leadingZeros returns how many zeros start a word of two or more digits
// and nothing else, all of it when it is only zeros; 0 for any other word.
func leadingZeros(w chunk) int {
	digits := []rune(w.text)
	if len(digits) < 2 || !allDigits(digits) {
		return 0
	}
	n := 0
	for n < len(digits) && (digits[n] == '0' || digits[n] == '０') {
		n++
	}
	return n
}

// multiDigit reports whether a chunk is a word of two digits or more and
// nothing else: a number, or values an extractor ran together.
func multiDigit(c chunk) bool {
	digits := []rune(c.text)
	return len(digits) >= 2 && allDigits(digits)
}

func allDigits(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// splitAtHeaders cuts a region where a new header starts: a line with
// text over the value columns after lines with values. Sub-tables under
// their own headers (table 二's 第二十条 parts) put their columns elsewhere.
func splitAtHeaders(lines []streamLine, drifts bool) [][]streamLine {
	cols, _, _ := valueColumns(lines, drifts)
	if len(cols) == 0 {
		return [][]streamLine{lines}
	}
	var parts [][]streamLine
	start, seenValues := 0, false
	for i, l := range lines {
		switch {
		case l.hasValues():
			seenValues = true
		case seenValues && overColumns(l, cols[0].X0) && (!drifts || overColumns(l, valuesAround(lines, i))):
			parts = append(parts, lines[start:i])
			start, seenValues = i, false
		}
	}
	return append(parts, lines[start:])
}

// valuesAround is where the values of the lines with values nearest above
// and below lines[i] start, the farther to the right: in column-aligned
// text a column's start drifts from line to line, and a line of labels
// that reaches past the region's median start but not past both its
// neighbours' values (a label wrapped under its row's, 举报投) is no
// header.
func valuesAround(lines []streamLine, i int) float64 {
	x := math.Inf(-1)
	for j := i - 1; j >= 0; j-- {
		if lines[j].hasValues() {
			x = lines[j].valuesX0()
			break
		}
	}
	for j := i + 1; j < len(lines); j++ {
		if lines[j].hasValues() {
			x = math.Max(x, lines[j].valuesX0())
			break
		}
	}
	return x
}

// overColumns reports whether a line prints text reaching over labelEdge,
// as a column header does.
func overColumns(l streamLine, labelEdge float64) bool {
	for _, c := range l.chunks {
		if !c.numeric && c.box.X1 > labelEdge+0.5*c.box.H() {
			return true
		}
	}
	return false
}

// region returns the lines of the table whose first line with values is
// lines[i]: it runs on over lines with values, lines of labels and page
// footers, and stops at a section heading, at prose, or after four lines
// without values. Lines that print only label text left of the values (a
// label wrapped over many lines of a narrow column) count as one of those
// four only after twelve.
func region(lines []streamLine, i int) (start, end int) {
	start, end = i, i+1
	valuesX0 := lines[i].valuesX0()
	quiet, labels := 0, 0
	for j := i + 1; j < len(lines) && quiet < 4; j++ {
		l := lines[j]
		switch {
		case l.hasValues():
			end, quiet, labels = j+1, 0, 0
			valuesX0 = math.Min(valuesX0, l.valuesX0())
		case l.blankCells(valuesX0):
			end, quiet, labels = j+1, 0, 0
		case len(l.chunks) == 0:
			quiet++
		case len(l.chunks) == 1 && pageFooter.MatchString(l.chunks[0].text):
			quiet++
		case isSectionHeading(l.Text) || isArticleTitle(l.Text) || l.Box.X1-l.Box.X0 > 30*lineSize(l.Line):
			return start, end
		case l.Box.X1 < valuesX0 && labels < 12:
			labels++
		default:
			quiet++
		}
	}
	return start, end
}

// blankCells reports whether a line of labels alone draws blank glyphs
// right of x, where the values stand, and of its labels: the no-break
// spaces of empty cells (a Word export's &nbsp;, a space Chromium shows
// alone), so a row whose values are all blank. Its last label's middle
// stands left of x; its end may reach past it (a long label of a narrow
// table: 部分公开（区分处理的，只计这一情形，不计其他情形）).
func (l streamLine) blankCells(x float64) bool {
	n := len(l.chunks)
	if n == 0 || l.hasValues() {
		return false
	}
	last := l.chunks[n-1].box
	if (last.X0+last.X1)/2 > x {
		return false
	}
	return slices.ContainsFunc(l.Pieces, func(p Text) bool {
		return p.Blank() && p.Box.X1 > x && p.Box.X0 >= last.X1
	})
}

// valuesX0 is where a line's trailing numbers start.
func (l streamLine) valuesX0() float64 {
	return l.chunks[len(l.chunks)-l.trailing()].box.X0
}

// lineSize is the font size of a line's first piece.
func lineSize(l Line) float64 {
	if len(l.Pieces) == 0 {
		return 1
	}
	return math.Max(l.Pieces[0].Size, 1e-9)
}

// valueCol is the grid column of a stream table's first value column: label
// columns take the ones before it, as many as a row prints.
const valueCol = 64

// buildStream lays the lines of one region out as a table, or returns nil
// when they do not line up in at least two value columns' worth of rows.
func buildStream(lines []streamLine, drifts bool) *Table {
	cols, byOrder, unplaced := valueColumns(lines, drifts)
	if len(cols) == 0 {
		return nil
	}
	lines = splitDashesBefore(lines, len(cols))
	if drifts {
		lines = joinSplitRows(liftItemNumbers(liftLabelRests(splitRunInValues(lines, len(cols)), len(cols)), len(cols)), len(cols))
	}
	ranTogether := slices.ContainsFunc(lines, func(l streamLine) bool {
		return slices.ContainsFunc(l.chunks, func(c chunk) bool { return c.ranTogether })
	})
	var glyphs []map[[2]float64]bool
	if ranTogether {
		glyphs = glyphColumns(lines, len(cols))
	}
	labelEdge := cols[0].X0
	// Header text belongs over the values when its middle is nearer to
	// them than to the labels' right edge.
	labelEnd := labelsEnd(lines)
	headerEdge := labelEdge
	if !math.IsInf(labelEnd, -1) && labelEnd < labelEdge {
		headerEdge = (labelEnd + labelEdge) / 2
	}
	t := &Table{}
	// the header row emitted last, while the lines after it are header too
	type headerRow struct {
		row            int
		labels, values []*Cell
	}
	var header *headerRow
	var pending []*Cell // labels waiting for the numbers printed beside them
	var last []*Cell    // the row emitted last
	var above []*Cell   // its labels, while lines of labels follow it
	row := 0
	emit := func(labels []*Cell, values []*Cell, box Rect) {
		for i, c := range labels {
			c.Row, c.Col, c.RowSpan, c.ColSpan = row, i, 1, 1
		}
		for j := range values {
			if values[j] == nil {
				values[j] = &Cell{Box: Rect{cols[j].X0, box.Y0, cols[j].X1, box.Y1}}
			}
			values[j].Row, values[j].Col, values[j].RowSpan, values[j].ColSpan = row, valueCol+j, 1, 1
		}
		t.Cells = append(t.Cells, labels...)
		t.Cells = append(t.Cells, values...)
		last, above = labels, labels
		row++
	}
	flush := func(keep int) {
		for len(pending) > keep {
			emit([]*Cell{pending[0]}, make([]*Cell, len(cols)), pending[0].Box)
			pending = pending[1:]
		}
	}
	// attach gives a line with values the labels printed round it: the rest
	// of a pending label in the same column (the second line of a group
	// label centred on its rows, right below it or one line of text of
	// another column between), and the pending labels whose columns the
	// line leaves empty (a label wrapped round its numbers). Pending labels
	// before those, or standing across the line's own label on a page (a
	// row's label spanning both label columns; plain text's labels drift
	// and wrap round one another), are rows of their own.
	attach := func(labels []*Cell) []*Cell {
		for _, c := range labels {
			// an item or group number alone, or with a piece of a label
			// after it, takes its words from the line just above (2. /
			// 没有, 其他处 / （六）, 总 / （七） 计: the extractor raised them)
			if p := sameColumn(pending, c); p != nil && !outlineStart.MatchString(p.Text) && c.Box.Y0-p.Box.Y1 < 1.1*c.Box.H() {
				if number, rest, ok := wordsAbove(c.Text); ok {
					c.Text = number + p.Text + rest
					c.Box = c.Box.union(p.Box)
					pending = slices.DeleteFunc(pending, func(q *Cell) bool { return q == p })
				}
			}
		}
		var own []*Cell
		for _, c := range labels {
			if p := sameColumn(pending, c); p != nil && !outlineStart.MatchString(c.Text) && c.Box.Y0-p.Box.Y1 < 1.1*c.Box.H() {
				p.Text += " " + c.Text
				p.Box = p.Box.union(c.Box)
				continue
			}
			own = append(own, c)
		}
		k := len(pending)
		for k > 0 && sameColumn(own, pending[k-1]) == nil && sameColumn(pending[k:], pending[k-1]) == nil &&
			(drifts || !slices.ContainsFunc(own, func(c *Cell) bool { return overlapX(c.Box, pending[k-1].Box) })) {
			k--
		}
		// rows of their own, but for the rest of an item's label
		var rows []*Cell
		for _, p := range pending[:k] {
			if item := itemAbove(above, own, p); item != nil {
				item.Text += " " + p.Text
				item.Box = item.Box.union(p.Box)
				continue
			}
			rows = append(rows, p)
		}
		pending = append(rows, pending[k:]...)
		flush(len(pending) - len(rows))
		labels = append(pending, own...)
		sort.SliceStable(labels, func(i, j int) bool { return labels[i].Box.X0 < labels[j].Box.X0 })
		pending = nil
		return labels
	}
	valuesSeen := false
	for i, l := range lines {
		if len(l.chunks) == 1 && pageFooter.MatchString(l.chunks[0].text) {
			continue
		}
		var labels []*Cell
		values := make([]*Cell, len(cols))
		inValues := false
		vals := min(l.trailing(), len(cols)) // more numbers than columns: the first are labels
		if !l.hasValues() {
			vals = 0
		}
		valuesSeen = valuesSeen || vals > 0
		labelChunks := l.chunks[:len(l.chunks)-vals]
		pastLabels := 0 // chunks reaching past every row's label
		for _, c := range labelChunks {
			if !math.IsInf(labelEnd, -1) && c.box.X1 > labelEnd {
				pastLabels++
			}
		}
		// the words of an item number alone below, raised a line: a label
		// however far right the columns drifted (v178's 没有 / 2.)
		raised := drifts && vals == 0 && len(labelChunks) == 1 && raisedItemWords(lines, i)
		for _, c := range labelChunks {
			if vals == 0 && !raised && ((c.box.X0+c.box.X1)/2 > headerEdge || drifts && len(cols) == 1 && !valuesSeen && pastLabels == 1 && c.box.X1 > labelEnd) {
				// a header's text over the value columns: its middle
				// nearer them, or, above the first values of column-aligned
				// text with one value column, the one header reaching past
				// every row's label (a long header whose value stands under
				// its end: 本年收费金额（单位：万元）; two are two columns'
				// headers over a row that leaves one blank)
				j := nearestColumn(cols, (c.box.X0+c.box.X1)/2)
				inValues = true
				if values[j] == nil {
					values[j] = &Cell{Box: c.box, Text: c.text}
				} else {
					values[j].Text += " " + c.text
					values[j].Box = values[j].Box.union(c.box)
				}
				continue
			}
			labels = appendLabel(labels, c)
		}
		vs := l.chunks[len(l.chunks)-vals:]
		if ranTogether && vals > 0 && vals < len(cols) {
			if split := splitAtGlyphs(vs, glyphs); split != nil {
				vs = split
			}
		}
		if len(vs) > 0 && len(vs) < len(cols) && (ranTogether || unplaced || drifts && byOrder && slices.ContainsFunc(vs, multiDigit) || slices.ContainsFunc(vs, func(c chunk) bool { return farFromColumns(c, cols) })) {
			// values of this table run together (００), or, in text whose
			// positions drift and columns are read by order, a line short
			// of values prints a number of two digits or more: the line
			// may hide a run (１１: 11, or 1 and 1?), or a value of a line
			// short of values stands under no column: where its values
			// stand is not known; kept in order, the row short of values,
			// for the reader to skip with a warning
			values = values[:0]
			for _, c := range vs {
				values = append(values, &Cell{Box: c.box, Text: c.text})
			}
		} else {
			placeValues(values, cols, vs)
		}
		blank := vals == 0 && !inValues && l.blankCells(headerEdge)
		inValues = inValues || vals > 0 || blank
		switch {
		case !inValues && len(labels) > 0:
			if open := openLabel(last, labels); len(pending) == 0 && open != nil {
				// a label whose bracket is still open goes on below, even
				// where the narrow column's lines drift from its start:
				// 部分公开（区分 / 处理的，只计这 / 一情形，不计其 / 他情形）
				open.Text += " " + labels[0].Text
				open.Box = open.Box.union(labels[0].Box)
				continue
			}
			if len(pending) == 0 && last != nil && !numberedBelow(lines, i, labels) && !(drifts && (opensUnlabelled(lines, i, labels) || fragmentBelow(lines, i, labels))) {
				if rest := continued(last, labels, drifts); rest != nil && !opensRowBelow(lines, i, labels[0], drifts) {
					// the rest of the labels of the row above
					for k, c := range labels {
						rest[k].Text += " " + c.Text
						rest[k].Box = rest[k].Box.union(c.Box)
					}
					continue
				}
			}
			for _, c := range labels {
				p := sameColumn(pending, c)
				if p == nil && len(pending) > 0 && !numbersBelow(lines, i, c) && !numberedBelow(lines, i, []*Cell{c}) {
					// the rest of the label of the row above, below another
					// column's label that waits for the row below (a
					// group label wrapped round both)
					p = sameColumn(above, c)
				}
				if p != nil && !outlineStart.MatchString(c.Text) {
					p.Text += " " + c.Text
					p.Box = p.Box.union(c.Box)
					continue
				}
				pending = append(pending, c)
			}
			last = nil
		case vals == 0 && !blank && header != nil && len(pending) == 0 && len(l.chunks) >= 2:
			// a header printed over two lines (本年新 / 制作数量): one row
			for j, v := range values {
				if v != nil { // the header row's cells were all emitted, blank or not
					header.values[j].Text += v.Text
					header.values[j].Box = header.values[j].Box.union(v.Box)
				}
			}
			for i, c := range labels {
				if i < len(header.labels) {
					header.labels[i].Text += c.Text
					continue
				}
				c.Row, c.Col, c.RowSpan, c.ColSpan = header.row, i, 1, 1
				header.labels = append(header.labels, c)
				t.Cells = append(t.Cells, c)
			}
			continue
		default:
			labels = attach(labels)
			if l.labelRest != "" && len(labels) > 0 {
				labels[len(labels)-1].Text += l.labelRest
			}
			emit(labels, values, l.Box)
		}
		header = nil
		if vals == 0 && !blank && inValues && len(l.chunks) >= 2 {
			header = &headerRow{row - 1, last, t.Cells[len(t.Cells)-len(cols):]}
		}
	}
	flush(0)
	if len(t.Cells) == 0 {
		return nil
	}
	t.Rows = row
	t.Cols = valueCol + len(cols)
	t.Box = t.Cells[0].Box
	for _, c := range t.Cells {
		c.Text = strings.TrimSpace(c.Text)
		t.Box = t.Box.union(c.Box)
	}
	sort.SliceStable(t.Cells, func(i, j int) bool {
		a, b := t.Cells[i], t.Cells[j]
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Col < b.Col
	})
	return t
}

// glyphColumns returns, for each of n value columns, where its values of
// one glyph stand on the lines that print all n: the character columns
// each value column's glyph takes in a table whose values run together.
func glyphColumns(lines []streamLine, n int) []map[[2]float64]bool {
	out := make([]map[[2]float64]bool, n)
	for j := range out {
		out[j] = map[[2]float64]bool{}
	}
	for _, l := range lines {
		if !l.hasValues() || l.trailing() != n {
			continue
		}
		for j, c := range l.chunks[len(l.chunks)-n:] {
			if len(c.pieces) == 1 {
				out[j][[2]float64{c.box.X0, c.box.X1}] = true
			}
		}
	}
	return out
}

// splitAtGlyphs splits the runs of digits among a line's values that stand
// glyph for glyph where the one-glyph values of as many columns in a row
// stand on full lines (１０ under the ０ and ０ of ００, read as two values
// there), and returns the values when that makes them one a column; nil
// otherwise. Where a run stands says it is values run together, not one
// number; anything less leaves it whole, as does a value of one glyph
// that stands where its column's do not (the line's columns drifted).
func splitAtGlyphs(vals []chunk, glyphs []map[[2]float64]bool) []chunk {
	var out []chunk
	for _, c := range vals {
		j := len(out)
		split := len(c.pieces) >= 2 && j+len(c.pieces) <= len(glyphs) && allDigits([]rune(c.text))
		for k, p := range c.pieces {
			split = split && glyphs[j+k][[2]float64{p.Box.X0, p.Box.X1}]
		}
		if !split {
			out = append(out, c)
			continue
		}
		for _, p := range c.pieces {
			out = append(out, chunk{text: p.S, box: p.Box, pieces: []Text{p}, numeric: true, ranTogether: true})
		}
	}
	if len(out) != len(glyphs) {
		return nil
	}
	for j, c := range out {
		if len(c.pieces) == 1 && !glyphs[j][[2]float64{c.box.X0, c.box.X1}] {
			return nil // a value of one glyph where its column's do not stand
		}
	}
	return out
}

// liftItemNumbers puts back into its label a row's item number that an
// extractor of column-aligned text printed among the row's values (要求 0
// 5. 0 0 0 0 0 0: item 5's label, its first value, the item number, the
// other six). Only where it is unambiguous: the line's numbers, the item
// number aside, fill the n value columns exactly, so each value keeps its
// order and none is taken for another. The item number joins the start of
// the line's first label, keeping that label's place.
//
// pdftotext also runs a first value into the item number printed after it
// (补正 13. 无 … 1: the value 1, then item 3 of 3.补正后申请内容仍不明确,
// v178): a word of two digits and a dot right before the numbers, which
// fall one short of the n columns, whose last digit numbers the item after
// the last one above is its first value and that item's number.
func liftItemNumbers(lines []streamLine, n int) []streamLine {
	out := make([]streamLine, len(lines))
	lastItem := 0 // the last item number that starts a label above
	for i, l := range lines {
		out[i] = l
		seen := lastItem
		for _, c := range l.chunks {
			if m := itemNumber.FindStringSubmatch(c.text); m != nil && !c.numeric {
				lastItem, _ = strconv.Atoi(m[1])
			}
		}
		t := l.trailing()
		if !l.hasValues() || t >= n {
			continue
		}
		item := len(l.chunks) - t - 1 // the chunk just before the trailing numbers
		if item >= 1 && t+1 == n {
			if value, number, ok := valueThenItem(l.chunks[item], seen+1); ok {
				chunks := slices.Insert(slices.Delete(slices.Clone(l.chunks), item, item+1), item, value)
				chunks[0].text = number.text + chunks[0].text
				out[i].chunks = chunks
				lastItem, _ = strconv.Atoi(number.pieces[0].S)
				continue
			}
		}
		before := 0 // numbers right before it
		for k := item - 1; k >= 0 && l.chunks[k].numeric; k-- {
			before++
		}
		if item < 1 || !bareNumber.MatchString(l.chunks[item].text) || before+t != n || item-before < 1 {
			continue
		}
		// the item number starts the line's label, where it stood
		chunks := slices.Delete(slices.Clone(l.chunks), item, item+1)
		chunks[0].text = l.chunks[item].text + chunks[0].text
		out[i].chunks = chunks
	}
	return out
}

// splitRunInValues cuts off a row's first value that an extractor of
// column-aligned text ran into the end of the row's label, no space
// between (总（七） 计13  0   1 … 17: （七）总计 and 13, v103's Word Chromium
// PDF): digits ending a label word, right after a Chinese character, where
// the line's numbers fall one short of the n value columns. No label of
// the templates ends in a figure; with the digits the line fills the
// columns exactly, so each value keeps its order.
func splitRunInValues(lines []streamLine, n int) []streamLine {
	out := make([]streamLine, len(lines))
	for i, l := range lines {
		out[i] = l
		t := l.trailing()
		if !l.hasValues() || t+1 != n || len(l.chunks) < t+1 {
			continue
		}
		k := len(l.chunks) - t - 1
		c := l.chunks[k]
		cut := len(c.pieces)
		for cut > 0 && allDigits([]rune(c.pieces[cut-1].S)) {
			cut--
		}
		if cut == 0 || cut == len(c.pieces) || !unicode.Is(unicode.Han, []rune(c.pieces[cut-1].S)[0]) {
			continue
		}
		value := runChunk(c.pieces[cut:])
		label := runChunk(c.pieces[:cut])
		label.text = strings.TrimSuffix(c.text, value.text) // with the label's spaces
		if value.numeric = isNumber(value.text); !value.numeric {
			continue
		}
		chunks := slices.Clone(l.chunks)
		out[i].chunks = slices.Insert(slices.Delete(chunks, k, k+1), k, label, value)
	}
	return out
}

// liftLabelRests puts back into a row's label the last character of a
// group label wrapped round the row that an extractor of column-aligned
// text printed among the row's values, run into the value after it (其他处
// / （六）  2  理0   0 … 2: 其他处理's 理 before the second value, v172's
// and v151's borderless Word PDFs). Only where it is unambiguous: one or
// two Chinese characters and a number, numbers on both sides, and with the
// characters taken out the line's numbers fill the n value columns
// exactly. The characters end the row's label, once its lines are joined.
func liftLabelRests(lines []streamLine, n int) []streamLine {
	out := make([]streamLine, len(lines))
	for i, l := range lines {
		out[i] = l
		t := l.trailing()
		if !l.hasValues() || t >= n {
			continue
		}
		k := len(l.chunks) - t - 1 // the chunk just before the trailing numbers
		before := 0                // numbers right before it
		for j := k - 1; j >= 0 && l.chunks[j].numeric; j-- {
			before++
		}
		if k < 1 || before == 0 || before+1+t != n || k-before < 1 {
			continue
		}
		c := l.chunks[k]
		cut := 0
		for cut < len(c.pieces) && cut < 2 && unicode.Is(unicode.Han, []rune(c.pieces[cut].S)[0]) && c.pieces[cut].S != "无" {
			cut++
		}
		if cut == 0 || cut == len(c.pieces) {
			continue
		}
		value := runChunk(c.pieces[cut:])
		if value.numeric = isNumber(value.text); !value.numeric {
			continue
		}
		chunks := slices.Clone(l.chunks)
		chunks[k] = value
		out[i].chunks = chunks
		out[i].labelRest = strings.TrimSuffix(c.text, value.text)
	}
	return out
}

// itemAbove returns the label of the row above that label, a label of
// lines alone standing in the column of a row's own label, continues: that
// row's label starts with item number m, the row's own with m+1, and label
// starts with none and overlaps the one above. Words between two items of
// a numbered list are the first's, however far their column drifted
// (2.其他 / 法律行 / 政止公 / 开 / 3.危及: v151's and v172's borderless
// Word PDFs); nil otherwise.
func itemAbove(above, own []*Cell, label *Cell) *Cell {
	if outlineStart.MatchString(label.Text) {
		return nil
	}
	next := sameColumn(own, label)
	if next == nil {
		return nil
	}
	m := itemNumber.FindStringSubmatch(next.Text)
	if m == nil {
		return nil
	}
	n, _ := strconv.Atoi(m[1])
	for _, a := range above {
		if am := itemNumber.FindStringSubmatch(a.Text); am != nil && am[1] == strconv.Itoa(n-1) && overlapX(a.Box, label.Box) {
			return a
		}
	}
	return nil
}

// itemNumber matches a label that starts with an item number (2.没有).
var itemNumber = regexp.MustCompile(`^(\d{1,2})\s*[.．]`)

// valueThenItem splits c, a word of one digit, a second digit and a dot
// (13.), into the value it starts with and the item number (3.), when that
// number is next or the value is 0; ok is false otherwise.
func valueThenItem(c chunk, next int) (value, number chunk, ok bool) {
	if len(c.pieces) != 3 || !bareNumber.MatchString(c.text) {
		return chunk{}, chunk{}, false
	}
	// a number never starts with 0: 02. is 0 and item 2 wherever the items
	// above were left on another page (v364's borderless Word text, 没有 02.
	// at the top of one)
	zero := c.pieces[0].S == "0" || c.pieces[0].S == "０"
	if !zero && (next > 9 || c.pieces[1].S != strconv.Itoa(next)) {
		return chunk{}, chunk{}, false
	}
	value = chunk{text: c.pieces[0].S, box: c.pieces[0].Box, pieces: c.pieces[:1]}
	value.numeric = isNumber(value.text)
	number = chunk{text: c.pieces[1].S + c.pieces[2].S, box: c.pieces[1].Box.union(c.pieces[2].Box), pieces: c.pieces[1:]}
	return value, number, value.numeric
}

// dashesBefore matches em dashes run into the number after them (—4, ——1).
var dashesBefore = regexp.MustCompile(`^—+[0-9０-９]+$`)

// splitDashesBefore cuts the em dashes off the numbers an extractor of
// column-aligned text ran them into (v378's Chromium text: 4 —— — — —4,
// 2.重复申请 — 1—— ——1), or a PDF set a hair's breadth before them
// (reportlab's redraw of v318: 12 — — — — —12), in a table that prints —
// alone for 0: each dash is a value, and the number after them another. A
// dash before a number may be a minus, so only where the line's values,
// each dash counted, fill the n value columns exactly.
func splitDashesBefore(lines []streamLine, n int) []streamLine {
	zeroAsDash := slices.ContainsFunc(lines, func(l streamLine) bool {
		return l.hasValues() && slices.ContainsFunc(l.chunks[len(l.chunks)-l.trailing():], func(c chunk) bool { return c.text == "—" })
	})
	if !zeroAsDash {
		return lines
	}
	out := make([]streamLine, len(lines))
	for i, l := range lines {
		out[i] = l
		values, runs, k := 0, 0, len(l.chunks)
		for k > 0 {
			c := l.chunks[k-1]
			if dashesBefore.MatchString(c.text) && len(c.pieces) == utf8.RuneCountInString(c.text) {
				values += 1 + strings.Count(c.text, "—")
				runs++
			} else if c.numeric {
				values++
			} else {
				break
			}
			k--
		}
		if runs == 0 || values != n || k == 0 {
			continue
		}
		chunks := slices.Clone(l.chunks[:k])
		for _, c := range l.chunks[k:] {
			if !dashesBefore.MatchString(c.text) {
				chunks = append(chunks, c)
				continue
			}
			dashes := strings.Count(c.text, "—")
			for _, p := range c.pieces[:dashes] {
				chunks = append(chunks, chunk{text: p.S, box: p.Box, pieces: []Text{p}, numeric: true, ranTogether: true})
			}
			number := runChunk(c.pieces[dashes:])
			number.numeric, number.ranTogether = true, true
			chunks = append(chunks, number)
		}
		out[i].chunks = chunks
	}
	return out
}

// joinSplitRows joins a row that an extractor of column-aligned text
// printed over two lines: a line with the first values and the line right
// below it with the rest, every value of the first left of the second's
// (总 12 / （七） 计 3 0 0 0 0 15; 其他处理 3 / （六） 无 无 1 无 无 4,
// the first value a space from its label). Apart, neither fills the n
// value columns; together they fill them exactly.
func joinSplitRows(lines []streamLine, n int) []streamLine {
	out := make([]streamLine, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		a := lines[i]
		if i+1 < len(lines) && (a.hasValues() || a.labelThenNumber()) && lines[i+1].hasValues() {
			b := lines[i+1]
			ka, kb := min(a.trailing(), n), min(b.trailing(), n)
			la, lb := len(a.chunks)-ka, len(b.chunks)-kb
			if ka+kb == n && b.Box.Y0 < a.Box.Y1+0.5*a.Box.H() && a.chunks[len(a.chunks)-1].box.X1 < b.chunks[lb].box.X0 {
				joined := streamLine{Line: a.Line}
				joined.Text = a.Text + " " + b.Text
				joined.Box = a.Box.union(b.Box)
				joined.Pieces = append(append([]Text(nil), a.Pieces...), b.Pieces...)
				joined.chunks = append(append(append(append([]chunk(nil), a.chunks[:la]...), b.chunks[:lb]...), a.chunks[la:]...), b.chunks[lb:]...)
				out = append(out, joined)
				i++
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// continued returns, for each of a line's labels, the label of the row
// above that it continues (starting where it starts, or centred under it;
// in column-aligned text, where drifts, also lying within it), or nil
// unless each continues one: the rest of a group label and of an item
// label side by side. A label that starts with an outline number continues
// none.
func continued(row, labels []*Cell, drifts bool) []*Cell {
	out := make([]*Cell, len(labels))
	for k, c := range labels {
		if outlineStart.MatchString(c.Text) {
			return nil
		}
		out[k] = sameColumn(row, c)
		if out[k] == nil && drifts {
			out[k] = spanning(row, c)
		}
		if out[k] == nil {
			return nil
		}
	}
	return out
}

// spanning returns the last of cells whose extent holds c's: a label of
// two columns' words run together (不予处 信访举, a group label and an item
// label a few spaces apart), whose rest may go on under either of them.
func spanning(cells []*Cell, c *Cell) *Cell {
	for i := len(cells) - 1; i >= 0; i-- {
		if b := cells[i].Box; b.X0 <= c.Box.X0 && c.Box.X1 <= b.X1 {
			return cells[i]
		}
	}
	return nil
}

// openLabel returns the last label of the row above when its bracket is
// still open (（区分 without its ）) and a line's one label, no outline
// number, stands across its column: the rest of it; nil otherwise.
func openLabel(row, labels []*Cell) *Cell {
	if len(row) == 0 || len(labels) != 1 || outlineStart.MatchString(labels[0].Text) {
		return nil
	}
	open := row[len(row)-1]
	if !overlapX(open.Box, labels[0].Box) || strings.Count(open.Text, "（")+strings.Count(open.Text, "(") <= strings.Count(open.Text, "）")+strings.Count(open.Text, ")") {
		return nil
	}
	return open
}

// opensRowBelow reports whether label, on lines[i] of labels alone, is the
// first line of a label centred on the numbers just below it rather than
// the rest of the label above: the next line prints numbers and nothing in
// label's column or across it (a label spanning two label columns), and
// stands nearer than the line above — on a page, the line above that
// prints in label's column (a group label's last line beside it, 果 of
// 办理结果, is another column's); plain text's columns drift too much to
// tell.
func opensRowBelow(lines []streamLine, i int, label *Cell, drifts bool) bool {
	if i == 0 || !numbersBelow(lines, i, label) {
		return false
	}
	above := i - 1
	for j := i - 1; j >= 0 && !drifts; j-- {
		if slices.ContainsFunc(lines[j].chunks, func(c chunk) bool { return overlapX(c.box, label.Box) }) {
			above = j
			break
		}
	}
	return lines[i+1].Box.Y0-lines[i].Box.Y1 < lines[i].Box.Y0-lines[above].Box.Y1
}

// unlabelledReach is how many lines below a line of labels opensUnlabelled
// looks for the values they may belong to.
const unlabelledReach = 3

// opensUnlabelled reports whether labels, on lines[i] of labels alone,
// begin the label of a line of values just below that prints no label at
// all, rather than go on with the row above: column-aligned text puts a
// row's values in the middle of its label wrapped over several lines
// (部分公开（区分 / 度办 / １ 0 0 … / 处理的，只计这 …). Only lines of
// other columns' labels may stand between, and the values no farther
// below than the line above stands.
func opensUnlabelled(lines []streamLine, i int, labels []*Cell) bool {
	if i == 0 {
		return false
	}
	for j := i + 1; j < len(lines) && j <= i+unlabelledReach; j++ {
		l := lines[j]
		if l.hasValues() {
			return l.trailing() == len(l.chunks) && l.Box.Y0-lines[j-1].Box.Y1 <= lines[i].Box.Y0-lines[i-1].Box.Y1
		}
		for _, c := range l.chunks {
			if slices.ContainsFunc(labels, func(lb *Cell) bool { return overlapX(c.box, lb.Box) }) {
				return false
			}
		}
	}
	return false
}

// fragmentBelow reports whether the line after lines[i], a line of labels
// alone, prints numbers and, as its row's last label, in the column of one
// of labels, a piece of a label that starts none, after its outline number
// if any (isFragment): one character (作 of 没有现成信息需要另行制 / 作, v099;
// 计 of 总 / （七） 计, v157), or text closing a bracket it does not open
// (部分公开（区分处理的，只计这一情 / 形，不计其他情形）, v168). That
// row's label begins above it, so labels are its first line, not the rest
// of the row above: pdftotext prints a row's numbers on the last line of
// its wrapped label as often as on the first.
func fragmentBelow(lines []streamLine, i int, labels []*Cell) bool {
	if i+1 >= len(lines) || !lines[i+1].hasValues() {
		return false
	}
	next := lines[i+1]
	k := len(next.chunks) - next.trailing() - 1
	if k < 0 {
		return false
	}
	var own []*Cell
	for _, c := range next.chunks[:k+1] {
		own = appendLabel(own, c)
	}
	c := own[len(own)-1]
	number := outlineStart.FindString(c.Text)
	if rest := strings.TrimSpace(c.Text[len(number):]); !isFragment(rest) {
		return false
	}
	return slices.ContainsFunc(labels, func(l *Cell) bool { return overlapX(l.Box, c.Box) || continuesLabel(l.Box, c.Box) })
}

// isFragment reports whether s is a piece of a label that starts none: one
// Chinese character (无 is a value), or text closing a bracket it does not
// open.
func isFragment(s string) bool {
	if rs := []rune(s); len(rs) == 1 {
		return unicode.Is(unicode.Han, rs[0]) && s != "无"
	}
	return strings.Count(s, "）")+strings.Count(s, ")") > strings.Count(s, "（")+strings.Count(s, "(")
}

// wordsAbove splits a label that waits for its words on the line above: an
// item or group number alone (2., （六）), or an outline number and a piece
// of a label (（七） 计); ok is false for any other.
func wordsAbove(label string) (number, rest string, ok bool) {
	if bareNumber.MatchString(label) || bareGroup.MatchString(label) {
		return label, "", true
	}
	number = outlineStart.FindString(label)
	rest = strings.TrimSpace(label[len(number):])
	return number, rest, number != "" && isFragment(rest)
}

// numberedBelow reports whether the line after lines[i] prints numbers and,
// in the column of one of labels, an item number alone: the words of that
// item's label, raised a line by the extractor, are on lines[i].
func numberedBelow(lines []streamLine, i int, labels []*Cell) bool {
	if i+1 >= len(lines) || !lines[i+1].hasValues() {
		return false
	}
	next := lines[i+1].chunks
	for k, c := range next { // 2. reads as a number too
		if !bareNumber.MatchString(c.text) || k+1 < len(next) && !next[k+1].numeric {
			continue // no item number, or one with its words after it (2.   申请)
		}
		for _, l := range labels {
			if continuesLabel(l.Box, c.box) {
				return true
			}
		}
	}
	return false
}

// numbersBelow reports whether the line after lines[i] prints numbers and
// nothing in label's column: label may be the first line of their row's
// label.
func numbersBelow(lines []streamLine, i int, label *Cell) bool {
	if i+1 >= len(lines) || !lines[i+1].hasValues() {
		return false
	}
	next := lines[i+1]
	for _, c := range next.chunks[:len(next.chunks)-next.trailing()] {
		if continuesLabel(label.Box, c.box) || overlapX(label.Box, c.box) {
			return false
		}
	}
	return true
}

// farFromColumns reports whether a value stands two lines' heights or
// more from every value column: under none (v349's borderless text: a
// lone — under 本年废止件数, a column no other row prints, 18 characters
// from the nearest column found).
func farFromColumns(c chunk, cols []Rect) bool {
	x := (c.box.X0 + c.box.X1) / 2
	near := cols[nearestColumn(cols, x)]
	return x < near.X0-2*c.box.H() || x > near.X1+2*c.box.H()
}

// placeValues puts a line's values into the value columns: in order when
// it prints one per column, else each in the column nearest to it, or —
// where two would share one — into the last columns, in order.
func placeValues(values []*Cell, cols []Rect, vals []chunk) {
	cell := func(c chunk) *Cell { return &Cell{Box: c.box, Text: c.text} }
	if len(vals) == len(cols) {
		for j, c := range vals {
			values[j] = cell(c)
		}
		return
	}
	for _, c := range vals {
		j := nearestColumn(cols, (c.box.X0+c.box.X1)/2)
		if values[j] != nil {
			clear(values)
			for k, c := range vals {
				values[len(cols)-len(vals)+k] = cell(c)
			}
			return
		}
		values[j] = cell(c)
	}
}

// StartsOutline reports whether s begins with an outline number (一、,
// （三）, 2.): a heading or a label of its own, not the rest of the line
// above.
func StartsOutline(s string) bool { return outlineStart.MatchString(s) }

// sameColumn returns the last of cells that stands in c's column, or nil.
func sameColumn(cells []*Cell, c *Cell) *Cell {
	for i := len(cells) - 1; i >= 0; i-- {
		if continuesLabel(cells[i].Box, c.Box) {
			return cells[i]
		}
	}
	return nil
}

// overlapX reports whether a and b share part of their horizontal extent.
func overlapX(a, b Rect) bool { return a.X0 < b.X1 && b.X0 < a.X1 }

// continuesLabel reports whether text at next can be the rest of a label
// at prev: it starts where the label starts, or is centred under it, within
// two line heights (the lower height of the two: a label of several lines
// is as tall as they are).
func continuesLabel(prev, next Rect) bool {
	size := math.Max(math.Min(prev.H(), next.H()), 1e-9)
	return math.Abs(next.X0-prev.X0) <= 2*size || math.Abs((next.X0+next.X1)/2-(prev.X0+prev.X1)/2) <= 2*size
}

// appendLabel adds a chunk of label text to a row's labels: it starts a
// label of its own where it starts with an outline number or stands well
// apart, and continues the label before it otherwise (a label broken by a
// space in column-aligned text; an item number alone, its words set a few
// spaces after it: 2.    其他).
func appendLabel(labels []*Cell, c chunk) []*Cell {
	if n := len(labels); n > 0 && !outlineStart.MatchString(c.text) {
		prev := labels[n-1]
		size := math.Max(c.box.H(), 1e-9)
		apart := 4.0
		if bareNumber.MatchString(prev.Text) {
			apart = 6
		}
		if c.box.X0-prev.Box.X1 < apart*size && !startsWide(c.text) {
			prev.Text += " " + c.text
			prev.Box = prev.Box.union(c.box)
			return labels
		}
	}
	return append(labels, &Cell{Box: c.box, Text: c.text})
}

// startsWide reports whether s starts with a full-width bracket, which in a
// label opens a part of its own: （三）.
func startsWide(s string) bool {
	return strings.HasPrefix(s, "（") && len(s) > 3 && unicode.Is(unicode.Han, []rune(s)[1])
}

// labelThenNumber reports whether a line is label words and one number
// after them, however near.
func (l streamLine) labelThenNumber() bool {
	numbers := 0
	for _, c := range l.chunks {
		if c.numeric {
			numbers++
		}
	}
	return len(l.chunks) >= 2 && numbers == 1 && l.trailing() == 1
}

// trailing returns how many chunks at the end of a line are numbers.
func (l streamLine) trailing() int {
	n := 0
	for i := len(l.chunks) - 1; i >= 0 && l.chunks[i].numeric; i-- {
		n++
	}
	return n
}

// valueColumns finds the value columns of a region. Their number is the
// commonest count of values its lines end in; their extents are the
// medians of the values of the lines that print that many, unless where
// the numbers stand marks more columns (overlapColumns). Positions in
// column-aligned text drift where Chinese characters are counted as one
// column each, so a full line is read by order, and only a line with
// blanks needs the extents; byOrder says the columns were found so, from
// lines that print a value in each, not from a header's cells; unplaced,
// that a line short of values cannot be placed by where they stand
// (headerCellColumns).
func valueColumns(lines []streamLine, drifts bool) (cols []Rect, byOrder, unplaced bool) {
	counts := map[int]int{}
	for _, l := range lines {
		if l.hasValues() {
			counts[l.trailing()]++
		}
	}
	n, best := 0, 0
	for k, c := range counts {
		if c > best || (c == best && k > n) {
			n, best = k, c
		}
	}
	if n == 0 {
		return nil, false, false
	}
	if !drifts {
		if cols := overlapColumns(lines, n); cols != nil {
			return cols, false, false
		}
	} else if cols, twoWays := headerCellColumns(lines, n); cols != nil {
		return cols, false, twoWays
	}
	x0s, x1s := make([][]float64, n), make([][]float64, n)
	for _, l := range lines {
		if !l.hasValues() || l.trailing() != n {
			continue
		}
		vals := l.chunks[len(l.chunks)-n:]
		for j, c := range vals {
			x0s[j] = append(x0s[j], c.box.X0)
			x1s[j] = append(x1s[j], c.box.X1)
		}
	}
	cols = make([]Rect, n)
	for j := range cols {
		cols[j] = Rect{X0: median(x0s[j]), X1: median(x1s[j])}
	}
	return cols, true, false
}

// minHeaderCell is the fewest characters headerCellColumns takes for a
// header cell: a column header names a quantity in four or more
// (处理决定数量); shorter text is a word broken in two.
const minHeaderCell = 4

// headerCellColumns finds the value columns of a region of column-aligned
// text from its header line, where that prints more cells right of the
// labels than the commonest count of values n (a sub-table whose rows each
// leave a column blank: reading their values by order would shift them
// left). It returns the header cells' extents when each value of every
// line stands within one of them, no two of a line in the same, and nil
// otherwise. Within a small table's lines the extractor keeps a cell's
// start where the header's is; across a large one it does not, and those
// values are then read by order. Header words broken by the extractor
// (本年制 件数) tell no cells, nor do two header cells, which may be one
// header broken in two: nil.
//
// twoWays says a value at the edge of its header cell (from its first
// column, or past its last) stands under another cell when a Chinese
// character is counted as two columns, as a screen shows it, than as one,
// as the extractor counts: which cell it was printed in is not known.
// v366's LibreOffice text prints 规章 3 … 4 over 行政规范性文件 … 0: the 4
// ends a column past 现行有效件数, the 0 starts where that starts, and
// counted as a screen does both stand under 本年废止件数 — the 0 rightly,
// the 4 wrongly. A value well inside its cell is read where it stands.
func headerCellColumns(lines []streamLine, n int) (cols []Rect, twoWays bool) {
	var header *streamLine
	for i := range lines {
		if lines[i].hasValues() {
			break
		}
		if len(lines[i].chunks) >= 2 {
			header = &lines[i]
		}
	}
	if header == nil {
		return nil, false
	}
	labelEnd := labelsEnd(lines)
	var wide []Rect // the header cells, a Chinese character two columns
	for _, c := range header.chunks {
		if c.numeric || c.box.X0 <= labelEnd {
			continue
		}
		if utf8.RuneCountInString(c.text) < minHeaderCell {
			return nil, false // a header word the extractor broke (本年制 件数): its cells are not told
		}
		cols = append(cols, Rect{X0: c.box.X0, X1: c.box.X1})
		wide = append(wide, Rect{X0: wideX(header.Line, c.box.X0), X1: wideX(header.Line, c.box.X1)})
	}
	if len(cols) <= n || len(cols) < 3 {
		return nil, false // two cells may be one header the extractor broke (本年处理 决定数量)
	}
	if !eachInOwnColumn(lines, cols, 1) {
		return nil, false
	}
	for _, l := range lines {
		if !l.hasValues() {
			continue
		}
		for _, c := range l.chunks[len(l.chunks)-l.trailing():] {
			j := nearestColumn(cols, (c.box.X0+c.box.X1)/2)
			edge := c.box.X0 <= cols[j].X0 || c.box.X1 > cols[j].X1
			if edge && j != nearestColumn(wide, (wideX(l.Line, c.box.X0)+wideX(l.Line, c.box.X1))/2) {
				return cols, true
			}
		}
	}
	return cols, false
}

// wideX is where column x of a line of column-aligned text stands when
// each Chinese character (or full-width letter) before it takes two
// columns.
func wideX(l Line, x float64) float64 {
	for _, p := range l.Pieces {
		if p.Box.X0 < x && isWideText(p.S) {
			x++
		}
	}
	return x
}

// eachInOwnColumn reports whether each value of every line with values
// stands in a column of its own: the one nearest to its middle, whose
// extent it keeps to within slack (+Inf: wherever it stands).
func eachInOwnColumn(lines []streamLine, cols []Rect, slack float64) bool {
	for _, l := range lines {
		if !l.hasValues() {
			continue
		}
		seen := map[int]bool{}
		for _, c := range l.chunks[len(l.chunks)-l.trailing():] {
			j := nearestColumn(cols, (c.box.X0+c.box.X1)/2)
			if seen[j] || c.box.X0 < cols[j].X0-slack || c.box.X1 > cols[j].X1+slack {
				return false
			}
			seen[j] = true
		}
	}
	return true
}

// overlapColumns finds the value columns of a region where its numbers
// keep to their columns' extents, as on a page: each column is a run of
// numbers whose extents overlap one another, whichever way they are
// aligned in their cells, so a column is found even where most of its rows
// are blank. It returns nil where that does not hold — fewer columns than
// a full line prints, or two numbers of one line in one column — and the
// columns are then read by order.
func overlapColumns(lines []streamLine, n int) []Rect {
	var boxes []Rect
	for _, l := range lines {
		if l.hasValues() {
			for _, c := range l.chunks[len(l.chunks)-l.trailing():] {
				boxes = append(boxes, c.box)
			}
		}
	}
	cols := overlapRuns(boxes)
	if len(cols) < n {
		return nil
	}
	splitHeaders(lines, cols)
	if extra := headerColumns(lines, cols); len(extra) > 0 {
		cols = overlapRuns(append(cols, extra...))
	}
	if !eachInOwnColumn(lines, cols, math.Inf(1)) {
		return nil
	}
	return cols
}

// overlapRuns merges boxes whose horizontal extents overlap into runs,
// left to right.
func overlapRuns(boxes []Rect) []Rect {
	sort.Slice(boxes, func(i, j int) bool { return boxes[i].X0 < boxes[j].X0 })
	var runs []Rect
	for _, b := range boxes {
		if k := len(runs) - 1; k >= 0 && b.X0 < runs[k].X1 {
			runs[k].X1 = math.Max(runs[k].X1, b.X1)
			continue
		}
		runs = append(runs, Rect{X0: b.X0, X1: b.X1})
	}
	return runs
}

// headerColumns returns the columns that only a header marks: header text
// right of the rows' labels, on a line of several cells above the first
// numbers, over no column of numbers (a column blank in every row). Header
// text over a column of numbers marks nothing new.
func headerColumns(lines []streamLine, cols []Rect) []Rect {
	labelEnd := labelsEnd(lines)
	var extra []Rect
	inHeader := false
	for _, l := range lines {
		if l.hasValues() {
			break
		}
		if len(l.chunks) < 2 && !inHeader {
			continue // a title over the table (第二十条), not a row of headers
		}
		inHeader = true // below a row of headers, one header alone on its line counts (总计)
		for _, c := range l.chunks {
			if c.box.X0 > labelEnd && len(columnsOver(c.box, cols)) == 0 {
				extra = append(extra, c.box)
			}
		}
	}
	// a group's header over the headers of two or more blank columns
	// (复议后起诉 over 结果维持, 结果纠正…) marks none of its own
	var out []Rect
	for i, e := range extra {
		under := 0
		for j, o := range extra {
			if j != i && o.X0 >= e.X0-0.5 && o.X1 <= e.X1+0.5 && o.W() < e.W() {
				under++
			}
		}
		if under < 2 {
			out = append(out, e)
		}
	}
	return out
}

// labelsEnd is the right edge of the labels of a region's lines with
// values, or -Inf where none prints a label.
func labelsEnd(lines []streamLine) float64 {
	end := math.Inf(-1)
	for _, l := range lines {
		if n := l.trailing(); l.hasValues() && len(l.chunks) > n {
			end = math.Max(end, l.chunks[len(l.chunks)-n-1].box.X1)
		}
	}
	return end
}

// splitHeaders cuts header text that runs over two or more columns of
// numbers with no word gap (上一年项目数量本年增/减 处理决定数量: cells of a
// borderless table set edge to edge) into parts each centred over one
// column, or over none: a part over none is then the header of a column
// blank in every row (headerColumns), not more words of the first. Only
// the header line right above the numbers is cut: a line above it may
// hold group headers that span columns (未经复议直接起诉).
func splitHeaders(lines []streamLine, cols []Rect) {
	labelEnd := labelsEnd(lines)
	var header []int
	for i, l := range lines {
		if l.hasValues() {
			break
		}
		if len(l.chunks) >= 2 {
			header = append(header, i)
		}
	}
	cuts := map[string][]int{} // a header's text: the glyphs of each part it was cut into
	for _, i := range header {
		var out []chunk
		for _, c := range lines[i].chunks {
			if c.numeric || c.box.X0 <= labelEnd || len(columnsOver(c.box, cols)) < 2 {
				out = append(out, c)
				continue
			}
			parts := splitHeader(c, cols)
			if len(parts) < 2 {
				out = append(out, c)
				continue
			}
			out = append(out, parts...)
			if cuts[c.text] == nil {
				for _, p := range parts {
					cuts[c.text] = append(cuts[c.text], len(p.pieces))
				}
			}
		}
		lines[i].chunks = out
	}
	// the same header over columns blank in most rows (another group's
	// 结果维持 结果纠正… of table 四) is cut as where numbers marked it,
	// where each part stands as a header there
	for _, i := range header {
		var out []chunk
		for _, c := range lines[i].chunks {
			cut := cuts[c.text]
			if len(cut) == 0 || c.box.X0 <= labelEnd || len(c.pieces) != sum(cut) {
				out = append(out, c)
				continue
			}
			var parts []chunk
			k := 0
			for _, n := range cut {
				parts = append(parts, piecesChunk(c.pieces[k:k+n]))
				k += n
			}
			if !slices.ContainsFunc(parts, func(p chunk) bool { return !wholeHeader(p.box, cols) }) {
				out = append(out, parts...)
				continue
			}
			out = append(out, c)
		}
		lines[i].chunks = out
	}
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

// wholeHeader reports whether header text at b is one column's header:
// centred over the one column it stands over, or over none.
func wholeHeader(b Rect, cols []Rect) bool {
	over := columnsOver(b, cols)
	return len(over) == 0 || len(over) == 1 && math.Abs((b.X0+b.X1)/2-(over[0].X0+over[0].X1)/2) <= 0.1*math.Max(b.H(), 1e-9)
}

// maxHeaderGlyphs bounds the header text splitHeader tries to cut: a
// header cell is a few words, and the work grows with the cube.
const maxHeaderGlyphs = 64

// splitHeader cuts a header chunk into parts of three or more glyphs, or
// else all of two, each centred over the one column it stands over or
// standing over none, or returns nil where it cannot. Longer parts are
// tried first: a header over a column blank in every row stands over none
// whole (本年废止件数), and so would its halves.
func splitHeader(c chunk, cols []Rect) []chunk {
	whole := func(b Rect) bool { return wholeHeader(b, cols) }
	if whole(c.box) {
		return []chunk{c}
	}
	n := len(c.pieces)
	if n > maxHeaderGlyphs {
		return nil
	}
	// from returns the parts of the pieces from i on, remembering where
	// that failed
	failed := make([]bool, n)
	var from func(i int) []chunk
	from = func(i int) []chunk {
		if rest := piecesChunk(c.pieces[i:]); n-i >= 3 && whole(rest.box) {
			return []chunk{rest}
		}
		if failed[i] {
			return nil
		}
		for k := n - 3; k >= i+3; k-- {
			if left := piecesChunk(c.pieces[i:k]); whole(left.box) {
				if rest := from(k); rest != nil {
					return append([]chunk{left}, rest...)
				}
			}
		}
		failed[i] = true
		return nil
	}
	if parts := from(0); parts != nil {
		return parts
	}
	// headers of narrow columns, wrapped two glyphs a line and set edge to
	// edge (table 四's 结果 / 维持): every part two glyphs
	if n%2 != 0 {
		return nil
	}
	var parts []chunk
	for i := 0; i < n; i += 2 {
		part := piecesChunk(c.pieces[i : i+2])
		if !whole(part.box) {
			return nil
		}
		parts = append(parts, part)
	}
	return parts
}

// runChunk is the chunk of pieces run together: their letters with no
// space, whatever stands between them.
func runChunk(ps []Text) chunk {
	c := chunk{box: ps[0].Box, pieces: ps}
	for _, p := range ps {
		c.text += p.S
		c.box = c.box.union(p.Box)
	}
	return c
}

// piecesChunk is the chunk of a run of pieces, a space where they stand a
// word apart.
func piecesChunk(ps []Text) chunk {
	c := chunk{box: ps[0].Box, pieces: ps}
	var b strings.Builder
	for i, p := range ps {
		if i > 0 && p.Box.X0-ps[i-1].Box.X1 > 0.25*math.Max(p.Size, 1e-9) {
			b.WriteByte(' ')
		}
		b.WriteString(p.S)
		c.box = c.box.union(p.Box)
	}
	c.text = b.String()
	return c
}

// columnsOver returns the columns whose extents b overlaps.
func columnsOver(b Rect, cols []Rect) []Rect {
	var out []Rect
	for _, col := range cols {
		if b.X0 < col.X1 && b.X1 > col.X0 {
			out = append(out, col)
		}
	}
	return out
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// nearestColumn returns the column whose extent holds x, or the nearest.
func nearestColumn(cols []Rect, x float64) int {
	best, dist := 0, math.Inf(1)
	for j, c := range cols {
		d := 0.0
		switch {
		case x < c.X0:
			d = c.X0 - x
		case x > c.X1:
			d = x - c.X1
		}
		if d < dist {
			best, dist = j, d
		}
	}
	return best
}
