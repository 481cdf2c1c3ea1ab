package ingest

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// decodeHTML returns an HTML page as UTF-8 with the name of the charset it was
// read in: a byte-order mark, the Content-Type header or a <meta> declaration
// when present; otherwise UTF-8 when the bytes are valid UTF-8, else GB18030
// (a superset of GBK and GB2312, the usual undeclared charset of these sites).
// A declaration of UTF-8 or GBK that the bytes contradict loses to the bytes.
func decodeHTML(data []byte, contentType string) (string, string, error) {
	enc, name, certain := charset.DetermineEncoding(data, contentType)
	if !certain && !bytes.Contains(bytes.ToLower(data[:min(len(data), 1024)]), []byte("charset")) {
		if utf8.Valid(data) {
			return string(data), "utf-8", nil
		}
		enc, name = simplifiedchinese.GB18030, "gb18030"
	}
	switch name {
	case "utf-8":
		// A page declared UTF-8 whose bytes are not is GBK from a server
		// configured for UTF-8: the bytes win, as in parse/html.
		if !utf8.Valid(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))) {
			enc, name = simplifiedchinese.GB18030, "gb18030"
		}
	case "gbk", "gb2312", "gb18030":
		// Valid UTF-8 with non-ASCII bytes is, in practice, never GBK: a
		// page declared GBK in those bytes is UTF-8.
		if utf8.Valid(data) && bytes.ContainsFunc(data, func(r rune) bool { return r >= 0x80 }) {
			return string(data), "utf-8", nil
		}
		// GB18030 decodes everything GBK and GB2312 encode, and more.
		enc = simplifiedchinese.GB18030
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", name, fmt.Errorf("decode %s: %w", name, err)
	}
	return string(out), name, nil
}

// link is a discovered URL with what the page linking to it said about it.
type link struct {
	url       string
	kind      string // KindListing, KindReport or KindAttachment
	title     string
	published string // YYYY-MM-DD
}

// page is what the crawler learns from one HTML page.
type page struct {
	title     string // from <meta> tags, "" when none
	htmlTitle string // the <title>
	published string // from <meta> tags or the 发布日期 line
	links     []link
}

var (
	reportWords = regexp.MustCompile(`年度报告|年报`)
	yearRe      = regexp.MustCompile(`(?:19|20)\d\d`)
	dateRe      = regexp.MustCompile(`((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})`)
	pubLineRe   = regexp.MustCompile(`(?:发布|发文|成文|公开)(?:日期|时间)\s*[:：]?\s*((?:19|20)\d\d\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2})`)
	pagedRe     = regexp.MustCompile(`(?i)^(?:index|list|default)?_\d+\.(?:s?html?|jsp|aspx?|php)$`)
	pageNumRe   = regexp.MustCompile(`^\[?\d{1,4}\]?$`)
	createPage  = regexp.MustCompile(`createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?\d+['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]`)
)

// pagerWords are link texts that lead to another page of the same listing.
var pagerWords = []string{"下一页", "下页", "后一页", "上一页", "上页", "前一页", "尾页", "末页", "最后一页", "next", "Next", ">", ">>", "»"}

// attachmentExts are the file types a report is published as besides HTML.
var attachmentExts = []string{".pdf", ".doc", ".docx", ".wps", ".ofd", ".xlsx"}

// isReportTitle says whether link text names an annual report: 年度报告 or
// 年报, and a year.
func isReportTitle(s string) bool {
	return reportWords.MatchString(s) && yearRe.MatchString(s)
}

// normDate turns the first date in s into YYYY-MM-DD, "" when there is none.
func normDate(s string) string {
	m := dateRe.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return ""
	}
	return fmt.Sprintf("%s-%02d-%02d", m[1], mo, d)
}

// attachmentURL says whether u names a report file: by the extension of its
// path or, for download scripts, of a query value.
func attachmentURL(u *url.URL) bool {
	if hasExt(u.Path) {
		return true
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			if hasExt(v) {
				return true
			}
		}
	}
	return false
}

func hasExt(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	for _, e := range attachmentExts {
		if ext == e {
			return true
		}
	}
	return false
}

// clean collapses whitespace (including &nbsp;) in s.
func clean(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000'
	}), " ")
}

