// Command benchtable turns the output of scripts/bench.sh — Go benchmark
// lines, several runs of each, and "load:" lines — into the one table of
// `make bench`: every figure (the median of its runs) next to its baseline
// from the same run and the aim of issue 7, with the machine and its load.
// Per-core figures are per second of processor time (getrusage), which
// other work on a shared machine does not distort; the wall-clock figure
// is shown beside them.
//
//	go run ./scripts/benchtable < bench-output.txt
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// results maps "package/Benchmark" (package as the last element of its
// import path) and a unit to the values of every run.
type results map[string]map[string][]float64

// benchLine matches a benchmark result: name, GOMAXPROCS suffix, iterations,
// then value-unit pairs.
var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// read collects the results and the load lines.
func read(r io.Reader) (results, []string, error) {
	res := results{}
	var loads []string
	pkg := ""
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p[strings.LastIndex(p, "/")+1:]
			continue
		}
		if l, ok := strings.CutPrefix(line, "load: "); ok {
			loads = append(loads, strings.Join(strings.Fields(l)[:3], " "))
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := m[1]
		if !strings.HasPrefix(name, "BenchmarkScale/") {
			name = pkg + "/" + name
		}
		f := strings.Fields(m[2])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if res[name] == nil {
				res[name] = map[string][]float64{}
			}
			res[name][f[i+1]] = append(res[name][f[i+1]], v)
		}
	}
	return res, loads, sc.Err()
}

