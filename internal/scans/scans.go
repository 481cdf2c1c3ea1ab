// Package scans gives tests scanned copies of the corpus report
// hongze-2023.pdf and of the committed producer fixtures, made at test
// time by scripts/make-scan-fixtures.sh with real producers (pdftoppm,
// ImageMagick, img2pdf): the corpus is not copied into the project. The copies are kept in the temporary folder under a
// name that changes with the script and the report, so later runs reuse
// them.
package scans

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/corpus"
)

// Dir returns the folder of scans of the corpus report, making them first
// if needed. It skips the test when the corpus or a producer is missing,
// saying which; with $GONGKAI_CORPUS set, the corpus must be there.
func Dir(t testing.TB) string {
	t.Helper()
	dir, _ := corpus.Dir(t)
	if dir == "" {
		t.Skip("no corpus (set GONGKAI_CORPUS)")
	}
	return Of(t, filepath.Join(dir, "hongze-2023.pdf"))
}

// Of returns the folder of scans of the report at path (a PDF), named
// after it as the script names them (NAME-200dpi.pdf …), making them
// first if needed; it skips the test when a producer is missing.
func Of(t testing.TB, report string) string {
	t.Helper()
	root, err := corpus.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range []string{"pdftoppm", "convert", "identify", "img2pdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s missing: scans are made at test time (poppler-utils, imagemagick, img2pdf; make test installs them)", tool)
		}
	}
	script := filepath.Join(root, "scripts", "make-scan-fixtures.sh")
	code, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(append(code, pdf...))
	made := filepath.Join(os.TempDir(), "gongkai-scans-"+hex.EncodeToString(sum[:8]))
	name := strings.TrimSuffix(filepath.Base(report), ".pdf")
	if _, err := os.Stat(filepath.Join(made, name+"-mixed.pdf")); err == nil {
		return made
	}
	tmp, err := os.MkdirTemp(os.TempDir(), "gongkai-scans-new-")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(script, report, tmp).CombinedOutput(); err != nil {
		os.RemoveAll(tmp)
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	if err := os.Rename(tmp, made); err != nil { // made meanwhile by another package's tests
		os.RemoveAll(tmp)
	}
	return made
}
