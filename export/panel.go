package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	gongkai "github.com/gongkai/gongkai"
)

// PanelColumns head the panel export.
var PanelColumns = []string{"body_id", "office", "region", "level", "year", "series", "value", "template", "source"}

// Panel writes the long panel researchers load into Stata, R or pandas:
// one row per body, year and measure — every series of the crosswalk
// (gongkai.AllSeries) and every rate (gongkai.AllRates, a fraction) — keyed
// by the body id, so a renamed body is one panel unit. A body with several
// reports for a year (a page and its attachment) is represented by the one
// with the most facts, so (body_id, year, series) is unique; source names
// it. A blank value is an empty cell, never 0. No byte order mark: the
// file is for programs (Stata's import delimited reads the BOM into the
// first column's name).
func Panel(w io.Writer, entries []gongkai.Entry) error {
	cw := safeCSV{csv.NewWriter(w)}
	if err := cw.Write(PanelColumns); err != nil {
		return fmt.Errorf("export panel: %w", err)
	}
	for _, e := range gongkai.PerBodyYear(entries) {
		r := &e.Report
		row := func(name string, v *float64) error {
			return cw.Write([]string{e.BodyID(), r.Office, e.Region, e.Level, strconv.Itoa(r.Year), name, number(v), r.Template, r.Source})
		}
		for _, s := range gongkai.AllSeries {
			v, _ := s.Value(r)
			if err := row(s.Name, v); err != nil {
				return fmt.Errorf("export panel: %s: %w", e.ID, err)
			}
		}
		for _, rt := range gongkai.AllRates {
			if err := row(rt.Name, rt.Of(r)); err != nil {
				return fmt.Errorf("export panel: %s: %w", e.ID, err)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
