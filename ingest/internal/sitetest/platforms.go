package sitetest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Replicas of the publishing platforms government sites run on, made from
// what public crawlers and saved pages show of them (see ingest/hanweb.go,
// ingest/gkmlpt.go). Each has a home page leading to its annual-report
// column, so `sources discover` can be tried on it too.

// pdfBody is the stand-in bytes of an attachment.
func pdfBody(name string, i int) []byte {
	return []byte(fmt.Sprintf("%%PDF-1.4\n%% %s report %d\n%%%%EOF\n", name, i))
}

// hexName is a download file name as the platforms make them: 32 hex digits.
func hexName(name string, i int) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", name, i)))
	return hex.EncodeToString(sum[:16])
}

// homePages serves a home page (titled with the body's name) linking to a
// 政务公开 portal, which links to the annual-report column at column.
func (s *Site) homePages(portal, column string) {
	o := s.Opts
	s.put("/", "text/html; charset=utf-8", []byte(fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/col/col1/index.html">新闻动态</a><a href="%s">政务公开</a><a href="/col/col3/index.html">互动交流</a></div>
<ul><li><a href="/art/2025/3/1/art_1_1.html">关于春季防火的通知</a></li></ul></body></html>`, o.Name, portal)))
	s.put(portal, "text/html; charset=utf-8", []byte(fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政务公开_%s</title></head><body>
<div class="menu"><a href="/">首页</a><a href="/col/col7/index.html">政府信息公开指南</a><a href="/col/col8/index.html">政府信息公开制度</a>
<a href="%s">政府信息公开年报</a><a href="/col/col9/index.html">法定主动公开内容</a></div></body></html>`, o.Name, column)))
}

// hanwebRecord is one record of a Hanweb column, as its templates write it.
func hanwebRecord(href, title, date string) string {
	return fmt.Sprintf(`<li><a href="%s" title="%s" target="_blank">%s</a><span class="bt-data-time">[%s]</span></li>`,
		href, html.EscapeString(title), html.EscapeString(title), date)
}

// HanwebOptions shape a Hanweb JCMS replica.
type HanwebOptions struct {
	Name      string
	Reports   int  // report articles (each with a downfile.jsp attachment), plus one report published as a bare PDF
	Notices   int  // other records of the column, not reports
	PerPage   int  // jpage perPage (default 4); groupSize is 2, so 8 records a group
	NoTotal   bool // the jpage call gives no totalRecord
	NextGroup bool // the form fields only in the datastore's <nextgroup> link, not in the jpage call
	GetPaging bool // an older template: no jpage call; dataproxy.jsp?page=N by GET from the <nextgroup> link, answers with <totalpage>
}

// Hanweb column identity, as in the page's jpage call.
const (
	hanwebColumn = "12345"
	hanwebUnit   = "54321"
	hanwebWebID  = "17"
	hanwebGroup  = 2
)

