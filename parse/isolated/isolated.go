// Package isolated parses untrusted documents in worker processes, so that
// a document that still defeats the readers' budgets (memory a reader cannot
// bound, a runaway goroutine, a panic or fatal error in a dependency) costs
// that document only: its worker dies or is killed, the document is
// reported as failed with the reason, and the next document gets a fresh
// worker.
//
// A worker is the program itself started with a hidden argument (see
// Command); it reads requests from standard input and answers on standard
// output, one JSON value each, until its input ends.
package isolated

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse"
)

// Limits bound one worker.
type Limits struct {
	// Memory is the most memory (resident set) a worker may use. The
	// worker's Go heap is held to it, the pool kills a worker seen above
	// it, and the worker's address space is capped a little higher (see
	// Serve) so that a sudden huge allocation fails at once.
	Memory int64
	// Time is the longest one document may take, reading included.
	Time time.Duration
}

// DefaultLimits are far above what real reports take (tens of megabytes,
// well under a second) and far below what ends a machine.
var DefaultLimits = Limits{Memory: 1 << 30, Time: 90 * time.Second}

// watchEvery is how often the pool checks a busy worker's memory.
const watchEvery = 20 * time.Millisecond

// request heads one document sent to a worker: this header as a line of
// JSON, then Size bytes of the document as they are, then the bytes of
// each picture in Pictures.
type request struct {
	Name     string    `json:"name"`
	Size     int       `json:"size"`
	Path     string    `json:"path,omitempty"`     // a local file the worker reads itself, with the pictures beside it (Size 0)
	URL      string    `json:"url,omitempty"`      // where the document was published: pictures' sources resolve against it
	Pictures []picture `json:"pictures,omitempty"` // pictures the document prints, stored with it
}

// picture is one picture sent with a document: its address and size.
type picture struct {
	URL  string `json:"url"`
	Size int    `json:"size"`
}

// response is a worker's answer: a report, or the error parsing gave.
type response struct {
	Report *gongkai.Report `json:"report,omitempty"`
	Error  string          `json:"error,omitempty"`
}

// ErrWorker marks a document whose worker died or was killed while parsing
// it, as opposed to a document the reader rejected.
var ErrWorker = errors.New("解析进程失败")

// Pool is a fixed number of workers, each started when first needed and
// again after it dies.
type Pool struct {
	command func() *exec.Cmd
	limits  Limits
	slots   chan *worker // nil: no process running in this slot
}

// NewPool returns a pool of size workers started by command, which must
// run Serve with the pool's limits (see Command).
func NewPool(size int, command func() *exec.Cmd, limits Limits) *Pool {
	p := &Pool{command: command, limits: limits, slots: make(chan *worker, size)}
	for range size {
		p.slots <- nil
	}
	return p
}

// Parse parses one document in a worker. The error is the reader's own for
// a document it rejected, or wraps ErrWorker with the reason the worker
// failed: killed at the time limit, or died (out of memory, crashed).
func (p *Pool) Parse(ctx context.Context, name string, data []byte) (*gongkai.Report, error) {
	return p.ParseWith(ctx, Document{Name: name, Data: data})
}

// Document is a document to parse with what else it needs: where it was
// published and the pictures stored with it (by address), for a report
// that prints its tables as images.
type Document struct {
	Name     string
	Data     []byte
	URL      string
	Pictures map[string][]byte
}

// ParseWith parses d in a worker, as Parse does.
func (p *Pool) ParseWith(ctx context.Context, d Document) (*gongkai.Report, error) {
	if len(d.Data) > parse.MaxSize {
		return nil, parse.ErrTooLarge // not worth a worker's time
	}
	return p.parseInSlot(ctx, request{Name: d.Name, Size: len(d.Data), URL: d.URL}, d)
}

// ParseFile parses the local file at path in a worker, as parse.File
// does: the worker reads the file and the pictures beside it itself.
func (p *Pool) ParseFile(ctx context.Context, path string) (*gongkai.Report, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return p.parseInSlot(ctx, request{Name: filepath.Base(path), Path: abs}, Document{})
}

