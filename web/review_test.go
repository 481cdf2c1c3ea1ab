package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// reviewServer serves the fixture's index with a token.
func reviewServer(t *testing.T, f *fixture, token string) *httptest.Server {
	t.Helper()
	h, err := New(f.idx, Options{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func postReview(t *testing.T, base, auth string, body any) (int, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/reviews", bytes.NewReader(b))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

// A review needs the token; it is stored by the finding's key, shows in
// the filters and the exports, and survives putting the reports again.
func TestReviewAPI(t *testing.T) {
	f := newFixture(t, testEntries(t))
	all := gongkai.Findings(f.entries)
	key := all[0].Key()
	readOnly := reviewServer(t, f, "")
	srv := reviewServer(t, f, "s3cret")
	good := map[string]string{"key": key, "status": "排除", "note": "附件与正文重复，已核实", "by": "审计甲"}
	for _, tt := range []struct {
		name, base, auth string
		body             any
		want             int
	}{
		{"no token configured", readOnly.URL, "Bearer s3cret", good, http.StatusForbidden},
		{"no credentials", srv.URL, "", good, http.StatusUnauthorized},
		{"wrong token", srv.URL, "Bearer s3cre", good, http.StatusUnauthorized},
		{"unknown status", srv.URL, "Bearer s3cret", map[string]string{"key": key, "status": "maybe", "by": "x"}, http.StatusBadRequest},
		{"no reviewer", srv.URL, "Bearer s3cret", map[string]string{"key": key, "status": "确认"}, http.StatusBadRequest},
		{"no such finding", srv.URL, "Bearer s3cret", map[string]string{"key": "check|无此机关|2020|x", "status": "确认", "by": "x"}, http.StatusNotFound},
		{"not JSON", srv.URL, "Bearer s3cret", "key=1", http.StatusBadRequest},
		{"right token", srv.URL, "Bearer s3cret", good, http.StatusOK},
	} {
		if got, body := postReview(t, tt.base, tt.auth, tt.body); got != tt.want {
			t.Errorf("%s: status %d, want %d: %s", tt.name, got, tt.want, body)
		}
	}
	check := func(when string) {
		t.Helper()
		var res index.FindingResults
		f.getJSON(t, "/api/findings?status=dismissed&limit=1000", &res)
		if res.Total != countKey(all, key) || res.Findings[0].Review == nil || res.Findings[0].Review.By != "审计甲" {
			t.Fatalf("%s: status=dismissed: %d findings (%+v), want %d with the review", when, res.Total, res.Findings, countKey(all, key))
		}
		f.getJSON(t, "/api/findings?status=open&limit=1000", &res)
		if res.All != len(all)-countKey(all, key) {
			t.Errorf("%s: %d open findings, want %d", when, res.All, len(all)-countKey(all, key))
		}
		_, csv := f.get(t, "/api/findings?format=csv&status=dismissed", http.StatusOK)
		if !strings.Contains(string(csv), ",dismissed,排除,审计甲,") || !strings.Contains(string(csv), "附件与正文重复") {
			t.Errorf("%s: the findings CSV lacks the review: %s", when, csv)
		}
	}
	check("reviewed")
	if err := f.idx.Put(context.Background(), f.entries...); err != nil {
		t.Fatal(err)
	}
	check("after reindexing")
	if got, body := postReview(t, srv.URL, "Bearer s3cret", map[string]string{"key": key, "status": ""}); got != http.StatusOK {
		t.Fatalf("removing the review: %d %s", got, body)
	}
	var res index.FindingResults
	f.getJSON(t, "/api/findings?status=unreviewed", &res)
	if res.All != len(all) {
		t.Errorf("after removing the review, %d unreviewed, want %d", res.All, len(all))
	}
}

func countKey(found []gongkai.Finding, key string) int {
	n := 0
	for _, f := range found {
		if f.Key() == key {
			n++
		}
	}
	return n
}

// Beyond the concurrency limit a request waits QueueWait for a turn, then
// is told 503 with Retry-After; static files are not limited.
func TestBusy(t *testing.T) {
	f := newFixture(t, testEntries(t)[:3])
	h, err := New(f.idx, Options{MaxConcurrent: 2})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	h.turns <- struct{}{}
	h.turns <- struct{}{} // both turns taken
	res, err := http.Get(srv.URL + "/findings")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "繁忙") {
		t.Errorf("busy: %d, Retry-After %q, %s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	if res, err := http.Get(srv.URL + "/static/style.css"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("static while busy: %v %v", res, err)
	}
	<-h.turns
	if res, err := http.Get(srv.URL + "/findings"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("with a turn free: %v %v", res, err)
	}
}

// In a browser: without the token the findings page only reads; after
// logging in with it, a person marks a finding 确认 with a note, and the
// page then shows the verdict, the reviewer and the note, and the filter
// for confirmed findings lists it.
func TestBrowserReview(t *testing.T) {
	f := newFixture(t, testEntries(t))
	srv := reviewServer(t, f, "s3cret")
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(srv.URL+"/findings"), chromedp.WaitVisible(`#findings`))
	if n := js[int](t, ctx, `document.querySelectorAll("form.review-form").length`); n != 0 {
		t.Fatalf("%d review forms before logging in: the page must be read-only", n)
	}
	key := js[string](t, ctx, `document.querySelector("#findings tbody tr").dataset.key`)
	do(t, ctx, chromedp.Click(`#login-link`, chromedp.NodeVisible), chromedp.WaitVisible(`#token`))
	do(t, ctx, chromedp.SendKeys(`#token`, "s3cret"), chromedp.Click(`#login`), chromedp.WaitVisible(`form.review-form`))
	row := `#findings tbody tr[data-key="` + key + `"]`
	do(t, ctx,
		chromedp.SetValue(row+` form.review-form select[name=status]`, gongkai.ReviewConfirmed),
		chromedp.SendKeys(row+` form.review-form input[name=note]`, "已向该机关核实"),
		chromedp.SendKeys(row+` form.review-form input[name=by]`, "审计乙"),
		chromedp.Click(row+` form.review-form button`),
		chromedp.WaitVisible(row+` span.status.confirmed`),
	)
	cell := get(t, ctx, chromedp.Text(row+` td.review`))
	for _, want := range []string{"确认", "审计乙", "已向该机关核实"} {
		if !strings.Contains(cell, want) {
			t.Errorf("review cell %q lacks %q", cell, want)
		}
	}
	screenshot(t, ctx, "findings-review")
	do(t, ctx, chromedp.Navigate(srv.URL+"/findings?status=confirmed"), chromedp.WaitVisible(`#findings`))
	if keys := js[[]string](t, ctx, `[...document.querySelectorAll("#findings tbody tr")].map(r => r.dataset.key)`); len(keys) == 0 || keys[0] != key {
		t.Errorf("status=confirmed lists %v, want %s", keys, key)
	}
	var res index.FindingResults
	f.getJSON(t, "/api/findings?status=confirmed&key="+url.QueryEscape(key), &res)
	if res.Total == 0 || res.Findings[0].Review.Note != "已向该机关核实" {
		t.Errorf("the index holds %+v", res.Findings)
	}
}

// The review form acts only for a browser logged in with the token, and
// only when the post comes from this site.
func TestReviewFormOrigin(t *testing.T) {
	f := newFixture(t, testEntries(t))
	srv := reviewServer(t, f, "s3cret")
	key := gongkai.Findings(f.entries)[0].Key()
	form := url.Values{"key": {key}, "status": {gongkai.ReviewFixed}, "by": {"审计丁"}, "back": {"//evil.example/x"}}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range []struct {
		name, cookie, site string
		want               int
	}{
		{"no session", "", "same-origin", http.StatusForbidden},
		{"a made-up session", "s3cret", "same-origin", http.StatusForbidden},
		{"from another site", sessionValue("s3cret"), "cross-site", http.StatusForbidden},
		{"from this site", sessionValue("s3cret"), "same-origin", http.StatusSeeOther},
	} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/findings/review", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", tt.site)
		if tt.cookie != "" {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tt.cookie})
		}
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, res.StatusCode, tt.want)
		}
		if tt.want == http.StatusSeeOther && res.Header.Get("Location") != "/findings" {
			t.Errorf("%s: back to %q, want /findings (never another site)", tt.name, res.Header.Get("Location"))
		}
	}
	var res index.FindingResults
	f.getJSON(t, "/api/findings?status=fixed", &res)
	if res.All != countKey(gongkai.Findings(f.entries), key) {
		t.Errorf("%d fixed findings after one accepted post, want %d", res.All, countKey(gongkai.Findings(f.entries), key))
	}
}
