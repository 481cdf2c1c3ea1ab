package ocr

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/scans"
	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// page3 is page 3 of hongze-2023.pdf as a rough 150 dpi scan (turned
// 0.6°, speckled, blurred, JPEG quality 50), made by
// scripts/make-scan-fixtures.sh at test time: tables 二 (end) and 三 (start).
func page3(t testing.TB) string {
	return filepath.Join(scans.Dir(t), "hongze-2023-rough-150dpi-page3.jpg")
}

func needEngine(t testing.TB) {
	t.Helper()
	if err := Available(); err != nil {
		t.Skipf("%v (make test installs it: scripts/ensure-tesseract.sh)", err)
	}
}

func readPage3(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(page3(t))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// pngHeader is a PNG signature and IHDR declaring w×h grey pixels, with
// no image data: what a hostile file claims before any pixel.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit grey
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func encode(t *testing.T, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	var b bytes.Buffer
	if err := enc(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecode(t *testing.T) {
	pngData := encode(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) })
	jpegData := encode(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) })
	tests := []struct {
		name    string
		data    []byte
		want    error // nil: decodes to 40×30
		wantMsg string
	}{
		{"png", pngData, nil, ""},
		{"jpeg", jpegData, nil, ""},
		{"tiff", encode(t, func(b *bytes.Buffer, m image.Image) error { return tiff.Encode(b, m, nil) }), nil, ""},
		{"bmp", encode(t, func(b *bytes.Buffer, m image.Image) error { return bmp.Encode(b, m) }), nil, ""},
		{"30000×30000 declared", pngHeader(30000, 30000), ErrTooLarge, "30000×30000"},
		{"zero width", pngHeader(0, 10), nil, "cannot read picture"},
		{"truncated png", pngData[:len(pngData)/2], nil, "cannot read png picture"},
		{"truncated jpeg", jpegData[:len(jpegData)/2], nil, "cannot read picture"},
		{"not an image", []byte("%PDF-1.4"), nil, "unknown format"},
		{"empty", nil, nil, "cannot read picture"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Decode(tt.data)
			if tt.want == nil && tt.wantMsg == "" {
				if err != nil || g.Rect.Dx() != 40 || g.Rect.Dy() != 30 || g.Pix[7] < 3 || g.Pix[7] > 11 { // JPEG is lossy
					t.Fatalf("Decode = %v, %v", g, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Decode succeeded, want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) || !strings.HasPrefix(err.Error(), "ocr: ") {
				t.Errorf("error %q does not say %q", err, tt.wantMsg)
			}
		})
	}
}

func TestNoEngine(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := findEngine()
	if !errors.Is(err, ErrNoEngine) || !strings.Contains(err.Error(), "tesseract-ocr-chi-sim") || !strings.Contains(err.Error(), "未安装") {
		t.Fatalf("findEngine without tesseract = %v", err)
	}
}

// TestSkew turns a real page by known angles and finds them again, within
// 0.15°: 3 pixels across a table 1,200 wide, less than a ruling's tolerance.
func TestSkew(t *testing.T) {
	g, err := Decode(readPage3(t))
	if err != nil {
		t.Fatal(err)
	}
	level := rotate(g, skew(binarise(g)))
	if s := skew(binarise(level)); math.Abs(s) > 0.15 {
		t.Fatalf("levelled page still turned %.2f°", s)
	}
	for _, deg := range []float64{-4, -1.3, 0.4, 2.5} {
		if got := skew(binarise(rotate(level, -deg))); math.Abs(got-deg) > 0.15 {
			t.Errorf("turned %.1f°: found %.2f°", deg, got)
		}
	}
}

// TestPrepare finds tables 二's end and 三's start in the rough scan:
// their grids and spans.
func TestPrepare(t *testing.T) {
	g, err := Decode(readPage3(t))
	if err != nil {
		t.Fatal(err)
	}
	pp := prepare(g, 150)
	if math.Abs(pp.skew-0.6) > 0.1 {
		t.Errorf("skew %.2f°, the page was turned 0.6°", pp.skew)
	}
	if len(pp.tables) != 2 {
		t.Fatalf("%d tables, want 2", len(pp.tables))
	}
	three := pp.tables[1]
	if three.Rows != 17 || three.Cols != 10 {
		t.Errorf("table 三 is %d×%d, want 17×10", three.Rows, three.Cols)
	}
	spans := map[[2]int]int{} // the vertical labels span rows
	for _, c := range three.Cells {
		spans[[2]int{c.Row, c.Col}] = c.RowSpan
	}
	if spans[[2]int{5, 0}] != 12 || spans[[2]int{7, 1}] != 8 || spans[[2]int{15, 1}] != 2 {
		t.Errorf("row spans of 本年度办理结果, （三） and （四）: %d %d %d, want 12 8 2",
			spans[[2]int{5, 0}], spans[[2]int{7, 1}], spans[[2]int{15, 1}])
	}
}

