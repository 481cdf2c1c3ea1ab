package pdf

import (
	"math"
	"sort"
	"strings"

	"github.com/gongkai/gongkai/parse/layout"
)

// Table reconstruction. Producers such as WPS draw one rectangle per table
// cell, merged cells included (as a clip, a background fill or both), and
// rule the borders with lines. A rectangle whose edges are ruled is a cell;
// cells that touch form a table; each glyph belongs to the smallest cell
// around its centre. Rectangles without rulings (paragraph shading, text
// frames) are not cells.

// cell is one table cell on a page.
type cell struct {
	r      rect
	glyphs []*glyph
	text   string
	// carried is set on a cell that continues, on a new page, a cell
	// spanning rows at the foot of the previous page: it repeats that
	// cell's text and counts as carried on every row.
	carried bool
}

// table is the cells of one table on one page, in rows.
type table struct {
	box  rect
	rows [][]rowCell
}

// rowCell is a cell as it appears in one row: printed there or spanning
// down from a row above.
type rowCell struct {
	c       *cell
	spanned bool
}

// line is one line of text outside tables.
type line struct {
	text string
	box  rect
}

const edgeTol = 2.0 // points; how far apart two edges may be and still coincide

// findCells picks the cell rectangles among the candidates of a page:
// rectangles drawn twice count once, neighbours whose shared edge is not
// ruled are one merged cell (WPS draws pieces of a merged cell separately),
// a cell needs rulings along at least three of its edges, and a rectangle
// around other cells is a frame, not a cell.
func findCells(pc *pageContent) []*cell {
	rs := mergeUnruled(dedupe(pc.rects), pc.segs)
	var ruled []rect
	for _, r := range rs {
		if ruledEdges(r, pc.segs) >= 3 {
			ruled = append(ruled, r)
		}
	}
	var cells []*cell
	for i, r := range ruled {
		container := false
		for j, o := range ruled {
			if i != j && r.x0 <= o.x0+1 && r.y0 <= o.y0+1 && r.x1 >= o.x1-1 && r.y1 >= o.y1-1 {
				container = true
				break
			}
		}
		if !container {
			cells = append(cells, &cell{r: r})
		}
	}
	return cells
}

// maxRects bounds the rectangles considered on one page; the checks
// between them are quadratic.
const maxRects = 4000

