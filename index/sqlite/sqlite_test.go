package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

func TestConformance(t *testing.T) {
	entries := indextest.Entries(t, 120, indextest.CorpusDir(t, filepath.Join("..", "..")))
	indextest.Run(t, entries, func(t *testing.T) index.Index {
		x, err := Open(filepath.Join(t.TempDir(), "index.db"))
		if err != nil {
			t.Fatal(err)
		}
		return x
	})
}

func openBench(b *testing.B) index.Index {
	x, err := Open(filepath.Join(b.TempDir(), "index.db"))
	if err != nil {
		b.Fatal(err)
	}
	return x
}

func BenchmarkPut(b *testing.B)    { indextest.BenchmarkPut(b, openBench, 500) }
func BenchmarkSearch(b *testing.B) { indextest.BenchmarkSearch(b, openBench) }
