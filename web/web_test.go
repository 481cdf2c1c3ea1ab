package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/elastic"
	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/index/sqlite"
)

// Payload is report text that would run if it reached a page unescaped.
const payload = `<script>window.pwned=1</script><img src=x onerror="window.pwned=1">`

// testEntries are synthetic reports of six bodies for 2019–2024, with one
// gap (the second body has no 2021 report), one late report, and one report
// whose office name and text carry script.
func testEntries(t testing.TB) []gongkai.Entry {
	var out []gongkai.Entry
	for _, e := range indextest.Entries(t, 36, "") {
		if e.Report.Office == indextest.Bodies[1].Office && e.Report.Year == 2021 {
			continue
		}
		if e.Report.Office == indextest.Bodies[0].Office && e.Report.Year == 2022 {
			e.Report.Published = "2023-03-02"
		}
		out = append(out, e)
	}
	evil := out[0]
	evil.Report.Office = "恶意机关" + payload
	evil.Report.Sections = append([]gongkai.Section{}, evil.Report.Sections...)
	evil.Report.Sections[0].Text = "本年度依申请公开" + payload + "政府信息公开。"
	evil.ID = gongkai.EntryID(evil.Report.Office, evil.Report.Year, "evil")
	evil.URL = "javascript:window.pwned=1"
	return append(out, evil)
}

type fixture struct {
	entries []gongkai.Entry
	idx     index.Index
	srv     *httptest.Server
	raw     map[string][]byte
}

func newFixture(t testing.TB, entries []gongkai.Entry) *fixture {
	t.Helper()
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	return newFixtureOn(t, idx, entries)
}

// newFixtureOn is newFixture over a given index, which it closes at the end.
func newFixtureOn(t testing.TB, idx index.Index, entries []gongkai.Entry) *fixture {
	t.Helper()
	t.Cleanup(func() { idx.Close() })
	if err := idx.Put(context.Background(), entries...); err != nil {
		t.Fatal(err)
	}
	f := &fixture{entries: entries, idx: idx, raw: map[string][]byte{}}
	for _, e := range entries {
		f.raw[e.SHA256] = []byte("<html><script>alert(1)</script>" + e.Report.Office + "</html>")
	}
	h, err := New(idx, Options{Raw: func(sha string) ([]byte, error) {
		if b, ok := f.raw[sha]; ok {
			return b, nil
		}
		return nil, index.ErrNotFound
	}})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) get(t *testing.T, path string, wantStatus int) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d: %s", path, res.StatusCode, wantStatus, body)
	}
	return res, body
}

func (f *fixture) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	res, body := f.get(t, path, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %s", path, ct)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func TestAPISearch(t *testing.T) {
	f := newFixture(t, testEntries(t))
	var res index.Results
	f.getJSON(t, "/api/search?q="+url.QueryEscape("依申请公开")+"&year=2020-2021&region=6522&limit=3&offset=1", &res)
	want := 0
	for _, e := range f.entries {
		if e.Report.Year >= 2020 && e.Report.Year <= 2021 && strings.HasPrefix(e.Region, "6505") &&
			strings.Contains(index.Narrative(&e.Report), "依申请公开") {
			want++
		}
	}
	if res.Total != want || want < 3 {
		t.Fatalf("total %d, want %d (≥ 3)", res.Total, want)
	}
	if len(res.Hits) != min(3, want-1) {
		t.Errorf("%d hits on the page, want %d", len(res.Hits), min(3, want-1))
	}
	for _, h := range res.Hits {
		if h.Year < 2020 || h.Year > 2021 || !strings.HasPrefix(h.Region, "6505") {
			t.Errorf("hit %s %d %s outside the filters", h.Office, h.Year, h.Region)
		}
		if len(h.Snippets) == 0 {
			t.Fatalf("hit %s without snippets", h.ID)
		}
		for _, s := range h.Snippets {
			for _, m := range s.Marks {
				if got := string([]rune(s.Text)[m[0]:m[1]]); got != "依申请公开" {
					t.Errorf("mark %v covers %q", m, got)
				}
			}
		}
	}
	var failed index.Results
	f.getJSON(t, "/api/search?failed=1&limit=200", &failed)
	for _, h := range failed.Hits {
		if len(h.Failed) == 0 {
			t.Errorf("failed=1 returned %s without failed checks", h.ID)
		}
	}
	if failed.Total == 0 || failed.Total == len(f.entries) {
		t.Errorf("failed=1: %d of %d reports; the filter does nothing", failed.Total, len(f.entries))
	}
	_, body := f.get(t, "/api/search?year=twenty", http.StatusBadRequest)
	if !strings.Contains(string(body), `"error"`) {
		t.Errorf("bad year: %s", body)
	}
	f.get(t, "/api/search?limit=-1", http.StatusBadRequest)
}

