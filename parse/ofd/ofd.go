// Package ofd reads a report published as OFD (GB/T 33190, the national
// fixed-layout format of the 全真版 beside an HTML 文字版) into the layout
// intermediate. An OFD is a zip of XML: each page lists positioned text
// (TextObject: a boundary, an optional matrix, TextCode runs with glyph
// advances) and vector paths (PathObject). The text pieces and the straight
// path segments go to parse/grid, the one table builder from geometry, as a
// PDF page's do: ruled tables from the paths, unruled ones from alignment,
// the rest lines of text. Provenance is the page and the box, in
// millimetres from the page's top left.
package ofd

import (
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
	"github.com/gongkai/gongkai/parse/zipxml"
)

// Budgets for one document: real reports have a dozen pages of a few
// thousand objects; beyond these a file is a bomb or a scan of a book.
const (
	maxMembers  = 5000
	maxPartSize = 32 << 20
	maxExpanded = 96 << 20
	maxPages    = 500
	maxDepth    = 16 // nested PageBlocks
	// edgeTol is how far apart, in millimetres, two rulings may be and
	// still coincide (the 2 points the PDF reader allows).
	edgeTol = 0.7
)

// Errors a caller can tell apart.
var (
	ErrNotOFD   = errors.New("ofd: not an OFD document (no OFD.xml naming a document)")
	ErrTooLarge = zipxml.ErrTooLarge
)

// Read parses an OFD file.
func Read(data []byte) (*layout.Document, error) {
	doc, err := read(data)
	if err != nil && !errors.Is(err, ErrNotOFD) {
		return nil, fmt.Errorf("ofd: %w", err)
	}
	return doc, err
}

func read(data []byte) (*layout.Document, error) {
	p, err := zipxml.Open(data, zipxml.Limits{Members: maxMembers, Part: maxPartSize, Expanded: maxExpanded})
	if err != nil {
		return nil, err
	}
	var root string
	if err := p.Parse("OFD.xml", func(d *xml.Decoder) error {
		return eachElement(d, func(se xml.StartElement) (bool, error) {
			if se.Name.Local != "DocRoot" {
				return false, nil
			}
			var s string
			if err := d.DecodeElement(&s, &se); err != nil {
				return false, err
			}
			root = resolve("", strings.TrimSpace(s))
			return true, nil
		})
	}); err != nil {
		return nil, err
	}
	if root == "" || !p.Has(root) {
		return nil, ErrNotOFD
	}
	docDir := path.Dir(root)
	area := grid.Rect{X1: 210, Y1: 297} // A4, when the document does not say
	var pages []string
	if err := p.Parse(root, func(d *xml.Decoder) error {
		inCommon := false
		return eachElement(d, func(se xml.StartElement) (bool, error) {
			switch se.Name.Local {
			case "CommonData":
				inCommon = true
			case "Pages":
				inCommon = false
			case "PhysicalBox":
				var s string
				if err := d.DecodeElement(&s, &se); err != nil {
					return false, err
				}
				if r, ok := box(s); ok && inCommon {
					area = r
				}
			case "Page":
				if loc := zipxml.Attr(se, "BaseLoc"); loc != "" {
					if len(pages) >= maxPages {
						return false, fmt.Errorf("%w: more than %d pages", ErrTooLarge, maxPages)
					}
					pages = append(pages, resolve(docDir, loc))
				}
			}
			return false, nil
		})
	}); err != nil {
		return nil, err
	}
	doc := &layout.Document{}
	for i, pg := range pages {
		pc := &pageContent{area: area}
		if err := p.Parse(pg, pc.read); err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		pc.blocks(doc, i+1)
	}
	return doc, nil
}

// eachElement calls visit for every start element until it says stop.
func eachElement(d *xml.Decoder, visit func(xml.StartElement) (stop bool, err error)) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if stop, err := visit(se); err != nil || stop {
				return err
			}
		}
	}
}

// resolve makes a location in the package absolute: a leading / is the
// package root, anything else is relative to dir.
func resolve(dir, loc string) string {
	if strings.HasPrefix(loc, "/") {
		return strings.TrimPrefix(path.Clean(loc), "/")
	}
	return strings.TrimPrefix(path.Join(dir, loc), "/")
}

