// Package docx reads a report published as a Word 2007+ document (DOCX, also
// what WPS and LibreOffice write) into the layout intermediate: body
// paragraphs and text boxes as lines in order, tables as grids with their
// horizontal (gridSpan, gridBefore/gridAfter) and vertical (vMerge) merges,
// automatic numbering rendered as printed, fields by their shown result and
// tracked changes as accepted (insertions kept, deletions dropped).
package docx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
	"github.com/gongkai/gongkai/parse/zipxml"
)

// Budgets for one document. A real report is a few hundred kilobytes of
// XML, a few hundred table cells and tables nested at most twice; beyond
// these a document is a zip bomb or a generator gone wrong, and reading it
// would only cost memory.
const (
	maxMembers  = 5000     // zip entries
	maxPartSize = 64 << 20 // expanded bytes of one XML part
	maxExpanded = 96 << 20 // expanded bytes of all parts read
	maxCells    = 100_000  // table cells in the document
	maxDepth    = 8        // tables inside tables
	maxSpan     = 64       // gridSpan, gridBefore, gridAfter
	maxColumns  = 512      // grid columns of one row
)

// Errors a caller can tell apart.
var (
	ErrNotDOCX  = errors.New("docx: not a Word document (no word/document.xml)")
	ErrTooLarge = zipxml.ErrTooLarge
)

// Read parses a DOCX file.
func Read(data []byte) (*layout.Document, error) {
	doc, err := read(data)
	if err != nil && !errors.Is(err, ErrNotDOCX) {
		return nil, fmt.Errorf("docx: %w", err)
	}
	return doc, err
}

func read(data []byte) (*layout.Document, error) {
	p, err := zipxml.Open(data, zipxml.Limits{Members: maxMembers, Part: maxPartSize, Expanded: maxExpanded})
	if err != nil {
		return nil, err
	}
	main := mainPart(p)
	if main == "" {
		return nil, ErrNotDOCX
	}
	r := &reader{numbering: newNumbering()}
	rels := relations(p, main)
	if part := rels["numbering"]; part != "" && p.Has(part) {
		if err := p.Parse(part, r.numbering.readDefinitions); err != nil {
			return nil, err
		}
	}
	if part := rels["styles"]; part != "" && p.Has(part) {
		if err := p.Parse(part, r.numbering.readStyles); err != nil {
			return nil, err
		}
	}
	if err := p.Parse(main, r.readBody); err != nil {
		return nil, err
	}
	doc := &layout.Document{Blocks: r.blocks}
	if p.Has("docProps/core.xml") {
		doc.Title = title(p, "docProps/core.xml")
	}
	return doc, nil
}

// mainPart is the main document part named by the package relationships,
// word/document.xml when they do not say.
func mainPart(p *zipxml.Package) string {
	for _, rel := range readRels(p, "_rels/.rels", "") {
		if strings.HasSuffix(rel.Type, "/officeDocument") && p.Has(rel.Target) {
			return rel.Target
		}
	}
	if p.Has("word/document.xml") {
		return "word/document.xml"
	}
	return ""
}

type relation struct{ Type, Target string }

// relations maps the last word of each relationship type of part (styles,
// numbering, …) to the part it names.
func relations(p *zipxml.Package, part string) map[string]string {
	dir, name := path.Split(part)
	out := map[string]string{}
	for _, rel := range readRels(p, dir+"_rels/"+name+".rels", dir) {
		out[rel.Type[strings.LastIndexByte(rel.Type, '/')+1:]] = rel.Target
	}
	return out
}

// readRels reads a relationships part, with targets resolved against dir.
// A missing or broken part has no relationships.
func readRels(p *zipxml.Package, name, dir string) []relation {
	var rels []relation
	_ = p.Parse(name, func(d *xml.Decoder) error {
		for {
			tok, err := d.Token()
			if err != nil {
				return err
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
				if zipxml.Attr(se, "TargetMode") == "External" {
					continue
				}
				target := zipxml.Attr(se, "Target")
				if strings.HasPrefix(target, "/") {
					target = target[1:]
				} else {
					target = path.Join(dir, target)
				}
				rels = append(rels, relation{zipxml.Attr(se, "Type"), target})
			}
		}
	})
	return rels
}

