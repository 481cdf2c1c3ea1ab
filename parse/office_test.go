package parse

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
)

// officeDir holds documents real office producers made from fixture variants
// and from the corpus's HTML reports (scripts/make-office-fixtures.sh):
// vNNN-….docx/.doc/.xlsx from fixtures.Variants, *.autonum.docx with the
// typed outline numbers turned into Word automatic numbering, and the corpus
// conversions named after the corpus document.
const officeDir = "testdata/office"

func officeFiles(t *testing.T, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(officeDir, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s in %s: %v", pattern, officeDir, err)
	}
	return files
}

// Every committed office rendering of a variant parses back to exactly the
// variant's truth, also when the name says nothing (an attachment served as
// octet-stream): the kind is told by content.
func TestOfficeVariants(t *testing.T) {
	files := officeFiles(t, "v*")
	n := 0
	for _, f := range files {
		var i int
		if _, err := fmt.Sscanf(filepath.Base(f), "v%03d", &i); err == nil {
			n = max(n, i+1)
		}
	}
	variants := fixtures.Variants(n)
	kinds := map[Kind]int{}
	for _, f := range files {
		var i int
		fmt.Sscanf(filepath.Base(f), "v%03d", &i)
		v := variants[i]
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			kinds[KindOf(f, data)]++
			rep, err := Bytes("attachment", data)
			if err != nil {
				t.Fatal(err)
			}
			checkVariant(t, rep, v)
		})
	}
	for _, k := range []Kind{KindDOCX, KindDOC, KindXLSX} {
		if kinds[k] < 3 {
			t.Errorf("%d variants as %s, want at least 3: %v", kinds[k], k, kinds)
		}
	}
}

// Outline numbers that Word prints from automatic numbering read the same as
// typed ones: the autonum file has no typed numbers left, and gives the
// same report as the file it was made from.
func TestOfficeAutomaticNumbering(t *testing.T) {
	for _, f := range officeFiles(t, "*.autonum.docx") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(documentXML(t, data), "<w:numPr>"); n < 20 {
				t.Fatalf("%d numbered paragraphs: the typed numbers were not replaced", n)
			}
			auto, err := Bytes(f, data)
			if err != nil {
				t.Fatal(err)
			}
			typed, err := File(strings.TrimSuffix(f, ".autonum.docx") + ".docx")
			if err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(auto.Facts)
			b, _ := json.Marshal(typed.Facts)
			if !bytes.Equal(a, b) {
				t.Errorf("facts differ:\nautomatic %s\ntyped     %s", a, b)
			}
			for i := range min(len(auto.Sections), len(typed.Sections)) {
				if auto.Sections[i] != typed.Sections[i] {
					t.Errorf("section %d: automatic %+v, typed %+v", i, auto.Sections[i], typed.Sections[i])
				}
			}
			if len(auto.Sections) != len(typed.Sections) || auto.Office != typed.Office || auto.Year != typed.Year {
				t.Errorf("automatic: %d sections, %s %d; typed: %d sections, %s %d",
					len(auto.Sections), auto.Office, auto.Year, len(typed.Sections), typed.Office, typed.Year)
			}
		})
	}
}

