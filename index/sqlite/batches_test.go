package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// Findings and closest reports after puts in batches of changed copies,
// a delete and the originals put back are those computed from scratch
// (indextest.RunBatches): the rate outliers left stale by the puts are
// recomputed before any read.
func TestBatches(t *testing.T) {
	indextest.RunBatches(t, func(t *testing.T) index.Index {
		x, err := Open(filepath.Join(t.TempDir(), "index.db"))
		if err != nil {
			t.Fatal(err)
		}
		return x
	})
}
