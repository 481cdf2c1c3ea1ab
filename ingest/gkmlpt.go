package ingest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The provincial open-government catalogue platform (政府信息公开目录,
// "gkmlpt", Guangdong's cities and departments) serves an empty page,
// /gkmlpt/annualreport#2629 or /gkmlpt/index#2629, whose script reads the
// site's SID from its config (SID: '755031') and the category from the
// fragment, and fills the list from
//
//	/gkmlpt/api/all/2629?page=1&sid=755031
//	→ {"total": 23, "articles": [{"id": …, "title": …, "url": …, "create_time": 1706745600, "display_publish_time": …}, …]}
//
// The adapter asks the API itself: the first page from the listing, the
// rest from the first page's total.

var (
	gkmlptSIDRe = regexp.MustCompile(`\bSID\s*[:=]\s*['"]?(\d+)`)
	gkmlptCatRe = regexp.MustCompile(`/gkmlpt/api/all/(\d+)`)
	gkmlptAPIRe = regexp.MustCompile(`/gkmlpt/api/all/(\d+)$`)
	digitsRe    = regexp.MustCompile(`^\d+$`)
)

func isGkmlpt(html string) bool {
	return strings.Contains(html, "gkmlpt") && gkmlptSIDRe.MatchString(html)
}

// isGkmlptAPI says whether u is a gkmlpt catalogue API page.
func isGkmlptAPI(u *url.URL) bool { return gkmlptAPIRe.MatchString(u.Path) }

// gkmlptListing returns the first API page of a gkmlpt listing page: the
// category from the URL's fragment, else from an API path the page names.
func gkmlptListing(base *url.URL, html string) []link {
	if !isGkmlpt(html) {
		return nil
	}
	i := strings.Index(base.Path, "/gkmlpt/")
	if i < 0 {
		return nil
	}
	sid := gkmlptSIDRe.FindStringSubmatch(html)[1]
	cat := base.Fragment
	if !digitsRe.MatchString(cat) {
		m := gkmlptCatRe.FindStringSubmatch(html)
		if m == nil {
			return nil
		}
		cat = m[1]
	}
	u := &url.URL{Scheme: base.Scheme, Host: base.Host, Path: base.Path[:i] + "/gkmlpt/api/all/" + cat,
		RawQuery: "page=1&sid=" + url.QueryEscape(sid)}
	return []link{{url: u.String(), kind: KindListing}}
}

// gkmlptArticle is one entry of the API's answer. Times come as Unix
// seconds or as text, depending on the site.
type gkmlptArticle struct {
	Title              string `json:"title"`
	URL                string `json:"url"`
	PostURL            string `json:"post_url"`
	CreateTime         any    `json:"create_time"`
	DisplayPublishTime any    `json:"display_publish_time"`
}

// gkmlptPage reads one API page: its report links and, on page 1, the
// other pages its total calls for.
func gkmlptPage(base *url.URL, data []byte) (page, error) {
	var resp struct {
		Total    json.Number     `json:"total"`
		Articles []gkmlptArticle `json:"articles"`
	}
	if err := json.Unmarshal(data, &resp); err != nil {
		return page{}, fmt.Errorf("gkmlpt API answer: %w", err)
	}
	var p page
	for _, a := range resp.Articles {
		title := clean(a.Title)
		u, err := base.Parse(strings.TrimSpace(a.URL))
		if a.URL == "" && a.PostURL != "" {
			u, err = base.Parse(strings.TrimSpace(a.PostURL))
		}
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !isReportTitle(title) {
			continue
		}
		u.Fragment, u.RawFragment = "", ""
		l := link{url: u.String(), kind: KindReport, title: title,
			published: cmp.Or(gkmlptDate(a.DisplayPublishTime), gkmlptDate(a.CreateTime))}
		if attachmentURL(u) {
			l.kind = KindAttachment
		}
		p.links = append(p.links, l)
	}
	q := base.Query()
	total, _ := strconv.Atoi(resp.Total.String())
	if q.Get("page") == "1" && len(resp.Articles) > 0 && total > len(resp.Articles) {
		pages := min((total+len(resp.Articles)-1)/len(resp.Articles), maxScriptPages)
		for n := 2; n <= pages; n++ {
			q.Set("page", strconv.Itoa(n))
			u := *base
			u.RawQuery = q.Encode()
			p.links = append(p.links, link{url: u.String(), kind: KindListing})
		}
	}
	return p, nil
}

// gkmlptDate turns an API time (Unix seconds, or text with a date) into
// YYYY-MM-DD in China's time, "" when it holds none.
func gkmlptDate(v any) string {
	switch v := v.(type) {
	case float64:
		if v > 0 {
			return time.Unix(int64(v), 0).In(chinaTime).Format(time.DateOnly)
		}
	case string:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			return time.Unix(n, 0).In(chinaTime).Format(time.DateOnly)
		}
		return normDate(v)
	}
	return ""
}

// chinaTime is UTC+8, the time the sites publish in.
var chinaTime = time.FixedZone("CST", 8*3600)
