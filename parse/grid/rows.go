package grid

import (
	"math"
	"sort"
)

// splitUnruledRows finds the rows a producer left unruled inside a ruled
// table — a body with vertical rulings only, or one inner border dropped —
// and splits them: where two or more cells of a grid row hold the same
// number of lines, and their lines lie at the same heights, each line is a
// row of its own, if a line of them is a number. A cell with one line
// there (a label centred on the rows it names) spans them. A wrapped label
// alone splits nothing, nor do headers wrapped alike (本年新 / 制作数量),
// nor numbers wrapped in narrow cells (１ over ０ for 10) beside a number
// standing between their lines: a value spans no rows.
func (t *Table) splitUnruledRows() {
	for r := t.Rows - 1; r >= 0; r-- {
		bounds := t.unruledRows(r)
		if len(bounds) == 0 {
			continue
		}
		k := len(bounds) + 1
		var split []*Cell
		for _, c := range t.Cells {
			switch {
			case c.Row > r:
				c.Row += k - 1
			case c.Row == r && c.RowSpan == 1:
				split = append(split, c)
			case c.Row <= r && c.Row+c.RowSpan > r:
				c.RowSpan += k - 1
			}
		}
		for _, c := range split {
			if len(Lines(c.texts)) < 2 {
				c.RowSpan = k // one line: it spans the new rows
				continue
			}
			parts := make([]*Cell, k)
			for i := range parts {
				y0, y1 := c.Box.Y0, c.Box.Y1
				if i > 0 {
					y0 = bounds[i-1]
				}
				if i < k-1 {
					y1 = bounds[i]
				}
				parts[i] = &Cell{Box: Rect{c.Box.X0, y0, c.Box.X1, y1}, Row: r + i, Col: c.Col, RowSpan: 1, ColSpan: c.ColSpan}
			}
			for _, tx := range c.texts {
				parts[sort.SearchFloat64s(bounds, tx.cy())].texts = append(parts[sort.SearchFloat64s(bounds, tx.cy())].texts, tx)
			}
			*c = *parts[0]
			t.Cells = append(t.Cells, parts[1:]...)
		}
		ys := append([]float64{}, t.ys[:r+1]...)
		ys = append(ys, bounds...)
		t.ys = append(ys, t.ys[r+1:]...)
		t.Rows += k - 1
	}
	sort.SliceStable(t.Cells, func(i, j int) bool {
		if t.Cells[i].Row != t.Cells[j].Row {
			return t.Cells[i].Row < t.Cells[j].Row
		}
		return t.Cells[i].Col < t.Cells[j].Col
	})
	t.cellAt = make([][]*Cell, t.Rows)
	for i := range t.cellAt {
		t.cellAt[i] = make([]*Cell, t.Cols)
	}
	for _, c := range t.Cells {
		for i := c.Row; i < c.Row+c.RowSpan && i < t.Rows; i++ {
			for j := c.Col; j < c.Col+c.ColSpan && j < t.Cols; j++ {
				t.cellAt[i][j] = c
			}
		}
	}
}

// unruledRows returns the boundaries (midways between lines) of the rows
// printed unruled inside grid row r, or nil.
func (t *Table) unruledRows(r int) []float64 {
	var centres [][]float64 // per cell of the row with two lines or more
	numbers := false
	for _, c := range t.Cells {
		if c.Row != r || c.RowSpan != 1 {
			continue
		}
		lines := Lines(c.texts)
		if len(lines) < 2 {
			continue
		}
		cs := make([]float64, len(lines))
		for i, l := range lines {
			cs[i] = (l.Box.Y0 + l.Box.Y1) / 2
			numbers = numbers || isNumber(l.Text)
		}
		centres = append(centres, cs)
	}
	if len(centres) < 2 || !numbers {
		// headers wrapped alike (本年新 / 制作数量 beside 对外公开总数 / 量)
		// are one row: only lines of values tell rows left unruled
		return nil
	}
	k := len(centres[0])
	half := 0.5 * t.lineHeight(r)
	for _, c := range t.Cells {
		if c.Row != r || c.RowSpan != 1 {
			continue
		}
		if lines := Lines(c.texts); len(lines) == 1 && isNumber(lines[0].Text) && !onALine(lines[0], centres[0], half) {
			return nil
		}
	}
	for _, cs := range centres {
		if len(cs) != k {
			return nil
		}
		for i := range cs {
			if math.Abs(cs[i]-centres[0][i]) > half {
				return nil
			}
		}
	}
	bounds := make([]float64, k-1)
	for i := range bounds {
		var lo, hi float64
		for _, cs := range centres {
			lo += cs[i]
			hi += cs[i+1]
		}
		bounds[i] = (lo + hi) / 2 / float64(len(centres))
	}
	return bounds
}

// onALine reports whether line l stands at one of the heights in centres.
func onALine(l Line, centres []float64, tol float64) bool {
	cy := (l.Box.Y0 + l.Box.Y1) / 2
	for _, c := range centres {
		if math.Abs(cy-c) <= tol {
			return true
		}
	}
	return false
}

// lineHeight is the height of a line of text in grid row r.
func (t *Table) lineHeight(r int) float64 {
	for _, c := range t.Cells {
		if c.Row == r && len(c.texts) > 0 {
			return c.texts[0].Box.H()
		}
	}
	return 1
}
