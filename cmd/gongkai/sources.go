package main

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/ingest"
)

func newSourcesCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "Help write the sources file",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newDiscoverCmd(stdout, stderr))
	return cmd
}

func newDiscoverCmd(stdout, stderr io.Writer) *cobra.Command {
	var userAgent string
	var rate float64
	var allowPrivate bool
	cmd := &cobra.Command{
		Use:   "discover URL...",
		Short: "Find the annual-report column of each home page and print sources.yaml entries",
		Long: `Discover starts at each body's home page (or its 政务公开 portal), follows
the site's own links such as 政务公开 → 政府信息公开年报 / 年度报告 / 工作年报,
reads the column it finds to see that it lists reports, and prints a
sources.yaml entry for it: the body's name from the site's title, the listing
URL, and in a comment the platform detected and the links followed. Paste
the entries under "sites:". It fetches politely (robots.txt, --rate).
The exit status is 1 when a home page gave no column.`,
		Example: `  gongkai sources discover http://www.example.gov.cn/ >> sources.yaml`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg := ingest.Config{UserAgent: userAgent, Sites: []ingest.Site{{Rate: rate}},
				Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
			failed := false
			for _, home := range args {
				col, err := ingest.FindColumn(cmd.Context(), cfg, home, allowPrivate)
				if err != nil {
					fmt.Fprintf(stderr, "gongkai: %v\n", err)
					failed = true
					continue
				}
				fmt.Fprint(stdout, col.Entry())
			}
			if failed {
				return errFailed
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&userAgent, "user-agent", ingest.DefaultUserAgent, "User-Agent sent to the sites")
	f.Float64Var(&rate, "rate", ingest.DefaultRate, "requests per second to one host")
	f.BoolVar(&allowPrivate, "allow-private", false, "let it reach loopback and private addresses (tests)")
	return cmd
}
