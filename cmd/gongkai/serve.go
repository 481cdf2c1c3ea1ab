package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/ingest"
	"github.com/gongkai/gongkai/watch"
	"github.com/gongkai/gongkai/web"
)

func newServeCmd(stdout, stderr io.Writer) *cobra.Command {
	var store storeFlags
	var addr, tokenFile string
	var maxConcurrent int
	cmd := &cobra.Command{
		Use:   "serve [--data DIR | --es URL] [--addr 127.0.0.1:8080] [--token-file FILE]",
		Short: "Serve the web UI and the JSON API over the index",
		Long: `Serve answers the web UI (search, reports with their tables as printed and
failed checks marked, a body over the years, a region's bodies side by side,
findings, the watches' Atom feeds at /feeds/NAME.xml) and the JSON API
(/api/search, /api/reports/ID, /api/compare, /api/findings, /api/export) over
the index. It binds loopback unless --addr
says otherwise. When --data holds the crawler's raw store, reports link to
their stored copy.

Reading needs no authentication. The one action that changes state,
POST /api/reindex (bring the index level with the raw store), needs the
token from --token-file or $GONGKAI_TOKEN as "Authorization: Bearer TOKEN";
without a token it is disabled. The same token lets a person review findings
(POST /api/reviews, or log in at /login in the browser); without it the UI
is read-only.

At most --max-concurrent requests are answered at once; one more waits up
to half a second for a turn, then is told 503 with Retry-After, so a flood
of requests cannot take the server's memory past a bound.`,
		Example: `  gongkai serve
  gongkai serve --data /var/lib/gongkai --addr 127.0.0.1:9000`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			idx, err := store.openExisting(ctx)
			if err != nil {
				return err
			}
			defer idx.Close()
			opts := web.Options{Token: os.Getenv("GONGKAI_TOKEN"), MaxConcurrent: maxConcurrent,
				Feeds: func() (*watch.State, error) { return watch.ReadState(store.data) }}
			if tokenFile != "" {
				b, err := os.ReadFile(tokenFile)
				if err != nil {
					return err
				}
				opts.Token = strings.TrimSpace(string(b))
			}
			if _, err := os.Stat(filepath.Join(store.data, "state.db")); err == nil {
				st, err := ingest.OpenStore(store.data)
				if err != nil {
					return err
				}
				defer st.Close()
				opts.Raw, opts.Picture = st.Read, st.PagePicture
				opts.Reindex = func(ctx context.Context) (string, error) {
					sum, err := indexStore(ctx, st, idx, nil)
					return sum.String(), err
				}
			}
			return serveUI(ctx, idx, opts, addr, stdout, stderr)
		},
	}
	store.register(cmd)
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "file holding the token for POST /api/reindex and for reviewing findings (default $GONGKAI_TOKEN)")
	cmd.Flags().IntVar(&maxConcurrent, "max-concurrent", web.DefaultMaxConcurrent, "requests answered at once; more wait briefly, then get 503 with Retry-After")
	return cmd
}

// Connection timeouts of the web server, so that clients gone quiet cannot
// hold connections open: a request's headers must arrive within
// readHeaderTimeout, and a keep-alive connection idle for idleTimeout is
// closed. Tests shorten them.
var (
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 60 * time.Second
)

// serveUI serves the web UI over idx on addr until ctx ends, then shuts
// down gracefully. It prints the URL once it listens.
func serveUI(ctx context.Context, idx index.Index, opts web.Options, addr string, stdout, stderr io.Writer) error {
	opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := web.New(idx, opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: readHeaderTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: 64 << 10}
	fmt.Fprintf(stdout, "服务已启动：http://%s/ （Ctrl-C 停止）\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
