package parse

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/parse/ocr"
)

// A report whose table 三 is pasted into the page as a picture (Chromium's
// screenshot of the table; scripts/make-picture-fixture.sh) reads that
// table by OCR from the file beside the page: every fact, each marked as
// read by OCR from the picture the page names (at.picture). Given only
// the page, the table's facts are missing, never invented, and a warning
// says the picture was not read.
func TestPictureTable(t *testing.T) {
	if err := ocr.Available(); err != nil {
		t.Skipf("%v (make test installs it: scripts/ensure-tesseract.sh)", err)
	}
	const page = "testdata/pictures/v009-2019-html.html"
	var want producerTruth
	data, err := os.ReadFile("testdata/pictures/v009-2019-html.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	rep, err := File(page)
	if err != nil {
		t.Fatal(err)
	}
	compareFacts(t, rep, want.Facts)
	if rep.Office != want.Office || rep.Year != want.Year {
		t.Errorf("office %q year %d, want %q %d", rep.Office, rep.Year, want.Office, want.Year)
	}
	for _, f := range rep.Facts {
		fromPicture := strings.HasPrefix(f.Key, "applications.")
		if fromPicture != f.At.OCR {
			t.Errorf("%s: read by OCR %v", f.Key, f.At.OCR)
		}
		if want := map[bool]string{true: "v009-2019-html-table3.png"}[fromPicture]; f.At.Picture != want {
			t.Errorf("%s: read from picture %q, want %q", f.Key, f.At.Picture, want)
		}
	}

	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = Bytes("v009-2019-html.html", html)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Facts {
		if strings.HasPrefix(f.Key, "applications.") {
			t.Fatalf("%s = %v without the picture", f.Key, f.Value)
		}
	}
	if !slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.Contains(w, "picture(s) in the report not read") }) {
		t.Errorf("warnings %q: nothing says the picture was not read", rep.Warnings)
	}
}

// Pictures are read only from the page's own folder.
func TestPicturesBesideOnly(t *testing.T) {
	read := filesBeside("testdata/pictures/v009-2019-html.html")
	for _, src := range []string{"../producers/v000-2021-html.json", "/etc/passwd", "http://127.0.0.1/x.png", "file:///etc/passwd"} {
		if _, err := read(src); err == nil {
			t.Errorf("%s was read", src)
		}
	}
	if _, err := read("v009-2019-html-table3.png"); err != nil {
		t.Errorf("the picture beside the page: %v", err)
	}
}
