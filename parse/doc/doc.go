// Package doc reads a report published as a Word 97–2003 binary document,
// and Kingsoft WPS Writer files, which share its compound-file layout, into
// the layout intermediate. The text comes from the piece table in reading
// order; paragraph properties (in table, row end, the row's cell boundaries
// and vertical merges) come from the paragraph FKPs, so tables come out as
// grids like every other reader's.
package doc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
	"golang.org/x/text/encoding/charmap"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// Budgets: a real report has a few thousand paragraphs and some hundred
// pieces; counts far beyond are a broken or hostile file.
const (
	maxPieces = 1 << 16
	maxChars  = 8 << 20 // characters of main text
	maxCells  = 100_000
	maxCols   = 64 // cells in one row (Word's own limit is 63)
	maxDepth  = 8  // tables inside tables
)

// Errors a caller can tell apart.
var (
	ErrNotDOC    = errors.New("doc: not a Word 97–2003 document (no WordDocument stream)")
	ErrEncrypted = errors.New("doc: the document is password-protected")
	ErrCorrupt   = errors.New("doc: damaged document")
)

// Read parses a Word 97–2003 or WPS document.
func Read(data []byte) (*layout.Document, error) {
	if bytes.HasPrefix(data, []byte(`{\rtf`)) {
		return nil, fmt.Errorf("%w: an RTF file, which is not read", ErrNotDOC)
	}
	streams, err := readStreams(data)
	if err != nil {
		return nil, err
	}
	wd := streams["WordDocument"]
	if wd == nil {
		return nil, ErrNotDOC
	}
	f, err := readFIB(wd)
	if err != nil {
		return nil, err
	}
	table := streams["0Table"]
	if f.table1 {
		table = streams["1Table"]
	}
	if table == nil {
		return nil, fmt.Errorf("%w: no table stream", ErrCorrupt)
	}
	pieces, err := readPieces(table, f)
	if err != nil {
		return nil, err
	}
	papx := readPAPX(wd, table, streams["Data"], f)
	return build(wd, pieces, papx, f.ccpText)
}

// readStreams reads the compound file's streams the reader needs. A stream
// claiming more bytes than the file holds is a sector chain gone round in a
// cycle, or a lie; either way the file is damaged.
func readStreams(data []byte) (map[string][]byte, error) {
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	out := map[string][]byte{}
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		switch e.Name {
		case "WordDocument", "0Table", "1Table", "Data":
		default:
			continue
		}
		if len(e.Path) > 0 || out[e.Name] != nil {
			continue // an embedded object's stream, not the document's
		}
		if e.Size < 0 || e.Size > int64(len(data)) {
			return nil, fmt.Errorf("%w: stream %s of %d bytes in a file of %d", ErrCorrupt, e.Name, e.Size, len(data))
		}
		b, err := io.ReadAll(io.LimitReader(e, e.Size))
		if err != nil {
			return nil, fmt.Errorf("%w: stream %s: %v", ErrCorrupt, e.Name, err)
		}
		out[e.Name] = b
	}
	return out, nil
}

// fib is what the reader uses of the File Information Block.
type fib struct {
	table1             bool // the table stream is 1Table
	ccpText            int  // characters of main document text
	fcClx, lcbClx      uint32
	fcBtePapx, lcbPapx uint32
}

func readFIB(wd []byte) (fib, error) {
	var f fib
	if len(wd) < 34 || binary.LittleEndian.Uint16(wd) != 0xa5ec {
		return f, fmt.Errorf("%w: no Word file information block", ErrCorrupt)
	}
	flags := binary.LittleEndian.Uint16(wd[0x0a:])
	if flags&0x0100 != 0 {
		return f, ErrEncrypted
	}
	f.table1 = flags&0x0200 != 0
	pos := 32
	csw := int(binary.LittleEndian.Uint16(wd[pos:]))
	pos += 2 + csw*2
	if pos+2 > len(wd) {
		return f, fmt.Errorf("%w: short file information block", ErrCorrupt)
	}
	cslw := int(binary.LittleEndian.Uint16(wd[pos:]))
	lw := pos + 2
	pos = lw + cslw*4
	if cslw < 4 || pos+2 > len(wd) {
		return f, fmt.Errorf("%w: short file information block", ErrCorrupt)
	}
	f.ccpText = int(int32(binary.LittleEndian.Uint32(wd[lw+3*4:])))
	cb := int(binary.LittleEndian.Uint16(wd[pos:]))
	blob := pos + 2
	pair := func(i int) (uint32, uint32) {
		if i >= cb || blob+i*8+8 > len(wd) {
			return 0, 0
		}
		return binary.LittleEndian.Uint32(wd[blob+i*8:]), binary.LittleEndian.Uint32(wd[blob+i*8+4:])
	}
	f.fcBtePapx, f.lcbPapx = pair(13)
	f.fcClx, f.lcbClx = pair(33)
	if f.ccpText < 0 || f.ccpText > maxChars {
		return f, fmt.Errorf("%w: %d characters of text", ErrCorrupt, f.ccpText)
	}
	return f, nil
}

