package grid

import (
	"encoding/binary"
	"math"
	"testing"
)

// FuzzLattice feeds arbitrary rulings and text to the table builder: it
// never panics, every cell lies inside its table, no two cells of a table
// overlap, and all text comes back, in a cell or in the rest.
func FuzzLattice(f *testing.F) {
	seed := func(segs []Segment) []byte {
		var b []byte
		for _, s := range segs {
			flag := byte(0)
			if s.Horizontal {
				flag = 1
			}
			b = append(b, flag)
			for _, v := range []float64{s.Pos, s.Lo, s.Hi} {
				b = binary.LittleEndian.AppendUint16(b, uint16(v))
			}
		}
		return b
	}
	f.Add(seed(box3x2()))
	f.Add(seed([]Segment{h(0, 0, 300), h(20, 100, 300), h(40, 0, 300), v(0, 0, 40), v(100, 0, 40), v(300, 0, 40)}))
	f.Fuzz(func(t *testing.T, data []byte) {
		var segs []Segment
		var texts []Text
		for len(data) >= 7 {
			kind := data[0]
			a := float64(binary.LittleEndian.Uint16(data[1:]))
			b := float64(binary.LittleEndian.Uint16(data[3:]))
			c := float64(binary.LittleEndian.Uint16(data[5:]))
			data = data[7:]
			switch kind % 3 {
			case 0, 1:
				segs = append(segs, Segment{Horizontal: kind%3 == 1, Pos: a / 8, Lo: math.Min(b, c) / 8, Hi: math.Max(b, c) / 8})
			default:
				// labels, numbers, zeros as 无 or —, a drawn space: what Stream reads
				s := []string{"字", "1", "无", "—", "\u00a0", "（"}[int(c)%6]
				texts = append(texts, Text{S: s, Box: Rect{a / 8, b / 8, a/8 + 5, b/8 + 5 + float64(int(c)%3)}, Size: 5})
			}
		}
		tables := Lattice(segs, 2)
		rest := Fill(tables, texts)
		placed := len(rest)
		for _, tb := range tables {
			covered := map[[2]int]bool{}
			for _, c := range tb.Cells {
				placed += len(c.texts)
				if c.Box.X0 < tb.Box.X0 || c.Box.X1 > tb.Box.X1 || c.Box.Y0 < tb.Box.Y0 || c.Box.Y1 > tb.Box.Y1 {
					t.Fatalf("cell %v outside its table %v", c.Box, tb.Box)
				}
				for r := c.Row; r < c.Row+c.RowSpan; r++ {
					for k := c.Col; k < c.Col+c.ColSpan; k++ {
						if covered[[2]int{r, k}] {
							t.Fatalf("grid cell %d,%d in two cells", r, k)
						}
						covered[[2]int{r, k}] = true
					}
				}
			}
		}
		if placed != len(texts) {
			t.Fatalf("%d of %d pieces of text placed or returned", placed, len(texts))
		}
		Stream(Lines(texts), StreamOptions{})
	})
}
