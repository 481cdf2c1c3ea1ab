package parse

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	worddoc "github.com/gongkai/gongkai/parse/doc"
	"github.com/gongkai/gongkai/parse/docx"
	"github.com/gongkai/gongkai/parse/ofd"
)

// officeSeeds returns the committed office documents matching pattern.
func officeSeeds(f *testing.F, pattern string) [][]byte {
	names, _ := filepath.Glob(filepath.Join(officeDir, pattern))
	var out [][]byte
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// zipDocument packs a main document part (and the numbering the fuzzer
// varies with it) into a DOCX, so the fuzzer mutates XML rather than
// breaking zip checksums.
func zipDocument(document, numbering []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, part := range map[string][]byte{"word/document.xml": document, "word/numbering.xml": numbering} {
		w, _ := zw.Create(name)
		w.Write(part)
	}
	rels, _ := zw.Create("word/_rels/document.xml.rels")
	io.WriteString(rels, `<Relationships><Relationship Type="x/numbering" Target="numbering.xml"/></Relationships>`)
	zw.Close()
	return buf.Bytes()
}

func unzipPart(data []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	rc, err := zr.Open(name)
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	return b
}

// FuzzParseDOCX feeds DOCX packages, whole and as fuzzed document and
// numbering XML, to parse/docx and the report reader: broken XML, deep
// nesting, huge spans and cell counts end in an error or a report, within
// the budgets, never a panic or a hang.
func FuzzParseDOCX(f *testing.F) {
	for _, data := range officeSeeds(f, "*.docx") {
		f.Add(data, unzipPart(data, "word/document.xml"), unzipPart(data, "word/numbering.xml"))
	}
	f.Add([]byte("PK\x03\x04"), []byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/><w:vMerge/></w:tcPr></w:tc></w:tr></w:tbl></w:body></w:document>`), []byte(`<w:numbering/>`))
	f.Fuzz(func(t *testing.T, data, document, numbering []byte) {
		defer watchdog()()
		for _, pkg := range [][]byte{data, zipDocument(document, numbering)} {
			doc, err := docx.Read(pkg)
			checkLayout(t, doc, err)
			if err != nil {
				continue
			}
			rep, err := Read("fuzz.docx", doc)
			checkReport(t, rep, err)
		}
	})
}

// FuzzParseDOC feeds Word 97–2003 files to parse/doc and the report reader:
// broken sector chains, cycles, piece tables and FKPs pointing anywhere.
func FuzzParseDOC(f *testing.F) {
	for _, data := range officeSeeds(f, "*.doc") {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		doc, err := worddoc.Read(data)
		checkLayout(t, doc, err)
		if err != nil {
			return
		}
		rep, err := Read("fuzz.doc", doc)
		checkReport(t, rep, err)
	})
}

// FuzzParseOFD feeds OFD packages, whole and as a fuzzed page content
// zipped into a minimal document, to parse/ofd and the report reader.
func FuzzParseOFD(f *testing.F) {
	for _, data := range officeSeeds(f, filepath.Join("ofd", "*.ofd")) {
		f.Add(data, unzipPart(data, "Doc_0/Pages/Page_1/Content.xml"))
	}
	f.Add([]byte("PK\x03\x04"), []byte(`<Page><TextObject Boundary="0 0 1e308 NaN" CTM="0 0 0 0 0 0"><TextCode DeltaX="g 99999999 1">一、总体情况</TextCode></TextObject><PathObject><AbbreviatedData>M 0 0 L 1 0 C A</AbbreviatedData></PathObject></Page>`))
	f.Fuzz(func(t *testing.T, data, page []byte) {
		defer watchdog()()
		for _, pkg := range [][]byte{data, zipOFD(page)} {
			doc, err := ofd.Read(pkg)
			checkLayout(t, doc, err)
			if err != nil {
				continue
			}
			rep, err := Read("fuzz.ofd", doc)
			checkReport(t, rep, err)
		}
	})
}

// zipOFD packs one page's content into a minimal OFD.
func zipOFD(page []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, part := range map[string]string{
		"OFD.xml":                        `<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>`,
		"Doc_0/Document.xml":             `<Document><Pages><Page BaseLoc="Pages/Page_1/Content.xml"/></Pages></Document>`,
		"Doc_0/Pages/Page_1/Content.xml": string(page),
	} {
		w, _ := zw.Create(name)
		io.WriteString(w, part)
	}
	zw.Close()
	return buf.Bytes()
}
