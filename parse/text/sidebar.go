package text

import (
	"math"
	"regexp"
	"slices"
	"sort"
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
// liftSidebars finds such a column and lifts it out of the lines it shares
// with the report, so that the report reads as if printed alone.

// Limits of a sidebar.
const (
	sideMargin = 8  // a sidebar's lines start within this many columns of the left edge
	sideAhead  = 16 // lines looked at to find where the report's column starts
	sideQuiet  = 2  // lines of the report alone that may stand between a sidebar's lines
	sideLines  = 3  // lines a sidebar has at least
	sideShared = 2  // lines it shares with the report at least
	sideIndent = 4  // columns its lines start right of its first (the items under its heading, a bullet's text)
)

// reportListRE matches a report's title, as a sidebar of other years' reports lists them.
var reportListRE = regexp.MustCompile(`\d{4}年度?.{0,40}?(?:政府信息公开|政务公开).{0,10}?报告`)

// sidebar is a column beside the report: its lines, as blocks marked
// Link (a list of other reports, never the title), and the index of the
// first line it shares.
type sidebar struct {
	from   int
	blocks []layout.Block
}

// sideLine is a line of text as pieces one column wide (two if wide), and
// the page it stands on.
type sideLine struct {
	pieces []grid.Text
	page   int
}

func (l sideLine) first() float64 { return l.pieces[0].Box.X0 }

// liftSidebars returns raw with the text of each sidebar blanked out, and
// the sidebars. A sidebar is a run of lines starting near the left edge
// (sideMargin), each ending before the column where the report's lines
// start or sharing its line with the report's text from there on, the
// report's lines alone between them; it has at least sideLines lines,
// sideShared of them shared, no sentence, and lists a report's title.
// Without all of that, nothing is lifted.
func liftSidebars(raw []string, wide bool) ([]string, []sidebar) {
	lines := make([]sideLine, len(raw))
	page := 0
	for i, s := range raw {
		if strings.HasPrefix(s, "\f") {
			page++
		}
		if l, ok := alignedLine(strings.TrimLeft(s, "\f"), i, wide); ok {
			lines[i].pieces = l.Pieces
		}
		lines[i].page = page
	}
	out := raw
	var found []sidebar
	for i := 0; i < len(lines); i++ {
		if len(lines[i].pieces) == 0 || lines[i].first() >= sideMargin {
			continue
		}
		cuts, last := sideRun(lines, i)
		if cuts == nil {
			continue
		}
		if len(found) == 0 {
			out = append([]string(nil), raw...)
		}
		s := sidebar{from: i}
		for j := i; j <= last; j++ {
			k, ok := cuts[j]
			if !ok {
				continue
			}
			p := lines[j].pieces
			s.blocks = append(s.blocks, layout.Block{Text: joinPieces(p[:k]), At: gongkai.At{Line: j + 1}, Link: true})
			out[j] = placePieces(raw[j], p[k:])
		}
		found = append(found, s)
		i = last
	}
	return out, found
}

// reportEdges returns the columns where the report's lines may start
// beside a sidebar whose first line is i: the first columns, sideMargin or
// more to the right of line i's, of the next sideAhead lines of its page.
func reportEdges(lines []sideLine, i int) []float64 {
	var edges []float64
	for j := i; j < min(len(lines), i+sideAhead) && lines[j].page == lines[i].page; j++ {
		if len(lines[j].pieces) > 0 && lines[j].first() >= lines[i].first()+sideMargin && !slices.Contains(edges, lines[j].first()) {
			edges = append(edges, lines[j].first())
		}
	}
	sort.Float64s(edges)
	return edges
}

// sideRun returns the sidebar whose first line is i, beside the report's
// column that makes it longest: how many of each line's pieces are the
// sidebar's (keyed by line), and the last of its lines; nil when no
// column makes one (listsReports).
func sideRun(lines []sideLine, i int) (map[int]int, int) {
	var best map[int]int
	bestLast := i
	for _, edge := range reportEdges(lines, i) {
		if cuts, last := sideRunAt(lines, i, edge); len(cuts) > len(best) && listsReports(lines, cuts) {
			best, bestLast = cuts, last
		}
	}
	return best, bestLast
}

// sideRunAt returns, for the lines of a sidebar that would start at line i
// beside a report starting at column edge, how many of each line's pieces
// are the sidebar's (keyed by line), and the last of its lines. Its lines
// start where line i does or an item's indent further; a line starting
// with an outline number (二、) is the report's heading, not a link.
func sideRunAt(lines []sideLine, i int, edge float64) (map[int]int, int) {
	cuts := map[int]int{}
	last, quiet := i, 0
	for j := i; j < len(lines) && lines[j].page == lines[i].page; j++ {
		p := lines[j].pieces
		if len(p) == 0 || lines[j].first() >= edge-2 {
			if quiet++; quiet > sideQuiet {
				break
			}
			continue
		}
		k, ok := sideCut(p, edge)
		if !ok || lines[j].first() > lines[i].first()+sideIndent || grid.StartsOutline(joinPieces(p[:k])) {
			break // text right of the sidebar's, or the report's heading
		}
		cuts[j], last, quiet = k, j, 0
	}
	return cuts, last
}

// sideCut returns how many of a line's pieces stand in a sidebar beside a
// report starting at column edge: all of them when the line ends before
// it, or those before the gap nearest to it that the report's text starts
// after (up to a paragraph's indent further). A gap of one column counts only between Chinese characters
// (LibreOffice prints 2020 年, Chromium 工作 根据 across the columns).
func sideCut(p []grid.Text, edge float64) (int, bool) {
	if p[0].Box.X0 > edge-4 {
		return 0, false
	}
	best, dist := 0, math.Inf(1)
	for k := 1; k < len(p); k++ {
		gap := p[k].Box.X0 - p[k-1].Box.X1
		if gap < 1 || (gap < 2 && !(isWideText(p[k-1].S) && isWideText(p[k].S))) {
			continue
		}
		// the report's line starts at its edge, or a paragraph's first
		// line two characters in
		if d := p[k].Box.X0 - edge; d >= -3 && d <= 5 && math.Abs(d) < dist {
			best, dist = k, math.Abs(d)
		}
	}
	if best > 0 {
		return best, true
	}
	return len(p), p[len(p)-1].Box.X1 <= edge+2
}

// listsReports reports whether the cut lines make a sidebar: enough lines,
// enough of them shared with the report, no sentence, and a report's title
// among them.
func listsReports(lines []sideLine, cuts map[int]int) bool {
	if len(cuts) < sideLines {
		return false
	}
	var rows []int
	shared := 0
	for j, k := range cuts {
		rows = append(rows, j)
		if k < len(lines[j].pieces) {
			shared++
		}
	}
	if shared < sideShared {
		return false
	}
	sort.Ints(rows)
	var text strings.Builder
	for _, j := range rows {
		text.WriteString(joinPieces(lines[j].pieces[:cuts[j]]))
	}
	s := strings.ReplaceAll(text.String(), " ", "")
	return !strings.ContainsAny(s, "，。；") && reportListRE.MatchString(s)
}

// joinPieces returns the text of pieces, a space where a gap parts two
// that are not both Chinese.
func joinPieces(p []grid.Text) string {
	var b strings.Builder
	for k, t := range p {
		if k > 0 && t.Box.X0 > p[k-1].Box.X1 {
			b.WriteByte(' ')
		}
		b.WriteString(t.S)
	}
	return layout.Clean(b.String())
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

// isWideText reports whether s is a Chinese character or full-width mark.
func isWideText(s string) bool {
	r := []rune(s)
	return len(r) == 1 && (r[0] >= 0x2e80 && r[0] <= 0x9fff || r[0] >= 0xff00 && r[0] <= 0xff60)
}
