// Package pdf reads a PDF report into a layout.Document: lines of text and
// tables rebuilt from the cell rectangles and rulings the producer drew.
//
// The file structure (objects, xref, stream filters, the content-stream
// tokenizer) comes from github.com/ledongthuc/pdf; the page interpreter is
// this package's own, because that library's text layer mis-decodes
// vertical (Identity-V) fonts, ignores CID widths and drawn lines, does not
// transform rectangles by the CTM and re-parses ToUnicode maps on every font
// switch.
//
// Every At carries the 1-based page and a box [x0 y0 x1 y1] in points, with
// x as in PDF user space and y measured down from the top of the page's
// MediaBox (top-left origin), so boxes read like the page does.
//
// In tables, a cell spanning several rows is listed on the row it starts
// and again, with Carried set and the same text, on each later row it
// spans. A table that runs onto the next page is joined into one table
// (with a warning); a spanning cell cut by the page break is carried onto
// the rows of the next page.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
	"github.com/gongkai/gongkai/parse/ocr"
	lpdf "github.com/ledongthuc/pdf"
)

// maxPages bounds the work on a corrupt page count.
const maxPages = 2000

// TimeLimit bounds the time one document may take: a content stream that
// inflates to millions of operators would otherwise hold a run for
// minutes. Real reports take milliseconds. The pages read by then are kept.
var TimeLimit = 30 * time.Second

var errTimeLimit = errors.New("time limit reached")

// Read parses a PDF document. A page that fails to parse costs that page
// and a warning; a file whose structure cannot be read is an error.
func Read(data []byte) (doc *layout.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, recovered(r)
		}
	}()
	r, err := lpdf.NewReaderEncrypted(bytes.NewReader(data), int64(len(data)), nil)
	if err != nil {
		if errors.Is(err, lpdf.ErrInvalidPassword) {
			return nil, errors.New("pdf: encrypted file needs a password")
		}
		if bytes.Contains(data, []byte("/Encrypt")) {
			return nil, fmt.Errorf("pdf: encrypted file not supported: %w", err)
		}
		return nil, fmt.Errorf("pdf: %w", err)
	}
	deadline := time.Now().Add(TimeLimit)
	r.SetDeadline(deadline) // object parsing and decoding stop there too
	doc = &layout.Document{Title: infoText(r.Trailer().Key("Info").Key("Title"))}
	pageVals, err := pageTree(r.Trailer().Key("Root").Key("Pages"))
	if err != nil {
		return nil, err
	}
	n := len(pageVals)
	fonts := map[string]*font{}
	var pages []pageOut
	for i := 1; i <= n; i++ {
		if time.Now().After(deadline) {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("pages %d–%d not read: %v (%s)", i, n, errTimeLimit, TimeLimit))
			break
		}
		p, warns := readPage(pageVals[i-1], i, fonts, deadline)
		doc.Warnings = append(doc.Warnings, warns...)
		pages = append(pages, p)
	}
	if n == 0 {
		doc.Warnings = append(doc.Warnings, "no pages")
	}
	readScans(data, pages, doc)
	dropFurniture(pages)
	doc.Warnings = append(doc.Warnings, joinPages(pages)...)
	doc.Warnings = append(doc.Warnings, unruledWarnings(pages)...)
	assemble(doc, pages)
	markOCR(doc, pages)
	return doc, nil
}

// infoText decodes a document-information string. The library's Text
// takes UTF-16 with a byte-order mark for PDFDocEncoding, and WPS writes
// little-endian UTF-16 (mark FF FE), so the mark is checked first.
func infoText(v lpdf.Value) string {
	s := v.RawString()
	switch {
	case strings.HasPrefix(s, "\xfe\xff"):
		return layout.Clean(utf16BE(s[2:]))
	case strings.HasPrefix(s, "\xff\xfe"):
		b := []byte(s[2:])
		for i := 0; i+1 < len(b); i += 2 {
			b[i], b[i+1] = b[i+1], b[i]
		}
		return layout.Clean(utf16BE(string(b)))
	}
	return layout.Clean(v.Text())
}

