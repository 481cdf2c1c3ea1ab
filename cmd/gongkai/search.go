package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/places"
)

// filterFlags are the search filters shared by search and export.
type filterFlags struct {
	years, region, level, office, template, check string
	failed                                        bool
}

func (f *filterFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.years, "year", "", "year, or range of years (2019-2025)")
	fl.StringVar(&f.region, "region", "", "place name (哈密市) or 行政区划代码 prefix (6505 = every body under 哈密市; former codes such as 6522 map to the current ones)")
	fl.StringVar(&f.level, "level", "", "province|city|county|street|township|department")
	fl.StringVar(&f.office, "office", "", "part of the body's name")
	fl.StringVar(&f.template, "template", "", "2021, 2019, legacy or unknown")
	fl.BoolVar(&f.failed, "failed-checks", false, "only reports with a failed check")
	fl.StringVar(&f.check, "check", "", "only reports where this check failed (e.g. review_litigation.review.sum)")
}

func (f *filterFlags) filter() (index.Filter, error) {
	from, to, err := index.ParseYears(f.years)
	if err != nil {
		return index.Filter{}, usageError{err}
	}
	region, err := places.Resolve(f.region)
	if err != nil {
		return index.Filter{}, usageError{err}
	}
	return index.Filter{
		YearFrom: from, YearTo: to, Region: region, Level: f.level, Office: f.office,
		Template: f.template, FailedChecks: f.failed, Check: f.check,
	}, nil
}

func newSearchCmd(stdout io.Writer) *cobra.Command {
	var (
		store   storeFlags
		filters filterFlags
		asJSON  bool
		limit   int
		offset  int
	)
	cmd := &cobra.Command{
		Use:   "search [--data DIR | --es URL] [--year Y] [--region CODE] [--office TEXT] [--failed-checks] [--json] QUERY",
		Short: "Search the indexed reports",
		Long: `Search finds the reports whose narrative contains every word of QUERY (words
between spaces, or "a phrase" in quotes; an empty QUERY matches every
report) among those the filters keep, and prints them with the matching
passages of the original text marked, and counts by year, region, level and
failed check.`,
		Example: `  gongkai search 政策解读
  gongkai search --region 6522 --year 2025 行政复议
  gongkai search --failed-checks --json ""`,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := filters.filter()
			if err != nil {
				return err
			}
			idx, err := store.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer idx.Close()
			res, err := idx.Search(cmd.Context(), index.Query{Text: strings.Join(args, " "), Filter: f, Limit: limit, Offset: offset})
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetEscapeHTML(false)
				return enc.Encode(res)
			}
			writeResults(stdout, res, offset, isTerminal(stdout))
			return nil
		},
	}
	store.register(cmd)
	filters.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the results as JSON")
	cmd.Flags().IntVar(&limit, "limit", index.DefaultLimit, "hits per page")
	cmd.Flags().IntVar(&offset, "offset", 0, "hits to skip")
	return cmd
}

// writeResults prints hits for a person, 100 columns wide.
func writeResults(w io.Writer, res *index.Results, offset int, terminal bool) {
	open, close := "【", "】"
	if terminal {
		open, close = "\x1b[1;31m", "\x1b[0m"
	}
	if res.Total == 0 {
		fmt.Fprintln(w, "没有符合条件的报告")
		return
	}
	fmt.Fprintf(w, "共 %d 份报告符合条件，第 %d–%d 份：\n\n", res.Total, offset+1, offset+len(res.Hits))
	for _, h := range res.Hits {
		failed := ""
		if len(h.Failed) > 0 {
			failed = fmt.Sprintf("  ✗ %d 项核对未通过", len(h.Failed))
		}
		fmt.Fprintf(w, "%d  %s  %s  模板 %s%s\n", h.Year, h.Office, places.Label(h.Region), h.Template, failed)
		for _, s := range h.Snippets {
			fmt.Fprintf(w, "    %s、…%s…\n", s.Section, truncate(s.Mark(open, close), 90))
		}
		if h.URL != "" {
			fmt.Fprintf(w, "    %s\n", h.URL)
		}
		fmt.Fprintln(w)
	}
	writeFacet(w, "年度", res.Facets.Year, func(y string) string { return y + "年" })
	writeFacet(w, "地区", res.Facets.Region, places.Label)
	writeFacet(w, "层级", res.Facets.Level, gongkai.LevelLabel)
	writeFacet(w, "未通过的核对", res.Facets.Check, gongkai.CheckLabel)
}

