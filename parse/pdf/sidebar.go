package pdf

import (
	"math"
	"slices"
	"sort"

	"github.com/gongkai/gongkai/parse/grid"
)

// A web page printed to PDF may set the report beside a sidebar listing
// the body's reports of other years. Its lines stand at the heights of the
// report's — of its title, in a larger font — so that grid.Lines and
// grid.Stream would mix the two into one garbled line (大管连理市局…) or,
// the lines kept apart, offer another year's title for the report's.
// liftSidebars finds such a column by where its lines start and end beside
// the report's (grid.Sidebars, as for column-aligned text) and lifts its
// lines out; the page keeps them as links, never the title.

// liftSidebars returns a page's lines without the text of its sidebars,
// and the sidebars' lines. A column is half a character of the page's
// usual size; an item's line may start three characters right of the
// sidebar's heading (a list's bullet indent), and a gap of a fifth of a
// character parts the sidebar's text from the report's on a shared line
// (Chromium sets the two a cell's padding apart).
func liftSidebars(lines []grid.Line) (report, side []grid.Line) {
	inked := inkedLines(lines)
	var sizes []float64
	left := math.Inf(1)
	for _, l := range inked {
		for _, t := range l.Pieces {
			sizes = append(sizes, t.Size)
		}
		if len(l.Pieces) > 0 {
			left = min(left, l.Pieces[0].Box.X0)
		}
	}
	if len(sizes) == 0 {
		return lines, nil
	}
	sort.Float64s(sizes)
	o := grid.SidebarOptions{Left: left, Col: sizes[len(sizes)/2] / 2, Indent: 6, Gap: 0.4, WideGap: 0.4}
	found := grid.Sidebars(inked, nil, o)
	if len(found) == 0 {
		return lines, nil
	}
	cut := map[int]int{}
	for _, f := range found {
		for j, k := range f.Cuts {
			cut[j] = k
		}
	}
	for j, l := range lines {
		k, ok := cut[j]
		if !ok {
			report = append(report, l)
			continue
		}
		side = append(side, grid.Lines(inked[j].Pieces[:k])...)
		report = append(report, grid.Lines(inked[j].Pieces[k:])...)
	}
	return report, side
}

// inkedLines returns lines without their blank pieces. A space shown
// alone marks an empty cell for the table builder (interp.show); between
// a sidebar's text and the report's, as LibreOffice draws one, it would
// bridge the gap that parts the two.
func inkedLines(lines []grid.Line) []grid.Line {
	out := make([]grid.Line, len(lines))
	for i, l := range lines {
		out[i] = l
		if slices.ContainsFunc(l.Pieces, grid.Text.Blank) {
			out[i].Pieces = slices.DeleteFunc(slices.Clone(l.Pieces), grid.Text.Blank)
		}
	}
	return out
}