// numbers reads a list of numbers; "g N V" (OFD's repeat) stands for N
// copies of V.
func numbers(s string, limit int) []float64 {
	f := strings.Fields(s)
	var out []float64
	for i := 0; i < len(f) && len(out) < limit; i++ {
		if f[i] == "g" && i+2 < len(f) {
			n, err1 := strconv.Atoi(f[i+1])
			v, err2 := strconv.ParseFloat(f[i+2], 64)
			if err1 == nil && err2 == nil {
				for range min(max(n, 0), limit-len(out)) {
					out = append(out, v)
				}
			}
			i += 2
			continue
		}
		if v, err := strconv.ParseFloat(f[i], 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	return out
}

// box reads "x y w h".
func box(s string) (grid.Rect, bool) {
	v := numbers(s, 4)
	if len(v) != 4 {
		return grid.Rect{}, false
	}
	return grid.Rect{X0: v[0], Y0: v[1], X1: v[0] + v[2], Y1: v[1] + v[3]}, true
}

// matrix is an affine transform a b c d e f: (x, y) → (a x + c y + e, b x + d y + f).
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

func ctm(se xml.StartElement) matrix {
	if v := numbers(zipxml.Attr(se, "CTM"), 6); len(v) == 6 {
		return matrix(v)
	}
	return identity
}

// pageContent is what one page printed.
type pageContent struct {
	area   grid.Rect
	texts  []grid.Text
	segs   []grid.Segment
	images int
}

// read walks a page's content: text objects, path objects and the blocks
// that group them.
func (pc *pageContent) read(d *xml.Decoder) error {
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "PageBlock":
				if depth++; depth > maxDepth {
					return fmt.Errorf("%w: blocks nested deeper than %d", ErrTooLarge, maxDepth)
				}
			case "PhysicalBox":
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return err
				}
				if r, ok := box(s); ok {
					pc.area = r
				}
			case "TextObject":
				if err := pc.text(d, t); err != nil {
					return err
				}
			case "PathObject":
				if err := pc.path(d, t); err != nil {
					return err
				}
			case "ImageObject":
				pc.images++
			}
		case xml.EndElement:
			if t.Name.Local == "PageBlock" {
				depth--
			}
		}
	}
}

// text reads one TextObject: each character of its TextCodes becomes a
// piece at its place, X advancing by DeltaX, Y (the baseline) by DeltaY.
func (pc *pageContent) text(d *xml.Decoder, se xml.StartElement) error {
	bound, _ := box(zipxml.Attr(se, "Boundary"))
	m := ctm(se)
	size, _ := strconv.ParseFloat(zipxml.Attr(se, "Size"), 64)
	if size <= 0 {
		size, _ = strconv.ParseFloat(zipxml.Attr(se, "size"), 64)
	}
	if size <= 0 || math.IsNaN(size) || size > 1000 {
		size = 3.5 // about 10 points
	}
	// The glyph height on the page is the size scaled by the matrix.
	scale := math.Hypot(m[2], m[3])
	if scale == 0 || math.IsNaN(scale) {
		scale = 1
	}
	h := size * scale
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "TextObject" {
				return nil
			}
		case xml.StartElement:
			if t.Name.Local != "TextCode" {
				continue
			}
			var s string
			if err := d.DecodeElement(&s, &t); err != nil {
				return err
			}
			runes := []rune(s)
			dx := numbers(zipxml.Attr(t, "DeltaX"), len(runes))
			dy := numbers(zipxml.Attr(t, "DeltaY"), len(runes))
			x, _ := strconv.ParseFloat(zipxml.Attr(t, "X"), 64)
			y, _ := strconv.ParseFloat(zipxml.Attr(t, "Y"), 64)
			for i, r := range runes {
				if len(pc.texts) >= grid.MaxTexts {
					return fmt.Errorf("%w: more than %d characters on a page", ErrTooLarge, grid.MaxTexts)
				}
				advance := size
				if i < len(dx) {
					advance = dx[i]
				}
				if r > ' ' && r != 0x3000 {
					x0, y0 := m.apply(x, y-size)
					x1, y1 := m.apply(x+min(advance, size), y)
					pc.texts = append(pc.texts, grid.Text{
						S:    string(r),
						Box:  grid.Rect{X0: bound.X0 + math.Min(x0, x1), Y0: bound.Y0 + math.Min(y0, y1), X1: bound.X0 + math.Max(x0, x1), Y1: bound.Y0 + math.Max(y0, y1)},
						Size: h,
					})
				}
				x += advance
				if i < len(dy) {
					y += dy[i]
				}
			}
		}
	}
}

