package parse

import (
	"archive/zip"
	"bytes"
	"strings"

	"github.com/richardlehane/mscfb"
)

// cfbMagic opens every OLE compound file (Word 97–2003, Excel 97–2003, WPS, ET).
var cfbMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// sniff recognises the container formats by content: a PDF header, a zip
// package by the parts it holds, a compound file by its streams. It returns
// "" for anything else, which the name then decides.
func sniff(data []byte) Kind {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return KindPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data)
	case bytes.HasPrefix(data, cfbMagic):
		return sniffCFB(data)
	}
	return ""
}

// sniffZip tells a Word document from a workbook and an OFD by their parts.
func sniffZip(data []byte) Kind {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		switch name := strings.TrimPrefix(f.Name, "/"); {
		case name == "word/document.xml":
			return KindDOCX
		case name == "xl/workbook.xml":
			return KindXLSX
		case strings.EqualFold(name, "OFD.xml"):
			return KindOFD
		}
	}
	return ""
}

// sniffCFB tells a Word (or WPS Writer) file from a workbook by its streams.
func sniffCFB(data []byte) Kind {
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	for i := 0; i < 64; i++ { // the streams named here come first; don't walk a huge directory
		e, err := r.Next()
		if err != nil {
			break
		}
		switch e.Name {
		case "WordDocument":
			return KindDOC
		case "Workbook", "Book":
			return KindXLS
		}
	}
	return ""
}
