package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode"
)

// hasHan reports whether s holds Chinese.
func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// Every API error is {"error": "<Chinese>"} with the status that says what
// went wrong; a parameter the API cannot mean is 400, not a 200 that
// quietly ignores it.
func TestAPIErrors(t *testing.T) {
	f := newFixture(t, testEntries(t))
	for _, tt := range []struct {
		method, path string
		status       int
		names        string // the error names the wrong value
	}{
		{"GET", "/api/findings?kind=bogus", 400, "bogus"},
		{"GET", "/api/compare?key=foo.bar&region=6522", 400, "foo.bar"},
		{"GET", "/api/compare?region=6522&office=x", 400, "office"},
		{"GET", "/api/search?failed=yes", 400, "yes"},
		{"GET", "/api/search?level=planet", 400, "planet"},
		{"GET", "/api/search?template=1999", 400, "1999"},
		{"GET", "/api/search?year=20x", 400, "20x"},
		{"GET", "/api/search?offset=-1", 400, "-1"},
		{"GET", "/api/findings?limit=1001", 400, "1001"},
		{"GET", "/api/findings?offset=x", 400, "offset"},
		{"GET", "/api/export?format=pdf", 400, "pdf"},
		{"GET", "/api/reports/nope", 404, "nope"},
		{"GET", "/api/nothing", 404, "/api/nothing"},
		{"GET", "/api/", 404, "/api/"},
		{"POST", "/api/search", 405, "POST"},
		{"POST", "/api/reindex", 403, "令牌"},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, err := http.NewRequestWithContext(context.Background(), tt.method, f.srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want JSON: %s", ct, body)
			}
			var e struct{ Error string }
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if !hasHan(e.Error) || !strings.Contains(e.Error, tt.names) {
				t.Errorf("error %q: want Chinese naming %q", e.Error, tt.names)
			}
		})
	}
	// The values a form sends still work.
	for _, path := range []string{"/api/search?failed=1", "/api/search?failed=", "/api/findings?kind=late", "/api/compare?key=applications.new_received.total&region=6522"} {
		f.get(t, path, http.StatusOK)
	}
}

// The error pages speak Chinese and keep the search form, filled in with
// the request that failed, to correct it.
func TestErrorPages(t *testing.T) {
	f := newFixture(t, testEntries(t))
	for _, tt := range []struct {
		path   string
		status int
		says   string
	}{
		{"/no/such/page", 404, "没有这个页面"},
		{"/reports/nope", 404, "没有找到"},
		{"/?year=abc&q=%E5%A4%8D%E8%AE%AE", 400, "年度"},
		{"/findings?kind=bogus", 400, "bogus"},
		{"/body", 400, "office"},
		{"/raw/xyz", 400, "sha256"},
	} {
		_, body := f.get(t, tt.path, tt.status)
		page := string(body)
		if !strings.Contains(page, tt.says) {
			t.Errorf("%s: page lacks %q", tt.path, tt.says)
		}
		if !strings.Contains(page, `<form class="search"`) {
			t.Errorf("%s: no search form", tt.path)
		}
		for _, english := range []string{"not found", "404 page", "Bad Request", "want "} {
			if strings.Contains(page, english) {
				t.Errorf("%s: English %q on the page", tt.path, english)
			}
		}
	}
	_, body := f.get(t, "/?year=abc&q=%E5%A4%8D%E8%AE%AE", 400)
	if !strings.Contains(string(body), `value="复议"`) || !strings.Contains(string(body), `value="abc"`) {
		t.Errorf("the form does not keep the failed request's q and year")
	}
}