// pageOut is one page's blocks before they are joined into the document.
type pageOut struct {
	num     int
	height  float64
	blocks  []pageBlock
	links   []grid.Rect // the page's link annotations, top-left space
	scanned bool        // pictures and no text: read by OCR (scan.go)
	dpi     float64     // the resolution to read it at
	scan    *ocr.Page   // what OCR read

	free      []grid.Line // the text lines in no ruled table, as grid.Stream read them
	furniture []grid.Rect // the lines dropFurniture left out
}

// pageBlock is a text line or a table on a page.
type pageBlock struct {
	line  *grid.Line
	table *grid.Table
	chain chain // the pages a table read over a page break stands on (join.go)
	side  bool  // the line stands in a sidebar beside the report (sidebar.go)
}

func (b pageBlock) top() float64 {
	if b.table != nil {
		if b.chain != nil {
			return b.table.Box.Y0 - b.chain[b.chain.pageOf(b.table.Box.Y0)].off
		}
		return b.table.Box.Y0
	}
	return b.line.Box.Y0
}

// edgeTol is how far apart, in points, two rulings or edges may be and
// still coincide.
const edgeTol = 2.0

// readPage interprets one page, recovering from a panic on a corrupt page.
// Ruled tables come from the page's rulings, unruled ones from the
// alignment of its text; the rest is lines of text.
func readPage(page lpdf.Value, num int, fonts map[string]*font, deadline time.Time) (out pageOut, warns []string) {
	out.num = num
	defer func() {
		if e := recover(); e != nil {
			out.blocks = nil
			warns = append(warns, fmt.Sprintf("page %d skipped: %v", num, e))
		}
	}()
	mb := inherited(page, "MediaBox")
	left, top, bottom, right := 0.0, 842.0, 0.0, 595.0
	if mb.Len() == 4 {
		left, right = math.Min(mb.Index(0).Float64(), mb.Index(2).Float64()), math.Max(mb.Index(0).Float64(), mb.Index(2).Float64())
		bottom, top = math.Min(mb.Index(1).Float64(), mb.Index(3).Float64()), math.Max(mb.Index(1).Float64(), mb.Index(3).Float64())
	}
	out.height = top - bottom
	in := &interp{top: top, deadline: deadline, docFonts: fonts}
	in.enterResources(inherited(page, "Resources"))
	in.run(page.Key("Contents"))
	pc := &in.out
	out.links = links(page, top)
	if rot := rotation(inherited(page, "Rotate").Int64()); rot != 0 {
		out.height = rotate(pc, out.links, rot, left, right-left, top-bottom)
	}
	if pc.dropped > 0 {
		warns = append(warns, fmt.Sprintf("page %d: %d glyphs, rulings or path pieces past the page's limits (%d glyphs, %d rulings, %d pieces a path) left out", num, pc.dropped, maxGlyphs, maxSegs, maxPathParts))
	}
	if len(pc.glyphs) == 0 {
		switch {
		case pc.unmapped > 0:
			warns = append(warns, fmt.Sprintf("page %d: text in fonts without a Unicode map, not read%s", num, unreadExample(pc)))
		case pc.images > 0:
			out.scanned, out.dpi = true, scanDPI(page, right-left)
		}
		return out, warns
	}
	tables := grid.Lattice(pc.segs, edgeTol)
	out.place(tables, grid.Fill(tables, pc.glyphs))
	if pc.unmapped > 0 {
		warns = append(warns, fmt.Sprintf("page %d: %d glyphs without a Unicode map left out%s", num, pc.unmapped, unreadExample(pc)))
	}
	return out, warns
}

// unreadExample is the part of a warning about glyphs without text that
// names one of them, where their font named it (a Type 3 font's g123):
// the reader sees why the text is lost.
func unreadExample(pc *pageContent) string {
	if pc.unreadName == "" {
		return ""
	}
	return fmt.Sprintf(" (glyph names such as %q say nothing of their text)", pc.unreadName)
}

