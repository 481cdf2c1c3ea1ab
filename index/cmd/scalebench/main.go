// Command scalebench indexes a corpus written by fixtures/cmd/scale, file by
// file, and measures it: the whole pipeline (read, parse, segment, index)
// in reports/s and processor time per report, the peak memory of the
// process, search latency on the index it built (the bench mix, then each
// class of search beside the embedded index's count in SQL alone), the
// whole process of `gongkai search` on it (with -gongkai) beside loading
// gse's own dictionary, and re-indexing after one document in a hundred
// changed, beside the full run (with -verify, its findings checked against
// an index of the changed corpus made afresh). It prints Go benchmark lines, which
// scripts/benchtable turns into the table of `make bench`.
//
//	go run ./fixtures/cmd/scale -n 100000 -out DIR
//	go run ./index/cmd/scalebench -dir DIR            # embedded index
//	go run ./index/cmd/scalebench -dir DIR -es URL    # Elasticsearch
//	go run ./index/cmd/scalebench -generate 1000000   # the same reports, made on the fly
//
// The pipeline streams: one goroutine lists the files (or numbers the
// reports to make), one per core reads or renders and parses them into a
// bounded queue, and the main goroutine puts them in batches, while the
// parsers go on filling the queue. Put segments its batch on every core. At
// most the queue, one batch and the index's own buffers are in memory,
// whatever the size of the corpus. With -generate the reports are rendered
// by fixtures.ScaleReport in the parsers, the bytes fixtures/cmd/scale would
// write, and parsed as from disk: a million needs no 35 GB of files. A
// stages line says where the time went (the parsers' processor time, Put's,
// the index's size on disk), and -progress prints the run so far at
// intervals, from which its growth with size is read.
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-ego/gse"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/elastic"
	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/internal/cputime"
	"github.com/gongkai/gongkai/parse"
	"github.com/gongkai/gongkai/parse/segment"
)

func main() {
	dir := flag.String("dir", "", "corpus folder written by fixtures/cmd/scale")
	generate := flag.Int("generate", 0, "instead of -dir: make this many of fixtures/cmd/scale's reports on the fly, in the parsers")
	every := flag.Int("progress", 0, "print the run so far every this many reports (stderr); 0: every tenth of -generate, else never")
	db := flag.String("db", "", "embedded index file; a temporary one, removed afterwards, when empty")
	es := flag.String("es", "", "Elasticsearch URL: index there (into a fresh index) instead of the embedded index")
	batch := flag.Int("batch", 500, "reports per Put")
	searches := flag.Int("searches", 200, "searches for the latency figures")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the indexing run to this file; with -progress, one per interval, to FILE.N (N: reports before it); the re-index's to FILE.reindex")
	cli := flag.String("gongkai", "", "gongkai binary: time `gongkai search` on the embedded index")
	esIndex := flag.String("es-index", "", "Elasticsearch index name; a fresh one per run when empty")
	indexed := flag.Bool("indexed", false, "the index at -db or -es-index is built already: time searches and pages only, without indexing")
	flag.IntVar(&pageRuns, "page-runs", 20, "requests per page for the page timings (0: none)")
	flag.BoolVar(&figures, "recrawl-figures", false, "the crawl before the re-index also changed the figures of the changed reports (each fact a rate divides by, plus one): their rates move, and Settle recomputes their province-years")
	flag.BoolVar(&verify, "verify", false, "after the re-index, index the changed corpus afresh into a second index and check both hold the same findings")
	flag.Parse()
	if *dir != "" && *generate != 0 || !*indexed && *dir == "" && *generate == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *indexed && *db == "" && *esIndex == "" {
		fmt.Fprintln(os.Stderr, "scalebench: -indexed needs -db or -es-index")
		os.Exit(2)
	}
	reuse = *indexed
	if *every == 0 && *generate > 0 {
		*every = max(*generate/10, *batch)
	}
	if err := run(source{dir: *dir, n: *generate}, *every, *db, *es, *esIndex, *batch, *searches, *cpuprofile, *cli); err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
		os.Exit(1)
	}
}

// reuse, pageRuns, verify and figures are -indexed, -page-runs, -verify
// and -recrawl-figures.
var (
	reuse    bool
	pageRuns int
	verify   bool
	figures  bool
)

