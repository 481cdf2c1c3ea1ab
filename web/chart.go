package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Charts are drawn here as SVG and rendered by html/template like any other
// markup: no script, nothing fetched.

// palette colours the series of a chart.
var palette = []string{"#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910", "#566573"}

// series is one line of a line chart: a value per x position, nil where
// the report has none.
type series struct {
	Name   string
	Values []*float64
}

type point struct {
	X, Y  float64
	Title string
}

type line struct {
	Name, Color string
	Points      string // the polyline's points, "x,y x,y"
	Dots        []point
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
	Label      string
	Title      string
	Value      string
	LabelY     float64
}

const (
	chartW, chartH               = 600.0, 240.0
	marginL, marginR, marginT, b = 48.0, 16.0, 16.0, 36.0
)

// niceMax rounds v up to 1, 2 or 5 times a power of ten, so axis labels are round.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func yTicks(top, y0, y1 float64, unit string) []tick {
	var ts []tick
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		ts = append(ts, tick{Pos: y1 - (y1-y0)*float64(i)/4, Label: strconv.FormatFloat(v, 'f', -1, 64) + unit})
	}
	return ts
}

// lineChart draws series over the x labels (years), one dot per value.
func lineChart(title, unit string, xs []string, ss []series) chart {
	c := chart{Title: title, Width: chartW, Height: chartH, Left: marginL, Right: chartW - marginR, Top: marginT, Bottom: chartH - b}
	top := 0.0
	for _, s := range ss {
		for _, v := range s.Values {
			if v != nil {
				top = math.Max(top, *v)
			}
		}
	}
	top = niceMax(top)
	step := (c.Right - c.Left) / math.Max(float64(len(xs)-1), 1)
	x := func(i int) float64 {
		if len(xs) == 1 {
			return (c.Left + c.Right) / 2
		}
		return c.Left + step*float64(i)
	}
	for i, l := range xs {
		c.XTicks = append(c.XTicks, tick{Pos: x(i), Label: l})
	}
	c.YTicks = yTicks(top, c.Top, c.Bottom, unit)
	for n, s := range ss {
		ln := line{Name: s.Name, Color: palette[n%len(palette)]}
		var pts []string
		for i, v := range s.Values {
			if v == nil {
				continue
			}
			y := c.Bottom - (c.Bottom-c.Top)*(*v/top)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y))
			ln.Dots = append(ln.Dots, point{X: x(i), Y: y, Title: fmt.Sprintf("%s %s: %s%s", xs[i], s.Name, num(v), unit)})
		}
		ln.Points = strings.Join(pts, " ")
		c.Lines = append(c.Lines, ln)
	}
	return c
}

// barChart draws one bar per label; nil values get no bar.
func barChart(title string, labels []string, values []*float64) chart {
	c := chart{Title: title, Width: chartW, Height: chartH + 60, Left: marginL, Right: chartW - marginR, Top: marginT, Bottom: chartH - b}
	top := 0.0
	for _, v := range values {
		if v != nil {
			top = math.Max(top, *v)
		}
	}
	top = niceMax(top)
	c.YTicks = yTicks(top, c.Top, c.Bottom, "")
	slot := (c.Right - c.Left) / math.Max(float64(len(labels)), 1)
	for i, l := range labels {
		br := bar{X: c.Left + slot*float64(i) + slot*0.15, W: slot * 0.7, Label: short(l, 8), Title: l, LabelY: c.Bottom + 14}
		if v := values[i]; v != nil {
			br.H = (c.Bottom - c.Top) * (*v / top)
			br.Value = num(v)
			br.Title += ": " + num(v)
		}
		br.Y = c.Bottom - br.H
		c.Bars = append(c.Bars, br)
	}
	return c
}

// short cuts a label to n characters from its end, where body names differ
// (…东河街道办事处).
func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n:])
}
