package isolated

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os/exec"
	"runtime/debug"
	"strconv"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse"
)

// WorkerArg is the hidden argument that makes the program a worker: main
// calls Serve when it is started with it (Command builds the command line).
const WorkerArg = "parse-worker"

// Command returns a function starting a worker: the program at exe with
// WorkerArg and the memory limit, which the worker's main passes to Serve.
func Command(exe string, limits Limits) func() *exec.Cmd {
	return func() *exec.Cmd {
		cmd := exec.Command(exe, WorkerArg, strconv.FormatInt(limits.Memory, 10))
		dieWithParent(cmd)
		return cmd
	}
}

// addressSlack is the address space a Go process reserves beyond what it
// uses (about 1.5 GiB at start on linux/amd64), added to the memory limit
// for the address-space cap.
const addressSlack = 2 << 30

// workerGCPercent is a worker's GOGC.
const workerGCPercent = 400

// Serve is a worker's main loop: it limits the process's memory, then
// parses each document read from r and writes the answer to w, until r
// ends. Only answers go to w: nothing else may write to it.
//
// The Go heap is held to memory (debug.SetMemoryLimit: the collector works
// harder near it) and the address space to memory plus addressSlack, so
// that one huge allocation fails at once instead of growing past the
// pool's watch.
func Serve(r io.Reader, w io.Writer, memory int64) error {
	if memory > 0 {
		if err := limitAddressSpace(memory + addressSlack); err != nil {
			return fmt.Errorf("parse worker: memory limit: %w", err)
		}
		debug.SetMemoryLimit(memory)
		// Collect less often than the default: a worker's heap is small
		// and capped, and the collector's work is most of the cost of
		// isolation (BenchmarkParse).
		debug.SetGCPercent(workerGCPercent)
	}
	in, enc := bufio.NewReader(r), json.NewEncoder(w)
	for {
		head, err := in.ReadBytes('\n')
		if errors.Is(err, io.EOF) && len(head) == 0 {
			return nil
		}
		var req request
		if err == nil {
			err = json.Unmarshal(head, &req)
		}
		if err == nil && (req.Size < 0 || req.Size > parse.MaxSize) {
			err = fmt.Errorf("document of %d bytes", req.Size)
		}
		data := make([]byte, max(req.Size, 0))
		if err == nil {
			_, err = io.ReadFull(in, data)
		}
		if err != nil {
			return fmt.Errorf("parse worker: reading a request: %w", err)
		}
		pictures := map[string][]byte{}
		for _, pic := range req.Pictures {
			if err == nil && (pic.Size < 0 || pic.Size > parse.MaxSize) {
				err = fmt.Errorf("picture of %d bytes", pic.Size)
			}
			b := make([]byte, max(pic.Size, 0))
			if err == nil {
				_, err = io.ReadFull(in, b)
			}
			pictures[pic.URL] = b
		}
		if err != nil {
			return fmt.Errorf("parse worker: reading a request: %w", err)
		}
		var resp response
		var rep *gongkai.Report
		if req.Path != "" {
			rep, err = parse.File(req.Path)
		} else {
			rep, err = parse.BytesWith(req.Name, data, parse.Options{Images: storedPictures(req.URL, pictures)})
		}
		if err != nil {
			resp.Error = err.Error()
		} else {
			resp.Report = rep
		}
		if err := enc.Encode(resp); err != nil {
			return fmt.Errorf("parse worker: %w", err)
		}
	}
}

// storedPictures resolves a page's picture sources against the page's
// address to the pictures sent with it.
func storedPictures(page string, pictures map[string][]byte) func(src string) ([]byte, error) {
	return func(src string) ([]byte, error) {
		base, err := url.Parse(page)
		if err != nil {
			return nil, err
		}
		ref, err := url.Parse(src)
		if err != nil {
			return nil, err
		}
		abs := base.ResolveReference(ref).String()
		if b, ok := pictures[abs]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("%s: not stored with the page", abs)
	}
}
