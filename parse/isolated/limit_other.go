//go:build !unix

package isolated

// limitAddressSpace has no limit to set here; the worker keeps the heap
// limit and the pool its watch and time limit.
func limitAddressSpace(int64) error { return nil }