// NewHanweb starts a Hanweb JCMS (大汉) replica: the column
// /col/col12345/index.html holds its first group of records as CDATA in a
// <script type="text/xml"><datastore>, and its jpage({...}) call names the
// form that POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=
// needs for the rest (an answer to a wrong form is an empty datastore, to a
// GET a 405). Articles are /art/Y/M/D/art_12345_N.html; attachments
// /module/download/downfile.jsp?classid=0&filename=HEX.pdf.
func NewHanweb(t testing.TB, o HanwebOptions) *Site {
	t.Helper()
	if o.PerPage == 0 {
		o.PerPage = 4
	}
	s := newSite(t, Options{Name: o.Name}, "/col/col"+hanwebColumn+"/index.html")
	var records []string
	for i := 0; i < o.Reports+o.Notices+1; i++ {
		date := fmt.Sprintf("%d-01-%02d", 2026-i, 10+i%20)
		y, m, d := 2026-i, 1, 10+i%20
		switch {
		case i < o.Reports:
			title := fmt.Sprintf("%s%d年政府信息公开工作年度报告", o.Name, 2025-i)
			art := fmt.Sprintf("/art/%d/%d/%d/art_%s_%d.html", y, m, d, hanwebColumn, 9000+i)
			file := "/module/download/downfile.jsp?classid=0&filename=" + hexName(o.Name, i) + ".pdf"
			s.put(file, "application/octet-stream", pdfBody(o.Name, i))
			attach := fmt.Sprintf(`<p>附件：<a href="%s">%s.pdf</a></p>`, html.EscapeString(file), title)
			s.put(art, "text/html; charset=utf-8", []byte(reportPage(title, date, attach, Options{Name: o.Name})))
			s.Docs = append(s.Docs, Doc{Path: art, Title: title, Published: date, Kind: "report"},
				Doc{Path: file, Title: title + ".pdf", Published: date, Kind: "attachment"})
			records = append(records, hanwebRecord(art, title, date))
		case i == o.Reports:
			title := fmt.Sprintf("%s%d年度政府信息公开工作年报（PDF）", o.Name, 2025-i)
			file := "/module/download/downfile.jsp?classid=0&filename=" + hexName(o.Name, i) + ".pdf"
			s.put(file, "application/pdf", pdfBody(o.Name, i))
			s.Docs = append(s.Docs, Doc{Path: file, Title: title, Published: date, Kind: "attachment"})
			records = append(records, hanwebRecord(html.EscapeString(file), title, date))
		default:
			art := fmt.Sprintf("/art/%d/%d/%d/art_%s_%d.html", y, m, d, hanwebColumn, 9000+i)
			records = append(records, hanwebRecord(art, fmt.Sprintf("关于做好%d年度安全生产工作的通知", 2025-i), date))
		}
	}
	group := o.PerPage * hanwebGroup
	form := fmt.Sprintf("col=1&appid=1&webid=%s&path=/&columnid=%s&sourceContentType=1&unitid=%s&webname=%s&permissiontype=0",
		hanwebWebID, hanwebColumn, hanwebUnit, o.Name)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报_%s</title>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/jquery/jpage/jpage.js"></script></head><body>
<div class="bt-position"><a href="/">首页</a> &gt; <a href="/col/col2/index.html">政务公开</a> &gt; 政府信息公开年报</div>
<div class="bt-list" id="%s"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&%s"></a>]]></nextgroup>
<recordset>
`, o.Name, hanwebUnit, html.EscapeString(form))
	for _, r := range records[:min(group, len(records))] {
		fmt.Fprintf(&b, "<record><![CDATA[\n%s\n]]></record>\n", r)
	}
	b.WriteString("</recordset></datastore></script></div>\n")
	if o.GetPaging {
		b.WriteString("<div class=\"pagebar\"></div></body></html>\n")
	} else {
		hanwebJpage(&b, o, len(records))
	}
	s.put(s.StartPath, "text/html; charset=utf-8", []byte(b.String()))
	s.homePages("/col/col2/index.html", s.StartPath)
	s.Handle("/module/web/jpage/dataproxy.jsp", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		q := r.URL.Query()
		var start, end int
		switch {
		case o.GetPaging && r.Method == http.MethodGet:
			n, _ := strconv.Atoi(q.Get("page"))
			start, end = (n-1)*o.PerPage+1, n*o.PerPage
			if q.Get("columnid") != hanwebColumn || q.Get("unitid") != hanwebUnit || q.Get("webid") != hanwebWebID {
				start, end = 0, 0
			}
		case !o.GetPaging && r.Method == http.MethodPost:
			start, _ = strconv.Atoi(q.Get("startrecord"))
			end, _ = strconv.Atoi(q.Get("endrecord"))
			if r.PostForm.Get("columnid") != hanwebColumn || r.PostForm.Get("unitid") != hanwebUnit || r.PostForm.Get("webid") != hanwebWebID {
				start, end = 0, 0
			}
		default:
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		var rs []string
		if start >= 1 {
			rs = records[min(start-1, len(records)):min(max(end, 0), len(records))]
		}
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<datastore>\n<totalrecord>%d</totalrecord>\n<totalpage>%d</totalpage>\n<recordset>\n",
			len(records), (len(records)+o.PerPage-1)/o.PerPage)
		for _, rec := range rs {
			fmt.Fprintf(w, "<record><![CDATA[\n%s\n]]></record>\n", rec)
		}
		fmt.Fprint(w, "</recordset>\n</datastore>\n")
	})
	return s
}

// hanwebJpage writes a column page's jpage({...}) call.
func hanwebJpage(b *strings.Builder, o HanwebOptions, total int) {
	b.WriteString("<script>\n$(document).ready(function(){\n\t$('#" + hanwebUnit + "').jpage({\n")
	b.WriteString("\t\tdataStore: dataStore,\n\t\tproxyUrl:'/module/web/jpage/dataproxy.jsp',\n\t\tperPage:" + strconv.Itoa(o.PerPage) + ",\n\t\tgroupSize:" + strconv.Itoa(hanwebGroup) + ",\n")
	if !o.NoTotal {
		fmt.Fprintf(b, "\t\ttotalRecord:%d,\n", total)
	}
	b.WriteString("\t\tbarPosition:'bottom',\n\t\tpageBar:'<div class=\"pagebar\">{first}{prev}{next}{last}</div>',\n")
	if !o.NextGroup {
		fmt.Fprintf(b, "\t\tajaxParam:{col:1,appid:1,webid:%s,path:'/',columnid:%s,sourceContentType:1,unitid:'%s',webname:'%s',permissiontype:0},\n",
			hanwebWebID, hanwebColumn, hanwebUnit, o.Name)
	}
	b.WriteString("\t\tajaxType:'post'\n\t});\n});\n</script></body></html>\n")
}

// Gkmlpt identity: the site's SID and the annual-report category.
const (
	gkmlptSID = "755031"
	gkmlptCat = "2629"
)

// NewGkmlpt starts a replica of the provincial open-government catalogue
// platform (gkmlpt): /gkmlpt/annualreport is an empty page whose script
// reads SID from its config and the category from the fragment
// (#2629), and lists /gkmlpt/api/all/2629?page=N&sid=755031, which answers
// {"total": …, "articles": [{"id", "title", "url", "create_time", …}]},
// perPage articles a page (the real one gives 100). Article URLs carry the
// category as a fragment; each article has a PDF under /attachment/.
func NewGkmlpt(t testing.TB, name string, reports, perPage int) *Site {
	t.Helper()
	s := newSite(t, Options{Name: name}, "/gkmlpt/annualreport#"+gkmlptCat)
	type article struct {
		ID                 int    `json:"id"`
		Title              string `json:"title"`
		URL                string `json:"url"`
		CreateTime         int64  `json:"create_time"`
		DisplayPublishTime int64  `json:"display_publish_time"`
		Publisher          string `json:"publisher"`
	}
	var articles []article
	for i := 0; i < reports+2; i++ {
		pub := time.Date(2026-i, 1, 10+i%20, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
		date := pub.Format(time.DateOnly)
		id := 4800000 + i
		post := fmt.Sprintf("/gkmlpt/content/4/%d/post_%d.html", id/1000, id)
		title := fmt.Sprintf("%s%d年政府信息公开工作年度报告", name, 2025-i)
		if i >= reports {
			title = fmt.Sprintf("%s关于%d年度预算公开的说明", name, 2025-i)
		} else {
			file := fmt.Sprintf("/attachment/0/%d/%d/%d.pdf", id/10000, id/1000, id)
			s.put(file, "application/pdf", pdfBody(name, i))
			attach := fmt.Sprintf(`<div class="attachment"><a href="%s">%s.pdf</a></div>`, file, title)
			s.put(post, "text/html; charset=utf-8", []byte(reportPage(title, date, attach, Options{Name: name})))
			s.Docs = append(s.Docs, Doc{Path: post, Title: title, Published: date, Kind: "report"},
				Doc{Path: file, Title: title + ".pdf", Published: date, Kind: "attachment"})
		}
		articles = append(articles, article{ID: id, Title: title, URL: s.URL + post + "#" + gkmlptCat,
			CreateTime: pub.Unix(), DisplayPublishTime: pub.Unix(), Publisher: name})
	}
	for p := 0; p*perPage < len(articles); p++ {
		body, err := json.Marshal(map[string]any{
			"articles": articles[p*perPage : min(len(articles), (p+1)*perPage)],
			"total":    len(articles), "page": p + 1, "classify_main_name": "政府信息公开年报",
		})
		if err != nil {
			t.Fatal(err)
		}
		s.put(fmt.Sprintf("/gkmlpt/api/all/%s?page=%d&sid=%s", gkmlptCat, p+1, gkmlptSID), "application/json;charset=UTF-8", body)
	}
	s.put("/gkmlpt/annualreport", "text/html; charset=utf-8", []byte(fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8">
<title>政府信息公开年报 - %s</title>
<script>window._CONFIG = { SID: '%s', SITE_NAME: '%s', IS_SHOW_NAV: true };</script>
<link rel="stylesheet" href="/gkmlpt/static/css/app.css"></head>
<body><div id="app"></div><script src="/gkmlpt/static/js/app.js"></script></body></html>`, name, gkmlptSID, name)))
	s.homePages("/gkmlpt/index", s.StartPath)
	return s
}

