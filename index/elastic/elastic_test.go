package elastic

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// esURL returns the cluster the tests run against: $GONGKAI_ES_URL. Without
// it the tests skip, unless GONGKAI_REQUIRE_ES=1 (as in CI) makes that a failure.
func esURL(t *testing.T) string {
	url := os.Getenv("GONGKAI_ES_URL")
	if url == "" {
		if os.Getenv("GONGKAI_REQUIRE_ES") == "1" {
			t.Fatal("GONGKAI_REQUIRE_ES=1 but GONGKAI_ES_URL is not set: run the tests with `make test`, which starts Elasticsearch")
		}
		t.Skip("GONGKAI_ES_URL not set")
	}
	return url
}

func TestConformance(t *testing.T) {
	url := esURL(t)
	entries := indextest.Entries(t, 120, indextest.CorpusDir(t, filepath.Join("..", "..")))
	indextest.Run(t, entries, func(t *testing.T) index.Index {
		name := fmt.Sprintf("gongkai-test-%d", time.Now().UnixNano())
		x, err := Open(context.Background(), url, name)
		if err != nil {
			t.Fatal(err)
		}
		return x
	})
}

func openBench(b *testing.B) index.Index {
	url := os.Getenv("GONGKAI_ES_URL")
	if url == "" {
		b.Skip("GONGKAI_ES_URL not set")
	}
	x, err := Open(context.Background(), url, fmt.Sprintf("gongkai-bench-%d", time.Now().UnixNano()))
	if err != nil {
		b.Fatal(err)
	}
	return x
}

func BenchmarkPut(b *testing.B)    { indextest.BenchmarkPut(b, openBench, 2000) }
func BenchmarkSearch(b *testing.B) { indextest.BenchmarkSearch(b, openBench) }
