package grid

import (
	"math"
	"sort"
)

// Lattice finds the ruled tables among segs. tol is how far apart two
// rulings may be and still be one (2 points suit PDF; a scan needs a few
// pixels). Rulings of one table touch one another; its grid lines are their
// distinct positions; two neighbouring grid cells are one merged cell where
// no ruling separates them. A ruled box with one cell, or a stack of boxes
// one above the other, frames text and is no table.
func Lattice(segs []Segment, tol float64) []*Table {
	if len(segs) > MaxSegments {
		segs = segs[:MaxSegments]
	}
	hs, vs := merge(segs, true, tol), merge(segs, false, tol)
	var tables []*Table
	for _, comp := range components(hs, vs, tol) {
		if t := lattice(comp.h, comp.v, tol); t != nil {
			tables = append(tables, t)
		}
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].Box.Y0 < tables[j].Box.Y0 })
	return tables
}

// merge snaps the segments of one direction that lie on one line and joins
// pieces of it that overlap or nearly touch (dashed lines, borders drawn
// cell by cell, a border drawn twice). Dots shorter than tol are dropped.
func merge(segs []Segment, horizontal bool, tol float64) []Segment {
	var in []Segment
	for _, s := range segs {
		if s.Horizontal == horizontal && s.Hi-s.Lo > tol && !math.IsNaN(s.Pos) && !math.IsInf(s.Pos, 0) {
			in = append(in, s)
		}
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Pos < in[j].Pos })
	var out []Segment
	for i := 0; i < len(in); {
		// one line: positions within tol of its first
		j := i
		for j < len(in) && in[j].Pos-in[i].Pos <= tol {
			j++
		}
		line := in[i:j]
		pos := 0.0
		for _, s := range line {
			pos += s.Pos
		}
		pos /= float64(len(line))
		sort.Slice(line, func(a, b int) bool { return line[a].Lo < line[b].Lo })
		cur := Segment{Horizontal: horizontal, Pos: pos, Lo: line[0].Lo, Hi: line[0].Hi}
		for _, s := range line[1:] {
			if s.Lo <= cur.Hi+3*tol {
				cur.Hi = math.Max(cur.Hi, s.Hi)
				continue
			}
			out = append(out, cur)
			cur = Segment{Horizontal: horizontal, Pos: pos, Lo: s.Lo, Hi: s.Hi}
		}
		out = append(out, cur)
		i = j
	}
	return out
}

type component struct{ h, v []Segment }

// union is a union-find over 0…n-1: which rulings touch, which grid cells
// no ruling separates.
type union []int

func newUnion(n int) union {
	u := make(union, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u union) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u union) join(a, b int) { u[u.find(a)] = u.find(b) }

// components groups rulings that touch, each group a candidate table.
func components(hs, vs []Segment, tol float64) []component {
	sets := newUnion(len(hs) + len(vs))
	for i, h := range hs {
		for j, v := range vs {
			if v.Pos >= h.Lo-tol && v.Pos <= h.Hi+tol && h.Pos >= v.Lo-tol && h.Pos <= v.Hi+tol {
				sets.join(i, len(hs)+j)
			}
		}
	}
	byRoot := map[int]*component{}
	var order []int
	for i := range sets {
		r := sets.find(i)
		c := byRoot[r]
		if c == nil {
			c = &component{}
			byRoot[r] = c
			order = append(order, r)
		}
		if i < len(hs) {
			c.h = append(c.h, hs[i])
		} else {
			c.v = append(c.v, vs[i-len(hs)])
		}
	}
	out := make([]component, 0, len(order))
	for _, r := range order {
		out = append(out, *byRoot[r])
	}
	return out
}

// positions returns the distinct positions of segs, nearer ones than
// minGap taken as one.
func positions(segs []Segment, minGap float64) []float64 {
	ps := make([]float64, len(segs))
	for i, s := range segs {
		ps[i] = s.Pos
	}
	sort.Float64s(ps)
	var out []float64
	for _, p := range ps {
		if len(out) > 0 && p-out[len(out)-1] < minGap {
			continue
		}
		out = append(out, p)
	}
	return out
}

// byLine lists, for each grid line, the segments that lie on it.
func byLine(segs []Segment, lines []float64, minGap float64) [][]Segment {
	out := make([][]Segment, len(lines))
	for _, s := range segs {
		i := sort.SearchFloat64s(lines, s.Pos-minGap)
		for ; i < len(lines) && lines[i] <= s.Pos+minGap; i++ {
			out[i] = append(out[i], s)
		}
	}
	return out
}

