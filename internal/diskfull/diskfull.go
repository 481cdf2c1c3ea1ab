// Package diskfull recognises a write that failed because the disk (or the
// user's quota) is full, wherever it happened — a file written by the
// store, a transaction of a SQLite database — and says so to a person in
// one clear sentence.
//
// Every writer in gongkai is atomic (a file under its final name is
// complete, a transaction commits whole or not at all), so a full disk
// leaves nothing half-written, and the message can say that the next run
// recovers once there is space again.
package diskfull

import (
	"errors"
	"fmt"
	"syscall"

	"modernc.org/sqlite"
)

// sqliteFull is SQLite's SQLITE_FULL, the primary code of "database or disk
// is full"; extended codes keep it in their low byte.
const sqliteFull = 13

// Is reports whether err comes from a write that found no space: ENOSPC or
// EDQUOT from the system, SQLITE_FULL from SQLite.
func Is(err error) bool {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqliteFull
}

// Explain returns err as a person should read it when Is(err): what
// happened, that nothing was left half-written, and what to do; the
// original error follows for whoever needs the detail. Other errors are
// returned as they are.
func Explain(err error) error {
	if !Is(err) {
		return err
	}
	return &explained{err}
}

type explained struct{ err error }

func (e *explained) Error() string {
	return fmt.Sprintf("磁盘空间已满，写入失败，本次运行已停止：已保存的内容完整，未写完的部分没有留下；腾出空间后重新运行同一命令即可从中断处继续（%v）", e.err)
}

func (e *explained) Unwrap() error { return e.err }
