// Package pdf reads a PDF report into a layout.Document: lines of text and
// tables rebuilt from the cell rectangles and rulings the producer drew.
//
// The file structure (objects, xref, stream filters, the content-stream
// tokenizer) comes from github.com/ledongthuc/pdf; the page interpreter is
// this package's own, because that library's text layer mis-decodes
// vertical (Identity-V) fonts, ignores CID widths and drawn lines, does not
// transform rectangles by the CTM and re-parses ToUnicode maps on every font
// switch.
//
// Every At carries the 1-based page and a box [x0 y0 x1 y1] in points, with
// x as in PDF user space and y measured down from the top of the page's
// MediaBox (top-left origin), so boxes read like the page does.
//
// In tables, a cell spanning several rows is listed on the row it starts
// and again, with Carried set and the same text, on each later row it
// spans. A table that runs onto the next page is joined into one table
// (with a warning); a spanning cell cut by the page break is carried onto
// the rows of the next page.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
	lpdf "github.com/ledongthuc/pdf"
)

// maxPages bounds the work on a corrupt page count.
const maxPages = 2000

// TimeLimit bounds the time one document may take: a content stream that
// inflates to millions of operators would otherwise hold a run for
// minutes. Real reports take milliseconds. The pages read by then are kept.
var TimeLimit = 30 * time.Second

var errTimeLimit = errors.New("time limit reached")

// Read parses a PDF document. A page that fails to parse costs that page
// and a warning; a file whose structure cannot be read is an error.
func Read(data []byte) (doc *layout.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, recovered(r)
		}
	}()
	r, err := lpdf.NewReaderEncrypted(bytes.NewReader(data), int64(len(data)), nil)
	if err != nil {
		if errors.Is(err, lpdf.ErrInvalidPassword) {
			return nil, errors.New("pdf: encrypted file needs a password")
		}
		if bytes.Contains(data, []byte("/Encrypt")) {
			return nil, fmt.Errorf("pdf: encrypted file not supported: %w", err)
		}
		return nil, fmt.Errorf("pdf: %w", err)
	}
	deadline := time.Now().Add(TimeLimit)
	r.SetDeadline(deadline) // object parsing and decoding stop there too
	doc = &layout.Document{Title: infoText(r.Trailer().Key("Info").Key("Title"))}
	pageVals, err := pageTree(r.Trailer().Key("Root").Key("Pages"))
	if err != nil {
		return nil, err
	}
	n := len(pageVals)
	fonts := map[string]*font{}
	var pages []pageOut
	for i := 1; i <= n; i++ {
		if time.Now().After(deadline) {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("pages %d–%d not read: %v (%s)", i, n, errTimeLimit, TimeLimit))
			break
		}
		p, warn := readPage(pageVals[i-1], i, fonts, deadline)
		if warn != "" {
			doc.Warnings = append(doc.Warnings, warn)
		}
		pages = append(pages, p)
	}
	if n == 0 {
		doc.Warnings = append(doc.Warnings, "no pages")
	}
	dropFurniture(pages)
	assemble(doc, pages)
	return doc, nil
}

// infoText decodes a document-information string. The library's Text
// takes UTF-16 with a byte-order mark for PDFDocEncoding, and WPS writes
// little-endian UTF-16 (mark FF FE), so the mark is checked first.
func infoText(v lpdf.Value) string {
	s := v.RawString()
	switch {
	case strings.HasPrefix(s, "\xfe\xff"):
		return layout.Clean(utf16BE(s[2:]))
	case strings.HasPrefix(s, "\xff\xfe"):
		b := []byte(s[2:])
		for i := 0; i+1 < len(b); i += 2 {
			b[i], b[i+1] = b[i+1], b[i]
		}
		return layout.Clean(utf16BE(string(b)))
	}
	return layout.Clean(v.Text())
}

// pageOut is one page's blocks before they are joined into the document.
type pageOut struct {
	num    int
	height float64
	blocks []pageBlock
}

// pageBlock is a text line or a table on a page.
type pageBlock struct {
	line  *line
	table *table
}

func (b pageBlock) top() float64 {
	if b.table != nil {
		return b.table.box.y0
	}
	return b.line.box.y0
}

