//go:build unix

package isolated

import "syscall"

// limitAddressSpace caps the process's address space: an allocation past
// it fails and the Go runtime ends the process, which the pool reports.
func limitAddressSpace(bytes int64) error {
	lim := uint64(bytes)
	return syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: lim, Max: lim})
}
