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

// crawlFlags are the flags of a crawl and its schedule, shared by crawl and run.
type crawlFlags struct {
	sources, data, cronExpr, userAgent string
	browser                            string
	every, hostDeadline                time.Duration
	once, verbose                      bool
	concurrency                        int
}

func (c *crawlFlags) register(cmd *cobra.Command, withData bool) {
	f := cmd.Flags()
	f.StringVar(&c.sources, "sources", "", "sources file (YAML) listing the sites")
	if withData {
		f.StringVar(&c.data, "data", "./gongkai-data", "data directory: raw store and state database")
	}
	f.DurationVar(&c.every, "every", 0, "run now and then every DURATION (e.g. 24h)")
	f.StringVar(&c.cronExpr, "cron", "", `run at the times of a cron expression (e.g. "0 3 * * *")`)
	f.BoolVar(&c.once, "once", false, "run once and exit (the default)")
	f.StringVar(&c.userAgent, "user-agent", ingest.DefaultUserAgent, "User-Agent sent to the sites")
	f.IntVar(&c.concurrency, "concurrency", 8, "sites crawled at once")
	f.DurationVar(&c.hostDeadline, "host-deadline", 2*time.Hour, "time one host may take in a run; what is left fails until the next run")
	f.StringVar(&c.browser, "browser", "", "Chromium to render script-written listings with (default: chromium on PATH, else /usr/bin/chromium)")
	f.BoolVarP(&c.verbose, "verbose", "v", false, "log every fetch")
}

// config checks the flags and returns the crawl's configuration and its
// schedule (nil for one run).
func (c *crawlFlags) config(stderr io.Writer, name string) (ingest.Config, ingest.Schedule, error) {
	if c.sources == "" {
		return ingest.Config{}, nil, usageError{fmt.Errorf("%s: --sources FILE is required", name)}
	}
	modes := 0
	for _, set := range []bool{c.once, c.every != 0, c.cronExpr != ""} {
		if set {
			modes++
		}
	}
	if modes > 1 {
		return ingest.Config{}, nil, usageError{fmt.Errorf("%s: give one of --once, --every and --cron", name)}
	}
	var sched ingest.Schedule
	var err error
	switch {
	case c.every != 0:
		sched, err = ingest.Every(c.every)
	case c.cronExpr != "":
		sched, err = ingest.Cron(c.cronExpr)
	}
	if err != nil {
		return ingest.Config{}, nil, usageError{fmt.Errorf("%s: %w", name, err)}
	}
	sites, err := ingest.LoadSources(c.sources)
	if err != nil {
		return ingest.Config{}, nil, err
	}
	level := slog.LevelInfo
	if c.verbose {
		level = slog.LevelDebug
	}
	return ingest.Config{
		Dir: c.data, Sites: sites, UserAgent: c.userAgent, Concurrency: c.concurrency, HostDeadline: c.hostDeadline, Browser: c.browser,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	}, sched, nil
}

// schedule runs job once, or on the schedule until a signal stops it.
func (c *crawlFlags) schedule(ctx context.Context, sched ingest.Schedule, logger *slog.Logger, job func(context.Context) error) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if sched == nil {
		return job(ctx)
	}
	err := ingest.Repeat(ctx, sched, c.every != 0, job, func(err error) {
		if !errors.Is(err, errFailed) {
			logger.Error("run failed", "err", err)
		}
	})
	if errors.Is(err, context.Canceled) {
		return nil // stopped by a signal: a normal end for a scheduled job
	}
	return err
}

// crawlOnce runs one crawl and prints its summary; errFailed when some URLs
// failed or some site's listings gave no report at all.
func crawlOnce(ctx context.Context, cfg ingest.Config, stdout, stderr io.Writer) error {
	bar := newProgress(stderr, "crawl")
	cfg.Progress = func(done, sites int, requests int64) {
		bar.update(done, sites, fmt.Sprintf("sites, %d requests", requests))
	}
	sum, err := ingest.Crawl(ctx, cfg)
	bar.finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s 抓取：%s\n", time.Now().Format(time.DateTime), sum)
	if sum.Failed > 0 || len(sum.Empty) > 0 {
		return errFailed
	}
	return nil
}

func newCrawlCmd(stdout, stderr io.Writer) *cobra.Command {
	var flags crawlFlags
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
by robots.txt, and a warning naming each site whose listings gave no report
at all. Logs go to standard error. With --once, the exit status is 1 when
some URLs failed or some site gave no report.`,
		Example: `  gongkai crawl --sources sources.yaml --once
  gongkai crawl --sources sources.yaml --data /var/lib/gongkai --cron "0 3 * * *"
  gongkai crawl --sources sources.yaml --every 24h`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, sched, err := flags.config(stderr, "crawl")
			if err != nil {
				return err
			}
			return flags.schedule(cmd.Context(), sched, cfg.Logger, func(ctx context.Context) error {
				return crawlOnce(ctx, cfg, stdout, stderr)
			})
		},
	}
	flags.register(cmd, true)
	return cmd
}

func newRunCmd(stdout, stderr io.Writer) *cobra.Command {
	var flags crawlFlags
	var store storeFlags
	cmd := &cobra.Command{
		Use:   "run --sources FILE [--data DIR] [--es URL] [--every DURATION | --cron EXPR | --once]",
		Short: "Crawl, parse and index: the scheduled job",
		Long: `Run crawls the sites of the sources file into the raw store under --data,
then parses what the store holds and brings the index (embedded in --data,
or Elasticsearch with --es) level with it. Both steps are incremental, so a
daily run does little when nothing changed. Then it checks the watches (the
sources file's watches: and those of gongkai watch add) and lists what is
new to each. It runs once, or on a schedule
with --every or --cron; the exit status of a single run is 1 when some URLs
failed to download.`,
		Example: `  gongkai run --sources sources.yaml --once
  gongkai run --sources sources.yaml --cron "0 3 * * *" --es http://127.0.0.1:9200`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			flags.data = store.data
			cfg, sched, err := flags.config(stderr, "run")
			if err != nil {
				return err
			}
			// A mistake in the watches is found before the crawl, not after it.
			if _, _, err := loadWatches(flags.sources, store.data); err != nil {
				return err
			}
			return flags.schedule(cmd.Context(), sched, cfg.Logger, func(ctx context.Context) error {
				crawlErr := crawlOnce(ctx, cfg, stdout, stderr)
				if crawlErr != nil && !errors.Is(crawlErr, errFailed) {
					return crawlErr
				}
				// Documents that failed to parse (errFailed) leave the rest
				// indexed: the watches are checked all the same.
				indexErr := indexData(ctx, store, stdout, stderr, false)
				if indexErr != nil && !errors.Is(indexErr, errFailed) {
					return indexErr
				}
				if _, err := checkWatches(ctx, store, flags.sources, stdout); err != nil {
					return err
				}
				if indexErr != nil {
					return indexErr
				}
				return crawlErr
			})
		},
	}
	flags.register(cmd, false)
	store.register(cmd)
	store.registerLayout(cmd)
	registerParseLimits(cmd)
	return cmd
}
