package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/internal/picturesite"
	"github.com/gongkai/gongkai/parse/ocr"
)

// A report page whose table 三 is a picture: the crawler stores the picture
// with the page, and `gongkai run` reads the table from it by OCR, in the
// parse worker, so the index holds the table's facts, each naming the
// picture it was read from.
func TestRunReadsPictureTables(t *testing.T) {
	if err := ocr.Available(); err != nil {
		t.Skipf("%v (make test installs it: scripts/ensure-tesseract.sh)", err)
	}
	t.Setenv("GONGKAI_ES_URL", "")
	addr := serveLoopback(t, picturesite.Mux(t))
	sources := writeFile(t, "sources.yaml", picturesite.Sources("http://"+addr))
	data := filepath.Join(t.TempDir(), "data")
	var stdout, stderr bytes.Buffer
	if status := run([]string{"run", "--sources", sources, "--data", data, "--once"}, &stdout, &stderr); status != 0 {
		t.Fatalf("run: status %d\n%s%s", status, stdout.String(), stderr.String())
	}
	idx, err := sqlite.Open(filepath.Join(data, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	indexed, err := idx.Indexed(context.Background())
	if err != nil || len(indexed) != 1 {
		t.Fatalf("%d entries (%v), want 1\n%s", len(indexed), err, stdout.String())
	}
	for id := range indexed {
		e, err := idx.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		ocrFacts := 0
		for _, f := range e.Report.Facts {
			if strings.HasPrefix(f.Key, "applications.") && f.At.OCR && f.At.Picture == picturesite.Picture {
				ocrFacts++
			}
		}
		if ocrFacts != 161 {
			t.Errorf("%d facts of table 三 read by OCR from the picture, want all 161\n%s", ocrFacts, stdout.String())
		}
	}
}
