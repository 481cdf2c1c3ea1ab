//go:build !unix

package cputime

import "time"

// Used is the processor time the process has used so far; 0 where the
// platform does not say (the benchmarks then report 0 cpu-ms/report).
func Used() time.Duration { return 0 }
