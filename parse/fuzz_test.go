package parse

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/internal/corpus"
	"github.com/gongkai/gongkai/parse/html"
	"github.com/gongkai/gongkai/parse/layout"
	"github.com/gongkai/gongkai/parse/text"
)

// fuzzCorpus returns the real reports of the corpus with the given
// extensions, read at test time (internal/corpus; none when absent), so
// fuzzing starts from what sites really publish.
func fuzzCorpus(tb testing.TB, exts ...string) [][]byte {
	dir, _ := corpus.Dir(tb)
	if dir == "" {
		return nil
	}
	var out [][]byte
	for _, ext := range exts {
		names, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		legacy, _ := filepath.Glob(filepath.Join(dir, "legacy", "*"+ext))
		names = append(names, legacy...)
		for _, n := range names {
			if data, err := os.ReadFile(n); err == nil {
				out = append(out, data)
			}
		}
	}
	return out
}

// fuzzVariants returns the synthetic fixture documents of one extension,
// pre-2019 ones among them.
func fuzzVariants(ext string, n int) [][]byte {
	var out [][]byte
	for _, v := range append(fixtures.Variants(n), fixtures.LegacyVariants(n)...) {
		if v.Ext == ext {
			out = append(out, v.Bytes())
		}
	}
	return out
}

// checkReport holds a report read from fuzzed input to what every report
// must be: it encodes to JSON (the parse contract), its strings are valid
// UTF-8, its facts have keys, and its checks name facts.
func checkReport(t *testing.T, rep *gongkai.Report, err error) {
	t.Helper()
	if err != nil {
		if rep != nil {
			t.Fatalf("report returned with error %v", err)
		}
		return
	}
	if rep == nil {
		t.Fatal("nil report without an error")
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Fatalf("report does not encode: %v", err)
	}
	for _, s := range []string{rep.Title, rep.Office, rep.Published} {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 in %q", s)
		}
	}
	for _, f := range rep.Facts {
		if f.Key == "" || strings.Count(f.Key, ".") < 2 {
			t.Fatalf("fact with bad key %q", f.Key)
		}
	}
	for _, s := range rep.Sections {
		if !utf8.ValidString(s.Text) {
			t.Fatalf("section %s: invalid UTF-8", s.No)
		}
	}
	if rep.Checks == nil || rep.Facts == nil {
		t.Fatal("nil checks or facts (the JSON contract wants [])")
	}
}

// slowInput is how long one fuzzed document may take. Real reports parse in
// milliseconds; an input that takes seconds is a quadratic (or endless) path
// that a hostile page could use to stall a crawl, so it is a crash.
const slowInput = 10 * time.Second

// watchdog crashes the fuzzing process when one input runs longer than
// slowInput. The fuzzer keeps the input of a process that died, so a hang is
// saved as a crasher like a panic is; the fuzzer itself never times inputs out.
func watchdog() (stop func() bool) {
	return time.AfterFunc(slowInput, func() { panic("input took longer than " + slowInput.String()) }).Stop
}

// checkLayout holds a reader's output to the layout contract the report
// reader relies on.
func checkLayout(t *testing.T, doc *layout.Document, err error) {
	t.Helper()
	if err == nil && doc == nil {
		t.Fatal("nil document without an error")
	}
}

// FuzzParseHTML feeds pages (and Content-Type headers) to parse/html and the
// report reader directly, not through Bytes, so that a panic fails the
// fuzzer instead of being turned into an error by Bytes's recover.
func FuzzParseHTML(f *testing.F) {
	for _, data := range fuzzCorpus(f, ".html") {
		f.Add(data, "text/html")
	}
	for _, data := range fuzzVariants(".html", 12) {
		f.Add(data, "")
	}
	f.Add([]byte(`<table><tr><td rowspan=65534 colspan=0>1</td></tr></table>`), "text/html; charset=gbk")
	f.Add([]byte("<meta charset=utf-16><p>一、总体情况</p>"), "text/html; charset=\"")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		defer watchdog()()
		doc, err := html.Read(data, contentType)
		checkLayout(t, doc, err)
		if err != nil {
			return
		}
		rep, err := Read("fuzz.html", doc)
		checkReport(t, rep, err)
	})
}

// FuzzParseText feeds scraped text to parse/text and the report reader.
func FuzzParseText(f *testing.F) {
	for _, data := range fuzzCorpus(f, ".txt") {
		f.Add(data)
	}
	for _, data := range fuzzVariants(".txt", 12) {
		f.Add(data)
	}
	f.Add([]byte("|\n| 1 | 2 |\n|||||\n一、总体情况\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		doc, err := text.Read(data)
		checkLayout(t, doc, err)
		if err != nil {
			return
		}
		rep, err := Read("fuzz.txt", doc)
		checkReport(t, rep, err)
	})
}

// FuzzBytes is the per-document entry as the indexer calls it: whatever the
// bytes and name, a report or an error, never a panic turned into an
// "internal error".
func FuzzBytes(f *testing.F) {
	for _, data := range fuzzCorpus(f, ".html", ".txt") {
		f.Add("doc", data)
	}
	f.Add("a.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	f.Add("a.docx", []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		defer watchdog()()
		rep, err := Bytes(name, data)
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatal(err)
		}
		checkReport(t, rep, err)
	})
}
