// Package layout is the intermediate every reader produces and the report
// reader consumes: a document as a sequence of text lines and table grids in
// reading order, each carrying where it was printed. HTML, scraped text and
// PDF differ in how they get here, not in what comes out.
package layout

import gongkai "github.com/gongkai/gongkai"

// Document is a document's content in reading order.
type Document struct {
	Title    string  // a title found outside the body, such as HTML <title>
	Blocks   []Block // text lines and tables in reading order
	Warnings []string
}

// Block is either one line of text or one table.
type Block struct {
	Text  string // a line or paragraph of text, whitespace collapsed; empty for a table
	Table *Table
	At    gongkai.At
	Link  bool   // the line is wholly a hyperlink, or stands in a sidebar beside the report: navigation, a list of other reports, never the title
	Image string // the source of a picture printed here (a table published as an image), as the page names it
}

// Table is a table as rows of cells. Each row lists its distinct cells left to
// right; Carried marks a cell that spans down from a row above, so the reader
// can tell a group label repeated by rowspan from one printed in this row.
// Readers that lose spans (scraped text) simply omit carried cells.
type Table struct {
	Rows [][]Cell
}

// Cell is one printed cell.
type Cell struct {
	Text    string // whitespace collapsed
	Carried bool   // spans down from a row above
	At      gongkai.At
}