func documentXML(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// LibreOffice's DOCX, DOC and XLSX of the corpus's HTML report read
// exactly what the corpus truth says of the original. The conversions are
// made here, at test time: the corpus is not copied into the project.
func TestOfficeCorpus(t *testing.T) {
	dir := corpusDir(t)
	var want truth
	data, err := os.ReadFile(filepath.Join(dir, "truth", "shanghai-office-2019.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "shanghai-office-2019.html")
	for _, conv := range []struct{ ext, filter, infilter string }{
		{"docx", "docx:MS Word 2007 XML", ""},
		{"doc", "doc:MS Word 97", ""},
		{"xlsx", "xlsx:Calc MS Excel 2007 XML", "HTML (StarCalc)"},
	} {
		t.Run(conv.ext, func(t *testing.T) {
			rep, err := Bytes("shanghai-office-2019."+conv.ext, libreOffice(t, src, conv.filter, conv.infilter))
			if err != nil {
				t.Fatal(err)
			}
			checkTruth(t, rep, want)
		})
	}
}

// libreOffice converts src with soffice's filter (and input filter, if
// any) and returns the result; it skips the test where LibreOffice is not
// installed (libreoffice-writer-nogui, libreoffice-calc-nogui).
func libreOffice(t *testing.T, src, filter, infilter string) []byte {
	t.Helper()
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice not installed (libreoffice-writer-nogui, libreoffice-calc-nogui)")
	}
	tmp := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(tmp, "profile"), "--headless"}
	if infilter != "" {
		args = append(args, "--infilter="+infilter)
	}
	args = append(args, "--convert-to", filter, "--outdir", tmp, src)
	if out, err := exec.Command("soffice", args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	data, err := os.ReadFile(filepath.Join(tmp, base+"."+strings.SplitN(filter, ":", 2)[0]))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// benchmarkOffice measures parsing a committed office document end to end.
func benchmarkOffice(b *testing.B, name string) {
	data, err := os.ReadFile(filepath.Join(officeDir, name))
	if err != nil {
		b.Fatal(err)
	}
	benchmarkBytes(b, name, data)
}

func BenchmarkParseDOCX(b *testing.B) { benchmarkOffice(b, "v003-2019-html.docx") }
func BenchmarkParseDOC(b *testing.B)  { benchmarkOffice(b, "v003-2019-html.doc") }
func BenchmarkParseXLSX(b *testing.B) { benchmarkOffice(b, "v003-2019-html.xlsx") }

// The Word conversions of the corpus's pre-2019 report read its body (by
// name or an alias the truth allows), year, template and every cell of its
// statistics table.
func TestOfficeLegacy(t *testing.T) {
	dir := corpusDir(t)
	data, err := os.ReadFile(filepath.Join(dir, "legacy", "pingtan-shiyanqu-2013.truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want legacyCorpusTruth
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "legacy", "pingtan-shiyanqu-2013.html")
	for _, filter := range []string{"docx:MS Word 2007 XML", "doc:MS Word 97"} {
		ext := strings.SplitN(filter, ":", 2)[0]
		t.Run(ext, func(t *testing.T) {
			rep, err := Bytes("pingtan-shiyanqu-2013."+ext, libreOffice(t, src, filter, ""))
			if err != nil {
				t.Fatal(err)
			}
			office := rep.Office == want.Office
			for _, a := range want.OfficeAliases {
				office = office || rep.Office == a
			}
			if !office || rep.Year != want.Year || rep.Template != want.Template {
				t.Errorf("office %q year %d template %s, want %q (or %v) %d %s",
					rep.Office, rep.Year, rep.Template, want.Office, want.OfficeAliases, want.Year, want.Template)
			}
			compareFacts(t, rep, legacyTruthFacts(t, want))
		})
	}
}

// Kinds are told by content first (WPS names DOCX files .doc, servers send
// attachments without a name), then by the name.
func TestKindOf(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(officeDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	docxData, docData, xlsxData := read("v000-2021-html.docx"), read("v000-2021-html.doc"), read("v000-2021-html.xlsx")
	var ofd bytes.Buffer
	zw := zip.NewWriter(&ofd)
	zw.Create("OFD.xml")
	zw.Close()
	tests := []struct {
		name string
		data []byte
		want Kind
	}{
		{"report.doc", docxData, KindDOCX},
		{"download.jsp", docData, KindDOC},
		{"nb.wps", docData, KindDOC},
		{"attachment", xlsxData, KindXLSX},
		{"report.ofd", ofd.Bytes(), KindOFD},
		{"report.doc", []byte("<html><body><p>一、总体情况</p></body></html>"), KindHTML},
		{"report.doc", []byte(`{\rtf1\ansi 一、总体情况}`), KindDOC},
		{"notes.txt", []byte("<html> in a text file stays text"), KindText},
		{"report.html", []byte("%PDF-1.7\n"), KindPDF},
		{"book.et", []byte("ET"), KindXLS},
	}
	for _, tt := range tests {
		if got := KindOf(tt.name, tt.data); got != tt.want {
			t.Errorf("KindOf(%s, %.12q) = %s, want %s", tt.name, tt.data, got, tt.want)
		}
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"report.ofd", ofd.Bytes(), "ofd: not an OFD document"},
		{"book.xls", []byte("x"), "unsupported document kind: xls"},
		{"report.doc", []byte(`{\rtf1\ansi 一、总体情况}`), "RTF"},
	} {
		if _, err := Bytes(tt.name, tt.data); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// An OFD made by easyofd (from LibreOffice's PDF of a variant's DOCX) goes
// through parse/grid. easyofd writes no rulings, so the tables are rebuilt
// from alignment, and it spreads each text span evenly over its box, which
// interleaves the digits of a mixed line with its Chinese (the title reads
// 宜2年昌政市府…): office and year are lost, by the producer. What must hold:
// no value differs from the truth, three in four are read (165 of 186 when
// written), the six sections are found.
func TestOfficeOFD(t *testing.T) {
	f := filepath.Join(officeDir, "ofd", "v001-2021-word.ofd")
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if k := KindOf("attachment", data); k != KindOFD {
		t.Fatalf("kind %s, want ofd", k)
	}
	rep, err := Bytes(f, data)
	if err != nil {
		t.Fatal(err)
	}
	truth := fixtures.Variants(2)[1].Spec.Facts
	read := 0
	for _, fact := range rep.Facts {
		want, ok := truth[fact.Key]
		switch {
		case !ok:
			t.Errorf("%s: not in the truth", fact.Key)
		case (want == nil) != (fact.Value == nil) || (want != nil && *want != *fact.Value):
			t.Errorf("%s = %v, want %v", fact.Key, show(fact.Value), show(want))
		default:
			read++
		}
		if fact.At.Page == 0 || fact.At.Box == nil {
			t.Errorf("%s: no page and box", fact.Key)
		}
	}
	if read < len(truth)*3/4 || len(rep.Sections) != 6 {
		t.Errorf("%d of %d facts, %d sections; want at least 3 in 4 and 6", read, len(truth), len(rep.Sections))
	}
	t.Logf("%d of %d facts read", read, len(truth))
}
func BenchmarkParseOFD(b *testing.B) { benchmarkOffice(b, filepath.Join("ofd", "v001-2021-word.ofd")) }
