// Command scalebench indexes a corpus written by fixtures/cmd/scale, file by
// file, and measures it: the whole pipeline (read, parse, segment, index)
// in reports/s and processor time per report, the peak memory of the
// process, search latency on the index it built (the bench mix, then each
// class of search beside the embedded index's count in SQL alone), the
// whole process of `gongkai search` on it (with -gongkai) beside loading
// gse's own dictionary, and re-indexing after one document in a hundred
// changed, beside the full run. It prints Go benchmark lines, which
// scripts/benchtable turns into the table of `make bench`.
//
//	go run ./fixtures/cmd/scale -n 100000 -out DIR
//	go run ./index/cmd/scalebench -dir DIR            # embedded index
//	go run ./index/cmd/scalebench -dir DIR -es URL    # Elasticsearch
//	go run ./index/cmd/scalebench -db FILE -search-only [-gongkai BIN]  # searches on an index already built
//
// The pipeline streams: one goroutine lists the files, one per core reads
// and parses them into a bounded queue, and the main goroutine puts them in
// batches, while the parsers go on filling the queue. Put segments its batch
// on every core. At most the queue, one batch and the index's own buffers
// are in memory, whatever the size of the corpus.
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-ego/gse"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/elastic"
	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/internal/cputime"
	"github.com/gongkai/gongkai/parse"
	"github.com/gongkai/gongkai/parse/segment"
)

func main() {
	dir := flag.String("dir", "", "corpus folder written by fixtures/cmd/scale (required)")
	db := flag.String("db", "", "embedded index file; a temporary one, removed afterwards, when empty")
	es := flag.String("es", "", "Elasticsearch URL: index there (into a fresh index) instead of the embedded index")
	batch := flag.Int("batch", 500, "reports per Put")
	searches := flag.Int("searches", 200, "searches for the latency figures")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the indexing run to this file")
	cli := flag.String("gongkai", "", "gongkai binary: time `gongkai search` on the embedded index")
	searchOnly := flag.Bool("search-only", false, "with -db: time the searches on the index already there, without indexing")
	flag.Parse()
	if *searchOnly {
		if *db == "" || *es != "" {
			flag.Usage()
			os.Exit(2)
		}
		if err := searchExisting(*db, *searches, *cli); err != nil {
			fmt.Fprintln(os.Stderr, "scalebench:", err)
			os.Exit(1)
		}
		return
	}
	if *dir == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir, *db, *es, *batch, *searches, *cpuprofile, *cli); err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
		os.Exit(1)
	}
}

