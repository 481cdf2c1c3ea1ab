package indextest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/internal/cputime"
	"github.com/gongkai/gongkai/parse"
	"github.com/gongkai/gongkai/parse/segment"
)

// BenchReports is the number of reports the index benchmarks use:
// $GONGKAI_BENCH_REPORTS, 10,000 by default.
func BenchReports() int {
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_BENCH_REPORTS")); err == nil && n > 0 {
		return n
	}
	return 10000
}

var (
	scaleOnce    sync.Once
	scaleEntries []gongkai.Entry
	scaleErr     error
)

// ScaleEntries renders and parses n synthetic reports, seven years for each
// body, on every core; made once per process.
func ScaleEntries(b testing.TB, n int) []gongkai.Entry {
	scaleOnce.Do(func() {
		scaleEntries = make([]gongkai.Entry, n)
		errs := make([]error, n)
		index.Parallel(n, func(i int) {
			spec := fixtures.ScaleSpec(i)
			name := fmt.Sprintf("r%06d.html", i)
			rep, err := parse.Bytes(name, spec.Render(fixtures.Options{Layout: fixtures.HTMLGrid}))
			if err != nil {
				errs[i] = fmt.Errorf("%s: %w", name, err) // the generator's own output must parse
				return
			}
			scaleEntries[i] = ScaleEntry(i, name, rep)
		})
		scaleErr = errors.Join(errs...)
	})
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	return scaleEntries[:min(n, len(scaleEntries))]
}

// ForgetScaleEntries lets the scale entries go, so that a benchmark that
// has indexed them measures the index and the server without gigabytes of
// parsed reports on the heap (each garbage collection would mark them).
func ForgetScaleEntries() {
	scaleOnce, scaleEntries, scaleErr = sync.Once{}, nil, nil
}

// ScaleEntry is the entry of the scale corpus's report i, parsed from the
// file name: body i/7, with its district's area code and a hash made from
// i, so the entries are alike whether they come from ScaleEntries or from
// files (index/cmd/scalebench).
func ScaleEntry(i int, name string, rep *gongkai.Report) gongkai.Entry {
	region := fixtures.ScaleRegion(i / 7)
	return gongkai.Entry{
		ID:     gongkai.EntryID(rep.Office, rep.Year, name),
		Report: *rep, Region: region, Level: "county",
		URL: "https://example.gov.cn/" + name, SHA256: fmt.Sprintf("%064x", i),
	}
}

// BenchmarkPut indexes the scale entries into a fresh index per iteration,
// in batches of batch, and reports reports/s and the processor time per
// report (this process's only: Elasticsearch's own work is not in it).
func BenchmarkPut(b *testing.B, open func(b *testing.B) index.Index, batch int) {
	entries := ScaleEntries(b, BenchReports())
	if _, err := segment.Default(); err != nil { // loaded once per process, not per put
		b.Fatal(err)
	}
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		x := open(b)
		b.StartTimer()
		start := cputime.Used()
		for i := 0; i < len(entries); i += batch {
			if err := x.Put(context.Background(), entries[i:min(i+batch, len(entries))]...); err != nil {
				b.Fatal(err)
			}
		}
		cpu += cputime.Used() - start
		b.StopTimer()
		x.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(entries)), "reports")
	b.ReportMetric(float64(len(entries)*b.N)/b.Elapsed().Seconds(), "reports/s")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(entries)*b.N), "cpu-ms/report")
}

// BenchmarkSearch indexes the scale entries once, then runs a mix of
// queries (words, filters, both, with facets and snippets) and reports the
// median and 95th percentile latency.
func BenchmarkSearch(b *testing.B, open func(b *testing.B) index.Index) {
	entries := ScaleEntries(b, BenchReports())
	x := open(b)
	defer x.Close()
	for i := 0; i < len(entries); i += 1000 {
		if err := x.Put(context.Background(), entries[i:min(i+1000, len(entries))]...); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	p50, p95, err := Latency(context.Background(), x, b.N)
	if err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(len(entries)), "reports")
	b.ReportMetric(p50, "p50-ms")
	b.ReportMetric(p95, "p95-ms")
}

// BenchQueries is the mix of searches the latency figures come from:
// words, filters, both, with facets and snippets.
var BenchQueries = []index.Query{
	{Text: "政策解读"},
	{Text: "依申请公开", Filter: index.Filter{YearFrom: 2024, YearTo: 2024}},
	{Filter: index.Filter{Region: "6522"}},
	{Filter: index.Filter{FailedChecks: true}},
	{Text: "三审三校", Filter: index.Filter{Region: "3208", FailedChecks: true}},
	{Text: "行政复议 政府信息公开"},
	{Filter: index.Filter{Office: "街道办事处", YearFrom: 2021, YearTo: 2023}},
	{Text: "7730.28"},
}

// BenchClass is a kind of search whose latency make bench shows apart.
type BenchClass struct {
	Name    string
	Queries []index.Query
}

// BenchClasses are the kinds of search of the scale run: a word found in
// few reports or none, a word found in a third to all of them, two such
// words, and filters alone. The synthetic corpus's narratives share their
// phrases, so its common words are very common.
var BenchClasses = []BenchClass{
	{"rare-word", []index.Query{{Text: "7730.28"}, {Text: "一网通办"}}},
	{"common-word", []index.Query{{Text: "政策解读"}, {Text: "依申请公开", Filter: index.Filter{YearFrom: 2024, YearTo: 2024}}, {Text: "三审三校", Filter: index.Filter{Region: "3208", FailedChecks: true}}}},
	{"two-common-words", []index.Query{{Text: "行政复议 政府信息公开"}, {Text: "政策解读 依申请公开"}}},
	{"filter-only", []index.Query{{Filter: index.Filter{Region: "6522"}}, {Filter: index.Filter{FailedChecks: true}}, {Filter: index.Filter{Office: "街道办事处", YearFrom: 2021, YearTo: 2023}}}},
}

// Latency runs n searches, BenchQueries in turn, and returns the median and
// 95th percentile latency in milliseconds.
func Latency(ctx context.Context, x index.Index, n int) (p50, p95 float64, err error) {
	return Timed(n, BenchQueries, func(q index.Query) error {
		_, err := x.Search(ctx, q)
		return err
	})
}

// Timed runs do n times over queries in turn and returns the median and
// 95th percentile of its latency in milliseconds.
func Timed(n int, queries []index.Query, do func(index.Query) error) (p50, p95 float64, err error) {
	times := make([]time.Duration, 0, n)
	for i := range n {
		start := time.Now()
		if err := do(queries[i%len(queries)]); err != nil {
			return 0, 0, err
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	ms := func(q float64) float64 { return float64(times[int(q*float64(len(times)-1))].Microseconds()) / 1000 }
	return ms(0.50), ms(0.95), nil
}
