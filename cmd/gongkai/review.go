package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// newReviewCmd lists findings with their reviews and records reviews.
func newReviewCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review list|set|clear",
		Short: "Review findings: mark each 确认 / 排除 / 已整改 with a note",
		Long: `Review lists the index's findings with their reviews and records a
person's verdict on one: confirmed (确认), dismissed (排除) or fixed (已整改),
with a note, who and when. A review is stored in the index under the
finding's key (kind|office|year|check), so it stays when the reports are
indexed again.`,
		Example: `  gongkai review list --region 6522 --year 2025 --status open
  gongkai review set 'late|哈密市伊州区人民政府|2024|' --status 确认 --by 张三 --note 已电话核实
  gongkai review clear 'late|哈密市伊州区人民政府|2024|'`,
	}
	cmd.AddCommand(newReviewListCmd(stdout), newReviewSetCmd(stdout), newReviewClearCmd(stdout))
	return cmd
}

func newReviewListCmd(stdout io.Writer) *cobra.Command {
	var (
		store   storeFlags
		filters filterFlags
		q       index.FindingQuery
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "list [--data DIR | --es URL] [filters] [--kind K] [--status open|unreviewed|confirmed|dismissed|fixed]",
		Short: "List findings with their reviews and keys",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := filters.filter()
			if err != nil {
				return err
			}
			q.Filter = f
			if q.Kind != "" && gongkai.FindingKindLabels[q.Kind] == "" {
				return usageError{fmt.Errorf("review list: --kind %q 无效", q.Kind)}
			}
			if err := q.Validate(); err != nil {
				return usageError{err}
			}
			idx, err := store.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer idx.Close()
			res, err := idx.Findings(cmd.Context(), q)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			fmt.Fprintf(stdout, "共 %d 项核查发现（全部类别 %d 项），显示第 %d–%d 项\n", res.Total, res.All, q.Offset+min(1, len(res.Findings)), q.Offset+len(res.Findings))
			for _, f := range res.Findings {
				verdict := "未审核"
				if r := f.Review; r != nil {
					verdict = fmt.Sprintf("%s（%s %s）", gongkai.ReviewStatusLabels[r.Status], r.By, r.At.Local().Format("2006-01-02 15:04"))
					if r.Note != "" {
						verdict += " " + r.Note
					}
				}
				fmt.Fprintf(stdout, "%s\t%s\t%d\t%s\t%s\n\tkey: %s\n", gongkai.FindingKindLabels[f.Kind], f.Office, f.Year, f.Check, verdict, f.Key)
			}
			return nil
		},
	}
	store.register(cmd)
	filters.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&q.Kind, "kind", "", "check, cross_year, late, missing or revised")
	fl.StringVar(&q.Status, "status", "", "open (not reviewed, or confirmed), unreviewed, confirmed, dismissed or fixed")
	fl.IntVar(&q.Limit, "limit", 50, fmt.Sprintf("findings to list (at most %d)", index.MaxFindingLimit))
	fl.IntVar(&q.Offset, "offset", 0, "findings to skip")
	fl.BoolVar(&asJSON, "json", false, "print the page as JSON")
	return cmd
}

func newReviewSetCmd(stdout io.Writer) *cobra.Command {
	var (
		store            storeFlags
		status, note, by string
	)
	cmd := &cobra.Command{
		Use:   "set KEY --status 确认|排除|已整改 --by NAME [--note TEXT]",
		Short: "Record a review of the finding with KEY (from review list)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := gongkai.ReviewStatus(status)
			if err != nil {
				return usageError{err}
			}
			if by == "" {
				by = os.Getenv("USER")
			}
			r := gongkai.Review{Key: args[0], Status: st, Note: strings.TrimSpace(note), By: strings.TrimSpace(by), At: time.Now().UTC()}
			if err := r.Validate(); err != nil {
				return usageError{err}
			}
			return storeReview(cmd, &store, r, stdout)
		},
	}
	store.register(cmd)
	cmd.Flags().StringVar(&status, "status", "", "确认 (confirmed), 排除 (dismissed) or 已整改 (fixed)")
	cmd.Flags().StringVar(&note, "note", "", "why")
	cmd.Flags().StringVar(&by, "by", "", "who reviews (default $USER)")
	return cmd
}

func newReviewClearCmd(stdout io.Writer) *cobra.Command {
	var store storeFlags
	cmd := &cobra.Command{
		Use:   "clear KEY",
		Short: "Remove the review of the finding with KEY",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return storeReview(cmd, &store, gongkai.Review{Key: args[0]}, stdout)
		},
	}
	store.register(cmd)
	return cmd
}

// storeReview stores r for a finding the index holds.
func storeReview(cmd *cobra.Command, store *storeFlags, r gongkai.Review, stdout io.Writer) error {
	idx, err := store.openExisting(cmd.Context())
	if err != nil {
		return err
	}
	defer idx.Close()
	res, err := idx.Findings(cmd.Context(), index.FindingQuery{Key: r.Key, Limit: 1})
	if err != nil {
		return err
	}
	if res.Total == 0 {
		return fmt.Errorf("没有这项核查发现：%s（用 gongkai review list 查看各项的 key）", r.Key)
	}
	if err := idx.Review(cmd.Context(), r); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	if r.Status == "" {
		fmt.Fprintf(stdout, "已清除审核：%s\n", r.Key)
	} else {
		fmt.Fprintf(stdout, "已审核：%s → %s（%s）\n", r.Key, gongkai.ReviewStatusLabels[r.Status], r.By)
	}
	return nil
}
