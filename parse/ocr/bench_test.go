package ocr

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/cputime"
)

// cpu is the processor time of the process and its engine processes.
func cpu() time.Duration { return cputime.Used() + cputime.Children() }

// BenchmarkReadPage reads page 3 of the rough scan (two ruled tables,
// 150 dpi) into tables and lines: pages per second, and per second of
// processor time (ours and the engine's), the figure per core.
func BenchmarkReadPage(b *testing.B) {
	needEngine(b)
	g, err := Decode(readPage3(b))
	if err != nil {
		b.Fatal(err)
	}
	start := cpu()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadPage(context.Background(), g, 150); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(b.N)/(cpu()-start).Seconds(), "pages/cpu-s")
}

// BenchmarkTesseractPage is BenchmarkReadPage's baseline: the engine on
// the same page as a whole (`tesseract page.jpg stdout -l chi_sim`, one
// thread, process start included), which reads the text but mixes up
// the tables' columns.
func BenchmarkTesseractPage(b *testing.B) {
	needEngine(b)
	page, err := filepath.Abs(page3(b))
	if err != nil {
		b.Fatal(err)
	}
	eng, _ := tesseract()
	start := cpu()
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(eng.path, page, "stdout", "-l", "chi_sim")
		cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
		if out, err := cmd.Output(); err != nil || len(out) == 0 {
			b.Fatalf("tesseract: %v", err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(b.N)/(cpu()-start).Seconds(), "pages/cpu-s")
}
