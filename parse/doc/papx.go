package doc

import (
	"encoding/binary"
	"slices"
)

// Paragraph property modifiers (sprms) the table reader needs.
const (
	sprmPFInTable   = 0x2416
	sprmPFTtp       = 0x2417
	sprmPFInnerTtp  = 0x244c
	sprmPFInnerCell = 0x244b
	sprmPItap       = 0x6649
	sprmPHugePapx   = 0x6646
	sprmPChgTabs    = 0xc615
	sprmTDefTable   = 0xd608
	sprmTVertMerge  = 0xd62b
	fkpPageSize     = 512
	maxFKPPages     = 1 << 14
	tc80Size        = 20
	tcFirstMerged   = 0x0001
	tcMerged        = 0x0002
	tcVertMerge     = 0x0020
	tcVertRestart   = 0x0040
	vertMergeFollow = 1
)

// merge is how a table cell joins its neighbours.
type merge int

const (
	mergeNone       merge = iota
	mergeContinue         // continues the vertically merged cell above
	mergeHorizontal       // continues the cell to its left (Word 97 horizontal merge)
)

// paraProps are a paragraph's table properties.
type paraProps struct {
	known   bool // read from the FKPs
	inTable bool
	rowEnd  bool  // the row-end mark (TTP) of a top-level table row
	depth   int   // table nesting depth (itap)
	bounds  []int // the row's cell boundaries, left to right, one more than its cells
	merges  []merge

	innerCell, innerRowEnd bool // cell and row ends of a nested table
}

// papxIndex maps file offsets of paragraph marks to paragraph properties.
type papxIndex struct {
	runs []papxRun
}

type papxRun struct {
	start, end int // file offsets [start, end) of the paragraphs' text
	props      paraProps
}

// readPAPX reads the paragraph FKPs named by PlcBtePapx. A broken table
// yields what could be read; paragraphs not covered have unknown properties.
func readPAPX(wd, table, data []byte, f fib) *papxIndex {
	idx := &papxIndex{}
	end := int64(f.fcBtePapx) + int64(f.lcbPapx)
	if f.lcbPapx < 12 || end > int64(len(table)) || (f.lcbPapx-4)%8 != 0 {
		return idx
	}
	plc := table[f.fcBtePapx:end]
	n := int(f.lcbPapx-4) / 8
	if n > maxFKPPages {
		return idx
	}
	for i := range n {
		pn := int(binary.LittleEndian.Uint32(plc[(n+1)*4+i*4:]) & 0x3fffff)
		off := pn * fkpPageSize
		if off+fkpPageSize > len(wd) {
			continue
		}
		idx.readFKP(wd[off:off+fkpPageSize], data)
	}
	slices.SortFunc(idx.runs, func(a, b papxRun) int { return a.start - b.start })
	return idx
}

func (idx *papxIndex) readFKP(page, data []byte) {
	crun := int(page[fkpPageSize-1])
	if 4*(crun+1)+13*crun > fkpPageSize-1 {
		return
	}
	for i := range crun {
		run := papxRun{
			start: int(binary.LittleEndian.Uint32(page[i*4:])),
			end:   int(binary.LittleEndian.Uint32(page[i*4+4:])),
			props: paraProps{known: true},
		}
		if off := int(page[4*(crun+1)+13*i]) * 2; off > 0 && off < fkpPageSize-1 {
			size, start := 2*int(page[off])-1, off+1
			if page[off] == 0 {
				size, start = 2*int(page[off+1]), off+2
			}
			if size >= 2 && start+size <= fkpPageSize-1 {
				run.props = readSprms(page[start+2:start+size], data) // after the style index
			}
		}
		idx.runs = append(idx.runs, run)
	}
}

// props returns the properties of the paragraph whose mark is stored at fc.
func (idx *papxIndex) props(fc int) paraProps {
	i, _ := slices.BinarySearchFunc(idx.runs, fc, func(r papxRun, fc int) int {
		switch {
		case r.end <= fc:
			return -1
		case r.start > fc:
			return 1
		}
		return 0
	})
	if i < len(idx.runs) && idx.runs[i].start <= fc && fc < idx.runs[i].end {
		return idx.runs[i].props
	}
	return paraProps{}
}