// piece is one run of text of the piece table: characters [cp, cpEnd) stored
// at byte offset fc of WordDocument, one byte (cp1252) or two (UTF-16) each.
type piece struct {
	cp, cpEnd  int
	fc         int
	compressed bool
}

// readPieces reads the piece table from the CLX.
func readPieces(table []byte, f fib) ([]piece, error) {
	end := int64(f.fcClx) + int64(f.lcbClx)
	if f.lcbClx == 0 || end > int64(len(table)) {
		return nil, fmt.Errorf("%w: no piece table", ErrCorrupt)
	}
	clx := table[f.fcClx:end]
	for len(clx) > 0 && clx[0] == 0x01 { // Prc: property modifiers, skipped
		if len(clx) < 3 {
			return nil, fmt.Errorf("%w: short piece table", ErrCorrupt)
		}
		n := int(binary.LittleEndian.Uint16(clx[1:]))
		if 3+n > len(clx) {
			return nil, fmt.Errorf("%w: short piece table", ErrCorrupt)
		}
		clx = clx[3+n:]
	}
	if len(clx) < 5 || clx[0] != 0x02 {
		return nil, fmt.Errorf("%w: no piece descriptors", ErrCorrupt)
	}
	lcb := int(binary.LittleEndian.Uint32(clx[1:]))
	plc := clx[5:]
	if lcb > len(plc) || lcb < 4 || (lcb-4)%12 != 0 {
		return nil, fmt.Errorf("%w: piece descriptors of %d bytes", ErrCorrupt, lcb)
	}
	n := (lcb - 4) / 12
	if n > maxPieces {
		return nil, fmt.Errorf("%w: %d pieces", ErrCorrupt, n)
	}
	pieces := make([]piece, 0, n)
	for i := range n {
		cp := int(binary.LittleEndian.Uint32(plc[i*4:]))
		cpEnd := int(binary.LittleEndian.Uint32(plc[i*4+4:]))
		pcd := plc[(n+1)*4+i*8:]
		fc := binary.LittleEndian.Uint32(pcd[2:])
		p := piece{cp: cp, cpEnd: cpEnd, fc: int(fc & 0x3fffffff), compressed: fc&0x40000000 != 0}
		if p.compressed {
			p.fc /= 2
		}
		if cpEnd < cp || cpEnd-cp > maxChars {
			return nil, fmt.Errorf("%w: piece %d runs from %d to %d", ErrCorrupt, i, cp, cpEnd)
		}
		pieces = append(pieces, p)
	}
	return pieces, nil
}

// char is one character of the main text with the file offset it is stored
// at, by which paragraph properties find their paragraph mark.
type char struct {
	r  rune
	fc int32 // streams are smaller than parse.MaxSize
}

// mainText is the main document's characters in order, from the pieces.
func mainText(wd []byte, pieces []piece, ccpText int) ([]char, error) {
	out := make([]char, 0, min(ccpText, len(wd)))
	cp1252 := charmap.Windows1252.NewDecoder()
	for _, p := range pieces {
		if p.cp >= ccpText || len(out) >= ccpText {
			break // pieces overlapping in a damaged table could repeat text without end
		}
		n := min(p.cpEnd, ccpText, p.cp+ccpText-len(out)) - p.cp
		width := 2
		if p.compressed {
			width = 1
		}
		if p.fc+n*width > len(wd) {
			return nil, fmt.Errorf("%w: text piece past the end of the stream", ErrCorrupt)
		}
		raw := wd[p.fc : p.fc+n*width]
		if p.compressed {
			for i, b := range raw {
				r := rune(b)
				if b >= 0x80 {
					s, _ := cp1252.Bytes([]byte{b})
					r = []rune(string(s))[0]
				}
				out = append(out, char{r, int32(p.fc + i)})
			}
			continue
		}
		units := make([]uint16, n)
		for i := range units {
			units[i] = binary.LittleEndian.Uint16(raw[i*2:])
		}
		for i := 0; i < n; i++ {
			r := rune(units[i])
			if utf16.IsSurrogate(r) && i+1 < n {
				out = append(out, char{utf16.DecodeRune(r, rune(units[i+1])), int32(p.fc + i*2)})
				out = append(out, char{0, int32(p.fc + i*2 + 2)}) // keeps one entry per character
				i++
				continue
			}
			out = append(out, char{r, int32(p.fc + i*2)})
		}
	}
	return out, nil
}

