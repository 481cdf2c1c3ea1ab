//go:build !linux

package isolated

// residentBytes is not read on this system: the worker's own heap and
// address-space limits stand alone.
func residentBytes(int) int64 { return 0 }
