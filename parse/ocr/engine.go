package ocr

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
)

// ErrNoEngine says what to install when Tesseract or its Chinese model is
// missing; a scanned document then fails with it rather than reading as
// an empty report.
var ErrNoEngine = errors.New("未安装 OCR 引擎：请安装 Debian 软件包 tesseract-ocr 和 tesseract-ocr-chi-sim " +
	"(OCR engine missing: install tesseract-ocr and tesseract-ocr-chi-sim)")

// engine runs the Tesseract command line. One process reads a whole batch
// of crops (a list file), so the model is loaded once per batch, not once
// per cell: 40 line crops took 1.2 s of CPU in one process against 4.8 s in
// a process each, about 0.1 s per model load. A cgo binding (gosseract)
// would save the few loads per page (a page takes about 3 s), but every
// build of gongkai would then need libtesseract-dev and a C compiler;
// the command line needs only the Debian packages at run time.
type engine struct {
	path string
	ctx  context.Context // the document's time budget: see TimeLimit
}

// TimeLimit bounds the OCR of one document — a picture, a PDF's scanned
// pages, an HTML report's pictures: a page takes seconds of processor
// time, a long scan on a busy machine could otherwise hold a run for an
// hour. What is not read by then is not read, with a warning, or, when
// nothing was, an error saying so.
var TimeLimit = 5 * time.Minute

// ErrTimeLimit is the error of OCR cut short by TimeLimit.
var ErrTimeLimit = errors.New("OCR 超时 (OCR time limit reached)")

// within returns the engine working until ctx is done.
func (e *engine) within(ctx context.Context) *engine {
	return &engine{path: e.path, ctx: ctx}
}

var (
	engineOnce sync.Once
	theEngine  *engine
	engineErr  error
)

// tesseract finds the engine and checks that it has the Chinese model.
func tesseract() (*engine, error) {
	engineOnce.Do(func() { theEngine, engineErr = findEngine() })
	return theEngine, engineErr
}

// findEngine looks for the engine on $PATH, with its Chinese model.
func findEngine() (*engine, error) {
	path, err := exec.LookPath("tesseract")
	if err != nil {
		return nil, ErrNoEngine
	}
	out, err := exec.Command(path, "--list-langs").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("\nchi_sim")) {
		return nil, fmt.Errorf("%w: %s", ErrNoEngine, strings.TrimSpace(string(out)))
	}
	return &engine{path: path}, nil
}

// Available reports whether the OCR engine and its Chinese model are
// installed; the error names the packages when they are not.
func Available() error {
	_, err := tesseract()
	return err
}

// pass is how one batch is read.
type pass struct {
	langs     string // models: chi_sim, and eng beside it for figures
	psm       int    // Tesseract page segmentation mode: 6 a block, 7 one line, 4 a column
	whitelist string // the only characters allowed, or all
}

// word is one word Tesseract read, with its box in the crop and its
// confidence (0–100).
type word struct {
	text string
	box  grid.Rect
	conf float64
	line int // block, paragraph and line numbers folded into one
}

// timeLimit names the budget when a document's deadline stopped OCR.
func timeLimit(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("ocr: %w: %s per document", ErrTimeLimit, TimeLimit)
	}
	return fmt.Errorf("ocr: %w", err)
}

// recognize reads each image of a batch in one engine process and
// returns the words of each, in order.
func (e *engine) recognize(imgs []*image.Gray, p pass) ([][]word, error) {
	out := make([][]word, len(imgs))
	if len(imgs) == 0 {
		return out, nil
	}
	dir, err := os.MkdirTemp("", "gongkai-ocr-")
	if err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	defer os.RemoveAll(dir)
	var list strings.Builder
	for i, img := range imgs {
		name := filepath.Join(dir, strconv.Itoa(i)+".png")
		f, err := os.Create(name)
		if err != nil {
			return nil, fmt.Errorf("ocr: %w", err)
		}
		err = png.Encode(f, img)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("ocr: %w", err)
		}
		list.WriteString(name + "\n")
	}
	listFile := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(listFile, []byte(list.String()), 0o600); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	args := []string{listFile, "stdout", "-l", p.langs, "--psm", strconv.Itoa(p.psm)}
	if p.whitelist != "" {
		args = append(args, "-c", "tessedit_char_whitelist="+p.whitelist)
	}
	args = append(args, "tsv")
	if err := e.ctx.Err(); err != nil {
		return nil, timeLimit(err)
	}
	ctx, cancel := context.WithTimeout(e.ctx, time.Minute+time.Duration(len(imgs))*2*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.path, args...)
	// one thread per process: the machine's cores go to documents read
	// side by side, and OpenMP's spinning costs more than it gains here
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	tsv, err := cmd.Output()
	if e.ctx.Err() != nil {
		return nil, timeLimit(e.ctx.Err())
	}
	if err != nil {
		return nil, fmt.Errorf("ocr: tesseract: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return tsvWords(tsv, out), nil
}

// tsvWords adds the words of tesseract's TSV output to out, one list per
// image. The text goes through layout.Normalize, as all text entering
// gongkai does: a look-alike code point the engine emits (a Kangxi
// radical, a compatibility ideograph) is read as the unified ideograph.
func tsvWords(tsv []byte, out [][]word) [][]word {
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 12 || f[0] != "5" {
			continue
		}
		page, _ := strconv.Atoi(f[1])
		num := func(i int) float64 { v, _ := strconv.ParseFloat(f[i], 64); return v }
		text := layout.Normalize(strings.TrimSpace(f[11]))
		if page < 1 || page > len(out) || text == "" {
			continue
		}
		left, top := num(6), num(7)
		out[page-1] = append(out[page-1], word{
			text: text,
			box:  grid.Rect{X0: left, Y0: top, X1: left + num(8), Y1: top + num(9)},
			conf: num(10),
			line: int(num(2))*1_000_000 + int(num(3))*1000 + int(num(4)),
		})
	}
	return out
}