// place lays a page out in blocks: its ruled tables, the tables
// grid.Stream rebuilds from the alignment of the text in none of them, and
// the rest of that text as lines, top to bottom.
func (p *pageOut) place(ruled []*grid.Table, free []grid.Text) {
	for _, t := range ruled {
		p.blocks = append(p.blocks, pageBlock{table: t})
	}
	var side []grid.Line
	p.free, side = liftSidebars(grid.Lines(free))
	for i := range side {
		p.blocks = append(p.blocks, pageBlock{line: &side[i], side: true})
	}
	streamed, rest := grid.Stream(p.free, grid.StreamOptions{})
	for _, t := range streamed {
		p.blocks = append(p.blocks, pageBlock{table: t})
	}
	for i := range rest {
		if rest[i].Text != "" {
			p.blocks = append(p.blocks, pageBlock{line: &rest[i]})
		}
	}
	sort.SliceStable(p.blocks, func(i, j int) bool { return p.blocks[i].top() < p.blocks[j].top() })
}

// links returns the rectangles of a page's link annotations, in top-left
// page space: a line wholly inside one is a hyperlink (a sidebar's list of
// other years' reports, which Chromium and LibreOffice keep as links).
func links(page lpdf.Value, top float64) []grid.Rect {
	annots := page.Key("Annots")
	var out []grid.Rect
	for i := 0; i < annots.Len() && i < 1000; i++ {
		a := annots.Index(i)
		r := a.Key("Rect")
		if a.Key("Subtype").Name() != "Link" || r.Len() != 4 {
			continue
		}
		x0, y0, x1, y1 := r.Index(0).Float64(), r.Index(1).Float64(), r.Index(2).Float64(), r.Index(3).Float64()
		out = append(out, grid.Rect{X0: math.Min(x0, x1), Y0: top - math.Max(y0, y1), X1: math.Max(x0, x1), Y1: top - math.Min(y0, y1)})
	}
	return out
}

// isLink reports whether a line is a link: links cover most of its width
// (a list bullet before the link is not part of it).
func isLink(l *grid.Line, links []grid.Rect) bool {
	covered := 0.0
	cy := (l.Box.Y0 + l.Box.Y1) / 2
	for _, r := range links {
		if cy >= r.Y0-edgeTol && cy <= r.Y1+edgeTol {
			covered += math.Max(0, math.Min(l.Box.X1, r.X1)-math.Max(l.Box.X0, r.X0))
		}
	}
	return covered >= 0.8*l.Box.W()
}

// rotation normalises a page's /Rotate to 0, 90, 180 or 270.
func rotation(r int64) int64 { return ((r % 360) + 360) % 360 / 90 * 90 }

// rotate turns what a page drew, and its links, into the orientation it is
// displayed in (/Rotate turns the page clockwise) and returns the
// displayed height.
func rotate(pc *pageContent, links []grid.Rect, rot int64, left, w, h float64) float64 {
	turn := func(x, y float64) (float64, float64) {
		x -= left
		switch rot {
		case 90:
			return h - y, x
		case 180:
			return w - x, h - y
		default: // 270
			return y, w - x
		}
	}
	box := func(r grid.Rect) grid.Rect {
		x0, y0 := turn(r.X0, r.Y0)
		x1, y1 := turn(r.X1, r.Y1)
		return grid.Rect{X0: math.Min(x0, x1), Y0: math.Min(y0, y1), X1: math.Max(x0, x1), Y1: math.Max(y0, y1)}
	}
	for i := range pc.glyphs {
		pc.glyphs[i].Box = box(pc.glyphs[i].Box)
	}
	for i := range links {
		links[i] = box(links[i])
	}
	for i, s := range pc.segs {
		var r grid.Rect
		if s.Horizontal {
			r = box(grid.Rect{X0: s.Lo, Y0: s.Pos, X1: s.Hi, Y1: s.Pos})
		} else {
			r = box(grid.Rect{X0: s.Pos, Y0: s.Lo, X1: s.Pos, Y1: s.Hi})
		}
		if r.H() < r.W() {
			pc.segs[i] = grid.Segment{Horizontal: true, Pos: r.Y0, Lo: r.X0, Hi: r.X1}
		} else {
			pc.segs[i] = grid.Segment{Horizontal: false, Pos: r.X0, Lo: r.Y0, Hi: r.Y1}
		}
	}
	if rot == 180 {
		return h
	}
	return w
}

