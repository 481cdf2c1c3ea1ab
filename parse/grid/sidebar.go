package grid

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// A page that sets the report beside a narrow column — a sidebar listing
// the body's reports of other years — puts the two columns on shared
// lines: column-aligned text prints 年度报告  桂林市某局2019 on one line, and
// a PDF's glyphs of a sidebar's line and of the report's larger title
// stand at one height. Read as they stand, the sidebar's lines cut the
// report's title in two (or are mixed into it) and offer titles of other
// years for the report's own. Sidebars finds such a column by where its
// lines start and end beside the report's, so that each reader can lift
// it out of the lines it shares with the report.

// SidebarOptions say how a reader measures a sidebar: one column's width
// in its units, and what differs between readers.
type SidebarOptions struct {
	Left float64 // the left edge of the page's text: a sidebar's first line starts within 8 columns of it
	Col  float64 // one column: 1 in column-aligned text, half a character in a PDF
	// Indent is how many columns right of its first line (its heading) a
	// sidebar's lines may start: the items under it, a bullet's text.
	Indent float64
	// Gap and WideGap are the least gaps, in columns, that part the
	// sidebar's text from the report's on a shared line: between two
	// Chinese characters (WideGap), between other pieces (Gap).
	Gap, WideGap float64
}

// Limits of a sidebar, in lines.
const (
	sideAhead  = 16  // lines looked at to find where the report's column starts
	sideQuiet  = 2   // lines of the report alone that may stand between a sidebar's lines
	sideLines  = 3   // lines a sidebar has at least
	sideShared = 2   // lines it shares with the report at least
	sideMax    = 100 // lines a sidebar has at most: the work stays in proportion to a page's lines
)

// Sidebar is a column beside the report: Cuts says, for each of its lines
// (an index into the lines Sidebars looked at), how many of that line's
// pieces are the sidebar's — the rest are the report's; From and To are
// its first and last lines.
type Sidebar struct {
	From, To int
	Cuts     map[int]int
}

// Sidebars returns the sidebars among lines (top to bottom; page gives
// each line's page, nil for one page). A sidebar is a run of lines, the
// first starting near the left edge, each ending before the column where
// the report's lines start or sharing its line with the report's text
// from there on, the report's lines alone between them; it has at least
// sideLines lines, sideShared of them shared, no sentence, and lists a
// report's title. Without all of that, there is none.
func Sidebars(lines []Line, page []int, o SidebarOptions) []Sidebar {
	s := sidebarScan{lines: lines, page: page, o: o}
	var found []Sidebar
	for i := 0; i < len(lines); i++ {
		if len(lines[i].Pieces) == 0 || s.first(i) >= o.Left+8*o.Col {
			continue
		}
		cuts, last := s.run(i)
		if cuts == nil {
			continue
		}
		found = append(found, Sidebar{From: i, To: last, Cuts: cuts})
		i = last
	}
	return found
}

// sidebarScan is the lines Sidebars looks at.
type sidebarScan struct {
	lines []Line
	page  []int
	o     SidebarOptions
}

func (s sidebarScan) first(i int) float64 { return s.lines[i].Pieces[0].Box.X0 }

func (s sidebarScan) samePage(i, j int) bool { return s.page == nil || s.page[i] == s.page[j] }

// edges returns the columns where the report's lines may start beside a
// sidebar whose first line is i: the first columns, 8 or more to the right
// of line i's, of the next sideAhead lines of its page.
func (s sidebarScan) edges(i int) []float64 {
	var edges []float64
	for j := i; j < min(len(s.lines), i+sideAhead) && s.samePage(i, j); j++ {
		if len(s.lines[j].Pieces) > 0 && s.first(j) >= s.first(i)+8*s.o.Col && !slices.Contains(edges, s.first(j)) {
			edges = append(edges, s.first(j))
		}
	}
	sort.Float64s(edges)
	return edges
}

// run returns the sidebar whose first line is i, beside the report's
// column that makes it longest: how many of each line's pieces are the
// sidebar's (keyed by line), and the last of its lines; nil when no column
// makes one (listsReports).
func (s sidebarScan) run(i int) (map[int]int, int) {
	var best map[int]int
	bestLast := i
	for _, edge := range s.edges(i) {
		if cuts, last := s.runAt(i, edge); len(cuts) > len(best) && s.listsReports(cuts, edge) {
			best, bestLast = cuts, last
		}
	}
	return best, bestLast
}

