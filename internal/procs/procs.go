// Package procs finds running processes by their arguments or environment,
// for kill tests that must show a killed program left nothing running (a
// browser, a parse worker). It reads Linux's /proc; elsewhere it finds
// nothing.
package procs

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Find returns the live processes (zombies aside) for which match, given
// the process's arguments and environment, is true.
func Find(match func(args, env []string) bool) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		dir := filepath.Join("/proc", e.Name())
		stat, err := os.ReadFile(filepath.Join(dir, "stat"))
		if err != nil {
			continue
		}
		if i := bytes.LastIndexByte(stat, ')'); i < 0 || i+2 >= len(stat) || stat[i+2] == 'Z' {
			continue
		}
		args, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
		env, _ := os.ReadFile(filepath.Join(dir, "environ"))
		if match(split(args), split(env)) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// WithArg returns the live processes one of whose arguments contains s.
func WithArg(s string) []int {
	return Find(func(args, _ []string) bool {
		for _, a := range args {
			if strings.Contains(a, s) {
				return true
			}
		}
		return false
	})
}

func split(b []byte) []string {
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
}
