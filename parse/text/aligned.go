package text

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
)

// ReadAligned reads column-aligned text — what `pdftotext -layout` makes of
// a PDF, or a <pre> block — through the table builder: each character is a
// piece one column wide on its line, and tables are rebuilt from the
// alignment of their numbers (grid.Stream). Pages (form feeds) are read
// one by one, since columns move from page to page, and then, where
// tables rebuilt on both sides of a page break may run over it, the
// pages' lines are read again as one, page numbers left out (grid.Runs).
// A column beside the report (a sidebar of other years' reports) is lifted
// out of the lines it shares with the report first (liftSidebars).
// It returns the blocks, how many tables it found and a warning for each
// table read over a page break.
func ReadAligned(raw []string) (blocks []layout.Block, tables int, warns []string) {
	wide := wideColumns(raw)
	raw, sides := liftSidebars(raw, wide)
	var pages [][]grid.Line
	var page []grid.Line
	for i, s := range raw {
		if strings.HasPrefix(s, "\f") {
			pages = append(pages, page)
			page = nil
			s = strings.TrimLeft(s, "\f")
		}
		if l, ok := alignedLine(s, i, wide); ok {
			page = append(page, l)
		}
	}
	pages = append(pages, page)
	read := make([]alignedPage, len(pages))
	for i, p := range pages {
		read[i].tables, read[i].rest = grid.Stream(p, grid.StreamOptions{Gap: 1, Drifts: true})
	}
	open := func(i int) bool {
		return endsInTable(read[i], pages[i]) && beginsWithTable(read[i+1], pages[i+1]) &&
			columnsLineUp(read[i].tables[len(read[i].tables)-1], read[i+1].tables[0])
	}
	for _, r := range grid.Runs(len(pages), open) {
		var lines []grid.Line
		for _, p := range pages[r[0] : r[1]+1] {
			lines = append(lines, withoutPageNumbers(p)...)
		}
		joined := alignedPage{}
		joined.tables, joined.rest = grid.Stream(lines, grid.StreamOptions{Gap: 1, Drifts: true})
		for _, t := range joined.tables {
			if from, to := pageOf(pages, t.Box.Y0), pageOf(pages, t.Box.Y1-1); to > from {
				warns = append(warns, fmt.Sprintf("table continues on page %d", to+1))
			}
		}
		read[r[0]] = joined
		for k := r[0] + 1; k <= r[1]; k++ {
			read[k] = alignedPage{}
		}
	}
	for _, p := range read {
		tables += len(p.tables)
		blocks = append(blocks, p.blocks()...)
	}
	return withSidebars(blocks, sides), tables, warns
}

// withSidebars puts each sidebar's lines before the report's lines it stood
// beside.
func withSidebars(blocks []layout.Block, sides []sidebar) []layout.Block {
	if len(sides) == 0 {
		return blocks
	}
	var out []layout.Block
	for _, b := range blocks {
		for len(sides) > 0 && b.At.Line > sides[0].from {
			out = append(out, sides[0].blocks...)
			sides = sides[1:]
		}
		out = append(out, b)
	}
	for _, s := range sides {
		out = append(out, s.blocks...)
	}
	return out
}

// alignedPage is what grid.Stream made of a page's lines, or of a run of
// pages read as one.
type alignedPage struct {
	tables []*grid.Table
	rest   []grid.Line
}

// blocks returns the page's text lines and tables in line order.
func (p alignedPage) blocks() []layout.Block {
	type placed struct {
		y     float64
		block layout.Block
	}
	var out []placed
	for _, l := range p.rest {
		if l.Text != "" {
			out = append(out, placed{l.Box.Y0, layout.Block{Text: l.Text, At: lineAt(l.Box)}})
		}
	}
	for _, t := range p.tables {
		out = append(out, placed{t.Box.Y0, layout.Block{Table: &layout.Table{Rows: t.Layout(lineAt)}, At: lineAt(t.Box)}})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].y < out[j].y })
	blocks := make([]layout.Block, len(out))
	for i, p := range out {
		blocks[i] = p.block
	}
	return blocks
}

// nearBreak is how many text lines may stand between a table and a page
// break it runs over: a header or a label the table's rows did not take.
const nearBreak = 3

// endsInTable reports whether a table read on page p ends at most
// nearBreak lines before its foot, page numbers aside.
func endsInTable(r alignedPage, p []grid.Line) bool {
	p = withoutPageNumbers(p)
	if len(r.tables) == 0 || len(p) == 0 {
		return false
	}
	last := r.tables[len(r.tables)-1].Box.Y1
	n := 0
	for _, l := range p {
		if l.Box.Y0 >= last {
			n++
		}
	}
	return n <= nearBreak
}

