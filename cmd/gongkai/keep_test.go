package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/ingest"
)

// A report whose page turns into something that no longer parses keeps
// its last good version in the index: it has changed, not vanished. The
// run says so ("kept 1") and lists the new version as skipped.
func TestIndexKeepsLastGoodVersion(t *testing.T) {
	t.Setenv("GONGKAI_ES_URL", "")
	var mu sync.Mutex
	report := fixtures.Variants(1)[0].Bytes()
	mux := http.NewServeMux()
	mux.HandleFunc("/xxgk/ndbg/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><meta charset="utf-8"></head><body><ul><li><a href="/r/2024.html">2024年政府信息公开工作年度报告</a><span>2025-01-10</span></li></ul></body></html>`)
	})
	mux.HandleFunc("/r/2024.html", func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(report)
	})
	addr := serveLoopback(t, mux)

	sources := writeFile(t, "sources.yaml", fmt.Sprintf("sites:\n  - name: 东河街道办事处\n    start: [http://%s/xxgk/ndbg/]\n    rate: 100\n    allow_private: true\n", addr))
	data := filepath.Join(t.TempDir(), "data")
	runOnce := func() string {
		var stdout, stderr bytes.Buffer
		run([]string{"run", "--sources", sources, "--data", data, "--once"}, &stdout, &stderr)
		return stdout.String() + stderr.String()
	}
	if out := runOnce(); !strings.Contains(out, "索引：编入 1，未变 0，移除 0，跳过 0") {
		t.Fatalf("first run:\n%s", out)
	}
	mu.Lock()
	report = []byte("<html><body><p>系统维护中，请稍后访问。</p><p>" + strings.Repeat("维护", 50) + "</p></body></html>")
	mu.Unlock()
	if out := runOnce(); !strings.Contains(out, "移除 0，跳过 1，保留旧版 1") {
		t.Errorf("second run, the page no longer a report:\n%s", out)
	}
	idx, err := sqlite.Open(filepath.Join(data, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if indexed, err := idx.Indexed(context.Background()); err != nil || len(indexed) != 1 {
		t.Errorf("index holds %d entries, want the report's last good version (%v)", len(indexed), err)
	}
}

// An indexed document is recognised by its own entry id without parsing:
// the id of its body, its address and any year, never another document's
// entry that holds the same bytes.
func TestIndexedID(t *testing.T) {
	d := ingest.Document{URL: "http://a.example/r/2023.html", Site: ingest.Site{Name: "东河街道办事处"}}
	own := gongkai.EntryID(d.Site.Name, 2023, d.URL)
	undated := gongkai.EntryID(d.Site.Name, 0, d.URL)
	other := gongkai.EntryID(d.Site.Name, 2023, "http://a.example/r/copy.html")
	oldest, latest := gongkai.EntryID(d.Site.Name, 1990, d.URL), gongkai.EntryID(d.Site.Name, 2100, d.URL)
	for _, tt := range []struct {
		ids  []string
		want string
	}{
		{[]string{other, own}, own},
		{[]string{undated}, undated},
		{[]string{other, oldest}, oldest},
		{[]string{latest}, latest},
		{[]string{other}, ""},
		{nil, ""},
	} {
		if got := indexedID(d, tt.ids); got != tt.want {
			t.Errorf("indexedID(%v) = %q, want %q", tt.ids, got, tt.want)
		}
	}
}
