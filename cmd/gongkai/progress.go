package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress draws one line that updates in place — a bar, done/total and a
// note — on a terminal. Elsewhere (a log file, a pipe, cron's mail) it
// draws nothing: the logs and the summary line tell what happened.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	label string
	last  time.Time
}

func newProgress(w io.Writer, label string) *progress {
	return &progress{w: w, on: isTerminal(w), label: label}
}

// update redraws the line, at most ten times a second and always for the
// last step.
func (p *progress) update(done, total int, note string) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	const width = 30
	filled := 0
	if total > 0 {
		filled = min(width, done*width/total)
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s [%s%s] %d/%d %s", p.label, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total, note)
}

// finish clears the line so that what follows starts on a clean one.
func (p *progress) finish() {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\x1b[K")
}
