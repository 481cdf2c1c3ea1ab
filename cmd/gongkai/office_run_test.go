package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
)

// Reports published only as Word attachments are crawled, parsed and
// indexed: a DOCX, and a Word 97 file served as application/octet-stream
// from a download script (no extension to go by), both made by LibreOffice
// from fixture variants (parse/testdata/office).
func TestRunOfficeAttachments(t *testing.T) {
	t.Setenv("GONGKAI_ES_URL", "") // the embedded index in --data: a shared Elasticsearch would hold other tests' reports
	variants := fixtures.Variants(2)
	files := map[string]struct {
		file string
		v    fixtures.Variant
	}{
		"/xxgk/nb/files/nb2024.docx": {"v000-2021-html.docx", variants[0]},
		"/xxgk/nb/download.jsp":      {"v001-2021-word.doc", variants[1]},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/xxgk/nb/index.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><body><ul><li><a href="files/nb2024.docx">%s（DOCX）</a></li><li><a href="download.jsp?id=7">%s</a></li></ul></body></html>`,
			variants[0].Spec.Title(), variants[1].Spec.Title())
	})
	for p, f := range files {
		data, err := os.ReadFile(filepath.Join("..", "..", "parse", "testdata", "office", f.file))
		if err != nil {
			t.Fatal(err)
		}
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write(data)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	sources := writeFile(t, "sources.yaml", fmt.Sprintf("sites:\n  - name: 测试站\n    region: \"330106\"\n    level: township\n    start: [%s/xxgk/nb/index.html]\n    rate: 200\n    allow_private: true\n", srv.URL))
	data := filepath.Join(t.TempDir(), "data")

	var stdout, stderr bytes.Buffer
	if status := run([]string{"run", "--sources", sources, "--data", data, "--once"}, &stdout, &stderr); status != 0 {
		t.Fatalf("run: status %d\n%s%s", status, stdout.String(), stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, "索引：编入 2，未变 0，移除 0，跳过 0") {
		t.Fatalf("run did not index both attachments:\n%s%s", out, stderr.String())
	}
	for _, f := range files {
		stdout.Reset()
		if status := run([]string{"search", "--data", data, "--json", "--office", f.v.Spec.Office, "--year", fmt.Sprint(f.v.Spec.Year)}, &stdout, &stderr); status != 0 {
			t.Fatalf("search: status %d: %s", status, stderr.String())
		}
		var res index.Results
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 {
			t.Errorf("%s: %d reports of %s %d, want 1", f.file, res.Total, f.v.Spec.Office, f.v.Spec.Year)
		}
	}
}
