package layout

import gongkai "github.com/gongkai/gongkai"

// FlowCell is a table cell as a flowing document (DOCX, DOC) stores it: its
// text, the grid column it starts at, the columns it spans, and whether it
// continues the vertically merged cell above it.
type FlowCell struct {
	Text      string
	Col, Span int
	Continue  bool
}

// FlowTable resolves rows of flow cells into a Table numbered index: a cell
// continuing a vertical merge is the cell of the row above at its column,
// carried down, so the table reads like an HTML grid with rowspans.
func FlowTable(index int, rows [][]FlowCell) *Table {
	type anchor struct {
		text     string
		row, col int
	}
	var above []*anchor // grid column → anchor of the previous row
	out := &Table{}
	for r, row := range rows {
		var line []*anchor
		for _, c := range row {
			span := max(c.Span, 1)
			var a *anchor
			if c.Continue && c.Col < len(above) && above[c.Col] != nil {
				a = above[c.Col]
			} else {
				a = &anchor{text: Clean(c.Text), row: r, col: c.Col}
			}
			for len(line) < c.Col+span {
				line = append(line, nil)
			}
			for i := range span {
				line[c.Col+i] = a
			}
		}
		var cells []Cell
		var last *anchor
		for _, a := range line {
			if a == nil || a == last {
				continue
			}
			last = a
			ti, ri, ci := index, a.row, a.col
			cells = append(cells, Cell{Text: a.text, Carried: a.row < r, At: gongkai.At{Table: &ti, Row: &ri, Col: &ci}})
		}
		if len(cells) > 0 {
			out.Rows = append(out.Rows, cells)
		}
		above = line
	}
	return out
}
