package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/fixtures"
	testcorpus "github.com/gongkai/gongkai/internal/corpus"
	"github.com/gongkai/gongkai/internal/cputime"
	"github.com/gongkai/gongkai/parse/grid"
	"github.com/gongkai/gongkai/parse/layout"
	lpdf "github.com/ledongthuc/pdf"
)

// corpus returns the bytes of a corpus document. Tests skip when the corpus
// folder is absent, but fail when GONGKAI_CORPUS names it and it is missing.
func corpus(tb testing.TB, name string) []byte {
	tb.Helper()
	dir, named := testcorpus.Dir(tb)
	if dir == "" {
		tb.Skip("no corpus at ../shared/corpus (set GONGKAI_CORPUS)")
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		if named {
			tb.Fatalf("GONGKAI_CORPUS=%s: %v", dir, err)
		}
		tb.Skipf("corpus not available: %v", err)
	}
	return data
}

// TestDump prints the blocks of a corpus PDF: go test -run Dump -v.
func TestDump(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("only with -v")
	}
	doc, err := Read(corpus(t, "hongze-2023.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(dump(doc))
}

func dump(doc *layout.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\n", doc.Title)
	for _, w := range doc.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	for _, bl := range doc.Blocks {
		if bl.Table == nil {
			fmt.Fprintf(&b, "p%d %v  %s\n", bl.At.Page, *bl.At.Box, bl.Text)
			continue
		}
		fmt.Fprintf(&b, "p%d %v  TABLE\n", bl.At.Page, *bl.At.Box)
		for _, row := range bl.Table.Rows {
			var cs []string
			for _, c := range row {
				cs = append(cs, fmt.Sprintf("%q", carriedText(c)))
			}
			fmt.Fprintf(&b, "    | %s\n", strings.Join(cs, " "))
		}
	}
	return b.String()
}

// split returns a row's label texts (leading cells that are not numbers)
// and value texts (the rest), the way the report reader reads a row.
func split(row []layout.Cell) (labels, values []string) {
	i := 0
	for i < len(row) && !isNumber(row[i].Text) {
		labels = append(labels, row[i].Text)
		i++
	}
	for _, c := range row[i:] {
		values = append(values, c.Text)
	}
	return labels, values
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// rowsFor maps the last label of a table row to the canonical key prefix
// and column names its values stand for.
var rowsFor = map[string]struct {
	prefix string
	cols   []string
}{}

func init() {
	apps := []string{"natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total"}
	for label, key := range map[string]string{
		"一、本年新收政府信息公开申请数量": "new_received", "二、上年结转政府信息公开申请数量": "carried_over",
		"（一）予以公开": "granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "partially_granted",
		"1.属于国家秘密": "denied_state_secret", "2.其他法律行政止公开": "denied_law_forbidden",
		"3.危及“三安全一稳定”": "denied_security_stability", "4.保护第三方合法权益": "denied_third_party",
		"5.属于三类内部事务信息": "denied_internal_affairs", "6.属于四类过程性信息": "denied_process_info",
		"7.属于行政执法案卷": "denied_enforcement_file", "8.属于行政查询事项": "denied_admin_query",
		"1.本机关不掌握相关政府信息": "unable_not_held", "2.没有现成信息需要另行制作": "unable_need_creation",
		"3.补正后申请内容仍不明确": "unable_unclear", "1.信访举报投诉类申请": "not_processed_petition",
		"2.重复申请": "not_processed_duplicate", "3.要求提供公开出版物": "not_processed_publication",
		"4.无正当理由大量反复申请": "not_processed_massive", "5.要求行政机关确认或重新出具已获取信息": "not_processed_confirmation",
		"（六）其他处理": "other", "（七）总计": "total", "四、结转下年度继续办理": "carried_forward",
	} {
		rowsFor[label] = struct {
			prefix string
			cols   []string
		}{"applications." + key, apps}
	}
	three := []string{"issued", "repealed", "in_force"}
	rowsFor["规章"] = struct {
		prefix string
		cols   []string
	}{"active.regulations", three}
	rowsFor["行政规范性文件"] = struct {
		prefix string
		cols   []string
	}{"active.normative_documents", three}
	for label, key := range map[string]string{"行政许可": "licensing", "行政处罚": "penalty", "行政强制": "coercion"} {
		rowsFor[label] = struct {
			prefix string
			cols   []string
		}{"active." + key, []string{"decisions"}}
	}
	rowsFor["行政事业性收费"] = struct {
		prefix string
		cols   []string
	}{"active.fees", []string{"amount"}}
}

func TestHongze(t *testing.T) {
	doc, err := Read(corpus(t, "hongze-2023.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Office string              `json:"office"`
		Facts  map[string]*float64 `json:"facts"`
	}
	raw := corpus(t, filepath.Join("truth", "hongze-2023.json"))
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}
	var tables []*layout.Table
	var text strings.Builder
	for _, b := range doc.Blocks {
		if b.Table != nil {
			tables = append(tables, b.Table)
		} else {
			text.WriteString(b.Text + "\n")
		}
		if b.At.Page < 1 || b.At.Box == nil {
			t.Errorf("block without page and box: %+v", b)
		}
	}
	if len(tables) != 3 {
		t.Fatalf("got %d tables, want 3 (二 joined across pages 2-3, 三 joined across 3-4, 四)\n%s", len(tables), dump(doc))
	}
	if !strings.Contains(text.String(), truth.Office) || !strings.Contains(text.String(), "2023年政府信息公开工作年度报告") {
		t.Errorf("text lacks office %q or title", truth.Office)
	}
	if strings.Contains(text.String(), "-3-") {
		t.Error("page number kept")
	}

	// Every labelled row of 二 and 三 reproduces the truth.
	checked := map[string]bool{}
	vertical := false
	for _, tb := range tables[:2] {
		for _, row := range tb.Rows {
			for _, c := range row {
				if c.Text == "三、本年度办理结果" {
					vertical = true
				}
				if c.At.Page < 1 || c.At.Box == nil {
					t.Errorf("cell %q without page and box", c.Text)
				}
			}
			labels, values := split(row)
			if len(labels) == 0 {
				continue
			}
			spec, ok := rowsFor[labels[len(labels)-1]]
			if !ok {
				continue
			}
			if len(values) != len(spec.cols) {
				t.Errorf("row %q: values %q, want %d", labels, values, len(spec.cols))
				continue
			}
			for i, col := range spec.cols {
				key := spec.prefix + "." + col
				want := truth.Facts[key]
				got, err := strconv.ParseFloat(values[i], 64)
				if want == nil || err != nil || got != *want {
					t.Errorf("%s: got %q, want %v", key, values[i], want)
				}
				checked[key] = true
			}
		}
	}
	if !vertical {
		t.Error("vertical label 三、本年度办理结果 not decoded")
	}
	for key := range truth.Facts {
		if !strings.HasPrefix(key, "review_litigation.") && !checked[key] {
			t.Errorf("%s: no row found", key)
		}
	}

	// Table 四: the value row in visual order, although the content stream
	// draws the x=324 cell after the x=184 one.
	last := tables[2].Rows[len(tables[2].Rows)-1]
	var got []string
	for _, c := range last {
		got = append(got, c.Text)
	}
	var want []string
	for _, group := range []string{"review", "litigation_direct", "litigation_after_review"} {
		for _, col := range []string{"upheld", "corrected", "other", "pending", "total"} {
			want = append(want, strconv.FormatFloat(*truth.Facts["review_litigation."+group+"."+col], 'f', -1, 64))
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("table 四 values %q, want %q", got, want)
	}
	if !slices.Contains(doc.Warnings, "table continues on page 4") {
		t.Errorf("warnings %q lack the page-4 continuation", doc.Warnings)
	}
}

func FuzzRead(f *testing.F) {
	if dir, _ := testcorpus.Dir(f); dir != "" {
		if data, err := os.ReadFile(filepath.Join(dir, "hongze-2023.pdf")); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("%PDF-1.4\n%%EOF\n"))
	// every producer's way of drawing rulings and text: LibreOffice's
	// strokes, reportlab's CMap font drawn glyph by glyph, matplotlib's
	// Type 3 fonts known only by their glyph names, a turned page
	for _, name := range []string{"v003-2019-html.libreoffice.pdf", "v000-2021-html.reportlab.pdf", "v003-2019-html.matplotlib.pdf"} {
		if data, err := os.ReadFile(filepath.Join("..", "testdata", "producers", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add(makePDF([]string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate 270 /Contents 4 0 R>>",
		"<</Length 58>>\nstream\n0 1 -1 0 595 0 cm 10 10 m 200 10 l S 10 10 m 10 200 l 0 0 3 100 re f\nendstream",
	}, ""))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read(data)
		if err == nil && doc == nil {
			t.Fatal("nil document without error")
		}
	})
}

// benchPDFs are the PDFs the benchmarks read, one per kind of producer:
// WPS (one rectangle per cell), LibreOffice (stroked rulings) and Chromium
// (thin filled rectangles and polygons, Type 3 fonts).
func benchPDFs(b *testing.B) []struct {
	name string
	data []byte
} {
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	return []struct {
		name string
		data []byte
	}{
		{"wps", corpus(b, "hongze-2023.pdf")},
		{"libreoffice", read("../testdata/producers/v003-2019-html.libreoffice.pdf")},
		{"chromium", read("../testdata/producers/v000-2021-html.chromium.pdf")},
	}
}

func BenchmarkRead(b *testing.B) {
	for _, doc := range benchPDFs(b) {
		b.Run(doc.name, func(b *testing.B) {
			pages := pageCount(b, doc.data)
			start := cputime.Used()
			for b.Loop() {
				if _, err := Read(doc.data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(pages*b.N)/(cputime.Used()-start).Seconds(), "pages/cpu-s")
		})
	}
}

// pageCount is the number of pages with content: the last block's page.
func pageCount(b *testing.B, data []byte) int {
	doc, err := Read(data)
	if err != nil {
		b.Fatal(err)
	}
	return doc.Blocks[len(doc.Blocks)-1].At.Page
}

// BenchmarkPdftotext is BenchmarkRead's baseline: poppler's `pdftotext
// -layout` on the same files, process start included, as a user would run
// it. It extracts text only, no tables. Its processor time is that of
// the pdftotext processes, which the benchmark waits for.
func BenchmarkPdftotext(b *testing.B) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		b.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	for _, doc := range benchPDFs(b) {
		b.Run(doc.name, func(b *testing.B) {
			pages := pageCount(b, doc.data)
			path := filepath.Join(b.TempDir(), "in.pdf")
			if err := os.WriteFile(path, doc.data, 0o644); err != nil {
				b.Fatal(err)
			}
			start := cputime.Children()
			for b.Loop() {
				if out, err := exec.Command(bin, "-layout", path, "-").Output(); err != nil || len(out) == 0 {
					b.Fatalf("pdftotext: %v", err)
				}
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(pages*b.N)/(cputime.Children()-start).Seconds(), "pages/cpu-s")
		})
	}
}

// makePDF assembles a PDF from object bodies (object i+1 is objs[i]) with a
// correct xref table; extra goes into the trailer.
func makePDF(objs []string, extra string) []byte { return fixtures.PDFFile(objs, extra) }

// A page that paints an image and no text is a scan, read by OCR (here a
// black page, which OCR refuses); a page that paints nothing, or only
// shapes, is blank, not scanned.
func TestNoTextLayer(t *testing.T) {
	data := makePDF([]string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R 6 0 R] /Count 2>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources <</XObject <</Im0 5 0 R>>>>>>",
		"<</Length 31>>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream",
		"<</Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1>>\nstream\n\x00\nendstream",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R>>",
		"<</Length 16>>\nstream\n0 0 100 100 re f\nendstream",
	}, "")
	doc, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Warnings) != 1 || !strings.HasPrefix(doc.Warnings[0], "no text layer on page 1 (scanned?), not read: ") {
		t.Errorf("warnings %q, want page 1 not read", doc.Warnings)
	}
}