// title is the document's title property, when it has one.
func title(p *zipxml.Package, name string) string {
	var title string
	_ = p.Parse(name, func(d *xml.Decoder) error {
		for {
			tok, err := d.Token()
			if err != nil {
				return err
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "title" {
				var s string
				if err := d.DecodeElement(&s, &se); err != nil {
					return err
				}
				title = layout.Clean(s)
				return nil
			}
		}
	})
	return title
}

// The WordprocessingML namespaces: transitional and strict.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

// on reports whether a toggle property such as <w:vanish/> is set.
func on(se xml.StartElement) bool {
	switch zipxml.Attr(se, "val") {
	case "0", "false", "off":
		return false
	}
	return true
}

// reader turns the body's tokens into blocks.
type reader struct {
	numbering *numbering
	blocks    []layout.Block
	tables    int // tables emitted so far, for provenance
	cells     int
	stack     []*table // open tables, innermost last
	para      []*paragraph
}

// paragraph is one open <w:p>.
type paragraph struct {
	text          strings.Builder
	linked, plain bool // has text inside a hyperlink, outside one
	numID, ilvl   string
	hasNum, style bool
	styleID       string
}

// table is one open <w:tbl>: its rows of cells as read, merges resolved
// when it closes.
type table struct {
	rows   []*row
	nested bool // holds a table: it lays out the page, its cells flow as text
}

type row struct {
	before, after int
	cells         []*cell
}

type cell struct {
	span   int
	vMerge string // "", "restart" or "continue"
	blocks []layout.Block
}

// readBody walks document.xml.
func (r *reader) readBody(d *xml.Decoder) error {
	skip := 0 // depth inside a part of the tree whose text is not shown
	var skipName xml.Name
	hidden := false // the current run is hidden text
	links := 0      // depth inside w:hyperlink
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				if t.Name == skipName {
					skip++
				}
				continue
			}
			if t.Name.Space == nsMC && t.Name.Local == "Fallback" {
				skip, skipName = 1, t.Name // the same content as the Choice, for older readers
				continue
			}
			if !isW(t.Name) {
				continue
			}
			switch t.Name.Local {
			case "del", "moveFrom", "instrText", "delInstrText", "rt", "footnoteReference", "endnoteReference", "pPrChange", "rPrChange":
				skip, skipName = 1, t.Name
			case "p":
				r.para = append(r.para, &paragraph{})
			case "pStyle":
				if p := r.current(); p != nil {
					p.styleID, p.style = zipxml.Attr(t, "val"), true
				}
			case "numId":
				if p := r.current(); p != nil {
					p.numID, p.hasNum = zipxml.Attr(t, "val"), true
				}
			case "ilvl":
				if p := r.current(); p != nil {
					p.ilvl = zipxml.Attr(t, "val")
				}
			case "r":
				hidden = false
			case "vanish":
				hidden = on(t)
			case "t":
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return err
				}
				if p := r.current(); p != nil && !hidden {
					r.startText(p)
					p.text.WriteString(s)
					p.linked = p.linked || links > 0
					p.plain = p.plain || (links == 0 && strings.TrimSpace(s) != "")
				}
			case "hyperlink":
				links++
			case "tab", "ptab":
				if p := r.current(); p != nil {
					r.startText(p)
					p.text.WriteByte('\t')
				}
			case "br", "cr":
				if p := r.current(); p != nil {
					r.startText(p)
					p.text.WriteByte('\n')
				}
			case "noBreakHyphen":
				if p := r.current(); p != nil {
					r.startText(p)
					p.text.WriteByte('-')
				}
			case "tbl":
				if len(r.stack) >= maxDepth {
					return fmt.Errorf("%w: tables nested deeper than %d", ErrTooLarge, maxDepth)
				}
				if n := len(r.stack); n > 0 {
					r.stack[n-1].nested = true
				}
				r.stack = append(r.stack, &table{})
			case "tr":
				if t := r.table(); t != nil {
					t.rows = append(t.rows, &row{})
				}
			case "gridBefore", "gridAfter":
				if rw := r.row(); rw != nil {
					n := spanValue(t)
					if t.Name.Local == "gridBefore" {
						rw.before = n
					} else {
						rw.after = n
					}
				}
			case "tc":
				if rw := r.row(); rw != nil {
					r.cells++
					if r.cells > maxCells {
						return fmt.Errorf("%w: more than %d table cells", ErrTooLarge, maxCells)
					}
					rw.cells = append(rw.cells, &cell{span: 1})
				}
			case "gridSpan":
				if c := r.cell(); c != nil {
					c.span = max(spanValue(t), 1)
				}
			case "vMerge":
				if c := r.cell(); c != nil {
					c.vMerge = "continue"
					if zipxml.Attr(t, "val") == "restart" {
						c.vMerge = "restart"
					}
				}
			}
		case xml.EndElement:
			if skip > 0 {
				if t.Name == skipName {
					skip--
				}
				continue
			}
			if !isW(t.Name) {
				continue
			}
			switch t.Name.Local {
			case "hyperlink":
				links = max(links-1, 0)
			case "p":
				if err := r.endParagraph(); err != nil {
					return err
				}
			case "tbl":
				if n := len(r.stack); n > 0 {
					tb := r.stack[n-1]
					r.stack = r.stack[:n-1]
					if err := r.endTable(tb); err != nil {
						return err
					}
				}
			}
		}
	}
}