// dedupe drops rectangles that coincide with an earlier one.
func dedupe(in []rect) []rect {
	var out []rect
	for _, r := range in {
		dup := false
		for _, u := range out {
			if same(r, u) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
		if len(out) >= maxRects {
			break
		}
	}
	return out
}

func same(a, b rect) bool {
	return near(a.x0, b.x0) && near(a.y0, b.y0) && near(a.x1, b.x1) && near(a.y1, b.y1)
}

// mergeUnruled joins side-by-side (or stacked) rectangles of the same
// height (or width) whose shared edge has no ruling, until none is left.
func mergeUnruled(rs []rect, segs []seg) []rect {
	for pass, merged := 0, true; merged && pass < 8; pass++ {
		merged = false
		for i := 0; i < len(rs); i++ {
			for j := 0; j < len(rs); j++ {
				a, b := rs[i], rs[j]
				var m rect
				switch {
				case i != j && near(a.y0, b.y0) && near(a.y1, b.y1) && near(a.x1, b.x0) &&
					!covered(false, a.x1, a.y0, a.y1, segs):
					m = rect{a.x0, math.Min(a.y0, b.y0), b.x1, math.Max(a.y1, b.y1)}
				case i != j && near(a.x0, b.x0) && near(a.x1, b.x1) && near(a.y1, b.y0) &&
					!covered(true, a.y1, a.x0, a.x1, segs):
					m = rect{math.Min(a.x0, b.x0), a.y0, math.Max(a.x1, b.x1), b.y1}
				default:
					continue
				}
				rs[i] = m
				rs = append(rs[:j], rs[j+1:]...)
				if j < i {
					i--
				}
				merged = true
				break
			}
		}
	}
	return dedupe(rs)
}

// ruledEdges counts the edges of r along which rulings run.
func ruledEdges(r rect, segs []seg) int {
	n := 0
	for _, ok := range []bool{
		covered(true, r.y0, r.x0, r.x1, segs), covered(true, r.y1, r.x0, r.x1, segs),
		covered(false, r.x0, r.y0, r.y1, segs), covered(false, r.x1, r.y0, r.y1, segs),
	} {
		if ok {
			n++
		}
	}
	return n
}

// covered reports whether rulings run along most of the edge from lo to hi
// at pos (a y for a horizontal edge, an x for a vertical one).
func covered(horizontal bool, pos, lo, hi float64, segs []seg) bool {
	var sum float64
	for _, s := range segs {
		if s.horizontal != horizontal || !near(s.pos, pos) {
			continue
		}
		a, b := math.Max(lo, s.lo), math.Min(hi, s.hi)
		if b > a {
			sum += b - a
		}
	}
	return sum >= 0.6*(hi-lo)
}

// groupTables splits cells into tables of touching cells. A group counts as
// a table only if two of its cells stand side by side; a single column of
// boxes is framed text.
func groupTables(cells []*cell) [][]*cell {
	parent := make([]int, len(cells))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	touch := func(a, b rect) bool {
		return a.x0 <= b.x1+edgeTol && b.x0 <= a.x1+edgeTol && a.y0 <= b.y1+edgeTol && b.y0 <= a.y1+edgeTol
	}
	for i := range cells {
		for j := i + 1; j < len(cells); j++ {
			if touch(cells[i].r, cells[j].r) {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]*cell{}
	var order []int
	for i, c := range cells {
		root := find(i)
		if groups[root] == nil {
			order = append(order, root)
		}
		groups[root] = append(groups[root], c)
	}
	var out [][]*cell
	for _, root := range order {
		g := groups[root]
		if sideBySide(g) {
			out = append(out, g)
		}
	}
	return out
}

func sideBySide(g []*cell) bool {
	for i, a := range g {
		for _, b := range g[i+1:] {
			ov := math.Min(a.r.y1, b.r.y1) - math.Max(a.r.y0, b.r.y0)
			if ov > 0.5*math.Min(a.r.h(), b.r.h()) && (a.r.x1 <= b.r.x0+edgeTol || b.r.x1 <= a.r.x0+edgeTol) {
				return true
			}
		}
	}
	return false
}

// buildTable orders a table's cells into rows. Row boundaries are the
// distinct tops of cells; a cell belongs to the row of its top and is
// listed, marked spanned, on every later row whose top lies inside it.
func buildTable(cells []*cell) *table {
	t := &table{box: cells[0].r}
	var tops []float64
	for _, c := range cells {
		t.box = rect{math.Min(t.box.x0, c.r.x0), math.Min(t.box.y0, c.r.y0), math.Max(t.box.x1, c.r.x1), math.Max(t.box.y1, c.r.y1)}
		tops = append(tops, c.r.y0)
		c.text = cellText(c.glyphs)
	}
	sort.Float64s(tops)
	var bounds []float64
	for _, y := range tops {
		if len(bounds) == 0 || y-bounds[len(bounds)-1] > edgeTol {
			bounds = append(bounds, y)
		}
	}
	for _, y := range bounds {
		var row []rowCell
		for _, c := range cells {
			switch {
			case math.Abs(c.r.y0-y) <= edgeTol:
				row = append(row, rowCell{c: c})
			case c.r.y0 < y && c.r.y1 > y+edgeTol:
				row = append(row, rowCell{c: c, spanned: true})
			}
		}
		sort.Slice(row, func(i, j int) bool { return row[i].c.r.x0 < row[j].c.r.x0 })
		t.rows = append(t.rows, row)
	}
	return t
}

// cellText is the text of a cell: its glyphs in lines top to bottom, so a
// vertical label (one glyph per line) reads in order.
func cellText(gs []*glyph) string {
	lines := groupLines(gs)
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = l.text
	}
	return layout.Clean(strings.Join(parts, " "))
}

// groupLines groups glyphs into lines by their vertical centre and orders
// the lines top to bottom and each line left to right. A gap wider than a
// quarter of the font size becomes a space; a glyph printed twice at the
// same place (fake bold) is kept once.
func groupLines(gs []*glyph) []line {
	if len(gs) == 0 {
		return nil
	}
	sorted := append([]*glyph(nil), gs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].cy() < sorted[j].cy() })
	var groups [][]*glyph
	var ref float64
	for _, g := range sorted {
		n := len(groups)
		if n > 0 && g.cy()-ref <= 0.4*math.Max(g.size, 1) {
			groups[n-1] = append(groups[n-1], g)
			continue
		}
		groups = append(groups, []*glyph{g})
		ref = g.cy()
	}
	lines := make([]line, 0, len(groups))
	for _, grp := range groups {
		sort.SliceStable(grp, func(i, j int) bool { return grp[i].box[0] < grp[j].box[0] })
		var b strings.Builder
		box := rect{grp[0].box[0], grp[0].box[1], grp[0].box[2], grp[0].box[3]}
		var prev *glyph
		for _, g := range grp {
			if prev != nil {
				if g.text == prev.text && math.Abs(g.box[0]-prev.box[0]) < 0.3*g.size {
					continue
				}
				if g.box[0]-prev.box[2] > 0.25*g.size {
					b.WriteByte(' ')
				}
			}
			b.WriteString(g.text)
			box = rect{math.Min(box.x0, g.box[0]), math.Min(box.y0, g.box[1]), math.Max(box.x1, g.box[2]), math.Max(box.y1, g.box[3])}
			prev = g
		}
		lines = append(lines, line{text: layout.Clean(b.String()), box: box})
	}
	return lines
}

// assign puts each glyph into the smallest cell around its centre and
// returns the glyphs that are in no cell.
func assign(gs []glyph, cells []*cell) []*glyph {
	var free []*glyph
	for i := range gs {
		g := &gs[i]
		x, y := g.cx(), g.cy()
		var best *cell
		for _, c := range cells {
			if x >= c.r.x0-0.5 && x <= c.r.x1+0.5 && y >= c.r.y0-0.5 && y <= c.r.y1+0.5 &&
				(best == nil || c.r.w()*c.r.h() < best.r.w()*best.r.h()) {
				best = c
			}
		}
		if best == nil {
			free = append(free, g)
			continue
		}
		best.glyphs = append(best.glyphs, g)
	}
	return free
}

// near reports whether two coordinates coincide within edgeTol.
func near(a, b float64) bool { return math.Abs(a-b) <= edgeTol }
