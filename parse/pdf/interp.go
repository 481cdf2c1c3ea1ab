package pdf

import (
	"math"
	"time"

	lpdf "github.com/ledongthuc/pdf"
)

// Coordinates below are in top-left page space: x as in PDF user space, y
// measured down from the top of the MediaBox, so that reading order is
// increasing y then increasing x whatever CTM the producer used (WPS flips
// the page with "1 0 0 -1 0 842 cm").

// glyph is one shown character with its box.
type glyph struct {
	text     string
	box      [4]float64 // x0, y0, x1, y1
	size     float64    // font size on the page
	vertical bool       // from a vertical (-V) font
}

func (g *glyph) cx() float64 { return (g.box[0] + g.box[2]) / 2 }
func (g *glyph) cy() float64 { return (g.box[1] + g.box[3]) / 2 }

// rect is an axis-aligned rectangle: a clip, fill or stroke of "re", a
// candidate table cell.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

// seg is a horizontal or vertical ruling: a stroked line, a stroked
// rectangle's edge, or a thin filled rectangle.
type seg struct {
	horizontal bool
	pos        float64 // y of a horizontal ruling, x of a vertical one
	lo, hi     float64 // extent along the ruling
}

// pageContent is what one page's content stream drew.
type pageContent struct {
	glyphs   []glyph
	rects    []rect
	segs     []seg
	unmapped int // glyphs whose font has no text for them
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n: apply m, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// gstate is the part of the graphics state the interpreter tracks,
// including the text state parameters, which q/Q save and restore too.
type gstate struct {
	ctm                    matrix
	font                   *font
	fs, tc, tw, th, tl, ts float64
}

type point struct{ x, y float64 }

// interp runs one page's content stream.
type interp struct {
	deadline time.Time // interpretation stops here: see TimeLimit
	ops      int
	fonts    func(name string) *font
	top      float64 // MediaBox top, to flip y
	out      pageContent
	gs       gstate
	stack    []gstate
	tm, tlm  matrix
	// current path, in page space
	lines      [][2]point
	pathRects  []rect
	cur, start point
	clip       bool
}

// dev converts user space to top-left page space.
func (in *interp) dev(x, y float64) point {
	x, y = in.gs.ctm.apply(x, y)
	return point{x, in.top - y}
}

// run interprets the content stream(s) of a page.
func (in *interp) run(contents lpdf.Value) {
	in.gs = gstate{ctm: identity, th: 1}
	in.tm, in.tlm = identity, identity
	var args []lpdf.Value
	lpdf.Interpret(contents, func(stk *lpdf.Stack, op string) {
		if in.ops++; in.ops%4096 == 0 && !in.deadline.IsZero() && time.Now().After(in.deadline) {
			panic(errTimeLimit) // the library's loop has no other way out; readPage recovers
		}
		n := stk.Len()
		if cap(args) < n {
			args = make([]lpdf.Value, n)
		}
		args = args[:n]
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		in.op(op, args)
	})
}

// num returns the i-th operand from the end-aligned operand list, as
// operators take their operands from the top of the stack.
func num(args []lpdf.Value, want, i int) float64 {
	k := len(args) - want + i
	if k < 0 || k >= len(args) {
		return 0
	}
	return args[k].Float64()
}

func (in *interp) op(op string, args []lpdf.Value) {
	f := func(want, i int) float64 { return num(args, want, i) }
	switch op {
	case "q":
		if len(in.stack) < 1000 {
			in.stack = append(in.stack, in.gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			in.gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		in.gs.ctm = matrix{f(6, 0), f(6, 1), f(6, 2), f(6, 3), f(6, 4), f(6, 5)}.mul(in.gs.ctm)

	case "BT":
		in.tm, in.tlm = identity, identity
	case "Tf":
		if len(args) >= 2 {
			in.gs.font = in.fonts(args[len(args)-2].Name())
		}
		in.gs.fs = f(1, 0)
	case "Tc":
		in.gs.tc = f(1, 0)
	case "Tw":
		in.gs.tw = f(1, 0)
	case "Tz":
		in.gs.th = f(1, 0) / 100
	case "TL":
		in.gs.tl = f(1, 0)
	case "Ts":
		in.gs.ts = f(1, 0)
	case "Td":
		in.td(f(2, 0), f(2, 1))
	case "TD":
		in.gs.tl = -f(2, 1)
		in.td(f(2, 0), f(2, 1))
	case "Tm":
		in.tm = matrix{f(6, 0), f(6, 1), f(6, 2), f(6, 3), f(6, 4), f(6, 5)}
		in.tlm = in.tm
	case "T*":
		in.td(0, -in.gs.tl)
	case "Tj":
		if len(args) > 0 {
			in.show(args[len(args)-1].RawString())
		}
	case "'":
		in.td(0, -in.gs.tl)
		if len(args) > 0 {
			in.show(args[len(args)-1].RawString())
		}
	case "\"":
		in.gs.tw, in.gs.tc = f(3, 0), f(3, 1)
		in.td(0, -in.gs.tl)
		if len(args) > 0 {
			in.show(args[len(args)-1].RawString())
		}
	case "TJ":
		if len(args) == 0 {
			return
		}
		a := args[len(args)-1]
		for i := 0; i < a.Len(); i++ {
			v := a.Index(i)
			if v.Kind() == lpdf.String {
				in.show(v.RawString())
				continue
			}
			adj := -v.Float64() / 1000 * in.gs.fs
			if in.gs.font != nil && in.gs.font.vertical {
				in.tm = translate(0, adj).mul(in.tm)
			} else {
				in.tm = translate(adj*in.gs.th, 0).mul(in.tm)
			}
		}

	case "m":
		in.cur = in.dev(f(2, 0), f(2, 1))
		in.start = in.cur
	case "l":
		p := in.dev(f(2, 0), f(2, 1))
		in.addLine(in.cur, p)
		in.cur = p
	case "c":
		in.cur = in.dev(f(6, 4), f(6, 5))
	case "v", "y":
		in.cur = in.dev(f(4, 2), f(4, 3))
	case "h":
		in.addLine(in.cur, in.start)
		in.cur = in.start
	case "re":
		x, y, w, h := f(4, 0), f(4, 1), f(4, 2), f(4, 3)
		p0, p1 := in.dev(x, y), in.dev(x+w, y+h)
		in.pathRects = append(in.pathRects, rect{
			math.Min(p0.x, p1.x), math.Min(p0.y, p1.y), math.Max(p0.x, p1.x), math.Max(p0.y, p1.y)})
		in.cur, in.start = in.dev(x, y), in.dev(x, y)
	case "W", "W*":
		in.clip = true
	case "S", "s":
		in.paint(true, false)
	case "f", "F", "f*":
		in.paint(false, true)
	case "B", "B*", "b", "b*":
		in.paint(true, true)
	case "n":
		in.paint(false, false)
	}
}

// addLine adds a straight path segment; only axis-aligned ones can be rulings.
func (in *interp) addLine(a, b point) {
	if len(in.lines) < 1<<16 {
		in.lines = append(in.lines, [2]point{a, b})
	}
}

// paint ends the current path. Stroked lines and rectangle edges become
// rulings, thin filled rectangles too; rectangles that are clipped to,
// filled or stroked become cell candidates.
func (in *interp) paint(stroke, fill bool) {
	const thin = 2.5
	if stroke {
		for _, l := range in.lines {
			in.addSeg(l[0], l[1])
		}
	}
	for _, r := range in.pathRects {
		if len(in.out.segs) >= maxSegs {
			break
		}
		switch {
		case fill && r.h() < thin && r.w() > r.h():
			in.out.segs = append(in.out.segs, seg{true, (r.y0 + r.y1) / 2, r.x0, r.x1})
		case fill && r.w() < thin && r.h() > r.w():
			in.out.segs = append(in.out.segs, seg{false, (r.x0 + r.x1) / 2, r.y0, r.y1})
		case r.w() >= thin && r.h() >= thin && (stroke || fill || in.clip):
			if len(in.out.rects) < 1<<16 {
				in.out.rects = append(in.out.rects, r)
			}
			if stroke {
				in.out.segs = append(in.out.segs,
					seg{true, r.y0, r.x0, r.x1}, seg{true, r.y1, r.x0, r.x1},
					seg{false, r.x0, r.y0, r.y1}, seg{false, r.x1, r.y0, r.y1})
			}
		}
	}
	in.lines, in.pathRects, in.clip = in.lines[:0], in.pathRects[:0], false
}

// maxSegs bounds the rulings kept per page; each cell edge is checked
// against all of them.
const maxSegs = 1 << 13

// addSeg records a stroked line if it is horizontal or vertical.
func (in *interp) addSeg(a, b point) {
	const tol = 0.5
	if len(in.out.segs) >= maxSegs {
		return
	}
	switch {
	case math.Abs(a.y-b.y) <= tol && math.Abs(a.x-b.x) > tol:
		in.out.segs = append(in.out.segs, seg{true, (a.y + b.y) / 2, math.Min(a.x, b.x), math.Max(a.x, b.x)})
	case math.Abs(a.x-b.x) <= tol && math.Abs(a.y-b.y) > tol:
		in.out.segs = append(in.out.segs, seg{false, (a.x + b.x) / 2, math.Min(a.y, b.y), math.Max(a.y, b.y)})
	}
}

func (in *interp) td(tx, ty float64) {
	in.tlm = translate(tx, ty).mul(in.tlm)
	in.tm = in.tlm
}

// maxGlyphs bounds the glyphs kept per page: far more than a page holds,
// few enough that placing them into cells stays fast on corrupt input.
const maxGlyphs = 1 << 16

// show places the glyphs of one string and advances the text matrix.
func (in *interp) show(s string) {
	ft := in.gs.font
	if ft == nil {
		return
	}
	gs := &in.gs
	for len(s) > 0 {
		code, n := ft.next(s)
		s = s[n:]
		w0 := ft.width(code) / 1000
		trm := matrix{gs.fs * gs.th, 0, 0, gs.fs, 0, gs.ts}.mul(in.tm).mul(gs.ctm)
		t := ft.text(code)
		if t != "" && t != " " && len(in.out.glyphs) < maxGlyphs {
			// glyph box in glyph space (em units)
			var bx [4]float64
			if ft.vertical {
				bw := w0
				if bw <= 0 {
					bw = 1
				}
				top := ft.dw2[0] / 1000
				bx = [4]float64{-bw / 2, -top - 0.12, bw / 2, -top + 0.88}
			} else {
				bw := w0
				if bw <= 0 {
					bw = 0.5
				}
				bx = [4]float64{0, -0.12, bw, 0.88}
			}
			x0, y0 := trm.apply(bx[0], bx[1])
			x1, y1 := trm.apply(bx[2], bx[3])
			y0, y1 = in.top-y0, in.top-y1
			in.out.glyphs = append(in.out.glyphs, glyph{
				text:     t,
				box:      [4]float64{math.Min(x0, x1), math.Min(y0, y1), math.Max(x0, x1), math.Max(y0, y1)},
				size:     math.Hypot(trm[2], trm[3]),
				vertical: ft.vertical,
			})
		} else if t == "" {
			in.out.unmapped++
		}
		spacing := gs.tc
		if n == 1 && code == 32 {
			spacing += gs.tw
		}
		if ft.vertical {
			in.tm = translate(0, ft.dw2[1]/1000*gs.fs+spacing).mul(in.tm)
		} else {
			in.tm = translate((w0*gs.fs+spacing)*gs.th, 0).mul(in.tm)
		}
	}
}
