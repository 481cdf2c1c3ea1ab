package watch

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/index/sqlite"
)

// benchIndex is an embedded index of the scale entries
// ($GONGKAI_BENCH_REPORTS, 10,000 by default).
func benchIndex(b *testing.B) index.Index {
	idx, err := sqlite.Open(filepath.Join(b.TempDir(), "index.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	if err := idx.Put(context.Background(), indextest.ScaleEntries(b, indextest.BenchReports())...); err != nil {
		b.Fatal(err)
	}
	return idx
}

// benchWatches are a national watch, a prefecture's and a text search.
var benchWatches = []Watch{
	{Name: "全国核对未通过", FailedChecks: true},
	{Name: "哈密市", Region: "6505"},
	{Name: "复议", Text: "行政复议", Year: "2024"},
}

// BenchmarkCheck checks the watches (after a first check has recorded what
// they match), beside its baseline, BenchmarkFindings: the findings page's
// computation over the same scopes, which a check makes once per scope.
func BenchmarkCheck(b *testing.B) {
	idx := benchIndex(b)
	ctx := context.Background()
	dir := b.TempDir()
	if _, err := Check(ctx, idx, dir, benchWatches, time.Now()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Check(ctx, idx, dir, benchWatches, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFindings(b *testing.B) {
	idx := benchIndex(b)
	ctx := context.Background()
	for b.Loop() {
		for _, f := range []index.Filter{{}, {Region: "6505"}} {
			if _, err := findingsOf(ctx, idx, f); err != nil {
				b.Fatal(err)
			}
		}
	}
}