// TestReadPage reads the rough scan with the real engine: figures cell by
// cell, each marked with its confidence; a cell scribbled over so that no
// figure can be read is blank, with a warning naming it.
func TestReadPage(t *testing.T) {
	needEngine(t)
	g, err := Decode(readPage3(t))
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadPage(context.Background(), g, 150)
	if err != nil {
		t.Fatal(err)
	}
	texts := func(p *Page, ti int) map[[2]int]string {
		m := map[[2]int]string{}
		for _, c := range p.Tables[ti].Cells {
			m[[2]int{c.Row, c.Col}] = c.Text
		}
		return m
	}
	two, three := texts(p, 0), texts(p, 1)
	for _, tt := range []struct {
		cells map[[2]int]string
		at    [2]int
		want  string
	}{
		{two, [2]int{1, 1}, "4119"}, {two, [2]int{2, 1}, "195"}, {two, [2]int{5, 1}, "7730.28"},
		{two, [2]int{5, 0}, "行政事业性收费"},
		{three, [2]int{3, 3}, "21"}, {three, [2]int{3, 9}, "21"}, {three, [2]int{15, 3}, "10"}, {three, [2]int{16, 9}, "3"},
		{three, [2]int{3, 0}, "一、本年新收政府信息公开申请数量"}, {three, [2]int{15, 1}, "（四）无法提供"},
	} {
		if got := tt.cells[tt.at]; got != tt.want {
			t.Errorf("cell %v = %q, want %q", tt.at, got, tt.want)
		}
	}
	for _, c := range p.Tables[1].Cells {
		if conf, ok := p.Confidence(c.Box); !ok || conf < 0 || conf > 100 {
			t.Errorf("cell %d,%d: confidence %v %v", c.Row, c.Col, conf, ok)
		}
	}
	heading := false
	for _, l := range p.Lines {
		heading = heading || l.Text == "三、收到和处理政府信息公开申请情况"
	}
	if !heading {
		t.Errorf("heading of table 三 not among the lines %+v", p.Lines)
	}

	// scribble over 7730.28: a checkerboard no figure can be read from
	box := image.Rect(570, 578, 990, 628) // inside the cell, at 150 dpi
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			g.SetGray(x, y, color.Gray{uint8(255 * ((x/3 + y/3) % 2))})
		}
	}
	p, err = ReadPage(context.Background(), g, 150)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(p, 0)[[2]int{5, 1}]; got != "" {
		t.Errorf("scribbled cell read as %q, want blank", got)
	}
	warned := false
	for _, w := range p.Warnings {
		warned = warned || strings.HasPrefix(w, "table 1 row 6 column 2: ")
	}
	if !warned {
		t.Errorf("no warning names the scribbled cell: %q", p.Warnings)
	}
}

// FuzzDecode feeds the picture path damaged and hostile files: it returns
// a picture within MaxPixels or an error, and what it returns can be
// prepared for the engine.
func FuzzDecode(f *testing.F) {
	img := image.NewGray(image.Rect(0, 0, 60, 40))
	for x := range 60 {
		img.SetGray(x, 20, color.Gray{})
	}
	var pngBuf, jpgBuf bytes.Buffer
	png.Encode(&pngBuf, img)
	jpeg.Encode(&jpgBuf, img, nil)
	f.Add(pngBuf.Bytes())
	f.Add(jpgBuf.Bytes())
	f.Add(pngBuf.Bytes()[:pngBuf.Len()/2])
	f.Add(jpgBuf.Bytes()[:jpgBuf.Len()-10])
	f.Add(pngHeader(30000, 30000))
	f.Add(pngHeader(0, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := Decode(data)
		if err != nil {
			return
		}
		if px := g.Rect.Dx() * g.Rect.Dy(); px == 0 || px > MaxPixels {
			t.Fatalf("decoded %v", g.Rect)
		}
		if g.Rect.Dx()*g.Rect.Dy() <= 1<<16 { // the pixel stages, on small pictures
			prepare(g, float64(min(g.Rect.Dx(), g.Rect.Dy()))/a4Inches)
		}
	})
}

// TestVoteFigure: a figure is taken only when two readings agree on it;
// disagreement, a lone reading, two figures in one cell and an unsure
// agreement leave the cell blank, saying why.
func TestVoteFigure(t *testing.T) {
	tests := []struct {
		name     string
		readings []reading
		want     string // the figure taken, or "" for none
		doubt    string // in the reason given for none
	}{
		{"first and restricted agree", []reading{{"21", 90}, {"21", 95}}, "21", ""},
		{"restricted alone", []reading{{"2l", 40}, {"21", 95}}, "", "disagree"},
		{"variants settle it", []reading{{"2l", 40}, {"21", 95}, {"21", 80}, {"27", 70}, {"21", 85}, {"", 0}}, "21", ""},
		{"a tie", []reading{{"18", 90}, {"16", 92}, {"18", 80}, {"16", 85}}, "", "disagree"},
		{"agreed but unsure", []reading{{"7", 40}, {"7", 50}}, "", "confidence 50"},
		{"two cells in one", []reading{{"18 259", 97}, {"18 259", 97}}, "", "not one figure"},
		{"无 agreed", []reading{{"无", 70}, {"无", 90}}, "无", ""},
		{"a decimal", []reading{{"7730.28", 91}, {"7730.28", 96}}, "7730.28", ""},
		{"a signed change", []reading{{"-3", 91}, {"-3", 88}}, "-3", ""},
		{"nothing read", []reading{{"", 0}, {"", 0}}, "", "nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := voteFigure(tt.readings)
			taken := got.text
			if got.doubt != "" {
				taken = ""
			}
			if taken != tt.want || !strings.Contains(got.doubt, tt.doubt) || (tt.want == "") != (got.doubt != "") {
				t.Errorf("took %q (doubt %q), want %q (doubt containing %q)", taken, got.doubt, tt.want, tt.doubt)
			}
		})
	}
}