// runAt returns, for the lines of a sidebar that would start at line i
// beside a report starting at column edge, how many of each line's pieces
// are the sidebar's (keyed by line), and the last of its lines. Its lines
// start where line i does or an item's indent further; a line starting
// with an outline number (二、) is the report's heading, not a link.
func (s sidebarScan) runAt(i int, edge float64) (map[int]int, int) {
	cuts := map[int]int{}
	last, quiet := i, 0
	for j := i; j < min(len(s.lines), i+sideMax) && s.samePage(i, j); j++ {
		p := s.lines[j].Pieces
		if len(p) == 0 || s.first(j) >= edge-2*s.o.Col {
			if quiet++; quiet > sideQuiet {
				break
			}
			continue
		}
		k, ok := s.cut(p, edge)
		if !ok || s.first(j) > s.first(i)+s.o.Indent*s.o.Col || StartsOutline(joinPieces(p[:k])) {
			break // text right of the sidebar's, or the report's heading
		}
		cuts[j], last, quiet = k, j, 0
	}
	return cuts, last
}

// cut returns how many of a line's pieces stand in a sidebar beside a
// report starting at column edge: all of them when the line ends before
// it, or those before the gap nearest to it that the report's text starts
// after (up to a paragraph's indent further). A narrow gap counts only
// between Chinese characters (LibreOffice prints 2020 年, Chromium 工作 根据
// across the columns).
func (s sidebarScan) cut(p []Text, edge float64) (int, bool) {
	col := s.o.Col
	if p[0].Box.X0 > edge-4*col {
		return 0, false
	}
	best, dist := 0, math.Inf(1)
	for k := 1; k < len(p); k++ {
		gap := p[k].Box.X0 - p[k-1].Box.X1
		if gap < s.o.WideGap*col || (gap < s.o.Gap*col && !(isWideText(p[k-1].S) && isWideText(p[k].S))) {
			continue
		}
		// the report's line starts at its edge, or a paragraph's first
		// line two characters in
		if d := p[k].Box.X0 - edge; d >= -3*col && d <= 5*col && math.Abs(d) < dist {
			best, dist = k, math.Abs(d)
		}
	}
	if best > 0 {
		return best, true
	}
	return len(p), p[len(p)-1].Box.X1 <= edge+2*col
}

// reportListRE matches a report's title, as a sidebar of other years' reports lists them.
var reportListRE = regexp.MustCompile(`\d{4}年度?.{0,40}?(?:政府信息公开|政务公开).{0,10}?报告`)

// listsReports reports whether the cut lines make a sidebar beside a
// report starting at column edge: enough lines, enough of them beside the
// report's text (shared), no sentence, and a report's title among them.
func (s sidebarScan) listsReports(cuts map[int]int, edge float64) bool {
	if len(cuts) < sideLines {
		return false
	}
	var rows []int
	shared := 0
	for j := range cuts {
		rows = append(rows, j)
		if s.shared(j, cuts, edge) {
			shared++
		}
	}
	if shared < sideShared {
		return false
	}
	sort.Ints(rows)
	var text strings.Builder
	for _, j := range rows {
		for _, t := range s.lines[j].Pieces[:cuts[j]] {
			text.WriteString(t.S)
		}
	}
	str := strings.ReplaceAll(text.String(), " ", "")
	return !strings.ContainsAny(str, "，。；") && reportListRE.MatchString(str)
}

// shared reports whether sidebar line j stands beside the report's text:
// the report's text is on the line, or a line of the report's alone (in a
// PDF, of another size: a title beside the sidebar's items) stands at its
// height.
func (s sidebarScan) shared(j int, cuts map[int]int, edge float64) bool {
	if cuts[j] < len(s.lines[j].Pieces) {
		return true
	}
	box := s.lines[j].Box
	for m := max(j-sideQuiet, 0); m <= min(j+sideQuiet, len(s.lines)-1); m++ {
		if _, side := cuts[m]; side || len(s.lines[m].Pieces) == 0 || !s.samePage(j, m) || s.first(m) < edge-2*s.o.Col {
			continue
		}
		if min(box.Y1, s.lines[m].Box.Y1) > max(box.Y0, s.lines[m].Box.Y0) {
			return true
		}
	}
	return false
}

// joinPieces returns the text of pieces, a space where a gap parts two.
func joinPieces(p []Text) string {
	var b strings.Builder
	for k, t := range p {
		if k > 0 && t.Box.X0 > p[k-1].Box.X1 {
			b.WriteByte(' ')
		}
		b.WriteString(t.S)
	}
	return b.String()
}

// isWideText reports whether s is a Chinese character or full-width mark.
func isWideText(s string) bool {
	r := []rune(s)
	return len(r) == 1 && (r[0] >= 0x2e80 && r[0] <= 0x9fff || r[0] >= 0xff00 && r[0] <= 0xff60)
}
