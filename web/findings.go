package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
)

// findingsPageSize is how many findings a page of them shows.
const findingsPageSize = 50

// findingColumns are the columns of the findings table a person can sort
// by: the parameter (index.FindingSorts) and the heading.
var findingColumns = []struct{ Param, Label string }{
	{"kind", "类别"}, {"office", "机关"}, {"year", "年度"}, {"check", "核对"},
	{"want", "应为"}, {"got", "实为"}, {"detail", "说明"}, {"status", "审核"},
}

// maxXLSXFindings bounds a findings workbook from the server, which builds
// it in memory: about 20 µs of processor time a row, so 5,000 rows answer
// within 200 ms (a variable so that tests can pass it).
var maxXLSXFindings = 5000

// findingQuery reads a findings request: the search filters, kind, status
// (open, unreviewed, confirmed, dismissed, fixed), key (one finding), sort
// and desc=1.
func findingQuery(v url.Values) (index.FindingQuery, error) {
	f, err := filter(v)
	if err != nil {
		return index.FindingQuery{}, err
	}
	q := index.FindingQuery{Filter: f, Kind: v.Get("kind"), Status: v.Get("status"), Key: v.Get("key"), Sort: v.Get("sort"), Desc: v.Get("desc") == "1",
		After: v.Get("after"), Before: v.Get("before"), Last: v.Get("last") == "1"}
	if q.Kind != "" && gongkai.FindingKindLabels[q.Kind] == "" {
		return q, badRequest("类别 kind=%q 无效：应为 %s 之一", q.Kind, strings.Join(findingKinds, "、"))
	}
	if err := q.Validate(); err != nil {
		return q, errBadRequest{err}
	}
	return q, nil
}

