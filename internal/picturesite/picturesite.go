// Package picturesite gives tests a site whose one report page prints its
// table 三 as a picture (parse/testdata/pictures, made by
// scripts/make-picture-fixture.sh), for crawling it on loopback.
package picturesite

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Picture is the picture's source as the page names it; the page is at
// /r/2018.html, the picture beside it, and the listing at /xxgk/ndbg/.
const Picture = "v009-2019-html-table3.png"

// Mux serves the site; a test may add routes to it.
func Mux(t testing.TB) *http.ServeMux {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(here), "..", "..", "parse", "testdata", "pictures")
	page, err := os.ReadFile(filepath.Join(dir, "v009-2019-html.html"))
	if err != nil {
		t.Fatal(err)
	}
	png, err := os.ReadFile(filepath.Join(dir, Picture))
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
	mux.HandleFunc("/r/"+Picture, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(png)
	})
	return mux
}

// Sources is the sources file naming the site served at base
// (http://host:port), private addresses allowed.
func Sources(base string) string {
	return fmt.Sprintf("sites:\n  - name: 图片表格街道\n    start: [%s/xxgk/ndbg/]\n    rate: 100\n    allow_private: true\n", base)
}