// Characters with a meaning in Word's text stream.
const (
	markParagraph = 0x0d
	markCell      = 0x07
	markLine      = 0x0b
	markPage      = 0x0c
	fieldBegin    = 0x13
	fieldSep      = 0x14
	fieldEnd      = 0x15
)

// field is an open field: its instructions, then its shown result.
type field struct {
	instr       strings.Builder
	shown, link bool // past the separator; a HYPERLINK field
}

// maxFields bounds field nesting (Word allows 20 levels).
const maxFields = 64

// builder turns the text and paragraph properties into blocks.
type builder struct {
	linked, plain bool // the paragraph has text inside a hyperlink, outside one
	blocks        []layout.Block
	tables        int
	cells         int
	line          strings.Builder // the paragraph being read
	stack         []*table        // open tables, outermost first: the nesting depth
}

// table is a table being read: its finished rows, the row and the cell
// being read.
type table struct {
	rows    []tableRow
	row     [][]layout.Block
	content []layout.Block
	nested  bool // holds a table: it lays out the page, its cells flow as text
}

type tableRow struct {
	cells [][]layout.Block
	props paraProps
}

// build walks the main text: field instructions are skipped and their
// results kept, paragraph and cell marks close paragraphs with the
// properties the FKPs give their mark.
func build(wd []byte, pieces []piece, papx *papxIndex, ccpText int) (*layout.Document, error) {
	chars, err := mainText(wd, pieces, ccpText)
	if err != nil {
		return nil, err
	}
	b := &builder{}
	var fields []field // open fields, innermost last
	for _, c := range chars {
		switch c.r {
		case fieldBegin:
			if len(fields) >= maxFields {
				return nil, fmt.Errorf("%w: fields nested deeper than %d", ErrCorrupt, maxFields)
			}
			fields = append(fields, field{})
			continue
		case fieldSep:
			if n := len(fields); n > 0 {
				f := &fields[n-1]
				f.shown = true
				f.link = strings.Contains(strings.ToUpper(f.instr.String()), "HYPERLINK")
			}
			continue
		case fieldEnd:
			if n := len(fields); n > 0 {
				fields = fields[:n-1]
			}
			continue
		}
		if n := len(fields); n > 0 && !fields[n-1].shown && c.r != markParagraph && c.r != markCell {
			if fields[n-1].instr.Len() < 256 {
				fields[n-1].instr.WriteRune(c.r)
			}
			continue // a field's instructions
		}
		if c.r > ' ' && c.r != 0x3000 {
			if slices.ContainsFunc(fields, func(f field) bool { return f.link }) {
				b.linked = true
			} else {
				b.plain = true
			}
		}
		switch c.r {
		case markParagraph, markCell, markPage:
			if err := b.endParagraph(c.r, papx.props(int(c.fc))); err != nil {
				return nil, err
			}
		case markLine:
			b.line.WriteByte('\n')
		case '\t':
			b.line.WriteByte('\t')
		case 0x1e:
			b.line.WriteByte('-') // non-breaking hyphen
		case 0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x1f:
			// pictures, drawn objects, note marks, optional hyphens
		default:
			b.line.WriteRune(c.r)
		}
	}
	if err := b.endParagraph(markParagraph, paraProps{}); err != nil {
		return nil, err
	}
	for len(b.stack) > 0 {
		b.closeTable()
	}
	return &layout.Document{Blocks: b.blocks}, nil
}

