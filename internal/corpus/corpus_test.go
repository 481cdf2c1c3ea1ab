package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// A relative $GONGKAI_CORPUS names a folder from the module root, not from
// the folder the package's tests run in (two levels down here).
func TestDirRelativeToModuleRoot(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root %s has no go.mod", root)
	}
	want := t.TempDir()
	rel, err := filepath.Rel(root, want)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GONGKAI_CORPUS", rel)
	got, named := Dir(t)
	if got != want || !named {
		t.Errorf("Dir with GONGKAI_CORPUS=%s = %s, %v; want %s, true", rel, got, named, want)
	}
	abs := t.TempDir()
	t.Setenv("GONGKAI_CORPUS", abs)
	if got, _ := Dir(t); got != abs {
		t.Errorf("absolute GONGKAI_CORPUS: got %s, want %s", got, abs)
	}
}
