package parse

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/internal/scans"
	"github.com/gongkai/gongkai/parse/ocr"
)

// Scans of hongze-2023.pdf made at test time by scripts/make-scan-fixtures.sh
// (pdftoppm, ImageMagick, img2pdf; internal/scans) are read by OCR and
// compared with the corpus truth.

func needOCR(t *testing.T) {
	t.Helper()
	if err := ocr.Available(); err != nil {
		t.Skipf("%v (make test installs it: scripts/ensure-tesseract.sh)", err)
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm missing: install poppler-utils")
	}
}

func hongzeTruth(t *testing.T) truth {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir(t), "truth", "hongze-2023.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want truth
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	return want
}

// TestScans: clean scans give every fact, the office and the year; the
// rough scan gives at least 98 % of the facts, and every fact it does not
// give right is null with a warning naming its cell, missing with a
// warning naming its row, or inside a failed check — never silently wrong;
// an office or year it misreads is flagged by a warning.
func TestScans(t *testing.T) {
	needOCR(t)
	dir := scans.Dir(t)
	want := hongzeTruth(t)
	tests := []struct {
		file  string
		exact bool    // every fact, office and year, and only the real anomalies fail
		min   float64 // else: the share of facts right
		ocrTo int     // facts on pages up to this one were read from text, not OCR
	}{
		{"hongze-2023-200dpi.pdf", true, 1, 0},
		{"hongze-2023-bilevel-300dpi.pdf", true, 1, 0},
		{"hongze-2023-mixed.pdf", true, 1, 2},
		{"hongze-2023-rough-150dpi.pdf", false, 0.98, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel() // one engine process each: the machine's cores share the work
			rep, err := File(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Facts {
				if f.At.OCR != (f.At.Page > tt.ocrTo) || (f.Value != nil && f.At.OCR && f.At.Confidence < ocr.MinConfidence) {
					t.Errorf("%s on page %d: ocr %v, confidence %v", f.Key, f.At.Page, f.At.OCR, f.At.Confidence)
				}
			}
			failed := failedKeys(rep)
			var failedIDs []string
			for _, c := range rep.FailedChecks() {
				failedIDs = append(failedIDs, c.ID)
			}
			slices.Sort(failedIDs)
			known := failingChecks["hongze-2023.pdf"]
			if tt.exact {
				if rep.Office != want.Office || rep.Year != want.Year {
					t.Errorf("office %q year %d, want %q %d", rep.Office, rep.Year, want.Office, want.Year)
				}
				if !equalStrings(failedIDs, known) {
					t.Errorf("failed checks %v, want %v", failedIDs, known)
				}
				compareFacts(t, rep, want.Facts)
				return
			}
			if (rep.Office != want.Office || rep.Year != want.Year) && !warned(rep, "may be misread") {
				t.Errorf("office %q year %d, want %q %d: misread and not flagged", rep.Office, rep.Year, want.Office, want.Year)
			}
			for _, id := range known {
				if !slices.Contains(failedIDs, id) {
					t.Errorf("the real anomaly %s does not fail", id)
				}
			}
			right := judgeScan(t, rep, want.Facts, failed)
			share := float64(right) / float64(len(want.Facts))
			t.Logf("%s: %d of %d facts right (%.1f %%), office %q, year %d", tt.file, right, len(want.Facts), 100*share, rep.Office, rep.Year)
			if share < tt.min {
				t.Errorf("%.1f %% of facts right, want ≥ %.0f %%", 100*share, 100*tt.min)
			}
		})
	}
}

// judgeScan counts the facts of a scan read right, and fails the test for
// each one wrong and not said to be: every other fact must be null with a
// warning naming its cell, missing with a warning naming its row, or
// inside a failed check.
func judgeScan(t *testing.T, rep *gongkai.Report, want map[string]*float64, failed map[string]bool) int {
	t.Helper()
	got := map[string]gongkai.Fact{}
	for _, f := range rep.Facts {
		got[f.Key] = f
	}
	right := 0
	for k, w := range want {
		f, ok := got[k]
		switch {
		case ok && (f.Value == nil) == (w == nil) && (w == nil || *f.Value == *w):
			right++
		case !ok && warned(rep, k[:strings.LastIndex(k, ".")]+": row not found"):
		case !ok && warned(rep, k[:strings.LastIndex(k, ".")]+": "):
		case ok && f.Value == nil && warned(rep, "left blank") && f.At.Confidence < ocr.MinConfidence:
		case failed[k]:
		default:
			t.Errorf("%s = %v, want %v: silently wrong", k, show(f.Value), show(w))
		}
	}
	return right
}

// failedKeys returns the facts inside failed checks.
func failedKeys(rep *gongkai.Report) map[string]bool {
	failed := map[string]bool{}
	for _, c := range rep.FailedChecks() {
		for _, k := range c.Keys {
			failed[k] = true
		}
	}
	return failed
}