// apiFindings answers a page of findings as JSON (offset, limit up to
// index.MaxFindingLimit, default 100) with the counts by kind, or every
// finding as CSV or XLSX (format=csv|xlsx), streamed from the index.
func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := findingQuery(v)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	switch format := v.Get("format"); format {
	case "csv", "xlsx":
		if format == "xlsx" { // a workbook is built whole in memory before its first byte
			count, err := s.idx.Findings(r.Context(), index.FindingQuery{Filter: q.Filter, Kind: q.Kind, Status: q.Status, Key: q.Key, Limit: 1})
			if err != nil {
				s.apiError(w, r, err)
				return
			}
			if count.Total > maxXLSXFindings {
				s.apiError(w, r, badRequest("XLSX 最多导出 %d 条核对发现，筛选出 %d 条：请缩小筛选范围，或用 format=csv（流式导出，不限条数）", maxXLSXFindings, count.Total))
				return
			}
		}
		w.Header().Set("Content-Type", export.ContentType(format))
		w.Header().Set("Content-Disposition", `attachment; filename="findings.`+format+`"`)
		each := func(visit func(index.ReviewedFinding) error) error { return s.idx.EachFinding(r.Context(), q, visit) }
		if err := export.WriteFindings(w, format, each); err != nil {
			s.opts.Logger.Error("findings export", "format", format, "err", err)
		}
		return
	case "", "json":
	default:
		s.apiError(w, r, badRequest("格式 format=%q 无效：应为 json、csv 或 xlsx", format))
		return
	}
	q.Limit = 100
	within := func(name string, n int) bool { return name != "limit" || 1 <= n && n <= index.MaxFindingLimit }
	if name, text := pageArgs(v, &q.Offset, &q.Limit, within); name != "" {
		s.apiError(w, r, badRequest("%s=%q 无效：offset 应为不小于 0 的整数，limit 为 1 到 %d", name, text, index.MaxFindingLimit))
		return
	}
	if err := deepOffset(q.Offset, q.Limit, true); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := q.Validate(); err != nil { // offset with a cursor
		s.apiError(w, r, errBadRequest{err})
		return
	}
	res, err := s.idx.Findings(r.Context(), q)
	if err != nil {
		s.apiError(w, r, fmt.Errorf("findings: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, res)
}

type kindCount struct {
	Kind, Label, URL string
	Count            int
	Active           bool
}

type findingHeader struct {
	Label, URL, Class string
}

type statusOption struct{ Value, Label string }

// findingStatusFilter are the choices of the review filter.
var findingStatusFilter = []statusOption{
	{index.StatusOpen, "待处理（未审核或已确认）"}, {index.StatusUnreviewed, "未审核"},
	{gongkai.ReviewConfirmed, "确认"}, {gongkai.ReviewDismissed, "排除"}, {gongkai.ReviewFixed, "已整改"},
}

type findingsView struct {
	Title      string
	V          map[string]string
	Kinds      []string
	Statuses   []statusOption
	Verdicts   []statusOption // what a reviewer can mark
	KindCounts []kindCount
	All        int // findings of every kind under the other filters
	Total      int // of the kind shown
	From, To   int
	Headers    []findingHeader
	Findings   []index.ReviewedFinding
	Prev, Next string
	First      string // the first page, shown where there is a page before
	Last       string // the last page, shown where there is a next
	CSV, XLSX  string
	CanReview  bool   // the viewer holds the token
	Reviewing  bool   // the server has a token at all
	Back       string // this page, to return to after a review
}

// findingsPage lists the findings a page at a time, sorted by any column
// (sort=year, desc=1), with the count of every kind whichever is shown,
// and — for a viewer holding the token — a form to review each.
func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := findingQuery(v)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	page := 1
	if p := v.Get("page"); p != "" {
		if page, err = strconv.Atoi(p); err != nil || page < 1 || page > 1_000_000 {
			s.errorPage(w, r, badRequest("页码 page=%q 无效：应为从 1 起的整数", p))
			return
		}
	}
	if deepest := index.MaxOffset / findingsPageSize; page > deepest {
		s.errorPage(w, r, badRequest("页码 page=%d 过深：按页码最多到第 %d 页，更深处请用“下一页”“末页”链接（按游标翻页，每页一样快）", page, deepest))
		return
	}
	q.Offset, q.Limit = (page-1)*findingsPageSize, findingsPageSize
	if err := q.Validate(); err != nil { // page with a cursor
		s.errorPage(w, r, errBadRequest{err})
		return
	}
	res, err := s.idx.Findings(r.Context(), q)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	view := findingsView{Title: "核查发现", V: map[string]string{}, Kinds: findingKinds, All: res.All, Total: res.Total,
		Statuses: findingStatusFilter, Findings: res.Findings, Reviewing: s.opts.Token != "",
		CanReview: s.opts.Token != "" && authorized(r, s.opts.Token), Back: r.URL.RequestURI()}
	for _, st := range gongkai.ReviewStatuses {
		view.Verdicts = append(view.Verdicts, statusOption{st, gongkai.ReviewStatusLabels[st]})
	}
	for _, k := range []string{"kind", "year", "region", "office", "level", "status"} {
		view.V[k] = v.Get(k)
	}
	counts := map[string]int{}
	for _, c := range res.Kinds {
		counts[c.Value] = c.Count
	}
	for _, k := range findingKinds {
		view.KindCounts = append(view.KindCounts, kindCount{Kind: k, Label: gongkai.FindingKindLabels[k], Count: counts[k],
			URL: firstPage(v, "kind", k), Active: k == q.Kind})
	}
	for _, c := range findingColumns {
		h := findingHeader{Label: c.Label}
		next := ""
		if c.Param == q.Sort {
			h.Class = "asc"
			if q.Desc {
				h.Class = "desc"
			} else {
				next = "1"
			}
		}
		h.URL = firstPage(withValue(v, "sort", c.Param), "desc", next)
		view.Headers = append(view.Headers, h)
	}
	view.From = q.Offset + 1
	switch {
	case q.Last:
		view.From = res.Total - len(res.Findings) + 1
	case q.After != "" || q.Before != "":
		view.From = startParam(v)
	}
	view.To = max(view.From+len(res.Findings)-1, 0)
	prevStart, nextStart := 0, 0 // unknown
	if view.From > 0 {
		prevStart, nextStart = max(view.From-findingsPageSize, 1), view.To+1
	}
	if res.Prev != "" {
		view.Prev = cursorLink("/findings", v, "before", res.Prev, prevStart)
		view.First = "/findings?" + withoutPaging(v).Encode()
	}
	if res.Next != "" {
		view.Next = cursorLink("/findings", v, "after", res.Next, nextStart)
		view.Last = "/findings?" + withoutPaging(v, "last", "1").Encode()
	}
	c := withoutPaging(v)
	for _, k := range []string{"sort", "desc"} {
		c.Del(k)
	}
	c.Set("format", "csv")
	view.CSV = "/api/findings?" + c.Encode()
	c.Set("format", "xlsx")
	view.XLSX = "/api/findings?" + c.Encode()
	s.page(w, r, "findings", view)
}

// withValue is a copy of v with param set to value, removed when "".
func withValue(v url.Values, param, value string) url.Values {
	c := cloneValues(v)
	if value == "" {
		c.Del(param)
	} else {
		c.Set(param, value)
	}
	return c
}

// firstPage is the findings page's URL with param set to value, on page 1.
func firstPage(v url.Values, param, value string) string {
	return "/findings?" + withoutPaging(withValue(v, param, value)).Encode()
}

// reviewRequest is the body of POST /api/reviews; status "" removes the review.
type reviewRequest struct {
	Key    string `json:"key"`
	Status string `json:"status"`
	Note   string `json:"note"`
	By     string `json:"by"`
}

// review checks and stores a review of a finding that exists now.
func (s *Server) review(r *http.Request, req reviewRequest) (*gongkai.Review, error) {
	rv := gongkai.Review{Key: req.Key, Note: strings.TrimSpace(req.Note), By: strings.TrimSpace(req.By), At: time.Now().UTC()}
	if req.Status != "" {
		st, err := gongkai.ReviewStatus(req.Status)
		if err != nil {
			return nil, errBadRequest{err}
		}
		rv.Status = st
		if err := rv.Validate(); err != nil {
			return nil, errBadRequest{err}
		}
	}
	if rv.Key == "" {
		return nil, badRequest("缺少核查发现的标识 key")
	}
	res, err := s.idx.Findings(r.Context(), index.FindingQuery{Key: rv.Key, Limit: 1})
	if err != nil {
		return nil, err
	}
	if res.Total == 0 {
		return nil, notFound("没有这项核查发现：" + rv.Key)
	}
	if err := s.idx.Review(r.Context(), rv); err != nil {
		return nil, fmt.Errorf("审核未保存：%w", err)
	}
	s.opts.Logger.Info("review", "key", rv.Key, "status", rv.Status, "by", rv.By)
	return &rv, nil
}

// apiReview stores a review for a caller holding the token: JSON
// {"key", "status" (confirmed|dismissed|fixed, or 确认|排除|已整改, "" to
// remove), "note", "by"}.
func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) {
	if !s.mayChange(w, r) {
		return
	}
	var req reviewRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10)).Decode(&req); err != nil {
		s.apiError(w, r, badRequest("请求体应为 JSON：{\"key\":…, \"status\":…, \"note\":…, \"by\":…}（%v）", err))
		return
	}
	rv, err := s.review(r, req)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rv)
}

