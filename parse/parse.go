// Package parse turns a published report into its canonical record. The
// sub-packages read each kind of input (parse/html, parse/text, parse/pdf) into the
// common layout intermediate; this package reads that with the template's
// knowledge: it finds the report inside the page, maps table rows to
// canonical facts, reads the office, year, dates, sections and narrative
// figures, and runs the checks.
package parse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	worddoc "github.com/gongkai/gongkai/parse/doc"
	"github.com/gongkai/gongkai/parse/docx"
	"github.com/gongkai/gongkai/parse/html"
	"github.com/gongkai/gongkai/parse/layout"
	"github.com/gongkai/gongkai/parse/ocr"
	"github.com/gongkai/gongkai/parse/ofd"
	"github.com/gongkai/gongkai/parse/pdf"
	"github.com/gongkai/gongkai/parse/sheet"
	"github.com/gongkai/gongkai/parse/text"
)

// MaxSize bounds the documents read: real reports are well under a
// megabyte of HTML and a few megabytes of PDF; a document of tens of
// megabytes is a site's error or a scan, not a table to read.
const MaxSize = 32 << 20

// Errors a caller can tell apart.
var (
	ErrNoReport    = errors.New("no report found: no section headings and no template tables")
	ErrTooLarge    = fmt.Errorf("document larger than %d MiB", MaxSize>>20)
	ErrUnsupported = errors.New("unsupported document kind")
)

// Kind is the form a document was published in.
type Kind string

// The kinds of input.
const (
	KindHTML  Kind = "html"
	KindText  Kind = "text"
	KindPDF   Kind = "pdf"
	KindDOCX  Kind = "docx"
	KindDOC   Kind = "doc"   // Word 97–2003 binary, and Kingsoft WPS Writer files in its layout
	KindXLSX  Kind = "xlsx"  // Excel 2007+ workbook (also what WPS and LibreOffice write)
	KindXLS   Kind = "xls"   // Excel 97–2003 and Kingsoft ET workbooks: not read
	KindOFD   Kind = "ofd"   // GB/T 33190 fixed-layout document
	KindImage Kind = "image" // a scan or picture of a page, read by OCR
)

// KindOf decides a document's kind: containers (PDF, zip packages, compound
// files) by their content whatever the name says, since servers send Word
// files as octet-stream and WPS names its files .doc; then by the name's
// extension; then by the first bytes.
func KindOf(name string, data []byte) Kind {
	if kind := sniff(data); kind != "" {
		return kind
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".shtml", ".xhtml":
		return KindHTML
	case ".txt":
		return KindText
	case ".pdf":
		return KindPDF
	case ".docx":
		return KindDOCX
	case ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp":
		return KindImage
	case ".doc", ".wps", ".dot":
		if looksHTML(data) {
			return KindHTML // Word's "web page" or a site's page saved under a .doc name
		}
		return KindDOC
	case ".xlsx":
		return KindXLSX
	case ".xls", ".et":
		return KindXLS
	case ".ofd":
		return KindOFD
	}
	head := bytes.ToLower(data[:min(len(data), 1024)])
	switch {
	case bytes.HasPrefix(head, []byte("%pdf-")):
		return KindPDF
	case bytes.HasPrefix(head, []byte("pk\x03\x04")):
		return KindDOCX
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte("\xff\xd8\xff")),
		bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")),
		len(data) > 26 && bytes.HasPrefix(data, []byte("BM")) && bytes.Equal(data[6:10], []byte{0, 0, 0, 0}): // BMP: reserved bytes zero
		return KindImage
	case looksHTML(data):
		return KindHTML
	}
	return KindText
}

// looksHTML reports whether a document's first bytes open an HTML page.
func looksHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<body"))
}

// File parses the document at path. The report's Source is the file's base name.
func File(path string) (*gongkai.Report, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return BytesWith(filepath.Base(path), data, Options{Images: filesBeside(path)})
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxSize+1))
}

