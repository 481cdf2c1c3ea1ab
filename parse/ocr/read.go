package ocr

import (
	"context"
	"fmt"
	"sort"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
)

// a4Inches is the shorter side of an A4 page: a picture of a report page
// says nothing reliable about its resolution (JPEG density fields are
// mostly 72 or 96 whatever the scan), so its size is taken as A4's.
const a4Inches = 8.27

// A4Points is that side in points: a picture's boxes are in points of an
// A4 page whose shorter side is the picture's.
const A4Points = a4Inches * 72

// Read reads a picture of one report page (PNG, JPEG, TIFF, BMP) into a
// document, within TimeLimit. Boxes are in points of an A4 page, on page
// 1, marked as read by OCR with the engine's confidence.
func Read(data []byte) (*layout.Document, error) {
	ctx, cancel := context.WithTimeout(context.Background(), TimeLimit)
	defer cancel()
	return ReadContext(ctx, data)
}

// ReadContext is Read until ctx is done: the pictures of one HTML report
// share one TimeLimit.
func ReadContext(ctx context.Context, data []byte) (*layout.Document, error) {
	img, err := Decode(data)
	if err != nil {
		return nil, err
	}
	dpi := float64(min(img.Rect.Dx(), img.Rect.Dy())) / a4Inches
	p, err := ReadPage(ctx, img, dpi)
	if err != nil {
		return nil, err
	}
	p.Scale(72.0 / WorkDPI)
	doc := &layout.Document{Warnings: []string{fmt.Sprintf("picture read by OCR (turned %.1f°)", p.Skew)}}
	doc.Warnings = append(doc.Warnings, p.Warnings...)
	doc.Blocks = p.Blocks(1)
	return doc, nil
}

// Blocks returns the page's tables and lines in reading order, each At on
// page num, marked as read by OCR with its confidence.
func (p *Page) Blocks(num int) []layout.Block {
	at := func(r grid.Rect) gongkai.At {
		a := gongkai.At{Page: num, Box: &[4]float64{}, OCR: true}
		*a.Box = key(r)
		a.Confidence, _ = p.Confidence(r)
		return a
	}
	var blocks []layout.Block
	for _, t := range p.Tables {
		blocks = append(blocks, layout.Block{Table: &layout.Table{Rows: t.Layout(at)}, At: at(t.Box)})
	}
	for _, l := range p.Lines {
		blocks = append(blocks, layout.Block{Text: l.Text, At: at(l.Box)})
	}
	sort.SliceStable(blocks, func(i, j int) bool { return blocks[i].At.Box[1] < blocks[j].At.Box[1] })
	return blocks
}
