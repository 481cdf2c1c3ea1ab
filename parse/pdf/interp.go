package pdf

import (
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
	lpdf "github.com/ledongthuc/pdf"
)

// Coordinates below are in top-left page space: x as in PDF user space, y
// measured down from the top of the MediaBox, so that reading order is
// increasing y then increasing x whatever CTM the producer used (WPS flips
// the page with "1 0 0 -1 0 842 cm").

// pageContent is what one page's content stream drew: its glyphs (one
// grid.Text each), its rulings, and how much it painted otherwise.
type pageContent struct {
	glyphs   []grid.Text
	segs     []grid.Segment
	images   int // images painted (Do of an image XObject, inline images)
	unmapped int // glyphs whose font has no text for them
	// the name of one such glyph where its font named it (g123): what the
	// warning shows of the text lost
	unreadName string
	dropped    int // glyphs and rulings past the page's limits (maxGlyphs, maxSegs)
}

// rect is an axis-aligned rectangle of a path, in page space.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

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
	docFonts map[string]*font // fonts of the document by dictionary, parsed once
	fonts    func(name string) *font
	xobject  func(name string) lpdf.Value // a named XObject of the current resources
	forms    int                          // form XObjects entered, to bound nesting and loops
	top      float64                      // MediaBox top, to flip y
	out      pageContent
	gs       gstate
	stack    []gstate
	tm, tlm  matrix
	// current path, in page space: its subpaths as lists of points, and its
	// rectangles
	subpaths  [][]point
	pathRects []rect
	cur       point
	pathFull  bool // the current subpath was past maxPathParts: its points are left out
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
	in.interpret(contents)
}

func (in *interp) interpret(contents lpdf.Value) {
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
		if len(args) >= 2 && in.fonts != nil {
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
		in.pathFull = len(in.subpaths) >= maxPathParts
		if in.pathFull {
			in.out.dropped++
		} else {
			in.subpaths = append(in.subpaths, []point{in.cur})
		}
	case "l":
		in.cur = in.dev(f(2, 0), f(2, 1))
		in.lineTo(in.cur)
	case "c":
		in.cur = in.dev(f(6, 4), f(6, 5))
		in.lineTo(in.cur)
	case "v", "y":
		in.cur = in.dev(f(4, 2), f(4, 3))
		in.lineTo(in.cur)
	case "h":
		if n := len(in.subpaths); n > 0 && len(in.subpaths[n-1]) > 0 {
			in.cur = in.subpaths[n-1][0]
			in.lineTo(in.cur)
		}
	case "re":
		x, y, w, h := f(4, 0), f(4, 1), f(4, 2), f(4, 3)
		p0, p1 := in.dev(x, y), in.dev(x+w, y+h)
		if len(in.pathRects) < maxPathParts {
			in.pathRects = append(in.pathRects, rect{
				math.Min(p0.x, p1.x), math.Min(p0.y, p1.y), math.Max(p0.x, p1.x), math.Max(p0.y, p1.y)})
		} else {
			in.out.dropped++
		}
		in.cur = p0
	case "S", "s":
		in.paint(true, false)
	case "f", "F", "f*":
		in.paint(false, true)
	case "B", "B*", "b", "b*":
		in.paint(true, true)
	case "n":
		in.paint(false, false)
	case "Do":
		if len(args) > 0 {
			in.do(args[len(args)-1].Name())
		}
	case "BI":
		in.out.images++
	}
}

// lineTo adds a point to the current subpath (curves too: their end
// point is enough to see a path's extent, and a curve is no ruling).
func (in *interp) lineTo(p point) {
	if in.pathFull {
		in.out.dropped++ // its subpath was not kept
		return
	}
	n := len(in.subpaths)
	if n == 0 {
		in.subpaths = append(in.subpaths, nil)
		n = 1
	}
	if len(in.subpaths[n-1]) < maxPathParts {
		in.subpaths[n-1] = append(in.subpaths[n-1], p)
	} else {
		in.out.dropped++
	}
}

