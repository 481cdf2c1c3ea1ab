package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/places"
	"github.com/gongkai/gongkai/watch"
)

func newWatchCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Saved queries whose new reports and findings each run lists",
		Long: `A watch is a saved search — text and filters — checked after every gongkai run
(or with gongkai watch check): the reports it matches and the findings about
them that are new since the previous check are listed in the run's summary and
in the watch's Atom feed, served by gongkai serve at /feeds/NAME.xml. The first
check of a watch records what matches then and lists nothing.

Watches are declared in the sources file under watches:, or added here (kept
in --data).`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newWatchAddCmd(stdout), newWatchListCmd(stdout), newWatchRmCmd(stdout), newWatchCheckCmd(stdout))
	return cmd
}

func newWatchAddCmd(stdout io.Writer) *cobra.Command {
	var data string
	var filters filterFlags
	var kinds []string
	cmd := &cobra.Command{
		Use:   "add NAME [filters] [QUERY]",
		Short: "Save a watch: a search and the kinds of finding to list",
		Example: `  gongkai watch add 哈密市核对未通过 --region 哈密市 --failed-checks
  gongkai watch add 复议2025 --year 2025 --kind check --kind cross_year 行政复议`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := watch.Watch{
				Name: args[0], Text: strings.Join(args[1:], " "),
				Year: filters.years, Region: filters.region, Level: filters.level, Office: filters.office,
				Template: filters.template, FailedChecks: filters.failed, Check: filters.check, Kinds: kinds,
			}
			if err := w.Err(); err != nil {
				return usageError{err}
			}
			if err := watch.Add(data, w); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "已添加监视「%s」：%s\n下次 gongkai run（或 gongkai watch check）记下现有的匹配，此后新增的列入订阅 %s\n",
				w.Name, w.Describe(), feedPath(w.Name))
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "./gongkai-data", "data directory the watch is kept in")
	filters.register(cmd)
	cmd.Flags().StringSliceVar(&kinds, "kind", nil, "kinds of finding to list, as the findings page names them: check, cross_year, late, missing, revised, … (default every kind)")
	return cmd
}