// filesBeside resolves a page's pictures to the files beside it: a
// relative source within the page's folder, nothing else.
func filesBeside(page string) func(src string) ([]byte, error) {
	dir := filepath.Dir(page)
	return func(src string) ([]byte, error) {
		u, err := url.Parse(src)
		if err != nil || u.Scheme != "" || u.Host != "" || path.IsAbs(u.Path) {
			return nil, fmt.Errorf("picture %s: not a file beside the page", src)
		}
		clean := path.Clean(u.Path)
		if clean == ".." || strings.HasPrefix(clean, "../") {
			return nil, fmt.Errorf("picture %s: outside the page's folder", src)
		}
		return readFile(filepath.Join(dir, filepath.FromSlash(clean)))
	}
}

// Options are what a document may need beyond its own bytes.
type Options struct {
	// Images returns the bytes of a picture an HTML report prints, by its
	// source as the page names it: tables published as images are read
	// by OCR. Nil leaves pictures unread, with a warning.
	Images func(src string) ([]byte, error)
}

// Bytes parses one document. Whatever the input, it returns a report or an
// error, never panics: a panic in a reader is returned as an error for this
// document so the rest of a run goes on.
func Bytes(source string, data []byte) (*gongkai.Report, error) {
	return BytesWith(source, data, Options{})
}

// BytesWith parses one document as Bytes does, with the options o.
func BytesWith(source string, data []byte, o Options) (rep *gongkai.Report, err error) {
	defer func() {
		if p := recover(); p != nil {
			rep, err = nil, fmt.Errorf("internal error (please report): %v\n%s", p, debug.Stack())
		}
	}()
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	var doc *layout.Document
	switch kind := KindOf(source, data); kind {
	case KindHTML:
		if doc, err = html.Read(data, ""); err == nil {
			readPictures(doc, o.Images)
		}
	case KindText:
		doc, err = text.Read(data)
	case KindPDF:
		doc, err = pdf.Read(data)
	case KindImage:
		doc, err = ocr.Read(data)
	case KindDOCX:
		doc, err = docx.Read(data)
	case KindDOC:
		doc, err = worddoc.Read(data)
	case KindXLSX:
		doc, err = sheet.Read(data)
	case KindOFD:
		doc, err = ofd.Read(data)
	default:
		return nil, fmt.Errorf("%w: %s", ErrUnsupported, kind)
	}
	if err != nil {
		return nil, err
	}
	return Read(source, doc)
}