func run(src source, every int, db, es, esIndex string, batch, searches int, cpuprofile, cli string) error {
	ctx := context.Background()
	var x index.Index
	var err error
	backend := "sqlite"
	if es != "" {
		backend = "elastic"
		if esIndex == "" {
			esIndex = fmt.Sprintf("gongkai-scale-%d", time.Now().UnixNano())
		}
		x, err = elastic.Open(ctx, es, esIndex)
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
	var n int
	var elapsed, cpu time.Duration
	var esFull int64 // the node's processor time in the full run, ms
	if reuse {
		all, err := x.Search(ctx, index.Query{Limit: 1})
		if err != nil {
			return err
		}
		n = all.Total
	} else if n, elapsed, cpu, esFull, err = indexStage(ctx, x, backend, es, &src, every, db, batch, cpuprofile); err != nil {
		return err
	}
	start := time.Now()
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
	if err := timePages(ctx, x, backend, es, n); err != nil {
		return err
	}
	if reuse {
		return nil
	}
	if err := reindex(ctx, x, backend, es, src, batch, cpuprofile, elapsed, cpu, esFull); err != nil {
		return err
	}
	if !verify {
		return nil
	}
	var fresh index.Index
	if es != "" {
		fresh, err = elastic.Open(ctx, es, esIndex+"-fresh")
	} else {
		fresh, err = sqlite.Open(db + ".fresh")
		defer func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(db + ".fresh" + suffix)
			}
		}()
	}
	if err != nil {
		return err
	}
	defer fresh.Close()
	return sameFindings(ctx, x, fresh, backend, src, batch)
}

// sameFindings indexes the corpus after the crawl afresh into fresh and
// checks that x, re-indexed, holds the same findings, each with its key,
// report, values and detail: an incremental re-index that leaves a
// finding stale, or drops one, fails.
func sameFindings(ctx context.Context, x, fresh index.Index, backend string, src source, batch int) error {
	n, _, _, err := indexAll(ctx, fresh, src, batch, func(string) bool { return false }, &progress{}, nil)
	if err != nil {
		return err
	}
	if err := settle(ctx, fresh, backend, n); err != nil {
		return err
	}
	lines := func(x index.Index) ([]string, error) {
		var out []string
		err := x.EachFinding(ctx, index.FindingQuery{}, func(f index.ReviewedFinding) error {
			out = append(out, fmt.Sprintf("%s %s %s %s %v %v %s", f.Key, f.ID, f.Region, f.Level, value(f.Want), value(f.Got), f.Detail))
			return nil
		})
		slices.Sort(out)
		return out, err
	}
	got, err := lines(x)
	if err != nil {
		return err
	}
	want, err := lines(fresh)
	if err != nil {
		return err
	}
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				return fmt.Errorf("after the re-index %d findings, indexed afresh %d: the first to differ %q, afresh %q", len(got), len(want), got[i], want[i])
			}
		}
		return fmt.Errorf("after the re-index %d findings, indexed afresh %d", len(got), len(want))
	}
	fmt.Printf("BenchmarkScale/%s/verify\t1\t%d reports\t%d findings\t# the same after the re-index as indexed afresh\n", backend, n, len(got))
	return nil
}

