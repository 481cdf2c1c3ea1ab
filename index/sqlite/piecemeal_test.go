package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// Findings across reports put, deleted and put back one at a time, each
// recomputed from the years next to the change, add up to those of the
// whole (indextest.RunPiecemeal).
func TestPiecemeal(t *testing.T) {
	indextest.RunPiecemeal(t, indextest.Entries(t, 60, ""), func(t *testing.T) index.Index {
		x, err := Open(filepath.Join(t.TempDir(), "index.db"))
		if err != nil {
			t.Fatal(err)
		}
		return x
	})
}
