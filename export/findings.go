package export

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// reviewHeader and reviewLabels name the columns a findings export adds
// for each finding's key and review.
var (
	reviewHeader = []string{"key", "review_status", "审核结论", "reviewed_by", "reviewed_at", "review_note"}
	reviewLabels = []string{"标识", "审核状态代码", "审核结论", "审核人", "审核时间", "审核说明"}
)

func reviewedRow(rf index.ReviewedFinding) []string {
	row := append(findingRow(rf.Finding), rf.Key, "", "", "", "", "")
	if r := rf.Review; r != nil {
		n := len(row)
		row[n-5], row[n-4], row[n-3], row[n-2], row[n-1] = r.Status, gongkai.ReviewStatusLabels[r.Status], r.By, r.At.UTC().Format(time.RFC3339), r.Note
	}
	return row
}

// EachFinding yields findings one at a time: index.Findings.EachFinding
// with its query bound.
type EachFinding func(visit func(index.ReviewedFinding) error) error

// WriteFindings writes the findings each yields, with their keys and
// reviews, as CSV (with the BOM) or XLSX (one sheet, 核对发现, a Chinese
// label row, numbers as numbers), a row at a time: neither holds the
// findings in memory (the XLSX writer keeps large sheets in a temporary
// file).
func WriteFindings(w io.Writer, format string, each EachFinding) error {
	header := append(slices.Clone(findingHeader), reviewHeader...)
	switch format {
	case "csv":
		cw, err := csvWriter(w)
		if err != nil {
			return err
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		err = each(func(rf index.ReviewedFinding) error { return cw.Write(reviewedRow(rf)) })
		if err != nil {
			return fmt.Errorf("export findings: %w", err)
		}
		cw.Flush()
		return cw.Error()
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		if err := f.SetSheetName("Sheet1", SheetFindings); err != nil {
			return fmt.Errorf("export xlsx: %w", err)
		}
		sw, err := f.NewStreamWriter(SheetFindings)
		if err != nil {
			return fmt.Errorf("export xlsx: %w", err)
		}
		row := 0
		add := func(cells []any) error {
			row++
			cell, err := excelize.CoordinatesToCellName(1, row)
			if err != nil {
				return err
			}
			return sw.SetRow(cell, cells)
		}
		if err := add(strs(header)); err != nil {
			return fmt.Errorf("export xlsx: %w", err)
		}
		if err := add(strs(append(slices.Clone(findingLabels), reviewLabels...))); err != nil {
			return fmt.Errorf("export xlsx: %w", err)
		}
		err = each(func(rf index.ReviewedFinding) error { return add(typed(reviewedRow(rf), findingNumberColumns...)) })
		if err != nil {
			return fmt.Errorf("export xlsx: %w", err)
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("export xlsx: %w", err)
		}
		if err := f.Write(w); err != nil {
			return fmt.Errorf("export xlsx: %w", err)
		}
		return nil
	}
	return fmt.Errorf("export findings: unknown format %q (want csv, xlsx)", format)
}

// Workbook reads what the XLSX export of f holds: the entries f keeps, of
// each what a workbook shows (Tables), and the findings the index stored
// about them, read while the entries are: every finding of each report
// (by its id), and the reports missing in f's years, region, level and
// office unless f also narrows by what only a report has (template, failed
// checks). They are the index's findings, computed over the whole
// collection, not over the entries alone: a year's export still shows
// what needs the year before (cross-year checks, copied narratives) and
// rates measured against every peer of the province, not the exported
// ones only.
func Workbook(ctx context.Context, idx index.Index, f index.Filter) ([]gongkai.Entry, []gongkai.Finding, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var scope []gongkai.Finding
	read := make(chan error, 1)
	go func() {
		var err error
		scope, err = scopeFindings(ctx, idx, f)
		read <- err
	}()
	entries, err := Tables(ctx, idx, f)
	if err != nil {
		cancel()
		<-read
		return nil, nil, err
	}
	if err := <-read; err != nil {
		return nil, nil, err
	}
	return entries, findingsAbout(scope, f, entries), nil
}

// scopeFindings returns the findings in f's years, region, level and
// office, of which Workbook keeps those about the export's reports.
func scopeFindings(ctx context.Context, idx index.Findings, f index.Filter) ([]gongkai.Finding, error) {
	scope := index.Filter{YearFrom: f.YearFrom, YearTo: f.YearTo, Region: f.Region, Level: f.Level, Office: f.Office}
	var out []gongkai.Finding
	err := idx.EachFinding(ctx, index.FindingQuery{Filter: scope}, func(rf index.ReviewedFinding) error {
		out = append(out, rf.Finding)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: findings: %w", err)
	}
	return out, nil
}

// findingsAbout keeps of scope, the findings of filter f's scope, those
// about entries (Workbook).
func findingsAbout(scope []gongkai.Finding, f index.Filter, entries []gongkai.Entry) []gongkai.Finding {
	ids := make(map[string]bool, len(entries))
	for i := range entries {
		ids[entries[i].ID] = true
	}
	missing := f.Template == "" && !f.FailedChecks && f.Check == ""
	out := scope[:0]
	for _, fd := range scope {
		if ids[fd.ID] || fd.ID == "" && missing {
			out = append(out, fd)
		}
	}
	return out
}