// maxPathParts bounds the subpaths, the points of a subpath and the
// rectangles of one path: what a path past them draws is left out and
// counted, so that a hostile path costs bounded memory and says so.
const maxPathParts = 1 << 12

// enterResources makes res the resources that names refer to and returns
// the function that restores the previous ones. A form without resources
// uses those of the page or form that paints it.
func (in *interp) enterResources(res lpdf.Value) (restore func()) {
	savedFonts, savedXObject := in.fonts, in.xobject
	restore = func() { in.fonts, in.xobject = savedFonts, savedXObject }
	if res.IsNull() {
		return restore
	}
	fontDict, xDict := res.Key("Font"), res.Key("XObject")
	local := map[string]*font{}
	in.fonts = func(name string) *font {
		if f, ok := local[name]; ok {
			return f
		}
		key := refKey(fontDict, name)
		f, ok := in.docFonts[key]
		if !ok || key == "" {
			f = loadFont(fontDict.Key(name))
			if key != "" {
				in.docFonts[key] = f
			}
		}
		local[name] = f
		return f
	}
	in.xobject = func(name string) lpdf.Value { return xDict.Key(name) }
	return restore
}

// refKey identifies the font that a resource dictionary names, without
// reading it: the number of the object the name refers to. A font read
// once is then found again on every page that uses it. The library exposes
// neither object numbers nor unresolved references, and reading a font
// object again (all the glyph procedures of a Type 3 font) cost half the
// time on Chromium's PDFs; so the reference is looked up by reflection.
// A font written inside the dictionary has no number of its own: "" then,
// and it is cached for its page only.
func refKey(dict lpdf.Value, name string) string {
	data := reflect.ValueOf(dict).FieldByName("data")
	if !data.IsValid() || data.Kind() != reflect.Interface || data.Elem().Kind() != reflect.Map {
		return ""
	}
	m := data.Elem()
	k := reflect.ValueOf(name)
	if !k.CanConvert(m.Type().Key()) {
		return ""
	}
	ref := m.MapIndex(k.Convert(m.Type().Key()))
	if !ref.IsValid() || ref.Kind() != reflect.Interface || ref.Elem().Kind() != reflect.Struct || ref.Elem().NumField() != 2 {
		return ""
	}
	ptr := ref.Elem()
	if ptr.Field(0).Kind() != reflect.Uint32 || ptr.Field(1).Kind() != reflect.Uint16 {
		return ""
	}
	return strconv.FormatUint(ptr.Field(0).Uint(), 10) + " " + strconv.FormatUint(ptr.Field(1).Uint(), 10)
}

// maxForms bounds the form XObjects entered on one page: a form that
// draws itself would otherwise never end.
const maxForms = 256

// do paints a named XObject: an image is counted (a page of images and no
// text is a scan); a form's content is interpreted in place, with its own
// matrix and, where it has them, its own resources.
func (in *interp) do(name string) {
	if in.xobject == nil {
		return
	}
	x := in.xobject(name)
	switch x.Key("Subtype").Name() {
	case "Image":
		in.out.images++
	case "Form":
		if glyph, ok := glyphForm(name); ok {
			in.formGlyph(glyph, x)
			return
		}
		if in.forms >= maxForms || len(in.stack) >= 32 {
			return
		}
		in.forms++
		saved, savedTM, savedTLM := in.gs, in.tm, in.tlm
		if m := x.Key("Matrix"); m.Len() == 6 {
			in.gs.ctm = matrix{m.Index(0).Float64(), m.Index(1).Float64(), m.Index(2).Float64(),
				m.Index(3).Float64(), m.Index(4).Float64(), m.Index(5).Float64()}.mul(in.gs.ctm)
		}
		depth := len(in.stack)
		in.stack = append(in.stack, in.gs)
		restore := in.enterResources(x.Key("Resources"))
		in.interpret(x)
		restore()
		in.stack = in.stack[:depth]
		in.gs, in.tm, in.tlm = saved, savedTM, savedTLM
	}
}

