package ocr

import (
	"context"
	"fmt"
	"image"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
)

// MinConfidence is the engine confidence below which a figure is not
// taken: the cell is left blank (null) with a warning naming it.
const MinConfidence = 60

// Page is what OCR read on one picture of a page: its ruled tables with
// the cells' text, and the lines of text outside them, in the picture's
// pixels (after deskewing) unless scaled.
type Page struct {
	Tables   []*grid.Table
	Lines    []grid.Line
	Skew     float64  // degrees the picture was turned to level it
	Warnings []string // low-confidence cells, by table, row and column
	conf     map[[4]float64]float64
}

// Confidence returns the engine's confidence for the cell or line with
// box r (as scaled), and whether one was recorded.
func (p *Page) Confidence(r grid.Rect) (float64, bool) {
	c, ok := p.conf[key(r)]
	return math.Round(c*10) / 10, ok
}

// key rounds a box as the readers do when they record it.
func key(r grid.Rect) [4]float64 {
	round := func(v float64) float64 { return math.Round(v*100) / 100 }
	return [4]float64{round(r.X0), round(r.Y0), round(r.X1), round(r.Y1)}
}

// Scale multiplies every box by f (pixels to points: 72/dpi).
func (p *Page) Scale(f float64) {
	sc := func(r grid.Rect) grid.Rect { return grid.Rect{X0: r.X0 * f, Y0: r.Y0 * f, X1: r.X1 * f, Y1: r.Y1 * f} }
	conf := make(map[[4]float64]float64, len(p.conf))
	for _, t := range p.Tables {
		t.Box = sc(t.Box)
		for _, c := range t.Cells {
			v, ok := p.conf[key(c.Box)]
			c.Box = sc(c.Box)
			if ok {
				conf[key(c.Box)] = v
			}
		}
	}
	for i := range p.Lines {
		l := &p.Lines[i]
		v, ok := p.conf[key(l.Box)]
		l.Box = sc(l.Box)
		if ok {
			conf[key(l.Box)] = v
		}
		for j := range l.Pieces {
			l.Pieces[j].Box = sc(l.Pieces[j].Box)
		}
	}
	p.conf = conf
}

// WorkDPI is the resolution pages are read at: the engine reads the
// type of a report best at this size (at 150 or 300 dpi it misreads
// more), and it keeps the work per page in bounds.
const WorkDPI = 200

// ReadPage reads one picture of a page scanned at about dpi dots per inch,
// until ctx is done (the document's TimeLimit). The boxes it returns are
// in pixels at WorkDPI.
func ReadPage(ctx context.Context, g *image.Gray, dpi float64) (*Page, error) {
	eng, err := tesseract()
	if err != nil {
		return nil, err
	}
	eng = eng.within(ctx)
	pp := prepare(g, dpi)
	if pp.inked > 0.5 {
		return nil, fmt.Errorf("ocr: picture is %.0f %% ink: not a page of text", 100*pp.inked)
	}
	p := &Page{Tables: pp.tables, Skew: pp.skew, conf: map[[4]float64]float64{}}
	if err := p.readCells(eng, pp.ink, pp.grey, WorkDPI, pp.tol); err != nil {
		return nil, err
	}
	if err := p.readLines(eng, pp.ink, pp.grey, WorkDPI); err != nil {
		return nil, err
	}
	return p, nil
}

// prepared is a page ready for the engine: level, at WorkDPI, its tables
// found and their rulings wiped from the picture.
type prepared struct {
	grey   *image.Gray
	ink    *bitmap
	skew   float64
	tables []*grid.Table
	tol    float64 // how far apart two rulings may be and still be one
	inked  float64 // the share of pixels that are ink
}

