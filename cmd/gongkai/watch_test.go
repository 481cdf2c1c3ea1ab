package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/watch"
	"github.com/gongkai/gongkai/watch/atomtest"
)

// switchable serves whatever handler it holds now, so that a site can
// publish between two runs at the same address.
type switchable struct{ h atomic.Pointer[http.Handler] }

func (s *switchable) ServeHTTP(w http.ResponseWriter, r *http.Request) { (*s.h.Load()).ServeHTTP(w, r) }

// serveSwitchable serves each site of n on loopback through a switchable
// handler and returns the handlers and the sites' base URLs.
func serveSwitchable(t *testing.T, n *fixtures.Network) ([]*switchable, []string) {
	var hs []*switchable
	var urls []string
	for _, site := range n.Sites {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		s := &switchable{}
		h := site.Handler()
		s.h.Store(&h)
		srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		t.Cleanup(func() { srv.Close() })
		hs = append(hs, s)
		urls = append(urls, "http://"+ln.Addr().String())
	}
	return hs, urls
}

// The scheduled job with watches, on the fixture network: the first run
// records what each watch matches and lists nothing; then the 哈密 body
// publishes a 2026 report that fails its checks, and the 淮安 body one that
// does not; the second run lists exactly those as new, to the watches that
// match them, and the feed served by gongkai serve is valid Atom with
// exactly those entries, ids from what they are about; a third run finds
// nothing new and the feed keeps its entries and ids.
func TestRunWatches(t *testing.T) {
	t.Setenv("GONGKAI_ES_URL", "")
	network := fixtures.NewNetwork(6, 2019, 2025)
	handlers, urls := serveSwitchable(t, network)
	hami, huaian := network.Sites[0], network.Sites[1]
	if !strings.HasPrefix(hami.Region, "6522") || !strings.HasPrefix(huaian.Region, "3208") {
		t.Fatalf("sites 0 and 1 are in %s and %s, not 哈密市 and 淮安市", hami.Region, huaian.Region)
	}
	sources := writeFile(t, "sources.yaml", network.Sources(&fixtures.Served{URLs: urls})+`watches:
  - name: 哈密市核对未通过
    region: 哈密市
    failed_checks: true
    kinds: [check]
`)
	data := filepath.Join(t.TempDir(), "data")
	cli(t, "watch", "add", "淮安", "--data", data, "--region", "淮安市")

	brokenBefore := 0
	for _, r := range hami.Reports {
		if len(r.Spec.Broken) > 0 {
			brokenBefore++
		}
	}
	out := cli(t, "run", "--sources", sources, "--data", data, "--once")
	for _, want := range []string{
		fmt.Sprintf("监视「哈密市核对未通过」：首次检查，记下现有 %d 份报告", brokenBefore),
		fmt.Sprintf("监视「淮安」：首次检查，记下现有 %d 份报告", len(huaian.Reports)),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("first run lacks %q:\n%s", want, out)
		}
	}

	// The two bodies publish their 2026 reports.
	failing := fixtures.GenerateFor(7*300, 0, 2026) // a seed divisible by 7 breaks a figure
	passing := fixtures.GenerateFor(100+2026, 1, 2026)
	if len(failing.Broken) == 0 || len(passing.Broken) > 0 || failing.Office != hami.Name || passing.Office != huaian.Name {
		t.Fatalf("2026 reports: %s broken %v, %s broken %v", failing.Office, failing.Broken, passing.Office, passing.Broken)
	}
	for i, spec := range []*fixtures.Spec{failing, passing} {
		site := network.Sites[i]
		site.Reports = append([]*fixtures.SiteReport{{Spec: spec, Options: fixtures.Options{Layout: fixtures.HTMLGrid, Chrome: true}, Path: "/xxgk/ndbg/t2026.html"}}, site.Reports...)
		h := site.Handler()
		handlers[i].h.Store(&h)
	}
	newReport := func(i int) string {
		return gongkai.EntryID(network.Sites[i].Name, 2026, urls[i]+"/xxgk/ndbg/t2026.html")
	}
	// What the 哈密 watch must list: the failing report and each check it
	// fails, from the report the page was made from.
	want := []string{watch.EntryID("哈密市核对未通过", watch.Item{Report: &index.Hit{ID: newReport(0)}})}
	for _, id := range failing.Broken {
		f := gongkai.Finding{Kind: gongkai.FindingCheck, Office: hami.Name, Year: 2026, Check: id}
		want = append(want, watch.EntryID("哈密市核对未通过", watch.Item{Finding: &f}))
	}

	out = cli(t, "run", "--sources", sources, "--data", data, "--once")
	if line := fmt.Sprintf("监视「哈密市核对未通过」：新增 1 份报告，%d 条发现", len(failing.Broken)); !strings.Contains(out, line) {
		t.Errorf("second run lacks %q:\n%s", line, out)
	}
	if !strings.Contains(out, "监视「淮安」：新增 1 份报告") || !strings.Contains(out, "新报告  2026  "+huaian.Name) {
		t.Errorf("second run does not list 淮安's new report:\n%s", out)
	}

	addr := serveData(t, data)
	feedOf := func(name string) atomtest.Feed {
		t.Helper()
		body := httpGet(t, "http://"+addr+"/feeds/"+url.PathEscape(name)+".xml")
		return atomtest.Validate(t, body)
	}
	feed := feedOf("哈密市核对未通过")
	var ids []string
	for _, e := range feed.Entries {
		ids = append(ids, e.ID)
		if link := e.Links["alternate"]; link != "http://"+addr+"/reports/"+newReport(0) {
			t.Errorf("entry %q links to %s, want the new report's page", e.Title, link)
		}
	}
	if !sameSet(ids, want) {
		t.Errorf("哈密 feed entries %v, want %v", ids, want)
	}
	httpGet(t, "http://"+addr+"/reports/"+newReport(0))
	huaianFeed := feedOf("淮安")
	reports := 0
	for _, e := range huaianFeed.Entries {
		if e.Category == "report" {
			reports++
		}
		if !strings.Contains(e.Title, huaian.Name+" 2026年") {
			t.Errorf("淮安 feed lists %q, which did not arrive in the second run", e.Title)
		}
	}
	if reports != 1 {
		t.Errorf("淮安 feed: %d new reports, want 1", reports)
	}

	out = cli(t, "run", "--sources", sources, "--data", data, "--once")
	for _, name := range []string{"哈密市核对未通过", "淮安"} {
		if !strings.Contains(out, "监视「"+name+"」：无新增") {
			t.Errorf("third run, nothing published, lists something new to %s:\n%s", name, out)
		}
	}
	if again := feedOf("哈密市核对未通过"); len(again.Entries) != len(feed.Entries) || again.ID != feed.ID || !again.Updated.Equal(feed.Updated) {
		t.Errorf("after a run with nothing new the feed changed: %d entries, id %s, updated %v; was %d, %s, %v",
			len(again.Entries), again.ID, again.Updated, len(feed.Entries), feed.ID, feed.Updated)
	} else {
		for i := range again.Entries {
			if again.Entries[i].ID != feed.Entries[i].ID {
				t.Errorf("entry %d: id %s, was %s", i, again.Entries[i].ID, feed.Entries[i].ID)
			}
		}
	}

	list := cli(t, "watch", "list", "--data", data, "--sources", sources)
	for _, want := range []string{"哈密市核对未通过（sources 文件）：地区 哈密市；仅核对未通过；发现类别 核对未通过", "淮安（命令行添加）：地区 淮安市", "/feeds/"} {
		if !strings.Contains(list, want) {
			t.Errorf("watch list lacks %q:\n%s", want, list)
		}
	}
	cli(t, "watch", "rm", "淮安", "--data", data)
	if out := cli(t, "watch", "check", "--data", data, "--es", "", "--sources", sources); strings.Contains(out, "淮安") || !strings.Contains(out, "监视「哈密市核对未通过」：无新增") {
		t.Errorf("watch check after removing 淮安:\n%s", out)
	}
}

