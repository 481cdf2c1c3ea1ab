package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	gongkai "github.com/gongkai/gongkai"
)

func newParseCmd(stdout, stderr io.Writer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "parse [--format json|text] FILE...",
		Short: "Parse local report files (.html .htm .shtml .txt) into canonical facts",
		Long: `Parse reads each FILE and prints its canonical record: one JSON object per
document (JSON Lines for several) with --format json, or a summary for a
person with --format text. A document that cannot be parsed is reported on
standard error and the others are still parsed; the exit status is then 1.
Each file is parsed in a worker process under --parse-timeout and
--parse-memory, so a hostile file ends with an error, not with this process.`,
		Example: `  gongkai parse report.html
  gongkai parse --format text ../shared/corpus/yizhou-donghe-2025.txt`,
		RunE: func(cmd *cobra.Command, files []string) error {
			if len(files) == 0 {
				return usageError{fmt.Errorf("parse: no FILE given")}
			}
			if format != "json" && format != "text" {
				return usageError{fmt.Errorf("parse: --format must be json or text, not %q", format)}
			}
			pool, err := newParsePoolOf(1)
			if err != nil {
				return err
			}
			defer pool.Close()
			failed := 0
			enc := json.NewEncoder(stdout)
			enc.SetEscapeHTML(false)
			for _, f := range files {
				rep, err := pool.ParseFile(cmd.Context(), f)
				if err != nil {
					fmt.Fprintf(stderr, "gongkai: %s: %v\n", f, err)
					failed++
					continue
				}
				if format == "json" {
					if err := enc.Encode(rep); err != nil {
						return err
					}
					continue
				}
				writeSummary(stdout, rep)
			}
			if failed > 0 {
				return errFailed
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "output format: json or text")
	registerParseLimits(cmd)
	return cmd
}

// writeSummary prints a report for a person: header, the three tables as
// aligned columns, failed checks, narrative figures and warnings.
func writeSummary(w io.Writer, r *gongkai.Report) {
	signed := "—"
	if r.Signed != nil {
		signed = *r.Signed
	}
	fmt.Fprintf(w, "%s\n  机关 %s  %d年  模板 %s  签署 %s\n", r.Source, r.Office, r.Year, r.Template, signed)

	for _, t := range []struct{ name, table string }{
		{"二、主动公开", gongkai.TableActive},
		{"三、依申请公开", gongkai.TableApplications},
		{"四、行政复议、行政诉讼", gongkai.TableReviewLitigation},
		{"政府信息公开情况统计表（2019年前）", gongkai.TableLegacy},
	} {
		rows, cols := grid(r, t.table)
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s（· 为空白单元格）\n", t.name)
		head := []string{""}
		for _, c := range cols {
			head = append(head, columnLabel(t.table, c))
		}
		table := [][]string{head}
		for _, row := range rows {
			line := []string{rowLabel(t.table, row)}
			for _, c := range cols {
				line = append(line, cellText(r.Fact(gongkai.Key(t.table, row, c))))
			}
			table = append(table, line)
		}
		writeAligned(w, table)
	}

	var failed []gongkai.Check
	passed, skipped := 0, 0
	for _, c := range r.Checks {
		switch c.Status {
		case gongkai.Fail:
			failed = append(failed, c)
		case gongkai.Pass:
			passed++
		default:
			skipped++
		}
	}
	fmt.Fprintf(w, "\n核对：%d 项通过，%d 项未通过，%d 项跳过\n", passed, len(failed), skipped)
	for _, c := range failed {
		cells := make([]string, len(c.Keys))
		for i, k := range c.Keys {
			cells[i] = gongkai.KeyLabel(k)
		}
		fmt.Fprintf(w, "  未通过 %s：应为 %s，实为 %s（%s）[%s]\n", gongkai.CheckLabel(c.ID), number(c.Want), number(c.Got), strings.Join(cells, "、"), c.ID)
	}
	for _, f := range r.Figures {
		fmt.Fprintf(w, "  正文数字 %s = %s  «%s»\n", f.Label, strconv.FormatFloat(f.Value, 'f', -1, 64), f.Sentence)
	}
	for _, s := range r.Sections {
		fmt.Fprintf(w, "  %s、%s（%d 字）\n", s.No, s.Title, len([]rune(s.Text)))
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "  提示：%s\n", warn)
	}
	fmt.Fprintln(w)
}

