package ingest

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Hanweb JCMS (大汉) column pages (/col/col12345/index.html) keep their
// records out of the markup: the first ones as CDATA in
//
//	<script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/…/art_12345_678.html">…</a><span>2025-01-20</span></li>]]></record>…
//
// and the rest behind the jpage script, which POSTs to
// /module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15 the
// form fields its jpage({...}) call names (col, appid, webid, path, columnid,
// sourceContentType, unitid, webname, permissiontype), and gets back the
// same <datastore> XML. Articles are art_*.html pages; their files sit
// behind /module/download/downfile.jsp?classid=0&filename=….pdf, which
// attachmentURL already knows by the query's file name.

var (
	hanwebRecordRe   = regexp.MustCompile(`(?s)<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>`)
	hanwebTotalRe    = regexp.MustCompile(`(?i)<totalrecord>\s*(\d+)\s*</totalrecord>`)
	hanwebNextRe     = regexp.MustCompile(`(?s)<nextgroup>\s*<!\[CDATA\[.*?href\s*=\s*["']([^"']+)["']`)
	jpageCallRe      = regexp.MustCompile(`(?:\$\(\s*['"]#([\w-]+)['"]\s*\))?\.jpage\(\s*\{`)
	jsFieldRe        = regexp.MustCompile(`([A-Za-z_]\w*)\s*:\s*(?:'([^']*)'|"([^"]*)"|([\w./-]+))`)
	dataproxyPathRe  = regexp.MustCompile(`(?i)/module/web/jpage/dataproxy\.jsp$`)
	hanwebMarkerRe   = regexp.MustCompile(`(?i)<datastore>|\.jpage\(|/module/web/jpage/|hanweb`)
	defaultProxyPath = "/module/web/jpage/dataproxy.jsp"
)

// hanwebForm are the fields the jpage script POSTs to dataproxy.jsp.
var hanwebForm = []string{"col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname", "permissiontype"}

// maxHanwebRecords bounds the records one column may announce.
const maxHanwebRecords = 100_000

func isHanweb(html string) bool { return hanwebMarkerRe.MatchString(html) }

// hanwebListing makes a page's datastore records markup (appended to the
// page, each record as written) and returns the dataproxy.jsp requests that
// fetch the records after them. A page is a column page (jpage config) or a
// dataproxy.jsp answer (its key carries the form of the request).
func hanwebListing(base *url.URL, html string) (string, []link) {
	records := hanwebRecordRe.FindAllStringSubmatch(html, -1)
	if len(records) > 0 {
		var b strings.Builder
		b.Grow(len(html) + len(html)/2)
		b.WriteString(html)
		b.WriteString("\n<div class=\"gongkai-datastore\">\n")
		for _, r := range records {
			b.WriteString("<div>")
			b.WriteString(r[1])
			b.WriteString("</div>\n")
		}
		b.WriteString("</div>\n")
		html = b.String()
	}
	total := -1
	if m := hanwebTotalRe.FindStringSubmatch(html); m != nil {
		total, _ = strconv.Atoi(m[1])
	}
	if dataproxyPathRe.MatchString(base.Path) {
		if _, form := splitPost(base.String()); form == nil {
			return html, hanwebNextPage(base, len(records), html)
		}
		return html, hanwebNextGroup(base, len(records), total)
	}
	var links []link
	for _, cfg := range jpageConfigs(html) {
		links = append(links, cfg.requests(base)...)
	}
	if len(links) == 0 {
		// No jpage call to read: older templates page by GET, from the
		// datastore's <nextgroup> link (dataproxy.jsp?page=1&columnid=…).
		if m := hanwebNextRe.FindStringSubmatch(html); m != nil {
			if u, err := base.Parse(strings.ReplaceAll(m[1], "&amp;", "&")); err == nil && dataproxyPathRe.MatchString(u.Path) && u.Query().Has("page") {
				u.Fragment = ""
				links = append(links, link{url: u.String(), kind: KindListing})
			}
		}
	}
	return html, links
}

// hanwebTotalPageRe reads the page count a GET dataproxy.jsp answer gives.
var hanwebTotalPageRe = regexp.MustCompile(`(?i)<totalpage>\s*(\d+)\s*</totalpage>`)

// hanwebNextPage follows a GET dataproxy.jsp?page=N answer: page 1 lists
// every page its <totalpage> gives; without one, a page with records leads
// to the next.
func hanwebNextPage(base *url.URL, got int, html string) []link {
	q := base.Query()
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 {
		return nil
	}
	pageURL := func(p int) link {
		q.Set("page", strconv.Itoa(p))
		u := *base
		u.RawQuery = q.Encode()
		return link{url: u.String(), kind: KindListing}
	}
	if m := hanwebTotalPageRe.FindStringSubmatch(html); m != nil {
		if n != 1 {
			return nil
		}
		total, _ := strconv.Atoi(m[1])
		var links []link
		for p := 2; p <= min(total, maxScriptPages); p++ {
			links = append(links, pageURL(p))
		}
		return links
	}
	if got == 0 || n >= maxScriptPages {
		return nil
	}
	return []link{pageURL(n + 1)}
}

