package web

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Charts are drawn here as SVG and rendered by html/template like any other
// markup: no script, nothing fetched. They are meant to be read and cited:
// counts get whole-number ticks, each series its own colour, dash and
// marker shape (so a line under another of equal value still shows), a
// year without a value leaves a gap rather than a line across it, and
// figures of different magnitudes get charts of their own.

// palette colours the series of a chart.
var palette = []string{"#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910", "#566573"}

// dashes tell the series apart where their lines coincide.
var dashes = []string{"", "7 4", "2 3", "10 3 2 3", "4 4", "1 5"}

// shapes are the series' markers, hollow and of decreasing size so that
// markers at the same point are all visible.
var shapes = []string{"circle", "square", "triangle", "diamond", "cross", "triangle-down"}

// series is one line of a line chart: a value per x position, nil where
// the report has none.
type series struct {
	Name   string
	Values []*float64
}

type point struct {
	X, Y  float64
	Path  string // the marker, an SVG path around X,Y
	Title string
}

type line struct {
	Name, Color, Dash, Shape string
	Segments                 []string // each run of values as polyline points "x,y x,y"; gaps between
	Dots                     []point
	Swatch                   string // the marker in the legend, at 8,8
}

type tick struct {
	Pos   float64
	Label string
}

// chart is what the line and bar chart templates draw.
type chart struct {
	Title         string
	Width, Height float64
	Left, Bottom  float64 // plot area edges
	Top, Right    float64
	XTicks        []tick
	YTicks        []tick
	Lines         []line
	Bars          []bar
}

type bar struct {
	X, Y, W, H float64
	Lines      []string // the full name, wrapped
	LabelX     float64
	LabelY     float64
	Title      string
	Value      string
	ValueX     float64
}

const (
	chartW, chartH               = 600.0, 240.0
	marginL, marginR, marginT, b = 48.0, 16.0, 16.0, 36.0
)

// scale is an axis from 0 to top in steps of 1, 2 or 5 times a power of
// ten, about five of them; whole steps when the values are counts.
func scale(max float64, counts bool) (top, step float64) {
	if max <= 0 || math.IsNaN(max) {
		max = 1
	}
	raw := max / 5
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * p; step >= raw {
			break
		}
	}
	if counts && step < 1 {
		step = 1
	}
	return math.Ceil(max/step-1e-9) * step, step
}

// ticks labels an axis from 0 to top; pos maps a value to its position.
func ticks(top, step float64, unit string, pos func(v float64) float64) []tick {
	var ts []tick
	for i := 0; float64(i)*step <= top+step/1e6; i++ {
		v := float64(i) * step
		ts = append(ts, tick{Pos: pos(v), Label: strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64) + unit})
	}
	return ts
}

// marker is the SVG path of a shape of radius r around x, y.
func marker(shape string, x, y, r float64) string {
	switch shape {
	case "square":
		return fmt.Sprintf("M%.1f %.1fh%.1fv%.1fh%.1fz", x-r, y-r, 2*r, 2*r, -2*r)
	case "triangle":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fz", x, y-r*1.2, x+r*1.1, y+r*0.8, x-r*1.1, y+r*0.8)
	case "triangle-down":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fz", x, y+r*1.2, x+r*1.1, y-r*0.8, x-r*1.1, y-r*0.8)
	case "diamond":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fz", x, y-r*1.3, x+r*1.3, y, x, y+r*1.3, x-r*1.3, y)
	case "cross":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f", x-r, y-r, x+r, y+r, x-r, y+r, x+r, y-r)
	}
	return fmt.Sprintf("M%.1f %.1fa%.1f %.1f 0 1 0 %.1f 0a%.1f %.1f 0 1 0 %.1f 0", x-r, y, r, r, 2*r, r, r, -2*r)
}