// path reads one PathObject's outline (AbbreviatedData: M move, L line, B
// and Q curves, A arc, C close) and keeps its straight horizontal and
// vertical strokes and edges as rulings.
func (pc *pageContent) path(d *xml.Decoder, se xml.StartElement) error {
	bound, _ := box(zipxml.Attr(se, "Boundary"))
	m := ctm(se)
	var data string
	for read := false; !read; {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		if t, ok := tok.(xml.EndElement); ok && t.Name.Local == "PathObject" {
			return nil
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "AbbreviatedData" {
			if err := d.DecodeElement(&data, &t); err != nil {
				return err
			}
			if err := d.Skip(); err != nil { // the rest of the PathObject
				return err
			}
			read = true
		}
	}
	page := func(x, y float64) (float64, float64) {
		x, y = m.apply(x, y)
		return bound.X0 + x, bound.Y0 + y
	}
	var startX, startY, curX, curY float64
	line := func(x, y float64) {
		x0, y0 := page(curX, curY)
		x1, y1 := page(x, y)
		switch {
		case len(pc.segs) >= grid.MaxSegments:
		case math.Abs(y1-y0) <= edgeTol/2 && math.Abs(x1-x0) > edgeTol:
			pc.segs = append(pc.segs, grid.Segment{Horizontal: true, Pos: (y0 + y1) / 2, Lo: math.Min(x0, x1), Hi: math.Max(x0, x1)})
		case math.Abs(x1-x0) <= edgeTol/2 && math.Abs(y1-y0) > edgeTol:
			pc.segs = append(pc.segs, grid.Segment{Pos: (x0 + x1) / 2, Lo: math.Min(y0, y1), Hi: math.Max(y0, y1)})
		}
		curX, curY = x, y
	}
	f := strings.Fields(data)
	arg := func(i int) float64 {
		if i < len(f) {
			v, err := strconv.ParseFloat(f[i], 64)
			if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
				return v
			}
		}
		return 0
	}
	for i := 0; i < len(f); {
		switch f[i] {
		case "M", "S":
			startX, startY = arg(i+1), arg(i+2)
			curX, curY = startX, startY
			i += 3
		case "L":
			line(arg(i+1), arg(i+2))
			i += 3
		case "Q":
			curX, curY = arg(i+3), arg(i+4)
			i += 5
		case "B":
			curX, curY = arg(i+5), arg(i+6)
			i += 7
		case "A":
			curX, curY = arg(i+6), arg(i+7)
			i += 8
		case "C":
			line(startX, startY)
			i++
		default:
			i++
		}
	}
	return nil
}

// blocks appends the page's tables and lines to doc, top to bottom.
func (pc *pageContent) blocks(doc *layout.Document, num int) {
	if len(pc.texts) == 0 {
		if pc.images > 0 {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("no text layer on page %d (scanned?)", num))
		}
		return
	}
	for i := range pc.texts { // provenance from the page's top left
		t := &pc.texts[i]
		t.Box = grid.Rect{X0: t.Box.X0 - pc.area.X0, Y0: t.Box.Y0 - pc.area.Y0, X1: t.Box.X1 - pc.area.X0, Y1: t.Box.Y1 - pc.area.Y0}
	}
	for i := range pc.segs {
		s := &pc.segs[i]
		if s.Horizontal {
			s.Pos, s.Lo, s.Hi = s.Pos-pc.area.Y0, s.Lo-pc.area.X0, s.Hi-pc.area.X0
		} else {
			s.Pos, s.Lo, s.Hi = s.Pos-pc.area.X0, s.Lo-pc.area.Y0, s.Hi-pc.area.Y0
		}
	}
	at := func(r grid.Rect) gongkai.At {
		round := func(v float64) float64 { return math.Round(v*100) / 100 }
		return gongkai.At{Page: num, Box: &[4]float64{round(r.X0), round(r.Y0), round(r.X1), round(r.Y1)}}
	}
	type placed struct {
		top   float64
		block layout.Block
	}
	var out []placed
	tables := grid.Lattice(pc.segs, edgeTol)
	free := grid.Fill(tables, pc.texts)
	streamed, rest := grid.Stream(grid.Lines(free), grid.StreamOptions{})
	if len(streamed) > 0 {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d: %d tables without rulings rebuilt from the alignment of their text", num, len(streamed)))
	}
	for _, t := range append(tables, streamed...) {
		if rows := t.Layout(at); len(rows) > 0 {
			out = append(out, placed{t.Box.Y0, layout.Block{Table: &layout.Table{Rows: rows}, At: at(t.Box)}})
		}
	}
	for _, l := range rest {
		if l.Text != "" {
			out = append(out, placed{l.Box.Y0, layout.Block{Text: l.Text, At: at(l.Box)}})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].top < out[j].top })
	for _, p := range out {
		doc.Blocks = append(doc.Blocks, p.block)
	}
}