// endParagraph closes a paragraph at its mark. The paragraph's nesting
// depth opens and closes tables; at its depth, a cell mark (an inner-cell
// paragraph in a nested table) ends a cell and the row-end paragraph (TTP)
// ends the row; at depth 0 it is a line of the body.
func (b *builder) endParagraph(mark rune, p paraProps) error {
	text := b.line.String()
	b.line.Reset()
	if b.linked && !b.plain {
		text = "" // a paragraph that is only a link: a saved web page's navigation
	}
	b.linked, b.plain = false, false
	depth := p.depth
	if depth == 0 && p.inTable {
		depth = 1
	}
	// Without properties (a document whose FKPs are missing), a cell mark
	// alone right after a cell mark ends the row, as Word writes it.
	if !p.known && mark == markCell {
		depth = 1
		if n := len(b.stack); n > 0 {
			t := b.stack[n-1]
			p.rowEnd = text == "" && len(t.content) == 0 && len(t.row) > 0
		}
	}
	depth = max(min(depth, maxDepth), 0)
	for len(b.stack) > depth {
		b.closeTable()
	}
	for len(b.stack) < depth {
		if n := len(b.stack); n > 0 {
			b.stack[n-1].nested = true
		}
		b.stack = append(b.stack, &table{})
	}
	var lines []layout.Block
	for line := range strings.SplitSeq(text, "\n") {
		if t := layout.Clean(line); t != "" {
			lines = append(lines, layout.Block{Text: t})
		}
	}
	if depth == 0 {
		b.blocks = append(b.blocks, lines...)
		return nil
	}
	t := b.stack[depth-1]
	if (depth == 1 && p.rowEnd) || (depth > 1 && p.innerRowEnd) {
		t.endRow(p)
		return nil
	}
	t.content = append(t.content, lines...)
	if (depth == 1 && mark == markCell) || (depth > 1 && p.innerCell) {
		b.cells++
		if b.cells > maxCells {
			return fmt.Errorf("%w: more than %d table cells", ErrCorrupt, maxCells)
		}
		t.row = append(t.row, t.content)
		t.content = nil
	}
	return nil
}

func (t *table) endRow(p paraProps) {
	if len(t.content) > 0 { // paragraphs after the last cell mark
		t.row = append(t.row, t.content)
		t.content = nil
	}
	if len(t.row) > 0 {
		t.rows = append(t.rows, tableRow{cells: t.row, props: p})
	}
	t.row = nil
}

// emit adds a block where the text now flows: the open cell of the
// innermost table, or the body.
func (b *builder) emit(blocks ...layout.Block) {
	if n := len(b.stack); n > 0 {
		b.stack[n-1].content = append(b.stack[n-1].content, blocks...)
		return
	}
	b.blocks = append(b.blocks, blocks...)
}

// closeTable ends the innermost open table. A table holding tables lays out
// the page (as in HTML, only innermost tables are data): its cells flow on
// as text. Otherwise its cells are placed on the columns of the row
// boundaries (rgdxaCenter of each row's TDefTable), so rows of different
// cell counts line up and a vertically merged cell finds the cell above it.
func (b *builder) closeTable() {
	n := len(b.stack)
	t := b.stack[n-1]
	b.stack = b.stack[:n-1]
	t.endRow(paraProps{})
	if t.nested {
		for _, r := range t.rows {
			for _, c := range r.cells {
				b.emit(c...)
			}
		}
		return
	}
	if len(t.rows) == 0 {
		return
	}
	var edges []int
	for _, r := range t.rows {
		edges = append(edges, r.props.bounds...)
	}
	slices.Sort(edges)
	edges = slices.Compact(edges)
	rows := make([][]layout.FlowCell, len(t.rows))
	for ri, r := range t.rows {
		for i, content := range r.cells {
			var parts []string
			for _, bl := range content {
				parts = append(parts, bl.Text)
			}
			c := layout.FlowCell{Text: strings.Join(parts, " "), Col: i, Span: 1}
			if bd := r.props.bounds; i+1 < len(bd) {
				c.Col, _ = slices.BinarySearch(edges, bd[i])
				right, _ := slices.BinarySearch(edges, bd[i+1])
				c.Span = max(right-c.Col, 1)
			}
			if i < len(r.props.merges) {
				switch r.props.merges[i] {
				case mergeContinue:
					c.Continue = true
				case mergeHorizontal:
					if k := len(rows[ri]) - 1; k >= 0 {
						rows[ri][k].Span = c.Col + c.Span - rows[ri][k].Col
						continue
					}
				}
			}
			rows[ri] = append(rows[ri], c)
		}
	}
	index := b.tables
	b.tables++
	if grid := layout.FlowTable(index, rows); len(grid.Rows) > 0 {
		b.emit(layout.Block{Table: grid, At: gongkai.At{Table: &index}})
	}
}
