package web

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/parse"
	"github.com/gongkai/gongkai/parse/ocr"
	"github.com/gongkai/gongkai/parse/pdf"
)

// errNotPicture is the answer for a document with no picture to crop.
var errNotPicture = notFound("存档文件不是 PDF 或图片，没有可截取的图像")

// cropDPI is the resolution a crop is drawn at: the printed digits legible.
const cropDPI = 120

// crop serves, as PNG, the piece of a stored document that an OCR'd value
// was read from (?page=N&box=x0,y0,x1,y1, in points from the page's top
// left), so that a person can check the value against the picture. With
// ?picture=SRC the piece is cut from the picture the stored HTML page
// prints as SRC, one stored with that page (a table published as an
// image).
func (s *Server) crop(w http.ResponseWriter, r *http.Request) {
	page, box, err := cropArgs(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var data []byte
	var ok bool
	src := r.URL.Query().Get("picture")
	if src == "" {
		data, ok = s.rawBytes(w, r)
	} else {
		data, ok = s.pagePicture(w, r, src)
	}
	if !ok {
		return
	}
	out, err := cropOf(data, page, box)
	if err != nil && err != errNotPicture {
		err = fmt.Errorf("截图失败：%w", err)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Write(out)
}

// maxPictureSource bounds the picture source a crop may name.
const maxPictureSource = 2048

// pagePicture reads the picture stored with the report page the path's
// sha256 names, that the page prints as src, or answers with the error
// page and reports false. Only the store is asked: never a fetch, never a
// file named by the request.
func (s *Server) pagePicture(w http.ResponseWriter, r *http.Request, src string) ([]byte, bool) {
	sha := r.PathValue("sha")
	var err error
	switch b, herr := hex.DecodeString(sha); {
	case herr != nil || len(b) != 32:
		err = badRequest("%q 不是 sha256（64 位十六进制）", sha)
	case len(src) > maxPictureSource:
		err = badRequest("picture 过长（超过 %d 字节）", maxPictureSource)
	case s.opts.Picture == nil:
		err = notFound("没有原始存储：serve 未指定含存档的 --data")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return nil, false
	}
	data, err := s.opts.Picture(r.Context(), sha, src)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = notFound("原始存储中没有与 " + sha + " 一同存储的图片 " + src)
	case err == nil && parse.KindOf("", data) != parse.KindImage:
		err = errNotPicture
	}
	if err != nil {
		s.errorPage(w, r, err)
		return nil, false
	}
	return data, true
}

// cropArgs reads and bounds the page and box of a crop.
func cropArgs(r *http.Request) (int, [4]float64, error) {
	var box [4]float64
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 || page > 2000 {
		return 0, box, badRequest("page 应为 1 至 2000 的页码")
	}
	parts := strings.Split(r.URL.Query().Get("box"), ",")
	if len(parts) != 4 {
		return 0, box, badRequest("box 应为 x0,y0,x1,y1（单位：点）")
	}
	for i, p := range parts {
		if box[i], err = strconv.ParseFloat(strings.TrimSpace(p), 64); err != nil || box[i] < 0 || box[i] > 5000 {
			return 0, box, badRequest("box 应为 0 至 5000 之间的四个数")
		}
	}
	if box[2] <= box[0] || box[3] <= box[1] {
		return 0, box, badRequest("box 的右下角应在左上角的右下方")
	}
	return page, box, nil
}

// cropOf draws the box of a page of a PDF, or of a picture (whose points
// are those of an A4 page, as OCR read it), with a margin around it.
func cropOf(data []byte, page int, box [4]float64) ([]byte, error) {
	var img image.Image
	var perPoint float64 // pixels per point
	switch parse.KindOf("", data) {
	case parse.KindPDF:
		b, err := pdf.RenderPage(data, page, cropDPI)
		if err != nil {
			return nil, err
		}
		if img, err = png.Decode(bytes.NewReader(b)); err != nil {
			return nil, err
		}
		perPoint = cropDPI / 72.0
	case parse.KindImage:
		g, err := ocr.Decode(data)
		if err != nil {
			return nil, err
		}
		img = g
		perPoint = float64(min(g.Rect.Dx(), g.Rect.Dy())) / ocr.A4Points
	default:
		return nil, errNotPicture
	}
	const margin = 6 // points
	r := image.Rect(int((box[0]-margin)*perPoint), int((box[1]-margin)*perPoint),
		int((box[2]+margin)*perPoint), int((box[3]+margin)*perPoint)).Intersect(img.Bounds())
	if r.Empty() {
		return nil, fmt.Errorf("框不在第 %d 页上", page)
	}
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		return nil, fmt.Errorf("无法截取图片")
	}
	var out bytes.Buffer
	if err := png.Encode(&out, sub.SubImage(r)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