// median is the median of name's unit over its runs, and how many runs.
func (r results) median(name, unit string) (float64, int, bool) {
	vs := slices.Clone(r[name][unit])
	if len(vs) == 0 {
		return 0, 0, false
	}
	slices.Sort(vs)
	if len(vs)%2 == 1 {
		return vs[len(vs)/2], len(vs), true
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2, len(vs), true
}

// fig formats a median as "VALUE UNIT", or "not run"; a figure from a
// single run says so.
func (r results) fig(name, unit, label string, prec int) string {
	v, n, ok := r.median(name, unit)
	if !ok {
		return "not run"
	}
	s := strconv.FormatFloat(v, 'f', prec, 64) + " " + label
	if n == 1 && r.runs() > 1 {
		s += " (one run)"
	}
	return s
}

// runs is the most runs any figure has: the count the table's medians
// are of.
func (r results) runs() int {
	most := 0
	for _, units := range r {
		for _, vs := range units {
			most = max(most, len(vs))
		}
	}
	return most
}

func main() {
	res, loads, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	write(os.Stdout, res, loads)
}

func write(w io.Writer, r results, loads []string) {
	type row struct{ what, ours, base, aim string }
	reports := func(name string) string {
		v, _, ok := r.median(name, "reports")
		if !ok {
			return "N"
		}
		return strconv.Itoa(int(v))
	}
	overhead := "—"
	if seg, _, ok := r.median("segment/BenchmarkIndex", "MB/cpu-s"); ok {
		if raw, _, ok := r.median("segment/BenchmarkGSERawCut", "MB/cpu-s"); ok {
			overhead = fmt.Sprintf("overhead %+.0f %%", (raw/seg-1)*100)
		}
	}
	sq, es := "BenchmarkScale/sqlite/", "BenchmarkScale/elastic/"
	// a PDF figure per second of processor time (pdftotext's: its
	// processes'), the wall clock beside; bench is Read or Pdftotext
	pdf := func(bench, producer string) string {
		name := "pdf/Benchmark" + bench + "/" + producer
		return r.fig(name, "pages/cpu-s", "pages/s/core", 0) + " (wall: " + r.fig(name, "pages/s", "pages/s", 0) + ")"
	}
	rows := []row{
		{"PDF text + tables, WPS: hongze-2023.pdf (5 pages)", pdf("Read", "wps"),
			"`pdftotext -layout` (text only, process start incl.): " + pdf("Pdftotext", "wps"), "faster than pdftotext"},
		{"PDF text + tables, LibreOffice: a fixture report (6 pages, the first blank; stroked rulings)", pdf("Read", "libreoffice"),
			"`pdftotext -layout`: " + pdf("Pdftotext", "libreoffice"), "faster than pdftotext"},
		{"PDF text + tables, Chromium: a fixture report (5 pages, filled rulings, Type 3 fonts)", pdf("Read", "chromium"),
			"`pdftotext -layout`: " + pdf("Pdftotext", "chromium"), "faster than pdftotext"},
		{"OCR of a scanned page (hongze-2023 p. 3, rough 150 dpi): tables cell by cell, lines", r.fig("ocr/BenchmarkReadPage", "pages/cpu-s", "pages/s/core", 2) + " (wall: " + r.fig("ocr/BenchmarkReadPage", "pages/s", "pages/s", 2) + ")",
			"`tesseract` on the whole page (tables garbled): " + r.fig("ocr/BenchmarkTesseractPage", "pages/cpu-s", "pages/s/core", 2), "—"},
		{"HTML parse, shanghai-office-2019.html (37 KB), bytes to checked report", r.fig("parse/BenchmarkParseHTML", "docs/cpu-s", "reports/s/core", 0) + " (wall: " + r.fig("parse/BenchmarkParseHTML", "docs/s", "reports/s", 0) + ")", "—", "≥ 500 reports/s/core"},
		{"scraped-text parse, yizhou-donghe-2025.txt", r.fig("parse/BenchmarkParseText", "docs/cpu-s", "reports/s/core", 0) + " (wall: " + r.fig("parse/BenchmarkParseText", "docs/s", "reports/s", 0) + ")", "—", "—"},
		{"segmentation for the index (`Segmenter.Index`), gold-set text", r.fig("segment/BenchmarkIndex", "MB/cpu-s", "MB/s/core", 2),
			"gse raw `Cut`, same text: " + r.fig("segment/BenchmarkGSERawCut", "MB/cpu-s", "MB/s/core", 2) + "; " + overhead, "overhead ≤ 20 %"},
		{"embedded index, put " + reports("sqlite/BenchmarkPut") + " parsed reports (batches of 500)", r.fig("sqlite/BenchmarkPut", "reports/s", "reports/s", 0) + ", " + r.fig("sqlite/BenchmarkPut", "cpu-ms/report", "ms CPU/report", 2), "—", "≥ 2,000 reports/s"},
		{"embedded index, search at " + reports("sqlite/BenchmarkSearch") + " reports", "p50 " + r.fig("sqlite/BenchmarkSearch", "p50-ms", "ms", 1) + ", p95 " + r.fig("sqlite/BenchmarkSearch", "p95-ms", "ms", 1), "—", "p95 ≤ 50 ms at 100k"},
		{"Elasticsearch bulk, " + reports("elastic/BenchmarkPut") + " parsed reports (batches of 2,000; one local node)", r.fig("elastic/BenchmarkPut", "reports/s", "reports/s", 0), "—", "≥ 3,000 reports/s"},
		{"Elasticsearch search at " + reports("elastic/BenchmarkSearch") + " reports", "p50 " + r.fig("elastic/BenchmarkSearch", "p50-ms", "ms", 1) + ", p95 " + r.fig("elastic/BenchmarkSearch", "p95-ms", "ms", 1), "—", "—"},
		{"crawl, 32 loopback fixture sites, politeness off", r.fig("ingest/BenchmarkCrawl", "pages/s", "pages/s", 0), "—", "—"},
		{"crawl, 64 loopback sites at 1 request/s per host, concurrency 64", r.fig("ingest/BenchmarkCrawlPolite", "hosts-parallel", "hosts served side by side", 0), "—", "—"},
		{"scale run, " + reports(sq+"index") + " reports from disk or made on the fly: read, parse, segment, embedded index", r.fig(sq+"index", "reports/s", "reports/s", 0) + ", " + r.fig(sq+"index", "cpu-ms/report", "ms CPU/report", 2), "—", "—"},
		{"scale run, peak memory (max RSS)", r.fig(sq+"index", "peak-MiB", "MiB", 0), "gse's dictionary alone, before it was compiled in: 240 MiB", "≤ 1 GiB at 100k"},
		{"scale run, where the processor time went (parsers' threads / the rest: Put and GC); index on disk", r.fig(sq+"stages", "parse-cpu-ms/report", "ms", 2) + " / " + r.fig(sq+"stages", "put-cpu-ms/report", "ms", 2) + " a report; " + r.fig(sq+"stages", "db-bytes/report", "bytes a report", 0),
			"making the reports (-generate) or reading the files: " + r.fig(sq+"stages", "make-cpu-ms/report", "ms a report", 2), "—"},
		{"scale run, embedded search at " + reports(sq+"search") + " reports", "p50 " + r.fig(sq+"search", "p50-ms", "ms", 1) + ", p95 " + r.fig(sq+"search", "p95-ms", "ms", 1), "—", "p95 ≤ 50 ms at 100k"},
		{"scale run into Elasticsearch, " + reports(es+"index") + " reports", r.fig(es+"index", "reports/s", "reports/s", 0) + "; search p95 " + r.fig(es+"search", "p95-ms", "ms", 1), "—", "—"},
		{"`gongkai search 政策解读` at " + reports(sq+"cli") + " reports, whole process (start, dictionary, search, print)", r.fig(sq+"cli", "wall-ms", "ms", 0) + ", " + r.fig(sq+"cli", "cpu-ms", "ms CPU", 0),
			"loading gse's own dictionary, as every search did before: " + r.fig(sq+"cli", "gse-load-ms", "ms", 0), "≤ 300 ms at 100k"},
	}
	for _, class := range []string{"rare-word", "common-word", "two-common-words", "filter-only"} {
		name := sq + "search/" + class
		rows = append(rows, row{"scale run, embedded search, " + class + ", at " + reports(name) + " reports",
			"p50 " + r.fig(name, "p50-ms", "ms", 1) + ", p95 " + r.fig(name, "p95-ms", "ms", 1) + "; " + r.fig(name, "cpu-ms", "ms CPU a search", 1),
			"the same matches counted by one SQL statement: p50 " + r.fig(name, "count-p50-ms", "ms", 1) + ", p95 " + r.fig(name, "count-p95-ms", "ms", 1) + "; " + r.fig(name, "count-cpu-ms", "ms CPU", 1),
			"p95 ≤ 50 ms at 100k"})
	}
	for _, backend := range []string{sq, es} {
		name := backend + "reindex"
		rows = append(rows, row{"scale run, " + strings.Trim(strings.TrimPrefix(backend, "BenchmarkScale"), "/") + ": re-index after 1 % of the reports changed",
			r.fig(name, "time-%", "%", 2) + " of the full run's time, " + r.fig(name, "cpu-%", "%", 2) + " of its processor time",
			"the full run, same process: " + r.fig(backend+"index", "reports/s", "reports/s", 0), "≈ the share changed"})
	}
	for _, p := range pageRows(r) {
		rows = append(rows, row{p[0], p[1], p[2], p[3]})
	}
	fmt.Fprintf(w, "Machine: %d cores (%s), %s; load average (1, 5, 15 min) %s. Medians of %d runs.\n\n",
		runtime.NumCPU(), cpuModel(), runtime.Version(), strings.Join(loads, " → "), r.runs())
	fmt.Fprintln(w, "| what | gongkai | baseline, same run | aim |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, x := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", x.what, x.ours, x.base, x.aim)
	}
}

