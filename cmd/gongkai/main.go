// Command gongkai collects, parses, indexes and searches China's government
// information disclosure annual reports (政府信息公开工作年度报告).
//
// Exit status: 0 success, 1 failure, 2 usage error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/internal/diskfull"
)

// usageError marks errors in how the command was called (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// errFailed says some documents failed after their errors were printed (exit status 1).
var errFailed = errors.New("some documents failed")

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errFailed):
		return 1
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "gongkai: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "gongkai: %v\n", diskfull.Explain(err))
	return 1
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "gongkai",
		Short:         "Collect, parse and search government information disclosure annual reports",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	// Cobra reports unknown flags and bad arguments through this hook: they are usage errors.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newParseCmd(stdout, stderr))
	root.AddCommand(newCrawlCmd(stdout, stderr))
	root.AddCommand(newRunCmd(stdout, stderr))
	root.AddCommand(newSourcesCmd(stdout, stderr))
	root.AddCommand(newIndexCmd(stdout, stderr))
	root.AddCommand(newSearchCmd(stdout))
	root.AddCommand(newCompareCmd(stdout))
	root.AddCommand(newExportCmd(stdout))
	root.AddCommand(newReviewCmd(stdout))
	root.AddCommand(newServeCmd(stdout, stderr))
	root.AddCommand(newWatchCmd(stdout))
	root.AddCommand(newDemoCmd(stdout, stderr))
	root.AddCommand(newParseWorkerCmd())
	return root
}

// isTerminal reports whether w is a terminal, where output may use colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