// inlineRecords counts the records of one jpage unit's datastore: the one
// inside the element with the unit's id, or, when the page has one unit
// only (or the id is not found), all of the page's.
func inlineRecords(html, unit string, units int) int {
	if unit != "" && units > 1 {
		if i := strings.Index(html, `id="`+unit+`"`); i >= 0 {
			store := html[i:]
			if end := strings.Index(store, "</datastore>"); end >= 0 {
				store = store[:end]
			}
			return len(hanwebRecordRe.FindAllStringIndex(store, -1))
		}
	}
	return len(hanwebRecordRe.FindAllStringIndex(html, -1))
}

// jpageConfig is what one jpage({...}) call says about its column.
type jpageConfig struct {
	proxy     string
	perPage   int
	groupSize int
	total     int // -1 when not given
	form      url.Values
	inline    int // records the page holds already
}

// jpageConfigs reads the jpage({...}) calls of a column page: the proxy URL,
// paging and the form fields, from the call's object (ajaxParam or the
// object itself) or, for fields it lacks, from the datastore's <nextgroup>
// link, which carries them in its query.
func jpageConfigs(html string) []jpageConfig {
	var next url.Values
	if m := hanwebNextRe.FindStringSubmatch(html); m != nil {
		if u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&")); err == nil {
			next = u.Query()
		}
	}
	var out []jpageConfig
	calls := jpageCallRe.FindAllStringSubmatchIndex(html, 20)
	for _, loc := range calls {
		unit := ""
		if loc[2] >= 0 {
			unit = html[loc[2]:loc[3]]
		}
		obj := balancedObject(html[loc[1]-1:], 8<<10)
		fields := map[string]string{}
		for _, m := range jsFieldRe.FindAllStringSubmatch(obj, -1) {
			if _, dup := fields[m[1]]; !dup {
				fields[m[1]] = m[2] + m[3] + m[4]
			}
		}
		cfg := jpageConfig{proxy: defaultProxyPath, perPage: 15, groupSize: 3, total: -1, form: url.Values{},
			inline: inlineRecords(html, unit, len(calls))}
		if v := fields["proxyUrl"]; v != "" {
			cfg.proxy = v
		}
		if n, err := strconv.Atoi(fields["perPage"]); err == nil && n > 0 {
			cfg.perPage = n
		}
		if n, err := strconv.Atoi(fields["groupSize"]); err == nil && n > 0 {
			cfg.groupSize = n
		}
		if n, err := strconv.Atoi(fields["totalRecord"]); err == nil && n >= 0 {
			cfg.total = n
		}
		for _, k := range hanwebForm {
			v, ok := fields[k]
			if !ok && next != nil && next.Has(k) {
				v, ok = next.Get(k), true
			}
			if ok {
				cfg.form.Set(k, v)
			}
		}
		if cfg.form.Get("columnid") == "" {
			continue // not a column listing (a jpage of something else)
		}
		out = append(out, cfg)
	}
	return out
}

// balancedObject returns the {...} at the start of s, up to max bytes,
// skipping braces inside quoted strings.
func balancedObject(s string, max int) string {
	depth := 0
	var quote byte
	for i := 0; i < len(s) && i < max; i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '{':
			depth++
		case c == '}':
			if depth--; depth == 0 {
				return s[:i+1]
			}
		}
	}
	return s[:min(len(s), max)]
}

// requests are the dataproxy.jsp POSTs for the records after the inline
// ones, a group (perPage × groupSize records) each, as the jpage script asks
// for them. Without a total only the next group is asked for; its answer
// leads to the one after (hanwebNextGroup).
func (cfg jpageConfig) requests(base *url.URL) []link {
	size := cfg.perPage * cfg.groupSize
	total := min(cfg.total, maxHanwebRecords)
	var links []link
	for start := cfg.inline + 1; total < 0 || start <= total; start += size {
		links = append(links, dataproxyLink(base, cfg.proxy, start, start+size-1, cfg.perPage, cfg.form))
		if total < 0 || len(links) >= maxScriptPages {
			break
		}
	}
	return links
}

// hanwebNextGroup follows a dataproxy.jsp answer: when it held as many
// records as were asked for and the total (when it says one) is not
// reached, the next group is asked for with the same form.
func hanwebNextGroup(key *url.URL, got, total int) []link {
	q := key.Query()
	start, err1 := strconv.Atoi(q.Get("startrecord"))
	end, err2 := strconv.Atoi(q.Get("endrecord"))
	perPage, _ := strconv.Atoi(q.Get("perpage"))
	if err1 != nil || err2 != nil || end < start || got < end-start+1 || end >= maxHanwebRecords || (total >= 0 && end >= total) {
		return nil
	}
	_, form := splitPost(key.String())
	if form == nil {
		return nil
	}
	size := end - start + 1
	u := *key
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	return []link{dataproxyLink(&u, u.Path, end+1, end+size, perPage, form)}
}

// dataproxyLink is the listing key of one dataproxy.jsp POST.
func dataproxyLink(base *url.URL, proxy string, start, end, perPage int, form url.Values) link {
	u, err := base.Parse(proxy)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		u, _ = base.Parse(defaultProxyPath) // a proxyUrl that is no web address: the platform's own
	}
	u.RawQuery = "startrecord=" + strconv.Itoa(start) + "&endrecord=" + strconv.Itoa(end) + "&perpage=" + strconv.Itoa(perPage)
	u.Fragment, u.RawFragment = "", ""
	return link{url: postKey(u.String(), form), kind: KindListing}
}