// pageRows are the page timings of the scale runs (scalebench's
// BenchmarkScale/BACKEND/page/NAME), one row a page and backend, beside
// the same server's answer of a static file, its floor.
// Each row is what, gongkai, baseline and aim.
func pageRows(r results) [][4]string {
	var out [][4]string
	for _, backend := range []string{"sqlite", "elastic"} {
		prefix := "BenchmarkScale/" + backend + "/page/"
		var names []string
		for name := range r {
			if page, ok := strings.CutPrefix(name, prefix); ok && page != "static" {
				names = append(names, page)
			}
		}
		slices.Sort(names)
		floor := prefix + "static"
		for _, page := range names {
			name := prefix + page
			n, _, _ := r.median(name, "reports")
			ours := "p50 " + r.fig(name, "p50-ms", "ms", 1) + ", p95 " + r.fig(name, "p95-ms", "ms", 1) + "; CPU " + r.fig(name, "cpu-ms", "ms", 1)
			if _, _, ok := r.median(name, "es-cpu-ms"); ok {
				ours += " + Elasticsearch " + r.fig(name, "es-cpu-ms", "ms", 1)
			}
			ours += " a request (load " + strings.TrimSpace(r.fig(name, "load", "", 1)) + ")"
			out = append(out, [4]string{
				fmt.Sprintf("scale run, %s, page %s at %d reports", backend, page, int(n)), ours,
				"a static file from the same server: p95 " + r.fig(floor, "p95-ms", "ms", 2), "p95 ≤ 200 ms at 100k"})
		}
	}
	return out
}

// cpuModel is the processor's name from /proc/cpuinfo.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
