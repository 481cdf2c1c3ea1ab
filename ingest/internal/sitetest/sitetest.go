// Package sitetest serves fixture government sites on loopback for the
// crawler's tests: paginated report listings (UTF-8 or GBK), report pages with
// a table and sometimes a PDF attachment, robots.txt rules, conditional GET,
// and hooks for faults. Every request is recorded with its time and headers,
// so tests can assert on what the server saw.
package sitetest

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Options shape one fixture site.
type Options struct {
	Name       string // the publishing body
	Reports    int    // report pages
	PerPage    int    // reports per listing page (default 4)
	PDFEvery   int    // every PDFEvery-th report has a PDF attachment (0: none)
	GBK        bool   // listing and report pages in GBK
	Declare    bool   // with GBK: declare the charset in a <meta> tag (else only in the HTTP header)
	Robots     bool   // robots.txt disallows /private/ (where one more report is listed)
	CrawlDelay string // robots.txt Crawl-delay in seconds, "" for none
	Pager      string // "next" (下一页 only), "numbers" (page numbers) or "script" (createPageHTML)
	NoMeta     bool   // report pages give their date only in a 发布日期 line
	Images     bool   // report pages show their table as a PNG too (and the site's logo)
}

// Request is one request as the server saw it.
type Request struct {
	Path   string // with the query
	Time   time.Time
	Header http.Header
	Status int
}

// Doc is one document the site serves that the crawler should store.
type Doc struct {
	Path, Title, Published string
	Kind                   string // "report" or "attachment"
}

// Site is a running fixture site.
type Site struct {
	Opts Options
	URL  string // http://127.0.0.1:port
	// StartPath is the listing the crawl starts from, with a fragment
	// when the platform's script reads one (gkmlpt's category).
	StartPath string
	Docs      []Doc // reports and attachments a crawl should store (not the disallowed one)
	// Images maps a report page's path to the paths of the content images it
	// shows, in order (with Options.Images).
	Images map[string][]string

	mu       sync.Mutex
	bodies   map[string][]byte
	types    map[string]string
	gone     map[string]bool
	handlers map[string]http.HandlerFunc
	requests []Request
}

// lastModified is the Last-Modified every document claims.
var lastModified = time.Date(2025, 1, 20, 8, 0, 0, 0, time.UTC).Format(http.TimeFormat)

// New starts a fixture site; it stops when the test ends.
func New(t testing.TB, o Options) *Site {
	t.Helper()
	if o.PerPage == 0 {
		o.PerPage = 4
	}
	if o.Pager == "" {
		o.Pager = "next"
	}
	s := newSite(t, o, "/xxgk/ndbg/index.html")
	s.build()
	return s
}