func (r *reader) current() *paragraph {
	if n := len(r.para); n > 0 {
		return r.para[n-1]
	}
	return nil
}

func (r *reader) table() *table {
	if n := len(r.stack); n > 0 {
		return r.stack[n-1]
	}
	return nil
}

func (r *reader) row() *row {
	if t := r.table(); t != nil && len(t.rows) > 0 {
		return t.rows[len(t.rows)-1]
	}
	return nil
}

func (r *reader) cell() *cell {
	if rw := r.row(); rw != nil && len(rw.cells) > 0 {
		return rw.cells[len(rw.cells)-1]
	}
	return nil
}

// startText puts the paragraph's automatic number before its first text, so
// that an empty numbered paragraph prints nothing, as Word shows it.
func (r *reader) startText(p *paragraph) {
	if p.text.Len() > 0 {
		return
	}
	numID, ilvl := p.numID, p.ilvl
	if !p.hasNum && p.style {
		numID, ilvl = r.numbering.styleNumbering(p.styleID)
	}
	if label := r.numbering.next(numID, ilvl); label != "" {
		p.text.WriteString(label)
	}
}

// emit adds a block where the text now flows: the innermost open cell, or
// the body.
func (r *reader) emit(b layout.Block) {
	if c := r.cell(); c != nil {
		c.blocks = append(c.blocks, b)
		return
	}
	r.blocks = append(r.blocks, b)
}

// endParagraph closes a paragraph: each line of it a block. A paragraph that
// is nothing but a link is a web page's navigation (a page saved as a
// document keeps its menus and its list of other years' reports), not
// the report's text, and is left out as the HTML reader leaves out links
// when it looks for the title.
func (r *reader) endParagraph() error {
	n := len(r.para)
	if n == 0 {
		return nil
	}
	p := r.para[n-1]
	r.para = r.para[:n-1]
	if p.linked && !p.plain {
		return nil
	}
	for line := range strings.SplitSeq(p.text.String(), "\n") {
		if t := layout.Clean(line); t != "" {
			r.emit(layout.Block{Text: t})
		}
	}
	return nil
}

// endTable places a closed table. A table holding tables lays out the page
// (as in HTML, only innermost tables are data): its cells' contents flow on
// in reading order. Otherwise it becomes a grid.
func (r *reader) endTable(t *table) error {
	if t.nested {
		for _, rw := range t.rows {
			for _, c := range rw.cells {
				for _, b := range c.blocks {
					r.emit(b)
				}
			}
		}
		return nil
	}
	grid, err := t.grid(r.tables)
	if err != nil {
		return err
	}
	if len(grid.Rows) == 0 {
		return nil
	}
	index := r.tables
	r.tables++
	r.emit(layout.Block{Table: grid, At: gongkai.At{Table: &index}})
	return nil
}

// grid places the table's cells on its grid columns, counting gridBefore
// and gridSpan.
func (t *table) grid(index int) (*layout.Table, error) {
	rows := make([][]layout.FlowCell, len(t.rows))
	for r, rw := range t.rows {
		col := rw.before
		for _, c := range rw.cells {
			if col+c.span+rw.after > maxColumns {
				return nil, fmt.Errorf("%w: a table row wider than %d columns", ErrTooLarge, maxColumns)
			}
			var parts []string
			for _, b := range c.blocks {
				parts = append(parts, b.Text)
			}
			rows[r] = append(rows[r], layout.FlowCell{Text: strings.Join(parts, " "), Col: col, Span: c.span, Continue: c.vMerge == "continue"})
			col += c.span
		}
	}
	return layout.FlowTable(index, rows), nil
}

// spanValue reads a count attribute (gridSpan and the like), capped.
func spanValue(se xml.StartElement) int {
	n, err := strconv.Atoi(zipxml.Attr(se, "val"))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, maxSpan)
}