// extract reads an HTML page of the given kind. From a listing it takes
// report links (text or title naming an annual report, with the listing's
// date next to them) and links to the listing's other pages; from a report
// page, its title and publication date and its attachment links.
//
// It costs time linear in the page's size (a listing of 100,000 links is
// read in about a second) and stops early when ctx is done.
func extract(ctx context.Context, base *url.URL, html string, kind string) (page, error) {
	var extra []link
	if kind == KindListing {
		html, extra = platformListing(ctx, base, html)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		return page{}, fmt.Errorf("read html: %w", err)
	}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	var p page
	seen := map[string]bool{}
	add := func(l link) {
		if !seen[l.url] {
			seen[l.url] = true
			p.links = append(p.links, l)
		}
	}
	if kind == KindReport {
		p.title, p.published = pageMeta(doc)
		p.htmlTitle = clean(doc.Find("title").First().Text())
	}
	doc.Find("a[href]").EachWithBreak(func(i int, a *goquery.Selection) bool {
		if i%1024 == 0 && ctx.Err() != nil {
			return false
		}
		href, _ := a.Attr("href")
		u, err := base.Parse(strings.TrimSpace(href))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return true
		}
		u.Fragment = ""
		text := clean(a.Text())
		title := clean(a.AttrOr("title", ""))
		switch kind {
		case KindListing:
			switch {
			case isReportTitle(title) || isReportTitle(text):
				l := link{url: u.String(), kind: KindReport, title: title, published: normDate(dateNear(a.Nodes[0]))}
				if l.title == "" || (!isReportTitle(title) && isReportTitle(text)) {
					l.title = text
				}
				if attachmentURL(u) {
					l.kind = KindAttachment
				}
				add(l)
			case isPager(base, u, text):
				add(link{url: u.String(), kind: KindListing})
			}
		case KindReport:
			if attachmentURL(u) || (strings.Contains(text, "附件") && hasExt(text)) {
				t := strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(text, "附件"), "0123456789:：.、 "))
				add(link{url: u.String(), kind: KindAttachment, title: t})
			}
		}
		return true
	})
	if err := ctx.Err(); err != nil {
		return page{}, err
	}
	for _, l := range frameLinks(doc, base, kind) {
		add(l)
	}
	if kind == KindReport {
		for _, l := range contentImages(doc, base) {
			add(l)
		}
	}
	for _, l := range extra {
		add(l)
	}
	if kind == KindListing {
		// TRS-style listings write their pager in script: createPageHTML(pages, current, "index", "html").
		for _, m := range createPage.FindAllStringSubmatch(html, -1) {
			n, _ := strconv.Atoi(m[1])
			for i := 0; i < n && i < maxScriptPages; i++ {
				name := m[2] + "." + m[3]
				if i > 0 {
					name = fmt.Sprintf("%s_%d.%s", m[2], i, m[3])
				}
				if u, err := base.Parse(name); err == nil {
					add(link{url: u.String(), kind: KindListing})
				}
			}
		}
	}
	return p, nil
}

// templateImageRe matches the images of a site's template (logos, icons,
// buttons, backgrounds), which are not part of a report.
var templateImageRe = regexp.MustCompile(`(?i)logo|icon|banner|button|btn|/skin|/css/|/images/|/img/|/static/|/module/|/template|qrcode|erweima|/bg|share|print|close`)

// maxPageImages bounds the images taken from one report page.
const maxPageImages = 50

// contentImages are the images a report page shows in its content: a table
// published as a picture is there, for OCR. Template images are left out.
func contentImages(doc *goquery.Document, base *url.URL) []link {
	var links []link
	doc.Find("body img[src]").EachWithBreak(func(_ int, img *goquery.Selection) bool {
		u, err := base.Parse(strings.TrimSpace(img.AttrOr("src", "")))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || templateImageRe.MatchString(u.Path) {
			return true
		}
		u.Fragment = ""
		links = append(links, link{url: u.String(), kind: KindImage, title: clean(img.AttrOr("alt", img.AttrOr("title", "")))})
		return len(links) < maxPageImages
	})
	return links
}

// dateNear is the text written next to a link, where listings put its date:
// its parent (a list item, a table cell) when that is small, else the link
// and its next few siblings. Reading a large parent's whole text for each of
// its links would make a flat listing of n links cost n².
func dateNear(a *xhtml.Node) string {
	const maxChildren, maxText = 16, 512
	parent := a.Parent
	children := 0
	if parent != nil {
		for c := parent.FirstChild; c != nil && children <= maxChildren; c = c.NextSibling {
			children++
		}
	}
	var b strings.Builder
	if parent != nil && children <= maxChildren {
		boundedText(&b, parent, maxText)
	} else {
		n := 0
		for s := a; s != nil && n < 4 && b.Len() < maxText; s, n = s.NextSibling, n+1 {
			boundedText(&b, s, maxText)
		}
	}
	return clean(b.String())
}

// boundedText appends the text under n to b until b holds limit bytes.
func boundedText(b *strings.Builder, n *xhtml.Node, limit int) {
	if b.Len() >= limit {
		return
	}
	if n.Type == xhtml.TextNode {
		b.WriteString(n.Data[:min(len(n.Data), limit-b.Len())])
		return
	}
	for c := n.FirstChild; c != nil && b.Len() < limit; c = c.NextSibling {
		boundedText(b, c, limit)
	}
}

// maxScriptPages bounds the pages a scripted pager may announce.
const maxScriptPages = 200

// isPager says whether a link from a listing page leads to another page of
// the same listing: a pager word, or a page number or a name like index_2.html
// in the listing's own directory.
func isPager(base, u *url.URL, text string) bool {
	if u.Host != base.Host {
		return false
	}
	for _, w := range pagerWords {
		if text == w {
			return true
		}
	}
	sameDir := path.Dir(u.Path+"x") == path.Dir(base.Path+"x")
	return sameDir && (pageNumRe.MatchString(text) || pagedRe.MatchString(path.Base(u.Path)))
}

// pageMeta reads a report page's title and publication date from its meta
// tags (ArticleTitle, PubDate and their variants), the date else from a
// 发布日期 line.
func pageMeta(doc *goquery.Document) (title, published string) {
	meta := func(names ...string) string {
		for _, n := range names {
			if v, ok := doc.Find(`meta[name="` + n + `"]`).Attr("content"); ok && clean(v) != "" {
				return clean(v)
			}
		}
		return ""
	}
	title = meta("ArticleTitle", "articletitle", "title")
	published = normDate(meta("PubDate", "pubdate", "PublishDate", "publishdate", "firstpublishedtime", "ReleaseDate"))
	if published == "" {
		if m := pubLineRe.FindStringSubmatch(doc.Find("body").Text()); m != nil {
			published = normDate(m[1])
		}
	}
	return title, published
}