func TestAPIReportAndCompare(t *testing.T) {
	f := newFixture(t, testEntries(t))
	want := f.entries[3]
	var got gongkai.Entry
	f.getJSON(t, "/api/reports/"+want.ID, &got)
	if got.ID != want.ID || got.Report.Office != want.Report.Office || len(got.Report.Facts) != len(want.Report.Facts) {
		t.Errorf("report %s: got %s %s with %d facts", want.ID, got.ID, got.Report.Office, len(got.Report.Facts))
	}
	f.get(t, "/api/reports/nosuchid", http.StatusNotFound)

	office := indextest.Bodies[1].Office
	key := "applications.new_received.total"
	var cmp index.Comparison
	f.getJSON(t, "/api/compare?office="+url.QueryEscape(office)+"&years=2019-2024&key="+key, &cmp)
	years := map[int]*float64{}
	for _, e := range f.entries {
		if e.Report.Office == office {
			years[e.Report.Year] = e.Report.Fact(key).Value
		}
	}
	if len(cmp.Rows) != len(years) || len(years) != 5 {
		t.Fatalf("%d rows, want %d (2021 is missing)", len(cmp.Rows), len(years))
	}
	for _, r := range cmp.Rows {
		if w := years[r.Year]; (w == nil) != (r.Values[0] == nil) || (w != nil && *w != *r.Values[0]) {
			t.Errorf("%d: %v, want %v", r.Year, r.Values[0], w)
		}
	}
	f.getJSON(t, "/api/compare?region=6522&years=2020", &cmp)
	if len(cmp.Keys) != len(KeyFigures) || len(cmp.Rows) != 2 {
		t.Errorf("region compare: %d keys, %d rows; want the key figures of 2 bodies", len(cmp.Keys), len(cmp.Rows))
	}
	f.get(t, "/api/compare?years=2020", http.StatusBadRequest)

	// Paged by offset and limit: the pages hold every row once, in order,
	// and each carries the count and totals of every row.
	var whole index.Comparison
	f.getJSON(t, "/api/compare?region=65", &whole)
	if whole.Total != len(whole.Rows) || whole.Total < 3 {
		t.Fatalf("region 65: total %d, %d rows; want ≥ 3, all on one page", whole.Total, len(whole.Rows))
	}
	var rows []index.CompareRow
	for offset := 0; offset < whole.Total; offset += 2 {
		var page index.Comparison
		f.getJSON(t, fmt.Sprintf("/api/compare?region=65&limit=2&offset=%d", offset), &page)
		if page.Total != whole.Total || page.Offset != offset || !reflect.DeepEqual(page.Totals, whole.Totals) {
			t.Errorf("offset %d: total %d, offset %d, totals %v; want %d, %d, %v", offset, page.Total, page.Offset, page.Totals, whole.Total, offset, whole.Totals)
		}
		rows = append(rows, page.Rows...)
	}
	if !reflect.DeepEqual(rows, whole.Rows) {
		t.Errorf("the pages' rows are not the whole comparison's")
	}
	f.get(t, "/api/compare?region=65&limit=0", http.StatusBadRequest)
	f.get(t, fmt.Sprintf("/api/compare?region=65&limit=%d", MaxCompareLimit+1), http.StatusBadRequest)
}