// closeOpenEnds adds the grid line that rulings across imply where the
// producer left a table open: a last row whose verticals run on below the
// last horizontal (WPS leaves the bottom border of a page's last row to
// the next page), or a first row open at the top, and likewise for columns.
func closeOpenEnds(lines []float64, across []Segment, minGap float64) []float64 {
	if len(lines) == 0 || len(across) == 0 {
		return lines
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range across {
		lo, hi = math.Min(lo, s.Lo), math.Max(hi, s.Hi)
	}
	if hi-lines[len(lines)-1] > 2*minGap {
		lines = append(lines, hi)
	}
	if lines[0]-lo > 2*minGap {
		lines = append([]float64{lo}, lines...)
	}
	return lines
}

// lattice builds one table from touching rulings, or nil.
func lattice(hs, vs []Segment, tol float64) *Table {
	minGap := 3 * tol // no row or column of a real table is thinner
	ys, xs := closeOpenEnds(positions(hs, minGap), vs, minGap), closeOpenEnds(positions(vs, minGap), hs, minGap)
	if len(ys) < 2 || len(xs) < 2 || len(ys)*len(xs) > 1<<16 {
		return nil
	}
	nr, nc := len(ys)-1, len(xs)-1
	onX, onY := byLine(vs, xs, minGap), byLine(hs, ys, minGap)
	// ruled reports whether rulings run along most of the edge from lo to
	// hi on one grid line.
	ruled := func(segs []Segment, lo, hi float64) bool {
		var sum float64
		for _, s := range segs {
			if a, b := math.Max(lo, s.Lo), math.Min(hi, s.Hi); b > a {
				sum += b - a
			}
		}
		return sum >= 0.5*(hi-lo)
	}
	sets := newUnion(nr * nc)
	find := sets.find
	// no ruling between a grid cell and the next in its row, or below it
	openRight, openDown := make([]bool, nr*nc), make([]bool, nr*nc)
	for r := range nr {
		for c := range nc {
			if c+1 < nc && !ruled(onX[c+1], ys[r], ys[r+1]) {
				sets.join(r*nc+c, r*nc+c+1)
				openRight[r*nc+c] = true
			}
			if r+1 < nr && !ruled(onY[r+1], xs[c], xs[c+1]) {
				sets.join(r*nc+c, (r+1)*nc+c)
				openDown[r*nc+c] = true
			}
		}
	}
	// Each group of grid cells is one cell, its bounding box in grid units.
	// A group of another shape than a rectangle (an L where a frame's
	// rulings stop short) is cut into one cell per row and run of columns
	// with no ruling between them, and runs of the same columns in the rows
	// below with no ruling between are one cell again: cells a row's
	// verticals part stay apart, and a cell spanning rows stays whole,
	// though a broken ruling under them joins them all to the row beneath.
	spans := map[int]*span{}
	for r := range nr {
		for c := range nc {
			root := find(r*nc + c)
			s := spans[root]
			if s == nil {
				spans[root] = &span{r, c, r, c, 1}
				continue
			}
			s.r0, s.c0, s.r1, s.c1, s.n = min(s.r0, r), min(s.c0, c), max(s.r1, r), max(s.c1, c), s.n+1
		}
	}
	var list []*span
	for root, s := range spans {
		if s.n == (s.r1-s.r0+1)*(s.c1-s.c0+1) {
			list = append(list, s)
			continue
		}
		var pieces []*span
		for r := s.r0; r <= s.r1; r++ {
			for c := s.c0; c <= s.c1; c++ {
				if find(r*nc+c) != root {
					continue
				}
				if n := len(pieces); n > 0 && pieces[n-1].r0 == r && pieces[n-1].c1 == c-1 && openRight[r*nc+c-1] {
					pieces[n-1].c1 = c
					continue
				}
				pieces = append(pieces, &span{r, c, r, c, 1})
			}
		}
		list = append(list, stackRuns(pieces, func(r, c int) bool { return openDown[r*nc+c] })...)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].r0 != list[j].r0 {
			return list[i].r0 < list[j].r0
		}
		return list[i].c0 < list[j].c0
	})
	t := &Table{Rows: nr, Cols: nc, Ruled: true, Box: Rect{xs[0], ys[0], xs[nc], ys[nr]}, xs: xs, ys: ys}
	t.cellAt = make([][]*Cell, nr)
	for r := range t.cellAt {
		t.cellAt[r] = make([]*Cell, nc)
	}
	sideBySide := false
	for i, s := range list {
		cell := &Cell{
			Box: Rect{xs[s.c0], ys[s.r0], xs[s.c1+1], ys[s.r1+1]},
			Row: s.r0, Col: s.c0, RowSpan: s.r1 - s.r0 + 1, ColSpan: s.c1 - s.c0 + 1,
		}
		t.Cells = append(t.Cells, cell)
		for r := s.r0; r <= s.r1; r++ {
			for c := s.c0; c <= s.c1; c++ {
				t.cellAt[r][c] = cell
			}
		}
		if i > 0 && list[i-1].r0 <= s.r1 && s.r0 <= list[i-1].r1 {
			sideBySide = true
		}
	}
	if !sideBySide {
		return nil
	}
	return t
}

// span is a cell in grid units: rows r0…r1, columns c0…c1, of n grid cells.
type span struct{ r0, c0, r1, c1, n int }

// stackRuns joins each run of one row (pieces, in reading order) to the
// run of the same columns in the row above when open(r, c) says nothing is
// ruled below grid cell (r, c) along all its columns.
func stackRuns(pieces []*span, open func(r, c int) bool) []*span {
	openBelow := func(q *span) bool {
		for c := q.c0; c <= q.c1; c++ {
			if !open(q.r1, c) {
				return false
			}
		}
		return true
	}
	var out []*span
next:
	for _, p := range pieces {
		for _, q := range out {
			if q.r1 == p.r0-1 && q.c0 == p.c0 && q.c1 == p.c1 && openBelow(q) {
				q.r1 = p.r1
				continue next
			}
		}
		out = append(out, p)
	}
	return out
}
