package export

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/parse"
)

// A pre-2019 report's statistics table reaches the workbook: a sheet of
// its own with the values parsed from the rendered page. (The CSV columns
// follow gongkai.FactKeys, which lists the legacy keys; TestCSV holds the
// CSV to it.)
func TestLegacyExport(t *testing.T) {
	spec := fixtures.GenerateLegacyFor(5, 3, 2013, fixtures.FujianForm)
	rep, err := parse.Bytes("l.html", spec.Render(fixtures.Options{Layout: fixtures.HTMLGrid}))
	if err != nil {
		t.Fatal(err)
	}
	entries := []gongkai.Entry{{ID: "legacy-2013", Report: *rep}}
	key := "legacy.applications_received.cumulative"
	want := Value(&gongkai.Fact{Value: spec.Facts[key]})
	if want == "" {
		t.Fatalf("fixture prints no %s", key)
	}

	var b bytes.Buffer
	if err := XLSX(&b, entries, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet, err := f.GetRows(SheetLegacy)
	if err != nil {
		t.Fatalf("no legacy sheet in %v: %v", f.GetSheetList(), err)
	}
	col := slices.Index(sheet[0], key)
	if col < 0 || sheet[1][col] != "收到申请数 · 历年累计" || sheet[2][col] != want {
		t.Errorf("legacy sheet column %d: %v / %v / %v, want %s", col, sheet[0], sheet[1], sheet[2], want)
	}
}
