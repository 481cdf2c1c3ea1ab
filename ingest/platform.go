package ingest

import (
	"context"
	"net/url"
	"strings"
)

// Publishing platforms. Government sites run on a handful of content
// platforms; each writes its listings in its own way, and each adapter
// recognises its platform from the page itself, so no site needs to say
// which it runs:
//
//   - TRS WCM: links in the markup, pager written by createPageHTML (discover.go);
//   - Hanweb JCMS (大汉): records in a <datastore> script, paging by POST to
//     dataproxy.jsp (hanweb.go);
//   - the provincial open-government catalogues (gkmlpt): an empty page whose
//     script reads a JSON API (gkmlpt.go);
//   - listings inside <iframe>/<frame>, and pagers written by script
//     (location.href, goPage(n)) on any platform (frames.go, scriptpager.go).
//
// What none of them reads is left to the browser (render.go).
const (
	PlatformTRS    = "trs"
	PlatformHanweb = "hanweb"
	PlatformGkmlpt = "gkmlpt"
)

// Platform names the publishing platform a page was made by, "" when none
// is recognised.
func Platform(html string) string {
	switch {
	case isGkmlpt(html):
		return PlatformGkmlpt
	case isHanweb(html):
		return PlatformHanweb
	case createPage.MatchString(html) || strings.Contains(html, "TRS_Editor") || strings.Contains(html, "trs_editor"):
		return PlatformTRS
	}
	return ""
}

// platformListing adds what the platforms write into a listing page beyond
// its plain links: records kept in script, pages served by an API. It
// returns the page's HTML with script-held records made markup, and the
// extra links.
func platformListing(ctx context.Context, base *url.URL, html string) (string, []link) {
	html, links := hanwebListing(base, html)
	links = append(links, gkmlptListing(base, html)...)
	links = append(links, scriptPager(ctx, base, html)...)
	return html, links
}

// A listing served only to POST (Hanweb's dataproxy.jsp) is crawled, stored
// and deduplicated under a key of its own: its URL with the form after
// "#post:". A fragment is never sent, so the key cannot clash with a URL
// the crawler fetches; url.Values.Encode sorts the fields, so equal forms
// give equal keys.
const postMark = "#post:"

// postKey is the key of a POST of form to rawURL.
func postKey(rawURL string, form url.Values) string {
	return rawURL + postMark + form.Encode()
}

// splitPost returns the URL and form of a key; form is nil for a GET.
func splitPost(key string) (string, url.Values) {
	i := strings.Index(key, postMark)
	if i < 0 {
		return key, nil
	}
	form, err := url.ParseQuery(key[i+len(postMark):])
	if err != nil {
		form = url.Values{}
	}
	return key[:i], form
}