// lineChart draws series over the x labels (years), a marker per value, the
// line broken where a value is missing. unit "" means counts.
func lineChart(title, unit string, xs []string, ss []series) chart {
	c := chart{Title: title, Width: chartW, Height: chartH, Left: marginL, Right: chartW - marginR, Top: marginT, Bottom: chartH - b}
	top, step := scale(seriesMax(ss), unit == "")
	xstep := (c.Right - c.Left - 20) / math.Max(float64(len(xs)-1), 1)
	x := func(i int) float64 {
		if len(xs) == 1 {
			return (c.Left + c.Right) / 2
		}
		return c.Left + 10 + xstep*float64(i)
	}
	y := func(v float64) float64 { return c.Bottom - (c.Bottom-c.Top)*(v/top) }
	for i, l := range xs {
		c.XTicks = append(c.XTicks, tick{Pos: x(i), Label: l})
	}
	c.YTicks = ticks(top, step, unit, y)
	for n, s := range ss {
		ln := line{Name: s.Name, Color: palette[n%len(palette)], Dash: dashes[n%len(dashes)], Shape: shapes[n%len(shapes)]}
		r := math.Max(5.5-0.7*float64(n%len(shapes)), 2.5)
		ln.Swatch = marker(ln.Shape, 12, 8, 4.5)
		var run []string
		for i, v := range s.Values {
			if v == nil {
				if len(run) > 1 {
					ln.Segments = append(ln.Segments, strings.Join(run, " "))
				}
				run = nil
				continue
			}
			px, py := x(i), y(*v)
			run = append(run, fmt.Sprintf("%.1f,%.1f", px, py))
			ln.Dots = append(ln.Dots, point{X: px, Y: py, Path: marker(ln.Shape, px, py, r), Title: fmt.Sprintf("%s %s: %s%s", xs[i], s.Name, num(v), unit)})
		}
		if len(run) > 1 {
			ln.Segments = append(ln.Segments, strings.Join(run, " "))
		}
		c.Lines = append(c.Lines, ln)
	}
	return c
}

// seriesMax is the largest value of the series, 0 when they have none.
func seriesMax(ss []series) float64 {
	top := 0.0
	for _, s := range ss {
		for _, v := range s.Values {
			if v != nil {
				top = math.Max(top, *v)
			}
		}
	}
	return top
}

// byScale groups series by magnitude, so that tens are not drawn flat
// under thousands: one scale per chart. A series starts a new group when
// its largest value is under a twentieth of the group's, and that is at
// least 100; series keep their order within a group.
func byScale(ss []series) [][]series {
	maxima := make([]float64, len(ss))
	order := make([]int, len(ss))
	for i, s := range ss {
		maxima[i], order[i] = seriesMax([]series{s}), i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(maxima[b], maxima[a]) })
	group := make([]int, len(ss))
	g, groupTop := -1, 0.0
	for _, i := range order {
		if g < 0 || (maxima[i] > 0 && groupTop >= 100 && maxima[i]*20 < groupTop) {
			g, groupTop = g+1, maxima[i]
		}
		group[i] = g
	}
	out := make([][]series, g+1)
	for i, s := range ss {
		out[group[i]] = append(out[group[i]], s)
	}
	return out
}

// lineCharts is lineChart split by scale: one chart, or one per group of
// series of like magnitude, titled with the series they hold.
func lineCharts(title, unit string, xs []string, ss []series) []chart {
	groups := byScale(ss)
	if len(groups) <= 1 {
		return []chart{lineChart(title, unit, xs, ss)}
	}
	var out []chart
	for _, g := range groups {
		var names []string
		for _, s := range g {
			names = append(names, s.Name)
		}
		out = append(out, lineChart(title+"："+strings.Join(names, "、"), unit, xs, g))
	}
	return out
}

// barChart draws one horizontal bar per label, with the label in full
// (wrapped when long, and on hover); nil values get no bar.
func barChart(title string, labels []string, values []*float64) chart {
	const rowH, perLine, lineH = 30.0, 18, 13.0
	longest := 0
	for _, l := range labels {
		longest = max(longest, min(len([]rune(l)), perLine))
	}
	left := 12*float64(longest) + 16
	c := chart{Title: title, Width: left + 420, Left: left, Top: marginT}
	c.Right = c.Width - 48 // room for the value after the longest bar
	c.Bottom = c.Top + rowH*float64(len(labels))
	c.Height = c.Bottom + 28
	top := 0.0
	for _, v := range values {
		if v != nil {
			top = math.Max(top, *v)
		}
	}
	top, step := scale(top, true)
	x := func(v float64) float64 { return c.Left + (c.Right-c.Left)*(v/top) }
	c.XTicks = ticks(top, step, "", x)
	for i, l := range labels {
		y := c.Top + rowH*float64(i)
		br := bar{X: c.Left, Y: y + 6, H: rowH - 12, Lines: wrap(l, perLine), LabelX: c.Left - 6, Title: l}
		br.LabelY = y + rowH/2 + 4 - lineH*float64(len(br.Lines)-1)/2
		if v := values[i]; v != nil {
			br.W = x(*v) - c.Left
			br.Value = num(v)
			br.Title += ": " + num(v)
		}
		br.ValueX = c.Left + br.W + 4
		c.Bars = append(c.Bars, br)
	}
	return c
}

// wrap cuts s into lines of at most n characters.
func wrap(s string, n int) []string {
	r := []rune(s)
	var out []string
	for len(r) > n {
		out = append(out, string(r[:n]))
		r = r[n:]
	}
	return append(out, string(r))
}
