package elastic

import (
	"testing"

	"github.com/gongkai/gongkai/index/indextest"
)

// Findings across reports put, deleted and put back one at a time add up
// to those of the whole (indextest.RunPiecemeal).
func TestPiecemeal(t *testing.T) {
	indextest.RunPiecemeal(t, indextest.Entries(t, 30, ""), freshIndex(esURL(t)))
}