// value is a finding's number as the check compares it.
func value(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

// stagesLine prints where the indexing run's time went, per report: the
// parsers' processor time making or reading the reports and parsing them,
// the rest of the process's (Put and the garbage collector), the share of
// the wall time the pipeline spent in Put, and the index's size on disk.
func stagesLine(backend string, src source, n int, elapsed, cpu time.Duration, st *stages, db string) {
	d := float64(max(n, 1))
	makeCPU, parseCPU := time.Duration(st.makeCPU.Load()), time.Duration(st.parseCPU.Load())
	line := fmt.Sprintf("BenchmarkScale/%s/stages\t1\t%d reports\t%.3f make-cpu-ms/report\t%.3f parse-cpu-ms/report\t%.3f put-cpu-ms/report\t%.1f put-wall-%%\t%.1f wait-wall-%%",
		backend, n, ms(makeCPU)/d, ms(parseCPU)/d, ms(cpu-makeCPU-parseCPU)/d, 100*st.putWall.Seconds()/elapsed.Seconds(), 100*st.waitWall.Seconds()/elapsed.Seconds())
	if size := dbSize(db); size > 0 {
		line += fmt.Sprintf("\t%.1f db-MiB\t%.0f db-bytes/report", float64(size)/(1<<20), float64(size)/d)
	}
	fmt.Println(line + "\t# " + src.String() + " load=" + strings.ReplaceAll(loadAvg(), " ", ","))
}

// indexStage indexes the source into x, the run's first stage, and prints
// its speed, processor time, peak memory and stages. SIGINT or SIGTERM ends
// it early, as if the source held only the reports already sent: every
// figure is then of the size reached, and src is cut to it.
func indexStage(ctx context.Context, x index.Index, backend, es string, src *source, every int, db string, batch int, cpuprofile string) (n int, elapsed, cpu time.Duration, esUsed int64, err error) {
	prof := &profiler{path: cpuprofile, apart: every > 0}
	if err := prof.next(0); err != nil {
		return 0, 0, 0, 0, err
	}
	esStart := esCPU(es)
	stop := make(chan struct{})
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() { <-signals; close(stop) }()
	start, cpuStart := time.Now(), cputime.Used()
	n, skipped, st, err := indexAll(ctx, x, *src, batch, nil, &progress{every: every, db: db, start: start, lastCPU: cpuStart, prof: prof}, stop)
	if err == nil {
		err = settle(ctx, x, backend, n)
	}
	elapsed, cpu = time.Since(start), cputime.Used()-cpuStart
	esUsed = esCPU(es) - esStart
	signal.Stop(signals)
	if perr := prof.stop(); err == nil {
		err = perr
	}
	if err != nil {
		return 0, 0, 0, 0, err
	}
	if src.dir == "" {
		src.n = n + skipped // stopped early: the re-index sees the same reports
	}
	peak, err := procStatus("VmHWM:")
	if err != nil {
		return 0, 0, 0, 0, err
	}
	line := fmt.Sprintf("BenchmarkScale/%s/index\t1\t%d ns/op\t%d reports\t%d skipped\t%.1f reports/s\t%.3f cpu-ms/report\t%.0f peak-MiB",
		backend, elapsed.Nanoseconds(), n, skipped, float64(n)/elapsed.Seconds(), float64(cpu.Microseconds())/1000/float64(max(n, 1)), peak)
	if es != "" {
		line += fmt.Sprintf("\t%.3f es-cpu-ms/report", float64(esUsed)/float64(max(n, 1)))
	}
	fmt.Println(line)
	stagesLine(backend, *src, n, elapsed, cpu, st, db)
	return n, elapsed, cpu, esUsed, nil
}

// settler is an index that leaves work of its puts to the next read
// (sqlite.Index.Settle: the rate outliers of the scopes puts touched).
type settler interface{ Settle(context.Context) error }

// settle ends an indexing run with that work, so that the run's figures
// hold it, and prints its own time.
func settle(ctx context.Context, x index.Index, backend string, n int) error {
	s, ok := x.(settler)
	if !ok {
		return nil
	}
	start, cpuStart := time.Now(), cputime.Used()
	if err := s.Settle(ctx); err != nil {
		return err
	}
	fmt.Printf("BenchmarkScale/%s/settle\t1\t%d ns/op\t%d reports\t%.1f cpu-ms\t%s load\n",
		backend, time.Since(start).Nanoseconds(), n, float64((cputime.Used()-cpuStart).Microseconds())/1000, loadAverage())
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
// parsed and put. It prints its time beside the full run's, the
// Elasticsearch node's processor time beside the full run's (esFull),
// and where its time went: reading the hashes, waiting for the parsers,
// Put, Settle. With cpuprofile, its CPU profile goes to FILE.reindex.
func reindex(ctx context.Context, x index.Index, backend, es string, src source, batch int, cpuprofile string, full, fullCPU time.Duration, esFull int64) error {
	prof := &profiler{path: cpuprofile}
	if cpuprofile != "" {
		prof.path += ".reindex"
	}
	if err := prof.next(0); err != nil {
		return err
	}
	load := loadAverage()
	start, cpuStart, esStart := time.Now(), cputime.Used(), esCPU(es)
	indexed, err := x.Indexed(ctx)
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(indexed))
	for _, sha := range indexed {
		known[sha] = true
	}
	read := time.Since(start)
	n, _, st, err := indexAll(ctx, x, src, batch, func(sha string) bool { return known[sha] }, &progress{}, nil)
	if err != nil {
		return err
	}
	settleStart := time.Now()
	if err := settle(ctx, x, backend, n); err != nil {
		return err
	}
	elapsed, cpu, esUsed := time.Since(start), cputime.Used()-cpuStart, esCPU(es)-esStart
	if err := prof.stop(); err != nil {
		return err
	}
	line := fmt.Sprintf("BenchmarkScale/%s/reindex\t1\t%d ns/op\t%d reports\t%.2f changed-%%\t%.2f time-%%\t%.2f cpu-%%",
		backend, elapsed.Nanoseconds(), n, 100*float64(n)/float64(max(len(indexed), 1)),
		100*elapsed.Seconds()/full.Seconds(), 100*cpu.Seconds()/fullCPU.Seconds())
	line += fmt.Sprintf("\t%.0f hashes-ms\t%.0f wait-ms\t%.0f put-ms\t%.0f settle-ms\t%.0f cpu-ms", ms(read), ms(st.waitWall), ms(st.putWall), ms(time.Since(settleStart)), ms(cpu))
	if es != "" && esFull > 0 {
		line += fmt.Sprintf("\t%d es-cpu-ms\t%.2f es-cpu-%%", esUsed, 100*float64(esUsed)/float64(esFull))
	}
	fmt.Printf("%s\t%s load\n", line, load)
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

// parsed is one report's entry, or why it has none.
type parsed struct {
	entry gongkai.Entry
	err   error
}

// source is where the pipeline's reports come from: the corpus folder dir
// written by fixtures/cmd/scale, or, when dir is empty, reports 0 … n−1 of
// fixtures.ScaleReport made on the fly by the parsers, byte for byte what
// the folder would hold, so that a million reports need no 35 GB of files.
type source struct {
	dir string
	n   int
}

// String says what the source is, for the figures.
func (s source) String() string {
	if s.dir == "" {
		return "generated"
	}
	return "disk"
}

// job is one report to read or make, then parse: its number, and its file
// when the source is a folder.
type job struct {
	i    int
	path string
}

// jobs sends the source's reports, but those skip says to leave out, until
// stop is closed, and closes out.
func (s source) jobs(skip func(i int) bool, out chan<- job, stop <-chan struct{}) error {
	defer close(out)
	if s.dir == "" {
		for i := range s.n {
			if skip != nil && skip(i) {
				continue
			}
			select {
			case out <- job{i: i}:
			case <-stop:
				return nil
			}
		}
		return nil
	}
	return filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		i, err := fileNumber(path)
		if err == nil && skip != nil && skip(i) {
			return nil
		}
		select {
		case out <- job{i: i, path: path}:
			return nil
		case <-stop:
			return fs.SkipAll
		}
	})
}

