package web

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/ingest"
	"github.com/gongkai/gongkai/internal/picturesite"
	"github.com/gongkai/gongkai/parse/ocr"
)

// The crop of a value read from a picture in an HTML report: the crawler
// stores a page and the picture it prints; the report page names the
// picture on the OCR'd cell, and /raw/PAGE/crop?picture=SRC cuts the box
// out of the picture stored with that page. A source the page was not
// stored with is not found, and is never fetched.
func TestCropOfPagePicture(t *testing.T) {
	const src = picturesite.Picture
	picture, err := os.ReadFile("../parse/testdata/pictures/" + src)
	if err != nil {
		t.Fatal(err)
	}
	var strayFetches atomic.Int32
	mux := picturesite.Mux(t)
	mux.HandleFunc("/r/stray.png", func(w http.ResponseWriter, _ *http.Request) {
		strayFetches.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Write(picture)
	})
	site := httptest.NewServer(mux)
	defer site.Close()

	data := filepath.Join(t.TempDir(), "data")
	sites, err := ingest.ParseSources("sources.yaml", []byte(picturesite.Sources(site.URL)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Crawl(context.Background(), ingest.Config{Dir: data, Sites: sites}); err != nil {
		t.Fatal(err)
	}
	st, err := ingest.OpenStore(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := st.Documents(context.Background())
	if err != nil || len(docs) != 1 {
		t.Fatalf("stored %d documents (%v), want the report page", len(docs), err)
	}
	stored := docs[0]

	// the page's entry, one value of table 三 read from the picture
	e := testEntries(t)[1]
	e.SHA256, e.URL = stored.SHA256, stored.URL
	e.Report.Facts = slices.Clone(e.Report.Facts)
	i := slices.IndexFunc(e.Report.Facts, func(f gongkai.Fact) bool { return f.Key == "applications.new_received.total" })
	if i < 0 {
		t.Fatal("no applications.new_received.total in the entry")
	}
	e.Report.Facts[i].At = gongkai.At{Page: 1, Box: &[4]float64{100, 100, 200, 150}, OCR: true, Confidence: 91, Picture: src}
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Put(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	h, err := New(idx, Options{Raw: st.Read, Picture: st.PagePicture})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	f := &fixture{srv: srv}

	_, body := f.get(t, "/reports/"+url.PathEscape(e.ID), http.StatusOK)
	if !bytes.Contains(body, []byte(`data-key="applications.new_received.total" data-page="1" data-box="100,100,200,150" data-picture="`+src+`"`)) {
		t.Errorf("the OCR'd cell does not name its picture:\n%s", body)
	}
	if !bytes.Contains(body, []byte("位置: 图片 "+src+" [100, 100, 200, 150]")) {
		t.Errorf("the OCR'd cell's title does not say it was read from picture %s", src)
	}

	whole, err := ocr.Decode(picture)
	if err != nil {
		t.Fatal(err)
	}
	perPoint := float64(min(whole.Rect.Dx(), whole.Rect.Dy())) / ocr.A4Points
	want := image.Rect(int(94*perPoint), int(94*perPoint), int(206*perPoint), int(156*perPoint)) // the box and its 6-point margin
	crop := "/raw/" + stored.SHA256 + "/crop?page=1&box=100,100,200,150&picture="
	for _, name := range []string{src, site.URL + "/r/" + src, "./" + src} {
		res, body := f.get(t, crop+url.QueryEscape(name), http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "image/png" {
			t.Fatalf("%s: Content-Type %q", name, ct)
		}
		got, err := png.Decode(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got.Bounds().Size() != want.Size() {
			t.Errorf("%s: crop %v, want %v (the box and its margin)", name, got.Bounds().Size(), want.Size())
			continue
		}
		if differ := differentPixels(got, whole, want.Min); differ > 0 {
			t.Errorf("%s: %d pixels differ from the picture's at the box", name, differ)
		}
	}

	for _, name := range []string{"stray.png", site.URL + "/r/stray.png", "../" + src, src + "?v=2", "/etc/passwd",
		"file:///etc/passwd", "../../../../../../etc/passwd", "%zz"} {
		f.get(t, crop+url.QueryEscape(name), http.StatusNotFound)
	}
	if n := strayFetches.Load(); n != 0 {
		t.Errorf("a picture not stored with the page was fetched %d times", n)
	}
	f.get(t, "/raw/"+strings.Repeat("ab", 32)+"/crop?page=1&box=100,100,200,150&picture="+src, http.StatusNotFound) // no such page
	for _, q := range []string{
		"/raw/xyz/crop?page=1&box=100,100,200,150&picture=" + src,
		"/raw/" + stored.SHA256 + "/crop?page=1&box=100,100&picture=" + src,
		"/raw/" + stored.SHA256 + "/crop?page=0&box=100,100,200,150&picture=" + src,
		"/raw/" + stored.SHA256 + "/crop?page=1&box=100,100,200,150&picture=" + strings.Repeat("a", maxPictureSource+1),
	} {
		f.get(t, q, http.StatusBadRequest)
	}

	// in a real browser, hovering the cell shows that crop
	ctx := browser(t)
	cell := `td.ocr[data-key="applications.new_received.total"]`
	do(t, ctx, chromedp.Navigate(srv.URL+"/reports/"+url.PathEscape(e.ID)), chromedp.WaitVisible(cell), chromedp.ScrollIntoView(cell))
	at := js[[]float64](t, ctx, `(() => { const r = document.querySelector('`+cell+`').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	do(t, ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at[0], at[1]))
	shown := get(t, ctx, chromedp.Poll[[]int](`(() => { const i = document.querySelector('`+cell+` img.crop'); return i && i.complete && i.naturalWidth > 0 ? [i.naturalWidth, i.naturalHeight] : null; })()`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if len(shown) != 2 || shown[0] != want.Dx() || shown[1] != want.Dy() {
		t.Errorf("hovering the cell shows a crop of %v px, want %v", shown, want.Size())
	}
	screenshot(t, ctx, "report-picture-crop")
}

// differentPixels counts the pixels of crop that differ in grey level from
// whole's, crop's top left placed at at.
func differentPixels(crop image.Image, whole *image.Gray, at image.Point) int {
	n := 0
	b := crop.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := image.NewGray(image.Rect(0, 0, 1, 1))
			g.Set(0, 0, crop.At(x, y))
			if g.Pix[0] != whole.GrayAt(at.X+x-b.Min.X, at.Y+y-b.Min.Y).Y {
				n++
			}
		}
	}
	return n
}