// prepare is the work on the pixels before OCR.
func prepare(g *image.Gray, dpi float64) prepared {
	dpi = math.Max(dpi, 50)
	bw := bilevel(g)
	f := WorkDPI / dpi
	if px := float64(g.Rect.Dx()) * float64(g.Rect.Dy()) * f * f; px > MaxPixels {
		f *= math.Sqrt(MaxPixels / px) // a tiny page claimed at a low resolution
	}
	if math.Abs(f-1) > 0.05 {
		g = resample(g, f)
	} else {
		g = clone(g) // its rulings are whitened below
	}
	pp := prepared{grey: g, ink: binarise(g), tol: math.Max(2, WorkDPI/50)}
	for _, ink := range pp.ink.ink {
		if ink {
			pp.inked++
		}
	}
	if pp.inked /= float64(len(pp.ink.ink)); pp.inked > 0.5 {
		return pp // a dark picture: no paper to find text on
	}
	if pp.skew = skew(pp.ink); math.Abs(pp.skew) >= 0.05 {
		pp.grey = rotate(g, pp.skew)
		pp.ink = binarise(pp.grey)
	}
	// rulings: a horizontal one spans a cell or more, longer than any
	// stroke of a title's character; a vertical one spans a row, longer
	// than a stroke of a table's type. A scan breaks thin lines: gaps of
	// two pixels are bridged. Faint lines (a light ruling, or one dithered
	// into dots in a black and white scan, its gaps wider: a LibreOffice
	// grey ruling at 300 dpi leaves gaps of 7 pixels here) are taken too
	// when nothing is inked beside them: type is.
	segs, runs := rulings(pp.ink, WorkDPI/2, WorkDPI/5, 2)
	faint, gap := withFaintLines(pp.grey, pp.ink), 2
	if bw {
		faint, gap = traced(pp.grey), 8
	}
	fsegs, fruns := rulings(faint, WorkDPI/2, WorkDPI/5, gap)
	for i, r := range fruns {
		if alone(pp.ink, r) {
			segs, runs = append(segs, fsegs[i]), append(runs, r)
		}
	}
	pp.tables = grid.Lattice(segs, pp.tol)
	erase(pp.ink, pp.grey, runs, pp.tables, pp.tol)
	return pp
}

// cellJob is a cell with ink, waiting for the engine.
type cellJob struct {
	table, row, col int
	cell            *grid.Cell
	crop            *image.Gray
}

// readCells reads every cell on its own: labels with the Chinese model,
// and cells that read as a figure again with the engine restricted to the
// characters of figures. A cell without ink is blank without asking.
func (p *Page) readCells(eng *engine, b *bitmap, g *image.Gray, dpi, tol float64) error {
	var jobs []cellJob
	inset := int(math.Ceil(tol)) + 1
	minInk := int(dpi / 5)
	for ti, t := range p.Tables {
		for _, c := range t.Cells {
			c.Text = ""
			r := image.Rect(int(c.Box.X0)+inset, int(c.Box.Y0)+inset, int(c.Box.X1)-inset, int(c.Box.Y1)-inset)
			crop := b.crop(g, r, minInk)
			if crop == nil {
				p.conf[key(c.Box)] = 100 // no ink: certainly blank
				continue
			}
			jobs = append(jobs, cellJob{table: ti + 1, row: c.Row + 1, col: c.Col + 1, cell: c, crop: crop})
		}
	}
	crops := make([]*image.Gray, len(jobs))
	for i, j := range jobs {
		crops[i] = j.crop
	}
	words, err := eng.recognize(crops, labelPass)
	if err != nil {
		return err
	}
	var figures, weak []int
	var firsts []reading
	for i, j := range jobs {
		text, conf := joinWords(words[i])
		j.cell.Text, p.conf[key(j.cell.Box)] = text, conf
		switch {
		case !isLabel(text, conf):
			figures = append(figures, i)
			firsts = append(firsts, reading{text, conf})
		case conf < MinConfidence:
			weak = append(weak, i)
		}
	}
	moved, err := noneMisread(eng, crops, jobs, figures)
	if err != nil {
		return err
	}
	for _, m := range moved {
		weak = slices.DeleteFunc(weak, func(i int) bool { return i == m.index })
		figures, firsts = append(figures, m.index), append(firsts, m.reading)
	}
	var labelCrops []*image.Gray
	var labels []reading
	for _, i := range weak {
		labelCrops = append(labelCrops, jobs[i].crop)
		labels = append(labels, reading{jobs[i].cell.Text, p.conf[key(jobs[i].cell.Box)]})
	}
	labels, err = rereadDoubtful(eng, labelCrops, labels, labelPass, MinConfidence, func(r reading) bool { return isLabel(r.text, r.conf) })
	if err != nil {
		return err
	}
	for n, i := range weak {
		jobs[i].cell.Text, p.conf[key(jobs[i].cell.Box)] = labels[n].text, labels[n].conf
	}
	crops = crops[:0]
	for _, i := range figures {
		crops = append(crops, jobs[i].crop)
	}
	read, err := readFigures(eng, crops, firsts)
	if err != nil {
		return err
	}
	for n, i := range figures {
		j, r := jobs[i], read[n]
		if r.doubt != "" {
			p.Warnings = append(p.Warnings, fmt.Sprintf("table %d row %d column %d: %s, left blank", j.table, j.row, j.col, r.doubt))
			r.text = ""
		}
		j.cell.Text, p.conf[key(j.cell.Box)] = r.text, r.conf
	}
	return nil
}

