package text

import (
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
)

// A page that sets the report beside a narrow column — a sidebar listing
// the body's reports of other years — comes out of pdftotext -layout with
// the two columns on shared lines: 年度报告  桂林市某局2019 / 员会2020年政府
// 信息公开 / … Read as they stand, the sidebar's lines cut the report's
// title in two and offer titles of other years for the report's own.
// liftSidebars finds such a column (grid.Sidebars) and lifts it out of the
// lines it shares with the report, so that the report reads as if printed
// alone.

// sidebar is a column beside the report: its lines, as blocks marked
// Link (a list of other reports, never the title), and the index of the
// first line it shares.
type sidebar struct {
	from   int
	blocks []layout.Block
}

// liftSidebars returns raw with the text of each sidebar (grid.Sidebars)
// blanked out, and the sidebars. Lines are read as pieces one column wide
// (two if wide); a sidebar's lines start within 8 columns of the left
// edge, an item's 4 columns right of its heading's.
func liftSidebars(raw []string, wide bool) ([]string, []sidebar) {
	lines := make([]grid.Line, len(raw))
	pages := make([]int, len(raw))
	page := 0
	for i, s := range raw {
		if strings.HasPrefix(s, "\f") {
			page++
		}
		if l, ok := alignedLine(strings.TrimLeft(s, "\f"), i, wide); ok {
			lines[i] = l
		}
		pages[i] = page
	}
	found := grid.Sidebars(lines, pages, grid.SidebarOptions{Col: 1, Indent: 4, Gap: 2, WideGap: 1})
	if len(found) == 0 {
		return raw, nil
	}
	out := append([]string(nil), raw...)
	sides := make([]sidebar, len(found))
	for n, f := range found {
		sides[n].from = f.From
		for j := f.From; j <= f.To; j++ {
			k, ok := f.Cuts[j]
			if !ok {
				continue
			}
			p := lines[j].Pieces
			sides[n].blocks = append(sides[n].blocks, layout.Block{Text: grid.Lines(p[:k])[0].Text, At: gongkai.At{Line: j + 1}, Link: true})
			out[j] = placePieces(raw[j], p[k:])
		}
	}
	return out, sides
}

// placePieces returns a line holding only pieces, each at its column, as
// alignedLine reads columns; a form feed opening the line is kept.
func placePieces(s string, p []grid.Text) string {
	var b strings.Builder
	if strings.HasPrefix(s, "\f") {
		b.WriteByte('\f')
	}
	col := 0.0
	for _, t := range p {
		for ; col < t.Box.X0; col++ {
			b.WriteByte(' ')
		}
		b.WriteString(t.S)
		col = t.Box.X1
	}
	return b.String()
}
