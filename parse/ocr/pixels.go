package ocr

import (
	"image"
	"image/draw"
	"math"

	"github.com/gongkai/gongkai/parse/grid"
)

// otsu returns the grey level that best separates ink from paper
// (Otsu's method: the threshold maximising the between-class variance).
func otsu(g *image.Gray) uint8 {
	var hist [256]float64
	for _, p := range g.Pix {
		hist[p]++
	}
	total := float64(len(g.Pix))
	var sum float64
	for i, n := range hist {
		sum += float64(i) * n
	}
	var sumB, wB, best float64
	threshold := uint8(128)
	for t := range 256 {
		wB += hist[t]
		wF := total - wB
		if wB == 0 || wF == 0 {
			continue
		}
		sumB += float64(t) * hist[t]
		mB, mF := sumB/wB, (sum-sumB)/wF
		if v := wB * wF * (mB - mF) * (mB - mF); v > best {
			best, threshold = v, uint8(t)
		}
	}
	return threshold
}

// bitmap is a binarised page: true is ink.
type bitmap struct {
	w, h int
	ink  []bool
}

func (b *bitmap) at(x, y int) bool { return b.ink[y*b.w+x] }

func binarise(g *image.Gray) *bitmap {
	t := otsu(g)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	b := &bitmap{w: w, h: h, ink: make([]bool, w*h)}
	for y := range h {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for x, p := range row {
			b.ink[y*w+x] = p <= t
		}
	}
	return b
}

// bilevel reports whether a picture is black and white only, as office
// scanners send pages (CCITT, JBIG2): its greys come dithered, a grey
// ruling a band of dots that no run of ink follows.
func bilevel(g *image.Gray) bool {
	grey := 0
	for _, p := range g.Pix {
		if p != 0 && p != 255 {
			grey++
		}
	}
	return grey*100 < len(g.Pix)
}

// alone reports whether a run of one pixel's width has paper beside it,
// besideRun pixels off on both sides, along three quarters of its length
// or more: a ruling does (its crossings aside), a chain of type's strokes
// that happen to line up does not.
func alone(b *bitmap, r image.Rectangle) bool {
	const besideRun = 4
	inked, n := 0, 0
	side := func(x, y int) bool { return x >= 0 && y >= 0 && x < b.w && y < b.h && b.at(x, y) }
	if r.Dy() == 1 { // horizontal
		for x := r.Min.X; x < r.Max.X; x++ {
			if side(x, r.Min.Y-besideRun) || side(x, r.Min.Y+besideRun) {
				inked++
			}
			n++
		}
	} else {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			if side(r.Min.X-besideRun, y) || side(r.Min.X+besideRun, y) {
				inked++
			}
			n++
		}
	}
	return inked*4 <= n
}

// traced binarises a picture taken from a black and white one, taking
// any pixel short of white as ink: resampled to WorkDPI, the dots of a
// dithered grey ruling average into a faint grey line that joins up. For
// finding rulings only: it fattens type by a pixel.
func traced(g *image.Gray) *bitmap {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	b := &bitmap{w: w, h: h, ink: make([]bool, w*h)}
	for y := range h {
		for x, p := range g.Pix[y*g.Stride : y*g.Stride+w] {
			b.ink[y*w+x] = p < 250
		}
	}
	return b
}

// withFaintLines adds to a page's ink the faint lines of its picture:
// pixels darker by faintLine grey levels than the pixels ridgeGap away on
// both sides, across or along. A thin light-grey ruling (LibreOffice's,
// a page printed smaller) scans lighter than the threshold between type
// and paper, yet still darker than the paper beside it. For finding
// rulings only: runs too short to be one are left to the type.
func withFaintLines(g *image.Gray, b *bitmap) *bitmap {
	const ridgeGap, faintLine = 2, 16
	out := &bitmap{w: b.w, h: b.h, ink: append([]bool(nil), b.ink...)}
	px := func(x, y int) int { return int(g.Pix[y*g.Stride+x]) }
	for y := ridgeGap; y+ridgeGap < b.h; y++ {
		for x := ridgeGap; x+ridgeGap < b.w; x++ {
			p := px(x, y) + faintLine
			across := p <= px(x, y-ridgeGap) && p <= px(x, y+ridgeGap)
			along := p <= px(x-ridgeGap, y) && p <= px(x+ridgeGap, y)
			if across || along {
				out.ink[y*b.w+x] = true
			}
		}
	}
	return out
}