// NewFramed starts a site whose column page shows its listing in an
// <iframe> (list.html), paged by a script function:
// goPage(n) sets location.href to list.html or list_(n-1).html, and the pager
// says 共N页.
func NewFramed(t testing.TB, name string, reports, perPage int) *Site {
	t.Helper()
	s := newSite(t, Options{Name: name}, "/xxgk/ndbg/index.html")
	s.put(s.StartPath, "text/html; charset=utf-8", []byte(fmt.Sprintf(`<html><head><meta charset="utf-8"><title>政府信息公开年报_%s</title></head>
<body><div class="nav"><a href="/">首页</a></div>
<iframe src="list.html" width="100%%" height="800" frameborder="0" scrolling="no"></iframe>
<iframe src="http://map.example.invalid/embed"></iframe></body></html>`, name)))
	pages := (reports + perPage - 1) / perPage
	for p := 0; p < pages; p++ {
		var b strings.Builder
		b.WriteString(`<html><head><meta charset="utf-8"><script>
function goPage(n) {
	if (n == 1) { location.href = "list.html"; }
	else { location.href = "list_" + (n - 1) + ".html"; }
}
</script></head><body><ul>` + "\n")
		for i := p * perPage; i < min(reports, (p+1)*perPage); i++ {
			date := fmt.Sprintf("%d-01-%02d", 2026-i, 10+i%20)
			title := fmt.Sprintf("%s%d年政府信息公开工作年度报告", name, 2025-i)
			path := fmt.Sprintf("/xxgk/ndbg/t%s_%d.html", strings.ReplaceAll(date, "-", ""), i)
			s.put(path, "text/html; charset=utf-8", []byte(reportPage(title, date, "", Options{Name: name})))
			s.Docs = append(s.Docs, Doc{Path: path, Title: title, Published: date, Kind: "report"})
			fmt.Fprintf(&b, "<li><a href=\"%s\" target=\"_top\">%s</a> %s</li>\n", path, title, date)
		}
		fmt.Fprintf(&b, `</ul><div class="page">共%d页 <a href="javascript:goPage(1)">首页</a>`, pages)
		if p+2 <= pages {
			fmt.Fprintf(&b, ` <a href="javascript:void(0)" onclick="goPage(%d)">下一页</a>`, p+2)
		}
		b.WriteString("</div></body></html>\n")
		path := "/xxgk/ndbg/list.html"
		if p > 0 {
			path = fmt.Sprintf("/xxgk/ndbg/list_%d.html", p)
		}
		s.put(path, "text/html; charset=utf-8", []byte(b.String()))
	}
	s.homePages("/xxgk/index.html", s.StartPath)
	return s
}

