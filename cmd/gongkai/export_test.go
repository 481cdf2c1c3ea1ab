package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/similar"
)

// dataDir puts synthetic reports into the embedded index of a data
// directory. Commands reading it must pass --es "": make test sets
// $GONGKAI_ES_URL, the default of --es.
func dataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	idx, err := sqlite.Open(filepath.Join(dir, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Put(context.Background(), indextest.Entries(t, 24, "")...); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestExportCommand(t *testing.T) {
	data := dataDir(t)
	out := filepath.Join(t.TempDir(), "r.csv")
	var stdout, stderr bytes.Buffer
	if status := run([]string{"export", "--es", "", "--data", data, "--format", "csv", "--out", out, "--year", "2020", "--region", "6522"}, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), export.BOM) {
		t.Fatal("CSV without BOM")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), export.BOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Two bodies under 6522 (哈密地区, now 6505 哈密市), one report each in 2020.
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header + 2", len(rows))
	}
	for _, r := range rows[1:] {
		if r[2] != "2020" || !strings.HasPrefix(r[3], "6505") {
			t.Errorf("row outside the filters: %v", r[:4])
		}
	}
	if !strings.Contains(stderr.String(), "导出：2 份报告") {
		t.Errorf("stderr %q", stderr.String())
	}
	for _, args := range [][]string{
		{"export", "--data", data, "--format", "xml", "--out", out},
		{"export", "--data", data, "--format", "csv"},
		{"export", "--data", data, "--format", "xlsx", "--long", "--out", out},
	} {
		if status := run(args, &stdout, &stderr); status != 2 {
			t.Errorf("%v: status %d, want 2", args, status)
		}
	}
}

// gongkai export --format xlsx of one year lists the findings the index
// made of its reports over the whole collection, as /api/export does: the
// copied narrative of 2022, which needs 2021's report, not exported.
func TestExportXLSXFindingsOfYear(t *testing.T) {
	data := t.TempDir()
	idx, err := sqlite.Open(filepath.Join(data, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Put(context.Background(), indextest.AcrossEntries(t)...); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	out := filepath.Join(t.TempDir(), "r.xlsx")
	var stdout, stderr bytes.Buffer
	if status := run([]string{"export", "--es", "", "--data", data, "--format", "xlsx", "--out", out, "--year", "2022", "--region", "3208"}, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	cells, err := x.SearchSheet(export.SheetFindings, gongkai.FindingKindLabels[gongkai.FindingCopied])
	if err != nil || len(cells) != 1 {
		t.Fatalf("cells %v (%v), want the one copied finding of 2022", cells, err)
	}
	_, row, _ := excelize.CellNameToCoordinates(cells[0])
	if office, _ := x.GetCellValue(export.SheetFindings, "C"+strconv.Itoa(row)); office != "淮安市洪泽区教育局" {
		t.Errorf("the copied finding is of %q", office)
	}
}

// Compare output stays within 100 columns, Chinese counted double, and
// lines its columns up.
func TestCompareWidth(t *testing.T) {
	data := dataDir(t)
	var stdout, stderr bytes.Buffer
	args := []string{"compare", "--es", "", "--data", data, "--region", "32", "--years", "2019-2022"}
	for _, k := range defaultCompareKeys {
		args = append(args, "--key", k)
	}
	args = append(args, "--key", "applications.not_processed_confirmation.natural_person")
	if status := run(args, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	lines := strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n")
	var table []string
	for _, l := range lines {
		if displayWidth(l) > 100 {
			t.Errorf("line %d columns wide: %q", displayWidth(l), l)
		}
		if !strings.HasPrefix(l, "  (") {
			table = append(table, l)
		}
	}
	if len(table) < 3 || !strings.Contains(stdout.String(), "(6) applications.not_processed_confirmation.natural_person") {
		t.Fatalf("no numbered legend:\n%s", stdout.String())
	}
	for _, l := range table[1:] {
		if displayWidth(l) != displayWidth(table[0]) {
			t.Errorf("columns not aligned:\n%s", stdout.String())
			break
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"哈密市伊州区", 12, "哈密市伊州区"},
		{"哈密市伊州区", 8, "哈密市…"},
		{"abc", 2, "a…"},
		{"\x1b[1m政府\x1b[0m信息", 5, "\x1b[1m政府\x1b[0m…\x1b[0m"},
	} {
		if got := truncate(tt.in, tt.n); got != tt.want || displayWidth(got) > tt.n {
			t.Errorf("truncate(%q, %d) = %q (width %d), want %q", tt.in, tt.n, got, displayWidth(got), tt.want)
		}
	}
}

func TestDemo(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := run([]string{"demo", "--no-serve", "--sites", "3", "--from", "2023", "--to", "2025"}, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s%s", status, stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"新增 9，", "索引：编入 9，", "3 个网站，9 份报告", "核查发现："} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	// The network's copying body is listed for each year its truth reaches
	// the threshold, with the share of its sentences.
	site := fixtures.NewNetwork(3, 2023, 2025).Sites[fixtures.CopyingBody]
	listed := 0
	for k := 0; k+1 < len(site.Reports); k++ {
		truth := site.Reports[k].Spec.CopiedFrom(site.Reports[k+1].Spec)
		if truth.Ratio() < similar.Threshold {
			continue
		}
		listed++
		line := regexp.MustCompile(fmt.Sprintf(`%s\s+%d\s+(\d+) 句中 (\d+) 句与 %d 年报告雷同`, regexp.QuoteMeta(site.Name), site.Reports[k].Spec.Year, site.Reports[k+1].Spec.Year))
		m := line.FindStringSubmatch(out)
		if m == nil {
			t.Errorf("demo output lacks the copying body's %d:\n%s", site.Reports[k].Spec.Year, out)
			continue
		}
		sentences, _ := strconv.Atoi(m[1])
		repeated, _ := strconv.Atoi(m[2])
		if math.Abs(float64(repeated)/float64(sentences)-truth.Ratio()) > 0.1 {
			t.Errorf("copying body %d: %s/%s sentences repeated, truth %d/%d", site.Reports[k].Spec.Year, m[2], m[1], truth.Repeated, truth.Sentences)
		}
	}
	if listed == 0 {
		t.Errorf("the copying body reaches the threshold in no year: the demo shows no copy")
	}
}
