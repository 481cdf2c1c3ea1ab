package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/index/sqlite"
)

// entries puts synthetic reports into a real SQLite index and reads them
// back with All, three a page so that paging is exercised.
func entries(t *testing.T) ([]gongkai.Entry, []gongkai.Entry) {
	t.Helper()
	put := indextest.Entries(t, 14, "")
	return put, exported(t, stored(t, put), index.Filter{})
}

// stored puts entries into a fresh SQLite index.
func stored(t *testing.T, entries []gongkai.Entry) index.Index {
	t.Helper()
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if err := idx.Put(context.Background(), entries...); err != nil {
		t.Fatal(err)
	}
	return idx
}

// exported reads what f keeps of idx with All, three a page so that paging is
// exercised.
func exported(t *testing.T, idx index.Index, f index.Filter) []gongkai.Entry {
	t.Helper()
	defer func(n int) { pageSize = n }(pageSize)
	pageSize = 3
	got, err := All(context.Background(), idx, f)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestAllPages(t *testing.T) {
	put, got := entries(t)
	if len(got) != len(put) {
		t.Fatalf("All returned %d entries, want %d", len(got), len(put))
	}
	seen := map[string]bool{}
	for _, e := range got {
		if seen[e.ID] {
			t.Errorf("%s returned twice", e.ID)
		}
		seen[e.ID] = true
		if len(e.Report.Facts) == 0 {
			t.Errorf("%s: entry without facts: All must return whole entries", e.ID)
		}
	}
}

func TestCSV(t *testing.T) {
	_, all := entries(t)
	var b bytes.Buffer
	if err := CSV(&b, all, false); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\xEF\xBB\xBF")) {
		t.Fatalf("CSV does not start with the UTF-8 BOM: % x", b.Bytes()[:3])
	}
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(all)+1 {
		t.Fatalf("%d rows, want header + %d", len(rows), len(all))
	}
	head := rows[0]
	keys := gongkai.FactKeys()
	if !slices.Equal(head[len(metaColumns):], keys) {
		t.Fatalf("fact columns not in FactKeys order")
	}
	col := slices.Index(head, "applications.new_received.total")
	for i, e := range all {
		row := rows[i+1]
		if row[0] != e.ID || row[1] != e.Report.Office {
			t.Errorf("row %d: id %s office %s, want %s %s", i, row[0], row[1], e.ID, e.Report.Office)
		}
		if want := Value(e.Report.Fact("applications.new_received.total")); row[col] != want {
			t.Errorf("%s: new_received.total %q, want %q", e.ID, row[col], want)
		}
		if want := strings.Join(index.FailedChecks(&e.Report), " "); row[9] != want {
			t.Errorf("%s: failed checks %q, want %q", e.ID, row[9], want)
		}
	}
}

func TestCSVLong(t *testing.T) {
	_, all := entries(t)
	var b bytes.Buffer
	if err := CSVLong(&b, all[:2], false); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), BOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + len(all[0].Report.Facts) + len(all[1].Report.Facts); len(rows) != want {
		t.Errorf("%d rows, want %d (header + one per fact)", len(rows), want)
	}
	for _, row := range rows[1:] {
		e := all[0]
		if row[0] != e.ID {
			e = all[1]
		}
		f := e.Report.Fact(row[3])
		if f == nil || Value(f) != row[4] || f.Raw != row[5] {
			t.Fatalf("row %v does not match the fact %+v", row, f)
		}
	}
}

func TestXLSX(t *testing.T) {
	put := indextest.Entries(t, 14, "")
	f, all, _ := workbookOf(t, stored(t, put), index.Filter{})
	if got, want := f.GetSheetList(), []string{SheetReports, SheetActive, SheetApps, SheetReview, SheetFindings}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	rows, err := f.GetRows(SheetReview)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "review_litigation.review.total")
	if col < 0 || rows[1][col] != "行政复议 · 总计" {
		t.Fatalf("review sheet header: %v / %v", rows[0], rows[1])
	}
	if want := Value(all[0].Report.Fact("review_litigation.review.total")); rows[2][col] != want || rows[2][1] != all[0].Report.Office {
		t.Errorf("first report's review total %q (%s), want %q (%s)", rows[2][col], rows[2][1], want, all[0].Report.Office)
	}
	findings, err := f.GetRows(SheetFindings)
	if err != nil {
		t.Fatal(err)
	}
	every, err := index.AllFindings(put)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(every); len(findings) != want+2 || want == 0 {
		t.Errorf("findings sheet has %d rows, want header, labels + %d (> 0)", len(findings), want)
	}
}

// A workbook shows nothing of an entry beyond index.TableFields, so that an
// index.TableReader may read only those: the workbook of entries cut to
// them is the workbook of the whole entries.
func TestXLSXReadsTableFields(t *testing.T) {
	whole := indextest.Entries(t, 14, "")
	cut := make([]gongkai.Entry, len(whole))
	for i := range whole {
		cut[i] = indextest.Table(t, &whole[i])
	}
	if len(cut[0].Report.Sections) != 0 || cut[0].Report.Facts[0].Raw != "" {
		t.Fatal("the cut entries keep their text or provenance: the test tests nothing")
	}
	findings, err := index.AllFindings(whole)
	if err != nil {
		t.Fatal(err)
	}
	books := make([]*excelize.File, 2)
	for i, entries := range [][]gongkai.Entry{whole, cut} {
		var b bytes.Buffer
		if err := XLSX(&b, entries, findings); err != nil {
			t.Fatal(err)
		}
		if books[i], err = excelize.OpenReader(&b); err != nil {
			t.Fatal(err)
		}
		defer books[i].Close()
	}
	for _, sheet := range books[0].GetSheetList() {
		a, errA := books[0].GetRows(sheet)
		b, errB := books[1].GetRows(sheet)
		if errA != nil || errB != nil || !slices.EqualFunc(a, b, slices.Equal) {
			t.Errorf("sheet %s differs when the entries hold only the table fields (%v, %v)", sheet, errA, errB)
		}
	}
}