// movedReading is a cell's reading that sends it on to be read as a figure.
type movedReading struct {
	index int
	reading
}

// noneMisread finds the cells (jobs not among figures) whose first
// reading is one Chinese character other than 无, yet whose crop two of
// the Chinese model's readings in other sizes and margins read as 无: the
// engine reads a speckled 无 as 更 or 天 now and then, sure at 94. Such a
// cell is read on as a figure, 无 its first reading, so the figure-only
// reading must agree too before it is taken; a true one-character label
// is not read as 无 twice.
func noneMisread(eng *engine, crops []*image.Gray, jobs []cellJob, figures []int) ([]movedReading, error) {
	var lone []int
	for i, j := range jobs {
		if r := []rune(j.cell.Text); len(r) == 1 && r[0] != '无' && unicode.Is(unicode.Han, r[0]) && !slices.Contains(figures, i) {
			lone = append(lone, i)
		}
	}
	again, err := readVariants(eng, crops, lone, labelPass)
	if err != nil {
		return nil, err
	}
	var moved []movedReading
	for n, i := range lone {
		votes, surest := 0, 0.0
		for _, r := range again[n] {
			if r.text == "无" {
				votes, surest = votes+1, math.Max(surest, r.conf)
			}
		}
		if votes >= 2 {
			moved = append(moved, movedReading{i, reading{"无", surest}})
		}
	}
	return moved, nil
}

// variants are the other forms a doubtful text is read in: the engine's
// reading of Chinese swings with the size of the type and the paper
// around it (a title's 洪 read as 潜 at one size and margin, right at
// most others).
var variants = []func(*image.Gray) *image.Gray{
	func(g *image.Gray) *image.Gray { return pad(g, 3) },
	func(g *image.Gray) *image.Gray { return resample(pad(g, 10), 1.3) },
	func(g *image.Gray) *image.Gray { return resample(g, 0.66) },
	func(g *image.Gray) *image.Gray { return resample(pad(g, 6), 0.75) },
}

// rereadDoubtful reads again, in each variant, the crops whose first
// reading has a word less sure than doubt, and keeps for each the reading
// whose least sure word is surest (a misread character is nearly always
// the least sure; a vote among the variants did worse). keep says which
// readings may replace the first (a label must still read as text).
func rereadDoubtful(eng *engine, crops []*image.Gray, first []reading, p pass, doubt float64, keep func(reading) bool) ([]reading, error) {
	best := append([]reading(nil), first...)
	var doubtful []int
	for i, r := range first {
		if r.text != "" && r.conf < doubt {
			doubtful = append(doubtful, i)
		}
	}
	again, err := readVariants(eng, crops, doubtful, p)
	if err != nil {
		return nil, err
	}
	for n, i := range doubtful {
		for _, r := range again[n] {
			if r.conf > best[i].conf && keep(r) {
				best[i] = r
			}
		}
	}
	return best, nil
}

