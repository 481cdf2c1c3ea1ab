package isolated

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime/debug"
	"strconv"

	"github.com/gongkai/gongkai/parse"
)

// WorkerArg is the hidden argument that makes the program a worker: main
// calls Serve when it is started with it (Command builds the command line).
const WorkerArg = "parse-worker"

// Command returns a function starting a worker: the program at exe with
// WorkerArg and the memory limit, which the worker's main passes to Serve.
func Command(exe string, limits Limits) func() *exec.Cmd {
	return func() *exec.Cmd {
		return exec.Command(exe, WorkerArg, strconv.FormatInt(limits.Memory, 10))
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
		var resp response
		rep, err := parse.Bytes(req.Name, data)
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
