//go:build !linux

package cputime

import "time"

// Thread is the processor time of the calling thread; 0 where the platform
// does not say.
func Thread() time.Duration { return 0 }