func writeFacet(w io.Writer, name string, counts []index.Count, label func(string) string) {
	if len(counts) == 0 {
		return
	}
	var parts []string
	for i, c := range counts {
		if i == 8 {
			parts = append(parts, fmt.Sprintf("…另 %d 项", len(counts)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", label(c.Value), c.Count))
	}
	fmt.Fprintf(w, "%s：%s\n", name, strings.Join(parts, "，"))
}

// truncate cuts s to at most n display columns, counting Chinese as two and
// ANSI colour sequences as none, ending in "…" when it cut (and resetting
// the colour when s had any).
func truncate(s string, n int) string {
	if displayWidth(s) <= n {
		return s
	}
	width := 0
	inEscape := false
	for i, r := range s {
		switch {
		case inEscape:
			inEscape = !(r >= '@' && r <= '~' && r != '[')
			continue
		case r == '\x1b':
			inEscape = true
			continue
		}
		w := displayWidth(string(r))
		if width+w > n-1 {
			if strings.Contains(s, "\x1b") {
				return s[:i] + "…\x1b[0m"
			}
			return s[:i] + "…"
		}
		width += w
	}
	return s
}

func newCompareCmd(stdout io.Writer) *cobra.Command {
	var (
		store          storeFlags
		office, region string
		years          string
		keys           []string
		series         string
		asJSON         bool
	)
	cmd := &cobra.Command{
		Use:   "compare [--data DIR | --es URL] (--office TEXT | --region CODE) [--years A-B] [--key table.row.col ... | --series NAME] [--json]",
		Short: "Compare facts over the years for one body, or across the bodies of a region",
		Example: `  gongkai compare --office 淮安市洪泽区人民政府 --years 2019-2025
  gongkai compare --region 6522 --years 2025 --key applications.new_received.total --key review_litigation.review.total
  gongkai compare --series applications_received --office 淮安市洪泽区人民政府 --years 2008-2025`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (office == "") == (region == "") {
				return usageError{fmt.Errorf("compare: give one of --office and --region")}
			}
			if series != "" {
				return runSeries(cmd, stdout, &store, series, index.CompareQuery{Office: office, Region: region}, years, asJSON)
			}
			from, to, err := index.ParseYears(years)
			if err != nil {
				return usageError{err}
			}
			idx, err := store.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer idx.Close()
			if office != "" {
				if office, err = resolveOffice(cmd.Context(), idx, office); err != nil {
					return err
				}
			}
			if region, err = places.Resolve(region); err != nil {
				return usageError{err}
			}
			cmp, err := idx.Compare(cmd.Context(), index.CompareQuery{Keys: keys, Office: office, Region: region, YearFrom: from, YearTo: to})
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetEscapeHTML(false)
				return enc.Encode(cmp)
			}
			writeComparison(stdout, cmp)
			return nil
		},
	}
	store.register(cmd)
	f := cmd.Flags()
	f.StringVar(&office, "office", "", "the body's name, or a part naming one body: its figures over the years")
	f.StringVar(&region, "region", "", "place name or 行政区划代码 prefix: its bodies side by side")
	f.StringVar(&years, "years", "", "year or range of years (2019-2025)")
	f.StringSliceVar(&keys, "key", defaultCompareKeys, "fact key table.row.col; repeat for several")
	f.StringVar(&series, "series", "", "a series across templates (applications_received, granted, refused, reviews, lawsuits …) or a rate (disclosure_rate, refusal_rate, unable_rate, correction_rate): one row per year, saying which template fed it")
	f.BoolVar(&asJSON, "json", false, "print the comparison as JSON")
	return cmd
}

// defaultCompareKeys are the figures a researcher looks at first.
var defaultCompareKeys = []string{
	"applications.new_received.total",
	"applications.granted.total",
	"applications.total.total",
	"review_litigation.review.total",
	"review_litigation.litigation_direct.total",
}

// writeComparison prints one row per report and a totals row; columns are
// the keys, headed by their row and column names. When that is wider than
// 100 columns the keys are numbered in the header and named below it.
func writeComparison(w io.Writer, cmp *index.Comparison) {
	if len(cmp.Rows) == 0 {
		fmt.Fprintln(w, "没有符合条件的报告")
		return
	}
	table := [][]string{nil}
	for _, r := range cmp.Rows {
		line := []string{truncate(r.Office, 30), strconv.Itoa(r.Year)}
		for _, v := range r.Values {
			line = append(line, number(v))
		}
		table = append(table, line)
	}
	totals := []string{"合计", ""}
	for _, t := range cmp.Totals {
		totals = append(totals, strconv.FormatFloat(t, 'f', -1, 64))
	}
	table = append(table, totals)
	head := []string{"机关", "年度"}
	for _, k := range cmp.Keys {
		head = append(head, gongkai.KeyLabel(k))
	}
	table[0] = head
	if tableWidth(table) <= 100 {
		writeAligned(w, table)
		return
	}
	for i := range cmp.Keys {
		head[i+2] = fmt.Sprintf("(%d)", i+1)
	}
	writeAligned(w, table)
	for i, k := range cmp.Keys {
		fmt.Fprintf(w, "  (%d) %s\n", i+1, truncate(k+"  "+gongkai.KeyLabel(k), 94))
	}
}

// tableWidth is the width writeAligned gives rows.
func tableWidth(rows [][]string) int {
	total := 2
	for _, w := range columnWidths(rows) {
		total += w + 2
	}
	return total - 2
}

// resolveOffice finds the one body whose name is, or contains, part: the
// same as search's --office, but compare needs one body, so several
// matches are an error that lists them.
func resolveOffice(ctx context.Context, idx index.Index, part string) (string, error) {
	entries, err := export.All(ctx, idx, index.Filter{Office: part})
	if err != nil {
		return "", fmt.Errorf("compare: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.Report.Office == part {
			return part, nil
		}
		if !slices.Contains(names, e.Report.Office) {
			names = append(names, e.Report.Office)
		}
	}
	switch len(names) {
	case 0:
		return "", fmt.Errorf("没有机关名称含 %q 的报告", part)
	case 1:
		return names[0], nil
	}
	sort.Strings(names)
	if len(names) > 10 {
		names = append(names[:10], fmt.Sprintf("等 %d 个", len(names)))
	}
	return "", fmt.Errorf("有多个机关名称含 %q，请写得更完整：%s", part, strings.Join(names, "、"))
}
