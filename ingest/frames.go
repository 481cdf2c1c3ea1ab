package ingest

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// frameLinks returns what a page holds in frames. A listing inside an
// <iframe> or <frame> (common on older portals: the column page is a frame
// set around list.html) is another listing page to read; on a report page, a
// frame, <embed> or <object> showing a file is an attachment. The crawl
// keeps only the site's own hosts, so a map or video frame from elsewhere
// is never fetched.
func frameLinks(doc *goquery.Document, base *url.URL, kind string) []link {
	var links []link
	doc.Find("iframe[src], frame[src], embed[src], object[data]").Each(func(_ int, s *goquery.Selection) {
		src := s.AttrOr("src", s.AttrOr("data", ""))
		u, err := base.Parse(strings.TrimSpace(src))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		u.Fragment = ""
		switch {
		case kind == KindReport && attachmentURL(u):
			links = append(links, link{url: u.String(), kind: KindAttachment})
		case kind == KindListing && goquery.NodeName(s) != "embed" && goquery.NodeName(s) != "object" && u.Host == base.Host:
			links = append(links, link{url: u.String(), kind: KindListing})
		}
	})
	return links
}
