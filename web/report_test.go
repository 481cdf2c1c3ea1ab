package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/index/indextest"
)

// A late report's page, its region's page and its body's page spell out
// the deadline it missed, not "次年1月31日".
func TestLateNamesTheDeadline(t *testing.T) {
	f := newFixture(t, testEntries(t))
	var id string
	for _, e := range f.entries {
		if e.Report.Office == indextest.Bodies[0].Office && e.Report.Year == 2022 {
			id = e.ID
		}
	}
	for _, path := range []string{"/reports/" + id, "/region?region=6522&year=2022"} {
		_, body := f.get(t, path, http.StatusOK)
		if !strings.Contains(string(body), "逾期发布（晚于2023年1月31日）") {
			t.Errorf("%s does not say 逾期发布（晚于2023年1月31日）", path)
		}
		if strings.Contains(string(body), "次年") {
			t.Errorf("%s still says 次年", path)
		}
	}
}

// Sections come in printed order, each table under its own heading.
func TestSectionsInPrintedOrder(t *testing.T) {
	f := newFixture(t, testEntries(t))
	_, body := f.get(t, "/reports/"+f.entries[0].ID, http.StatusOK)
	page := string(body)
	last := -1
	for _, h := range []string{`data-no="一"`, `data-no="二"`, `data-table="active"`, `data-no="三"`, `data-table="applications"`, `data-no="四"`, `data-table="review_litigation"`, `data-no="五"`, `data-no="六"`} {
		i := strings.Index(page, h)
		if i < 0 {
			t.Errorf("no %s", h)
			continue
		}
		if i < last {
			t.Errorf("%s out of order", h)
		}
		last = i
	}
}

// Values read from a picture by OCR are shown apart from printed text:
// their cells are marked, say so with their confidence, and the page
// counts them.
func TestOCRValuesShownApart(t *testing.T) {
	entries := testEntries(t)
	e := &entries[0]
	var key string
	for i := range e.Report.Facts {
		if e.Report.Facts[i].Value != nil && strings.HasPrefix(e.Report.Facts[i].Key, "applications.") {
			e.Report.Facts[i].At.OCR, e.Report.Facts[i].At.Confidence = true, 87
			key = e.Report.Facts[i].Key
			break
		}
	}
	f := newFixture(t, entries)
	_, body := f.get(t, "/reports/"+e.ID, http.StatusOK)
	page := string(body)
	cell := page[strings.Index(page, `data-key="`+key+`"`)-40:]
	if !strings.Contains(cell[:60], " ocr") {
		t.Errorf("the OCR'd cell %s is not marked: %s", key, cell[:120])
	}
	if !strings.Contains(page, "置信度 87") || !strings.Contains(page, `id="ocr">1 项数值由 OCR`) {
		t.Errorf("the page does not say that one value was read by OCR, and how surely")
	}
	if strings.Count(page, ` ocr"`) != 1 {
		t.Errorf("%d cells marked as OCR'd, want 1", strings.Count(page, ` ocr"`))
	}
}
