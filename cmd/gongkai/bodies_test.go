package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
)

// On the fixture network the renamed body (a township until 2020, a street
// office since) is one series: first indexed before the sources file had
// its alias table (two bodies), then after (one, re-filed without parsing
// again), for compare --series and the panel export alike.
func TestRenamedBodyIsOneSeries(t *testing.T) {
	t.Setenv("GONGKAI_ES_URL", "")
	network := fixtures.NewNetwork(2, 2019, 2025)
	site := network.Sites[1]
	if len(site.Aliases) != 1 {
		t.Fatalf("the fixture network has no renamed body: %+v", site)
	}
	former := site.Aliases[0].Name
	served, err := network.Serve()
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	withAliases := network.Sources(served)
	withoutAliases := regexp.MustCompile(`(?m)^    aliases:\n(      - .*\n)+`).ReplaceAllString(withAliases, "")
	if withoutAliases == withAliases {
		t.Fatal("the sources file has no aliases to take out")
	}
	data := filepath.Join(t.TempDir(), "data")
	cli := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if status := run(args, &stdout, &stderr); status != 0 {
			t.Fatalf("gongkai %s: status %d\n%s%s", strings.Join(args, " "), status, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
	series := func() map[int]seriesRow {
		var table seriesTable
		out := cli("compare", "--data", data, "--json", "--series", "applications_received", "--office", site.Name, "--years", "2019-2025")
		if err := json.Unmarshal([]byte(out), &table); err != nil {
			t.Fatal(err)
		}
		rows := map[int]seriesRow{}
		for _, r := range table.Rows {
			if r.Template != "" {
				rows[r.Year] = r
			}
		}
		return rows
	}

	cli("run", "--sources", writeFile(t, "before.yaml", withoutAliases), "--data", data, "--once")
	if rows := series(); len(rows) != 5 {
		t.Errorf("without the alias table, %s has %d years, want 5 (2021–2025)", site.Name, len(rows))
	}

	out := cli("run", "--sources", writeFile(t, "after.yaml", withAliases), "--data", data, "--once")
	if !strings.Contains(out, "编入 0") {
		t.Errorf("adding aliases parsed documents again:\n%s", out)
	}
	rows := series()
	if len(rows) != 7 {
		t.Fatalf("with the alias table, %s has %d years, want 7", site.Name, len(rows))
	}
	body := gongkai.Body{Name: site.Name, Aliases: site.Aliases}
	for _, rep := range site.Reports {
		r := rows[rep.Spec.Year]
		s, _ := gongkai.SeriesNamed("applications_received")
		want, _ := s.Value(&gongkai.Report{Template: rep.Spec.Template, Facts: facts(rep.Spec)})
		if (r.Value == nil) != (want == nil) || (want != nil && *r.Value != *want) {
			t.Errorf("%d: %v, want %v", rep.Spec.Year, r.Value, want)
		}
		if r.BodyID != body.DefaultID() || r.Office != rep.Spec.Office {
			t.Errorf("%d: %s %s, want %s %s", rep.Spec.Year, r.BodyID, r.Office, body.DefaultID(), rep.Spec.Office)
		}
	}
	if rows[2020].Office != former {
		t.Errorf("2020 is filed under %s, the report printed %s", rows[2020].Office, former)
	}

	panel, err := csv.NewReader(strings.NewReader(cli("export", "--data", data, "--format", "panel", "--out", "-"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	years := map[string]bool{}
	for _, row := range panel[1:] {
		if row[0] == body.DefaultID() && row[5] == "applications_received" {
			years[row[4]] = true
		}
		if row[1] == former && row[0] != body.DefaultID() {
			t.Errorf("panel row under the former name has body_id %s", row[0])
		}
	}
	if len(years) != 7 {
		t.Errorf("panel: the renamed body has %d years, want 7", len(years))
	}
}

// facts turns a spec's truth into a report's facts.
func facts(spec *fixtures.Spec) []gongkai.Fact {
	var out []gongkai.Fact
	for k, v := range spec.Facts {
		out = append(out, gongkai.Fact{Key: k, Value: v})
	}
	return out
}
