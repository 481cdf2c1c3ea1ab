package main

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index/indextest"
)

// cli runs the command and returns its output, failing on a non-zero status.
func cli(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if status := run(args, &stdout, &stderr); status != 0 {
		t.Fatalf("gongkai %s: status %d\n%s", strings.Join(args, " "), status, stderr.String())
	}
	return stdout.String()
}

// search and compare speak Chinese: labels, counts, a blank as "—".
func TestTerminalLabels(t *testing.T) {
	data := dataDir(t)
	office := indextest.Bodies[0].Office
	out := cli(t, "compare", "--es", "", "--data", data, "--office", office, "--key", "applications.new_received.total", "--key", "active.licensing.fees")
	for _, want := range []string{"机关", "年度", gongkai.KeyLabel("applications.new_received.total"), "合计", "—"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"null", "office", "year", "total"} {
		if strings.Contains(out, english) {
			t.Errorf("compare shows %q:\n%s", english, out)
		}
	}
	out = cli(t, "search", "--es", "", "--data", data, "")
	for _, want := range []string{"份报告符合条件", "年度：", "层级："} {
		if !strings.Contains(out, want) {
			t.Errorf("search lacks %q:\n%s", want, out)
		}
	}
	if out := cli(t, "search", "--es", "", "--data", data, "没有这样的词语"); !strings.Contains(out, "没有符合条件的报告") {
		t.Errorf("search without hits: %q", out)
	}
}

// compare --office takes a part of the name, as search does, when it names
// one body; several are an error that lists them.
func TestCompareOfficePart(t *testing.T) {
	data := dataDir(t)
	office := indextest.Bodies[0].Office
	part := string([]rune(office)[len([]rune(office))-6:])
	whole := cli(t, "compare", "--es", "", "--data", data, "--office", office)
	if got := cli(t, "compare", "--es", "", "--data", data, "--office", part); got != whole {
		t.Errorf("--office %s:\n%s\nwant as --office %s:\n%s", part, got, office, whole)
	}
	var stdout, stderr bytes.Buffer
	if status := run([]string{"compare", "--es", "", "--data", data, "--office", "市"}, &stdout, &stderr); status != 1 || !strings.Contains(stderr.String(), "有多个机关名称含") {
		t.Errorf("--office 市: status %d, %s", status, stderr.String())
	}
	stderr.Reset()
	if status := run([]string{"compare", "--es", "", "--data", data, "--office", "火星"}, &stdout, &stderr); status != 1 || !strings.Contains(stderr.String(), "没有机关名称含") {
		t.Errorf("--office 火星: status %d, %s", status, stderr.String())
	}
}

// export --labels puts the Chinese label row under the CSV header.
func TestExportLabels(t *testing.T) {
	data := dataDir(t)
	out := cli(t, "export", "--es", "", "--data", data, "--format", "csv", "--labels", "--out", "-")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, export.BOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][1] != "机关" || !strings.Contains(strings.Join(rows[1], ","), gongkai.KeyLabel("review_litigation.review.total")) {
		t.Errorf("label row %v", rows[1][:4])
	}
}
