package text

import (
	"strings"
	"unicode"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
)

// readAligned reads column-aligned text — what `pdftotext -layout` makes of
// a PDF, or a <pre> block — through the table builder: each character is a
// piece one column wide on its line, and tables are rebuilt from the
// alignment of their numbers (grid.Stream). Pages (form feeds) are read
// one by one, since columns move from page to page. It returns the blocks
// and how many tables it found.
func readAligned(raw []string) (blocks []layout.Block, tables int) {
	var page []grid.Line
	flushPage := func() {
		found, rest := grid.Stream(page, grid.StreamOptions{Gap: 1})
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
		if l, ok := alignedLine(s, i); ok {
			page = append(page, l)
		}
	}
	flushPage()
	return blocks, tables
}

// lineAt is the provenance of a box on column-aligned text: its first line.
func lineAt(r grid.Rect) gongkai.At { return gongkai.At{Line: int(r.Y0) + 1} }

// alignedLine makes line i of the text into pieces, one per character at
// its column; blank lines have none.
func alignedLine(s string, i int) (grid.Line, bool) {
	y := float64(i)
	var pieces []grid.Text
	col := 0
	for _, r := range s {
		if r == '\t' {
			col = (col/8 + 1) * 8
			continue
		}
		if !unicode.IsSpace(r) && r != '\u3000' {
			pieces = append(pieces, grid.Text{S: string(r), Box: grid.Rect{X0: float64(col), Y0: y, X1: float64(col + 1), Y1: y + 1}, Size: 1})
		}
		col++
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
