package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/parse/ocr"
)

// A report page whose table 三 is a picture: the crawler stores the picture
// with the page, and `gongkai run` reads the table from it by OCR, in the
// parse worker, so the index holds the table's facts.
func TestRunReadsPictureTables(t *testing.T) {
	if err := ocr.Available(); err != nil {
		t.Skipf("%v (make test installs it: scripts/ensure-tesseract.sh)", err)
	}
	t.Setenv("GONGKAI_ES_URL", "")
	dir := filepath.Join("..", "..", "parse", "testdata", "pictures")
	page, err := os.ReadFile(filepath.Join(dir, "v009-2019-html.html"))
	if err != nil {
		t.Fatal(err)
	}
	png, err := os.ReadFile(filepath.Join(dir, "v009-2019-html-table3.png"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/xxgk/ndbg/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><meta charset="utf-8"></head><body><ul><li><a href="/r/2018.html">2018年政府信息公开工作年度报告</a><span>2019-01-20</span></li></ul></body></html>`)
	})
	mux.HandleFunc("/r/2018.html", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/r/v009-2019-html-table3.png", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(png)
	})
	addr := serveLoopback(t, mux)

	sources := writeFile(t, "sources.yaml", fmt.Sprintf("sites:\n  - name: 图片表格街道\n    start: [http://%s/xxgk/ndbg/]\n    rate: 100\n    allow_private: true\n", addr))
	data := filepath.Join(t.TempDir(), "data")
	var stdout, stderr bytes.Buffer
	if status := run([]string{"run", "--sources", sources, "--data", data, "--once"}, &stdout, &stderr); status != 0 {
		t.Fatalf("run: status %d\n%s%s", status, stdout.String(), stderr.String())
	}
	idx, err := sqlite.Open(filepath.Join(data, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	indexed, err := idx.Indexed(context.Background())
	if err != nil || len(indexed) != 1 {
		t.Fatalf("%d entries (%v), want 1\n%s", len(indexed), err, stdout.String())
	}
	for id := range indexed {
		e, err := idx.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		ocrFacts := 0
		for _, f := range e.Report.Facts {
			if strings.HasPrefix(f.Key, "applications.") && f.At.OCR {
				ocrFacts++
			}
		}
		if ocrFacts != 161 {
			t.Errorf("%d facts of table 三 read by OCR, want all 161\n%s", ocrFacts, stdout.String())
		}
	}
}
