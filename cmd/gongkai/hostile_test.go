package main

import (
	"bytes"
	"context"
	"fmt"
	testcorpus "github.com/gongkai/gongkai/internal/corpus"
	"html"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index/sqlite"
)

// hostileSite serves files at paths under /f/, listed on one listing page
// under report titles, the way a site publishes attachments.
func hostileSite(t *testing.T, files map[string][]byte, contentType map[string]string) string {
	t.Helper()
	mux := http.NewServeMux()
	var list strings.Builder
	list.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开年报</title></head><body><ul>\n")
	i := 0
	for path, data := range files {
		i++
		fmt.Fprintf(&list, "<li><a href=\"%s\">2024年政府信息公开工作年度报告（%d）</a><span>2025-01-10</span></li>\n", html.EscapeString(path), i)
		mux.HandleFunc(path, func(w http.ResponseWriter, _ *http.Request) {
			if ct := contentType[path]; ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			w.Write(data)
		})
	}
	list.WriteString("</ul></body></html>\n")
	mux.HandleFunc("/xxgk/ndbg/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, list.String())
	})
	return "http://" + serveLoopback(t, mux)
}

// serveLoopback serves h on a free loopback port until the test ends and
// returns its host:port.
func serveLoopback(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// corpusFile returns a corpus document, or nil when the corpus is absent
// and GONGKAI_CORPUS does not name it.
func corpusFile(t *testing.T, name string) []byte {
	dir, named := testcorpus.Dir(t)
	if dir == "" {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil && named {
		t.Fatalf("GONGKAI_CORPUS=%s: %v", dir, err)
	}
	return data
}

// TestIndexHostileStore runs `gongkai index` over a store holding the
// hostile files of issue 19, one document that outlasts its worker's time
// limit and one that outgrows its memory limit, reports served under the
// wrong extension, and the good reports of fixture sites
// (GONGKAI_HOSTILE_SITES of them, at most 96, 11 reports each): every good report is
// indexed, every bad document is listed with its reason, and the exit
// status is 1.
func TestIndexHostileStore(t *testing.T) {
	t.Setenv("GONGKAI_ES_URL", "") // the embedded index in --data, which the test reads back
	sites := 8
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_HOSTILE_SITES")); err == nil {
		sites = n
	}
	network := fixtures.NewNetwork(sites, 2015, 2025)
	served, err := network.Serve()
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()

	files := map[string][]byte{}
	types := map[string]string{}
	bad := map[string]string{} // path → what the index run must say about it
	for i, h := range append(fixtures.HostilePDFs(), fixtures.HostileHTML()...) {
		path := fmt.Sprintf("/f/hostile-%d%s", i, h.Ext)
		files[path] = h.Data
		bad[path] = h.Err
	}
	files["/f/slow.pdf"], bad["/f/slow.pdf"] = fixtures.SlowPDF(), "时间限制"
	files["/f/large.html"], bad["/f/large.html"] = fixtures.LargeHTML(), "内存限制"
	good := 0
	for _, s := range network.Sites {
		good += len(s.Reports)
	}
	// An HTML report served at a .pdf URL, and a PDF at an .html one.
	v := fixtures.Variants(1)[0]
	files["/f/report.pdf"], types["/f/report.pdf"] = v.Bytes(), "text/html; charset=utf-8"
	good++
	if pdf := corpusFile(t, "hongze-2023.pdf"); pdf != nil {
		files["/f/report.html"], types["/f/report.html"] = pdf, "text/html"
		good++
	}
	base := hostileSite(t, files, types)

	sources := network.Sources(served) + fmt.Sprintf("  - name: 测试用恶意文件站\n    region: \"650502\"\n    level: department\n    start: [%s/xxgk/ndbg/]\n    rate: 200\n    allow_private: true\n", base)
	data := filepath.Join(t.TempDir(), "data")
	var stdout, stderr bytes.Buffer
	if status := run([]string{"crawl", "--sources", writeFile(t, "sources.yaml", sources), "--data", data, "--once"}, &stdout, &stderr); status != 0 {
		t.Fatalf("crawl: status %d\n%s%s", status, stdout.String(), stderr.String())
	}

	stdout.Reset()
	stderr.Reset()
	start := time.Now()
	status := run([]string{"index", "--data", data, "-v", "--parse-timeout", "5s", "--parse-memory", strconv.Itoa(250 << 20)}, &stdout, &stderr)
	t.Logf("index of %d good and %d bad documents in %v, status %d\n%s%s", good, len(bad), time.Since(start).Round(time.Millisecond), status, stdout.String(), stderr.String())
	if status != 1 {
		t.Errorf("status %d, want 1 (documents failed)", status)
	}
	if want := fmt.Sprintf("索引：编入 %d，", good); !strings.Contains(stdout.String(), want) {
		t.Errorf("summary lacks %q", want)
	}
	out := stdout.String() + stderr.String()
	for path, why := range bad {
		line := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, base+path+":") {
				line = l
			}
		}
		if line == "" || !strings.Contains(line, why) {
			t.Errorf("%s: listed as %q, want a line with %q", path, line, why)
		}
	}
	if !strings.Contains(stderr.String(), "份文档使解析进程失败") {
		t.Errorf("no loud warning for the documents whose workers were stopped")
	}

	idx, err := sqlite.Open(filepath.Join(data, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	indexed, err := idx.Indexed(context.Background())
	if err != nil || len(indexed) != good {
		t.Errorf("index holds %d entries, want the %d good reports (%v)", len(indexed), good, err)
	}
}

// TestParseHostileFile runs `gongkai parse` over a document that outlasts
// its worker's time limit and one that outgrows its memory limit, between
// good reports: each hostile file ends with a clear error naming the limit,
// the good ones are still printed, the status is 1, and the command's own
// process never holds the document's blow-up (its heap stays small).
func TestParseHostileFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"slow.pdf": fixtures.SlowPDF(), "large.html": fixtures.LargeHTML(), "good.html": []byte(report)}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := func(name string) string { return filepath.Join(dir, name) }
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var stdout, stderr bytes.Buffer
	start := time.Now()
	status := run([]string{"parse", "--parse-timeout", "3s", "--parse-memory", strconv.Itoa(250 << 20),
		path("good.html"), path("slow.pdf"), path("large.html"), path("good.html")}, &stdout, &stderr)
	runtime.ReadMemStats(&after)
	t.Logf("status %d in %v, heap %d MiB\n%s", status, time.Since(start).Round(time.Millisecond), after.HeapSys>>20, stderr.String())
	if status != 1 {
		t.Errorf("status %d, want 1", status)
	}
	if n := strings.Count(stdout.String(), "\n"); n != 2 {
		t.Errorf("%d reports printed, want the 2 good ones", n)
	}
	for name, why := range map[string]string{"slow.pdf": "超过每份文档的时间限制 3s", "large.html": "内存限制"} {
		if !strings.Contains(stderr.String(), path(name)+": ") || !strings.Contains(stderr.String(), why) {
			t.Errorf("stderr does not say %s failed with %q", name, why)
		}
	}
	if grown := int64(after.HeapSys) - int64(before.HeapSys); grown > 64<<20 {
		t.Errorf("the command's own heap grew by %d MiB: the document was read in this process", grown>>20)
	}
}