// readSprms reads a paragraph's property modifiers. Those too large for an
// FKP are in the Data stream, named by sprmPHugePapx.
func readSprms(b, data []byte) paraProps {
	p := paraProps{known: true}
	p.apply(b, data)
	return p
}

func (p *paraProps) apply(b, data []byte) {
	for len(b) >= 2 {
		sprm := binary.LittleEndian.Uint16(b)
		b = b[2:]
		var n int
		switch sprm >> 13 {
		case 0, 1:
			n = 1
		case 2, 4, 5:
			n = 2
		case 3:
			n = 4
		case 7:
			n = 3
		default: // variable: a size first
			switch {
			case sprm == sprmTDefTable && len(b) >= 2:
				n = 2 + int(binary.LittleEndian.Uint16(b)) - 1
			case sprm == sprmPChgTabs && len(b) >= 1 && b[0] == 255:
				return // a tab list of its own encoding; nothing of ours follows it in practice
			case len(b) >= 1:
				n = 1 + int(b[0])
			default:
				return
			}
		}
		if n < 0 || n > len(b) {
			return
		}
		op := b[:n]
		b = b[n:]

		switch sprm {
		case sprmPFInTable:
			p.inTable = op[0] != 0
		case sprmPFTtp:
			p.rowEnd = op[0] != 0
		case sprmPFInnerTtp:
			p.innerRowEnd = op[0] != 0
		case sprmPFInnerCell:
			p.innerCell = op[0] != 0
		case sprmPItap:
			p.depth = int(min(binary.LittleEndian.Uint32(op), 1<<10))
			p.inTable = p.inTable || p.depth > 0
		case sprmTDefTable:
			if len(op) < 2 {
				return
			}
			p.bounds, p.merges = readTDefTable(op[2:])
		case sprmTVertMerge:
			if len(op) >= 3 {
				setMerge(p, int(op[1]), op[2])
			}
		case sprmPHugePapx:
			off := int64(binary.LittleEndian.Uint32(op))
			if data != nil && off+2 <= int64(len(data)) {
				cb := int64(binary.LittleEndian.Uint16(data[off:]))
				if end := off + 2 + cb; end <= int64(len(data)) {
					p.apply(data[off+2:end], nil) // nil: no further indirection
				}
			}
		}
	}
}

// readTDefTable reads a row's cell left boundaries and merge flags.
func readTDefTable(op []byte) ([]int, []merge) {
	if len(op) < 1 {
		return nil, nil
	}
	declared := int(op[0])
	if 1+(declared+1)*2 > len(op) {
		return nil, nil
	}
	cells := min(declared, maxCols)
	bounds := make([]int, cells+1)
	for i := range cells + 1 {
		bounds[i] = int(int16(binary.LittleEndian.Uint16(op[1+i*2:])))
	}
	merges := make([]merge, cells)
	tcs := op[1+(declared+1)*2:]
	for i := 0; i < cells && (i+1)*tc80Size <= len(tcs); i++ {
		flags := binary.LittleEndian.Uint16(tcs[i*tc80Size:])
		switch {
		case flags&tcVertMerge != 0 && flags&tcVertRestart == 0:
			merges[i] = mergeContinue
		case flags&tcMerged != 0 && flags&tcFirstMerged == 0:
			merges[i] = mergeHorizontal
		}
	}
	return bounds, merges
}

// setMerge applies sprmTVertMerge to cell i: 1 continues the merge above,
// 3 starts one, 0 clears it.
func setMerge(p *paraProps, i int, flags byte) {
	if i < 0 || i >= maxCols {
		return
	}
	for len(p.merges) <= i {
		p.merges = append(p.merges, mergeNone)
	}
	p.merges[i] = mergeNone
	if flags == vertMergeFollow {
		p.merges[i] = mergeContinue
	}
}
