// Command scalebench indexes a corpus written by fixtures/cmd/scale, file by
// file, and measures it: the whole pipeline (read, parse, segment, index)
// in reports/s and processor time per report, the peak memory of the process, and search latency on the
// index it built. It prints Go benchmark lines, which scripts/benchtable
// turns into the table of `make bench`.
//
//	go run ./fixtures/cmd/scale -n 100000 -out DIR
//	go run ./index/cmd/scalebench -dir DIR            # embedded index
//	go run ./index/cmd/scalebench -dir DIR -es URL    # Elasticsearch
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
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

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
	flag.Parse()
	if *dir == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir, *db, *es, *batch, *searches, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
		os.Exit(1)
	}
}

func run(dir, db, es string, batch, searches int, cpuprofile string) error {
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
	n, skipped, err := indexDir(ctx, x, dir, batch)
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
	return nil
}

// parsed is one file's entry, or why it has none.
type parsed struct {
	entry gongkai.Entry
	err   error
}

// indexDir streams the corpus under dir into x and returns the number of
// reports indexed and of files that did not parse.
func indexDir(ctx context.Context, x index.Index, dir string, batch int) (n, skipped int, err error) {
	paths := make(chan string, 64)
	var walkErr error
	go func() {
		defer close(paths)
		walkErr = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
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
				results <- parseFile(p)
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

// parseFile reads and parses one corpus file; its number, from the name
// (r000123.html), gives the entry's region and hash.
func parseFile(path string) parsed {
	name := filepath.Base(path)
	i, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSuffix(name, filepath.Ext(name)), "r"))
	if err != nil {
		return parsed{err: fmt.Errorf("%s: not a corpus file name", path)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return parsed{err: err}
	}
	rep, err := parse.Bytes(name, data)
	if err != nil {
		return parsed{err: fmt.Errorf("%s: %w", path, err)}
	}
	return parsed{entry: indextest.ScaleEntry(i, name, rep)}
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