func TestAPIFindings(t *testing.T) {
	f := newFixture(t, testEntries(t))
	var res index.FindingResults
	f.getJSON(t, "/api/findings?limit=1000", &res)
	all := gongkai.Findings(f.entries)
	if len(res.Findings) != len(all) || res.Total != len(all) || res.All != len(all) {
		t.Errorf("%d findings (total %d, all %d), want %d", len(res.Findings), res.Total, res.All, len(all))
	}
	f.getJSON(t, "/api/findings?limit=2&offset=1", &res)
	if len(res.Findings) != 2 || res.Findings[0].Key != all[1].Key() || res.Total != len(all) {
		t.Errorf("limit=2 offset=1: %d findings from %s, want 2 from %s", len(res.Findings), res.Findings[0].Key, all[1].Key())
	}
	office := "&office=" + url.QueryEscape(indextest.Bodies[1].Office)
	find := func(path string) []index.ReviewedFinding {
		t.Helper()
		res = index.FindingResults{}
		f.getJSON(t, path, &res)
		return res.Findings
	}
	found := find("/api/findings?kind=missing" + office)
	if len(found) != 1 || found[0].Office != indextest.Bodies[1].Office || found[0].Year != 2021 {
		t.Errorf("missing: %+v, want %s 2021", found, indextest.Bodies[1].Office)
	}
	// The year filter keeps the finding: the missing year is seen against the others.
	if found := find("/api/findings?kind=missing&year=2021" + office); len(found) != 1 {
		t.Errorf("missing in 2021: %d findings, want 1", len(found))
	}
	found = find("/api/findings?kind=late&year=2022&office=" + url.QueryEscape(indextest.Bodies[0].Office))
	if len(found) != 1 || found[0].Detail != "2023-03-02" || found[0].Year != 2022 {
		t.Errorf("late: %+v", found)
	}
	resp, body := f.get(t, "/api/findings?format=csv&kind=late", http.StatusOK)
	if !strings.HasPrefix(string(body), export.BOM+"kind,") || !strings.Contains(string(body), "逾期发布") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("findings CSV (%s): %q", resp.Header.Get("Content-Type"), body)
	}
	for _, bad := range []string{"limit=0", "limit=1001", "offset=-1", "status=bogus", "sort=bogus"} {
		f.get(t, "/api/findings?"+bad, http.StatusBadRequest)
	}
}

// sheetRows opens an XLSX answer and reads the rows of one sheet.
func sheetRows(t *testing.T, body []byte, sheet string) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// A year's workbook lists the findings the index made of its reports over
// the whole collection: the copied narrative of 2022, which needs 2021's
// report, not in the export; and its reports' figures, on either backend.
func TestAPIExportFindingsOfYear(t *testing.T) {
	entries := indextest.AcrossEntries(t)
	for name, open := range backends(t, "gongkai-test-xlsx") {
		t.Run(name, func(t *testing.T) {
			f := newFixtureOn(t, open(), entries)
			_, body := f.get(t, "/api/export?format=xlsx&region=3208&year=2022", http.StatusOK)
			rows := sheetRows(t, body, export.SheetFindings)
			if !slices.ContainsFunc(rows, func(r []string) bool {
				return r[0] == gongkai.FindingCopied && r[2] == "淮安市洪泽区教育局" && r[3] == "2022"
			}) {
				t.Errorf("no copied finding of 2022 in the findings sheet: %v", rows)
			}
			rows = sheetRows(t, body, export.SheetReview)
			col := slices.Index(rows[0], "review_litigation.review.total")
			for _, e := range entries {
				if e.Report.Year == 2022 && e.Region == "320813" {
					if len(rows) != 3 || rows[2][0] != e.ID || rows[2][col] != export.Value(e.Report.Fact("review_litigation.review.total")) {
						t.Errorf("review sheet %v, want %s's row", rows, e.ID)
					}
				}
			}
		})
	}
}

func TestAPIExport(t *testing.T) {
	f := newFixture(t, testEntries(t))
	res, body := f.get(t, "/api/export?format=xlsx&region=3208", http.StatusOK)
	if !strings.Contains(res.Header.Get("Content-Disposition"), "gongkai.xlsx") {
		t.Errorf("Content-Disposition %q", res.Header.Get("Content-Disposition"))
	}
	rows := sheetRows(t, body, export.SheetReports)
	want := 0
	for _, e := range f.entries {
		if strings.HasPrefix(e.Region, "3208") {
			want++
		}
	}
	if len(rows) != want+2 {
		t.Errorf("%d report rows, want %d (after the header and the label row)", len(rows)-2, want)
	}
	for _, r := range rows[2:] {
		if !strings.HasPrefix(r[3], "3208") || r[4] != "洪泽区" {
			t.Errorf("exported %s of region %s", r[1], r[3])
		}
	}
	_, body = f.get(t, "/api/export?format=jsonl&year=2019", http.StatusOK)
	want = 0
	for _, e := range f.entries {
		if e.Report.Year == 2019 {
			want++
		}
	}
	if n := bytes.Count(body, []byte("\n")); n != want {
		t.Errorf("%d JSON lines for 2019, want %d", n, want)
	}
	f.get(t, "/api/export?format=pdf", http.StatusBadRequest)
}

