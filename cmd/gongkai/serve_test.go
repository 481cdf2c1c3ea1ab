package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/web"
)

// announced is a writer that hands on the address serveUI prints.
type announced struct {
	once sync.Once
	addr chan string
}

func (a *announced) Write(p []byte) (int, error) {
	if _, rest, ok := strings.Cut(string(p), "http://"); ok {
		a.once.Do(func() { a.addr <- strings.TrimSuffix(strings.Fields(rest)[0], "/") })
	}
	return len(p), nil
}

// TestServerClosesQuietConnections: a keep-alive connection left idle and a
// request whose headers never finish are both closed by the server, each
// by its own timeout (the other is set far longer than the wait).
func TestServerClosesQuietConnections(t *testing.T) {
	defer func(h, i time.Duration) { readHeaderTimeout, idleTimeout = h, i }(readHeaderTimeout, idleTimeout)
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	const short, long, wait = 300 * time.Millisecond, time.Minute, 5 * time.Second
	tests := []struct {
		name         string
		header, idle time.Duration
		send         string
		wantResponse bool
	}{
		{"idle keep-alive connection", long, short, "GET /api/reports/none HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"headers never finished", short, long, "GET / HTTP/1.1\r\nHost: x\r\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			readHeaderTimeout, idleTimeout = tt.header, tt.idle
			ctx, cancel := context.WithCancel(context.Background())
			out := &announced{addr: make(chan string, 1)}
			done := make(chan error, 1)
			go func() { done <- serveUI(ctx, idx, web.Options{}, "127.0.0.1:0", out, io.Discard) }()
			defer func() { cancel(); <-done }()
			conn, err := net.Dial("tcp", <-out.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, tt.send); err != nil {
				t.Fatal(err)
			}
			r := bufio.NewReader(conn)
			if tt.wantResponse {
				conn.SetReadDeadline(time.Now().Add(time.Minute))
				res, err := http.ReadResponse(r, nil)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.Close {
					t.Fatal("the server closed the connection at once: not a keep-alive test")
				}
			}
			conn.SetReadDeadline(time.Now().Add(wait))
			_, err = r.ReadByte()
			var netErr net.Error
			if errors.As(err, &netErr) && netErr.Timeout() {
				t.Fatalf("still open after %v", wait)
			}
			if err == nil && !tt.wantResponse {
				return // the server answered the unfinished request (408) before closing
			}
			if !errors.Is(err, io.EOF) {
				t.Errorf("read = %v, want the server to close the connection", err)
			}
		})
	}
}
