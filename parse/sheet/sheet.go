// Package sheet reads a report, or its tables, published as an Excel 2007+
// workbook (XLSX, also what WPS and LibreOffice write) into the layout
// intermediate. Each sheet is read top to bottom: a row holding one text in
// its first column is a line of text; runs of other rows are a table, with
// merged ranges as spans (carried down where they span rows).
package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// Budgets: template tables are a few hundred cells; a workbook expanding to
// more than these is a zip bomb or a data dump, not a report.
const (
	maxExpanded = 96 << 20
	maxXML      = 32 << 20
	maxCells    = 200_000
	maxSheets   = 64
)

// ErrTooLarge is returned for a workbook over its budget.
var ErrTooLarge = errors.New("xlsx: workbook over its budget")

// Read parses an XLSX workbook.
func Read(data []byte) (doc *layout.Document, err error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxExpanded, UnzipXMLSizeLimit: maxXML})
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) > maxSheets {
		return nil, fmt.Errorf("%w: %d sheets", ErrTooLarge, len(sheets))
	}
	r := &reader{}
	for _, name := range sheets {
		if err := r.sheet(f, name); err != nil {
			return nil, fmt.Errorf("xlsx: sheet %s: %w", name, err)
		}
	}
	return &layout.Document{Blocks: r.blocks}, nil
}

type reader struct {
	blocks []layout.Block
	tables int
	cells  int
}

// region is a merged range, 0-based and inclusive.
type region struct{ top, left, bottom, right int }

func (r *reader) sheet(f *excelize.File, name string) error {
	rows, err := f.GetRows(name)
	if err != nil {
		return err
	}
	for _, row := range rows {
		r.cells += len(row)
	}
	if r.cells > maxCells {
		return fmt.Errorf("%w: more than %d cells", ErrTooLarge, maxCells)
	}
	merged, err := f.GetMergeCells(name)
	if err != nil {
		return err
	}
	// at maps a cell to the merged range covering it.
	at := map[[2]int]*region{}
	for _, m := range merged {
		var g region
		if g.left, g.top, err = excelize.CellNameToCoordinates(m.GetStartAxis()); err != nil {
			continue
		}
		if g.right, g.bottom, err = excelize.CellNameToCoordinates(m.GetEndAxis()); err != nil {
			continue
		}
		g.top, g.left, g.bottom, g.right = g.top-1, g.left-1, g.bottom-1, g.right-1
		if (g.bottom-g.top+1)*(g.right-g.left+1) > maxCells {
			return fmt.Errorf("%w: a merged range of more than %d cells", ErrTooLarge, maxCells)
		}
		for y := g.top; y <= g.bottom; y++ {
			for x := g.left; x <= g.right; x++ {
				at[[2]int{y, x}] = &g
			}
		}
	}
	width := 0
	for _, row := range rows {
		width = max(width, len(row))
	}
	for _, g := range at {
		width = max(width, g.right+1)
	}
	// A line of text is one text in the first column, alone or merged
	// across the whole sheet (LibreOffice lays paragraphs out so).
	text := make([]bool, len(rows))
	for y, row := range rows {
		filled := 0
		for _, v := range row {
			if strings.TrimSpace(v) != "" {
				filled++
			}
		}
		g := at[[2]int{y, 0}]
		text[y] = filled == 1 && strings.TrimSpace(row[0]) != "" &&
			(g == nil || (g.top == y && g.bottom == y && g.right >= width-1))
	}
	// A row of one text between table rows is a table row with its values
	// left blank.
	for y := 1; y+1 < len(rows); y++ {
		if text[y] && !text[y-1] && !text[y+1] && len(rows[y-1]) > 0 && len(rows[y+1]) > 0 && at[[2]int{y, 0}] == nil {
			text[y] = false
		}
	}
	var table [][]layout.FlowCell
	flush := func() {
		if len(table) > 0 {
			index := r.tables
			r.tables++
			if t := layout.FlowTable(index, table); len(t.Rows) > 0 {
				r.blocks = append(r.blocks, layout.Block{Table: t, At: gongkai.At{Table: &index}})
			}
		}
		table = nil
	}
	for y, row := range rows {
		if len(row) == 0 || text[y] {
			flush()
			if cell, err := excelize.CoordinatesToCellName(1, y+1); err == nil {
				if link, _, _ := f.GetCellHyperLink(name, cell); link {
					continue // a line that is only a link: a saved web page's navigation
				}
			}
			for line := range strings.SplitSeq(strings.Join(row, ""), "\n") {
				if t := layout.Clean(line); t != "" {
					r.blocks = append(r.blocks, layout.Block{Text: t})
				}
			}
			continue
		}
		var cells []layout.FlowCell
		for x := 0; x < len(row); x++ {
			g := at[[2]int{y, x}]
			if g == nil {
				cells = append(cells, layout.FlowCell{Text: row[x], Col: x, Span: 1})
				continue
			}
			if x != g.left {
				continue
			}
			c := layout.FlowCell{Col: x, Span: g.right - g.left + 1, Continue: y > g.top}
			if y == g.top {
				c.Text = row[x]
			}
			cells = append(cells, c)
			x = g.right
		}
		table = append(table, cells)
	}
	flush()
	return nil
}
