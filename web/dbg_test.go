package web

import (
	"context"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/index/sqlite"
)

func BenchmarkDbgBody(b *testing.B) {
	entries := indextest.ScaleEntries(b, 700)
	idx, _ := sqlite.Open(filepath.Join(b.TempDir(), "index.db"))
	defer idx.Close()
	idx.Put(context.Background(), entries...)
	h, _ := New(idx, Options{})
	e := entries[350]
	b.Logf("entry json facts %d sections %d", len(e.Report.Facts), len(e.Report.Sections))
	for _, p := range []string{"/body?office=" + url.QueryEscape(e.Report.Office), "/region?region=" + e.Region[:4] + "&year=2024"} {
		b.Run(p[:5], func(b *testing.B) {
			for range b.N {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest("GET", p, nil))
				if w.Code != 200 {
					b.Fatal(w.Code)
				}
			}
		})
	}
}
