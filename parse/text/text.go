// Package text reads a report scraped from a web page into the layout
// intermediate. Scraping flattens each table to one cell per line: a lone
// "|" opens a row, every cell ends with " |", a line of pipes pads a short
// row to the table's width, and a cell broken by <br> or <p> runs over
// several lines until its closing "|". Group cells that span rows appear once,
// before the first row they span, so rows have no carried cells.
package text

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// ErrNotText is returned for input with NUL bytes, which scraped text never has.
var ErrNotText = errors.New("not a text document")

// MaxBytes is the largest text document read: a scraped report is tens of
// kilobytes.
const MaxBytes = 8 << 20

// ErrTooLarge is returned for a document over MaxBytes.
var ErrTooLarge = fmt.Errorf("text: document larger than the %d MiB budget", MaxBytes>>20)

// Read splits scraped text into text lines and tables. Text that is not
// valid UTF-8, beyond a few stray bytes (layout.RepairUTF8), is read as GB18030.
func Read(data []byte) (*layout.Document, error) {
	if bytes.IndexByte(data[:min(len(data), 4096)], 0) >= 0 {
		return nil, ErrNotText
	}
	if len(data) > MaxBytes {
		return nil, ErrTooLarge
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	doc := &layout.Document{}
	if !utf8.Valid(data) {
		if text, warning, ok := layout.RepairUTF8(data); ok {
			data = []byte(text)
			doc.Warnings = append(doc.Warnings, warning)
		}
	}
	if !utf8.Valid(data) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, err
		}
		data = decoded
		doc.Warnings = append(doc.Warnings, "decoded as gb18030")
	}
	raw := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if !strings.Contains(string(data), "|") {
		if blocks, tables, warns := ReadAligned(raw); tables > 0 {
			doc.Blocks = blocks
			doc.Warnings = append(doc.Warnings, "tables rebuilt from the alignment of columns")
			doc.Warnings = append(doc.Warnings, warns...)
			return doc, nil
		}
	}
	raw = dedent(raw)
	lines := make([]line, len(raw))
	for i, s := range raw {
		lines[i] = classify(s, i+1)
	}
	var stray []string // cell lines outside any table
	for i := 0; i < len(lines); {
		l := lines[i]
		switch {
		case l.kind == pipes && l.pipes == 1 && opensRow(lines, i+1):
			t, next := readTable(lines, i)
			doc.Blocks = append(doc.Blocks, layout.Block{Table: t, At: gongkai.At{Line: l.no}})
			i = next
		case l.text != "":
			if l.kind == cell {
				stray = append(stray, strconv.Itoa(l.no))
			}
			doc.Blocks = append(doc.Blocks, layout.Block{Text: l.text, At: gongkai.At{Line: l.no}})
			i++
		default:
			i++
		}
	}
	if len(stray) > 0 {
		const shown = 10
		list := strings.Join(stray[:min(len(stray), shown)], ", ")
		if len(stray) > shown {
			list += ", …"
		}
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("%d lines are table cells (end in |) outside any table, not read as a table: lines %s", len(stray), list))
	}
	return doc, nil
}

// dedent removes the leading whitespace every non-blank line shares: a
// scrape indented as a whole reads like one that is not.
func dedent(lines []string) []string {
	prefix, first := "", true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		lead := l[:len(l)-len(strings.TrimLeftFunc(l, unicode.IsSpace))]
		if first {
			prefix, first = lead, false
			continue
		}
		for !strings.HasPrefix(lead, prefix) {
			_, size := utf8.DecodeLastRuneInString(prefix)
			prefix = prefix[:len(prefix)-size]
		}
	}
	if prefix == "" {
		return lines
	}
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, prefix)
	}
	return lines
}

type kind int

const (
	blank kind = iota
	pipes      // only "|" characters: opens a row or pads one
	cell       // "text |": one whole cell
	plain      // text without a closing pipe: narrative, or the start of a broken cell
)

type line struct {
	kind  kind
	text  string // cleaned text without the closing pipe
	pipes int
	no    int // 1-based line number
}

// classify tells a line's kind. Pipes alone open or pad a row; a pipe after
// whitespace (" |", "&nbsp;|") closes a blank cell. Leading TABs are a
// scraper's indentation, never a cell's text, so "\t|" is a lone pipe.
func classify(s string, no int) line {
	t := strings.TrimLeft(strings.TrimRightFunc(s, unicode.IsSpace), "\t")
	switch {
	case strings.TrimSpace(t) == "":
		return line{kind: blank, no: no}
	case strings.Trim(t, "|") == "":
		return line{kind: pipes, pipes: len(t), no: no}
	case strings.HasSuffix(t, "|"):
		return line{kind: cell, text: layout.Clean(strings.TrimSuffix(t, "|")), no: no}
	}
	return line{kind: plain, text: layout.Clean(t), no: no}
}

// opensRow reports whether a row's cells start at line i: a cell line, or a
// broken cell (plain lines closed by a lone pipe).
func opensRow(lines []line, i int) bool {
	_, next := readCell(lines, i)
	return next > i
}

// readCell reads one cell starting at line i and returns it with the index
// of the line after it; next == i when no cell starts there.
func readCell(lines []line, i int) (layout.Cell, int) {
	if i >= len(lines) {
		return layout.Cell{}, i
	}
	if lines[i].kind == cell {
		return layout.Cell{Text: lines[i].text, At: gongkai.At{Line: lines[i].no}}, i + 1
	}
	var parts []string
	for j := i; j < len(lines) && j < i+4; j++ {
		switch lines[j].kind {
		case plain:
			parts = append(parts, lines[j].text)
		case cell:
			parts = append(parts, lines[j].text)
			return layout.Cell{Text: layout.Clean(strings.Join(parts, " ")), At: gongkai.At{Line: lines[i].no}}, j + 1
		case pipes:
			if lines[j].pipes == 1 && len(parts) > 0 {
				return layout.Cell{Text: layout.Clean(strings.Join(parts, " ")), At: gongkai.At{Line: lines[i].no}}, j + 1
			}
			return layout.Cell{}, i
		default:
			return layout.Cell{}, i
		}
	}
	return layout.Cell{}, i
}

// readTable reads rows from the row-opening pipe at lines[start]. After a
// row, the pipes that follow first pad it to the table's width; a further
// lone pipe opens the next row, and without one the table has ended. The
// width is learned from the first row.
func readTable(lines []line, start int) (*layout.Table, int) {
	t := &layout.Table{}
	width := 0
	i := start
	for {
		i++ // the lone pipe that opens the row
		var row []layout.Cell
		for width == 0 || len(row) < width {
			c, next := readCell(lines, i)
			if next == i {
				break
			}
			row = append(row, c)
			i = next
		}
		t.Rows = append(t.Rows, row)

		// The pipes after the row: padding, then perhaps the next row's opener.
		j, total, count := i, 0, 0
		for j < len(lines) && lines[j].kind == pipes {
			total += lines[j].pipes
			count++
			j++
		}
		if width == 0 {
			switch {
			case count >= 2:
				width = len(row) + total - 1
			case count == 1 && total == 1 && opensRow(lines, j):
				width = len(row)
			default:
				width = len(row) + total
			}
		}
		pad := max(width-len(row), 0)
		if total > pad && lines[j-1].pipes == 1 && opensRow(lines, j) {
			i = j - 1
			continue
		}
		return t, j
	}
}
