package diskfull

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// TestIs: the system's no-space errors are recognised however wrapped,
// other errors (a read-only file system, a missing file) are not, and only
// recognised ones get the Chinese explanation, which keeps the original.
// (SQLITE_FULL from a real database: index/sqlite's TestDiskFull.)
func TestIs(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		full bool
	}{
		{"ENOSPC in a write", &fs.PathError{Op: "write", Path: "/d/tmp/blob-1", Err: syscall.ENOSPC}, true},
		{"wrapped twice", fmt.Errorf("crawl: %w", fmt.Errorf("store abc: %w", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC})), true},
		{"quota", &fs.PathError{Op: "write", Path: "x", Err: syscall.EDQUOT}, true},
		{"joined", errors.Join(errors.New("other"), syscall.ENOSPC), true},
		{"read-only", &fs.PathError{Op: "open", Path: "x", Err: syscall.EROFS}, false},
		{"missing", fs.ErrNotExist, false},
		{"message only", errors.New("no space left on device"), false},
		{"nil", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Is(tt.err); got != tt.full {
				t.Errorf("Is = %v, want %v", got, tt.full)
			}
			explained := Explain(tt.err)
			if !tt.full {
				if explained != tt.err {
					t.Errorf("Explain changed an error that is not disk-full: %v", explained)
				}
				return
			}
			if msg := explained.Error(); !strings.Contains(msg, "磁盘空间已满") || !strings.Contains(msg, tt.err.Error()) || !Is(explained) {
				t.Errorf("Explain = %q: want the Chinese explanation around the original, still recognised", msg)
			}
		})
	}
}