// serveData runs gongkai serve over a data directory until the test ends
// and returns the address it listens on.
func serveData(t *testing.T, data string) string {
	ctx, cancel := context.WithCancel(context.Background())
	out := &announced{addr: make(chan string, 1)}
	root := newRoot(out, io.Discard)
	root.SetArgs([]string{"serve", "--data", data, "--es", "", "--addr", "127.0.0.1:0"})
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case addr := <-out.addr:
		return addr
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	return ""
}

func httpGet(t *testing.T, u string) []byte {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", u, res.StatusCode, err, body)
	}
	return body
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// The watch commands' mistakes: each a clear error in Chinese with its exit
// status, nothing saved.
func TestWatchCommandErrors(t *testing.T) {
	data := t.TempDir()
	both := writeFile(t, "both.yaml", "sites:\n  - name: 甲\n    start: [http://a.example/]\nwatches:\n  - name: 已有\n")
	bad := writeFile(t, "bad.yaml", "sites:\n  - name: 甲\n    start: [http://a.example/]\nwatches:\n  - name: x\n    kinds: [lately]\n")
	cli(t, "watch", "add", "已有", "--data", data, "--year", "2024")
	for _, tt := range []struct {
		args   []string
		status int
		says   string
	}{
		{[]string{"watch", "add", "a b"}, 2, "只能用文字、数字、- 和 _"},
		{[]string{"watch", "add", "x", "--kind", "bogus"}, 2, `"bogus" 不是发现类别`},
		{[]string{"watch", "add", "x", "--year", "2025-2019"}, 2, "year \"2025-2019\" 无效"},
		{[]string{"watch", "add", "已有"}, 1, "已有名为 已有 的监视"},
		{[]string{"watch", "rm", "没有"}, 1, "没有名为 没有 的监视"},
		{[]string{"watch", "check", "--es", ""}, 1, "中没有索引 (index.db)：先运行 gongkai index"},
		{[]string{"watch", "check", "--es", "", "--sources", bad}, 1, bad + ":6:5: watch 1 (x): kinds 中的 \"lately\" 不是发现类别"},
		{[]string{"watch", "list", "--sources", both}, 1, "监视 已有 既在 " + both + " 中又由 gongkai watch add 添加"},
	} {
		var stdout, stderr bytes.Buffer
		args := append(tt.args, "--data", data)
		status := run(args, &stdout, &stderr)
		if status != tt.status || !strings.Contains(stdout.String()+stderr.String(), tt.says) {
			t.Errorf("gongkai %s: status %d, want %d saying %q:\n%s%s", strings.Join(args, " "), status, tt.status, tt.says, stdout.String(), stderr.String())
		}
	}
	if out := cli(t, "watch", "check", "--es", "", "--data", t.TempDir()); !strings.Contains(out, "没有监视") {
		t.Errorf("watch check with no watch:\n%s", out)
	}
	if list := cli(t, "watch", "list", "--data", data); strings.Count(list, "（命令行添加）") != 1 {
		t.Errorf("after the mistakes, watch list shows:\n%s", list)
	}
}

// A mistake in the sources file's watches stops a run before it crawls.
func TestRunChecksWatchesFirst(t *testing.T) {
	var hits atomic.Int32
	addr := serveLoopback(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	sources := writeFile(t, "sources.yaml", fmt.Sprintf("sites:\n  - name: 甲\n    start: [http://%s/]\n    allow_private: true\nwatches:\n  - name: x\n    year: 二〇二五\n", addr))
	var stdout, stderr bytes.Buffer
	status := run([]string{"run", "--sources", sources, "--data", t.TempDir(), "--es", ""}, &stdout, &stderr)
	if status != 1 || !strings.Contains(stderr.String(), sources+":7:5: watch 1 (x): year \"二〇二五\" 无效") || hits.Load() != 0 {
		t.Errorf("status %d, %d requests, want 1 and none:\n%s%s", status, hits.Load(), stdout.String(), stderr.String())
	}
}
