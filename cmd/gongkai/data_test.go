package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The reading commands refuse a --data folder that does not exist, in
// Chinese and with status 1, and leave no folder behind: an empty index
// created on the spot would answer "no report" as if that were true.
func TestReadingCommandsRefuseMissingData(t *testing.T) {
	t.Setenv("GONGKAI_ES_URL", "")
	empty := t.TempDir() // exists, but holds no index
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"search", []string{"search", "政策解读"}},
		{"compare", []string{"compare", "--office", "某县人民政府"}},
		{"export", []string{"export", "--format", "csv", "--out", "-"}},
		{"serve", []string{"serve", "--addr", "127.0.0.1:0"}},
	} {
		for _, dir := range []string{filepath.Join(t.TempDir(), "nonexistent"), empty} {
			t.Run(tt.name, func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				status := run(append(tt.args, "--data", dir), &stdout, &stderr)
				if status != 1 {
					t.Errorf("status %d, want 1; stderr %q", status, stderr.String())
				}
				if msg := stderr.String(); !strings.Contains(msg, dir) || !strings.Contains(msg, "gongkai index") {
					t.Errorf("stderr %q does not name %s and say to run gongkai index", msg, dir)
				}
				if _, err := os.Stat(filepath.Join(dir, "index.db")); err == nil {
					t.Errorf("%s created an index in %s", tt.name, dir)
				}
				if strings.HasSuffix(dir, "nonexistent") {
					if _, err := os.Stat(dir); err == nil {
						t.Errorf("%s created %s", tt.name, dir)
					}
				}
			})
		}
	}
}
