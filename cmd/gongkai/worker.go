package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/parse/isolated"
)

// parseLimits bound each document `index` and `run` parse in a worker
// process; their flags set them.
var parseLimits = isolated.DefaultLimits

// registerParseLimits adds the flags that set parseLimits.
func registerParseLimits(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&parseLimits.Time, "parse-timeout", isolated.DefaultLimits.Time, "longest time one document may take to parse; its worker process is killed then")
	cmd.Flags().Int64Var(&parseLimits.Memory, "parse-memory", isolated.DefaultLimits.Memory, "address-space limit in bytes of each parse worker process")
}

// newParsePool starts the worker processes that parse stored documents:
// this program, run with the hidden parse-worker command, one per core.
func newParsePool() (*isolated.Pool, error) { return newParsePoolOf(runtime.GOMAXPROCS(0)) }

// newParsePoolOf is newParsePool with size workers.
func newParsePoolOf(size int) (*isolated.Pool, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("parse workers: %w", err)
	}
	return isolated.NewPool(size, isolated.Command(exe, parseLimits), parseLimits), nil
}

// newParseWorkerCmd is the hidden command a parse worker process runs.
func newParseWorkerCmd() *cobra.Command {
	return &cobra.Command{
		Use:    isolated.WorkerArg + " MEMORY",
		Short:  "Parse documents sent on standard input (started by index and run)",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			memory, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError{err}
			}
			answers := os.Stdout
			os.Stdout = os.Stderr // nothing but answers may reach the parent's pipe
			return isolated.Serve(os.Stdin, answers, memory)
		},
	}
}