// beginsWithTable reports whether a table read on page p begins at most
// nearBreak lines below its head, page numbers aside.
func beginsWithTable(r alignedPage, p []grid.Line) bool {
	p = withoutPageNumbers(p)
	if len(r.tables) == 0 || len(p) == 0 {
		return false
	}
	first := r.tables[0].Box.Y0
	n := 0
	for _, l := range p {
		if l.Box.Y1 <= first {
			n++
		}
	}
	return n <= nearBreak
}

// columnsLineUp reports whether two tables have the same columns ending
// at the same character columns, give or take one: pdftotext lays out each
// page on its own, and a table whose columns moved at the break cannot be
// read as one by alignment.
func columnsLineUp(a, b *grid.Table) bool {
	if a.Cols != b.Cols {
		return false
	}
	ea, eb := columnEnds(a), columnEnds(b)
	for c := range ea {
		if ea[c] >= 0 && eb[c] >= 0 && math.Abs(ea[c]-eb[c]) > 1 {
			return false
		}
	}
	return true
}

// columnEnds returns the right edge of each column's widest number that
// spans no other column, or -1 for a column without one: labels end where
// their words end, numbers where their column does.
func columnEnds(t *grid.Table) []float64 {
	ends := make([]float64, t.Cols)
	for c := range ends {
		ends[c] = -1
	}
	for _, c := range t.Cells {
		if c.ColSpan == 1 && c.Text != "" && unicode.IsDigit([]rune(c.Text)[0]) {
			ends[c.Col] = max(ends[c.Col], c.Box.X1)
		}
	}
	return ends
}

// withoutPageNumbers leaves out a page's first and last lines when they are
// only a page number.
func withoutPageNumbers(page []grid.Line) []grid.Line {
	if len(page) > 0 && grid.PageNumber(page[len(page)-1].Text) {
		page = page[:len(page)-1]
	}
	if len(page) > 0 && grid.PageNumber(page[0].Text) {
		page = page[1:]
	}
	return page
}

// pageOf returns the index of the page holding text line y.
func pageOf(pages [][]grid.Line, y float64) int {
	k := 0
	for i, p := range pages {
		if len(p) > 0 && p[0].Box.Y0 <= y {
			k = i
		}
	}
	return k
}

// lineAt is the provenance of a box on column-aligned text: its first line.
func lineAt(r grid.Rect) gongkai.At { return gongkai.At{Line: int(r.Y0) + 1} }

// wideColumns reports whether the text counts a Chinese character as two
// columns, as a person aligning text in a fixed-width font does, rather
// than one, as pdftotext -layout does: when counting two puts the numbers
// that end its lines at a fifth fewer distinct columns or better. The
// few numbers of a nearly blank report's pdftotext text may line up about
// as well either way (12 columns against 11), and counted wide they stand
// under other columns. A text with no line ending in a digit (every value
// 无 or a dash, v198's LibreOffice PDF) gives no evidence either way and is
// read as pdftotext counts: counted wide, its long labels reached over the
// values and ended the table as prose.
func wideColumns(raw []string) bool {
	narrow := spreadOf(raw, false)
	return narrow > 0 && spreadOf(raw, true)*5 <= narrow*4
}

// spreadOf returns at how many distinct columns the numbers of raw's lines
// end, counting a Chinese character as two columns if wide.
func spreadOf(raw []string, wide bool) int {
	cols := map[int]bool{}
	for i, s := range raw {
		l, ok := alignedLine(s, i, wide)
		if !ok || !unicode.IsDigit([]rune(l.Pieces[len(l.Pieces)-1].S)[0]) {
			continue
		}
		// the end of each number on the line
		for j, p := range l.Pieces {
			next := j + 1
			if unicode.IsDigit([]rune(p.S)[0]) && (next == len(l.Pieces) || l.Pieces[next].Box.X0 > p.Box.X1) {
				cols[int(p.Box.X1)] = true
			}
		}
	}
	return len(cols)
}

// alignedLine makes line i of the text into pieces, one per character at
// its column, a Chinese character two columns wide if wide; blank lines
// have none.
func alignedLine(s string, i int, wide bool) (grid.Line, bool) {
	y := float64(i)
	var pieces []grid.Text
	col := 0
	for _, r := range s {
		if r == '\t' {
			col = (col/8 + 1) * 8
			continue
		}
		w := 1
		if wide && (unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xff60)) {
			w = 2
		}
		if !unicode.IsSpace(r) && r != '\u3000' {
			pieces = append(pieces, grid.Text{S: string(r), Box: grid.Rect{X0: float64(col), Y0: y, X1: float64(col + w), Y1: y + 1}, Size: 1})
		}
		col += w
		if len(pieces) > 4096 {
			break
		}
	}
	if len(pieces) == 0 {
		return grid.Line{}, false
	}
	box := pieces[0].Box
	box.X1 = pieces[len(pieces)-1].Box.X1
	return grid.Line{Text: layout.Clean(s), Box: box, Pieces: pieces}, true
}