// newSite starts an empty site whose listing starts at startPath.
func newSite(t testing.TB, o Options, startPath string) *Site {
	s := &Site{Opts: o, StartPath: startPath, bodies: map[string][]byte{}, types: map[string]string{}, gone: map[string]bool{}, handlers: map[string]http.HandlerFunc{}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Start is the site's first listing page.
func (s *Site) Start() string { return s.URL + s.StartPath }

// put serves body at path (with its query, when documents differ by query
// alone, as behind a download script).
func (s *Site) put(path, contentType string, body []byte) {
	s.bodies[path] = body
	s.types[path] = contentType
}

// Title is the title of report i.
func (s *Site) Title(i int) string {
	return fmt.Sprintf("%s%d年政府信息公开工作年度报告", s.Opts.Name, 2025-i)
}

func (s *Site) build() {
	o := s.Opts
	charsetType := "text/html; charset=utf-8"
	if o.GBK {
		charsetType = "text/html; charset=GBK"
		if o.Declare {
			charsetType = "text/html"
		}
	}
	type item struct{ href, title, date string }
	var items []item
	for i := 0; i < o.Reports; i++ {
		date := fmt.Sprintf("%d-01-%02d", 2026-i, 10+i%20)
		path := fmt.Sprintf("/xxgk/ndbg/t%s_%d.html", strings.ReplaceAll(date, "-", ""), i)
		title := s.Title(i)
		var attach string
		if o.PDFEvery > 0 && i%o.PDFEvery == 0 {
			pdfPath := fmt.Sprintf("/xxgk/ndbg/files/P%s_%d.pdf", strings.ReplaceAll(date, "-", ""), i)
			s.bodies[pdfPath] = []byte(fmt.Sprintf("%%PDF-1.4\n%% %s report %d\n%%%%EOF\n", o.Name, i))
			s.types[pdfPath] = "application/pdf"
			attach = fmt.Sprintf(`<p>附件：<a href="files/%s">%s.pdf</a></p>`, pdfPath[len("/xxgk/ndbg/files/"):], title)
			s.Docs = append(s.Docs, Doc{Path: pdfPath, Title: title + ".pdf", Published: date, Kind: "attachment"})
		}
		if o.Images {
			img := fmt.Sprintf("/xxgk/ndbg/W0200%d_%d.png", 2026-i, i)
			s.put(img, "image/png", []byte(fmt.Sprintf("\x89PNG\r\n\x1a\n table of report %d", i)))
			attach += fmt.Sprintf(`<p><img src="/images/logo.png" alt="logo"><img src="W0200%d_%d.png" alt="表格"></p>`, 2026-i, i)
			if s.Images == nil {
				s.Images = map[string][]string{}
			}
			s.Images[path] = []string{img}
		}
		s.bodies[path] = s.encode(reportPage(title, date, attach, o))
		s.types[path] = charsetType
		s.Docs = append(s.Docs, Doc{Path: path, Title: title, Published: date, Kind: "report"})
		items = append(items, item{"./" + path[len("/xxgk/ndbg/"):], title, date})
	}
	if o.Robots {
		s.bodies["/robots.txt"] = []byte("User-agent: *\nDisallow: /private/\n" + crawlDelay(o.CrawlDelay))
		s.types["/robots.txt"] = "text/plain"
		title := fmt.Sprintf("%s2018年政府信息公开工作年度报告", o.Name)
		s.bodies["/private/t2019.html"] = s.encode(reportPage(title, "2019-01-15", "", o))
		s.types["/private/t2019.html"] = charsetType
		items = append(items, item{"/private/t2019.html", title, "2019-01-15"})
	}
	pages := (len(items) + o.PerPage - 1) / o.PerPage
	for p := 0; p < pages; p++ {
		var b strings.Builder
		b.WriteString("<html><head>")
		if o.GBK && o.Declare {
			b.WriteString(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`)
		}
		fmt.Fprintf(&b, "<title>政府信息公开年报_%s</title></head><body>\n", o.Name)
		b.WriteString(`<div class="nav"><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a> <a href="/xxgk/tz.html">关于开展2024年度安全生产检查的通知</a>` +
			` <a href="http://www.example.invalid/ndbg.html">国务院办公厅2024年政府信息公开工作年度报告</a></div><ul class="list">` + "\n")
		for _, it := range items[p*o.PerPage : min(len(items), (p+1)*o.PerPage)] {
			short := []rune(it.title)
			text := it.title
			if len(short) > 14 {
				text = string(short[:14]) + "…"
			}
			fmt.Fprintf(&b, `<li><a href="%s" title="%s" target="_blank">%s</a><span class="date">%s</span></li>`+"\n",
				it.href, html.EscapeString(it.title), html.EscapeString(text), it.date)
		}
		b.WriteString("</ul><div class=\"page\">")
		switch o.Pager {
		case "next":
			if p+1 < pages {
				fmt.Fprintf(&b, `<a href="%s">下一页</a>`, pageName(p+1))
			}
		case "numbers":
			for q := 0; q < pages; q++ {
				fmt.Fprintf(&b, ` <a href="%s">%d</a>`, pageName(q), q+1)
			}
		case "script":
			fmt.Fprintf(&b, `<script>createPageHTML(%d, %d, "index", "html");</script>`, pages, p)
		}
		b.WriteString("</div></body></html>\n")
		path := "/xxgk/ndbg/" + pageName(p)
		s.bodies[path] = s.encode(b.String())
		s.types[path] = charsetType
	}
}

func crawlDelay(d string) string {
	if d == "" {
		return ""
	}
	return "Crawl-delay: " + d + "\n"
}

func pageName(p int) string {
	if p == 0 {
		return "index.html"
	}
	return fmt.Sprintf("index_%d.html", p)
}

// reportPage is a report page: title, date, a table of the national template, an optional attachment.
func reportPage(title, date, attach string, o Options) string {
	head := fmt.Sprintf(`<meta name="ArticleTitle" content="%s"><meta name="PubDate" content="%s 09:30">`, title, date)
	if o.NoMeta {
		head = ""
	}
	if o.GBK && o.Declare {
		head = `<meta charset="gbk">` + head
	} else if !o.GBK {
		head = `<meta charset="utf-8">` + head
	}
	return fmt.Sprintf(`<html><head>%s<title>%s_%s门户网站</title></head><body>
<h1>%s</h1><div class="info">发布日期：%s　来源：%s</div>
<p>一、总体情况</p><p>%s年，本单位受理政府信息公开申请3件。</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border="1"><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>
%s<p>%s %s</p></body></html>
`, head, title, o.Name, title, date, o.Name, date[:4], attach, o.Name, date)
}

func (s *Site) encode(page string) []byte {
	if !s.Opts.GBK {
		return []byte(page)
	}
	b, err := simplifiedchinese.GBK.NewEncoder().String(page)
	if err != nil {
		panic(err) // fixture text is always encodable
	}
	return []byte(b)
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Hijack lets fault handlers take the connection over, to reset it.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Flush lets handlers send a body in pieces.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	// A request is recorded as it arrives (a test sees it even while a slow
	// handler still runs) and its status filled in when the handler is done.
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, Request{Path: r.URL.RequestURI(), Time: at, Header: r.Header.Clone()})
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if n < len(s.requests) && s.requests[n].Time == at && s.requests[n].Path == r.URL.RequestURI() {
			s.requests[n].Status = sw.status
		}
		s.mu.Unlock()
	}()
	s.mu.Lock()
	key := r.URL.Path
	if _, byQuery := s.bodies[r.URL.RequestURI()]; byQuery {
		key = r.URL.RequestURI()
	}
	h := s.handlers[r.URL.Path]
	body, ok := s.bodies[key]
	ctype := s.types[key]
	gone := s.gone[key]
	s.mu.Unlock()
	switch {
	case h != nil:
		h(sw, r)
		return
	case gone || !ok:
		http.NotFound(sw, r)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	sw.Header().Set("ETag", etag)
	sw.Header().Set("Last-Modified", lastModified)
	sw.Header().Set("Content-Type", ctype)
	if r.Header.Get("If-None-Match") == etag {
		sw.WriteHeader(http.StatusNotModified)
		return
	}
	sw.Write(body)
}

// Handle makes h answer path instead of the site (nil restores the site).
func (s *Site) Handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

// Body returns what the site serves at path.
func (s *Site) Body(path string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bodies[path]
}

// SetBody changes what the site serves at path (its ETag changes with it).
func (s *Site) SetBody(path string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodies[path] = body
}

// Remove makes path answer 404 from now on.
func (s *Site) Remove(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone[path] = true
}

// Requests returns the requests seen so far, in arrival order.
func (s *Site) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]Request(nil), s.requests...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out
}

// Reset forgets the requests seen so far.
func (s *Site) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Sources renders a sources file for the sites, each allowed its own
// loopback address and the given rate.
func Sources(sites []*Site, rate float64) string {
	var b strings.Builder
	b.WriteString("sites:\n")
	for i, s := range sites {
		fmt.Fprintf(&b, "  - name: %s\n    region: \"6505%02d\"\n    level: street\n    start: [%s]\n    rate: %g\n    allow_private: true\n",
			s.Opts.Name, i%100, s.Start(), rate)
	}
	return b.String()
}
