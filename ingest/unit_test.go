package ingest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestHostAllowed(t *testing.T) {
	allow := []string{"www.a.gov.cn", "127.0.0.1:8080"}
	for host, want := range map[string]bool{
		"www.a.gov.cn": true, "WWW.A.GOV.CN:443": true, "127.0.0.1:8080": true,
		"127.0.0.1:8081": false, "a.gov.cn": false, "www.a.gov.cn.evil.com": false,
	} {
		if got := hostAllowed(allow, host); got != want {
			t.Errorf("hostAllowed(%s) = %v, want %v", host, got, want)
		}
	}
}

func TestPublicIP(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "2001:4860:4860::8888": true, "202.108.22.5": true,
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "0.0.0.0": false, "100.64.0.1": false, "::1": false,
		"fe80::1": false, "fc00::1": false, "::ffff:127.0.0.1": false, "224.0.0.1": false,
	} {
		if got := publicIP(netip.MustParseAddr(addr)); got != want {
			t.Errorf("publicIP(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"": 0, "3": 3 * time.Second, "junk": 0, "-1": 0,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
	} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", v, got, want)
		}
	}
}

func TestDecodeHTML(t *testing.T) {
	page := "<html><body><a href=t1.html>东河街道2024年政府信息公开工作年度报告</a></body></html>"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(page)
	for _, tt := range []struct {
		name, data, contentType, charset string
	}{
		{"utf-8 undeclared", page, "", "utf-8"},
		{"gbk undeclared", gbk, "", "gb18030"},
		{"gbk in the header", gbk, "text/html; charset=GBK", "gbk"},
		{"gb2312 in a meta tag", `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` + gbk, "text/html", "gbk"},
	} {
		text, cs, err := decodeHTML([]byte(tt.data), tt.contentType)
		if err != nil || cs != tt.charset || !strings.Contains(text, "东河街道2024年") {
			t.Errorf("%s: charset %q err %v text %.60q", tt.name, cs, err, text)
		}
	}
}

func TestExtract(t *testing.T) {
	base, _ := url.Parse("http://www.a.gov.cn/xxgk/ndbg/index_1.html")
	listing := `<html><body>
<a href="/">首页</a><a href="../tz.html">关于2024年安全检查的通知</a>
<li><a href="./t1.html" title="东河街道2024年政府信息公开工作年度报告">东河街道2024年政府信息…</a><span>2025-01-20</span></li>
<li><a href="t2.html">2023年度政务公开年报</a> 发布时间：2024年1月9日</li>
<li><a href="files/nb2022.pdf">东河街道2022年年度报告（PDF）</a></li>
<a href="index_2.html">下一页</a><a href="index.html">1</a><a href="/other/index_3.html">3</a>
<script>createPageHTML(3, 1, "index", "html");</script></body></html>`
	p, err := extract(context.Background(), base, listing, KindListing)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]link{}
	for _, l := range p.links {
		got[strings.TrimPrefix(l.url, "http://www.a.gov.cn/xxgk/ndbg/")] = l
	}
	want := map[string]link{
		"t1.html":          {kind: KindReport, title: "东河街道2024年政府信息公开工作年度报告", published: "2025-01-20"},
		"t2.html":          {kind: KindReport, title: "2023年度政务公开年报", published: "2024-01-09"},
		"files/nb2022.pdf": {kind: KindAttachment, title: "东河街道2022年年度报告（PDF）"},
		"index.html":       {kind: KindListing},
		"index_1.html":     {kind: KindListing}, // the page itself, from the scripted pager
		"index_2.html":     {kind: KindListing},
	}
	if len(got) != len(want) { // and not the notice, the home page or the other directory
		t.Errorf("links %v, want %d", got, len(want))
	}
	for u, w := range want {
		g, ok := got[u]
		w.url = g.url
		if !ok || g != w {
			t.Errorf("%s: got %+v, want %+v", u, g, w)
		}
	}

	report := `<html><head><meta name="ArticleTitle" content="东河街道2024年政府信息公开工作年度报告"><title>东河街道门户</title></head>
<body><p>发布日期：2025年01月20日</p><table><tr><td>1</td></tr></table>
<p>附件：<a href="/u/cms/P0200.pdf">1.东河街道2024年报告.pdf</a> <a href="/dl.jsp?file=nb.docx">下载</a> <a href="/x.html">返回</a></p></body></html>`
	base, _ = url.Parse("http://www.a.gov.cn/xxgk/ndbg/t1.html")
	p, err = extract(context.Background(), base, report, KindReport)
	if err != nil {
		t.Fatal(err)
	}
	if p.title != "东河街道2024年政府信息公开工作年度报告" || p.published != "2025-01-20" || p.htmlTitle != "东河街道门户" {
		t.Errorf("report meta: %+v", p)
	}
	if len(p.links) != 2 || p.links[0].url != "http://www.a.gov.cn/u/cms/P0200.pdf" || p.links[0].title != "东河街道2024年报告.pdf" ||
		p.links[1].url != "http://www.a.gov.cn/dl.jsp?file=nb.docx" || p.links[1].kind != KindAttachment {
		t.Errorf("attachments: %+v", p.links)
	}
}

