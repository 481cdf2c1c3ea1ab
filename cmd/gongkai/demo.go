package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/ingest"
	"github.com/gongkai/gongkai/similar"
	"github.com/gongkai/gongkai/web"
)

func newDemoCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		addr           string
		sites          int
		keep, noServe  bool
		fromYear, year int
	)
	cmd := &cobra.Command{
		Use:   "demo [--addr 127.0.0.1:8080] [--keep] [--no-serve]",
		Short: "Crawl the bundled fixture sites on loopback, index them and serve the UI",
		Long: `Demo shows the whole pipeline on a fresh machine with nothing but Go: it
serves synthetic government sites (the fixtures, each a body publishing its
annual reports) on loopback, crawls them the way gongkai run does, parses and
indexes what it collected into a temporary embedded store, prints a summary
and the first findings, and serves the web UI until Ctrl-C. The store is
removed on exit unless --keep.`,
		Example: `  go run ./cmd/gongkai demo
  gongkai demo --addr 127.0.0.1:9000 --keep`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if sites < 1 || fromYear > year {
				return usageError{fmt.Errorf("demo: want --sites ≥ 1 and --from not after --to")}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			dir, err := os.MkdirTemp("", "gongkai-demo-")
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			if keep {
				fmt.Fprintf(stdout, "演示：数据保留在 %s\n", dir)
			} else {
				defer os.RemoveAll(dir)
			}
			return demo(ctx, dir, sites, fromYear, year, stdout, stderr, func(idx index.Index, store *ingest.Store) error {
				if noServe {
					return nil
				}
				return serveUI(ctx, idx, web.Options{Raw: store.Read, Picture: store.PagePicture}, addr, stdout, stderr)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "address the UI listens on")
	f.IntVar(&sites, "sites", 12, "fixture sites (bodies) to serve")
	f.IntVar(&fromYear, "from", 2019, "first report year")
	f.IntVar(&year, "to", 2025, "last report year")
	f.BoolVar(&keep, "keep", false, "keep the temporary store (its path is printed)")
	f.BoolVar(&noServe, "no-serve", false, "stop after the summary (for tests)")
	return cmd
}

// demo serves the fixture network, runs the crawl and the indexing of
// gongkai run into dir, prints the summary and hands the index and store to
// then.
func demo(ctx context.Context, dir string, sites, fromYear, toYear int, stdout, stderr io.Writer, then func(index.Index, *ingest.Store) error) error {
	network := fixtures.NewNetwork(sites, fromYear, toYear)
	served, err := network.Serve()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer served.Close()
	fmt.Fprintf(stdout, "演示：环回地址上 %d 个测试网站，报告 %d–%d 年\n", len(served.URLs), fromYear, toYear)
	sources := filepath.Join(dir, "sources.yaml")
	if err := os.WriteFile(sources, []byte(network.Sources(served)), 0o644); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	store := storeFlags{data: filepath.Join(dir, "data")}
	flags := crawlFlags{sources: sources, data: store.data, userAgent: ingest.DefaultUserAgent, concurrency: 8, once: true}
	cfg, _, err := flags.config(stderr, "demo")
	if err != nil {
		return err
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	// The job of gongkai run: crawl, then index what the store holds.
	if err := crawlOnce(ctx, cfg, stdout, stderr); err != nil {
		return fmt.Errorf("demo: crawl: %w", err)
	}
	if err := indexData(ctx, store, stdout, stderr, false); err != nil {
		return fmt.Errorf("demo: index: %w", err)
	}
	idx, err := store.open(ctx)
	if err != nil {
		return err
	}
	defer idx.Close()
	st, err := ingest.OpenStore(store.data)
	if err != nil {
		return err
	}
	defer st.Close()
	entries, err := export.All(ctx, idx, index.Filter{})
	if err != nil {
		return err
	}
	writeDemoSummary(stdout, len(network.Sites), entries)
	return then(idx, st)
}

// writeDemoSummary prints what the demo collected and the first findings.
func writeDemoSummary(w io.Writer, sites int, entries []gongkai.Entry) {
	facts, failed := 0, 0
	for _, e := range entries {
		facts += len(e.Report.Facts)
		failed += len(e.Report.FailedChecks())
	}
	findings := gongkai.Findings(entries)
	kinds := map[string]int{}
	for _, f := range findings {
		kinds[f.Kind]++
	}
	fmt.Fprintf(w, "\n汇总：%d 个网站，%d 份报告，%d 项数据，%d 项核对未通过\n", sites, len(entries), facts, failed)
	fmt.Fprintf(w, "核查发现：%d 项（核对未通过 %d，跨年核对未通过 %d，逾期发布 %d，未发布 %d，发布后修改 %d，比率异常 %d）\n",
		len(findings), kinds[gongkai.FindingCheck], kinds[gongkai.FindingCrossYear], kinds[gongkai.FindingLate], kinds[gongkai.FindingMissing], kinds[gongkai.FindingRevised],
		kinds[gongkai.FindingRateOutlier])
	rows := [][]string{}
	for i, f := range findings {
		if i == 8 {
			break
		}
		what := f.Detail
		switch {
		case f.Kind == gongkai.FindingRateOutlier:
			what = f.Detail // its want and got are fractions; the detail says them as percentages
		case f.Want != nil || f.Got != nil:
			what = fmt.Sprintf("%s：应为 %s，实为 %s", gongkai.CheckLabel(f.Check), number(f.Want), number(f.Got))
		case f.Kind == gongkai.FindingLate:
			what = "发布于 " + f.Detail
		}
		rows = append(rows, []string{gongkai.FindingKindLabels[f.Kind], truncate(f.Office, 30), fmt.Sprint(f.Year), what})
	}
	writeLeft(w, rows)
	if len(findings) > 8 {
		fmt.Fprintf(w, "  …另 %d 项见网页「核查发现」\n", len(findings)-8)
	}
	writeCopied(w, entries)
	fmt.Fprintln(w)
}

// writeCopied prints the reports whose narrative repeats the body's report
// of the year before (package similar).
func writeCopied(w io.Writer, entries []gongkai.Entry) {
	copied, err := similar.Findings(entries)
	if err != nil {
		fmt.Fprintf(w, "警告：无法比对正文雷同：%v\n", err)
		return
	}
	fmt.Fprintf(w, "与上年雷同（正文句子 %.0f%% 以上与本机关上年报告雷同）：%d 份报告\n", similar.Threshold*100, len(copied))
	rows := [][]string{}
	for _, f := range copied {
		rows = append(rows, []string{truncate(f.Office, 30), fmt.Sprint(f.Year), f.Detail})
	}
	writeLeft(w, rows)
}