func TestRaw(t *testing.T) {
	f := newFixture(t, testEntries(t))
	sha := f.entries[0].SHA256
	res, body := f.get(t, "/raw/"+sha, http.StatusOK)
	if res.Header.Get("Content-Security-Policy") != "sandbox" || !bytes.Equal(body, f.raw[sha]) {
		t.Errorf("raw: CSP %q, body %q", res.Header.Get("Content-Security-Policy"), body)
	}
	f.get(t, "/raw/..%2F..%2Fetc%2Fpasswd", http.StatusBadRequest)
	f.get(t, "/raw/"+strings.Repeat("f", 64), http.StatusNotFound)
}

func TestPages(t *testing.T) {
	f := newFixture(t, testEntries(t))
	var failing gongkai.Entry
	for _, e := range f.entries {
		if len(e.Report.FailedChecks()) > 0 {
			failing = e
			break
		}
	}
	_, body := f.get(t, "/reports/"+failing.ID, http.StatusOK)
	page := string(body)
	wrong := map[string]bool{}
	for _, c := range failing.Report.FailedChecks() {
		w, _ := wrongKeys(c, false)
		for _, k := range w {
			wrong[k] = true
		}
	}
	for _, c := range failing.Report.FailedChecks() {
		w, parts := wrongKeys(c, false)
		for _, k := range w {
			if !strings.Contains(page, `class="num fail" data-key="`+k+`"`) {
				t.Errorf("printed value %s of failed check %s not marked", k, c.ID)
			}
		}
		for _, k := range parts {
			if !wrong[k] && !strings.Contains(page, `class="num part" data-key="`+k+`"`) {
				t.Errorf("part %s of failed check %s not outlined", k, c.ID)
			}
		}
		if !strings.Contains(page, `data-check="`+c.ID+`"`) {
			t.Errorf("failed check %s not listed", c.ID)
		}
	}
	if n := strings.Count(page, `class="num fail"`); n != len(wrong) {
		t.Errorf("%d cells marked, want %d", n, len(wrong))
	}
	if !strings.Contains(page, `href="/raw/`+failing.SHA256+`"`) {
		t.Errorf("no link to the stored copy")
	}

	_, body = f.get(t, "/region?region=320813&year=2021", http.StatusOK)
	if !bytes.Contains(body, []byte("没有未发布")) && bytes.Contains(body, []byte(`<ul id="missing">`)) {
		t.Errorf("region 320813 lists a missing report in 2021; it has none")
	}
	_, body = f.get(t, "/region?region=6522&year=2021", http.StatusOK)
	missing := page[:0]
	if i := bytes.Index(body, []byte(`<ul id="missing">`)); i >= 0 {
		missing = string(body[i : i+bytes.Index(body[i:], []byte("</ul>"))])
	}
	if !strings.Contains(missing, indextest.Bodies[1].Office) || strings.Contains(missing, indextest.Bodies[0].Office) {
		t.Errorf("missing list %q, want only %s", missing, indextest.Bodies[1].Office)
	}
	_, body = f.get(t, "/region?region=6522&year=2022", http.StatusOK)
	if !bytes.Contains(body, []byte(`<ul id="late">`)) || !bytes.Contains(body, []byte("2023-03-02")) {
		t.Errorf("region 2022 does not list the late report")
	}
	f.get(t, "/body?office="+url.QueryEscape("没有这个机关"), http.StatusNotFound)
	f.get(t, "/body", http.StatusBadRequest)
	f.get(t, "/findings?kind=late", http.StatusOK)
}

