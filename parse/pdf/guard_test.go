package pdf

import (
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/internal/memtest"
	"github.com/gongkai/gongkai/parse/layout"
)

// TestHostile reads each hostile PDF of issue 19 (fixtures.HostilePDFs)
// within 10 s and a peak heap of 256 MiB, and gets the expected error or
// a document with nothing in it, not a hang or a fatal out-of-memory.
func TestHostile(t *testing.T) {
	for _, h := range fixtures.HostilePDFs() {
		t.Run(h.Name, func(t *testing.T) {
			var r *readResult
			peak := memtest.PeakHeap(func() { r = readWithin(t, h.Data, 10*time.Second) })
			t.Logf("%d bytes: %v, peak heap %d MiB, err %v", len(h.Data), r.took.Round(time.Millisecond), peak>>20, r.err)
			if peak > 256<<20 {
				t.Errorf("peak heap %d MiB, budget 256 MiB", peak>>20)
			}
			switch {
			case h.Err != "" && (r.err == nil || !strings.Contains(r.err.Error(), h.Err)):
				t.Errorf("err = %v, want one containing %q", r.err, h.Err)
			case h.Err == "" && r.err == nil && len(r.doc.Blocks) > 1:
				t.Errorf("%d blocks from a hostile file", len(r.doc.Blocks))
			}
		})
	}
}

type readResult struct {
	doc  *layout.Document
	err  error
	took time.Duration
}

// readWithin runs Read and fails the test if it has not returned by limit.
func readWithin(t *testing.T, data []byte, limit time.Duration) *readResult {
	t.Helper()
	done := make(chan *readResult, 1)
	go func() {
		start := time.Now()
		doc, err := Read(data)
		done <- &readResult{doc, err, time.Since(start)}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(limit):
		t.Fatalf("Read has not returned after %v", limit)
		return nil
	}
}

// FuzzReadHostile mutates the small hostile PDFs (xref and page-tree
// cycles, huge xref sections), exploring the object layer's budgets where
// FuzzRead starts from a well-formed report.
func FuzzReadHostile(f *testing.F) {
	for _, h := range fixtures.HostilePDFs() {
		if len(h.Data) < 64<<10 {
			f.Add(h.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read(data)
		if err == nil && doc == nil {
			t.Fatal("nil document without error")
		}
	})
}

// TestTimeLimitCoversObjects: the time limit stops the library's object
// parsing too, not only this package's content-stream interpreter: with
// the limit already past when reading starts, even the page tree is not
// read, and the error says why.
func TestTimeLimitCoversObjects(t *testing.T) {
	defer func(d time.Duration) { TimeLimit = d }(TimeLimit)
	TimeLimit = time.Nanosecond
	_, err := Read(fixtures.SlowPDF())
	if err == nil || !strings.Contains(err.Error(), "time limit reached") || !strings.Contains(err.Error(), "structure") {
		t.Errorf("err = %v, want the time limit while reading the structure", err)
	}
}
