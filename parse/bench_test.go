package parse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/internal/cputime"
)

// benchmarkFile measures parsing one corpus document end to end (decode,
// layout, facts, checks) and reports documents per second of wall time and
// per second of processor time: the second is the per-core figure, and
// holds still when other work shares the machine.
func benchmarkFile(b *testing.B, name string) {
	data, err := os.ReadFile(filepath.Join(corpusDir(b), name))
	if err != nil {
		b.Fatal(err)
	}
	benchmarkBytes(b, name, data)
}

// benchmarkBytes measures parsing one document's bytes end to end.
func benchmarkBytes(b *testing.B, name string, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	start := cputime.Used()
	for b.Loop() {
		if _, err := Bytes(name, data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(b.N)/(cputime.Used()-start).Seconds(), "docs/cpu-s")
}

func BenchmarkParseHTML(b *testing.B) { benchmarkFile(b, "shanghai-office-2019.html") }
func BenchmarkParseText(b *testing.B) { benchmarkFile(b, "yizhou-donghe-2025.txt") }