// readVariants reads the crops numbered which in each variant, and returns
// the readings of each.
func readVariants(eng *engine, crops []*image.Gray, which []int, p pass) ([][]reading, error) {
	var again []*image.Gray
	for _, i := range which {
		for _, v := range variants {
			again = append(again, v(crops[i]))
		}
	}
	words, err := eng.recognize(again, p)
	if err != nil {
		return nil, err
	}
	out := make([][]reading, len(which))
	for n := range which {
		for k := range variants {
			text, conf := joinWords(words[n*len(variants)+k])
			out[n] = append(out[n], reading{text, conf})
		}
	}
	return out, nil
}

// reading is what the engine read in a crop, with its confidence.
type reading struct {
	text string
	conf float64
}

// figureReading is what is taken from a figure cell: its text and
// confidence, or why nothing is (then the cell is left blank).
type figureReading struct {
	reading
	doubt string
}

// readFigures reads figure cells again with the engine restricted to the
// characters of figures, and takes a figure only when two readings agree
// on it: the first (the Chinese model's) and the restricted one, or, when
// they differ or either is unsure, two of the readings of the crop in
// every variant. A confident engine is still sometimes wrong (a 3 read as
// 8 at 94), and a figure no check covers would then pass silently; two
// readings of different models, sizes and margins rarely agree on the same
// misreading. A cell that reads as several figures (a ruling between two
// cells missed) is no figure. What is not taken says why.
func readFigures(eng *engine, crops []*image.Gray, firsts []reading) ([]figureReading, error) {
	words, err := eng.recognize(crops, figurePass)
	if err != nil {
		return nil, err
	}
	readings := make([][]reading, len(crops))
	var unsure []int
	for i, first := range firsts {
		text, conf := joinWords(words[i])
		readings[i] = []reading{first, {text, conf}}
		if text != first.text || conf < MinConfidence || !oneFigure(text) {
			unsure = append(unsure, i)
		}
	}
	again, err := readVariants(eng, crops, unsure, figurePass)
	if err != nil {
		return nil, err
	}
	for n, i := range unsure {
		readings[i] = append(readings[i], again[n]...)
	}
	out := make([]figureReading, len(crops))
	for i, rs := range readings {
		out[i] = voteFigure(rs)
	}
	return out, nil
}

// voteFigure takes the figure most readings agree on, two at least, with
// the confidence of the surest of them; a tie, a lone reading or a
// figure read with too little confidence is taken as nothing.
func voteFigure(rs []reading) figureReading {
	votes := map[string]int{}
	surest := map[string]float64{}
	var seen []string
	for _, r := range rs {
		if !oneFigure(r.text) {
			continue
		}
		if votes[r.text] == 0 {
			seen = append(seen, r.text)
		}
		votes[r.text]++
		surest[r.text] = math.Max(surest[r.text], r.conf)
	}
	best, tie := "", false
	for _, t := range seen {
		switch {
		case votes[t] > votes[best]:
			best, tie = t, false
		case votes[t] == votes[best]:
			tie = true
		}
	}
	var texts []string
	for _, r := range rs {
		if r.text != "" && !slices.Contains(texts, r.text) {
			texts = append(texts, r.text)
		}
	}
	switch {
	case len(texts) == 0:
		return figureReading{doubt: "OCR read nothing in a cell with ink"}
	case best == "" && !slices.ContainsFunc(texts, oneFigure):
		return figureReading{reading{texts[0], 0}, fmt.Sprintf("OCR read %s, not one figure", quoteAll(texts))}
	case best == "" || votes[best] < 2 || tie:
		return figureReading{reading{rs[len(rs)-1].text, 0}, fmt.Sprintf("OCR readings disagree (%s)", quoteAll(texts))}
	case surest[best] < MinConfidence:
		return figureReading{reading{best, surest[best]}, fmt.Sprintf("OCR read %q with confidence %.0f (below %d)", best, surest[best], MinConfidence)}
	}
	return figureReading{reading: reading{best, surest[best]}}
}