// helveticaPage makes a one-page PDF drawing content with Helvetica as /F1
// (every glyph 500 units wide); page adds keys to the page dictionary
// after its MediaBox, which is mediaBox.
func helveticaPage(mediaBox, page, content string) []byte {
	return makePDF([]string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox " + mediaBox + page + " /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
		"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 /Widths [" + strings.Repeat("500 ", 95) + "]>>",
	}, "")
}

func TestEncrypted(t *testing.T) {
	data := makePDF([]string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [] /Count 0>>",
		"<</Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00> /U <00>>>",
	}, "/Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]")
	_, err := Read(data)
	if err == nil || !strings.Contains(err.Error(), "encrypted") {
		t.Errorf("err = %v, want an encryption error", err)
	}
}

// TestSimpleText reads a page with a standard font, a flipped CTM and
// ruled two-cell table, checking positions come out top-left based (baseline y=60, 12pt: box 49.44 to 61.44) and the page number is dropped.
func TestSimpleText(t *testing.T) {
	content := "1 0 0 -1 0 842 cm 0 0 0 RG " +
		"100 100 100 20 re 200 100 100 20 re S " +
		"BT /F1 10 Tf 1 0 0 -1 110 114 Tm (Label) Tj 1 0 0 -1 210 114 Tm (42) Tj ET " +
		"BT /F1 12 Tf 1 0 0 -1 100 60 Tm (Hello World) Tj ET " +
		"BT /F1 10 Tf 1 0 0 -1 290 820 Tm (- 3 -) Tj ET"
	doc, err := Read(helveticaPage("[0 0 595 842]", "", content))
	if err != nil {
		t.Fatal(err)
	}
	got := dump(doc)
	want := "title: \np1 [100 49.44 166 61.44]  Hello World\np1 [100 100 300 120]  TABLE\n    | \"Label\" \"42\"\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestContinues(t *testing.T) {
	const left, right = 90.0, 505.0
	full := &grid.Line{Text: "推进政府信息公开工作规范、有序、", Box: grid.Rect{X0: 90, Y0: 100, X1: 504, Y1: 112}}
	tests := []struct {
		name string
		prev *grid.Line
		next *grid.Line
		want bool
	}{
		{"wrapped line", full, &grid.Line{Text: "健康发展。", Box: grid.Rect{X0: 90, Y0: 120, X1: 150, Y1: 132}}, true},
		{"indented paragraph", full, &grid.Line{Text: "加强管理。", Box: grid.Rect{X0: 114, Y0: 120, X1: 180, Y1: 132}}, false},
		{"heading", full, &grid.Line{Text: "（二）依申请公开情况。", Box: grid.Rect{X0: 90, Y0: 120, X1: 300, Y1: 132}}, false},
		{"short line ends a paragraph", &grid.Line{Text: "均在法定期限答复。", Box: grid.Rect{X0: 90, Y0: 100, X1: 300, Y1: 112}}, &grid.Line{Text: "加强", Box: grid.Rect{X0: 90, Y0: 120, X1: 150, Y1: 132}}, false},
	}
	for _, tt := range tests {
		if got := continues(tt.prev, tt.next, left, right); got != tt.want {
			t.Errorf("%s: continues = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A content stream too long for the time limit costs its page, with a
// warning, and the document still comes back.
func TestTimeLimit(t *testing.T) {
	defer func(d time.Duration) { TimeLimit = d }(TimeLimit)
	// Long enough that the object layer, which the limit covers too, is
	// read within it even on a loaded machine; the pages are not.
	TimeLimit = 30 * time.Millisecond
	ops := strings.Repeat("1 0 0 1 0 0 cm\n", 1_000_000)
	data := makePDF([]string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R 5 0 R] /Count 2>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%sendstream", len(ops), ops),
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R>>",
	}, "")
	start := time.Now()
	doc, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v with a 30 ms limit", took)
	}
	warned := strings.Join(doc.Warnings, "; ")
	if !strings.Contains(warned, "time limit reached") {
		t.Errorf("warnings %q lack the time limit", warned)
	}
}

// Fonts are found again across pages by the number of their object: the
// lookup of that number by reflection into the library's values works on
// the library in use (else every page would read its fonts again).
func TestRefKey(t *testing.T) {
	data, err := os.ReadFile("../testdata/producers/v000-2021-html.chromium.pdf")
	if err != nil {
		t.Fatal(err)
	}
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pageTree(r.Trailer().Key("Root").Key("Pages"))
	if err != nil {
		t.Fatal(err)
	}
	fonts := inherited(pages[0], "Resources").Key("Font")
	names := fonts.Keys()
	if len(names) == 0 {
		t.Fatal("no fonts on page 1")
	}
	seen := map[string]bool{}
	for _, name := range names {
		k := refKey(fonts, name)
		if k == "" || seen[k] {
			t.Errorf("font %s: key %q (seen before: %v)", name, k, seen[k])
		}
		seen[k] = true
	}
}

// Fonts without a ToUnicode map: a predefined CMap's codes, GBK bytes,
// Adobe-GB1 CIDs and glyph names all read as text.
func TestTextWithoutToUnicode(t *testing.T) {
	gb1 := adobeGB1()
	han := 0
	for _, r := range gb1 {
		if r >= 0x4E00 && r <= 0x9FFF {
			han++
		}
	}
	if han < 20000 || len(gb1) < 29000 || gb1[2] != '!' {
		t.Errorf("Adobe-GB1 table: %d CIDs, %d Chinese characters, CID 2 = %q", len(gb1), han, rune(gb1[2]))
	}
	tests := []struct {
		name string
		read func(uint32) string
		code uint32
		want string
	}{
		{"UniGB-UCS2-H", cmapText("UniGB-UCS2-H", "GB1"), 0x653F, "政"},
		{"GBK-EUC-H two bytes", cmapText("GBK-EUC-H", "GB1"), 0xD5FE, "政"},
		{"GBK-EUC-H one byte", cmapText("GBK-EUC-H", "GB1"), '7', "7"},
		{"Identity-H with GB1", cmapText("Identity-H", "GB1"), 2, "!"},
		{"Identity-H, another collection", cmapText("Identity-H", "Japan1"), 2, ""},
	}
	for _, tt := range tests {
		got := ""
		if tt.read != nil {
			got = tt.read(tt.code)
		}
		if got != tt.want {
			t.Errorf("%s: code %#x reads %q, want %q", tt.name, tt.code, got, tt.want)
		}
	}
	for name, want := range map[string]string{"uni653F": "政", "u653F": "政", "zero": "0", "seven.tnum": "7", "A": "A", "g123": ""} {
		if got := glyphText(name); got != want {
			t.Errorf("glyph %s reads %q, want %q", name, got, want)
		}
	}
}

// A page turned by /Rotate reads as it is displayed: the same report drawn
// on a landscape page, and drawn turned on a portrait page with /Rotate 90,
// give the same lines, tables and boxes.
func TestRotate(t *testing.T) {
	content := "1 0 0 -1 0 595 cm 0 0 0 RG " +
		"100 100 100 20 re 200 100 100 20 re 100 120 100 20 re 200 120 100 20 re S " +
		"BT /F1 10 Tf 1 0 0 -1 110 114 Tm (Label) Tj 1 0 0 -1 210 114 Tm (42) Tj ET " +
		"BT /F1 10 Tf 1 0 0 -1 110 134 Tm (Other) Tj 1 0 0 -1 210 134 Tm (7) Tj ET " +
		"BT /F1 12 Tf 1 0 0 -1 100 60 Tm (Hello World) Tj ET"
	landscape, err := Read(helveticaPage("[0 0 842 595]", "", content))
	if err != nil {
		t.Fatal(err)
	}
	turned, err := Read(helveticaPage("[0 0 595 842]", " /Rotate 90", "0 1 -1 0 595 0 cm "+content))
	if err != nil {
		t.Fatal(err)
	}
	want := "title: \np1 [100 49.44 166 61.44]  Hello World\np1 [100 100 300 140]  TABLE\n    | \"Label\" \"42\"\n    | \"Other\" \"7\"\n"
	if got := dump(landscape); got != want {
		t.Errorf("landscape page:\n%s\nwant\n%s", got, want)
	}
	if got := dump(turned); got != want {
		t.Errorf("page turned by /Rotate 90:\n%s\nwant\n%s", got, want)
	}
}

// A line under a link annotation is a link (a sidebar's list of other
// reports, which must never be taken for the title); a line beside it is not.
func TestLinks(t *testing.T) {
	content := "BT /F1 10 Tf 1 0 0 1 100 700 Tm (Report 2020) Tj 1 0 0 1 100 650 Tm (Report 2024) Tj ET"
	doc, err := Read(helveticaPage("[0 0 595 842]", " /Annots [<</Type /Annot /Subtype /Link /Rect [98 695 170 712]>>]", content))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, fmt.Sprintf("%s link=%v", b.Text, b.Link))
	}
	want := []string{"Report 2020 link=true", "Report 2024 link=false"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks %q, want %q", got, want)
	}
}
