//go:build unix

package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// locked runs fn holding an exclusive lock on DIR/watches.lock, waiting for
// it: a run checking the watches and a watch added on the command line meanwhile
// each see the other's change. The kernel drops the lock when the process
// dies, so a killed run never blocks the next.
func locked(dir string, fn func() error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("watch: lock %s: %w", f.Name(), err)
	}
	return fn()
}