func TestSchedules(t *testing.T) {
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.Local)
	e, err := Every(24 * time.Hour)
	if err != nil || !e.Next(at).Equal(at.Add(24*time.Hour)) {
		t.Errorf("every 24h: %v %v", e, err)
	}
	c, err := Cron("0 3 * * *")
	if err != nil || !c.Next(at).Equal(time.Date(2026, 1, 6, 3, 0, 0, 0, time.Local)) {
		t.Errorf("cron 0 3 * * *: %v", err)
	}
	if _, err := Cron("61 * * * *"); err == nil {
		t.Error("bad cron expression accepted")
	}
	if _, err := Every(0); err == nil {
		t.Error("every 0 accepted")
	}
}

func TestStoreRead(t *testing.T) {
	st := openStore(t, t.TempDir())
	sum, err := st.putBlob([]byte("%PDF-1.4 x"))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := st.Read(sum); err != nil || string(b) != "%PDF-1.4 x" {
		t.Errorf("read back: %q %v", b, err)
	}
	for _, bad := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("0", 63) + "/"} {
		if _, err := st.Read(bad); err == nil || !strings.Contains(err.Error(), "not a sha256") {
			t.Errorf("Read(%q): %v", bad, err)
		}
	}
}

// TestScriptPager reads the pagers sites write in script.
func TestScriptPager(t *testing.T) {
	base, _ := url.Parse("http://www.a.gov.cn/xxgk/ndbg/list.html")
	tests := []struct {
		name, html string
		want       []string // paths, in order
	}{
		{"location literal", `<button onclick="location.href='list_1.html'">下一页</button>`, []string{"/xxgk/ndbg/list_1.html"}},
		{"goPage with offset", `<script>function goPage(p){ window.location.href = "list_" + (p - 1) + ".html"; }</script><a href="javascript:goPage(3)">尾页</a>`,
			[]string{"/xxgk/ndbg/list_1.html", "/xxgk/ndbg/list_2.html"}},
		{"query parameter and 共N页", `<script>function toPage(n) { location = "list.html?page=" + n; }</script>共3页`,
			[]string{"/xxgk/ndbg/list.html?page=1", "/xxgk/ndbg/list.html?page=2", "/xxgk/ndbg/list.html?page=3"}},
		{"another directory is no pager", `<script>location.href='/news/list_2.html'</script>`, nil},
		{"a function that does not navigate", `<script>function show(n){ alert(n); }</script><a onclick="show(5)">5</a>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range scriptPager(context.Background(), base, tt.html) {
				u, _ := url.Parse(l.url)
				got = append(got, u.RequestURI())
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestJpageConfigs reads the jpage calls of Hanweb column pages.
func TestJpageConfigs(t *testing.T) {
	base, _ := url.Parse("http://www.a.gov.cn/col/col12345/index.html")
	tests := []struct {
		name, html string
		inline     int
		want       []string // dataproxy keys
	}{
		{"ajaxParam and total", `$('#1').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp',perPage:10,groupSize:2,totalRecord:45,ajaxParam:{col:1,webid:3,path:'/',columnid:12345,unitid:'9',webname:'某局',permissiontype:0}})`, 20,
			[]string{"startrecord=21&endrecord=40&perpage=10#post:col=1&columnid=12345&path=%2F&permissiontype=0&unitid=9&webid=3&webname=%E6%9F%90%E5%B1%80",
				"startrecord=41&endrecord=60&perpage=10#post:col=1&columnid=12345&path=%2F&permissiontype=0&unitid=9&webid=3&webname=%E6%9F%90%E5%B1%80"}},
		{"form from nextgroup, no total", `<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&amp;webid=3&amp;columnid=12345&amp;unitid=9"></a>]]></nextgroup><script>$('#9').jpage({perPage:15})</script>`, 45,
			[]string{"startrecord=46&endrecord=90&perpage=15#post:columnid=12345&unitid=9&webid=3"}},
		{"everything inline", `$('#1').jpage({totalRecord:12,ajaxParam:{columnid:1}})`, 12, nil},
		{"a jpage of no column", `$('#1').jpage({perPage:5})`, 0, nil},
		{"two units, each its own inline records", `<div id="7"><script type="text/xml"><datastore><recordset>` +
			`<record><![CDATA[a]]></record><record><![CDATA[b]]></record></recordset></datastore></script></div>` +
			`<div id="8"><script type="text/xml"><datastore><recordset><record><![CDATA[c]]></record></recordset></datastore></script></div>` +
			`<script>$('#7').jpage({perPage:2,groupSize:1,totalRecord:3,ajaxParam:{columnid:70}});` +
			`$('#8').jpage({perPage:1,groupSize:1,totalRecord:2,ajaxParam:{columnid:80}});</script>`, -1,
			[]string{"startrecord=3&endrecord=4&perpage=2#post:columnid=70", "startrecord=2&endrecord=2&perpage=1#post:columnid=80"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, cfg := range jpageConfigs(tt.html) {
				if tt.inline >= 0 {
					cfg.inline = tt.inline
				}
				for _, l := range cfg.requests(base) {
					got = append(got, strings.TrimPrefix(l.url, "http://www.a.gov.cn/module/web/jpage/dataproxy.jsp?"))
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestIsUnreachable tells a host that is not there (its name unknown, no
// server listening) from one that answered badly.
func TestIsUnreachable(t *testing.T) {
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "http://x.gov.cn/robots.txt", Err: err} }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"unknown name", wrap(&net.DNSError{Err: "no such host", Name: "x.gov.cn", IsNotFound: true}), true},
		{"connection refused", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), true},
		{"reset while reading", wrap(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), false},
		{"timeout", wrap(context.DeadlineExceeded), false},
	}
	for _, tt := range tests {
		if got := isUnreachable(fmt.Errorf("try 1: %w", tt.err)); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
