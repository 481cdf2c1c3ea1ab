// Package corpus finds the real-report corpus for tests: $GONGKAI_CORPUS, a
// relative value read from the module root (so `GONGKAI_CORPUS=../shared/corpus
// make test` means the same folder to every package, whatever folder its
// tests run in), or ../shared/corpus beside the module when unset.
package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the corpus folder and whether $GONGKAI_CORPUS named it. A
// named folder that does not exist fails the test; the default one that
// does not exist gives "" (callers skip).
func Dir(tb testing.TB) (dir string, named bool) {
	tb.Helper()
	root, err := ModuleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	if env := os.Getenv("GONGKAI_CORPUS"); env != "" {
		dir := Resolve(env, root)
		if _, err := os.Stat(dir); err != nil {
			tb.Fatalf("GONGKAI_CORPUS=%s (%s): %v", env, dir, err)
		}
		return dir, true
	}
	dir = filepath.Join(root, "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		return "", false
	}
	return dir, false
}

// Resolve reads a relative corpus path from the module root.
func Resolve(path, root string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(root, path)
}

// ModuleRoot is the folder holding go.mod, from the working directory up.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("corpus: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("corpus: no go.mod above the working directory")
		}
		dir = parent
	}
}
