// Package html reads a report published as an HTML page into the layout
// intermediate: it decodes the page's charset, finds the report's body inside
// the site's chrome, turns paragraphs into text lines and expands every
// table's rowspan/colspan into a grid.
package html

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
	"github.com/gongkai/gongkai/parse/text"
)

// Spans beyond these are typos or attacks (rowspan="65534"); capping them keeps
// the grid small and the table readable.
const (
	maxColSpan = 64
	maxRowSpan = 1000
)

// Budgets of one page. A report page is well under a megabyte with a few
// hundred table cells; a page over a budget is an error, not read in part.
const (
	// MaxBytes bounds the page's size before parsing, whose tree takes
	// many times the page's bytes.
	MaxBytes = 8 << 20
	// MaxCells bounds the cells of all the page's tables once rowspan and
	// colspan are expanded.
	MaxCells = 200_000
)

// Errors of a page over a budget.
var (
	ErrTooLarge     = fmt.Errorf("html: page larger than the %d MiB budget", MaxBytes>>20)
	ErrTooManyCells = fmt.Errorf("html: tables expand (rowspan × colspan) to more than the budget of %d cells", MaxCells)
)

// ErrNotHTML is returned for input that is not text, such as an image saved with an .html name.
var ErrNotHTML = errors.New("not an HTML document")

