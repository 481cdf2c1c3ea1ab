//go:build !unix

package cputime

import "time"

// Children is the processor time of waited-for child processes; 0 where
// the platform does not say.
func Children() time.Duration { return 0 }
