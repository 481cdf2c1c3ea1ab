package pdf

import (
	"fmt"
	"sort"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/grid"
)

// An unruled table that runs over a page break is rebuilt from the lines
// of both pages as one: the header printed at the foot of one page belongs
// to the rows that begin the next, and a label wrapped over the break
// continues its row. Each page is first read on its own (readPage); where
// a table rebuilt from alignment touches a page break that no ruled table
// or blank page closes, the pages' text lines are stacked one below the
// other, page furniture left out, and grid.Stream reads them again
// together. Ruled tables keep being joined by assemble.

// chain is the pages whose lines are read together, each with the offset
// its lines are moved down by: the heights of the pages above it.
type chain []chainPage

type chainPage struct {
	page        *pageOut
	off, height float64
}

// pageOf returns the index in c of the page holding y.
func (c chain) pageOf(y float64) int {
	k := sort.Search(len(c), func(k int) bool { return c[k].off > y }) - 1
	return max(k, 0)
}

// at is the provenance of a box in the chain's space: the page it begins
// on, the box cut at that page's foot.
func (c chain) at(r grid.Rect) gongkai.At {
	p := c[c.pageOf(r.Y0)]
	r.Y0, r.Y1 = r.Y0-p.off, min(r.Y1-p.off, p.height)
	return at(p.page.num, r)
}

// joinPages reads the chains of pages that unruled tables run over again
// as one text each, replacing their unruled tables and text lines, and
// returns a warning for each table so joined over a page break.
func joinPages(pages []pageOut) (warns []string) {
	open := func(i int) bool { return openBreak(&pages[i], &pages[i+1]) }
	for _, r := range grid.Runs(len(pages), open) {
		warns = append(warns, restream(pages[r[0]:r[1]+1])...)
	}
	return warns
}

// openBreak reports whether a table rebuilt from alignment may run from
// page a onto page b: a's last table or b's first is unruled, and no ruled
// table ends a or begins b. A scanned or blank page closes the break.
func openBreak(a, b *pageOut) bool {
	if a.scanned || b.scanned || len(a.blocks) == 0 || len(b.blocks) == 0 {
		return false
	}
	last, first := a.blocks[len(a.blocks)-1], b.blocks[0]
	if last.table != nil && last.table.Ruled || first.table != nil && first.table.Ruled {
		return false
	}
	unruled := func(b pageBlock) bool { return b.table != nil && !b.table.Ruled }
	for k := len(a.blocks) - 1; k >= 0; k-- {
		if a.blocks[k].table != nil {
			if unruled(a.blocks[k]) {
				return true
			}
			break
		}
	}
	for _, blk := range b.blocks {
		if blk.table != nil {
			return unruled(blk)
		}
	}
	return false
}

// restream reads the text lines of pages as one and puts the tables and
// lines it returns back on the pages they begin on.
func restream(pages []pageOut) (warns []string) {
	var c chain
	var lines []grid.Line
	off := 0.0
	for i := range pages {
		p := &pages[i]
		c = append(c, chainPage{page: p, off: off, height: p.height})
		for _, l := range p.free {
			if !furniture(p, l.Box) {
				lines = append(lines, shift(l, off))
			}
		}
		off += p.height
	}
	tables, rest := grid.Stream(lines, grid.StreamOptions{})
	for i := range pages {
		p := &pages[i]
		kept := p.blocks[:0]
		for _, b := range p.blocks {
			if b.table != nil && b.table.Ruled || b.side {
				kept = append(kept, b)
			}
		}
		p.blocks = kept
	}
	for _, t := range tables {
		k := c.pageOf(t.Box.Y0)
		pages[k].blocks = append(pages[k].blocks, pageBlock{table: t, chain: c})
		if end := c.pageOf(t.Box.Y1); end > k {
			warns = append(warns, fmt.Sprintf("table continues on page %d", pages[end].num))
		}
	}
	for _, l := range rest {
		if l.Text == "" {
			continue
		}
		k := c.pageOf(l.Box.Y0)
		l = shift(l, -c[k].off)
		pages[k].blocks = append(pages[k].blocks, pageBlock{line: &l})
	}
	for _, cp := range c {
		blocks := cp.page.blocks
		sort.SliceStable(blocks, func(i, j int) bool { return blocks[i].top() < blocks[j].top() })
	}
	return warns
}

// furniture reports whether a box lies in a line of page furniture
// (dropFurniture) of p.
func furniture(p *pageOut, r grid.Rect) bool {
	for _, f := range p.furniture {
		if r.X0 >= f.X0-0.5 && r.X1 <= f.X1+0.5 && r.Y0 >= f.Y0-0.5 && r.Y1 <= f.Y1+0.5 {
			return true
		}
	}
	return false
}

// shift moves a line down by dy.
func shift(l grid.Line, dy float64) grid.Line {
	l.Box.Y0, l.Box.Y1 = l.Box.Y0+dy, l.Box.Y1+dy
	ps := make([]grid.Text, len(l.Pieces))
	for i, t := range l.Pieces {
		t.Box.Y0, t.Box.Y1 = t.Box.Y0+dy, t.Box.Y1+dy
		ps[i] = t
	}
	l.Pieces = ps
	return l
}

// unruledWarnings says, page by page, how many tables were rebuilt from
// the alignment of their text, not read from rulings (OCR says so of a
// scan's tables itself).
func unruledWarnings(pages []pageOut) (warns []string) {
	for _, p := range pages {
		if p.scanned {
			continue
		}
		n := 0
		for _, b := range p.blocks {
			if b.table != nil && !b.table.Ruled {
				n++
			}
		}
		if n > 0 {
			warns = append(warns, fmt.Sprintf("page %d: %d table(s) without rulings rebuilt from the alignment of their text; check the values against the original", p.num, n))
		}
	}
	return warns
}