// thin is the widest a filled shape may be and still be a ruling, in points.
const thin = 2.5

// paint ends the current path. Stroked lines and the edges of stroked
// rectangles become rulings; so do filled shapes that are thin and long,
// whether drawn as rectangles (LibreOffice, Word) or as four-point
// polygons (Chromium's borders).
func (in *interp) paint(stroke, fill bool) {
	for _, sp := range in.subpaths {
		if stroke {
			for i := 1; i < len(sp); i++ {
				in.addSeg(sp[i-1], sp[i])
			}
		}
		if fill && len(sp) >= 3 {
			r := rect{sp[0].x, sp[0].y, sp[0].x, sp[0].y}
			for _, p := range sp[1:] {
				r = rect{math.Min(r.x0, p.x), math.Min(r.y0, p.y), math.Max(r.x1, p.x), math.Max(r.y1, p.y)}
			}
			in.thinFill(r)
		}
	}
	for _, r := range in.pathRects {
		switch {
		case fill && in.thinFill(r):
		case stroke:
			in.addSeg(point{r.x0, r.y0}, point{r.x1, r.y0})
			in.addSeg(point{r.x0, r.y1}, point{r.x1, r.y1})
			in.addSeg(point{r.x0, r.y0}, point{r.x0, r.y1})
			in.addSeg(point{r.x1, r.y0}, point{r.x1, r.y1})
		}
	}
	in.subpaths, in.pathRects, in.pathFull = in.subpaths[:0], in.pathRects[:0], false
}

// thinFill records a filled shape with bounding box r as a ruling if it is
// thin and long, and reports whether it did.
func (in *interp) thinFill(r rect) bool {
	switch {
	case r.h() < thin && r.w() > 2*r.h():
		in.seg(grid.Segment{Horizontal: true, Pos: (r.y0 + r.y1) / 2, Lo: r.x0, Hi: r.x1})
	case r.w() < thin && r.h() > 2*r.w():
		in.seg(grid.Segment{Horizontal: false, Pos: (r.x0 + r.x1) / 2, Lo: r.y0, Hi: r.y1})
	default:
		return false
	}
	return true
}

// maxSegs bounds the rulings kept per page; the table builder compares
// them pairwise.
const maxSegs = grid.MaxSegments

func (in *interp) seg(s grid.Segment) {
	if len(in.out.segs) < maxSegs {
		in.out.segs = append(in.out.segs, s)
	} else {
		in.out.dropped++
	}
}

// addSeg records a stroked line if it is horizontal or vertical.
func (in *interp) addSeg(a, b point) {
	const tol = 0.5
	switch {
	case math.Abs(a.y-b.y) <= tol && math.Abs(a.x-b.x) > tol:
		in.seg(grid.Segment{Horizontal: true, Pos: (a.y + b.y) / 2, Lo: math.Min(a.x, b.x), Hi: math.Max(a.x, b.x)})
	case math.Abs(a.x-b.x) <= tol && math.Abs(a.y-b.y) > tol:
		in.seg(grid.Segment{Horizontal: false, Pos: (a.x + b.x) / 2, Lo: math.Min(a.y, b.y), Hi: math.Max(a.y, b.y)})
	}
}

func (in *interp) td(tx, ty float64) {
	in.tlm = translate(tx, ty).mul(in.tlm)
	in.tm = in.tlm
}

// maxGlyphs bounds the glyphs kept per page: far more than a page holds,
// few enough that placing them into cells stays fast on corrupt input.
const maxGlyphs = grid.MaxTexts