// readPage interprets one page, recovering from a panic on a corrupt page.
func readPage(page lpdf.Value, num int, fonts map[string]*font, deadline time.Time) (out pageOut, warn string) {
	out.num = num
	defer func() {
		if e := recover(); e != nil {
			out.blocks = nil
			warn = fmt.Sprintf("page %d skipped: %v", num, e)
		}
	}()
	mb := inherited(page, "MediaBox")
	top, bottom := 842.0, 0.0
	if mb.Len() == 4 {
		bottom, top = math.Min(mb.Index(1).Float64(), mb.Index(3).Float64()), math.Max(mb.Index(1).Float64(), mb.Index(3).Float64())
	}
	out.height = top - bottom
	res := inherited(page, "Resources").Key("Font")
	local := map[string]*font{}
	in := &interp{top: top, deadline: deadline, fonts: func(name string) *font {
		if f, ok := local[name]; ok {
			return f
		}
		v := res.Key(name)
		key := v.String()
		f, ok := fonts[key]
		if !ok {
			f = loadFont(v)
			fonts[key] = f
		}
		local[name] = f
		return f
	}}
	in.run(page.Key("Contents"))
	pc := &in.out
	if len(pc.glyphs) == 0 {
		if pc.unmapped > 0 {
			return out, fmt.Sprintf("page %d: text in fonts without a Unicode map, not read", num)
		}
		return out, fmt.Sprintf("no text layer on page %d (scanned?)", num)
	}
	cells := findCells(pc)
	free := assign(pc.glyphs, cells)
	for _, group := range groupTables(cells) {
		out.blocks = append(out.blocks, pageBlock{table: buildTable(group)})
	}
	// Glyphs of cells that did not make a table are text.
	inTable := map[*cell]bool{}
	for _, b := range out.blocks {
		for _, row := range b.table.rows {
			for _, rc := range row {
				inTable[rc.c] = true
			}
		}
	}
	for _, c := range cells {
		if !inTable[c] {
			free = append(free, c.glyphs...)
		}
	}
	for _, l := range groupLines(free) {
		if l.text != "" {
			out.blocks = append(out.blocks, pageBlock{line: &l})
		}
	}
	sort.SliceStable(out.blocks, func(i, j int) bool { return out.blocks[i].top() < out.blocks[j].top() })
	if pc.unmapped > 0 {
		warn = fmt.Sprintf("page %d: %d glyphs without a Unicode map left out", num, pc.unmapped)
	}
	return out, warn
}

// inherited looks key up on a page and its ancestors in the page tree;
// the library's own MediaBox accessor is not exported.
func inherited(v lpdf.Value, key string) lpdf.Value {
	for depth := 0; !v.IsNull() && depth < 64; depth++ {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
		v = v.Key("Parent")
	}
	return lpdf.Value{}
}

var pageNumber = regexp.MustCompile(`^[-—–－_ ]*(第\s*)?[0-9０-９]+(\s*页)?([/ ]*(共\s*)?[0-9]+\s*页?)?[-—–－_ ]*$`)

// dropFurniture removes page numbers and running headers and footers: lines
// in the top or bottom tenth of a page that are only a page number, or whose
// text (digits aside) recurs in the margins of other pages.
func dropFurniture(pages []pageOut) {
	margin := func(p pageOut, l *line) bool {
		h := p.height
		if h <= 0 {
			h = 842
		}
		return l.box.y0 < 0.1*h || l.box.y1 > 0.9*h
	}
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '#'
			}
			return r
		}, s)
	}
	seen := map[string]int{}
	for _, p := range pages {
		onPage := map[string]bool{}
		for _, b := range p.blocks {
			if b.line != nil && margin(p, b.line) && !onPage[norm(b.line.text)] {
				onPage[norm(b.line.text)] = true
				seen[norm(b.line.text)]++
			}
		}
	}
	for i := range pages {
		p := &pages[i]
		kept := p.blocks[:0]
		for _, b := range p.blocks {
			if b.line != nil && margin(*p, b.line) &&
				(pageNumber.MatchString(b.line.text) || seen[norm(b.line.text)] >= 2) {
				continue
			}
			kept = append(kept, b)
		}
		p.blocks = kept
	}
}

