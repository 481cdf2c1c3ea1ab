package text

import (
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
// one by one, since columns move from page to page. It returns the blocks
// and how many tables it found.
func ReadAligned(raw []string) (blocks []layout.Block, tables int) {
	wide := wideColumns(raw)
	var page []grid.Line
	flushPage := func() {
		found, rest := grid.Stream(page, grid.StreamOptions{Gap: 1, Drifts: true})
		tables += len(found)
		type placed struct {
			y     float64
			block layout.Block
		}
		var out []placed
		for _, l := range rest {
			if l.Text != "" {
				out = append(out, placed{l.Box.Y0, layout.Block{Text: l.Text, At: lineAt(l.Box)}})
			}
		}
		for _, t := range found {
			out = append(out, placed{t.Box.Y0, layout.Block{Table: &layout.Table{Rows: t.Layout(lineAt)}, At: lineAt(t.Box)}})
		}
		// both lists are in line order; merge them
		for i := 1; i < len(out); i++ {
			for j := i; j > 0 && out[j].y < out[j-1].y; j-- {
				out[j], out[j-1] = out[j-1], out[j]
			}
		}
		for _, p := range out {
			blocks = append(blocks, p.block)
		}
		page = page[:0]
	}
	for i, s := range raw {
		if strings.HasPrefix(s, "\f") {
			flushPage()
			s = strings.TrimLeft(s, "\f")
		}
		if l, ok := alignedLine(s, i, wide); ok {
			page = append(page, l)
		}
	}
	flushPage()
	return blocks, tables
}

// lineAt is the provenance of a box on column-aligned text: its first line.
func lineAt(r grid.Rect) gongkai.At { return gongkai.At{Line: int(r.Y0) + 1} }

// wideColumns reports whether the text counts a Chinese character as two
// columns, as a person aligning text in a fixed-width font does, rather
// than one, as pdftotext -layout does: whichever count puts the numbers
// that end its lines at fewer distinct columns.
func wideColumns(raw []string) bool {
	spread := func(wide bool) int {
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
	return spread(true) < spread(false)
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
