package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/watch"
	"github.com/gongkai/gongkai/watch/atomtest"
)

// feedWatches are the watches of the feed tests.
var feedWatches = []watch.Watch{
	{Name: "哈密市核对未通过", Region: "哈密市", FailedChecks: true},
	{Name: "hongze", Region: "320813", Kinds: []string{gongkai.FindingCheck, gongkai.FindingMissing}},
}

// feedServer indexes the test reports up to 2022, checks the watches
// (the first check, which records), indexes the rest and checks again, and
// serves the result on loopback; it returns the server and the state.
func feedServer(t *testing.T) (*fixture, *watch.State) {
	t.Helper()
	ctx := context.Background()
	var before, after []gongkai.Entry
	for _, e := range testEntries(t) {
		if e.Report.Year <= 2022 {
			before = append(before, e)
		} else {
			after = append(after, e)
		}
	}
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	dir := t.TempDir()
	for i, batch := range [][]gongkai.Entry{before, after} {
		if err := idx.Put(ctx, batch...); err != nil {
			t.Fatal(err)
		}
		if _, err := watch.Check(ctx, idx, dir, feedWatches, time.Date(2026, 1, 5+i, 3, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	st, err := watch.ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(idx, Options{Feeds: func() (*watch.State, error) { return watch.ReadState(dir) }})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{idx: idx, srv: httptest.NewServer(h)}
	t.Cleanup(f.srv.Close)
	return f, st
}

// Each watch's feed is Atom with an entry per new match, linking to pages
// that exist; its ids are the same from another server over the same
// state; the feeds page lists the watches and every page links to it.
func TestFeeds(t *testing.T) {
	f, st := feedServer(t)
	other, _ := feedServer(t)
	for _, w := range feedWatches {
		seen := st.Watches[w.Name]
		if len(seen.Items) == 0 {
			t.Fatalf("%s: no new matches in the second check: the test checks nothing", w.Name)
		}
		path := "/feeds/" + url.PathEscape(w.Name) + ".xml"
		res, body := f.get(t, path, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
			t.Errorf("%s: Content-Type %s", path, ct)
		}
		feed := atomtest.Validate(t, body)
		if feed.ID != watch.FeedID(w.Name) || feed.Links["self"] != f.srv.URL+path || len(feed.Entries) != len(seen.Items) {
			t.Errorf("%s: id %s, self %s, %d entries; want %s, %s, %d", path, feed.ID, feed.Links["self"], len(feed.Entries),
				watch.FeedID(w.Name), f.srv.URL+path, len(seen.Items))
		}
		_, again := other.get(t, path, http.StatusOK)
		elsewhere := atomtest.Validate(t, again)
		for i, e := range feed.Entries {
			if e.ID != elsewhere.Entries[i].ID || e.ID != watch.EntryID(w.Name, seen.Items[i]) {
				t.Errorf("%s entry %d: id %s here, %s on another server, want %s", path, i, e.ID, elsewhere.Entries[i].ID, watch.EntryID(w.Name, seen.Items[i]))
			}
			link, ok := strings.CutPrefix(e.Links["alternate"], f.srv.URL)
			if !ok {
				t.Errorf("%s entry %d links to %s, not to this server", path, i, e.Links["alternate"])
				continue
			}
			f.get(t, link, http.StatusOK)
		}
	}

	_, page := f.get(t, "/feeds", http.StatusOK)
	for _, w := range feedWatches {
		if feed := `href="/feeds/` + url.PathEscape(w.Name) + `.xml"`; strings.Count(string(page), feed) != 2 { // the link and the head's alternate
			t.Errorf("feeds page: %s appears %d times, want twice", feed, strings.Count(string(page), feed))
		}
	}
	if _, home := f.get(t, "/", http.StatusOK); !strings.Contains(string(home), `<a href="/feeds">订阅</a>`) {
		t.Error("the search page does not link to the feeds")
	}
	for _, path := range []string{"/feeds/" + url.PathEscape("没有这个") + ".xml", "/feeds/hongze.json", "/feeds/hongze"} {
		f.get(t, path, http.StatusNotFound)
	}
}

// Without a data directory the feeds page says there is none.
func TestFeedsWithoutData(t *testing.T) {
	f := newFixture(t, testEntries(t)[:2])
	if _, page := f.get(t, "/feeds", http.StatusOK); !strings.Contains(string(page), "没有数据目录") {
		t.Errorf("feeds page without feeds:\n%s", page)
	}
	f.get(t, "/feeds/hongze.xml", http.StatusNotFound)
}

// The feeds page in a browser: reached from the navigation, a row per
// watch with its feed, and its latest matches linking to their reports.
func TestBrowserFeeds(t *testing.T) {
	ctx := browser(t)
	f, st := feedServer(t)
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/"), chromedp.Click(`header nav a[href="/feeds"]`, chromedp.NodeVisible), chromedp.WaitVisible(`#feeds`))
	rows := js[[]string](t, ctx, `Array.from(document.querySelectorAll("#feeds tbody tr")).map(r => r.dataset.watch)`)
	if len(rows) != len(feedWatches) {
		t.Fatalf("rows %v, want one per watch", rows)
	}
	for _, name := range rows {
		seen := st.Watches[name]
		recent := js[int](t, ctx, `document.querySelectorAll('#feeds tr[data-watch="`+name+`"] ul.recent li').length`)
		if recent != min(len(seen.Items), feedsRecent) {
			t.Errorf("%s: %d recent matches shown, want %d", name, recent, min(len(seen.Items), feedsRecent))
		}
	}
	screenshot(t, ctx, "feeds")
	do(t, ctx, chromedp.Click(`#feeds ul.recent a`, chromedp.NodeVisible), chromedp.WaitVisible(`h1`))
	if loc := js[string](t, ctx, `location.pathname`); !strings.HasPrefix(loc, "/reports/") {
		t.Errorf("a recent match led to %s, not a report page", loc)
	}
}