// quoteAll quotes each text, comma-separated.
func quoteAll(texts []string) string {
	q := make([]string, len(texts))
	for i, t := range texts {
		q[i] = strconv.Quote(t)
	}
	return strings.Join(q, ", ")
}

// oneFigure reports whether a reading of the restricted engine is one
// figure: figure characters only, digits not split by a space (two cells'
// figures read as one when the ruling between them was missed: "18 259").
func oneFigure(s string) bool {
	return figure.MatchString(s)
}

// figure is one figure as reports print it: a count, an amount, a
// signed change, a thousands-grouped number, or a word or dash for none.
// Not two figures with a space between ("18 259": two cells read as one
// when the ruling between them was missed), nor 无无.
var figure = regexp.MustCompile(`^(无|/|-{1,2}|—{1,2}|[-—]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[-—]?[0-9]+(\.[0-9]+)?)$`)

// isLabel reports whether the first reading of a cell is surely text: two
// Chinese characters or more, or one read with confidence. Anything else
// (a figure, a lone character misread from a digit, ink read as nothing)
// is read again as a figure.
func isLabel(s string, conf float64) bool {
	han := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) && r != '无' && r != '一' && r != '十' {
			han++
		}
	}
	return han >= 2 || (han == 1 && conf >= 80)
}

// figureChars are the characters a figure cell may hold.
const figureChars = "0123456789.,-—/无"

// The passes: labels as blocks (a label may wrap), figures as one line of
// figure characters, with the Latin model beside the Chinese (it reads
// digits better), and lines outside tables one by one.
var (
	labelPass  = pass{langs: "chi_sim", psm: 6}
	figurePass = pass{langs: "chi_sim+eng", psm: 7, whitelist: figureChars}
	linePass   = pass{langs: "chi_sim", psm: 7}
)

// readLines reads the text outside the tables: lines are the bands of
// rows with ink (a horizontal projection), each read as one line.
func (p *Page) readLines(eng *engine, b *bitmap, g *image.Gray, dpi float64) error {
	for _, t := range p.Tables {
		b.clear(image.Rect(int(t.Box.X0)-2, int(t.Box.Y0)-2, int(t.Box.X1)+3, int(t.Box.Y1)+3))
	}
	var crops []*image.Gray
	for _, band := range bands(b, int(dpi/25), int(dpi/30)) {
		if crop := b.crop(g, image.Rect(0, band[0], b.w, band[1]), int(dpi/5)); crop != nil {
			crops = append(crops, crop)
		}
	}
	// the engine misreads large type (a title) that it reads right when
	// shrunk to the size of body text
	reads := make([]*image.Gray, len(crops))
	for i, crop := range crops {
		reads[i] = crop
		if h := float64(crop.Rect.Dy() - 2*cropMargin); h > maxLineHeight {
			reads[i] = resample(crop, maxLineHeight/h)
		}
	}
	words, err := eng.recognize(reads, linePass)
	if err != nil {
		return err
	}
	readings := make([]reading, len(reads))
	for i := range reads {
		readings[i].text, readings[i].conf = joinWords(words[i])
	}
	// a line's words make the title, the headings and the signature: a
	// doubtful word is read again even when sure enough for a label
	readings, err = rereadDoubtful(eng, reads, readings, linePass, 80, func(r reading) bool { return isLabel(r.text, r.conf) })
	if err != nil {
		return err
	}
	// a line that is no text (a page number such as "- 2 -") is read
	// again as a figure
	var marks []int
	var firsts []reading
	var again []*image.Gray
	for i, r := range readings {
		if r.text != "" && !isLabel(r.text, r.conf) {
			marks, firsts, again = append(marks, i), append(firsts, r), append(again, reads[i])
		}
	}
	figures, err := readFigures(eng, again, firsts)
	if err != nil {
		return err
	}
	for n, i := range marks {
		readings[i] = figures[n].reading
		// a mark the engine cannot read (a page number in a scanner's
		// noise, a stamp) is left out, not guessed at
		if figures[n].doubt != "" {
			readings[i].text = ""
		}
	}
	for i, crop := range crops {
		text, conf := readings[i].text, readings[i].conf
		if text == "" {
			continue
		}
		r := crop.Rect.Inset(cropMargin)
		box := grid.Rect{X0: float64(r.Min.X), Y0: float64(r.Min.Y), X1: float64(r.Max.X), Y1: float64(r.Max.Y)}
		// no line begins with a full stop or comma: a speck read as one
		text = strings.TrimLeft(text, "。，、.,·")
		if text == "" {
			continue
		}
		p.Lines = append(p.Lines, grid.Line{Text: layout.Clean(text), Box: box, Pieces: []grid.Text{{S: text, Box: box, Size: box.H()}}})
		p.conf[key(box)] = conf
	}
	return nil
}