// Read builds the report from a document's layout.
func Read(source string, doc *layout.Document) (*gongkai.Report, error) {
	joinWrappedTitle(doc.Blocks)
	o := findOutline(doc.Blocks)
	rep := &gongkai.Report{
		Source:   source,
		Facts:    []gongkai.Fact{},
		Sections: o.sections(doc.Blocks),
		Figures:  []gongkai.Figure{},
		Warnings: append([]string{}, doc.Warnings...),
	}

	tr := newTableReader()
	section := ""
	h := 0
	for i, b := range doc.Blocks[:o.end] {
		for h < len(o.headings) && o.headings[h].block <= i {
			section = o.headings[h].no
			h++
		}
		if b.Table != nil {
			tr.read(b.Table, section)
		} else {
			tr.line(b, section)
		}
	}
	tr.endDocument()
	if len(o.headings) == 0 && len(tr.facts) == 0 {
		if len(doc.Warnings) > 0 { // e.g. a scanned PDF: no text layer
			return nil, fmt.Errorf("%w (%s)", ErrNoReport, strings.Join(doc.Warnings, "; "))
		}
		return nil, ErrNoReport
	}
	if tr.facts != nil { // a report with sections and no tables still has "facts": []
		rep.Facts = tr.facts
	}

	switch {
	case o.title >= 0:
		rep.Title = doc.Blocks[o.title].Text
		// A title set in two lines puts the body's name on the first.
		if prev := o.title - 1; officeFromTitle(rep.Title) == "" && prev >= 0 &&
			doc.Blocks[prev].Table == nil && isOfficeLine(doc.Blocks[prev].Text) {
			rep.Title = doc.Blocks[prev].Text + rep.Title
		}
	default:
		rep.Title = pageTitle(doc.Title)
	}
	rep.Office = officeFromTitle(rep.Title)
	if o.signOffice != "" && (rep.Office == "" || (strings.Contains(o.signOffice, rep.Office) && o.signOffice != rep.Office)) {
		rep.Office = o.signOffice // the signature names the body in full
	}
	if o.signed != "" {
		rep.Signed = &o.signed
	}
	narrative := []string{o.preamble(doc.Blocks)}
	for _, s := range rep.Sections {
		narrative = append(narrative, s.Text)
	}
	rep.Office = publishingBody(fullName(rep.Office, strings.Join(narrative, "\n")), strings.Join(narrative, "\n"))
	rep.Year = yearFromTitle(rep.Title)
	if rep.Year == 0 && len(rep.Sections) > 0 && rep.Sections[0].No == "一" {
		rep.Year = yearFromNarrative(rep.Sections[0].Text)
	}
	if rep.Year == 0 && o.signed != "" {
		signedYear, _ := strconv.Atoi(o.signed[:4])
		rep.Year = signedYear - 1 // a report signed in January 2026 covers 2025
	}
	first := o.end
	if len(o.headings) > 0 {
		first = o.headings[0].block
	}
	rep.Published = published(doc.Blocks, first)

	rep.Figures = append(rep.Figures, findFigures(strings.Join(narrative, "\n"))...)

	rep.Template = tr.template(rep.Year)
	if rep.Template == gongkai.Template2021 || rep.Template == gongkai.Template2019 {
		tr.rekey(rep.Template)
		tr.dropContradicted(rep.Template)
		if tr.facts != nil {
			rep.Facts = tr.facts
		}
		tr.missing(rep.Template)
	}
	if len(rep.Facts) == 0 && rep.Template != gongkai.TemplateLegacy {
		// sections and no table: a report published without its tables, or
		// one whose producer cut them off (LibreOffice's PDF of a page with
		// a sidebar ends after section 一) — no number was read, and the
		// reader must know that; reports before 2019 often told theirs in
		// prose alone
		tr.warnf("no table of the report found: no figure of its tables was read")
	}
	tr.warnUnread()
	rep.Warnings = append(rep.Warnings, tr.warnings...)
	rep.Warnings = append(rep.Warnings, doubtfulOrigin(doc.Blocks, o, rep)...)
	if rep.Office == "" {
		rep.Warnings = append(rep.Warnings, "office not found: no title and no signature")
	}
	if rep.Year == 0 {
		rep.Warnings = append(rep.Warnings, "year not found")
	}
	rep.Checks = gongkai.RunChecks(rep)
	if rep.Checks == nil {
		rep.Checks = []gongkai.Check{}
	}
	return rep, nil
}

// sureName is the OCR confidence below which a title or signature line
// is called doubtful: the engine's misreadings of a body's name (洪泽 as
// 洪译 or 潜泽) and of a title's year (2024 as 2022, at 89) come at 60–90,
// where a figure would pass.
const sureName = 95