// skew estimates how far a page is turned, as the slope angle in degrees
// (within ±5°) of its lines of text and rulings: the angle whose
// projection of the ink onto the vertical has the sharpest peaks.
func skew(b *bitmap) float64 {
	type point struct{ x, y float64 }
	var pts []point
	stride := max(1, int(math.Sqrt(float64(b.w*b.h)/400_000)))
	for y := 0; y < b.h; y += stride {
		for x := 0; x < b.w; x += stride {
			if b.at(x, y) {
				pts = append(pts, point{float64(x), float64(y)})
			}
		}
	}
	if len(pts) == 0 {
		return 0
	}
	score := func(deg float64) float64 {
		t := math.Tan(deg * math.Pi / 180)
		// bins as tall as the sampling stride: finer bins would favour
		// level, where every sampled row falls into a bin of its own
		bins := make([]float64, (b.h+b.w)/stride+2)
		off := float64(b.w)
		for _, p := range pts {
			i := int((p.y - p.x*t + off*math.Abs(t)) / float64(stride))
			if i >= 0 && i < len(bins) {
				bins[i]++
			}
		}
		var s float64
		for _, n := range bins {
			s += n * n
		}
		return s
	}
	best, bestScore := 0.0, score(0)
	search := func(lo, hi, step float64) {
		for a := lo; a <= hi+1e-9; a += step {
			if s := score(a); s > bestScore {
				best, bestScore = a, s
			}
		}
	}
	search(-5, 5, 0.25)
	search(best-0.25, best+0.25, 0.05)
	search(best-0.05, best+0.05, 0.01)
	return best
}

// rotate turns a page by deg degrees so that lines sloping at that angle
// come out level; what enters from outside the page is paper.
func rotate(g *image.Gray, deg float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	for y := range h {
		dy := float64(y) - cy
		for x := range w {
			dx := float64(x) - cx
			sx, sy := cx+dx*c-dy*s, cy+dx*s+dy*c
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			if x0 < 0 || y0 < 0 || x0+1 >= w || y0+1 >= h {
				out.Pix[y*out.Stride+x] = 255
				continue
			}
			fx, fy := sx-float64(x0), sy-float64(y0)
			p := func(xx, yy int) float64 { return float64(g.Pix[yy*g.Stride+xx]) }
			v := (p(x0, y0)*(1-fx)+p(x0+1, y0)*fx)*(1-fy) + (p(x0, y0+1)*(1-fx)+p(x0+1, y0+1)*fx)*fy
			out.Pix[y*out.Stride+x] = uint8(v + 0.5)
		}
	}
	return out
}

// rulings finds the long straight runs of ink: horizontal ones of at
// least minH pixels, vertical ones of at least minV, bridging gaps of up
// to gap pixels (a scan breaks thin lines). It returns them as segments
// and as the runs of pixels they cover.
func rulings(b *bitmap, minH, minV, gap int) ([]grid.Segment, []image.Rectangle) {
	var segs []grid.Segment
	var runs []image.Rectangle
	for y := 0; y < b.h; y++ {
		longRuns(b.w, minH, gap, func(x int) bool { return b.at(x, y) }, func(lo, hi int) {
			segs = append(segs, grid.Segment{Horizontal: true, Pos: float64(y) + 0.5, Lo: float64(lo), Hi: float64(hi)})
			runs = append(runs, image.Rect(lo, y, hi, y+1))
		})
	}
	for x := 0; x < b.w; x++ {
		longRuns(b.h, minV, gap, func(y int) bool { return b.at(x, y) }, func(lo, hi int) {
			segs = append(segs, grid.Segment{Pos: float64(x) + 0.5, Lo: float64(lo), Hi: float64(hi)})
			runs = append(runs, image.Rect(x, lo, x+1, hi))
		})
	}
	return segs, runs
}

// longRuns calls found with [lo, hi) for each run of ink along a line of n
// pixels at least minLen long, gaps of up to gap pixels bridged.
func longRuns(n, minLen, gap int, ink func(int) bool, found func(lo, hi int)) {
	start, last := -1, -1
	for i := 0; i <= n; i++ {
		if i < n && !ink(i) {
			continue
		}
		if i == n || start < 0 || i-last > gap+1 {
			if start >= 0 && last-start+1 >= minLen {
				found(start, last+1)
			}
			start = i
		}
		last = i
	}
}