// stages is where a run's time went. The parsers each hold an OS thread,
// so their processor time is their own (cputime.Thread); the rest of the
// process's processor time is the index's Put (segmenting on every core,
// encoding, SQLite) and the garbage collector. The main goroutine's wall
// time is split into waiting for parsed reports and putting them.
type stages struct {
	makeCPU  atomic.Int64 // ns: reading a file, or rendering a generated report
	parseCPU atomic.Int64 // ns: parse.Bytes and the entry
	putWall  time.Duration
	waitWall time.Duration
}

// progress prints, every every reports, the run so far: the interval's
// processor time per report by stage and its put's wall time, the
// process's memory and the index's size on disk, to stderr; the growth of
// a long run is read from these lines.
type progress struct {
	every            int
	db               string
	start            time.Time
	lastN            int
	lastCPU, lastPar time.Duration
	lastPut          time.Duration
	prof             *profiler
}

func (p *progress) report(n int, st *stages) {
	if p.every <= 0 || n-p.lastN < p.every {
		return
	}
	cpu := cputime.Used()
	par := time.Duration(st.makeCPU.Load() + st.parseCPU.Load())
	d := float64(n - p.lastN)
	rss, _ := procStatus("VmRSS:")
	fmt.Fprintf(os.Stderr, "scalebench: progress\t%d reports\t%.1f s\t%.3f cpu-ms/report\t%.3f parse-cpu-ms/report\t%.3f put-cpu-ms/report\t%.3f put-wall-ms/report\t%.0f rss-MiB\t%.1f db-MiB\t%s load\n",
		n, time.Since(p.start).Seconds(), ms(cpu-p.lastCPU)/d, ms(par-p.lastPar)/d, ms(cpu-p.lastCPU-(par-p.lastPar))/d,
		ms(st.putWall-p.lastPut)/d, rss, float64(dbSize(p.db))/(1<<20), loadAvg())
	p.lastN, p.lastCPU, p.lastPar, p.lastPut = n, cpu, par, st.putWall
	if err := p.prof.next(n); err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
	}
}

// profiler writes the CPU profile of the indexing run to path, or, apart,
// one profile per progress interval to path.N, N the reports before it, so
// that where the time goes at 10,000 reports and at 200,000 compare.
type profiler struct {
	path  string
	apart bool
	f     *os.File
}

