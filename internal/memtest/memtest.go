// Package memtest measures the memory a piece of work takes, for tests that
// hold a reader to its budget on hostile input.
package memtest

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// PeakHeap runs f and returns the most heap memory held in objects while it
// ran, sampled every millisecond: an allocation spike shorter than that can
// be missed, a runaway cannot.
func PeakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	<-sampled
	metrics.Read(sample)
	return max(peak, sample[0].Value.Uint64())
}