// The findings sheet of a part of the collection lists what the index
// found about those reports over the whole collection: a year's export
// keeps its copied narrative and cross-year checks, which need the year
// before, and its rate outliers, measured against every peer of the
// province; the reports missing in its scope are listed unless the export
// narrows by what only a report has.
func TestXLSXFindingsOfPart(t *testing.T) {
	put := indextest.AcrossEntries(t)
	idx := stored(t, put)
	every, err := index.AllFindings(put)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		filter index.Filter
		kind   string // a kind the sheet must list, which the exported entries alone do not show
	}{
		{"copied", index.Filter{YearFrom: 2022, YearTo: 2022, Region: "3208"}, gongkai.FindingCopied},
		{"rate outlier", index.Filter{YearFrom: 2022, YearTo: 2022, Region: "440101"}, gongkai.FindingRateOutlier},
		{"missing", index.Filter{YearFrom: 2023, YearTo: 2023, Region: "65"}, gongkai.FindingMissing},
		{"template", index.Filter{YearFrom: 2022, YearTo: 2022, Template: gongkai.Template2019}, gongkai.FindingCopied},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, entries, findings := workbookOf(t, idx, tt.filter)
			ids := map[string]bool{}
			var whole []gongkai.Entry // the exported entries as they were put
			for _, e := range entries {
				ids[e.ID] = true
				whole = append(whole, *find(put, e.ID))
			}
			var want []gongkai.Finding
			for _, fd := range every {
				in := fd.Year >= tt.filter.YearFrom && fd.Year <= tt.filter.YearTo && strings.HasPrefix(fd.Region, tt.filter.Region)
				if ids[fd.ID] || fd.ID == "" && in && tt.filter.Template == "" {
					want = append(want, fd)
				}
			}
			if !slices.ContainsFunc(want, func(fd gongkai.Finding) bool { return fd.Kind == tt.kind }) {
				t.Fatalf("the export's reports have no %s finding: the test tests nothing", tt.kind)
			}
			alone, err := index.AllFindings(whole)
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(alone, func(fd gongkai.Finding) bool { return fd.Kind == tt.kind && fd.ID != "" }) {
				t.Fatalf("the exported entries alone show the %s finding: the test tests nothing", tt.kind)
			}
			if !slices.EqualFunc(findings, want, func(a, b gongkai.Finding) bool { return a.Key() == b.Key() && a.ID == b.ID }) {
				t.Errorf("findings %v, want %v", keys(findings), keys(want))
			}
			rows, err := f.GetRows(SheetFindings)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(want)+2 || !slices.ContainsFunc(rows[2:], func(r []string) bool { return r[0] == tt.kind }) {
				t.Errorf("findings sheet %v, want header, labels and %d rows with a %s", rows, len(want), tt.kind)
			}
		})
	}
}

func find(entries []gongkai.Entry, id string) *gongkai.Entry {
	i := slices.IndexFunc(entries, func(e gongkai.Entry) bool { return e.ID == id })
	return &entries[i]
}

func keys(findings []gongkai.Finding) []string {
	var out []string
	for _, f := range findings {
		out = append(out, f.Key())
	}
	return out
}

func TestJSONL(t *testing.T) {
	_, all := entries(t)
	var b bytes.Buffer
	if err := JSONL(&b, all); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&b)
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		var e gongkai.Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if e.ID != all[n].ID || len(e.Report.Facts) != len(all[n].Report.Facts) || len(e.Report.Checks) != len(all[n].Report.Checks) {
			t.Errorf("line %d: entry %s differs from %s", n+1, e.ID, all[n].ID)
		}
		n++
	}
	if n != len(all) {
		t.Errorf("%d lines, want %d", n, len(all))
	}
}

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"+SUM(1,2)", "'+SUM(1,2)"},
		{"-1+cmd", "'-1+cmd"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-3", "-3"},
		{"+5", "+5"},
		{"-0.5", "-0.5"},
		{"", ""},
		{"上海市人民政府办公厅", "上海市人民政府办公厅"},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := Neutralise(tt.in); got != tt.want {
			t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzNeutralise: no cell comes out as a formula, and a cell is only ever
// changed by one leading apostrophe.
func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"=1+1", "+SUM(A1)", "-3", "@x", "\tx", "办公厅", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		got := Neutralise(cell)
		if got != cell && got != "'"+cell {
			t.Fatalf("Neutralise(%q) = %q", cell, got)
		}
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			if _, err := strconv.ParseFloat(got, 64); err != nil {
				t.Fatalf("Neutralise(%q) = %q starts a formula", cell, got)
			}
		}
	})
}
