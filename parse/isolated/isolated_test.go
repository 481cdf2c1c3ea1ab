package isolated

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/parse"
)

// TestMain makes the test binary a worker when a pool starts it, the way
// gongkai's main does.
func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == WorkerArg {
		memory, err := strconv.ParseInt(os.Args[2], 10, 64)
		if err == nil {
			err = Serve(os.Stdin, os.Stdout, memory)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func testPool(t *testing.T, size int, limits Limits) *Pool {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := NewPool(size, Command(exe, limits), limits)
	t.Cleanup(p.Close)
	return p
}

// TestSameAsInProcess: a report parsed in a worker is the report parsed
// in process, byte for byte as JSON, and a document the reader rejects
// gets the reader's error, not a worker failure.
func TestSameAsInProcess(t *testing.T) {
	p := testPool(t, 2, DefaultLimits)
	ctx := context.Background()
	for _, v := range fixtures.Variants(12) {
		data := v.Bytes()
		want, err := parse.Bytes(v.Name+v.Ext, data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Parse(ctx, v.Name+v.Ext, data)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if !bytes.Equal(wj, gj) {
			t.Errorf("%s: worker's report differs from the in-process one", v.Name)
		}
	}
	_, want := parse.Bytes("x.txt", []byte("no report here"))
	_, err := p.Parse(ctx, "x.txt", []byte("no report here"))
	if err == nil || err.Error() != want.Error() || errors.Is(err, ErrWorker) {
		t.Errorf("err = %v, want the reader's %v", err, want)
	}
}

// TestWorkerExits: a worker that exits without answering is a worker
// failure carrying what it printed, and the pool starts it again for the
// next document.
func TestWorkerExits(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := NewPool(1, func() *exec.Cmd { return exec.Command(exe, WorkerArg, "no-such-limit") }, DefaultLimits)
	defer p.Close()
	for range 2 {
		_, err := p.Parse(context.Background(), "a.txt", []byte("text"))
		if !errors.Is(err, ErrWorker) || !strings.Contains(err.Error(), "no-such-limit") {
			t.Errorf("err = %v, want a worker failure quoting its last words", err)
		}
	}
}

// TestWorkerFailures: a document that outlasts or outgrows its worker
// costs that document only, with the reason, and the next document is
// parsed by a fresh worker.
func TestWorkerFailures(t *testing.T) {
	good := fixtures.Variants(1)[0]
	tests := []struct {
		name   string
		limits Limits
		doc    []byte
		source string
		want   string
	}{
		{"over the time limit", Limits{Memory: DefaultLimits.Memory, Time: 2 * time.Second}, fixtures.SlowPDF(), "slow.pdf", "时间限制"},
		{"over the memory limit", Limits{Memory: 150 << 20, Time: time.Minute}, fixtures.LargeHTML(), "big.html", "内存限制"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPool(t, 1, tt.limits)
			ctx := context.Background()
			if _, err := p.Parse(ctx, good.Name+good.Ext, good.Bytes()); err != nil {
				t.Fatalf("a good document before: %v", err)
			}
			start := time.Now()
			_, err := p.Parse(ctx, tt.source, tt.doc)
			t.Logf("%d bytes: %v after %v", len(tt.doc), err, time.Since(start).Round(time.Millisecond))
			if !errors.Is(err, ErrWorker) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want a worker failure saying %q", err, tt.want)
			}
			if _, err := p.Parse(ctx, good.Name+good.Ext, good.Bytes()); err != nil {
				t.Errorf("a good document after: %v", err)
			}
		})
	}
}

// BenchmarkParse is the cost of isolation: the same fixture reports parsed
// by one goroutine per core in this process, and by a pool of one worker
// process per core (started once, as in an index run).
func BenchmarkParse(b *testing.B) {
	type doc struct {
		name string
		data []byte
	}
	var docs []doc
	for _, v := range fixtures.Variants(240) {
		docs = append(docs, doc{v.Name + v.Ext, v.Bytes()})
	}
	run := func(b *testing.B, parseOne func(doc) error) {
		b.ResetTimer()
		for b.Loop() {
			work := make(chan doc)
			errs := make(chan error, runtime.GOMAXPROCS(0))
			for range runtime.GOMAXPROCS(0) {
				go func() {
					var first error
					for d := range work {
						if err := parseOne(d); err != nil && first == nil {
							first = err
						}
					}
					errs <- first
				}()
			}
			for _, d := range docs {
				work <- d
			}
			close(work)
			for range runtime.GOMAXPROCS(0) {
				if err := <-errs; err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(docs)), "µs/doc")
	}
	b.Run("in-process", func(b *testing.B) {
		run(b, func(d doc) error { _, err := parse.Bytes(d.name, d.data); return err })
	})
	b.Run("workers", func(b *testing.B) {
		exe, err := os.Executable()
		if err != nil {
			b.Fatal(err)
		}
		p := NewPool(runtime.GOMAXPROCS(0), Command(exe, DefaultLimits), DefaultLimits)
		defer p.Close()
		ctx := context.Background()
		run(b, func(d doc) error { _, err := p.Parse(ctx, d.name, d.data); return err })
	})
}

// TestParseFile: a local file parsed in a worker is the file parsed in
// process, pictures beside it included (a page whose third table is a
// PNG, read by OCR), given a relative path; a missing file is the reader's
// error, not a worker failure.
func TestParseFile(t *testing.T) {
	page := "../testdata/pictures/v009-2019-html.html"
	want, err := parse.File(page)
	if err != nil {
		t.Fatal(err)
	}
	p := testPool(t, 1, DefaultLimits)
	got, err := p.ParseFile(context.Background(), page)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("in a worker: %d facts, %d warnings; in process: %d facts, %d warnings", len(got.Facts), len(got.Warnings), len(want.Facts), len(want.Warnings))
	}
	if _, err := p.ParseFile(context.Background(), "../testdata/pictures/nope.html"); err == nil || errors.Is(err, ErrWorker) || !strings.Contains(err.Error(), "nope.html") {
		t.Errorf("missing file: %v, want the reader's error naming it", err)
	}
}
