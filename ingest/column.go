package ingest

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Finding a body's annual-report column from its home page, so hundreds of
// bodies can be added to the sources file without reading each site:
// breadth first over the site's own links, following portal links
// (政务公开, 政府信息公开, 信息公开目录) toward a column link
// (政府信息公开年报, 年度报告, 工作年报), each candidate column read to see
// that it lists reports.

// Column is the annual-report column found for a body.
type Column struct {
	Name      string   // the body, from the home page's title
	Listing   string   // the column's listing URL
	Platform  string   // the platform the column page was made by, "" when not recognised
	Via       []string // the link texts followed from the home page
	Reports   int      // report links the column's first page gives (0: unconfirmed)
	Rendered  bool     // the column is written by script: its reports were counted in the browser
	AllowPriv bool     // the search was allowed private addresses (tests): the entry says so too
}

// Entry is the column as a sources.yaml entry, ready to paste under sites:.
func (c Column) Entry() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  # %s；平台：%s；", strings.Join(append([]string{"首页"}, c.Via...), " → "), cmp.Or(c.Platform, "未识别"))
	switch {
	case c.Reports > 0 && c.Rendered:
		fmt.Fprintf(&b, "栏目由脚本生成，浏览器渲染后第一页列出 %d 份报告\n", c.Reports)
	case c.Reports > 0:
		fmt.Fprintf(&b, "栏目第一页列出 %d 份报告\n", c.Reports)
	default:
		b.WriteString("未能确认列出报告（可能由脚本生成，可加 render: true）\n")
	}
	fmt.Fprintf(&b, "  - name: %s\n    start: [%s]\n", yamlString(c.Name), c.Listing)
	if c.AllowPriv {
		b.WriteString("    allow_private: true\n")
	}
	return b.String()
}

// yamlString quotes s when YAML would read it as something else.
func yamlString(s string) string {
	if s == "" || strings.ContainsAny(s, ":#[]{},&*!|>'\"%@`") || strings.TrimSpace(s) != s {
		return fmt.Sprintf("%q", s)
	}
	return s
}

// columnWords name an annual-report column; portalWords a page on the way.
var (
	columnRe = regexp.MustCompile(`政府信息公开(?:工作)?年(?:度报告|报)|信息公开年报|政务公开年报|^年度报告$|^年报$|工作年报|^政府信息公开年度报告`)
	portalRe = regexp.MustCompile(`政务公开|政府信息公开|信息公开目录|信息公开|公开目录`)
)

// bodyWordRe finds the part of a title that names a body.
var bodyWordRe = regexp.MustCompile(`人民政府|政府|局|委员会|办事处|厅|办公室|管委会|委|院|署|会`)

// maxColumnPages bounds the pages read while looking for a column.
const maxColumnPages = 30

// FindColumn looks for the annual-report column of the body whose home page
// is home. It fetches with the crawler's rules (robots.txt, rate, private
// addresses refused unless allowPrivate), within home's host.
func FindColumn(ctx context.Context, cfg Config, home string, allowPrivate bool) (Column, error) {
	cfg.defaults()
	u, err := url.Parse(home)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Column{}, fmt.Errorf("%s: 不是 http(s) 网址", home)
	}
	site := &Site{Name: u.Host, Start: []string{home}, Allow: []string{strings.ToLower(u.Host)}, Rate: DefaultRate, AllowPrivate: allowPrivate}
	if len(cfg.Sites) > 0 && cfg.Sites[0].Rate > 0 {
		site.Rate = cfg.Sites[0].Rate
	}
	f := newFetcher(&cfg)
	defer f.close()
	browser := newRenderer(&cfg, f)
	defer browser.close()
	render := func(pageURL string, body []byte) (string, error) {
		return browser.render(ctx, site, pageURL, body, "text/html; charset=utf-8")
	}
	fetchPage := func(raw string) (*url.URL, string, error) {
		pu, err := url.Parse(raw)
		if err != nil {
			return nil, "", err
		}
		if ok, err := f.allowed(ctx, site, pu); err != nil || !ok {
			return nil, "", robotsRefusal(raw, err)
		}
		resp, _, err := f.get(ctx, site, raw, "", "")
		if err != nil {
			return nil, "", err
		}
		if resp.status != 200 {
			return nil, "", fmt.Errorf("%s: HTTP %d", raw, resp.status)
		}
		text, _, err := decodeHTML(resp.body, resp.header.Get("Content-Type"))
		if err != nil {
			return nil, "", err
		}
		final, err := url.Parse(resp.finalURL)
		if err != nil {
			final = pu
		}
		final.Fragment = pu.Fragment
		return final, text, nil
	}

	type step struct {
		url string
		via []string
	}
	queue := []step{{url: home}}
	seen := map[string]bool{home: true}
	name := ""
	var best *Column
	for read := 0; len(queue) > 0 && read < maxColumnPages && ctx.Err() == nil; read++ {
		s := queue[0]
		queue = queue[1:]
		base, text, err := fetchPage(s.url)
		if err != nil {
			if len(s.via) == 0 {
				return Column{}, fmt.Errorf("首页: %w", err)
			}
			continue
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
		if err != nil {
			continue
		}
		if len(s.via) == 0 {
			name = bodyName(doc.Find("title").First().Text())
		}
		var columns, portals []step
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			label := clean(a.Text())
			if label == "" {
				label = clean(a.AttrOr("title", ""))
			}
			if len([]rune(label)) > 16 || isReportTitle(label) {
				return // a report's title, not a column's name
			}
			lu, err := base.Parse(strings.TrimSpace(a.AttrOr("href", "")))
			if err != nil || !sameBody(u, lu) || (lu.Scheme != "http" && lu.Scheme != "https") {
				return
			}
			key := lu.String()
			if seen[key] {
				return
			}
			next := step{url: key, via: append(append([]string{}, s.via...), label)}
			if !hostAllowed(site.Allow, lu.Host) {
				site.Allow = append(site.Allow, strings.ToLower(lu.Host))
			}
			switch {
			case columnRe.MatchString(label):
				seen[key] = true
				columns = append(columns, next)
			case portalRe.MatchString(label) && len(s.via) < 3:
				seen[key] = true
				portals = append(portals, next)
			}
		})
		for _, c := range columns {
			col := readColumn(ctx, fetchPage, render, c.url)
			col.Via, col.AllowPriv = c.via, allowPrivate
			if col.Reports > 0 {
				col.Name = cmp.Or(name, u.Host)
				return col, nil
			}
			if best == nil {
				best = &col
			}
		}
		queue = append(queue, portals...)
	}
	if best == nil {
		return Column{}, fmt.Errorf("%s: 在首页及其政务公开栏目中没有找到政府信息公开年报栏目", home)
	}
	best.Name = cmp.Or(name, u.Host)
	return *best, nil
}

