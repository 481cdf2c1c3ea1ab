package parse

import (
	"os"
	"path/filepath"
	"testing"
)

// benchmarkFile measures parsing one corpus document end to end (decode,
// layout, facts, checks) and reports documents per second.
func benchmarkFile(b *testing.B, name string) {
	data, err := os.ReadFile(filepath.Join(corpusDir(b), name))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Bytes(name, data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkParseHTML(b *testing.B) { benchmarkFile(b, "shanghai-office-2019.html") }
func BenchmarkParseText(b *testing.B) { benchmarkFile(b, "yizhou-donghe-2025.txt") }