// mayChange answers 403 or 401 and reports false unless the request may
// change state: the server has a token and the request carries it.
func (s *Server) mayChange(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case s.opts.Token == "":
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "审核未启用：启动 serve 时需有令牌（--token-file 或 $GONGKAI_TOKEN）"})
		return false
	case !authorized(r, s.opts.Token):
		w.Header().Set("WWW-Authenticate", `Bearer realm="gongkai"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "需要有效令牌：Authorization: Bearer TOKEN"})
		return false
	}
	return true
}

// sessionCookie is the cookie a browser holding the token carries: not the
// token but a MAC of it, so the cookie does not disclose the token.
const sessionCookie = "gongkai_session"

func sessionValue(token string) string {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("gongkai review session"))
	return hex.EncodeToString(m.Sum(nil))
}

// sameOrigin reports whether a form post comes from this site: another
// site's page must not act with the reviewer's cookie (which is
// SameSite=Strict as well). Browsers say where a request comes from in
// Sec-Fetch-Site; Origin is "null" under this site's no-referrer policy,
// so it is read only when it names a site. Clients that send neither are
// not browsers acting for someone else.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		return err == nil && u.Host == r.Host
	}
	return true
}

// localPath keeps a return address on this site: a path, not a URL.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/findings"
	}
	return p
}

// loginPage asks for the token.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if s.opts.Token == "" {
		s.errorPage(w, r, forbidden("审核未启用：启动 serve 时需有令牌（--token-file 或 $GONGKAI_TOKEN）；没有令牌时界面只读"))
		return
	}
	s.page(w, r, "login", map[string]any{"Title": "审核登录", "Back": localPath(r.URL.Query().Get("back")), "Failed": r.URL.Query().Get("failed") == "1"})
}

// login sets the session cookie for a browser that gives the token.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	back := localPath(r.PostFormValue("back"))
	if s.opts.Token == "" || !sameOrigin(r) {
		s.errorPage(w, r, forbidden("审核未启用或请求来自其他站点"))
		return
	}
	if !hmac.Equal([]byte(sessionValue(r.PostFormValue("token"))), []byte(sessionValue(s.opts.Token))) {
		http.Redirect(w, r, "/login?failed=1&back="+url.QueryEscape(back), http.StatusSeeOther)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sessionValue(s.opts.Token), Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: 12 * 3600})
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// logout clears the session cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/findings", http.StatusSeeOther)
}

// reviewForm stores a review posted from the findings page and returns to it.
func (s *Server) reviewForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if s.opts.Token == "" || !authorized(r, s.opts.Token) || !sameOrigin(r) {
		s.errorPage(w, r, forbidden("需要先以令牌登录才能审核（界面只读）"))
		return
	}
	req := reviewRequest{Key: r.PostFormValue("key"), Status: r.PostFormValue("status"), Note: r.PostFormValue("note"), By: r.PostFormValue("by")}
	if _, err := s.review(r, req); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, localPath(r.PostFormValue("back")), http.StatusSeeOther)
}