func run(dir, db, es string, batch, searches int, cpuprofile, cli string) error {
	ctx := context.Background()
	var x index.Index
	var err error
	backend := "sqlite"
	if es != "" {
		backend = "elastic"
		x, err = elastic.Open(ctx, es, fmt.Sprintf("gongkai-scale-%d", time.Now().UnixNano()))
	} else {
		if db == "" {
			tmp, err := os.MkdirTemp("", "scalebench")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			db = filepath.Join(tmp, "index.db")
		}
		x, err = sqlite.Open(db)
	}
	if err != nil {
		return err
	}
	defer x.Close()
	if _, err := segment.Default(); err != nil { // loaded before the clock starts
		return err
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	start, cpuStart := time.Now(), cputime.Used()
	n, skipped, err := indexDir(ctx, x, dir, batch, nil)
	elapsed, cpu := time.Since(start), cputime.Used()-cpuStart
	if cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	peak, err := peakRSS()
	if err != nil {
		return err
	}
	fmt.Printf("BenchmarkScale/%s/index\t1\t%d ns/op\t%d reports\t%d skipped\t%.1f reports/s\t%.3f cpu-ms/report\t%.0f peak-MiB\n",
		backend, elapsed.Nanoseconds(), n, skipped, float64(n)/elapsed.Seconds(), float64(cpu.Microseconds())/1000/float64(max(n, 1)), peak)
	start = time.Now()
	p50, p95, err := indextest.Latency(ctx, x, searches)
	if err != nil {
		return err
	}
	fmt.Printf("BenchmarkScale/%s/search\t%d\t%d ns/op\t%d reports\t%.2f p50-ms\t%.2f p95-ms\n",
		backend, searches, time.Since(start).Nanoseconds()/int64(searches), n, p50, p95)
	if err := searchClasses(ctx, x, backend, n, searches); err != nil {
		return err
	}
	if cli != "" && es == "" {
		if err := searchProcess(cli, filepath.Dir(db), n); err != nil {
			return err
		}
	}
	return reindex(ctx, x, backend, dir, batch, elapsed, cpu)
}

// searchExisting times the searches, and with cli the whole process, on
// the embedded index already at db: the same code's searches on one index,
// run again and again, or two builds' on the same data.
func searchExisting(db string, searches int, cli string) error {
	ctx := context.Background()
	x, err := sqlite.Open(db)
	if err != nil {
		return err
	}
	defer x.Close()
	if _, err := segment.Default(); err != nil {
		return err
	}
	n, err := x.Count(ctx, index.Query{})
	if err != nil {
		return err
	}
	if _, err := x.Search(ctx, index.Query{}); err != nil { // the search columns, read once
		return err
	}
	if err := searchClasses(ctx, x, "sqlite", n, searches); err != nil {
		return err
	}
	if cli != "" {
		return searchProcess(cli, filepath.Dir(db), n)
	}
	return nil
}

// searchClasses times each class of search; on the embedded index, beside
// Count, the same matches counted by one SQL statement.
func searchClasses(ctx context.Context, x index.Index, backend string, n, searches int) error {
	for _, c := range indextest.BenchClasses {
		runs := max(searches/len(indextest.BenchClasses), 10)
		cpuStart := cputime.Used()
		p50, p95, err := indextest.Timed(runs, c.Queries, func(q index.Query) error {
			_, err := x.Search(ctx, q)
			return err
		})
		if err != nil {
			return err
		}
		cpu := cputime.Used() - cpuStart
		line := fmt.Sprintf("BenchmarkScale/%s/search/%s\t%d\t%d reports\t%.2f p50-ms\t%.2f p95-ms\t%.2f cpu-ms\t%s load",
			backend, c.Name, runs, n, p50, p95, float64(cpu.Microseconds())/1000/float64(runs), loadAverage())
		if sq, ok := x.(*sqlite.Index); ok {
			cpuStart := cputime.Used()
			b50, b95, err := indextest.Timed(runs, c.Queries, func(q index.Query) error {
				_, err := sq.Count(ctx, q)
				return err
			})
			if err != nil {
				return err
			}
			cpu := cputime.Used() - cpuStart
			line += fmt.Sprintf("\t%.2f count-p50-ms\t%.2f count-p95-ms\t%.2f count-cpu-ms", b50, b95, float64(cpu.Microseconds())/1000/float64(runs))
		}
		fmt.Println(line)
	}
	return nil
}

// searchProcess times `gongkai search` from start to exit on the index in
// data, a common word's first page, five times; and, as its baseline,
// loading gse's own dictionary, which every search process did before the
// dictionary was compiled.
func searchProcess(bin, data string, n int) error {
	var times, cpus []time.Duration
	for range 5 {
		cmd := exec.Command(bin, "search", "--data", data, "政策解读")
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("gongkai search: %w: %s", err, out)
		}
		times = append(times, time.Since(start))
		cpus = append(cpus, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
	}
	slices.Sort(times)
	slices.Sort(cpus)
	start := time.Now()
	var g gse.Segmenter
	if err := g.LoadDictEmbed("zh_s"); err != nil {
		return err
	}
	fmt.Printf("BenchmarkScale/sqlite/cli\t5\t%d reports\t%.1f wall-ms\t%.1f min-wall-ms\t%.1f cpu-ms\t%.1f gse-load-ms\t%s load\n",
		n, float64(times[2].Microseconds())/1000, float64(times[0].Microseconds())/1000, float64(cpus[2].Microseconds())/1000,
		float64(time.Since(start).Microseconds())/1000, loadAverage())
	return nil
}

// reindex re-indexes the corpus as after a crawl that changed one document
// in a hundred, the way gongkai index does: the index's hashes are read,
// a document whose hash is indexed is not parsed, the changed ones are
// parsed and put. It prints its time beside the full run's.
func reindex(ctx context.Context, x index.Index, backend, dir string, batch int, full, fullCPU time.Duration) error {
	start, cpuStart := time.Now(), cputime.Used()
	indexed, err := x.Indexed(ctx)
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(indexed))
	for _, sha := range indexed {
		known[sha] = true
	}
	n, _, err := indexDir(ctx, x, dir, batch, func(sha string) bool { return known[sha] })
	if err != nil {
		return err
	}
	elapsed, cpu := time.Since(start), cputime.Used()-cpuStart
	fmt.Printf("BenchmarkScale/%s/reindex\t1\t%d ns/op\t%d reports\t%.2f changed-%%\t%.2f time-%%\t%.2f cpu-%%\n",
		backend, elapsed.Nanoseconds(), n, 100*float64(n)/float64(max(len(indexed), 1)),
		100*elapsed.Seconds()/full.Seconds(), 100*cpu.Seconds()/fullCPU.Seconds())
	return nil
}

