//go:build !unix

package ingest

// lockDir is a no-op where flock is unavailable: run one crawler per data
// directory there.
func lockDir(string) (func(), error) { return func() {}, nil }
