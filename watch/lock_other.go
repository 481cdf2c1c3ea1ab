//go:build !unix

package watch

import (
	"fmt"
	"os"
)

// locked runs fn; where flock is unavailable, check watches from one
// process at a time.
func locked(dir string, fn func() error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	return fn()
}