// TestFixtureScans: scans of the committed producer fixtures (made at test
// time, no corpus needed) — Chromium's A4 print in black and white, whose
// grey rulings come dithered, and LibreOffice's A3 page shrunk onto A4,
// whose light rulings scan faint and whose type is small — give at least
// the share of facts measured, none silently wrong, and an office and
// year that are right or flagged.
func TestFixtureScans(t *testing.T) {
	needOCR(t)
	tests := []struct {
		report, kind string
		min          float64
	}{
		{"v000-2021-html.chromium", "bilevel-300dpi", 0.98},    // 186 of 186 measured
		{"v000-2021-html.chromium", "rough-150dpi", 0.98},      // 186 of 186; before, 172 (totals row's rulings, a 无 read as 更)
		{"v003-2019-html.libreoffice", "200dpi", 0.98},         // 198 of 198
		{"v003-2019-html.libreoffice", "bilevel-300dpi", 0.98}, // 198 of 198; before, 164 (a dithered ruling's gaps of 7 pixels)
		{"v003-2019-html.libreoffice", "rough-150dpi", 0.95},   // 198 of 198; before, one silently wrong
	}
	for _, tt := range tests {
		t.Run(tt.report+"-"+tt.kind, func(t *testing.T) {
			t.Parallel()
			var want producerTruth
			data, err := os.ReadFile(filepath.Join("testdata/producers", strings.SplitN(tt.report, ".", 2)[0]+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			dir := scans.Of(t, filepath.Join("testdata/producers", tt.report+".pdf"))
			rep, err := File(filepath.Join(dir, tt.report+"-"+tt.kind+".pdf"))
			if err != nil {
				t.Fatal(err)
			}
			right := judgeScan(t, rep, want.Facts, failedKeys(rep))
			share := float64(right) / float64(len(want.Facts))
			t.Logf("%d of %d facts right (%.1f %%), office %q, year %d", right, len(want.Facts), 100*share, rep.Office, rep.Year)
			if share < tt.min {
				t.Errorf("%.1f %% of facts right, want ≥ %.0f %%", 100*share, 100*tt.min)
			}
			if (rep.Office != want.Office || rep.Year != want.Year) && !warned(rep, "may be misread") {
				t.Errorf("office %q year %d, want %q %d: misread and not flagged", rep.Office, rep.Year, want.Office, want.Year)
			}
		})
	}
}

func warned(rep *gongkai.Report, s string) bool {
	for _, w := range rep.Warnings {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

// TestScannedPicture: a JPG of one page, named without an extension,
// reaches the OCR reader by its content; every fact on it is the truth.
func TestScannedPicture(t *testing.T) {
	needOCR(t)
	want := hongzeTruth(t)
	data, err := os.ReadFile(filepath.Join(scans.Dir(t), "hongze-2023-rough-150dpi-page3.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if k := KindOf("page3", data); k != KindImage {
		t.Fatalf("KindOf = %s, want image", k)
	}
	rep, err := Bytes("page3", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Facts) < 90 { // tables 二 (end) and 三 to row （四）2 on this page
		t.Errorf("%d facts, want ≥ 90", len(rep.Facts))
	}
	for _, f := range rep.Facts {
		w, ok := want.Facts[f.Key]
		if !ok || (f.Value == nil) != (w == nil) || (w != nil && *f.Value != *w) {
			t.Errorf("%s = %v, want %v", f.Key, show(f.Value), show(w))
		}
		if !f.At.OCR || f.At.Page != 1 || f.At.Box == nil {
			t.Errorf("%s: at %+v, want page 1, a box and the OCR mark", f.Key, f.At)
		}
	}
}

// TestScanWithoutEngine: without Tesseract on $PATH a scanned PDF is an
// error naming the packages to install, never a report that looks read.
// The parse runs in a child process (this test binary) whose PATH holds
// pdftoppm only: the engine is looked up once per process.
func TestScanWithoutEngine(t *testing.T) {
	if os.Getenv("GONGKAI_SCAN_CHILD") == "1" {
		_, err := File(os.Getenv("GONGKAI_SCAN_FILE"))
		os.Stdout.WriteString("ERR " + strings.ReplaceAll(fmt.Sprint(err), "\n", " ") + "\n")
		return
	}
	scan := filepath.Join(scans.Dir(t), "hongze-2023-200dpi.pdf")
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm missing: install poppler-utils")
	}
	bin := t.TempDir()
	if err := os.Symlink(pdftoppm, filepath.Join(bin, "pdftoppm")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestScanWithoutEngine$")
	cmd.Env = append(os.Environ(), "GONGKAI_SCAN_CHILD=1", "GONGKAI_SCAN_FILE="+scan, "PATH="+bin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	msg := string(out)
	for _, want := range []string{"ERR no report found", "no text layer on page 1", "未安装 OCR 引擎", "tesseract-ocr-chi-sim"} {
		if !strings.Contains(msg, want) {
			t.Errorf("child said %q, want %q in it", msg, want)
		}
	}
}

// TestScanTimeLimit: OCR counts against the document's time budget; a
// scan that runs past it is an error saying so, not a report that looks
// read.
func TestScanTimeLimit(t *testing.T) {
	needOCR(t)
	defer func(d time.Duration) { ocr.TimeLimit = d }(ocr.TimeLimit)
	ocr.TimeLimit = time.Millisecond
	for _, file := range []string{"hongze-2023-200dpi.pdf", "hongze-2023-rough-150dpi-page3.jpg"} {
		_, err := File(filepath.Join(scans.Dir(t), file))
		if err == nil || !strings.Contains(err.Error(), "OCR 超时") {
			t.Errorf("%s: error %v, want the OCR time limit named", file, err)
		}
	}
}
