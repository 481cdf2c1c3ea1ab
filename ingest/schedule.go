package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule says when the next run starts, given when the previous one started.
type Schedule interface {
	Next(time.Time) time.Time
}

type every time.Duration

func (e every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

// Every runs every d, counted from the start of the previous run; a run longer
// than d is followed at once by the next.
func Every(d time.Duration) (Schedule, error) {
	if d <= 0 {
		return nil, fmt.Errorf("every %s: want a positive duration", d)
	}
	return every(d), nil
}

// Cron runs at the times of a standard five-field cron expression
// ("0 3 * * *": 03:00 every day, local time), or a descriptor such as @daily.
func Cron(expr string) (Schedule, error) {
	s, err := cron.ParseStandard(expr)
	if err != nil {
		return nil, fmt.Errorf("cron %q: %w", expr, err)
	}
	return s, nil
}

// Repeat calls run at the times of sched until ctx is done; with runAtOnce
// the first call is immediate. A run's error is handed to onErr and the
// schedule goes on: one bad night must not stop a job meant to run for years.
func Repeat(ctx context.Context, sched Schedule, runAtOnce bool, run func(context.Context) error, onErr func(error)) error {
	next := time.Now()
	if !runAtOnce {
		next = sched.Next(next)
	}
	for {
		timer := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		started := time.Now()
		if err := run(ctx); err != nil && ctx.Err() == nil {
			onErr(err)
		}
		next = sched.Next(started)
	}
}