// readColumn reads a candidate column page: its platform and how many
// report links its first page gives, following where the adapters lead
// (a frame, a catalogue API) as the crawl would, and rendering it in the
// browser when it is written by script.
func readColumn(ctx context.Context, fetchPage func(string) (*url.URL, string, error), render func(string, []byte) (string, error), raw string) Column {
	col := Column{Listing: raw}
	base, text, err := fetchPage(raw)
	if err != nil {
		return col
	}
	col.Platform = Platform(text)
	p, err := extract(ctx, base, text, KindListing)
	if err != nil {
		return col
	}
	col.Reports = countReports(p)
	followed := 0
	for _, l := range p.links {
		if col.Reports > 0 || followed >= 3 {
			break
		}
		if _, form := splitPost(l.url); l.kind != KindListing || form != nil || l.url == base.String() {
			continue
		}
		followed++
		next, data, err := fetchPage(l.url)
		if err != nil {
			continue
		}
		var np page
		if isGkmlptAPI(next) {
			np, err = gkmlptPage(next, []byte(data))
		} else {
			np, err = extract(ctx, next, data, KindListing)
		}
		if err == nil {
			col.Reports += countReports(np)
		}
	}
	if col.Reports == 0 && needsRendering(&Site{}, raw, text, p) {
		page := *base
		page.Fragment = ""
		if html, err := render(page.String(), []byte(text)); err == nil {
			if rp, err := extract(ctx, base, html, KindListing); err == nil {
				col.Reports, col.Rendered = countReports(rp), true
			}
		}
	}
	return col
}

// countReports counts a page's report and attachment links.
func countReports(p page) int {
	n := 0
	for _, l := range p.links {
		if l.kind != KindListing {
			n++
		}
	}
	return n
}

// sameBody says whether link is on the body's own site: the home page's
// host, or a host under it, as an open-government portal on
// xxgk.example.gov.cn is under www.example.gov.cn (never the parent domain:
// www.city.gov.cn is another body than www.county.city.gov.cn).
func sameBody(home, link *url.URL) bool {
	if link.Port() != home.Port() {
		return false
	}
	h, l := strings.ToLower(home.Hostname()), strings.ToLower(link.Hostname())
	base := strings.TrimPrefix(h, "www.")
	return l == h || l == base || strings.HasSuffix(l, "."+base)
}

// bodyName takes the body's name from a home page's title: the part that
// names a body (人民政府, 局, 委员会, …), without 门户网站 and the like.
func bodyName(title string) string {
	parts := strings.FieldsFunc(clean(title), func(r rune) bool { return strings.ContainsRune("_|-–—·｜ ", r) })
	pick := ""
	for _, p := range parts {
		if bodyWordRe.MatchString(p) {
			pick = p
			break
		}
	}
	if pick == "" && len(parts) > 0 {
		pick = parts[0]
	}
	for _, suffix := range []string{"门户网站", "政府网站", "官方网站", "网站", "官网", "首页"} {
		pick = strings.TrimSuffix(pick, suffix)
	}
	return strings.TrimSpace(pick)
}

// robotsRefusal explains why a page may not be read: robots.txt, or an
// unreachable host.
func robotsRefusal(raw string, err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("%s: robots.txt 不允许抓取", raw)
}
