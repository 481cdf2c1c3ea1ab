package main

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/sqlite"
)

// TestGeneratedAsFromDisk: the reports made on the fly (-generate) index as
// the same reports written to disk by fixtures/cmd/scale and read back:
// every one, the same ids and hashes, the same findings; and a stop before
// the end indexes the reports sent so far and no more.
func TestGeneratedAsFromDisk(t *testing.T) {
	const n = 30
	ctx := context.Background()
	dir := t.TempDir()
	for i := range n {
		name, data := fixtures.ScaleReport(i)
		path := filepath.Join(dir, "corpus", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stopped := make(chan struct{})
	close(stopped)
	var fromDisk map[string]string // id → hash
	var diskFindings []index.Count
	for _, tc := range []struct {
		name string
		src  source
		stop chan struct{}
	}{
		{"disk", source{dir: filepath.Join(dir, "corpus")}, nil},
		{"generated", source{n: n}, nil},
		{"generated, stopped at once", source{n: n}, stopped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, err := sqlite.Open(filepath.Join(dir, tc.name+".db"))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			got, skipped, _, err := indexAll(ctx, x, tc.src, 7, nil, &progress{}, tc.stop)
			if err != nil || skipped != 0 {
				t.Fatalf("indexAll: %d skipped, %v", skipped, err)
			}
			if tc.stop != nil {
				if got >= n { // each send races the stop: all 30 is a chance of 2^-30
					t.Fatalf("stopped at once, yet indexed all %d reports", got)
				}
				return
			}
			if got != n {
				t.Fatalf("indexed %d reports, want %d", got, n)
			}
			indexed, err := x.Indexed(ctx)
			if err != nil {
				t.Fatal(err)
			}
			findings, err := x.Findings(ctx, index.FindingQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if fromDisk == nil {
				if len(findings.Kinds) == 0 {
					t.Fatal("no findings from disk: the comparison tests nothing")
				}
				fromDisk, diskFindings = indexed, findings.Kinds
				return
			}
			if !maps.Equal(indexed, fromDisk) || !slices.Equal(findings.Kinds, diskFindings) {
				t.Errorf("generated: %d reports, findings %v; from disk: %d, %v", len(indexed), findings.Kinds, len(fromDisk), diskFindings)
			}
		})
	}
}
