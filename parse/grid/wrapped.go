package grid

import (
	"math"
	"unicode"
)

// joinWrappedNumbers puts back together a number that a column too narrow
// for it wrapped over two lines of its cell, centred on its row: Chromium
// prints the 17 of a narrow 总计 column as １ above the row's line and ７
// below it, each a line of its own, the row's line blank there. The two
// lines of digits stand in one column, a line's spacing apart, and the
// row's line stands across both; the number joins the row's line where
// its first digits were. Anything else is left as it is.
func joinWrappedNumbers(lines []Line) []Line {
	out := make([]Line, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		if i+2 < len(lines) && wrappedNumber(lines[i], lines[i+1], lines[i+2]) {
			a, row, b := lines[i], lines[i+1], lines[i+2]
			pieces := append(append([]Text(nil), row.Pieces...), a.Pieces...)
			x := a.Box.X1
			for _, t := range b.Pieces { // the digits below go on after those above
				w := t.Box.W()
				t.Box.X0, t.Box.X1 = x, x+w
				x += w
				pieces = append(pieces, t)
			}
			out = append(out, lineOf(pieces))
			i += 2
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

// wrappedNumber reports whether a and b, lines of digits alone, are a
// number wrapped over two lines of a cell of row, the line between them.
func wrappedNumber(a, row, b Line) bool {
	if !digitsAlone(a) || !digitsAlone(b) {
		return false
	}
	size := math.Max(a.Pieces[0].Size, 1e-9)
	col := a.Box.union(b.Box)
	if !overlapX(a.Box, b.Box) || math.Abs((a.Box.X0+a.Box.X1)/2-(b.Box.X0+b.Box.X1)/2) > 0.5*size ||
		b.Box.Y0-a.Box.Y1 > 0.7*size || b.Box.Y0 < a.Box.Y1-0.2*size ||
		row.Box.Y0 >= a.Box.Y1 || row.Box.Y1 <= b.Box.Y0 {
		return false
	}
	for _, t := range row.Pieces {
		if overlapX(t.Box, col) {
			return false
		}
	}
	return true
}

// digitsAlone reports whether a line is a few digits side by side and
// nothing else.
func digitsAlone(l Line) bool {
	if len(l.Pieces) == 0 || len(l.Pieces) > 3 {
		return false
	}
	for k, t := range l.Pieces {
		r := []rune(t.S)
		if len(r) != 1 || !unicode.IsDigit(r[0]) || k > 0 && t.Box.X0-l.Pieces[k-1].Box.X1 > 0.25*math.Max(t.Size, 1e-9) {
			return false
		}
	}
	return true
}
