//go:build unix

package indextest

import (
	"syscall"
	"time"
)

// CPUTime is the processor time (user and system) the process has used so
// far. On a shared machine it is steadier than the wall clock: other work
// slows a benchmark down but does not add to its processor time.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
