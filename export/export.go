// Package export writes indexed reports out for people and programs: CSV
// that Excel opens with Chinese intact (UTF-8 with a byte order mark), one
// row per report or one per fact; XLSX with a sheet per table and one of
// findings; JSON Lines of whole entries. Columns follow gongkai.FactKeys, so
// a key is always in the same column whatever the reports hold.
package export

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/places"
)

// Formats are the formats Write knows.
var Formats = []string{"csv", "xlsx", "jsonl", "panel"}

// BOM is the UTF-8 byte order mark that tells Excel a CSV file is UTF-8.
const BOM = "\uFEFF"

// pageSize is how many hits All asks the index for at a time (a variable
// so that tests can make it page).
var pageSize = 500

// firstPage is how many hits the first page of an export asks for: few,
// since a page's entries are all read (GetMany) before the first is
// written, and a stream should start at once.
const firstPage = 4

// All returns every entry that matches f, in the index's search order. It
// pages through Search and reads each page's hits whole with GetMany, so it
// works on any index backend and needs no export call of its own. Nothing
// is written before the last entry is read, so its pages are long from
// the first.
func All(ctx context.Context, idx index.Index, f index.Filter) ([]gongkai.Entry, error) {
	var out []gongkai.Entry
	err := eachOf(ctx, idx, f, pageSize, func(index.Hit) bool { return true }, collect(&out))
	return out, err
}

// Tables is All for an XLSX workbook (XLSX): from an index that can
// (index.TableReader) it reads of each entry only what the workbook shows
// (index.TableFields), from any other the whole entry.
func Tables(ctx context.Context, idx index.Index, f index.Filter) ([]gongkai.Entry, error) {
	t, ok := idx.(index.TableReader)
	if !ok {
		return All(ctx, idx, f)
	}
	var out []gongkai.Entry
	err := t.EachTable(ctx, f, collect(&out))
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return out, nil
}

// collect appends each entry it visits to out.
func collect(out *[]gongkai.Entry) func(*gongkai.Entry) error {
	return func(e *gongkai.Entry) error {
		*out = append(*out, *e)
		return nil
	}
}

// Each calls visit for every entry that matches f, in the index's search
// order, holding one search page of entries at a time: All without the
// memory.
func Each(ctx context.Context, idx index.Index, f index.Filter, visit func(*gongkai.Entry) error) error {
	return eachOf(ctx, idx, f, firstPage, func(index.Hit) bool { return true }, visit)
}

// eachOf is Each for the hits keep keeps, whose first page asks for first
// hits: an entry is read only for them.
func eachOf(ctx context.Context, idx index.Index, f index.Filter, first int, keep func(index.Hit) bool, visit func(*gongkai.Entry) error) error {
	// A stream's first page is short, so that it starts at once; the next
	// grow to pageSize. Pages follow each other by cursor, not offset: a
	// deep offset costs Elasticsearch a walk from the first hit.
	after := ""
	for limit := min(first, pageSize); ; limit = min(limit*4, pageSize) {
		res, err := idx.Search(ctx, index.Query{Filter: f, After: after, Limit: limit})
		if err != nil {
			return fmt.Errorf("export: search: %w", err)
		}
		var ids []string
		for _, h := range res.Hits {
			if keep(h) {
				ids = append(ids, h.ID)
			}
		}
		entries, err := idx.GetMany(ctx, ids)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for i := range entries {
			if err := visit(&entries[i]); err != nil {
				return err
			}
		}
		if len(res.Hits) == 0 || res.Next == "" {
			return nil
		}
		after = res.Next
	}
}

// Entries yields entries one at a time: a slice, or Each with its index
// and filter bound.
type Entries func(visit func(*gongkai.Entry) error) error

