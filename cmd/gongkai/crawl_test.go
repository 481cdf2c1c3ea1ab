package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

func TestCrawlCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ndbg/":
			fmt.Fprint(w, `<html><body><a href="t1.html">东河街道2024年政府信息公开工作年度报告</a></body></html>`)
		case "/ndbg/t1.html":
			fmt.Fprint(w, `<html><body><p>发布日期：2025-01-20</p><table><tr><td>0</td></tr></table></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	sources := writeFile(t, "sources.yaml", fmt.Sprintf("sites:\n  - name: 东河街道办事处\n    start: [%s/ndbg/]\n    rate: 100\n    allow_private: true\n", srv.URL))
	badSources := writeFile(t, "bad.yaml", "sites:\n  - name: x\n    start: [ftp://a/]\n")
	data := filepath.Join(t.TempDir(), "data")
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string
		stderr string
	}{
		{"first run", []string{"crawl", "--sources", sources, "--data", data, "--once"}, 0, "new 1, changed 0, unchanged 0", ""},
		{"second run", []string{"crawl", "--sources", sources, "--data", data}, 0, "new 0, changed 0, unchanged 1", ""},
		{"no sources", []string{"crawl", "--once"}, 2, "", "--sources FILE is required"},
		{"two modes", []string{"crawl", "--sources", sources, "--once", "--every", "1h"}, 2, "", "one of --once, --every and --cron"},
		{"bad cron", []string{"crawl", "--sources", sources, "--cron", "every night"}, 2, "", `cron "every night"`},
		{"bad sources", []string{"crawl", "--sources", badSources, "--data", data}, 1, "", "bad.yaml:3:13: site 1 (x): start[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(tt.args, &stdout, &stderr)
			if status != tt.status || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("status %d (want %d)\nstdout %s(want %q)\nstderr %s(want %q)", status, tt.status, stdout.String(), tt.stdout, stderr.String(), tt.stderr)
			}
		})
	}
}
