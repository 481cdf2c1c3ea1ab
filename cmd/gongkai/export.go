package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
)

func newExportCmd(stdout io.Writer) *cobra.Command {
	var (
		store   storeFlags
		filters filterFlags
		format  string
		out     string
		long    bool
		labels  bool
	)
	cmd := &cobra.Command{
		Use:   "export [--data DIR | --es URL] --format csv|xlsx|jsonl|panel --out FILE [filters]",
		Short: "Export the reports the filters keep as CSV, XLSX, JSON Lines or a long panel",
		Long: `Export writes every report the filters keep (the filters of search):

  csv    UTF-8 with a byte order mark, so Excel shows the Chinese: one row per
         report — id, office, year, region, level, template, published, url,
         failed checks, body_id, the four rates (fractions) — and a column per
         fact key in template order; with --long one row per fact: id, office,
         year, key, value, raw, body_id; with
         --labels a second header row names the columns in Chinese.
  xlsx   a workbook: the reports, a sheet per table (a column per key, headed
         by the key and its printed labels) and the findings the index made
         of those reports over the whole collection (a year's copied
         narrative or cross-year check, measured against the year before,
         too); each sheet has a Chinese label row under its header, numbers
         (years too) are stored as numbers.
  jsonl  one JSON object per line: the whole indexed entry.
  panel  the long panel for Stata, R or pandas (CSV without BOM): body_id,
         office, region, level, year, series, value, template, source — one
         row per body, year and series or rate; a renamed body is one
         body_id; one report per body and year (the one with most facts).

--out - writes to standard output.`,
		Example: `  gongkai export --format csv --out reports.csv --year 2019-2025
  gongkai export --format xlsx --out hami.xlsx --region 6522
  gongkai export --format csv --long --out facts.csv --failed-checks
  gongkai export --format panel --out panel.csv --year 2008-2025`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains(export.Formats, format) {
				return usageError{fmt.Errorf("export: --format must be one of %s, not %q", strings.Join(export.Formats, ", "), format)}
			}
			if out == "" {
				return usageError{fmt.Errorf("export: --out FILE is required (- for standard output)")}
			}
			if (long || labels) && format != "csv" {
				return usageError{fmt.Errorf("export: --long 与 --labels 只用于 --format csv（XLSX 总有中文标题行）")}
			}
			f, err := filters.filter()
			if err != nil {
				return err
			}
			idx, err := store.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer idx.Close()
			opts := export.Options{Long: long, Labels: labels}
			var entries []gongkai.Entry
			if format == "xlsx" {
				entries, opts.Findings, err = export.Workbook(cmd.Context(), idx, f)
			} else {
				entries, err = export.All(cmd.Context(), idx, f)
			}
			if err != nil {
				return err
			}
			if out == "-" {
				w := bufio.NewWriter(stdout)
				if err := export.Write(w, format, opts, entries); err != nil {
					return err
				}
				return w.Flush()
			}
			file, err := os.Create(out)
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			w := bufio.NewWriter(file)
			if err := export.Write(w, format, opts, entries); err != nil {
				file.Close()
				return fmt.Errorf("export %s: %w", out, err)
			}
			if err := w.Flush(); err != nil {
				file.Close()
				return fmt.Errorf("export %s: %w", out, err)
			}
			if err := file.Close(); err != nil {
				return fmt.Errorf("export %s: %w", out, err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "导出：%d 份报告 → %s\n", len(entries), out)
			return nil
		},
	}
	store.register(cmd)
	filters.register(cmd)
	cmd.Flags().StringVar(&format, "format", "csv", "csv, xlsx or jsonl")
	cmd.Flags().StringVar(&out, "out", "", "file to write (- for standard output)")
	cmd.Flags().BoolVar(&long, "long", false, "CSV with one row per fact instead of one per report")
	cmd.Flags().BoolVar(&labels, "labels", false, "CSV with a second header row naming the columns in Chinese (行政复议 · 总计)")
	return cmd
}