// inherited looks key up on a page and its ancestors in the page tree;
// the library's own MediaBox accessor is not exported.
func inherited(v lpdf.Value, key string) lpdf.Value {
	for depth := 0; !v.IsNull() && depth < 64; depth++ {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
		v = v.Key("Parent")
	}
	return lpdf.Value{}
}

// dropFurniture removes page numbers and running headers and footers: lines
// in the top or bottom tenth of a page that are only a page number, or whose
// text (digits aside) recurs in the margins of other pages. A page number
// stands apart: a lone number with text within half a line above or below
// it is a table's value (a 0 centred on its row's label, wrapped over two
// lines at the foot of a page), not furniture.
func dropFurniture(pages []pageOut) {
	margin := func(p pageOut, l *grid.Line) bool {
		h := p.height
		if h <= 0 {
			h = 842
		}
		return l.Box.Y0 < 0.1*h || l.Box.Y1 > 0.9*h
	}
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '#'
			}
			return r
		}, s)
	}
	seen := map[string]int{}
	for _, p := range pages {
		onPage := map[string]bool{}
		for _, b := range p.blocks {
			if b.line != nil && margin(p, b.line) && !onPage[norm(b.line.Text)] {
				onPage[norm(b.line.Text)] = true
				seen[norm(b.line.Text)]++
			}
		}
	}
	for i := range pages {
		p := &pages[i]
		var tables []grid.Rect // read before pages are joined: no chain yet
		for _, b := range p.blocks {
			if b.table != nil {
				tables = append(tables, b.table.Box)
			}
		}
		drop := make([]bool, len(p.blocks))
		for k, b := range p.blocks {
			drop[k] = b.line != nil && margin(*p, b.line) &&
				(grid.PageNumber(b.line.Text) || seen[norm(b.line.Text)] >= 2) &&
				(!grid.PageNumber(b.line.Text) || apart(p.blocks, k, tables))
		}
		kept := p.blocks[:0]
		for k, b := range p.blocks {
			if drop[k] {
				p.furniture = append(p.furniture, b.line.Box)
				continue
			}
			kept = append(kept, b)
		}
		p.blocks = kept
	}
}

// apart reports whether nothing else stands within half a line of the
// height of blocks[k], a line, above or below it: the lines next to it in
// top-to-bottom order, or any of the page's tables.
func apart(blocks []pageBlock, k int, tables []grid.Rect) bool {
	l := blocks[k].line.Box
	within := func(box grid.Rect) bool { return box.Y0 < l.Y1+0.5*l.H() && box.Y1 > l.Y0-0.5*l.H() }
	for j := max(k-4, 0); j <= min(k+4, len(blocks)-1); j++ {
		if j != k && blocks[j].line != nil && within(blocks[j].line.Box) {
			return false
		}
	}
	return !slices.ContainsFunc(tables, within)
}

