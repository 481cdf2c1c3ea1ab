package elastic

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// Findings and closest reports after puts in batches of changed copies,
// a delete and the originals put back are those computed from scratch
// (indextest.RunBatches): the rate outliers left stale by the puts are
// recomputed before any read.
func TestBatches(t *testing.T) {
	indextest.RunBatches(t, freshIndex(esURL(t)))
}

// freshIndex opens a new index of its own name at url for each test.
func freshIndex(url string) func(t *testing.T) index.Index {
	return func(t *testing.T) index.Index {
		x, err := Open(context.Background(), url, fmt.Sprintf("gongkai-test-%d", time.Now().UnixNano()))
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
}
