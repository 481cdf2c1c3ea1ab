// Package zipxml reads the XML parts of a zip package — a DOCX, an OFD —
// as streams, within budgets: a zip bomb or a package of a million members
// is an error, never memory spent. Part names are matched without regard to
// case, as OPC and OFD readers do.
package zipxml

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits bound one package.
type Limits struct {
	Members  int   // zip entries
	Part     int64 // expanded bytes of one part
	Expanded int64 // expanded bytes of all the parts read
}

// ErrTooLarge is returned for a package over its limits.
var ErrTooLarge = errors.New("over its budget")

// Package is an opened zip package and the expanded bytes it may still read.
type Package struct {
	files  map[string]*zip.File
	limits Limits
	left   int64
}

// Open opens a zip package.
func Open(data []byte, limits Limits) (*Package, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	if len(zr.File) > limits.Members {
		return nil, fmt.Errorf("%w: %d zip members, at most %d", ErrTooLarge, len(zr.File), limits.Members)
	}
	p := &Package{files: map[string]*zip.File{}, limits: limits, left: limits.Expanded}
	for _, f := range zr.File {
		p.files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	return p, nil
}

// Has reports whether the package holds a part.
func (p *Package) Has(name string) bool { return p.files[strings.ToLower(name)] != nil }

// Parse streams the XML of part name to read. read's io.EOF is the normal
// end; a part expanding past the budget fails with ErrTooLarge rather than
// ending, so a bomb is not read as a cut document.
func (p *Package) Parse(name string, read func(*xml.Decoder) error) error {
	f := p.files[strings.ToLower(name)]
	if f == nil {
		return fmt.Errorf("missing part %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	br := &budgetReader{r: rc, left: min(p.left, p.limits.Part), name: name}
	err = read(xml.NewDecoder(br))
	p.left -= br.read
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return nil
	case errors.Is(err, ErrTooLarge):
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// budgetReader fails, rather than ends, past its budget.
type budgetReader struct {
	r          io.Reader
	left, read int64
	name       string
}

func (b *budgetReader) Read(buf []byte) (int, error) {
	if b.left <= 0 {
		return 0, fmt.Errorf("%w: %s expands past its budget", ErrTooLarge, b.name)
	}
	if int64(len(buf)) > b.left {
		buf = buf[:b.left]
	}
	n, err := b.r.Read(buf)
	b.left -= int64(n)
	b.read += int64(n)
	return n, err
}

// Attr is the value of an element's attribute by local name, "" when absent.
func Attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