// Read decodes and parses an HTML page. contentType is the HTTP Content-Type
// header when known ("" otherwise); it may name the charset.
func Read(data []byte, contentType string) (*layout.Document, error) {
	if len(data) > MaxBytes {
		return nil, ErrTooLarge
	}
	text, charsetName, err := Decode(data, contentType)
	if err != nil {
		return nil, err
	}
	root, err := xhtml.Parse(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	doc := goquery.NewDocumentFromNode(root)
	doc.Find("script, style, noscript, iframe, select, textarea, template, svg, object").Remove()

	out := &layout.Document{Title: layout.Clean(doc.Find("title").First().Text())}
	// Content platforms (TRS WCM and others) name the article in a meta
	// tag, without the site's name that <title> appends.
	doc.Find("meta[name]").EachWithBreak(func(_ int, m *goquery.Selection) bool {
		if strings.EqualFold(m.AttrOr("name", ""), "ArticleTitle") {
			if t := layout.Clean(m.AttrOr("content", "")); t != "" {
				out.Title = t
				return false
			}
		}
		return true
	})
	if charsetName != "" && charsetName != "utf-8" {
		out.Warnings = append(out.Warnings, "decoded as "+charsetName)
	}
	body := doc.Find("body").Get(0)
	if body == nil {
		body = root
	}
	w := &walker{}
	w.walk(reportRoot(body))
	w.flush()
	if w.cells > MaxCells {
		return nil, ErrTooManyCells
	}
	out.Blocks = w.blocks
	if w.aligned {
		out.Warnings = append(out.Warnings, "tables in <pre> rebuilt from the alignment of columns")
	}
	// The body's own title may sit outside the report's container, above it.
	if t := titleOutside(body, out.Blocks); t != "" {
		out.Title = t
	}
	return out, nil
}

var headingRE = regexp.MustCompile(`^\s*[一二三四五六][、.．]\s*\S*(总体情况|主动公开|申请情况|行政复议|问题|其他需要报告)`)

// reportRoot returns the article inside the page's chrome: the deepest
// element holding at least three quarters of the section headings and
// template tables, so that a stray heading-like link in a menu does not
// stretch the article to the whole page. Without such marks it is the body.
func reportRoot(body *xhtml.Node) *xhtml.Node {
	count := map[*xhtml.Node]int{}
	marks := 0
	mark := func(n *xhtml.Node) {
		marks++
		for ; n != nil; n = n.Parent {
			count[n]++
		}
	}
	var find func(n *xhtml.Node)
	find = func(n *xhtml.Node) {
		switch {
		case n.Type == xhtml.TextNode && headingRE.MatchString(n.Data):
			mark(n)
		case n.Type == xhtml.ElementNode && n.DataAtom == atom.P && headingStart(firstText(n)) && headingRE.MatchString(textOf(n)):
			mark(n) // also a heading Word split into runs: <p><span>二、</span><span>主动…</span></p>
			return
		case n.Type == xhtml.ElementNode && n.DataAtom == atom.Table && !layoutTable(n):
			if text := textOf(n); strings.Contains(text, "申请") || strings.Contains(text, "第二十条") {
				mark(n)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(body)
	if marks < 2 {
		return body
	}
	need := (3*marks + 3) / 4
	root := body
descend:
	for {
		for c := root.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == xhtml.ElementNode && count[c] >= need {
				root = c
				continue descend
			}
		}
		return root
	}
}

var titleRE = regexp.MustCompile(`\d{4}\s*年.{0,60}年度?报告$|年度?报告.{0,4}$`)

// titleOutside finds the report's title when it is printed above the
// container reportRoot chose: the last title-like line before the first block.
func titleOutside(body *xhtml.Node, blocks []layout.Block) string {
	for _, b := range blocks {
		if b.Table == nil && titleRE.MatchString(b.Text) && len([]rune(b.Text)) < 80 {
			return "" // the container holds its title
		}
	}
	first := ""
	if len(blocks) > 0 {
		first = blocks[0].Text
	}
	// Links are left out: a sidebar of other years' reports is not the title.
	w := &walker{skipLinks: true}
	w.walk(body)
	w.flush()
	title := ""
	for _, b := range w.blocks {
		if first != "" && b.Text == first {
			break
		}
		if b.Table == nil && titleRE.MatchString(b.Text) && len([]rune(b.Text)) < 80 {
			title = b.Text
		}
	}
	return title
}

// walker turns a DOM subtree into text lines and tables in document order.
type walker struct {
	blocks    []layout.Block
	line      strings.Builder
	tables    int
	cells     int  // table cells expanded so far, against MaxCells
	skipLinks bool // leave out the text of <a> elements
	aligned   bool // a <pre> table was rebuilt from the alignment of its columns
}

func (w *walker) flush() {
	if t := layout.Clean(w.line.String()); t != "" {
		w.blocks = append(w.blocks, layout.Block{Text: t})
	}
	w.line.Reset()
}

func (w *walker) walk(n *xhtml.Node) {
	switch n.Type {
	case xhtml.TextNode:
		w.line.WriteString(n.Data)
		return
	case xhtml.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
		return
	}
	switch n.DataAtom {
	case atom.Br:
		w.flush()
		return
	case atom.A:
		if w.skipLinks {
			return
		}
	case atom.Img:
		if src := attr(n, "src"); src != "" {
			w.flush()
			w.blocks = append(w.blocks, layout.Block{Image: src})
		}
		return
	case atom.Pre:
		// A table typed as aligned columns: read through the table builder.
		if blocks, tables, _ := text.ReadAligned(strings.Split(textOf(n), "\n")); tables > 0 {
			w.flush()
			w.blocks = append(w.blocks, blocks...)
			w.aligned = true
			return
		}
	case atom.Table:
		// A table holding tables or an article lays out the page; only
		// innermost tables are data.
		if !layoutTable(n) {
			w.flush()
			w.table(n)
			return
		}
	}
	block := isBlock(n.DataAtom)
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if block {
		w.flush()
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Tr, atom.Td, atom.Th,
		atom.Table, atom.Section, atom.Article, atom.Blockquote, atom.Pre, atom.Center,
		atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Form, atom.Hr, atom.Caption:
		return true
	}
	return false
}

// headingStart reports whether text starts as a section heading does,
// with 一 … 六: a cheap test before joining a paragraph's runs.
func headingStart(text string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(text, " \t\r\n\u00a0\u3000"))
	return strings.ContainsRune("一二三四五六", r)
}

// firstText returns n's first text that is not blank.
func firstText(n *xhtml.Node) string {
	if n.Type == xhtml.TextNode && strings.TrimSpace(n.Data) != "" {
		return n.Data
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := firstText(c); t != "" {
			return t
		}
	}
	return ""
}

// layoutTable reports whether a <table> lays out the page rather than
// holding data: it holds tables, or a cell holds running text longer than
// any data cell (an article without tables of its own, as pre-2019
// narrative-only reports inside an old site's layout table).
func layoutTable(n *xhtml.Node) bool {
	if hasDescendant(n, atom.Table) {
		return true
	}
	var cells []*xhtml.Node
	collect(n, atom.Td, &cells)
	for _, td := range cells {
		if runes := 400; longerThan(td, &runes) {
			return true
		}
	}
	return false
}

// longerThan reports whether n's text holds more than *runes characters,
// counting them down and stopping as soon as it does.
func longerThan(n *xhtml.Node, runes *int) bool {
	if n.Type == xhtml.TextNode {
		*runes -= utf8.RuneCountInString(n.Data)
		return *runes < 0
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if longerThan(c, runes) {
			return true
		}
	}
	return false
}

func hasDescendant(n *xhtml.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if (c.Type == xhtml.ElementNode && c.DataAtom == a) || hasDescendant(c, a) {
			return true
		}
	}
	return false
}

// table expands a <table> into rows of distinct cells.
func (w *walker) table(n *xhtml.Node) {
	if w.cells > MaxCells {
		return
	}
	index := w.tables
	w.tables++
	var trs []*xhtml.Node
	collect(n, atom.Tr, &trs)

	type anchor struct {
		text     string
		row, col int
	}
	grid := make([][]*anchor, len(trs))
	set := func(r, c int, a *anchor) {
		for len(grid[r]) <= c {
			grid[r] = append(grid[r], nil)
		}
		grid[r][c] = a
	}
	for r, tr := range trs {
		c := 0
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != xhtml.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
				continue
			}
			for c < len(grid[r]) && grid[r][c] != nil {
				c++
			}
			rs := min(span(td, "rowspan", maxRowSpan), len(trs)-r)
			cs := span(td, "colspan", maxColSpan)
			if w.cells += rs * cs; w.cells > MaxCells {
				return // Read fails the page
			}
			a := &anchor{text: layout.Clean(cellText(td)), row: r, col: c}
			for dr := 0; dr < rs; dr++ {
				for dc := 0; dc < cs; dc++ {
					set(r+dr, c+dc, a)
				}
			}
			c += cs
		}
	}
	t := &layout.Table{}
	for r, row := range grid {
		var cells []layout.Cell
		var last *anchor
		for _, a := range row {
			if a == nil || a == last {
				continue
			}
			last = a
			ti, ri, ci := index, a.row, a.col
			cells = append(cells, layout.Cell{
				Text:    a.text,
				Carried: a.row < r,
				At:      gongkai.At{Table: &ti, Row: &ri, Col: &ci},
			})
		}
		if len(cells) > 0 {
			t.Rows = append(t.Rows, cells)
		}
	}
	ti := index
	w.blocks = append(w.blocks, layout.Block{Table: t, At: gongkai.At{Table: &ti}})
}

func collect(n *xhtml.Node, a atom.Atom, out *[]*xhtml.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode && c.DataAtom == a {
			*out = append(*out, c)
			continue
		}
		collect(c, a, out)
	}
}

func span(n *xhtml.Node, name string, limit int) int {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, name) {
			v, err := strconv.Atoi(strings.TrimSpace(a.Val))
			if err != nil || v < 1 {
				return 1
			}
			return min(v, limit)
		}
	}
	return 1
}

// cellText is a cell's text with line breaks and paragraph ends as spaces,
// which Clean then drops between Chinese characters.
func cellText(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch {
		case n.Type == xhtml.TextNode:
			b.WriteString(n.Data)
		case n.Type == xhtml.ElementNode && (n.DataAtom == atom.Br || isBlock(n.DataAtom)):
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func textOf(n *xhtml.Node) string {
	var b bytes.Buffer
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// attr returns the value of an element's attribute, "" when it has none.
func attr(n *xhtml.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}