// NewScripted starts a site whose listing is written by script only: an
// empty <ul> that fetch('/api/ndbg?page=N') fills, with a 下一页 link to
// index.html?page=N+1. The page's script also tries to reach probe (a URL
// on another loopback address), which a guarded browser must not let it.
func NewScripted(t testing.TB, name string, reports, perPage int, probe string) *Site {
	t.Helper()
	s := newSite(t, Options{Name: name}, "/xxgk/ndbg/index.html")
	pages := (reports + perPage - 1) / perPage
	for p := 1; p <= pages; p++ {
		type item struct{ Title, URL, Date string }
		var items []item
		for i := (p - 1) * perPage; i < min(reports, p*perPage); i++ {
			date := fmt.Sprintf("%d-01-%02d", 2026-i, 10+i%20)
			title := fmt.Sprintf("%s%d年政府信息公开工作年度报告", name, 2025-i)
			path := fmt.Sprintf("/xxgk/ndbg/t%s_%d.html", strings.ReplaceAll(date, "-", ""), i)
			s.put(path, "text/html; charset=utf-8", []byte(reportPage(title, date, "", Options{Name: name})))
			s.Docs = append(s.Docs, Doc{Path: path, Title: title, Published: date, Kind: "report"})
			items = append(items, item{title, path, date})
		}
		body, _ := json.Marshal(map[string]any{"page": p, "pages": pages, "items": items})
		s.put(fmt.Sprintf("/api/ndbg?page=%d", p), "application/json", body)
	}
	s.put(s.StartPath, "text/html; charset=utf-8", []byte(fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报_%s</title></head>
<body><h2>政府信息公开年报</h2><ul id="list"></ul><div id="pager"></div>
<script>
var page = Number(new URLSearchParams(location.search).get("page") || 1);
fetch(%q).catch(function () {});
new Image().src = %q;
fetch("/api/ndbg?page=" + page).then(function (r) { return r.json(); }).then(function (d) {
	var ul = document.getElementById("list");
	d.items.forEach(function (it) {
		var li = document.createElement("li");
		li.innerHTML = '<a href="' + it.URL + '">' + it.Title + '</a><span>' + it.Date + '</span>';
		ul.appendChild(li);
	});
	if (d.page < d.pages) {
		document.getElementById("pager").innerHTML = '<a href="index.html?page=' + (d.page + 1) + '">下一页</a>';
	}
	document.body.setAttribute("data-ready", "1");
});
</script></body></html>`, name, probe+"/fetch", probe+"/pixel")))
	s.homePages("/xxgk/index.html", s.StartPath)
	return s
}

// Probe is a server that only counts the requests reaching it: where a
// page must not be able to make the crawler go.
type Probe struct {
	URL  string
	hits atomic.Int64
}

// Hits is how many requests reached the probe.
func (p *Probe) Hits() int64 { return p.hits.Load() }

// NewProbe starts a probe listening on addr (e.g. "127.0.0.2:0").
func NewProbe(t testing.TB, addr string) *Probe {
	t.Helper()
	p := &Probe{}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.hits.Add(1)
		w.Write([]byte("probe"))
	}), ReadHeaderTimeout: 5 * time.Second}
	ln, err := listen(addr)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	p.URL = "http://" + ln.Addr().String()
	return p
}

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }
