package elastic

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// Findings across reports put, deleted and put back one at a time add up
// to those of the whole (indextest.RunPiecemeal).
func TestPiecemeal(t *testing.T) {
	url := esURL(t)
	indextest.RunPiecemeal(t, indextest.Entries(t, 30, ""), func(t *testing.T) index.Index {
		x, err := Open(context.Background(), url, fmt.Sprintf("gongkai-test-%d", time.Now().UnixNano()))
		if err != nil {
			t.Fatal(err)
		}
		return x
	})
}