// grid lists the rows and columns of a table that the report has facts for,
// in the order they were printed.
func grid(r *gongkai.Report, table string) (rows, cols []string) {
	seenRow, seenCol := map[string]bool{}, map[string]bool{}
	for _, f := range r.Facts {
		parts := strings.SplitN(f.Key, ".", 3)
		if len(parts) != 3 || parts[0] != table {
			continue
		}
		if !seenRow[parts[1]] {
			seenRow[parts[1]] = true
			rows = append(rows, parts[1])
		}
		if !seenCol[parts[2]] {
			seenCol[parts[2]] = true
			cols = append(cols, parts[2])
		}
	}
	return rows, cols
}

func cellText(f *gongkai.Fact) string {
	switch {
	case f == nil:
		return ""
	case f.Value == nil:
		return "·" // blank cell
	}
	return strconv.FormatFloat(*f.Value, 'f', -1, 64)
}

// rowLabel and columnLabel name a table's row and column as the template
// prints them, from gongkai.KeyLabel ("行政复议 · 总计"); the key's part
// when it is not canonical.
func rowLabel(table, row string) string {
	for _, c := range tableColumns(table) {
		if r, _, ok := strings.Cut(gongkai.KeyLabel(gongkai.Key(table, row, c)), " · "); ok {
			return r
		}
	}
	return row
}

func columnLabel(table, col string) string {
	for _, r := range tableRows(table) {
		if _, c, ok := strings.Cut(gongkai.KeyLabel(gongkai.Key(table, r, col)), " · "); ok {
			return c
		}
	}
	return col
}

// tableRows and tableColumns list a table's canonical rows and columns.
func tableRows(table string) []string    { return keyParts(table, 1) }
func tableColumns(table string) []string { return keyParts(table, 2) }

func keyParts(table string, part int) []string {
	var out []string
	for _, k := range gongkai.FactKeys() {
		if p := strings.SplitN(k, ".", 3); p[0] == table && !slices.Contains(out, p[part]) {
			out = append(out, p[part])
		}
	}
	return out
}

// number is a value for a person: "—" when blank.
func number(v *float64) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// writeAligned prints rows as columns, the first left-aligned and the
// others (numbers) right-aligned, counting Chinese characters as two cells
// wide the way terminals draw them.
func writeAligned(w io.Writer, rows [][]string) {
	writeColumns(w, rows, func(col int) bool { return col > 0 })
}

// writeLeft prints rows as left-aligned columns.
func writeLeft(w io.Writer, rows [][]string) {
	writeColumns(w, rows, func(int) bool { return false })
}

// columnWidths is each column's widest cell in display columns.
func columnWidths(rows [][]string) []int {
	var widths []int
	for _, row := range rows {
		for i, c := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	return widths
}

func writeColumns(w io.Writer, rows [][]string, right func(col int) bool) {
	widths := columnWidths(rows)
	for _, row := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if right(i) {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// displayWidth is how many terminal cells s takes: two for Chinese
// characters and full-width forms, none for ANSI colour sequences.
func displayWidth(s string) int {
	n := 0
	inEscape := false
	for _, r := range s {
		switch {
		case inEscape:
			inEscape = !(r >= '@' && r <= '~' && r != '[')
		case r == '\x1b':
			inEscape = true
		case wide(r):
			n += 2
		case unicode.IsPrint(r):
			n++
		}
	}
	return n
}

// wide reports whether a terminal draws r two cells wide: CJK ideographs,
// CJK punctuation and kana, Hangul, full-width forms.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x1100 && r <= 0x115f) || (r >= 0x2e80 && r <= 0x303e) || (r >= 0x3041 && r <= 0x33ff) ||
		(r >= 0xac00 && r <= 0xd7a3) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)
}