// doubtfulOrigin warns when the lines the office and year were read from
// (the title, the line above it, the signature) were read by OCR with
// less than sureName confidence: a misread name cannot be checked as a
// figure can, so a person must look.
func doubtfulOrigin(blocks []layout.Block, o outline, rep *gongkai.Report) []string {
	type line struct {
		name  string
		block int
	}
	var lines []line
	if o.title >= 0 {
		if t := blocks[o.title].Text; rep.Title != t && o.title > 0 {
			lines = append(lines, line{"title", o.title - 1}) // the title's first line
		}
		lines = append(lines, line{"title", o.title})
	}
	if o.signature >= 0 {
		lines = append(lines, line{"signature", o.signature})
		if o.signature+1 < len(blocks) && blocks[o.signature].Text == o.signOffice {
			lines = append(lines, line{"signature", o.signature + 1}) // the date below the body
		}
	}
	var out []string
	for _, l := range lines {
		b := blocks[l.block]
		if b.Table != nil || !b.At.OCR || b.At.Confidence >= sureName {
			continue
		}
		out = append(out, fmt.Sprintf("%s line %q read by OCR with confidence %.0f (below %d): office %q and year %d may be misread, check them against the original",
			l.name, b.Text, b.At.Confidence, sureName, rep.Office, rep.Year))
	}
	// a year read by OCR is a figure no check covers but the date signed
	if o.title >= 0 && blocks[o.title].At.OCR && rep.Signed != nil && !strings.HasPrefix(*rep.Signed, strconv.Itoa(rep.Year+1)) {
		out = append(out, fmt.Sprintf("year %d read by OCR and signed %s: the year may be misread, check it against the original", rep.Year, *rep.Signed))
	}
	return out
}

// template decides the template from the layout features seen: the columns
// of table 二 above all, then whether （六） is split into items, then the
// pre-2019 statistics table. Without any table, a report for a year before
// 2019 is legacy.
func (t *tableReader) template(year int) string {
	m21, m19 := t.marks[gongkai.Template2021], t.marks[gongkai.Template2019]
	switch {
	case m21 > m19:
		return gongkai.Template2021
	case m19 > m21:
		return gongkai.Template2019
	case m21 > 0:
		return gongkai.Template2021
	case t.found[gongkai.TableApplications]:
		return gongkai.Template2019 // （六） printed as one row, and no table 二 to tell
	case t.found[gongkai.TableLegacy]:
		return gongkai.TemplateLegacy // the pre-2019 statistics table
	case year > 0 && year < 2019:
		return gongkai.TemplateLegacy
	}
	return gongkai.TemplateUnknown
}

// fromPicture marks each line and cell OCR read in a picture with the
// picture's source, so that a value can be shown beside the piece of the
// picture it was read from.
func fromPicture(blocks []layout.Block, src string) []layout.Block {
	for i := range blocks {
		blocks[i].At.Picture = src
		if t := blocks[i].Table; t != nil {
			for _, row := range t.Rows {
				for j := range row {
					row[j].At.Picture = src
				}
			}
		}
	}
	return blocks
}

// minPicture is the smallest picture, in pixels each way, that can hold a
// table: smaller ones are icons, logos and seals.
const minPicture = 200

// readPictures replaces the pictures an HTML report prints with what OCR
// reads in them (a table published as an image), or drops them with a
// warning naming each one that could not be read.
func readPictures(doc *layout.Document, images func(src string) ([]byte, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), ocr.TimeLimit) // one budget for the report's pictures
	defer cancel()
	var blocks []layout.Block
	unread := 0
	for _, b := range doc.Blocks {
		if b.Image == "" {
			blocks = append(blocks, b)
			continue
		}
		if images == nil {
			unread++
			continue
		}
		data, err := images(b.Image)
		if err != nil {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("picture %s not read: %v", b.Image, err))
			continue
		}
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil && (cfg.Width < minPicture || cfg.Height < minPicture/2) {
			continue // an icon or a seal
		}
		read, err := ocr.ReadContext(ctx, data)
		if err != nil {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("picture %s not read: %v", b.Image, err))
			continue
		}
		for _, w := range read.Warnings {
			doc.Warnings = append(doc.Warnings, "picture "+b.Image+": "+w)
		}
		blocks = append(blocks, fromPicture(read.Blocks, b.Image)...)
	}
	if unread > 0 {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("%d picture(s) in the report not read: their files were not given", unread))
	}
	doc.Blocks = blocks
}
