package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/index/sqlite"
)

// formulaStart says whether a spreadsheet would read cell as a formula.
func formulaStart(cell string) bool {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return false
	}
	_, err := strconv.ParseFloat(cell, 64)
	return err != nil
}

// TestCSVFormulasNeutralised puts formulas into reports' own text (the
// office name) and checks that no cell of the findings CSV or the exports
// starts a formula, and that the text is still there, behind an apostrophe.
func TestCSVFormulasNeutralised(t *testing.T) {
	entries := testEntries(t)
	formulas := []string{`=HYPERLINK("http://evil.example/","点击")`, "+SUM(1,2)", "@SUM(1)", "-1+cmd|' /C calc'!A0", "\tTAB", "\rCR"}
	for i, f := range formulas {
		entries[i].Report.Office = f
		entries[i].Report.Published = "2099-12-31" // late: a finding names the office
	}
	fx := newFixture(t, entries)
	for _, path := range []string{"/api/findings?format=csv", "/api/export?format=csv", "/api/export?format=csv&long=1"} {
		_, body := fx.get(t, path, http.StatusOK)
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		seen := map[string]bool{}
		for _, row := range rows {
			for _, cell := range row {
				if formulaStart(cell) {
					t.Errorf("%s: cell %q starts a formula", path, cell)
				}
				seen[cell] = true
			}
		}
		for _, f := range formulas {
			if !seen["'"+f] {
				t.Errorf("%s: no cell %q", path, "'"+f)
			}
		}
	}
}

// TestOversizedQuery: a query past the bounds is a 400 with a reason in
// Chinese, for the API and the search page, and one within them is served.
func TestOversizedQuery(t *testing.T) {
	fx := newFixture(t, testEntries(t))
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("政府 ", n)) }
	tests := []struct {
		q      string
		status int
		reason string
	}{
		{words(MaxQueryTerms), http.StatusOK, ""},
		{words(MaxQueryTerms + 1), http.StatusBadRequest, "查询词过多"},
		{words(1000), http.StatusBadRequest, "查询"},
		{strings.Repeat("政", MaxQueryBytes/3+1), http.StatusBadRequest, "查询过长"},
	}
	for _, tt := range tests {
		for _, path := range []string{"/api/search?q=", "/?q="} {
			_, body := fx.get(t, path+url.QueryEscape(tt.q), tt.status)
			if !strings.Contains(string(body), tt.reason) {
				t.Errorf("%s (%d bytes): body lacks %q: %.200s", path, len(tt.q), tt.reason, body)
			}
		}
	}
}

// TestBackendErrorNotEchoed: when the index fails, the client gets a 500
// that says so in general terms, and the index's own message goes to the log.
func TestBackendErrorNotEchoed(t *testing.T) {
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	h, err := New(idx, Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	if err := idx.Put(context.Background(), testEntries(t)[:2]...); err != nil {
		t.Fatal(err)
	}
	idx.Close() // every later query fails inside the backend
	for _, path := range []string{"/api/search?q=x", "/api/reports/abc", "/?q=x"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		body.ReadFrom(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusInternalServerError || !strings.Contains(body.String(), errInternal) || strings.Contains(body.String(), "sql") {
			t.Errorf("%s: %d %.300s", path, res.StatusCode, body.String())
		}
	}
	if !strings.Contains(log.String(), "closed") {
		t.Errorf("log lacks the backend's error: %s", log.String())
	}
}

// TestHostileReportIDs asks the API for reports by IDs that would address
// other Elasticsearch endpoints if they reached its request path as they
// are: each is a 404, from the embedded index and, when GONGKAI_ES_URL is
// set, from Elasticsearch.
func TestHostileReportIDs(t *testing.T) {
	entries := testEntries(t)[:3]
	for name, open := range backends(t, "gongkai-test-web-ids") {
		t.Run(name, func(t *testing.T) {
			idx := open()
			defer idx.Close()
			if err := idx.Put(context.Background(), entries...); err != nil {
				t.Fatal(err)
			}
			h, err := New(idx, Options{})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			for _, id := range []string{"..%2F..%2F_cat%2Findices", "..%2F_search", "%2E%2E", entries[0].ID + "%3Fpretty", "_cat%2Findices%3Fv"} {
				res, err := http.Get(srv.URL + "/api/reports/" + id)
				if err != nil {
					t.Fatal(err)
				}
				var body bytes.Buffer
				body.ReadFrom(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusNotFound || strings.Contains(body.String(), "gongkai-") {
					t.Errorf("%s: %d %.200s", id, res.StatusCode, body.String())
				}
			}
			var e struct{ ID string }
			res, err := http.Get(srv.URL + "/api/reports/" + entries[1].ID)
			if err != nil {
				t.Fatal(err)
			}
			json.NewDecoder(res.Body).Decode(&e)
			res.Body.Close()
			if e.ID != entries[1].ID {
				t.Errorf("a stored report: got %q", e.ID)
			}
		})
	}
}