// maxLineHeight is the height in pixels, at WorkDPI, of the tallest line
// read as it is: body text of 16 points.
const maxLineHeight = 48

// bands returns the runs of rows [y0, y1) that hold ink, joining runs
// fewer than gap rows apart and dropping those lower than minHeight
// (specks, the remains of a ruling).
func bands(b *bitmap, gap, minHeight int) [][2]int {
	var out [][2]int
	start, last := -1, -1
	flush := func() {
		if start >= 0 && last+1-start >= minHeight {
			out = append(out, [2]int{start, last + 1})
		}
	}
	for y := 0; y < b.h; y++ {
		n := 0
		for _, ink := range b.ink[y*b.w : (y+1)*b.w] {
			if ink {
				n++
			}
		}
		if n < 2 {
			continue
		}
		if start < 0 || y-last > gap {
			flush()
			start = y
		}
		last = y
	}
	flush()
	return out
}

// groupOpen and groupClosed are a group number in full-width brackets,
// （四）, as the engine reads it: the Chinese model takes the brackets of
// 宋体 for 《 〈 【 and the closing one, more often than not, for a word of
// its own (》, 并, /).
var (
	groupOpen   = regexp.MustCompile(`^[(（〈《【\[{]([一二三四五六七八九十]+)$`)
	groupClosed = regexp.MustCompile(`^[(（〈《【\[{]([一二三四五六七八九十]+)[)）》〉】\]}]$`)
)

// repairGroupNumber restores a group number the engine split or misread:
// an opening bracket and numeral followed by a one-character word, or
// numeral in look-alike brackets, become （numeral）.
func repairGroupNumber(ws []word) []word {
	if len(ws) == 0 {
		return ws
	}
	if m := groupClosed.FindStringSubmatch(ws[0].text); m != nil {
		out := append([]word{}, ws...)
		out[0].text = "（" + m[1] + "）"
		return out
	}
	if m := groupOpen.FindStringSubmatch(ws[0].text); m != nil && len(ws) > 1 && len([]rune(ws[1].text)) == 1 {
		first := ws[0]
		first.text = "（" + m[1] + "）"
		first.conf = math.Min(first.conf, ws[1].conf)
		return append([]word{first}, ws[2:]...)
	}
	return ws
}

// joinWords joins what the engine read in a cell: words and lines with a
// space between, except between Chinese characters, which a line break
// or the engine's spacing only split. The confidence is the lowest word's.
func joinWords(ws []word) (string, float64) {
	ws = repairGroupNumber(ws)
	var b strings.Builder
	conf := 100.0
	var last rune
	for _, w := range ws {
		first := []rune(w.text)[0]
		if b.Len() > 0 && !(unicode.Is(unicode.Han, last) || unicode.Is(unicode.Han, first) || unicode.IsPunct(last) || unicode.IsPunct(first)) {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
		r := []rune(w.text)
		last = r[len(r)-1]
		conf = math.Min(conf, w.conf)
	}
	if b.Len() == 0 {
		return "", 0
	}
	return b.String(), conf
}