// erase clears the runs of the tables' rulings from b and, with the grey
// fringe a scan gives them, from g, so that what remains in the cells is
// their text. Long strokes of large type outside the tables stay.
func erase(b *bitmap, g *image.Gray, runs []image.Rectangle, tables []*grid.Table, tol float64) {
	pad := int(math.Ceil(2 * tol))
	var boxes []image.Rectangle
	for _, t := range tables {
		boxes = append(boxes, image.Rect(int(t.Box.X0)-pad, int(t.Box.Y0)-pad, int(t.Box.X1)+pad+1, int(t.Box.Y1)+pad+1))
	}
	for _, r := range runs {
		inside := false
		for _, box := range boxes {
			inside = inside || r.In(box)
		}
		if !inside {
			continue
		}
		b.clear(r)
		fringe := image.Rect(r.Min.X, r.Min.Y-1, r.Max.X, r.Max.Y+1) // a horizontal run
		if r.Dx() == 1 {
			fringe = image.Rect(r.Min.X-1, r.Min.Y, r.Max.X+1, r.Max.Y)
		}
		draw.Draw(g, fringe, image.White, image.Point{}, draw.Src)
	}
}

// cropMargin is the paper left round the ink of a crop.
const cropMargin = 10

// clear erases the ink inside r.
func (b *bitmap) clear(r image.Rectangle) {
	r = r.Intersect(image.Rect(0, 0, b.w, b.h))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			b.ink[y*b.w+x] = false
		}
	}
}

// crop returns the grey picture of the ink inside r, trimmed to its
// bounding box and framed by a margin of paper, for the engine (which
// reads grey better than our binarisation); or nil when r holds fewer than
// minInk pixels of ink that touch other ink (specks of noise do not
// count). The image's bounds keep page coordinates.
func (b *bitmap) crop(g *image.Gray, r image.Rectangle, minInk int) *image.Gray {
	r = r.Intersect(image.Rect(0, 0, b.w, b.h))
	solid := 0
	box := image.Rectangle{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !b.at(x, y) {
				continue
			}
			n := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if (dx != 0 || dy != 0) && xx >= r.Min.X && yy >= r.Min.Y && xx < r.Max.X && yy < r.Max.Y && b.at(xx, yy) {
						n++
					}
				}
			}
			if n < 2 {
				continue
			}
			solid++
			box = box.Union(image.Rect(x, y, x+1, y+1))
		}
	}
	if solid < minInk || box.Empty() {
		return nil
	}
	out := image.NewGray(box.Inset(-cropMargin))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := box.Min.Y; y < box.Max.Y; y++ {
		copy(out.Pix[out.PixOffset(box.Min.X, y):out.PixOffset(box.Max.X, y)], g.Pix[g.PixOffset(box.Min.X, y):])
	}
	return out
}

// resample scales a picture by f: averaging the source pixels each output
// pixel covers when shrinking, interpolating between them when growing.
func resample(g *image.Gray, f float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	ow, oh := max(1, int(float64(w)*f+0.5)), max(1, int(float64(h)*f+0.5))
	out := image.NewGray(image.Rect(0, 0, ow, oh))
	px := func(x, y int) float64 { return float64(g.Pix[y*g.Stride+x]) }
	for y := range oh {
		for x := range ow {
			var v float64
			if f < 1 {
				x0, x1 := int(float64(x)/f), min(w, int(float64(x+1)/f))
				y0, y1 := int(float64(y)/f), min(h, int(float64(y+1)/f))
				var sum float64
				for yy := y0; yy < max(y1, y0+1); yy++ {
					for xx := x0; xx < max(x1, x0+1); xx++ {
						sum += px(min(xx, w-1), min(yy, h-1))
					}
				}
				v = sum / float64(max(x1-x0, 1)*max(y1-y0, 1))
			} else {
				sx, sy := (float64(x)+0.5)/f-0.5, (float64(y)+0.5)/f-0.5
				x0, y0 := max(0, int(math.Floor(sx))), max(0, int(math.Floor(sy)))
				x1, y1 := min(w-1, x0+1), min(h-1, y0+1)
				fx, fy := math.Max(0, sx-float64(x0)), math.Max(0, sy-float64(y0))
				v = (px(x0, y0)*(1-fx)+px(x1, y0)*fx)*(1-fy) + (px(x0, y1)*(1-fx)+px(x1, y1)*fx)*fy
			}
			out.Pix[y*out.Stride+x] = uint8(math.Min(255, v+0.5))
		}
	}
	return out
}

// pad frames a picture with n more pixels of paper.
func pad(g *image.Gray, n int) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, g.Rect.Dx()+2*n, g.Rect.Dy()+2*n))
	draw.Draw(out, out.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(out, g.Rect.Sub(g.Rect.Min).Add(image.Pt(n, n)), g, g.Rect.Min, draw.Src)
	return out
}
