package ingest

import (
	"context"
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// FuzzSources feeds sources files to ParseSources. Whatever the YAML, it
// returns an error or sites the crawler can use as they are: a name, a
// finite positive rate, http(s) start pages on allowed hosts, a region of
// digits and a known level. A site that passes here is crawled unattended, so
// a NaN rate or a start host outside its allow list would be a real hole.
func FuzzSources(f *testing.F) {
	f.Add([]byte(`sites:
  - name: 哈密市伊州区东河街道办事处
    region: "650502"
    level: street
    start: [https://www.example.gov.cn/xxgk/zfxxgknb/]
    allow: [www.example.gov.cn, "cdn.example.gov.cn:8443"]
    rate: 0.5
`))
	f.Add([]byte("sites:\n  - name: x\n    start: [http://a/]\n    rate: .nan\n"))
	f.Add([]byte("sites:\n  - name: x\n    start: [\"http://[::1]:80/\"]\n    allow_private: true\n"))
	f.Add([]byte("sites: &a [*a]\n"))
	f.Add([]byte("sites:\n  - {name: 甲, start: [https://a.gov.cn/], region: 65x}\n  - name: 甲\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sites, err := ParseSources("fuzz.yaml", data)
		if err != nil {
			if sites != nil {
				t.Fatalf("sites returned with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if len(sites) == 0 {
			t.Fatal("no sites and no error")
		}
		names := map[string]bool{}
		for _, s := range sites {
			if strings.TrimSpace(s.Name) == "" || names[s.Name] {
				t.Fatalf("blank or repeated name %q", s.Name)
			}
			names[s.Name] = true
			if !(s.Rate > 0) || math.IsInf(s.Rate, 0) {
				t.Fatalf("%s: rate %v", s.Name, s.Rate)
			}
			if s.Region != "" && strings.Trim(s.Region, "0123456789") != "" {
				t.Fatalf("%s: region %q", s.Name, s.Region)
			}
			if s.Level != "" && !slices.Contains(Levels, s.Level) {
				t.Fatalf("%s: level %q", s.Name, s.Level)
			}
			if len(s.Start) == 0 || len(s.Allow) == 0 {
				t.Fatalf("%s: start %v allow %v", s.Name, s.Start, s.Allow)
			}
			for _, raw := range s.Start {
				u, err := url.Parse(raw)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					t.Fatalf("%s: start %q accepted", s.Name, raw)
				}
				if err := checkURL(&s, u); err != nil {
					t.Fatalf("%s: start %q refused by the crawler: %v", s.Name, raw, err)
				}
			}
		}
	})
}

// FuzzListing feeds listing pages to the link extraction and the platform
// adapters (Hanweb datastore and dataproxy answers, gkmlpt pages and API
// answers, frames, script pagers), as a column page, as dataproxy.jsp
// answers to a POST and to a GET, and as gkmlpt pages. Whatever the bytes: no panic, only
// http(s) links of a known kind, POST keys that split back into a URL and a
// form, and a bounded number of pages announced.
func FuzzListing(f *testing.F) {
	f.Add([]byte(`<div id="1"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&col=1&webid=2&columnid=3&unitid=4"></a>]]></nextgroup><recordset><record><![CDATA[<li><a href="/art/2025/1/2/art_3_9.html" title="2024年政府信息公开工作年度报告">x</a><span>2025-01-02</span></li>]]></record></recordset></datastore></script></div><script>$('#1').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp',perPage:15,totalRecord:99,ajaxParam:{col:1,appid:1,webid:2,path:'/',columnid:3,unitid:'4',webname:'某',permissiontype:0}});</script>`))
	f.Add([]byte(`<script>window._CONFIG = {SID: '755031'};</script><div id="app" data-x="gkmlpt"></div>`))
	f.Add([]byte(`{"total": 250, "articles": [{"title": "2023年度政府信息公开工作年报", "url": "/gkmlpt/content/1/2/post_3.html#9", "create_time": 1700000000}]}`))
	f.Add([]byte(`<iframe src="list.html"></iframe><script>function goPage(n){location.href="list_"+(n-1)+".html";}</script><a href="javascript:goPage(9)">9</a>共12页`))
	f.Add([]byte(`<a href="index_2.html">下一页</a><script>createPageHTML(7, 0, "index", "html");</script>`))
	bases := []string{
		"http://www.a.gov.cn/col/col3/index.html",
		postKey("http://www.a.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15", url.Values{"columnid": {"3"}, "webname": {"某 & 甲"}}),
		"http://www.a.gov.cn/module/web/jpage/dataproxy.jsp?page=1&columnid=3&unitid=4",
		"http://www.a.gov.cn/gkmlpt/annualreport#2629",
		"http://www.a.gov.cn/gkmlpt/api/all/2629?page=1&sid=755031",
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, raw := range bases {
			base, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			var p page
			if isGkmlptAPI(base) {
				p, err = gkmlptPage(base, data)
			} else {
				p, err = extract(context.Background(), base, string(data), KindListing)
			}
			if err != nil {
				continue
			}
			listings := 0
			for _, l := range p.links {
				target, form := splitPost(l.url)
				u, err := url.Parse(target)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					t.Fatalf("%s: link %q", raw, l.url)
				}
				if form != nil && postKey(target, form) != l.url {
					t.Fatalf("%s: POST key %q does not split back", raw, l.url)
				}
				switch l.kind {
				case KindListing:
					listings++
				case KindReport, KindAttachment:
				default:
					t.Fatalf("%s: link %q of kind %q", raw, l.url, l.kind)
				}
			}
			if listings > 4*maxScriptPages+len(data) {
				t.Fatalf("%s: %d listing pages announced by %d bytes", raw, listings, len(data))
			}
		}
	})
}