// parseInSlot waits for a free worker and parses req (with d's bytes) in it.
func (p *Pool) parseInSlot(ctx context.Context, req request, d Document) (*gongkai.Report, error) {
	var w *worker
	select {
	case w = <-p.slots:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	rep, err := p.parseIn(ctx, &w, req, d)
	p.slots <- w
	return rep, err
}

// parseIn parses in *w, starting it when nil; it leaves *w nil when the
// worker died or was stopped.
func (p *Pool) parseIn(ctx context.Context, w **worker, req request, d Document) (*gongkai.Report, error) {
	if *w == nil {
		started, err := p.start()
		if err != nil {
			return nil, err
		}
		*w = started
	}
	cur := *w
	answer := make(chan error, 1)
	var resp response
	for u, b := range d.Pictures {
		req.Pictures = append(req.Pictures, picture{URL: u, Size: len(b)})
	}
	go func() {
		err := cur.enc.Encode(req)
		if err == nil {
			_, err = cur.stdin.Write(d.Data)
		}
		for _, pic := range req.Pictures {
			if err == nil {
				_, err = cur.stdin.Write(d.Pictures[pic.URL])
			}
		}
		if err == nil {
			err = cur.dec.Decode(&resp)
		}
		answer <- err
	}()
	timer := time.NewTimer(p.limits.Time)
	defer timer.Stop()
	watch := time.NewTicker(watchEvery)
	defer watch.Stop()
	var failure error
wait:
	select {
	case err := <-answer:
		switch {
		case err != nil:
			failure = fmt.Errorf("%w: 进程退出（%s）", ErrWorker, cur.stop())
		case resp.Error != "":
			return nil, errors.New(resp.Error)
		case resp.Report != nil:
			return resp.Report, nil
		default:
			failure = fmt.Errorf("%w: 无结果（%s）", ErrWorker, cur.stop())
		}
	case <-watch.C:
		if rss := residentBytes(cur.cmd.Process.Pid); rss <= p.limits.Memory {
			goto wait
		}
		cur.stop()
		failure = fmt.Errorf("%w: 超过内存限制 %d MiB，已终止", ErrWorker, p.limits.Memory>>20)
	case <-timer.C:
		cur.stop()
		failure = fmt.Errorf("%w: 超过每份文档的时间限制 %s，已终止", ErrWorker, p.limits.Time)
	case <-ctx.Done():
		cur.stop()
		failure = ctx.Err()
	}
	*w = nil
	return nil, failure
}

// Close stops every worker.
func (p *Pool) Close() {
	for range cap(p.slots) {
		if w := <-p.slots; w != nil {
			w.stop()
		}
	}
}

// worker is one running worker process.
type worker struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	enc    *json.Encoder
	dec    *json.Decoder
	stderr *tail
}

func (p *Pool) start() (*worker, error) {
	cmd := p.command()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w := &worker{cmd: cmd, stdin: stdin, enc: json.NewEncoder(stdin), dec: json.NewDecoder(stdout), stderr: &tail{}}
	cmd.Stderr = w.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: 无法启动: %v", ErrWorker, err)
	}
	return w, nil
}

// stop ends the worker, killing it unless it has exited, and says why it
// ended: the fatal error or panic it printed, or its exit status.
func (w *worker) stop() string {
	w.stdin.Close()
	w.cmd.Process.Kill()
	err := w.cmd.Wait()
	if why := w.stderr.reason(); why != "" {
		return why
	}
	if err != nil {
		return err.Error()
	}
	return "exited"
}

// tail keeps the last bytes a worker wrote to standard error.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 8 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > tailSize {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailSize:]...)
	}
	return len(p), nil
}

// reason is the line that says why the process ended ("fatal error: out of
// memory", "panic: …"), or its last line.
func (t *tail) reason() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(bytes.ToValidUTF8(t.buf, nil))), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "fatal error:") || strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "runtime: out of memory") {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(lines[len(lines)-1])
}
