//go:build unix

package cputime

import (
	"syscall"
	"time"
)

// Children is the processor time used by the child processes the process
// has waited for (an OCR engine run per batch), so that work done outside
// the process counts too.
func Children() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
