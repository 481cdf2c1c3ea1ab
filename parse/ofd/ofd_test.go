package ofd

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/parse/layout"
)

// pack zips parts into an OFD. The documents a real producer made are in
// parse/testdata/office/ofd; these hand-written ones pin down the standard's
// constructs one at a time (namespace, units in millimetres, CTM, g-repeats).
func pack(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const ns = `xmlns:ofd="http://www.ofdspec.org/2016"`

func document(pages ...string) map[string]string {
	parts := map[string]string{
		"OFD.xml": `<ofd:OFD ` + ns + ` Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo/><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
	}
	var list strings.Builder
	for i, p := range pages {
		fmt.Fprintf(&list, `<ofd:Page ID="%d" BaseLoc="Pages/Page_%d/Content.xml"/>`, i+1, i)
		parts[fmt.Sprintf("Doc_0/Pages/Page_%d/Content.xml", i)] = `<ofd:Page ` + ns + `><ofd:Content><ofd:Layer ID="9">` + p + `</ofd:Layer></ofd:Content></ofd:Page>`
	}
	parts["Doc_0/Document.xml"] = `<ofd:Document ` + ns + `><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>` + list.String() + `</ofd:Pages></ofd:Document>`
	return parts
}

// text prints s from (x, y) (the baseline), 4 mm a character.
func text(x, y float64, s string) string {
	n := len([]rune(s))
	return fmt.Sprintf(`<ofd:TextObject ID="1" Boundary="%g %g %d 5" Font="1" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="g %d 4">%s</ofd:TextCode></ofd:TextObject>`, x, y-4, 4*n, n-1, s)
}

// rect strokes a rectangle.
func rect(x0, y0, x1, y1 float64) string {
	return fmt.Sprintf(`<ofd:PathObject ID="2" Boundary="%g %g %g %g" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L %g 0 L %g %g L 0 %g C</ofd:AbbreviatedData></ofd:PathObject>`, x0, y0, x1-x0, y1-y0, x1-x0, x1-x0, y1-y0, y1-y0)
}

func render(doc *layout.Document) string {
	var b strings.Builder
	for _, bl := range doc.Blocks {
		if bl.Table == nil {
			b.WriteString(bl.Text + "\n")
			continue
		}
		for _, row := range bl.Table.Rows {
			for i, c := range row {
				if i > 0 {
					b.WriteString(" | ")
				}
				if c.Carried {
					b.WriteString("^")
				}
				b.WriteString(c.Text)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// A ruled table: a label cell spanning two rows (no ruling between them),
// values in their own cells; text above it is a line; provenance is the
// page and box in millimetres.
func TestReadRuledTable(t *testing.T) {
	page := text(20, 30, "四、行政复议情况") +
		rect(20, 40, 120, 60) + rect(120, 40, 160, 50) + rect(120, 50, 160, 60) +
		text(25, 52, "行政复议") + text(125, 47, "维持") + text(125, 57, "3")
	doc, err := Read(pack(t, document(page)))
	if err != nil {
		t.Fatal(err)
	}
	want := "四、行政复议情况\n行政复议 | 维持\n^行政复议 | 3\n"
	if got := render(doc); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if at := doc.Blocks[0].At; at.Page != 1 || at.Box == nil || at.Box[0] != 20 || at.Box[1] != 26 {
		t.Errorf("line provenance %+v, want page 1 at (20, 26)", at)
	}
	cell := doc.Blocks[1].Table.Rows[1][1]
	if cell.At.Page != 1 || cell.At.Box == nil || *cell.At.Box != [4]float64{120, 50, 160, 60} {
		t.Errorf("cell provenance %+v, want the cell's box", cell.At)
	}
}

// A TextObject's matrix places and scales its text; pages come in order.
func TestReadMatrixAndPages(t *testing.T) {
	scaled := `<ofd:TextObject ID="1" Boundary="20 20 100 20" CTM="2 0 0 2 0 0" Size="3"><ofd:TextCode X="0" Y="3" DeltaX="3 3 3">年度报告</ofd:TextCode></ofd:TextObject>`
	doc, err := Read(pack(t, document(scaled, text(20, 30, "第二页"))))
	if err != nil {
		t.Fatal(err)
	}
	if got := render(doc); got != "年度报告\n第二页\n" {
		t.Fatalf("got %q", got)
	}
	if b := doc.Blocks[0].At.Box; b == nil || b[2] != 20+2*12 {
		t.Errorf("scaled line box %v, want it to end at %v", b, 20+2*12)
	}
	if doc.Blocks[1].At.Page != 2 {
		t.Errorf("second line on page %d", doc.Blocks[1].At.Page)
	}
}

func TestReadBroken(t *testing.T) {
	many := make([]string, maxPages+1)
	tests := []struct {
		name  string
		parts map[string]string
		err   error
		msg   string
	}{
		{"no OFD.xml", map[string]string{"Doc_0/Document.xml": "<x/>"}, nil, "missing part OFD.xml"},
		{"no document", map[string]string{"OFD.xml": `<ofd:OFD ` + ns + `><ofd:DocBody/></ofd:OFD>`}, ErrNotOFD, ""},
		{"broken page XML", map[string]string{
			"OFD.xml": document()["OFD.xml"], "Doc_0/Document.xml": `<ofd:Document ` + ns + `><ofd:Pages><ofd:Page BaseLoc="P.xml"/></ofd:Pages></ofd:Document>`,
			"Doc_0/P.xml": `<ofd:Page ` + ns + `><ofd:TextObject>`}, nil, "page 1"},
		{"too many pages", document(many...), ErrTooLarge, "pages"},
		{"blocks nested too deep", document(strings.Repeat("<ofd:PageBlock>", maxDepth+1)), ErrTooLarge, "nested"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(pack(t, tt.parts))
			if err == nil {
				t.Fatal("no error")
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("err = %v, want %v", err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want it to say %q", err, tt.msg)
			}
		})
	}
}