// assemble appends the pages' blocks to doc, joining a table that ends a
// page with one that starts the next when their outer columns line up.
//
// Lines wrapped by the page width are joined back into their paragraph: a
// line that runs to the right margin continues on the next unless that one
// is indented (a paragraph's first line) or starts with an outline number
// (a heading). The paragraph keeps the position of its first line.
func assemble(doc *layout.Document, pages []pageOut) {
	var last *layout.Table
	var lastT *table
	var prev *line // the last text line appended, when nothing came after it
	for _, p := range pages {
		left, right := margins(p)
		for i, b := range p.blocks {
			if b.line != nil {
				if prev != nil && continues(prev, b.line, left, right) {
					n := len(doc.Blocks) - 1
					doc.Blocks[n].Text = layout.Clean(doc.Blocks[n].Text + " " + b.line.text)
				} else {
					doc.Blocks = append(doc.Blocks, layout.Block{Text: b.line.text, At: at(p.num, b.line.box)})
				}
				prev, last = b.line, nil
				continue
			}
			prev = nil
			if i == 0 && last != nil && near(lastT.box.x0, b.table.box.x0) && near(lastT.box.x1, b.table.box.x1) {
				carrySpans(lastT, b.table)
				last.Rows = append(last.Rows, rows(p.num, b.table)...)
				doc.Warnings = append(doc.Warnings, fmt.Sprintf("table continues on page %d", p.num))
			} else {
				last = &layout.Table{Rows: rows(p.num, b.table)}
				doc.Blocks = append(doc.Blocks, layout.Block{Table: last, At: at(p.num, b.table.box)})
			}
			lastT = b.table
		}
	}
}

// margins returns the left and right edges of a page's text lines.
func margins(p pageOut) (left, right float64) {
	left = math.Inf(1)
	for _, b := range p.blocks {
		if b.line != nil {
			left, right = min(left, b.line.box.x0), max(right, b.line.box.x1)
		}
	}
	return left, right
}

// outlineRE matches the outline numbers that start headings.
var outlineRE = regexp.MustCompile(`^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])`)

// continues reports whether next carries on the paragraph that prev, a line
// running to the right margin, wrapped from.
func continues(prev, next *line, left, right float64) bool {
	h := prev.box.y1 - prev.box.y0 // about one character
	return prev.box.x1 >= right-1.5*h &&
		next.box.x0 <= left+0.8*h &&
		!outlineRE.MatchString(next.text)
}

// carrySpans handles a row-spanning cell cut by a page break: an empty
// cell on the first row of the continuation that lies under a cell
// spanning rows at the foot of the previous part takes its text and counts
// as carried.
func carrySpans(prev, next *table) {
	if len(prev.rows) == 0 || len(next.rows) == 0 {
		return
	}
	lastRow := prev.rows[len(prev.rows)-1]
	for _, rc := range next.rows[0] {
		if rc.c.text != "" {
			continue
		}
		for _, up := range lastRow {
			spans := up.spanned || up.c.carried
			if spans && up.c.text != "" && near(up.c.r.x0, rc.c.r.x0) && near(up.c.r.x1, rc.c.r.x1) {
				rc.c.text, rc.c.carried = up.c.text, true
			}
		}
	}
}

// rows converts a page table's rows to layout rows.
func rows(page int, t *table) [][]layout.Cell {
	out := make([][]layout.Cell, 0, len(t.rows))
	for _, row := range t.rows {
		cs := make([]layout.Cell, len(row))
		for i, rc := range row {
			cs[i] = layout.Cell{Text: rc.c.text, Carried: rc.spanned || rc.c.carried, At: at(page, rc.c.r)}
		}
		out = append(out, cs)
	}
	return out
}

func at(page int, r rect) gongkai.At {
	round := func(v float64) float64 { return math.Round(v*100) / 100 }
	return gongkai.At{Page: page, Box: &[4]float64{round(r.x0), round(r.y0), round(r.x1), round(r.y1)}}
}
