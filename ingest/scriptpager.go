package ingest

import (
	"context"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Pagers written by script, on any platform: buttons that set
// location.href to the next page, and page functions such as
//
//	function goPage(n) { location.href = "list_" + n + ".html"; }
//	<a href="javascript:goPage(2)">2</a> … 共5页
//
// whose URL is a literal around the page number. The adapter reads the
// literal and the largest page number the page names, and lists the pages;
// anything cleverer is left to the browser.

var (
	locationLiteralRe = regexp.MustCompile(`location(?:\.href)?\s*=\s*['"]([^'"<>\s]+)['"]\s*(\+?)`)
	pageFuncRe        = regexp.MustCompile(`function\s+([A-Za-z_$][\w$]*)\s*\(\s*([A-Za-z_$][\w$]*)\s*(?:,[^)]*)?\)\s*\{`)
	pagesTotalRe      = regexp.MustCompile(`共\s*(\d{1,4})\s*页`)
)

// maxPageFuncs bounds the script functions examined on one page.
const maxPageFuncs = 20

// scriptPager returns the listing pages a page's scripts lead to.
func scriptPager(ctx context.Context, base *url.URL, html string) []link {
	var links []link
	add := func(ref string) {
		u, err := base.Parse(ref)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !pagerURL(base, u) {
			return
		}
		u.Fragment = ""
		links = append(links, link{url: u.String(), kind: KindListing})
	}
	for _, m := range locationLiteralRe.FindAllStringSubmatch(html, maxScriptPages) {
		if m[2] == "" { // a whole URL, not the start of one built from a page number
			add(m[1])
		}
	}
	total := 0
	if m := pagesTotalRe.FindStringSubmatch(html); m != nil {
		total, _ = strconv.Atoi(m[1])
	}
	for _, loc := range pageFuncRe.FindAllStringSubmatchIndex(html, maxPageFuncs) {
		if ctx.Err() != nil {
			return links
		}
		name, param := html[loc[2]:loc[3]], html[loc[4]:loc[5]]
		body := balancedObject(html[loc[1]-1:], 4<<10)
		prefix, offset, suffix, ok := pageFormula(body, param)
		if !ok {
			continue
		}
		last := total
		calls := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\(\s*['"]?(\d{1,4})`)
		for _, c := range calls.FindAllStringSubmatch(html, -1) {
			if n, _ := strconv.Atoi(c[1]); n > last {
				last = n
			}
		}
		for n := 1; n <= min(last, maxScriptPages); n++ {
			if n+offset >= 1 { // page 1 of list_(n-1).html is list.html, named by its own literal
				add(prefix + strconv.Itoa(n+offset) + suffix)
			}
		}
	}
	return links
}

// pageFormula reads `location.href = "PREFIX" + (param ± K) + "SUFFIX"` from
// a page function's body.
func pageFormula(body, param string) (prefix string, offset int, suffix string, ok bool) {
	p := regexp.QuoteMeta(param)
	re := regexp.MustCompile(`location(?:\.href)?\s*=\s*['"]([^'"]*)['"]\s*\+\s*\(?\s*` + p +
		`\s*(?:([-+])\s*(\d+))?\s*\)?\s*(?:\+\s*['"]([^'"]*)['"])?`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return "", 0, "", false
	}
	offset, _ = strconv.Atoi(m[3])
	if m[2] == "-" {
		offset = -offset
	}
	return m[1], offset, m[4], true
}

// pagerURL says whether u, named by a listing's script, is another page of
// that listing: in its directory, and paged by name (index_2.html) or by a
// page parameter in the query.
func pagerURL(base, u *url.URL) bool {
	if u.Host != base.Host || path.Dir(u.Path+"x") != path.Dir(base.Path+"x") {
		return false
	}
	if pagedRe.MatchString(path.Base(u.Path)) || path.Base(u.Path) == path.Base(base.Path) {
		return true
	}
	for k := range u.Query() {
		switch strings.ToLower(k) {
		case "page", "pageno", "pagenum", "pageindex", "curpage", "currentpage", "p":
			return true
		}
	}
	return false
}
