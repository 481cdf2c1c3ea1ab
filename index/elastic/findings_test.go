package elastic

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// Reports indexed before findings were kept get their findings when the
// index is next opened.
func TestFindingsBackfill(t *testing.T) {
	url := esURL(t)
	ctx := context.Background()
	entries := indextest.Entries(t, 30, "")
	name := fmt.Sprintf("gongkai-test-%d", time.Now().UnixNano())
	x, err := Open(ctx, url, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	if err := x.do(ctx, esapi.IndicesDeleteRequest{Index: []string{x.findingsIndex()}}, nil); err != nil {
		t.Fatal(err)
	}
	x, err = Open(ctx, url, name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Findings(ctx, index.FindingQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(gongkai.Findings(entries)); res.All != want || want == 0 {
		t.Errorf("after reopening: %d findings, want %d (> 0)", res.All, want)
	}
}
