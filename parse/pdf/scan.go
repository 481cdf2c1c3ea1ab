package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
	"github.com/gongkai/gongkai/parse/ocr"
	lpdf "github.com/ledongthuc/pdf"
)

// A page that paints pictures and no text is a scan: it is rendered with
// poppler's pdftoppm and read by OCR (package ocr), and its blocks take
// the place of the empty page. Rendering rather than extracting the
// embedded picture: the PDF library here decodes only Flate streams, while
// scans come as DCT, CCITT, JBIG2 or JPX, placed, clipped and masked by
// the page; poppler renders them all as the page shows them, and is the
// same package as the pdftotext baseline.

// ErrNoRenderer names the package to install to read scanned pages.
var ErrNoRenderer = errors.New("未安装 pdftoppm：请安装 Debian 软件包 poppler-utils 以识别扫描页 " +
	"(pdftoppm missing: install poppler-utils to read scanned pages)")

// scanDPI is the resolution a scan is rendered at: its pictures' own,
// within what OCR needs and what memory allows.
func scanDPI(page lpdf.Value, width float64) float64 {
	xs := inherited(page, "Resources").Key("XObject")
	px := 0.0
	for _, name := range xs.Keys() {
		if x := xs.Key(name); x.Key("Subtype").Name() == "Image" {
			px = math.Max(px, x.Key("Width").Float64())
		}
	}
	if px == 0 || width <= 0 {
		return 200
	}
	return math.Min(math.Max(px/(width/72), 150), 300)
}

// readScans reads the scanned pages of a document by OCR, all of them
// within ocr.TimeLimit. A page that cannot be read keeps its warning, now
// saying why.
func readScans(data []byte, pages []pageOut, doc *layout.Document) {
	ctx, cancel := context.WithTimeout(context.Background(), ocr.TimeLimit)
	defer cancel()
	for i := range pages {
		p := &pages[i]
		if !p.scanned {
			continue
		}
		scan, err := scanPage(ctx, data, p)
		if err != nil {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("no text layer on page %d (scanned?), not read: %v", p.num, err))
			continue
		}
		p.scan = scan
		for _, t := range scan.Tables {
			p.blocks = append(p.blocks, pageBlock{table: t})
		}
		for i := range scan.Lines {
			p.blocks = append(p.blocks, pageBlock{line: &scan.Lines[i]})
		}
		sort.SliceStable(p.blocks, func(i, j int) bool { return p.blocks[i].top() < p.blocks[j].top() })
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d: no text layer, read by OCR (turned %.1f°)", p.num, scan.Skew))
		for _, w := range scan.Warnings {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d: %s", p.num, w))
		}
	}
}

// scanPage renders one page and reads it, in points.
func scanPage(ctx context.Context, data []byte, p *pageOut) (*ocr.Page, error) {
	if err := ocr.Available(); err != nil {
		return nil, err
	}
	png, err := renderPage(ctx, data, p.num, p.dpi)
	if err != nil {
		return nil, err
	}
	img, err := ocr.Decode(png)
	if err != nil {
		return nil, err
	}
	scan, err := ocr.ReadPage(ctx, img, p.dpi)
	if err != nil {
		return nil, err
	}
	scan.Scale(72.0 / ocr.WorkDPI)
	return scan, nil
}

// RenderPage renders page num (from 1) of a PDF at dpi as a grey PNG, with
// poppler's pdftoppm: for OCR, and for showing a person where an OCR'd
// value was read.
func RenderPage(data []byte, num int, dpi float64) ([]byte, error) {
	return renderPage(context.Background(), data, num, dpi)
}

// renderPage is RenderPage until ctx is done (and a minute at most).
func renderPage(ctx context.Context, data []byte, num int, dpi float64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s per document", ocr.ErrTimeLimit, ocr.TimeLimit)
	}
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil, ErrNoRenderer
	}
	dir, err := os.MkdirTemp("", "gongkai-scan-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	src, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "page")
	if err := os.WriteFile(src, data, 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	n := strconv.Itoa(num)
	cmd := exec.CommandContext(ctx, bin, "-r", strconv.FormatFloat(dpi, 'f', 0, 64), "-f", n, "-l", n, "-singlefile", "-gray", "-png", src, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("pdftoppm: %w", ctx.Err())
		}
		return nil, fmt.Errorf("pdftoppm: %w: %s", err, bytes.TrimSpace(msg))
	}
	png, err := os.ReadFile(out + ".png")
	if err != nil {
		return nil, fmt.Errorf("pdftoppm: %w", err)
	}
	return png, nil
}

// markOCR marks what was read by OCR, with the engine's confidence where
// it gave one, once the pages are joined into the document.
func markOCR(doc *layout.Document, pages []pageOut) {
	scans := map[int]*ocr.Page{}
	for _, p := range pages {
		if p.scan != nil {
			scans[p.num] = p.scan
		}
	}
	mark := func(a *gongkai.At) {
		s := scans[a.Page]
		if s == nil || a.Box == nil {
			return
		}
		a.OCR = true
		b := *a.Box
		a.Confidence, _ = s.Confidence(grid.Rect{X0: b[0], Y0: b[1], X1: b[2], Y1: b[3]})
	}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		mark(&b.At)
		if b.Table == nil {
			continue
		}
		for _, row := range b.Table.Rows {
			for j := range row {
				mark(&row[j].At)
			}
		}
	}
}