// assemble appends the pages' blocks to doc, joining a table that ends a
// page with one that starts the next when their outer columns line up, or
// the next starts one column in under a label spanning rows (continuation).
//
// Lines wrapped by the page width are joined back into their paragraph: a
// line that runs to the right margin continues on the next unless that one
// is indented (a paragraph's first line) or starts with an outline number
// (a heading). The paragraph keeps the position of its first line.
func assemble(doc *layout.Document, pages []pageOut) {
	var last *layout.Table
	var lastBox grid.Rect // the extent of last's parts
	var prev *grid.Line   // the last text line appended, when nothing came after it
	for _, p := range pages {
		left, right := margins(p)
		boxAt := func(r grid.Rect) gongkai.At { return at(p.num, r) }
		for i, b := range p.blocks {
			if b.line != nil {
				link := b.side || isLink(b.line, p.links)
				if n := len(doc.Blocks) - 1; prev != nil && continues(prev, b.line, left, right) && doc.Blocks[n].Link == link {
					doc.Blocks[n].Text = layout.Clean(doc.Blocks[n].Text + " " + b.line.Text)
				} else {
					doc.Blocks = append(doc.Blocks, layout.Block{Text: b.line.Text, At: at(p.num, b.line.Box), Link: link})
				}
				prev, last = b.line, nil
				continue
			}
			prev = nil
			tableAt := boxAt
			if b.chain != nil {
				tableAt = b.chain.at
			}
			rows := b.table.Layout(tableAt)
			box := b.table.Box
			if pad, ok := continuation(last, lastBox, box); i == 0 && ok {
				rows = padRows(pad, rows)
				carrySpans(last.Rows, rows)
				if joinSplitRow(last.Rows, rows) {
					rows = rows[1:]
				}
				last.Rows = append(last.Rows, rows...)
				doc.Warnings = append(doc.Warnings, fmt.Sprintf("table continues on page %d", p.num))
				lastBox.X0, lastBox.X1 = min(lastBox.X0, box.X0), max(lastBox.X1, box.X1)
			} else {
				last = &layout.Table{Rows: rows}
				doc.Blocks = append(doc.Blocks, layout.Block{Table: last, At: tableAt(box)})
				lastBox = box
			}
		}
	}
}

// continuation reports whether a table at box, first on its page, goes on
// with last (its parts so far spanning lastBox): their outer columns line
// up, or box starts at an inner column edge of last's foot and the cells
// left of it there span rows — a group label (三、本年度办理结果) whose
// column Chromium leaves unruled on the page its rows run onto, the page's
// table then starting one column in. pad is those cells, for each row of
// the continuation.
func continuation(last *layout.Table, lastBox, box grid.Rect) (pad []layout.Cell, ok bool) {
	if last == nil || len(last.Rows) == 0 || !near(lastBox.X1, box.X1) {
		return nil, false
	}
	if near(lastBox.X0, box.X0) {
		return nil, true
	}
	if box.X0 < lastBox.X0 {
		return nil, false
	}
	for _, c := range last.Rows[len(last.Rows)-1] {
		switch {
		case near(c.At.Box[0], box.X0):
			return pad, len(pad) > 0
		case c.At.Box[2] > box.X0+edgeTol || !c.Carried || c.Text == "":
			return nil, false
		}
		pad = append(pad, c)
	}
	return nil, false
}

// padRows puts the cells of pad, carried, before each row's own.
func padRows(pad []layout.Cell, rows [][]layout.Cell) [][]layout.Cell {
	if len(pad) == 0 {
		return rows
	}
	for i, r := range rows {
		row := make([]layout.Cell, 0, len(pad)+len(r))
		for _, c := range pad {
			c.Carried = true
			row = append(row, c)
		}
		rows[i] = append(row, r...)
	}
	return rows
}

// margins returns the left and right edges of a page's text lines.
func margins(p pageOut) (left, right float64) {
	left = math.Inf(1)
	for _, b := range p.blocks {
		if b.line != nil {
			left, right = min(left, b.line.Box.X0), max(right, b.line.Box.X1)
		}
	}
	return left, right
}

// continues reports whether next carries on the paragraph that prev, a line
// running to the right margin, wrapped from.
func continues(prev, next *grid.Line, left, right float64) bool {
	h := prev.Box.H() // about one character
	return prev.Box.X1 >= right-1.5*h &&
		prev.Box.X0 <= left+3*h && // a line set right (a date under a signature) ends its paragraph
		next.Box.X0 <= left+0.8*h &&
		!grid.StartsOutline(next.Text)
}