func newWatchRmCmd(stdout io.Writer) *cobra.Command {
	var data string
	cmd := &cobra.Command{
		Use:   "rm NAME",
		Short: "Forget a watch added here, and what any watch of that name has seen",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := watch.Remove(data, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "已删除监视「%s」及其订阅记录（sources 文件中的同名监视须在文件中删除）\n", args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "./gongkai-data", "data directory the watch is kept in")
	return cmd
}

func newWatchListCmd(stdout io.Writer) *cobra.Command {
	var data, sources string
	cmd := &cobra.Command{
		Use:   "list [--sources FILE] [--data DIR]",
		Short: "List the watches, what each watches, and its feed",
		Args:  cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			watches, origin, err := loadWatches(sources, data)
			if err != nil {
				return err
			}
			st, err := watch.ReadState(data)
			if err != nil {
				return err
			}
			if len(watches) == 0 && len(st.Watches) == 0 {
				fmt.Fprintln(stdout, "没有监视：在 sources 文件中写 watches:，或用 gongkai watch add 添加")
				return nil
			}
			for _, w := range watches {
				fmt.Fprintf(stdout, "%s（%s）：%s\n", w.Name, origin[w.Name], w.Describe())
				writeSeen(stdout, st.Watches[w.Name])
				delete(st.Watches, w.Name)
			}
			for _, name := range slices.Sorted(maps.Keys(st.Watches)) {
				seen := st.Watches[name]
				fmt.Fprintf(stdout, "%s（已不在定义中，订阅保留；gongkai watch rm %s 删除）：%s\n", name, name, seen.Watch.Describe())
				writeSeen(stdout, seen)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "./gongkai-data", "data directory the watches are kept in")
	cmd.Flags().StringVar(&sources, "sources", "", "sources file whose watches: to list too")
	return cmd
}

// writeSeen says when a watch was checked and what its feed holds.
func writeSeen(w io.Writer, seen *watch.Seen) {
	if seen == nil {
		fmt.Fprintln(w, "  尚未检查")
		return
	}
	fmt.Fprintf(w, "  首次检查 %s，最近检查 %s；订阅 %s 中 %d 条\n", seen.Since.Local().Format(time.DateTime),
		seen.Checked.Local().Format(time.DateTime), feedPath(seen.Watch.Name), len(seen.Items))
}

func newWatchCheckCmd(stdout io.Writer) *cobra.Command {
	var store storeFlags
	var sources string
	cmd := &cobra.Command{
		Use:   "check [--sources FILE] [--data DIR | --es URL]",
		Short: "Check the watches now, as a run does after indexing",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			n, err := checkWatches(cmd.Context(), store, sources, stdout)
			if err == nil && n == 0 {
				fmt.Fprintln(stdout, "没有监视：在 sources 文件中写 watches:（并用 --sources 指明），或用 gongkai watch add 添加")
			}
			return err
		},
	}
	store.register(cmd)
	cmd.Flags().StringVar(&sources, "sources", "", "sources file whose watches: to check too")
	return cmd
}

// loadWatches reads the watches of the sources file (when given) and those
// added to the data directory, and where each comes from; a name in both
// is an error.
func loadWatches(sources, data string) ([]watch.Watch, map[string]string, error) {
	var watches []watch.Watch
	origin := map[string]string{}
	if sources != "" {
		declared, err := watch.LoadSources(sources)
		if err != nil {
			return nil, nil, err
		}
		for _, w := range declared {
			origin[w.Name] = "sources 文件"
		}
		watches = declared
	}
	added, err := watch.Added(data)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range added {
		if origin[w.Name] != "" {
			return nil, nil, fmt.Errorf("监视 %s 既在 %s 中又由 gongkai watch add 添加：删去其一（gongkai watch rm %s）", w.Name, sources, w.Name)
		}
		origin[w.Name] = "命令行添加"
		watches = append(watches, w)
	}
	return watches, origin, nil
}

// maxListed is how many new matches of one watch a summary lists; the feed
// has them all.
const maxListed = 20

// checkWatches checks the watches against the index, prints what is new
// to each (nothing when there are none) and says how many it checked.
func checkWatches(ctx context.Context, store storeFlags, sources string, stdout io.Writer) (int, error) {
	watches, _, err := loadWatches(sources, store.data)
	if err != nil || len(watches) == 0 {
		return 0, err
	}
	idx, err := store.openExisting(ctx)
	if err != nil {
		return 0, err
	}
	defer idx.Close()
	results, err := watch.Check(ctx, idx, store.data, watches, time.Now())
	if err != nil {
		return 0, err
	}
	for _, r := range results {
		writeWatchResult(stdout, r)
	}
	return len(results), nil
}

// writeWatchResult prints one watch's check: how many new reports and
// findings, and each of them.
func writeWatchResult(w io.Writer, r watch.Result) {
	name := "监视「" + r.Watch.Name + "」："
	switch {
	case r.First:
		fmt.Fprintf(w, "%s首次检查，记下现有 %d 份报告、%d 条发现；此后新增的将列出\n", name, r.Reports, r.Findings)
		return
	case len(r.New) == 0:
		fmt.Fprintf(w, "%s无新增（现有 %d 份报告、%d 条发现）\n", name, r.Reports, r.Findings)
		return
	}
	reports := 0
	for _, it := range r.New {
		if it.Report != nil {
			reports++
		}
	}
	fmt.Fprintf(w, "%s新增 %d 份报告，%d 条发现\n", name, reports, len(r.New)-reports)
	for i, it := range r.New {
		if i == maxListed {
			fmt.Fprintf(w, "  ……另 %d 条\n", len(r.New)-i)
			break
		}
		if h := it.Report; h != nil {
			failed := ""
			if len(h.Failed) > 0 {
				failed = fmt.Sprintf("  ✗ %d 项核对未通过", len(h.Failed))
			}
			fmt.Fprintf(w, "  新报告  %d  %s  %s%s  %s\n", h.Year, h.Office, places.Label(h.Region), failed, h.URL)
			continue
		}
		f := it.Finding
		what := f.Detail
		if f.Check != "" {
			what = gongkai.CheckLabel(f.Check)
		}
		fmt.Fprintf(w, "  %s  %d  %s  %s\n", gongkai.FindingKindLabels[f.Kind], f.Year, f.Office, what)
	}
	fmt.Fprintf(w, "  订阅：%s\n", feedPath(r.Watch.Name))
}

// feedPath is where gongkai serve serves a watch's feed, as a person reads
// it (a watch's name is letters, digits, - and _).
func feedPath(name string) string {
	return "/feeds/" + name + ".xml"
}