// next starts the profile of the reports after the first n, ending the one
// before it when apart; it does nothing without a path.
func (p *profiler) next(n int) error {
	if p == nil || p.path == "" || (p.f != nil && !p.apart) {
		return nil
	}
	if err := p.stop(); err != nil {
		return err
	}
	path := p.path
	if p.apart {
		path += "." + strconv.Itoa(n)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	p.f = f
	return pprof.StartCPUProfile(f)
}

// stop ends the profile being written.
func (p *profiler) stop() error {
	if p == nil || p.f == nil {
		return nil
	}
	pprof.StopCPUProfile()
	err := p.f.Close()
	p.f = nil
	return err
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// indexAll streams the source into x and returns the number of reports
// indexed and of those that did not parse, with where the time went. With
// unchanged, it is the corpus after the crawl that changed one report in a
// hundred, and a report whose hash unchanged knows is neither read nor made.
func indexAll(ctx context.Context, x index.Index, src source, batch int, unchanged func(sha string) bool, prog *progress, stop <-chan struct{}) (n, skipped int, st *stages, err error) {
	recrawled := unchanged != nil
	var skip func(int) bool
	if recrawled {
		skip = func(i int) bool { return unchanged(shaOf(i, true)) }
	}
	st = &stages{}
	jobs := make(chan job, 64)
	var jobsErr error
	go func() { jobsErr = src.jobs(skip, jobs, stop) }()
	// One batch of parsed reports waits while the previous one is put: enough
	// to keep the parsers busy through the serial part of a put, and no more,
	// for a parsed report is a few hundred kilobytes in memory.
	results := make(chan parsed, batch)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for j := range jobs {
				results <- parseJob(j, recrawled, st)
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	entries := make([]gongkai.Entry, 0, batch)
	flush := func() error {
		if len(entries) == 0 {
			return nil
		}
		start := time.Now()
		if err := x.Put(ctx, entries...); err != nil {
			return err
		}
		st.putWall += time.Since(start)
		n += len(entries)
		entries = entries[:0]
		prog.report(n, st)
		return nil
	}
	for {
		waited := time.Now()
		r, ok := <-results
		st.waitWall += time.Since(waited)
		if !ok {
			break
		}
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
		err = jobsErr
	}
	return n, skipped, st, err
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

// parseJob reads (or makes) and parses one report, on a parser's own
// thread, adding its processor time to st; its number gives the entry's
// region and hash. Recrawled, every hundredth report has a sentence more
// and a new hash, as a report corrected after publication (with
// -recrawl-figures, its figures too).
func parseJob(j job, recrawled bool, st *stages) parsed {
	t0 := cputime.Thread()
	var name string
	var data []byte
	var err error
	if j.path == "" {
		name, data = fixtures.ScaleReport(j.i)
	} else {
		if _, err = fileNumber(j.path); err == nil {
			name = j.path
			data, err = os.ReadFile(j.path)
		}
	}
	t1 := cputime.Thread()
	st.makeCPU.Add(int64(t1 - t0))
	defer func() { st.parseCPU.Add(int64(cputime.Thread() - t1)) }()
	if err != nil {
		return parsed{err: err}
	}
	base := filepath.Base(name)
	rep, err := parse.Bytes(base, data)
	if err != nil {
		return parsed{err: fmt.Errorf("%s: %w", name, err)}
	}
	e := indextest.ScaleEntry(j.i, base, rep)
	if sha := shaOf(j.i, recrawled); sha != e.SHA256 {
		e.SHA256 = sha
		if len(e.Report.Sections) > 0 {
			e.Report.Sections[0].Text += "本报告发布后已更正。"
		}
		if figures {
			correctFigures(&e.Report)
		}
	}
	return parsed{entry: e}
}

// correctFigures adds one to each fact of r that a rate divides by, as a
// report whose figures were corrected: its rates move.
func correctFigures(r *gongkai.Report) {
	divisors := map[string]bool{}
	for _, rt := range gongkai.AllRates {
		for _, k := range rt.Den[r.Template] {
			divisors[k] = true
		}
	}
	for i, f := range r.Facts {
		if f.Value != nil && divisors[f.Key] {
			v := *f.Value + 1
			r.Facts[i].Value = &v
		}
	}
}

// procStatus is a memory figure of the process in MiB from Linux's
// /proc/self/status: VmHWM, the peak resident memory (what the machine had
// to give, heap, stacks and all), or VmRSS, the resident memory now.
func procStatus(field string) (float64, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/self/status", field)
}

// dbSize is the size on disk of the embedded index: the file and its
// write-ahead log and shared memory; 0 for Elasticsearch.
func dbSize(db string) int64 {
	var total int64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(db + suffix); err == nil {
			total += fi.Size()
		}
	}
	return total
}

// loadAvg is the machine's load average over 1, 5 and 15 minutes.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}
