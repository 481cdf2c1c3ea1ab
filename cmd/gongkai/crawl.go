package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/ingest"
)

func newCrawlCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		sources, data, cronExpr, userAgent string
		every                              time.Duration
		once, verbose                      bool
		concurrency                        int
	)
	cmd := &cobra.Command{
		Use:   "crawl --sources FILE [--data DIR] [--every DURATION | --cron EXPR | --once]",
		Short: "Collect published reports from the sites of a sources file into the raw store",
		Long: `Crawl visits the listing pages of every site in the sources file, finds the
annual reports and their attachments, and stores what is new or changed under
--data: raw bytes by sha256 in DIR/raw, per-URL state and every version in
DIR/state.db. Each run is incremental (conditional GET), polite (robots.txt,
per-host rate, retries with backoff) and resumable after a crash.

Without --every or --cron it runs once. After each run it prints a summary:
new, changed, unchanged and vanished documents, failed URLs and URLs skipped
by robots.txt. Logs go to standard error. With --once, the exit status is 1
when some URLs failed.`,
		Example: `  gongkai crawl --sources sources.yaml --once
  gongkai crawl --sources sources.yaml --data /var/lib/gongkai --cron "0 3 * * *"
  gongkai crawl --sources sources.yaml --every 24h`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if sources == "" {
				return usageError{errors.New("crawl: --sources FILE is required")}
			}
			modes := 0
			for _, set := range []bool{once, every != 0, cronExpr != ""} {
				if set {
					modes++
				}
			}
			if modes > 1 {
				return usageError{errors.New("crawl: give one of --once, --every and --cron")}
			}
			var sched ingest.Schedule
			var err error
			switch {
			case every != 0:
				sched, err = ingest.Every(every)
			case cronExpr != "":
				sched, err = ingest.Cron(cronExpr)
			}
			if err != nil {
				return usageError{fmt.Errorf("crawl: %w", err)}
			}
			sites, err := ingest.LoadSources(sources)
			if err != nil {
				return err
			}
			level := slog.LevelInfo
			if verbose {
				level = slog.LevelDebug
			}
			cfg := ingest.Config{
				Dir: data, Sites: sites, UserAgent: userAgent, Concurrency: concurrency,
				Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			crawl := func(ctx context.Context) error {
				sum, err := ingest.Crawl(ctx, cfg)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "%s crawl: %s\n", time.Now().Format(time.DateTime), sum)
				if sum.Failed > 0 {
					return errFailed
				}
				return nil
			}
			if sched == nil {
				return crawl(ctx)
			}
			err = ingest.Repeat(ctx, sched, every != 0, crawl, func(err error) {
				if !errors.Is(err, errFailed) {
					cfg.Logger.Error("crawl failed", "err", err)
				}
			})
			if errors.Is(err, context.Canceled) {
				return nil // stopped by a signal: a normal end for a scheduled job
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&sources, "sources", "", "sources file (YAML) listing the sites")
	f.StringVar(&data, "data", "./gongkai-data", "data directory: raw store and state database")
	f.DurationVar(&every, "every", 0, "run now and then every DURATION (e.g. 24h)")
	f.StringVar(&cronExpr, "cron", "", `run at the times of a cron expression (e.g. "0 3 * * *")`)
	f.BoolVar(&once, "once", false, "run once and exit (the default)")
	f.StringVar(&userAgent, "user-agent", ingest.DefaultUserAgent, "User-Agent sent to the sites")
	f.IntVar(&concurrency, "concurrency", 8, "sites crawled at once")
	f.BoolVarP(&verbose, "verbose", "v", false, "log every fetch")
	return cmd
}
