package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/sqlite"
)

// renamedBody indexes, in a real SQLite file, a body's reports 2019–2025
// from the fixtures' truth, under its former name up to 2020, filed under
// one body as the alias table says; and another body's 2024 report.
func renamedBody(t *testing.T) (*sqlite.Index, gongkai.Body, map[int]*fixtures.Spec) {
	t.Helper()
	body := gongkai.Body{Name: "淮安市洪泽区东河街道办事处", Aliases: []gongkai.Alias{{Name: "淮安市洪泽区东河乡人民政府", Until: 2020}}}
	body.ID = body.DefaultID()
	specs := map[int]*fixtures.Spec{}
	var put []gongkai.Entry
	entry := func(spec *fixtures.Spec, office string, b gongkai.Body) gongkai.Entry {
		r := gongkai.Report{Office: office, Year: spec.Year, Template: spec.Template, Source: "https://example.gov.cn/" + strconv.Itoa(spec.Year) + office}
		for _, k := range gongkai.FactKeys() {
			if v, ok := spec.Facts[k]; ok {
				r.Facts = append(r.Facts, gongkai.Fact{Key: k, Value: v})
			}
		}
		return gongkai.Entry{ID: gongkai.EntryID(office, spec.Year, r.Source), Report: r, Region: "320813", Level: "street", Body: b}
	}
	for year := 2019; year <= 2025; year++ {
		spec := fixtures.GenerateFor(uint64(100+year), 1, year)
		specs[year] = spec
		office := body.Name
		if year <= 2020 {
			office = body.Aliases[0].Name
		}
		put = append(put, entry(spec, office, body))
	}
	other := fixtures.GenerateFor(7, 9, 2024)
	put = append(put, entry(other, other.Office, gongkai.Body{}))
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if err := idx.Put(context.Background(), put...); err != nil {
		t.Fatal(err)
	}
	return idx, body, specs
}

func TestBodyEntriesAcrossNames(t *testing.T) {
	idx, body, _ := renamedBody(t)
	for _, office := range body.Names() {
		got, b, err := BodyEntries(context.Background(), idx, office)
		if err != nil {
			t.Fatal(err)
		}
		var years []int
		for _, e := range got {
			years = append(years, e.Report.Year)
		}
		slices.Sort(years)
		if b.ID != body.ID || !slices.Equal(years, []int{2019, 2020, 2021, 2022, 2023, 2024, 2025}) {
			t.Errorf("BodyEntries(%s) = body %s, years %v; want %s, 2019–2025", office, b.ID, years, body.ID)
		}
	}
}

// The panel holds one unit for the renamed body, one row per year and
// measure, with the values of the reports' truth and blanks left blank.
func TestPanel(t *testing.T) {
	idx, body, specs := renamedBody(t)
	all, err := All(context.Background(), idx, index.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Panel(&b, all); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], PanelColumns) {
		t.Fatalf("header %v", rows[0])
	}
	measures := len(gongkai.AllSeries) + len(gongkai.AllRates)
	if len(rows)-1 != 8*measures {
		t.Errorf("%d rows, want %d (8 reports × %d measures)", len(rows)-1, 8*measures, measures)
	}
	seen := map[string]bool{}
	for _, row := range rows[1:] {
		unit := row[0] + "|" + row[4] + "|" + row[5]
		if seen[unit] {
			t.Errorf("(body_id, year, series) %s twice", unit)
		}
		seen[unit] = true
		if row[0] != body.ID {
			continue
		}
		year, _ := strconv.Atoi(row[4])
		spec := specs[year]
		rep := gongkai.Report{Template: spec.Template}
		for k, v := range spec.Facts {
			rep.Facts = append(rep.Facts, gongkai.Fact{Key: k, Value: v})
		}
		var want *float64
		if s, ok := gongkai.SeriesNamed(row[5]); ok {
			want, _ = s.Value(&rep)
		} else if rt, ok := gongkai.RateNamed(row[5]); ok {
			want = rt.Of(&rep)
		} else {
			t.Fatalf("unknown series %s", row[5])
		}
		if row[6] != number(want) {
			t.Errorf("%d %s = %q, want %q", year, row[5], row[6], number(want))
		}
		if wantOffice := body.Name; year <= 2020 && row[1] == wantOffice {
			t.Errorf("%d: office %s, the report printed the former name", year, row[1])
		}
	}
	if len(seen) != len(rows)-1 {
		t.Errorf("duplicate rows")
	}
}
