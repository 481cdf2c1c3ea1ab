//go:build unix

// Package cputime reads the processor time the process has used, for
// benchmarks on a shared machine: other work slows them down but does not
// add to their processor time, so figures per CPU second stay comparable.
package cputime

import (
	"syscall"
	"time"
)

// Used is the processor time (user and system) the process has used so
// far.
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
