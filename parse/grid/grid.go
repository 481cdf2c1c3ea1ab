// Package grid is the one table builder from geometry. Readers that know
// where things are on a page — PDF glyphs and drawn rulings, OCR'd words and
// rulings found in pixels, OFD text and paths, column-aligned plain text —
// hand it positioned text and ruling segments; it returns tables with their
// cells, spans and text, and the text that is in no table.
//
// Two ways to find a table:
//
//   - Lattice: the producer ruled it. Horizontal and vertical segments,
//     however they were drawn (stroked lines, thin filled rectangles, edges
//     of stroked rectangles, pieces of one line, borders drawn twice), are
//     snapped and merged; the grid lines of a table are the distinct
//     positions of its connected rulings, and a merged cell is where an
//     inner ruling is missing.
//   - Stream: nothing is ruled, but the text is aligned. Rows come from the
//     lines of text, value columns from the alignment of numbers across
//     rows. Such a table carries Ruled == false, and readers say in a
//     warning that it was rebuilt from alignment.
//
// Coordinates have the origin at the top left: x grows rightwards, y
// downwards, in whatever unit the reader uses (PDF points, pixels, or
// character columns and line numbers for plain text).
package grid

import (
	"math"
	"sort"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// Rect is an axis-aligned box, top-left origin.
type Rect struct{ X0, Y0, X1, Y1 float64 }

// W and H are the box's width and height.
func (r Rect) W() float64 { return r.X1 - r.X0 }
func (r Rect) H() float64 { return r.Y1 - r.Y0 }

func (r Rect) union(o Rect) Rect {
	return Rect{math.Min(r.X0, o.X0), math.Min(r.Y0, o.Y0), math.Max(r.X1, o.X1), math.Max(r.Y1, o.Y1)}
}

// Text is one positioned piece of text: a glyph from a PDF, a word from
// OCR, a character of column-aligned text.
type Text struct {
	S    string
	Box  Rect
	Size float64 // the font size: about the height of one character
}

// Blank reports whether a piece prints nothing: a space a producer drew
// as a glyph (an empty cell's no-break space, a space Chromium shows alone
// in an empty cell), which marks where a cell is, not text.
func (t Text) Blank() bool { return strings.TrimSpace(t.S) == "" }

func (t Text) cx() float64 { return (t.Box.X0 + t.Box.X1) / 2 }
func (t Text) cy() float64 { return (t.Box.Y0 + t.Box.Y1) / 2 }

// Segment is a horizontal or vertical ruling.
type Segment struct {
	Horizontal bool
	Pos        float64 // y of a horizontal ruling, x of a vertical one
	Lo, Hi     float64 // its extent along the ruling
}

// Table is one table: its cells on a grid of rows and columns.
type Table struct {
	Box   Rect
	Cells []*Cell // in reading order: by row, then column
	Rows  int     // grid rows
	Cols  int     // grid columns
	Ruled bool    // false when rebuilt from the alignment of text

	// For a ruled table, the grid lines and the cell covering each grid
	// cell, so that placing text is a lookup, not a search.
	xs, ys []float64
	cellAt [][]*Cell
}

// Cell is one printed cell, possibly spanning several grid rows and columns.
type Cell struct {
	Box              Rect
	Text             string
	Row, Col         int // the grid row and column it starts at
	RowSpan, ColSpan int
	texts            []Text
}

// Layout returns the table as layout rows: each grid row lists the cells
// in it left to right, and a cell spanning down from an earlier row is
// listed again, Carried, with the same text. A row that prints nothing of
// its own (a strip between double borders) is left out. at converts a box
// to the reader's provenance.
func (t *Table) Layout(at func(Rect) gongkai.At) [][]layout.Cell {
	type placed struct {
		c       *Cell
		carried bool
	}
	rows := make([][]placed, t.Rows)
	for _, c := range t.Cells {
		for r := c.Row; r < c.Row+c.RowSpan && r < t.Rows; r++ {
			rows[r] = append(rows[r], placed{c, r > c.Row})
		}
	}
	var out [][]layout.Cell
	for _, row := range rows {
		empty := true
		for _, p := range row {
			empty = empty && (p.carried || p.c.Text == "")
		}
		if empty {
			continue
		}
		sort.SliceStable(row, func(i, j int) bool { return row[i].c.Col < row[j].c.Col })
		cells := make([]layout.Cell, len(row))
		for i, p := range row {
			cells[i] = layout.Cell{Text: p.c.Text, Carried: p.carried, At: at(p.c.Box)}
		}
		out = append(out, cells)
	}
	return out
}

// Limits bound the work on hostile input: the checks between segments and
// between cells are quadratic, and a page of real report has far fewer.
const (
	MaxSegments = 1 << 13
	MaxTexts    = 1 << 16
)

// Line is a line of text: pieces side by side on one baseline.
type Line struct {
	Text   string
	Box    Rect
	Pieces []Text // left to right
}

// Lines groups pieces into lines by their vertical centre and orders the
// lines top to bottom and each line left to right. A gap wider than a
// quarter of the font size becomes a space; a piece printed twice at the
// same place (fake bold) is kept once.
func Lines(ts []Text) []Line {
	if len(ts) == 0 {
		return nil
	}
	sorted := append([]Text(nil), ts...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].cy() < sorted[j].cy() })
	var groups [][]Text
	var ref float64
	for _, t := range sorted {
		n := len(groups)
		if n > 0 && t.cy()-ref <= 0.4*math.Max(t.Size, 1) {
			groups[n-1] = append(groups[n-1], t)
			continue
		}
		groups = append(groups, []Text{t})
		ref = t.cy()
	}
	lines := make([]Line, 0, len(groups))
	for _, grp := range groups {
		lines = append(lines, lineOf(grp))
	}
	return lines
}

