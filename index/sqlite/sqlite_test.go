package sqlite

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

func TestConformance(t *testing.T) {
	entries := indextest.Entries(t, 120, indextest.CorpusDir(t))
	indextest.Run(t, entries, func(t *testing.T) index.Index {
		x, err := Open(filepath.Join(t.TempDir(), "index.db"))
		if err != nil {
			t.Fatal(err)
		}
		return x
	})
}

// TestOtherSchemaVersion: a file written by another schema version is
// refused with the way out, not misread; a new file and a file of this
// version open.
func TestOtherSchemaVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.db")
	x, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	if x, err = Open(path); err != nil {
		t.Fatalf("reopening: %v", err)
	}
	if _, err := x.db.Exec(`PRAGMA user_version = 2`); err != nil {
		t.Fatal(err)
	}
	x.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "run gongkai index again") {
		t.Errorf("Open of a version 2 file: err %v, want the advice to rebuild", err)
	}
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
