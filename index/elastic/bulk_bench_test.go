package elastic

import (
	"context"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/internal/cputime"
	"github.com/gongkai/gongkai/parse/segment"
)

// nodesCPU is the processor time the cluster's nodes have used so far.
func nodesCPU(ctx context.Context, x *Index) (time.Duration, error) {
	var stats struct {
		Nodes map[string]struct {
			Process struct {
				CPU struct {
					TotalInMillis int64 `json:"total_in_millis"`
				} `json:"cpu"`
			} `json:"process"`
		} `json:"nodes"`
	}
	if err := x.do(ctx, esapi.NodesStatsRequest{Metric: []string{"process"}}, &stats); err != nil {
		return 0, err
	}
	var total time.Duration
	for _, n := range stats.Nodes {
		total += time.Duration(n.Process.CPU.TotalInMillis) * time.Millisecond
	}
	return total, nil
}

// BenchmarkBulk indexes the scale entries into a fresh index in batches of
// 2,000 and reports, beside reports/s, reports per second of processor
// time on each side: gongkai's (this process: segmenting, encoding,
// sending) and the Elasticsearch nodes' (their process time from
// _nodes/stats). On a machine where both share two cores the wall figure
// measures the sharing; the per-core figures say what a node with its own
// cores, fed by enough gongkai cores, would do. With the periodic refresh
// left on during the bulk (refresh=on) and turned off (refresh=off, the
// default for batches of quietBulk or more).
func BenchmarkBulk(b *testing.B) {
	entries := indextest.ScaleEntries(b, indextest.BenchReports())
	if _, err := segment.Default(); err != nil {
		b.Fatal(err)
	}
	const batch = 2000
	for _, refresh := range []string{"off", "on"} {
		b.Run("refresh="+refresh, func(b *testing.B) {
			defer func(n int) { quietBulk = n }(quietBulk)
			if refresh == "on" {
				quietBulk = batch + 1
			}
			ctx := context.Background()
			var ours, theirs, wall time.Duration
			for range b.N {
				x := openBench(b).(*Index)
				nodeStart, err := nodesCPU(ctx, x)
				if err != nil {
					b.Fatal(err)
				}
				start, wallStart := cputime.Used(), time.Now()
				for i := 0; i < len(entries); i += batch {
					if err := x.Put(ctx, entries[i:min(i+batch, len(entries))]...); err != nil {
						b.Fatal(err)
					}
				}
				ours += cputime.Used() - start
				wall += time.Since(wallStart)
				nodeEnd, err := nodesCPU(ctx, x)
				if err != nil {
					b.Fatal(err)
				}
				theirs += nodeEnd - nodeStart
			}
			n := float64(len(entries) * b.N)
			b.ReportMetric(n/wall.Seconds(), "reports/s")
			b.ReportMetric(n/ours.Seconds(), "reports/s/core-gongkai")
			b.ReportMetric(n/theirs.Seconds(), "reports/s/core-es")
			b.Logf("%d reports: gongkai %v of processor time, Elasticsearch %v, wall %v", int(n), ours.Round(time.Millisecond), theirs.Round(time.Millisecond), wall.Round(time.Millisecond))
		})
	}
}
