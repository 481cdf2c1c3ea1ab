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
		case "/":
			fmt.Fprint(w, `<html><head><title>东河街道办事处门户网站</title></head><body><a href="/gk/">政务公开</a></body></html>`)
		case "/gk/":
			fmt.Fprint(w, `<html><body><a href="/gk/zn.html">政府信息公开指南</a><a href="/ndbg/">政府信息公开年报</a></body></html>`)
		case "/empty/":
			fmt.Fprint(w, `<html><body><ul id="list"></ul></body></html>`)
		case "/ndbg/t1.html":
			fmt.Fprint(w, `<html><body><p>发布日期：2025-01-20</p><table><tr><td>0</td></tr></table></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	sources := writeFile(t, "sources.yaml", fmt.Sprintf("sites:\n  - name: 东河街道办事处\n    start: [%s/ndbg/]\n    rate: 100\n    allow_private: true\n", srv.URL))
	badSources := writeFile(t, "bad.yaml", "sites:\n  - name: x\n    start: [ftp://a/]\n")
	emptySources := writeFile(t, "empty.yaml", fmt.Sprintf("sites:\n  - name: 空列表街道办事处\n    start: [%s/empty/]\n    rate: 100\n    allow_private: true\n", srv.URL))
	data := filepath.Join(t.TempDir(), "data")
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string
		stderr string
	}{
		{"first run", []string{"crawl", "--sources", sources, "--data", data, "--once"}, 0, "新增 1，变更 0，未变 0", ""},
		{"second run", []string{"crawl", "--sources", sources, "--data", data}, 0, "新增 0，变更 0，未变 1", ""},
		{"no sources", []string{"crawl", "--once"}, 2, "", "--sources FILE is required"},
		{"two modes", []string{"crawl", "--sources", sources, "--once", "--every", "1h"}, 2, "", "one of --once, --every and --cron"},
		{"bad cron", []string{"crawl", "--sources", sources, "--cron", "every night"}, 2, "", `cron "every night"`},
		{"bad sources", []string{"crawl", "--sources", badSources, "--data", data}, 1, "", "bad.yaml:3:13: site 1 (x): start[0]"},
		{"listing without reports", []string{"crawl", "--sources", emptySources, "--data", t.TempDir(), "--once"}, 1,
			"警告：1 个站点的列表没有找到任何报告：空列表街道办事处（从未找到报告）", ""},
		{"discover", []string{"sources", "discover", "--allow-private", "--rate", "100", srv.URL + "/"}, 0,
			"# 首页 → 政务公开 → 政府信息公开年报；平台：未识别；栏目第一页列出 1 份报告\n  - name: 东河街道办事处\n    start: [" + srv.URL + "/ndbg/]\n    allow_private: true\n", ""},
		{"discover without a column", []string{"sources", "discover", "--allow-private", srv.URL + "/empty/"}, 1, "", "没有找到政府信息公开年报栏目"},
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