// carrySpans handles a row-spanning cell cut by a page break: an empty
// cell on the first row of the continuation that lies under a cell
// spanning rows at the foot of the previous part takes its text and counts
// as carried. Only cells left of the row's first printed text are so
// carried, as a row's labels stand left of its values, and only cells
// that span rows printing values: an empty value cell under a header that
// spans the header's rows (自然人, 总计 at a page's foot; table 四's 结果维持
// over a review group blank in its one row) is a blank value of a row
// that begins the new page.
func carrySpans(prev, next [][]layout.Cell) {
	if len(prev) == 0 || len(next) == 0 {
		return
	}
	lastRow := prev[len(prev)-1]
	for i, c := range next[0] {
		if c.Text != "" {
			break
		}
		for _, up := range lastRow {
			if !up.Carried || up.Text == "" || !near(up.At.Box[0], c.At.Box[0]) || !near(up.At.Box[2], c.At.Box[2]) ||
				!spansValues(prev, up) {
				continue
			}
			// the same cell on the continuation's later rows, too
			for r := range next {
				for j, d := range next[r] {
					if (r == 0 && j == i) || (d.Carried && d.Text == "" && *d.At.Box == *c.At.Box) {
						next[r][j].Text, next[r][j].Carried = up.Text, true
					}
				}
			}
		}
	}
}

// spansValues reports whether cell, carried down to the last of rows,
// spans a row that prints a value (a count, a dash or 无) beside it: the
// rows from the last up to where the cell starts.
func spansValues(rows [][]layout.Cell, cell layout.Cell) bool {
	for r := len(rows) - 1; r >= 0; r-- {
		in := false
		for _, c := range rows[r] {
			if *c.At.Box == *cell.At.Box {
				in = true
			} else if isCount(c.Text) {
				return true
			}
		}
		if !in {
			return false
		}
	}
	return false
}

// isCount reports whether a cell's text is a count as tables print it: digits,
// a dash or 无 for none.
func isCount(s string) bool {
	return s != "" && (strings.Trim(s, "0123456789０１２３４５６７８９,") == "" || s == "无" || strings.Trim(s, "-—–－/") == "")
}

// joinSplitRow joins the first row of a table's continuation to the last
// row of the part before it when the page break cut that row in two: the
// rows have the same cells, and the continuation's row prints only the
// rest of a label (no outline number) and no values where the row above
// has them, or, below a header (a row without values), the rest of its
// headers over the values' columns: a label alone under a header
// (行政事业性收费 under 信息内容 | 本年收费金额) is a row of blank cells,
// not the header's rest. It reports whether it joined them.
func joinSplitRow(prev, next [][]layout.Cell) bool {
	if len(prev) == 0 || len(next) == 0 {
		return false
	}
	a, b := prev[len(prev)-1], next[0]
	if len(a) != len(b) {
		return false
	}
	rest, valuesMissing, headersGoOn := 0, 0, false
	header := !slices.ContainsFunc(a, func(c layout.Cell) bool { return c.Text != "" && valueLike(c.Text) })
	for i := range a {
		if !near(a[i].At.Box[0], b[i].At.Box[0]) || !near(a[i].At.Box[2], b[i].At.Box[2]) {
			return false
		}
		switch {
		case b[i].Carried:
		case b[i].Text != "":
			if a[i].Text == "" || grid.StartsOutline(b[i].Text) || valueLike(b[i].Text) {
				return false
			}
			rest++
			headersGoOn = headersGoOn || header && i > 0
		case a[i].Text != "" && valueLike(a[i].Text):
			valuesMissing++
		}
	}
	if rest == 0 || valuesMissing == 0 && !headersGoOn {
		return false
	}
	for i := range a {
		if !b[i].Carried && b[i].Text != "" {
			a[i].Text = layout.Clean(a[i].Text + b[i].Text)
		}
	}
	return true
}

// valueLike reports whether a cell's text reads as a value: a row that
// prints values on the new page is a row of its own.
func valueLike(s string) bool {
	return strings.ContainsAny(s, "0123456789０１２３４５６７８９") || s == "无" || strings.Trim(s, "-—–－/") == ""
}

func at(page int, r grid.Rect) gongkai.At {
	round := func(v float64) float64 { return math.Round(v*100) / 100 }
	return gongkai.At{Page: page, Box: &[4]float64{round(r.X0), round(r.Y0), round(r.X1), round(r.Y1)}}
}

// near reports whether two coordinates coincide within edgeTol.
func near(a, b float64) bool { return math.Abs(a-b) <= edgeTol }
