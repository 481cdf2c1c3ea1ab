package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/parse/layout"
)

// corpus returns the bytes of a corpus document. Tests skip when the corpus
// folder is absent, but fail when GONGKAI_CORPUS names it and it is missing.
func corpus(tb testing.TB, name string) []byte {
	tb.Helper()
	dir := os.Getenv("GONGKAI_CORPUS")
	explicit := dir != ""
	if !explicit {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		if explicit {
			tb.Fatalf("GONGKAI_CORPUS=%s: %v", dir, err)
		}
		tb.Skipf("corpus not available: %v", err)
	}
	return data
}

// TestDump prints the blocks of a corpus PDF: go test -run Dump -v.
func TestDump(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("only with -v")
	}
	doc, err := Read(corpus(t, "hongze-2023.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(dump(doc))
}

func dump(doc *layout.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\n", doc.Title)
	for _, w := range doc.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	for _, bl := range doc.Blocks {
		if bl.Table == nil {
			fmt.Fprintf(&b, "p%d %v  %s\n", bl.At.Page, *bl.At.Box, bl.Text)
			continue
		}
		fmt.Fprintf(&b, "p%d %v  TABLE\n", bl.At.Page, *bl.At.Box)
		for _, row := range bl.Table.Rows {
			var cs []string
			for _, c := range row {
				s := c.Text
				if c.Carried {
					s = "^" + s
				}
				cs = append(cs, fmt.Sprintf("%q", s))
			}
			fmt.Fprintf(&b, "    | %s\n", strings.Join(cs, " "))
		}
	}
	return b.String()
}