// The report text is escaped wherever it is shown; the script and the
// handler never reach the page as markup.
func TestEscaping(t *testing.T) {
	f := newFixture(t, testEntries(t))
	evil := f.entries[len(f.entries)-1]
	for _, path := range []string{
		"/reports/" + evil.ID,
		"/?q=" + url.QueryEscape("依申请公开") + "&office=" + url.QueryEscape("恶意"),
		"/body?office=" + url.QueryEscape(evil.Report.Office),
		"/findings?office=" + url.QueryEscape("恶意"),
	} {
		_, body := f.get(t, path, http.StatusOK)
		page := string(body)
		if strings.Contains(page, "<script>window") || strings.Contains(page, "<img src=x") || strings.Contains(page, `href="javascript:`) {
			t.Errorf("%s: payload unescaped", path)
		}
		if !strings.Contains(page, "&lt;script&gt;window.pwned=1&lt;/script&gt;") {
			t.Errorf("%s: payload not shown as text", path)
		}
	}
}

// The one action that changes state needs the token; reading needs none.
func TestReindexNeedsToken(t *testing.T) {
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	runs := 0
	reindex := func(context.Context) (string, error) { runs++; return "indexed 3", nil }
	tests := []struct {
		name   string
		opts   Options
		method string
		auth   string
		status int
	}{
		{"no token configured", Options{Reindex: reindex}, http.MethodPost, "Bearer ", http.StatusForbidden},
		{"no store", Options{Token: "s3cret"}, http.MethodPost, "Bearer s3cret", http.StatusForbidden},
		{"no credentials", Options{Reindex: reindex, Token: "s3cret"}, http.MethodPost, "", http.StatusUnauthorized},
		{"wrong token", Options{Reindex: reindex, Token: "s3cret"}, http.MethodPost, "Bearer s3cre", http.StatusUnauthorized},
		{"basic auth", Options{Reindex: reindex, Token: "s3cret"}, http.MethodPost, "Basic s3cret", http.StatusUnauthorized},
		{"GET is not the action", Options{Reindex: reindex, Token: "s3cret"}, http.MethodGet, "Bearer s3cret", http.StatusMethodNotAllowed},
		{"right token", Options{Reindex: reindex, Token: "s3cret"}, http.MethodPost, "Bearer s3cret", http.StatusOK},
	}
	for _, tt := range tests {
		h, err := New(idx, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(tt.method, "/api/reindex", nil)
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Errorf("%s: status %d, want %d (%s)", tt.name, rec.Code, tt.status, rec.Body.String())
		}
	}
	if runs != 1 {
		t.Errorf("reindex ran %d times, want once (only with the right token)", runs)
	}
}

// Table 三 is laid out with its three label columns, as printed: the top
// rows span all three, 三、本年度办理结果 spans every result row.
func TestApplicationsLayout(t *testing.T) {
	entries := testEntries(t)
	f := newFixture(t, entries)
	e := entries[0]
	results := 0
	for _, ar := range gongkai.ApplicationRows {
		if strings.HasPrefix(ar.Group, "（") && e.Report.Fact(gongkai.Key(gongkai.TableApplications, ar.Row, "total")) != nil {
			results++
		}
	}
	_, body := f.get(t, "/reports/"+e.ID, http.StatusOK)
	page := string(body)
	for _, want := range []string{
		`<th colspan="3" rowspan="3" class="note">`,
		fmt.Sprintf(`<th rowspan="%d" class="group outer">三、本年度办理结果</th>`, results),
		`<th colspan="3" class="label">一、本年新收政府信息公开申请数量</th>`,
		`<th colspan="2" class="label">（七）总计</th>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report page lacks %s", want)
		}
	}
}

// backends opens a fresh index of each kind the test can reach: the
// embedded SQLite always, Elasticsearch when GONGKAI_ES_URL names one (an
// index named prefix and the time).
func backends(t *testing.T, prefix string) map[string]func() index.Index {
	out := map[string]func() index.Index{
		"sqlite": func() index.Index {
			idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
			if err != nil {
				t.Fatal(err)
			}
			return idx
		},
	}
	if es := os.Getenv("GONGKAI_ES_URL"); es != "" {
		out["elasticsearch"] = func() index.Index {
			idx, err := elastic.Open(context.Background(), es, fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()))
			if err != nil {
				t.Fatal(err)
			}
			return idx
		}
	}
	return out
}
