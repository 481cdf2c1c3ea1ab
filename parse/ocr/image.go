// Package ocr reads pictures of report pages — scans, photographs, tables
// published as images — into positioned text and tables. The table
// structure comes from the rulings in the pixels (long straight runs of
// ink), built into cells by parse/grid like any other reader's; Tesseract
// then reads each cell on its own: a whole-page OCR of a ruled table mixes
// its columns up. Numbers are re-read with the engine restricted to the
// characters a figure may have, and a cell the engine is unsure of is left
// blank with a warning: OCR never guesses a value.
package ocr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // decoders for image.Decode
	_ "image/png"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
)

// MaxPixels bounds the pictures decoded: an A4 page scanned at 600 dpi
// has 35 million pixels; a header declaring more is refused before any
// pixel is decoded, so a 30000×30000 claim costs nothing.
const MaxPixels = 40_000_000

// ErrTooLarge and ErrEmpty are the pictures refused before decoding.
var (
	ErrTooLarge = fmt.Errorf("image larger than %d pixels", MaxPixels)
	ErrEmpty    = errors.New("image has no pixels")
)

// Decode decodes a PNG, JPEG, TIFF or BMP picture to grey levels,
// checking its declared size first.
func Decode(data []byte) (*image.Gray, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("ocr: cannot read picture: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("ocr: %s %d×%d: %w", format, cfg.Width, cfg.Height, ErrEmpty)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, fmt.Errorf("ocr: %s %d×%d: %w", format, cfg.Width, cfg.Height, ErrTooLarge)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("ocr: cannot read %s picture: %w", format, err)
	}
	return toGray(img), nil
}

// toGray converts a picture to grey levels, taking the luma plane of a
// JPEG as it is.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.Gray:
		return m
	case *image.YCbCr:
		g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+b.Dx()], m.Y[(y+b.Min.Y-m.Rect.Min.Y)*m.YStride+(b.Min.X-m.Rect.Min.X):])
		}
		return g
	}
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			// over white paper: a transparent pixel is background
			r, gr, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			luma := (19595*r + 38470*gr + 7471*bl + 1<<15) >> 16
			g.Pix[y*g.Stride+x] = uint8((luma + 0xffff - a) >> 8)
		}
	}
	return g
}

// clone copies a grey picture onto an origin at (0, 0).
func clone(g *image.Gray) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, g.Rect.Dx(), g.Rect.Dy()))
	draw.Draw(out, out.Rect, g, g.Rect.Min, draw.Src)
	return out
}
