package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestThreadIsTheThreads: work on another thread adds to the process's
// processor time and not to this thread's; work on this thread adds to it.
func TestThreadIsTheThreads(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	spin := func(d time.Duration) { // until this thread has used d
		for start := Thread(); Thread()-start < d; {
		}
	}
	own, proc := Thread(), Used()
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread() // a thread of its own
		defer runtime.UnlockOSThread()
		spin(100 * time.Millisecond)
		close(done)
	}()
	<-done // blocked: this thread does next to nothing meanwhile
	if d := Thread() - own; d > 30*time.Millisecond {
		t.Errorf("this thread used %v while another worked 100 ms", d)
	}
	if d := Used() - proc; d < 100*time.Millisecond {
		t.Errorf("the process used %v, less than the other thread's 100 ms", d)
	}
	own, proc = Thread(), Used()
	for Used()-proc < 50*time.Millisecond { // the process's time, spent here
	}
	if d := Thread() - own; d < 25*time.Millisecond {
		t.Errorf("this thread spun for the process's 50 ms and counted %v", d)
	}
}
