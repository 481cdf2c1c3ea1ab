package main

import (
	"os"
	"testing"

	"github.com/gongkai/gongkai/parse/isolated"
)

// TestMain lets the test binary stand in for gongkai as a parse worker:
// indexStore starts os.Executable(), which under go test is this binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == isolated.WorkerArg {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