// Slice yields the entries of a slice.
func Slice(entries []gongkai.Entry) Entries {
	return func(visit func(*gongkai.Entry) error) error {
		for i := range entries {
			if err := visit(&entries[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// Stream writes the entries each yields in format "csv" or "jsonl", one
// at a time, so an export of any size holds one entry in memory. XLSX is
// built whole in memory and is not streamed: use Write.
func Stream(w io.Writer, format string, opts Options, each Entries) error {
	switch format {
	case "csv":
		if opts.Long {
			return csvLong(w, each, opts.Labels)
		}
		return csvWide(w, each, opts.Labels)
	case "jsonl":
		return jsonLines(w, each)
	}
	return fmt.Errorf("export: format %q is not streamed (want csv or jsonl)", format)
}

// Options shape an export.
type Options struct {
	Long   bool // CSV: one row per fact instead of one per report
	Labels bool // CSV: a second header row naming the columns in Chinese
	// Findings fill an XLSX's findings sheet: what the index stored about
	// the entries (Workbook).
	Findings []gongkai.Finding
}

// Write writes entries in format: "csv" (as opts say), "xlsx" or "jsonl".
func Write(w io.Writer, format string, opts Options, entries []gongkai.Entry) error {
	switch format {
	case "csv":
		if opts.Long {
			return CSVLong(w, entries, opts.Labels)
		}
		return CSV(w, entries, opts.Labels)
	case "xlsx":
		return XLSX(w, entries, opts.Findings)
	case "jsonl":
		return JSONL(w, entries)
	case "panel":
		return Panel(w, entries)
	}
	return fmt.Errorf("export: unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// ContentType is the media type of a format, for an HTTP response.
func ContentType(format string) string {
	switch format {
	case "csv", "panel":
		return "text/csv; charset=utf-8"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/x-ndjson; charset=utf-8"
}

// metaColumns head every per-report row, before the fact keys: what the
// collection knows of the report, then its rates (gongkai.AllRates, as
// fractions).
var metaColumns = append([]string{"id", "office", "year", "region", "region_name", "level", "template", "published", "url", "failed_checks", "body_id"},
	rateNames()...)

// metaNumberColumns are the metaColumns holding numbers: year and the rates.
var metaNumberColumns = []int{2, 11, 12, 13, 14}

func rateNames() []string {
	var names []string
	for _, rt := range gongkai.AllRates {
		names = append(names, rt.Name)
	}
	return names
}

func meta(e *gongkai.Entry) []string {
	r := &e.Report
	row := []string{e.ID, r.Office, strconv.Itoa(r.Year), e.Region, places.Name(e.Region), e.Level, r.Template,
		gongkai.PublicationDate(r), e.URL, strings.Join(index.FailedChecks(r), " "), e.BodyID()}
	for _, rt := range gongkai.AllRates {
		row = append(row, number(rt.Of(r)))
	}
	return row
}

// Value formats a fact's value: the shortest decimal, "" for a blank cell
// or a fact the report does not have.
func Value(f *gongkai.Fact) string {
	if f == nil || f.Value == nil {
		return ""
	}
	return strconv.FormatFloat(*f.Value, 'f', -1, 64)
}

// CSV writes one row per report: the report's metadata, then a column per
// canonical key in template order; with labels, a row of Chinese column
// names under the keys.
func CSV(w io.Writer, entries []gongkai.Entry, labels bool) error {
	return csvWide(w, Slice(entries), labels)
}

func csvWide(w io.Writer, each Entries, labels bool) error {
	keys := gongkai.FactKeys()
	cw, err := csvWriter(w)
	if err != nil {
		return err
	}
	if err := cw.Write(append(append([]string{}, metaColumns...), keys...)); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	if labels {
		if err := cw.Write(append(append([]string{}, metaLabels...), keyLabels(keys)...)); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	err = each(func(e *gongkai.Entry) error {
		facts := factMap(&e.Report)
		row := meta(e)
		for _, k := range keys {
			row = append(row, Value(facts[k]))
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("export csv: %s: %w", e.ID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// CSVLong writes one row per fact: id, office, year, key, value and the
// cell as printed, facts in template order; with labels, a row of Chinese
// column names under the header and the key's label beside each key.
func CSVLong(w io.Writer, entries []gongkai.Entry, labels bool) error {
	return csvLong(w, Slice(entries), labels)
}

func csvLong(w io.Writer, each Entries, labels bool) error {
	cw, err := csvWriter(w)
	if err != nil {
		return err
	}
	head := []string{"id", "office", "year", "key", "value", "raw", "body_id"}
	if labels {
		head = append(head, "label")
	}
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	if labels {
		if err := cw.Write([]string{"编号", "机关", "年度", "数据项", "数值", "原文", "机关编号", "数据项名称"}); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	keys := gongkai.FactKeys()
	err = each(func(e *gongkai.Entry) error {
		facts := factMap(&e.Report)
		for _, k := range keys {
			if f := facts[k]; f != nil {
				row := []string{e.ID, e.Report.Office, strconv.Itoa(e.Report.Year), k, Value(f), f.Raw, e.BodyID()}
				if labels {
					row = append(row, gongkai.KeyLabel(k))
				}
				if err := cw.Write(row); err != nil {
					return fmt.Errorf("export csv: %s: %w", e.ID, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func findingRows(findings []gongkai.Finding) [][]string {
	rows := [][]string{findingHeader}
	for _, f := range findings {
		rows = append(rows, findingRow(f))
	}
	return rows
}

// findingHeader names the columns of findingRow.
var findingHeader = []string{"kind", "类别", "office", "year", "region", "level", "check", "want", "got", "detail", "id"}

func findingRow(f gongkai.Finding) []string {
	return []string{f.Kind, gongkai.FindingKindLabels[f.Kind], f.Office, strconv.Itoa(f.Year), f.Region, f.Level,
		f.Check, number(f.Want), number(f.Got), f.Detail, f.ID}
}

func number(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// csvWriter writes the BOM and returns a CSV writer that neutralises
// every cell (see Neutralise).
func csvWriter(w io.Writer) (safeCSV, error) {
	if _, err := io.WriteString(w, BOM); err != nil {
		return safeCSV{}, fmt.Errorf("export csv: %w", err)
	}
	return safeCSV{csv.NewWriter(w)}, nil
}

// safeCSV is a CSV writer whose cells cannot be spreadsheet formulas.
type safeCSV struct{ *csv.Writer }

func (w safeCSV) Write(row []string) error {
	safe := make([]string, len(row))
	for i, c := range row {
		safe[i] = Neutralise(c)
	}
	return w.Writer.Write(safe)
}

// Neutralise makes a cell inert in a spreadsheet. Excel and LibreOffice
// read a cell starting with = + - @ TAB or CR as a formula, and a report's
// own text reaches these cells (=HYPERLINK(…) in a title or a finding's
// detail), so such a cell gets a leading apostrophe, which shows the text
// as written. Numbers ("-3", "+5") stay as they are: they are not formulas.
func Neutralise(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return cell
	}
	if _, err := strconv.ParseFloat(cell, 64); err == nil {
		return cell
	}
	return "'" + cell
}

func factMap(r *gongkai.Report) map[string]*gongkai.Fact {
	m := make(map[string]*gongkai.Fact, len(r.Facts))
	for i := range r.Facts {
		m[r.Facts[i].Key] = &r.Facts[i]
	}
	return m
}

// JSONL writes each entry whole as one line of JSON.
func JSONL(w io.Writer, entries []gongkai.Entry) error {
	return jsonLines(w, Slice(entries))
}

func jsonLines(w io.Writer, each Entries) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return each(func(e *gongkai.Entry) error {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("export jsonl: %s: %w", e.ID, err)
		}
		return nil
	})
}

// Sheet names of the XLSX workbook.
const (
	SheetReports  = "报告"
	SheetActive   = "二、主动公开"
	SheetApps     = "三、依申请公开"
	SheetReview   = "四、复议诉讼"
	SheetLegacy   = "2019年前统计表"
	SheetFindings = "核对发现"
)

// XLSX writes a workbook: the reports' metadata, a sheet per table (a row
// per report, a column per key, headed by the key and its printed labels;
// the pre-2019 statistics table's only when a report prints one) and a
// sheet of findings, those about the entries (Workbook).
func XLSX(w io.Writer, entries []gongkai.Entry, findings []gongkai.Finding) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetReports); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	rows := [][]any{strs(metaColumns), strs(metaLabels)}
	for i := range entries {
		rows = append(rows, typed(meta(&entries[i]), metaNumberColumns...))
	}
	if err := setRows(f, SheetReports, rows); err != nil {
		return err
	}
	tables := []struct{ sheet, table string }{
		{SheetActive, gongkai.TableActive}, {SheetApps, gongkai.TableApplications}, {SheetReview, gongkai.TableReviewLitigation},
	}
	if hasLegacy(entries) { // the pre-2019 statistics table, when some report prints one
		tables = append(tables, struct{ sheet, table string }{SheetLegacy, gongkai.TableLegacy})
	}
	facts := make([]map[string]*gongkai.Fact, len(entries)) // by key, each report's once for every sheet
	for i := range entries {
		facts[i] = factMap(&entries[i].Report)
	}
	for _, t := range tables {
		var keys []string
		for _, k := range gongkai.FactKeys() {
			if strings.HasPrefix(k, t.table+".") {
				keys = append(keys, k)
			}
		}
		head := []any{"id", "office", "year"}
		labels := []any{"", "机关", "年度"}
		for _, k := range keys {
			head = append(head, k)
			labels = append(labels, gongkai.KeyLabel(k))
		}
		rows := [][]any{head, labels}
		for i := range entries {
			e := &entries[i]
			row := []any{e.ID, e.Report.Office, e.Report.Year}
			for _, k := range keys {
				if fact := facts[i][k]; fact != nil && fact.Value != nil {
					row = append(row, *fact.Value)
				} else {
					row = append(row, nil)
				}
			}
			rows = append(rows, row)
		}
		if _, err := f.NewSheet(t.sheet); err != nil {
			return fmt.Errorf("export xlsx: %w", err)
		}
		if err := setRows(f, t.sheet, rows); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet(SheetFindings); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	if err := findingsSheet(f, findings); err != nil {
		return err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	return nil
}

// findingsSheet fills the sheet 核对发现: keys, Chinese labels, then a row
// per finding.
func findingsSheet(f *excelize.File, findings []gongkai.Finding) error {
	var rows [][]any
	for i, r := range findingRows(findings) {
		if i == 0 {
			rows = append(rows, strs(r), strs(findingLabels))
			continue
		}
		rows = append(rows, typed(r, findingNumberColumns...))
	}
	return setRows(f, SheetFindings, rows)
}

func strs(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// setRows writes a new sheet's rows through excelize's stream writer,
// which writes each row's XML once instead of building a cell tree for
// the whole sheet (a third of a workbook's time with SetSheetRow).
func setRows(f *excelize.File, sheet string, rows [][]any) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("export xlsx: sheet %s: %w", sheet, err)
	}
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return fmt.Errorf("export xlsx: %w", err)
		}
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("export xlsx: sheet %s row %d: %w", sheet, i+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("export xlsx: sheet %s: %w", sheet, err)
	}
	return nil
}
