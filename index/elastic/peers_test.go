package elastic

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/gongkai/gongkai/index/indextest"
)

// Reports indexed before the quartiles were kept get them when the index
// is next opened: the same as those kept at Put.
func TestQuartilesBackfill(t *testing.T) {
	url := esURL(t)
	ctx := context.Background()
	entries := indextest.Entries(t, 30, "")
	x, err := Open(ctx, url, fmt.Sprintf("gongkai-test-%d", time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	e := entries[0]
	province, level := e.Region[:2], e.Level
	kept, err := x.PeerQuartiles(ctx, province, level, 2000, 2100)
	if err != nil || len(kept) == 0 {
		t.Fatalf("quartiles kept at Put: %v, %v; want some", kept, err)
	}
	if err := x.do(ctx, esapi.IndicesDeleteRequest{Index: []string{x.quartilesIndex()}}, nil); err != nil {
		t.Fatal(err)
	}
	if x, err = Open(ctx, url, x.name); err != nil {
		t.Fatal(err)
	}
	got, err := x.PeerQuartiles(ctx, province, level, 2000, 2100)
	if err != nil || !maps.Equal(got, kept) {
		t.Errorf("after reopening: %v, %v; want %v", got, err, kept)
	}
}
