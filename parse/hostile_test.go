package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
)

// factValues maps a report's facts to their values, for comparing reads.
func factValues(rep *gongkai.Report) map[string]string {
	out := map[string]string{}
	for _, f := range rep.Facts {
		v := "null"
		if f.Value != nil {
			v = strconv.FormatFloat(*f.Value, 'g', -1, 64)
		}
		out[f.Key] = v
	}
	return out
}

// TestMutatedCorpus reads corpus documents changed the way scrapers and
// servers change them (issue 19), each mutation made from the corpus file
// at test time: every one must read the same facts as the original, or
// say loudly what it did not read.
func TestMutatedCorpus(t *testing.T) {
	dir := corpusDir(t)
	text, err := os.ReadFile(filepath.Join(dir, "yizhou-donghe-2025.txt"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "shanghai-office-2019.html"))
	if err != nil {
		t.Fatal(err)
	}
	lonePipe := regexp.MustCompile(`(?m)^\|$`)
	lineStart := regexp.MustCompile(`(?m)^`)
	// A stray 0xFF between two tags in the middle of the page.
	mid := len(page)/2 + bytes.Index(page[len(page)/2:], []byte("><"))
	strayByte := append(append(append([]byte{}, page[:mid+1]...), 0xff), page[mid+1:]...)

	tests := []struct {
		name, source string
		original     []byte
		mutated      []byte
		warning      string // a warning the mutated read must give ("" none needed)
	}{
		{"TAB before each lone pipe", "yizhou.txt", text, lonePipe.ReplaceAll(text, []byte("\t|")), ""},
		{"a space before every line", "yizhou.txt", text, lineStart.ReplaceAll(text, []byte(" ")), ""},
		{"four spaces before every line", "yizhou.txt", text, lineStart.ReplaceAll(text, []byte("    ")), ""},
		{"CRLF line ends", "yizhou.txt", text, bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n")), ""},
		{"one stray 0xFF byte in a UTF-8 page", "shanghai.html", page, strayByte, "1 bytes that are not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := Bytes(tt.source, tt.original)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Bytes(tt.source, tt.mutated)
			if err != nil {
				t.Fatalf("mutated: %v", err)
			}
			if len(got.Facts) != len(want.Facts) {
				t.Errorf("%d facts, the original gives %d", len(got.Facts), len(want.Facts))
			}
			w, g := factValues(want), factValues(got)
			for k, v := range w {
				if g[k] != v {
					t.Errorf("%s = %s, the original gives %s", k, g[k], v)
				}
			}
			if tt.warning != "" && !strings.Contains(strings.Join(got.Warnings, "\n"), tt.warning) {
				t.Errorf("warnings %q lack %q", got.Warnings, tt.warning)
			}
		})
	}
}

// TestUnreadRowsWarn checks that a document giving fewer facts than its
// tables hold says which rows it did not read.
func TestUnreadRowsWarn(t *testing.T) {
	dir := corpusDir(t)
	text, err := os.ReadFile(filepath.Join(dir, "yizhou-donghe-2025.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		mutated []byte
		warning string
	}{
		// Without the pipes that open rows, the cells are stray lines.
		{"lone pipes removed", regexp.MustCompile(`(?m)^\|\n`).ReplaceAll(text, nil), "outside any table"},
		// A table of figures under 一、总体情况 belongs to no template table.
		{"an extra table in section one", bytes.Replace(text, []byte("一、 总体情况\n"), []byte("一、 总体情况\n|\n网站访问量 |\n12345 |\n"), 1), `"网站访问量"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Bytes("yizhou.txt", tt.mutated)
			var warnings string
			switch {
			case err != nil:
				warnings = err.Error()
			default:
				warnings = strings.Join(rep.Warnings, "\n")
			}
			if !strings.Contains(warnings, tt.warning) || !strings.Contains(warnings, "not read") {
				t.Errorf("warnings %q lack %q and 'not read'", warnings, tt.warning)
			}
		})
	}
}
