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
// held every dictionary word would miss reports for such a term, and one
// whose reports carry no print would find no closest other report; each is
// refused with the way out that names what it lacks.
func TestIndexWithOldWords(t *testing.T) {
	url := esURL(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		meta map[string]any
		says string
	}{
		{"no meta", nil, "分词字段"},
		{"words, no prints", map[string]any{"words": wordsVersion}, "相似指纹"},
	} {
		t.Run(c.name, func(t *testing.T) {
			name := fmt.Sprintf("gongkai-test-oldwords-%d", time.Now().UnixNano())
			x, err := Open(ctx, url, name)
			if err != nil {
				t.Fatal(err)
			}
			mappings := map[string]any{"properties": map[string]any{"body": map[string]any{"type": "keyword"}}}
			if c.meta != nil {
				mappings["_meta"] = c.meta
			}
			old := map[string]any{"aliases": map[string]any{name + "-old": map[string]any{}}, "mappings": mappings}
			if err := x.do(ctx, esapi.IndicesCreateRequest{Index: "old-" + name, Body: jsonBody(old)}, nil); err != nil {
				t.Fatal(err)
			}
			_, err = Open(ctx, url, name+"-old")
			if err == nil || !strings.Contains(err.Error(), "重新运行 gongkai index") || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("an old index: %v, want the way out naming %s", err, c.says)
			}
		})
	}
}