// show places the glyphs of one string and advances the text matrix.
func (in *interp) show(s string) {
	ft := in.gs.font
	if ft == nil {
		return
	}
	gs := &in.gs
	whole := s
	for len(s) > 0 {
		code, n := ft.next(s)
		s = s[n:]
		w0 := ft.width(code) * ft.unit
		trm := matrix{gs.fs * gs.th, 0, 0, gs.fs, 0, gs.ts}.mul(in.tm).mul(gs.ctm)
		t, name := ft.textOrName(code)
		if t == " " && n == len(whole) {
			// a space shown alone is kept, as a blank piece: Chromium
			// draws one in each empty cell of a table, where the table
			// builder reads it as a cell left blank; spaces among text
			// are only gaps
			t = "\u00a0"
		}
		// glyph box in glyph space (em units)
		bx := [4]float64{0, -0.12, w0, 0.88}
		if bx[2] <= 0 {
			bx[2] = 0.5
		}
		if ft.vertical {
			bw := w0
			if bw <= 0 {
				bw = 1
			}
			top := ft.dw2[0] / 1000
			bx = [4]float64{-bw / 2, -top - 0.12, bw / 2, -top + 0.88}
		}
		in.glyph(t, name, trm, bx)
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

// glyph records one glyph whose text is t, drawn with the rendering
// matrix trm over the box bx (in em units: x0 y0 x1 y1). An empty t is
// counted as text lost, with name, the glyph's name where its font gave
// one, as an example for the warning.
func (in *interp) glyph(t, name string, trm matrix, bx [4]float64) {
	switch {
	case t == "":
		in.out.unmapped++
		if in.out.unreadName == "" && name != "" {
			in.out.unreadName = name
		}
		return
	case t == " ":
		return
	case len(in.out.glyphs) >= maxGlyphs:
		in.out.dropped++
		return
	}
	x0, y0 := trm.apply(bx[0], bx[1])
	x1, y1 := trm.apply(bx[2], bx[3])
	y0, y1 = in.top-y0, in.top-y1
	in.out.glyphs = append(in.out.glyphs, grid.Text{
		S:    layout.Normalize(t),
		Box:  grid.Rect{X0: math.Min(x0, x1), Y0: math.Min(y0, y1), X1: math.Max(x0, x1), Y1: math.Max(y0, y1)},
		Size: math.Hypot(trm[2], trm[3]),
	})
}

// glyphForm reports whether a form XObject's resource name names a glyph,
// and the glyph's name. A Type 3 font addresses 256 codes only, so
// matplotlib (3.6 and before) draws each other character as a form of its
// own named FONT-FILE-GLYPH (/F1-wqy-zenhei-uni4EBA): the name's last part
// is all there is of its text.
func glyphForm(name string) (glyph string, ok bool) {
	i := strings.LastIndexByte(name, '-')
	if i <= 0 || !strings.Contains(name[:i], "-") {
		return "", false // not FONT-FILE-GLYPH: a form of another producer
	}
	glyph = name[i+1:]
	return glyph, glyphNamePattern.MatchString(glyph)
}

// glyphNamePattern matches the glyph names producers number or code
// glyphs by (uni4EBA, uni4EBA_uni6C11, u20B9F, g123, cid1234, glyph12).
var glyphNamePattern = regexp.MustCompile(`^(uni[0-9A-Fa-f]{4,}|u[0-9A-Fa-f]{4,6}|g[0-9]+|cid[0-9]+|glyph[0-9]+)(_(uni[0-9A-Fa-f]{4,}|u[0-9A-Fa-f]{4,6}))*$`)

// formGlyph records a form that draws one glyph named glyph: a glyph one em
// wide of 1000 form units, the glyph space of matplotlib's Type 3 fonts,
// placed by the form's matrix and the current transformation. Its outline
// is not interpreted: a glyph's strokes are no rulings.
func (in *interp) formGlyph(glyph string, form lpdf.Value) {
	m := matrix{1000, 0, 0, 1000, 0, 0}
	if fm := form.Key("Matrix"); fm.Len() == 6 {
		m = m.mul(matrix{fm.Index(0).Float64(), fm.Index(1).Float64(), fm.Index(2).Float64(),
			fm.Index(3).Float64(), fm.Index(4).Float64(), fm.Index(5).Float64()})
	}
	in.glyph(glyphText(glyph), glyph, m.mul(in.gs.ctm), [4]float64{0, -0.12, 1, 0.88})
}
