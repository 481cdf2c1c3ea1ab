package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/places"
)

// seriesTable is a series across the years: what compare --series prints.
type seriesTable struct {
	Series string      `json:"series"`
	Label  string      `json:"label"`
	Rows   []seriesRow `json:"rows"`
	Peers  []peerRow   `json:"peers,omitempty"` // a rate over a region: its quartiles per year and level
}

// peerRow is the quartiles of a rate among a region's bodies of one level
// in one year; P25–P75 are null under gongkai.MinPeers bodies.
type peerRow struct {
	Year  int      `json:"year"`
	Level string   `json:"level"`
	N     int      `json:"n"`
	P25   *float64 `json:"p25"`
	P50   *float64 `json:"p50"`
	P75   *float64 `json:"p75"`
}

// peerQuartiles computes a rate's quartiles per year and level over
// entries, one report per body and year (the one with the most facts).
func peerQuartiles(rate string, entries []gongkai.Entry) []peerRow {
	var out []peerRow
	for k, vs := range gongkai.RatesByPeers(gongkai.PerBodyYear(entries)) {
		if k.Rate != rate {
			continue
		}
		row := peerRow{Year: k.Year, Level: k.Level, N: len(vs)}
		if q, ok := gongkai.QuartilesOf(vs); ok {
			row.P25, row.P50, row.P75 = &q.P25, &q.P50, &q.P75
		}
		out = append(out, row)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Year != out[j].Year {
			return out[i].Year < out[j].Year
		}
		return out[i].Level < out[j].Level
	})
	return out
}

// seriesRow is one report's value of a series, or a year in the asked
// range for which the body has no report (Template "").
type seriesRow struct {
	Year     int      `json:"year"`
	Office   string   `json:"office,omitempty"`
	BodyID   string   `json:"body_id,omitempty"`
	ID       string   `json:"id,omitempty"`
	Template string   `json:"template,omitempty"`
	Value    *float64 `json:"value"`
	Keys     []string `json:"keys,omitempty"` // the keys that fed the value under the report's template
	Note     string   `json:"note,omitempty"` // how the template's definition differs
}

// measure is what compare --series reads from a report: a series of the
// crosswalk or a rate.
type measure struct {
	Name, Label string
	Value       func(r *gongkai.Report) (*float64, []string)
	Notes       map[string]string
	Keys        map[string][]string // template → the keys it reads
	Rate        bool                // a fraction, printed as a percentage
}

// measureNamed is the series or rate of that name.
func measureNamed(name string) (measure, bool) {
	if s, ok := gongkai.SeriesNamed(name); ok {
		return measure{Name: s.Name, Label: s.Label, Value: s.Value, Notes: s.Notes, Keys: s.Feeds}, true
	}
	if rt, ok := gongkai.RateNamed(name); ok {
		keys := map[string][]string{}
		for _, tmpl := range []string{gongkai.TemplateLegacy, gongkai.Template2019, gongkai.Template2021} {
			keys[tmpl] = rt.Keys(tmpl)
		}
		return measure{Name: rt.Name, Label: rt.Label, Notes: rt.Notes, Keys: keys, Rate: true,
			Value: func(r *gongkai.Report) (*float64, []string) { return rt.Of(r), keys[r.Template] }}, true
	}
	return measure{}, false
}

// runSeries is compare --series: the series' (or rate's) value in every
// report q matches over the years, whichever template fed it; for a body,
// under every name its alias table gives it.
func runSeries(cmd *cobra.Command, stdout io.Writer, store *storeFlags, name string, q index.CompareQuery, years string, asJSON bool) error {
	m, ok := measureNamed(name)
	if !ok {
		return usageError{fmt.Errorf("compare: unknown series %q; the series are %s", name, seriesNames())}
	}
	if cmd.Flags().Changed("key") {
		return usageError{fmt.Errorf("compare: give --key or --series, not both")}
	}
	var err error
	if q.YearFrom, q.YearTo, err = index.ParseYears(years); err != nil {
		return usageError{err}
	}
	idx, err := store.openExisting(cmd.Context())
	if err != nil {
		return err
	}
	defer idx.Close()
	if q.Office != "" {
		if q.Office, err = resolveOffice(cmd.Context(), idx, q.Office); err != nil {
			return err
		}
	}
	if q.Region, err = places.Resolve(q.Region); err != nil {
		return usageError{err}
	}
	t, err := compareSeries(cmd.Context(), idx, m, q)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(t)
	}
	writeSeries(stdout, t, m.Rate)
	return nil
}

