package web

import (
	"bytes"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"testing"

	"github.com/gongkai/gongkai/parse/ocr"
)

// The crop of an OCR'd value: the piece of the stored picture or scanned
// PDF page it was read from, as PNG, the box in points with a margin;
// bad arguments are the client's error.
func TestCrop(t *testing.T) {
	entries := testEntries(t)
	f := newFixture(t, entries)
	picture, err := os.ReadFile("../parse/testdata/pictures/v009-2019-html-table3.png")
	if err != nil {
		t.Fatal(err)
	}
	pdfData, err := os.ReadFile("../parse/testdata/producers/v003-2019-html.libreoffice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	f.raw[entries[0].SHA256], f.raw[entries[1].SHA256] = picture, pdfData

	// a picture 1000 px on its shorter side: points of an A4 page, 1000/595.44 px each
	perPoint := 1000 / ocr.A4Points
	res, body := f.get(t, "/raw/"+entries[0].SHA256+"/crop?page=1&box=100,100,200,150", http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "image/png" {
		t.Fatalf("Content-Type %q", ct)
	}
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if w, want := img.Bounds().Dx(), int((200+6)*perPoint)-int((100-6)*perPoint); w != want {
		t.Errorf("crop %d px wide, want %d (the box and its margin)", w, want)
	}

	if _, err := exec.LookPath("pdftoppm"); err == nil {
		res, body = f.get(t, "/raw/"+entries[1].SHA256+"/crop?page=2&box=72,72,144,108", http.StatusOK)
		if img, err := png.Decode(bytes.NewReader(body)); err != nil || img.Bounds().Dx() != int(150*cropDPI/72.0)-int(66*cropDPI/72.0) {
			t.Errorf("a scanned page's crop: %v %v", err, res.Header.Get("Content-Type"))
		}
	}

	for _, q := range []string{"page=0&box=1,1,2,2", "page=1&box=1,1", "page=1&box=5,5,1,1", "page=1&box=-1,0,2,2"} {
		f.get(t, "/raw/"+entries[0].SHA256+"/crop?"+q, http.StatusBadRequest)
	}
	f.get(t, "/raw/"+entries[2].SHA256+"/crop?page=1&box=1,1,2,2", http.StatusNotFound) // an HTML page: no picture to crop
}