// lineOf makes one line of pieces on one baseline, reordering them left to
// right in place.
func lineOf(grp []Text) Line {
	sort.SliceStable(grp, func(i, j int) bool { return grp[i].Box.X0 < grp[j].Box.X0 })
	var b strings.Builder
	box := grp[0].Box
	pieces := grp[:0]
	for i, t := range grp {
		if i > 0 {
			prev := pieces[len(pieces)-1]
			if t.S == prev.S && math.Abs(t.Box.X0-prev.Box.X0) < 0.3*t.Size {
				continue
			}
			if t.Box.X0-prev.Box.X1 > 0.25*t.Size {
				b.WriteByte(' ')
			}
		}
		b.WriteString(t.S)
		box = box.union(t.Box)
		pieces = append(pieces, t)
	}
	return Line{Text: layout.Clean(b.String()), Box: box, Pieces: pieces}
}

// textOf is the text of a cell's pieces: their lines top to bottom, so a
// vertical label (one character per line) reads in order.
func textOf(ts []Text) string {
	lines := Lines(ts)
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = l.Text
	}
	return layout.Clean(strings.Join(parts, " "))
}

// Fill puts each piece of text into the cell of tables around its centre
// (the smallest, where a table lies inside another), sets the cells' text,
// and returns the pieces that are in no cell.
func Fill(tables []*Table, ts []Text) (rest []Text) {
	for _, t := range ts {
		x, y := t.cx(), t.cy()
		var best *Cell
		for _, tb := range tables {
			if x < tb.Box.X0-1 || x > tb.Box.X1+1 || y < tb.Box.Y0-1 || y > tb.Box.Y1+1 {
				continue
			}
			if c := tb.cellOf(x, y); c != nil && (best == nil || c.Box.W()*c.Box.H() < best.Box.W()*best.Box.H()) {
				best = c
			}
		}
		if best == nil {
			rest = append(rest, t)
			continue
		}
		best.texts = append(best.texts, t)
	}
	for _, tb := range tables {
		if tb.Ruled {
			tb.splitUnruledRows()
		}
		for _, c := range tb.Cells {
			c.Text = textOf(c.texts)
		}
	}
	return rest
}

// cellOf returns the cell around (x, y), or nil.
func (t *Table) cellOf(x, y float64) *Cell {
	if t.cellAt == nil {
		for _, c := range t.Cells {
			if x >= c.Box.X0-0.5 && x <= c.Box.X1+0.5 && y >= c.Box.Y0-0.5 && y <= c.Box.Y1+0.5 {
				return c
			}
		}
		return nil
	}
	r := sort.SearchFloat64s(t.ys, y) - 1
	c := sort.SearchFloat64s(t.xs, x) - 1
	r, c = min(max(r, 0), t.Rows-1), min(max(c, 0), t.Cols-1)
	return t.cellAt[r][c]
}