// shaOf is the hash of the corpus's report i: its number, and a mark on
// every hundredth after the crawl that changed them.
func shaOf(i int, recrawled bool) string {
	if recrawled && i%100 == 0 {
		return fmt.Sprintf("c%063x", i)
	}
	return fmt.Sprintf("%064x", i)
}

// parsed is one file's entry, or why it has none.
type parsed struct {
	entry gongkai.Entry
	err   error
}

// indexDir streams the corpus under dir into x and returns the number of
// reports indexed and of files that did not parse. With unchanged, it is
// the corpus after the crawl that changed one report in a hundred, and a
// file whose hash unchanged knows is not read.
func indexDir(ctx context.Context, x index.Index, dir string, batch int, unchanged func(sha string) bool) (n, skipped int, err error) {
	recrawled := unchanged != nil
	paths := make(chan string, 64)
	var walkErr error
	go func() {
		defer close(paths)
		walkErr = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if i, err := fileNumber(path); err == nil && recrawled && unchanged(shaOf(i, true)) {
				return nil
			}
			paths <- path
			return nil
		})
	}()
	// One batch of parsed reports waits while the previous one is put: enough
	// to keep the parsers busy through the serial part of a put, and no more,
	// for a parsed report is a few hundred kilobytes in memory.
	results := make(chan parsed, batch)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				results <- parseFile(p, recrawled)
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	entries := make([]gongkai.Entry, 0, batch)
	flush := func() error {
		if len(entries) == 0 {
			return nil
		}
		if err := x.Put(ctx, entries...); err != nil {
			return err
		}
		n += len(entries)
		entries = entries[:0]
		return nil
	}
	for r := range results {
		if err != nil {
			continue // drain the parsers
		}
		if r.err != nil {
			skipped++
			fmt.Fprintln(os.Stderr, "scalebench:", r.err)
			continue
		}
		entries = append(entries, r.entry)
		if len(entries) == batch {
			err = flush()
		}
	}
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = walkErr
	}
	return n, skipped, err
}

// fileNumber is the number in a corpus file's name (r000123.html).
func fileNumber(path string) (int, error) {
	name := filepath.Base(path)
	i, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSuffix(name, filepath.Ext(name)), "r"))
	if err != nil {
		return 0, fmt.Errorf("%s: not a corpus file name", path)
	}
	return i, nil
}

// parseFile reads and parses one corpus file; its number gives the entry's
// region and hash. Recrawled, every hundredth report has a sentence more
// and a new hash, as a report corrected after publication.
func parseFile(path string, recrawled bool) parsed {
	i, err := fileNumber(path)
	if err != nil {
		return parsed{err: err}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return parsed{err: err}
	}
	name := filepath.Base(path)
	rep, err := parse.Bytes(name, data)
	if err != nil {
		return parsed{err: fmt.Errorf("%s: %w", path, err)}
	}
	e := indextest.ScaleEntry(i, name, rep)
	if sha := shaOf(i, recrawled); sha != e.SHA256 {
		e.SHA256 = sha
		if len(e.Report.Sections) > 0 {
			e.Report.Sections[0].Text += "本报告发布后已更正。"
		}
	}
	return parsed{entry: e}
}

// loadAverage is the machine's load average over the last minute, for
// the figures beside it: the machine may be shared.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	first, _, _ := strings.Cut(string(b), " ")
	return first
}

// peakRSS is the process's peak resident memory in MiB, from Linux's
// VmHWM: what the machine had to give, heap, stacks and all.
func peakRSS() (float64, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}