// compareSeries reads a measure from every report q matches, whatever its
// template; for one body, the reports under all its names, and a year of a
// bounded range without a report gets a row of its own.
func compareSeries(ctx context.Context, idx index.Index, m measure, q index.CompareQuery) (*seriesTable, error) {
	var entries []gongkai.Entry
	if q.Office != "" {
		all, body, err := export.BodyEntries(ctx, idx, q.Office)
		if err != nil {
			return nil, fmt.Errorf("compare: %w", err)
		}
		for _, e := range all {
			if y := e.Report.Year; (q.YearFrom == 0 || y >= q.YearFrom) && (q.YearTo == 0 || y <= q.YearTo) {
				entries = append(entries, e)
			}
		}
		q.Office = body.Name
	} else {
		seen := map[string]bool{}
		for _, keys := range m.Keys {
			for _, k := range keys {
				if !seen[k] {
					seen[k] = true
					q.Keys = append(q.Keys, k)
				}
			}
		}
		sort.Strings(q.Keys)
		cmp, err := idx.Compare(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, r := range cmp.Rows {
			e, err := idx.Get(ctx, r.ID)
			if err != nil {
				return nil, fmt.Errorf("compare: report %s: %w", r.ID, err)
			}
			entries = append(entries, *e)
		}
	}
	out := &seriesTable{Series: m.Name, Label: m.Label, Rows: []seriesRow{}}
	years := map[int]bool{}
	for i := range entries {
		e := &entries[i]
		v, keys := m.Value(&e.Report)
		tmpl := e.Report.Template
		out.Rows = append(out.Rows, seriesRow{Year: e.Report.Year, Office: e.Report.Office, BodyID: e.BodyID(), ID: e.ID, Template: tmpl, Value: v, Keys: keys, Note: m.Notes[tmpl]})
		years[e.Report.Year] = true
	}
	if q.Office != "" && q.YearFrom > 0 && q.YearTo > 0 {
		for y := q.YearFrom; y <= q.YearTo; y++ {
			if !years[y] {
				out.Rows = append(out.Rows, seriesRow{Year: y})
			}
		}
	}
	if m.Rate && q.Office == "" {
		out.Peers = peerQuartiles(m.Name, entries)
	}
	sort.SliceStable(out.Rows, func(i, j int) bool {
		if out.Rows[i].Year != out.Rows[j].Year {
			return out.Rows[i].Year < out.Rows[j].Year
		}
		return out.Rows[i].Office < out.Rows[j].Office
	})
	return out, nil
}

// templateNames are the templates in people's words.
var templateNames = map[string]string{
	gongkai.TemplateLegacy:  "2019年前统计表 legacy",
	gongkai.Template2019:    "2019版 2019",
	gongkai.Template2021:    "2021版 2021",
	gongkai.TemplateUnknown: "未识别 unknown",
}

// writeSeries prints one row per report and year: the value, the template
// that fed it and from which keys; then how each template's definition
// differs.
func writeSeries(w io.Writer, t *seriesTable, rate bool) {
	table := [][]string{{"年度", "机关", t.Label, "模板", "取自"}}
	notes := map[string]string{}
	for _, r := range t.Rows {
		if r.Template == "" {
			table = append(table, []string{strconv.Itoa(r.Year), "—", "—", "无报告", ""})
			continue
		}
		value := "空"
		switch {
		case r.Value != nil && rate:
			value = gongkai.Percent(r.Value)
		case r.Value != nil:
			value = strconv.FormatFloat(*r.Value, 'f', -1, 64)
		}
		from := strings.Join(r.Keys, " + ")
		if from == "" {
			from = "此模板不印此数"
		}
		table = append(table, []string{strconv.Itoa(r.Year), truncate(r.Office, 30), value, templateNames[r.Template], from})
		if r.Note != "" {
			notes[r.Template] = r.Note
		}
	}
	writeColumns(w, table, func(col int) bool { return col == 2 })
	if len(t.Peers) > 0 {
		fmt.Fprintf(w, "\n同级分位数（每个机关每年一份报告；有%s的机关少于 %d 个时不给出）\n", t.Label, gongkai.MinPeers)
		peers := [][]string{{"年度", "层级", "机关数", "P25", "P50", "P75"}}
		for _, p := range t.Peers {
			row := []string{strconv.Itoa(p.Year), gongkai.LevelLabel(p.Level), strconv.Itoa(p.N), "样本不足", "", ""}
			if p.P25 != nil {
				row[3], row[4], row[5] = gongkai.Percent(p.P25), gongkai.Percent(p.P50), gongkai.Percent(p.P75)
			}
			peers = append(peers, row)
		}
		writeColumns(w, peers, func(col int) bool { return col >= 2 })
	}
	for _, tmpl := range []string{gongkai.TemplateLegacy, gongkai.Template2019, gongkai.Template2021} {
		if n := notes[tmpl]; n != "" {
			fmt.Fprintf(w, "  注 %s: %s\n", templateNames[tmpl], n)
		}
	}
}

// seriesNames lists the crosswalk's series and the rates for a usage message.
func seriesNames() string {
	var names []string
	for _, s := range gongkai.AllSeries {
		names = append(names, s.Name)
	}
	for _, rt := range gongkai.AllRates {
		names = append(names, rt.Name)
	}
	return strings.Join(names, ", ")
}
