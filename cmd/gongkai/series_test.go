package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/parse"
)

// One body's reports under three templates, parsed from their rendered
// pages and indexed in a real SQLite store: compare --series reads each
// year's figure from the key its template prints it under, and says so.
func TestCompareSeries(t *testing.T) {
	specs := []*fixtures.Spec{
		fixtures.GenerateLegacyFor(11, 0, 2011, fixtures.NationalForm),
		fixtures.GenerateLegacyFor(12, 0, 2015, fixtures.FujianForm),
		fixtures.GenerateFor(13, 0, 2020), // 2019 template
		fixtures.GenerateFor(14, 0, 2023), // 2021 template
	}
	dir := t.TempDir()
	idx, err := sqlite.Open(filepath.Join(dir, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	office := specs[0].Office
	for i, s := range specs {
		if s.Office != office {
			t.Fatalf("fixture %d is published by %s, not %s", i, s.Office, office)
		}
		source := s.Template + ".html"
		rep, err := parse.Bytes(source, s.Render(fixtures.Options{Layout: fixtures.HTMLGrid}))
		if err != nil {
			t.Fatal(err)
		}
		if err := idx.Put(context.Background(), gongkai.Entry{ID: gongkai.EntryID(rep.Office, rep.Year, source), Report: *rep}); err != nil {
			t.Fatal(err)
		}
	}
	idx.Close()

	var stdout, stderr bytes.Buffer
	args := []string{"compare", "--es", "", "--data", dir, "--series", "applications_received", "--office", office, "--years", "2010-2025"}
	if status := run(append(args, "--json"), &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	var got seriesTable
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != 16 {
		t.Fatalf("%d rows, want one per year 2010–2025", len(got.Rows))
	}
	want := map[int]struct {
		template, key string
		spec          *fixtures.Spec
	}{
		2011: {gongkai.TemplateLegacy, "legacy.applications_received.year", specs[0]},
		2015: {gongkai.TemplateLegacy, "legacy.applications_received.year", specs[1]},
		2020: {gongkai.Template2019, "applications.new_received.total", specs[2]},
		2023: {gongkai.Template2021, "applications.new_received.total", specs[3]},
	}
	for i, r := range got.Rows {
		if r.Year != 2010+i {
			t.Errorf("row %d is year %d, want %d", i, r.Year, 2010+i)
		}
		w, ok := want[r.Year]
		if !ok {
			if r.Template != "" || r.Value != nil {
				t.Errorf("%d: %+v, want a year without a report", r.Year, r)
			}
			continue
		}
		v := w.spec.Facts[w.key]
		if r.Template != w.template || len(r.Keys) != 1 || r.Keys[0] != w.key || (v == nil) != (r.Value == nil) || (v != nil && *v != *r.Value) {
			t.Errorf("%d: template %s keys %v value %v, want %s %s %v", r.Year, r.Template, r.Keys, r.Value, w.template, w.key, v)
		}
	}

	stdout.Reset()
	if status := run(args, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	text := stdout.String()
	for _, s := range []string{"收到申请数", "无报告", "2019年前统计表 legacy", "2021版 2021", "legacy.applications_received.year", "注 2019年前统计表 legacy"} {
		if !strings.Contains(text, s) {
			t.Errorf("compare --series output lacks %q:\n%s", s, text)
		}
	}
	for _, bad := range [][]string{
		{"compare", "--es", "", "--data", dir, "--series", "no_such", "--office", office},
		{"compare", "--es", "", "--data", dir, "--series", "reviews", "--key", "applications.new_received.total", "--office", office},
	} {
		if status := run(bad, &stdout, &stderr); status != 2 {
			t.Errorf("%v: status %d, want 2", bad, status)
		}
	}
}

// compare --series with a rate over a region: each report's rate, as the
// truth of its fixture gives it, and the quartiles of a level's bodies.
func TestCompareRateQuartiles(t *testing.T) {
	dir := t.TempDir()
	idx, err := sqlite.Open(filepath.Join(dir, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	rt, _ := gongkai.RateNamed(gongkai.RateDisclosure)
	truth := map[string]*float64{}
	var rates []float64
	for i := range 12 {
		s := fixtures.GenerateFor(uint64(300+i), 8*i, 2024) // twelve bodies of 哈密市伊州区
		rep, err := parse.Bytes("r.html", s.Render(fixtures.Options{Layout: fixtures.HTMLGrid}))
		if err != nil {
			t.Fatal(err)
		}
		facts := make([]gongkai.Fact, 0, len(s.Facts))
		for k, v := range s.Facts {
			facts = append(facts, gongkai.Fact{Key: k, Value: v})
		}
		want := rt.Of(&gongkai.Report{Template: s.Template, Facts: facts})
		truth[s.Office] = want
		if want != nil {
			rates = append(rates, *want)
		}
		e := gongkai.Entry{ID: gongkai.EntryID(rep.Office, rep.Year, "r"), Report: *rep, Region: "650502", Level: "county"}
		if err := idx.Put(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	idx.Close()
	var stdout, stderr bytes.Buffer
	if status := run([]string{"compare", "--es", "", "--data", dir, "--series", gongkai.RateDisclosure, "--region", "6505", "--years", "2024", "--json"}, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	var got seriesTable
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != 12 {
		t.Errorf("%d rows, want 12", len(got.Rows))
	}
	for _, r := range got.Rows {
		if want := truth[r.Office]; (want == nil) != (r.Value == nil) || (want != nil && *want != *r.Value) {
			t.Errorf("%s: %v, want %v", r.Office, r.Value, want)
		}
	}
	q, ok := gongkai.QuartilesOf(rates)
	if len(got.Peers) != 1 || got.Peers[0].N != len(rates) || !ok || got.Peers[0].P50 == nil || *got.Peers[0].P50 != q.P50 || *got.Peers[0].P25 != q.P25 {
		t.Errorf("peers %+v, want %d bodies with quartiles %+v", got.Peers, len(rates), q)
	}
	stdout.Reset()
	if status := run([]string{"compare", "--es", "", "--data", dir, "--series", gongkai.RateDisclosure, "--region", "6505", "--years", "2024"}, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	if text := stdout.String(); !strings.Contains(text, "同级分位数") || !strings.Contains(text, gongkai.Percent(&q.P50)) || !strings.Contains(text, "县级") {
		t.Errorf("text output lacks the quartiles:\n%s", text)
	}
}
