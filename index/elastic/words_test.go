package elastic

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

func TestWholeWords(t *testing.T) {
	url := esURL(t)
	indextest.WholeWords(t, func(t *testing.T) index.Index {
		x, err := Open(context.Background(), url, fmt.Sprintf("gongkai-test-whole-%d", time.Now().UnixNano()))
		if err != nil {
			t.Fatal(err)
		}
		return x
	})
}

// TestIndexWithOldWords: an index whose words field was filled before it
// held every dictionary word would miss reports for such a term; it is
// refused with the way out.
func TestIndexWithOldWords(t *testing.T) {
	url := esURL(t)
	ctx := context.Background()
	name := fmt.Sprintf("gongkai-test-oldwords-%d", time.Now().UnixNano())
	x, err := Open(ctx, url, name)
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]any{
		"aliases":  map[string]any{name + "-old": map[string]any{}},
		"mappings": map[string]any{"properties": map[string]any{"body": map[string]any{"type": "keyword"}}},
	}
	if err := x.do(ctx, esapi.IndicesCreateRequest{Index: "old-" + name, Body: jsonBody(old)}, nil); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, url, name+"-old")
	if err == nil || !strings.Contains(err.Error(), "重新运行 gongkai index") {
		t.Fatalf("an index of the old words: %v, want the way out", err)
	}
}
