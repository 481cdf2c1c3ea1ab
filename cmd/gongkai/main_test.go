package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
)

const report = `<html><head><meta charset="utf-8"></head><body>
<p>某县人民政府2024年政府信息公开工作年度报告</p>
<p>一、总体情况</p><p>2024年，本县受理政府信息公开申请3件。</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>
<tr><td>1</td><td>1</td><td>1</td><td>1</td><td>9</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>
</body></html>`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParseExitStatus(t *testing.T) {
	good := writeFile(t, "good.html", report)
	bad := writeFile(t, "bad.html", "<p>not a report</p>")
	tests := []struct {
		name   string
		args   []string
		status int
		lines  int    // JSON lines on stdout
		stderr string // words the error must hold
	}{
		{"one good", []string{"parse", good}, 0, 1, ""},
		{"bad among good", []string{"parse", good, bad, good}, 1, 2, "bad.html: no report found"},
		{"missing file", []string{"parse", filepath.Join(t.TempDir(), "nope.html")}, 1, 0, "nope.html"},
		{"no file", []string{"parse"}, 2, 0, "no FILE"},
		{"bad format", []string{"parse", "--format", "xml", good}, 2, 0, "--format"},
		{"unknown flag", []string{"parse", "--frobnicate", good}, 2, 0, "frobnicate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(tt.args, &stdout, &stderr)
			if status != tt.status {
				t.Errorf("status %d, want %d; stderr %s", status, tt.status, stderr.String())
			}
			lines := strings.Count(stdout.String(), "\n")
			if lines != tt.lines {
				t.Errorf("%d lines on stdout, want %d", lines, tt.lines)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.stderr)
			}
		})
	}
}

func TestParseJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := run([]string{"parse", writeFile(t, "r.html", report)}, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	var rep map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"source", "office", "year", "signed", "template", "facts", "checks", "sections", "warnings"} {
		if _, ok := rep[field]; !ok {
			t.Errorf("parse JSON lacks %q", field)
		}
	}
	if rep["source"] != "r.html" || rep["office"] != "某县人民政府" || rep["year"] != 2024.0 || rep["signed"] != nil {
		t.Errorf("source %v office %v year %v signed %v", rep["source"], rep["office"], rep["year"], rep["signed"])
	}
	var typed gongkai.Report
	if err := json.Unmarshal(stdout.Bytes(), &typed); err != nil {
		t.Fatal(err)
	}
	f := typed.Fact("review_litigation.review.total")
	if f == nil || *f.Value != 9 || f.At.Table == nil || *f.At.Table != 0 || *f.At.Row != 1 || *f.At.Col != 4 {
		t.Errorf("fact = %+v, want 9 at table 0 row 1 col 4", f)
	}
}

func TestParseText(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := run([]string{"parse", "--format", "text", writeFile(t, "r.html", report)}, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"某县人民政府", "四、行政复议、行政诉讼", "未通过 四 行政复议 · 总计 合计：应为 4，实为 9", "结果维持", "未经复议直接起诉"} {
		if !strings.Contains(out, want) {
			t.Errorf("text summary lacks %q:\n%s", want, out)
		}
	}
	// Rows and columns are labelled as printed, not with English keys.
	for _, key := range []string{"review ", "litigation_direct", "upheld", "FAIL", "warning", "null"} {
		if strings.Contains(out, key) {
			t.Errorf("text summary shows %q:\n%s", key, out)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	var b bytes.Buffer
	writeAligned(&b, [][]string{{"规章", "1"}, {"ab", "22"}})
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if displayWidth(lines[0]) != displayWidth(lines[1]) {
		t.Errorf("columns not aligned:\n%s", b.String())
	}
}
