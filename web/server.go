// Package web is gongkai's HTTP server: a JSON API over an index and a web
// UI in Chinese for auditors and researchers — search with highlighted
// passages, a report's tables as printed with failed checks marked, a body's
// figures over the years, a region's bodies side by side, and the findings.
// Pages are rendered on the server with html/template (which escapes every
// piece of report text); charts are SVG drawn here; the one small script and
// the style sheet are embedded, so the binary needs nothing else.
package web

import (
	"context"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/places"
	"github.com/gongkai/gongkai/watch"
)

//go:embed assets
var assets embed.FS

// Options configure a server.
type Options struct {
	// Raw reads a stored document by its sha256, for the link to the stored
	// copy; nil when there is no raw store (an Elasticsearch-only setup).
	Raw func(sha256 string) ([]byte, error)
	// Picture reads the picture stored with the report page stored as
	// pageSHA that the page prints as src (an error wrapping
	// fs.ErrNotExist when there is none), for the crop of a value read
	// from it by OCR; nil when there is no raw store.
	Picture func(ctx context.Context, pageSHA, src string) ([]byte, error)
	// Reindex brings the index level with the raw store and says what it
	// did; nil when there is no store. It is the one action that changes
	// state, so it needs Token.
	Reindex func(ctx context.Context) (string, error)
	// Token authorises actions that change state (POST /api/reindex, with
	// "Authorization: Bearer TOKEN"); "" disables them. Reading needs none.
	Token  string
	Logger *slog.Logger // nil logs nothing
	// Feeds reads what the watches have seen, for their Atom feeds
	// (/feeds/NAME.xml) and the feeds page; nil when there is no data
	// directory to read it from.
	Feeds func() (*watch.State, error)
	// MaxConcurrent bounds the requests answered at once (0: DefaultMaxConcurrent);
	// one more waits up to QueueWait for a turn, then gets 503 with Retry-After.
	MaxConcurrent int
}

// Server answers the API and the pages over one index.
type Server struct {
	idx   index.Index
	opts  Options
	pages map[string]*template.Template
	mux   *http.ServeMux
	turns chan struct{} // one token per request being answered
}

// New returns the server's handler over idx.
func New(idx index.Index, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = DefaultMaxConcurrent
	}
	s := &Server{idx: idx, opts: opts, pages: map[string]*template.Template{}, mux: http.NewServeMux(),
		turns: make(chan struct{}, opts.MaxConcurrent)}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "assets/layout.html")
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	for _, name := range []string{"search", "report", "body", "region", "findings", "feeds", "login", "error"} {
		t, err := template.Must(base.Clone()).ParseFS(assets, "assets/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: page %s: %w", name, err)
		}
		s.pages[name] = t
	}
	static, err := fs.Sub(assets, "assets/static")
	if err != nil {
		return nil, fmt.Errorf("web: static: %w", err)
	}
	m := s.mux
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /{$}", s.searchPage)
	m.HandleFunc("GET /reports/{id}", s.reportPage)
	m.HandleFunc("GET /body", s.bodyPage)
	m.HandleFunc("GET /region", s.regionPage)
	m.HandleFunc("GET /findings", s.findingsPage)
	m.HandleFunc("GET /feeds", s.feedsPage)
	m.HandleFunc("GET /feeds/{file}", s.feed)
	m.HandleFunc("GET /raw/{sha}", s.raw)
	m.HandleFunc("GET /raw/{sha}/crop", s.crop)
	m.HandleFunc("GET /api/search", s.apiSearch)
	m.HandleFunc("GET /api/reports/{id}", s.apiReport)
	m.HandleFunc("GET /api/compare", s.apiCompare)
	m.HandleFunc("GET /api/findings", s.apiFindings)
	m.HandleFunc("GET /api/export", s.apiExport)
	m.HandleFunc("POST /api/reindex", s.apiReindex)
	m.HandleFunc("POST /api/reviews", s.apiReview)
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.logout)
	m.HandleFunc("POST /findings/review", s.reviewForm)
	m.HandleFunc("/api/", s.apiUnknown)
	m.HandleFunc("/", s.pageUnknown)
	return s, nil
}

// ServeHTTP sets the headers every answer carries and routes the request.
// The content security policy allows only the embedded script and style:
// even if report text ever reached a page unescaped, it could not run.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if !strings.HasPrefix(r.URL.Path, "/static/") {
		if !s.turn(r.Context()) {
			h.Set("Retry-After", "1")
			http.Error(w, "服务器繁忙：同时处理的请求已达上限，请稍后重试", http.StatusServiceUnavailable)
			return
		}
		defer func() { <-s.turns }()
	}
	s.mux.ServeHTTP(w, r)
}

// DefaultMaxConcurrent is how many requests a server answers at once when
// Options name no other number. Every answer is a bounded amount of work
// and memory (pages of findings and hits, exports streamed), so this
// bounds the server's memory: see the README for the ceiling measured
// under 1,000 concurrent requests.
const DefaultMaxConcurrent = 16

// QueueWait is how long a request beyond the limit waits for a turn
// before it is answered 503.
const QueueWait = 500 * time.Millisecond

// turn waits up to QueueWait for a turn to answer a request.
func (s *Server) turn(ctx context.Context) bool {
	select {
	case s.turns <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(QueueWait)
	defer t.Stop()
	select {
	case s.turns <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// apiReindex runs Options.Reindex for a caller holding the token.
func (s *Server) apiReindex(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<10) // the action takes no body
	switch {
	case s.opts.Token == "" || s.opts.Reindex == nil:
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "重建索引未启用：启动 serve 时需有令牌（--token-file 或 $GONGKAI_TOKEN）和原始存储（--data）"})
		return
	case !authorized(r, s.opts.Token):
		w.Header().Set("WWW-Authenticate", `Bearer realm="gongkai"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "需要有效令牌：Authorization: Bearer TOKEN"})
		return
	}
	summary, err := s.opts.Reindex(r.Context())
	if err != nil {
		s.apiError(w, r, fmt.Errorf("重建索引失败：%w", err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"summary": summary})
}

// authorized reports whether the request carries the token, compared in
// constant time, or the session cookie of a browser that gave it (/login).
func authorized(r *http.Request, token string) bool {
	if c, err := r.Cookie(sessionCookie); err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(sessionValue(token))) == 1 {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

// filter reads the search filters of a request: year (Y or A-B), region,
// level, office, template, failed=1, check. A value the filter cannot mean
// is a bad request, not a filter that quietly keeps everything.
func filter(q url.Values) (index.Filter, error) {
	from, to, err := index.ParseYears(strings.TrimSpace(q.Get("year")))
	if err != nil {
		return index.Filter{}, badRequest("年度 year=%q 无效：应为 2024 或 2019-2025（前一年不晚于后一年）", q.Get("year"))
	}
	failed, ok := flagValues[q.Get("failed")]
	if !ok {
		return index.Filter{}, badRequest("failed=%q 无效：应为 1（仅核对未通过）或 0", q.Get("failed"))
	}
	level := q.Get("level")
	if _, ok := gongkai.LevelLabels[level]; level != "" && !ok {
		return index.Filter{}, badRequest("层级 level=%q 无效：应为 %s 之一", level, strings.Join(levelOrder, "、"))
	}
	region, err := places.Resolve(q.Get("region"))
	if err != nil {
		return index.Filter{}, badRequest("地区 region=%q：%v", q.Get("region"), err)
	}
	template := q.Get("template")
	if template != "" && !contains(templates, template) {
		return index.Filter{}, badRequest("模板 template=%q 无效：应为 %s 之一", template, strings.Join(templates, "、"))
	}
	return index.Filter{
		YearFrom: from, YearTo: to,
		Region: region, Level: level, Office: strings.TrimSpace(q.Get("office")),
		Template: template, FailedChecks: failed, Check: q.Get("check"),
	}, nil
}

// flagValues are the spellings of a yes/no parameter.
var flagValues = map[string]bool{"": false, "0": false, "false": false, "1": true, "true": true}

// templates are the values of the template filter.
var templates = []string{gongkai.Template2021, gongkai.Template2019, gongkai.TemplateLegacy, gongkai.TemplateUnknown}

// Bounds on a search's text: a longer query is the client's error (400),
// not a failure of the index's query parser ("Expression tree is too large").
const (
	MaxQueryBytes = 1000
	MaxQueryTerms = 100
)

// query reads a search: q, the filters, offset and limit (at most 200).
func query(r *http.Request) (index.Query, error) {
	v := r.URL.Query()
	f, err := filter(v)
	if err != nil {
		return index.Query{}, err
	}
	q := index.Query{Text: v.Get("q"), Filter: f, Limit: index.DefaultLimit}
	if len(q.Text) > MaxQueryBytes {
		return q, errBadRequest{fmt.Errorf("查询过长：%d 字节，最多 %d 字节", len(q.Text), MaxQueryBytes)}
	}
	if n := len(index.QueryTerms(q.Text)); n > MaxQueryTerms {
		return q, errBadRequest{fmt.Errorf("查询词过多：%d 个，最多 %d 个", n, MaxQueryTerms)}
	}
	if name, s := pageArgs(v, &q.Offset, &q.Limit, nil); name != "" {
		return q, badRequest("%s=%q 无效：应为不小于 0 的整数", name, s)
	}
	q.After, q.Before = v.Get("after"), v.Get("before")
	if err := q.CheckPaging(); err != nil {
		return q, errBadRequest{err}
	}
	q.Limit = min(max(q.Limit, 1), 200)
	if err := deepOffset(q.Offset, q.Limit, false); err != nil {
		return q, err
	}
	return q, nil
}

// pageArgs reads offset= and limit=, when given, into offset and limit. It
// returns the name and text of the first that is not a whole number ≥ 0 or
// that within (nil: any) refuses, and "" when both are good.
func pageArgs(v url.Values, offset, limit *int, within func(name string, n int) bool) (name, text string) {
	for name, dst := range map[string]*int{"offset": offset, "limit": limit} {
		if s := v.Get(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || (within != nil && !within(name, n)) {
				return name, s
			}
			*dst = n
		}
	}
	return "", ""
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	s.logInternal(r, err)
	writeJSON(w, status(err), map[string]string{"error": message(r, err)})
}

// logInternal logs a failure behind the server (status 500): the client is
// told only that it happened (message), since the backend's text can name
// indices, hosts and queries.
func (s *Server) logInternal(r *http.Request, err error) {
	if status(err) == http.StatusInternalServerError {
		s.opts.Logger.Error("request failed", "path", r.URL.Path, "err", err)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, err := query(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	res, err := s.idx.Search(r.Context(), q)
	if err != nil {
		s.apiError(w, r, fmt.Errorf("search: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) {
	e, err := s.idx.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

// KeyFigures are the facts the body and region pages and the compare API
// show when none are named: applications received, granted, handled, and
// the reviews and lawsuits.
var KeyFigures = []string{
	"applications.new_received.total",
	"applications.granted.total",
	"applications.total.total",
	"review_litigation.review.total",
	"review_litigation.litigation_direct.total",
	"review_litigation.litigation_after_review.total",
}

func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	from, to, err := index.ParseYears(v.Get("years"))
	if err != nil {
		s.apiError(w, r, badRequest("年度 years=%q 无效：应为 2024 或 2019-2025", v.Get("years")))
		return
	}
	region, err := places.Resolve(v.Get("region"))
	if err != nil {
		s.apiError(w, r, badRequest("地区 region=%q：%v", v.Get("region"), err))
		return
	}
	q := index.CompareQuery{Keys: v["key"], Office: v.Get("office"), Region: region, YearFrom: from, YearTo: to}
	if (q.Office == "") == (q.Region == "") {
		s.apiError(w, r, badRequest("office（机关全称）与 region（行政区划代码）须给出且只给出一个"))
		return
	}
	for _, k := range q.Keys {
		if !knownKeys[k] {
			s.apiError(w, r, badRequest("key=%q 不是已知的数据项：应为 表.行.列，如 applications.new_received.total", k))
			return
		}
	}
	if len(q.Keys) == 0 {
		q.Keys = KeyFigures
	}
	q.Limit = DefaultCompareLimit
	within := func(name string, n int) bool { return name != "limit" || 1 <= n && n <= MaxCompareLimit }
	if name, text := pageArgs(v, &q.Offset, &q.Limit, within); name != "" {
		s.apiError(w, r, badRequest("%s=%q 无效：offset 应为不小于 0 的整数，limit 为 1 到 %d", name, text, MaxCompareLimit))
		return
	}
	cmp, err := s.idx.Compare(r.Context(), q)
	if err != nil {
		s.apiError(w, r, fmt.Errorf("compare: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, cmp)
}

// The rows of one compare answer: total and offset in the answer say
// where a page stands; totals are always over every row.
const (
	DefaultCompareLimit = 200
	MaxCompareLimit     = 1000
)

// apiExport writes every report the filters keep, format=csv|xlsx|jsonl
// (long=1 for one CSV row per fact), as a download.
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	format := v.Get("format")
	if format == "" {
		format = "csv"
	}
	if !contains(export.Formats, format) {
		s.apiError(w, r, badRequest("格式 format=%q 无效：应为 csv、xlsx、jsonl 或 panel", format))
		return
	}
	f, err := filter(v)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	opts := export.Options{Long: v.Get("long") == "1", Labels: v.Get("labels") == "1"}
	if format == "csv" || format == "jsonl" { // streamed: one report in memory at a time
		w.Header().Set("Content-Type", export.ContentType(format))
		w.Header().Set("Content-Disposition", `attachment; filename="gongkai.`+format+`"`)
		each := func(visit func(*gongkai.Entry) error) error { return export.Each(r.Context(), s.idx, f, visit) }
		if err := export.Stream(w, format, opts, each); err != nil {
			s.opts.Logger.Error("export", "err", err)
		}
		return
	}
	// A workbook is built whole in memory, and a panel picks one report per
	// body and year from all of them, so their size is bounded.
	count, err := s.idx.Search(r.Context(), index.Query{Filter: f, Limit: 1})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if count.Total > MaxXLSXReports {
		s.apiError(w, r, badRequest("XLSX 最多导出 %d 份报告，筛选出 %d 份：请缩小筛选范围，或用 format=csv / jsonl（流式导出，不限份数）", MaxXLSXReports, count.Total))
		return
	}
	var entries []gongkai.Entry
	if format == "xlsx" {
		entries, opts.Findings, err = export.Workbook(r.Context(), s.idx, f)
	} else {
		entries, err = export.All(r.Context(), s.idx, f)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", export.ContentType(format))
	ext := format
	if format == "panel" {
		ext = "panel.csv"
	}
	w.Header().Set("Content-Disposition", `attachment; filename="gongkai.`+ext+`"`)
	if err := export.Write(w, format, opts, entries); err != nil {
		s.opts.Logger.Error("export", "err", err)
	}
}

// MaxXLSXReports bounds an XLSX export from the server, which builds the
// workbook in memory (CSV and JSON Lines stream and have no bound).
const MaxXLSXReports = 2000

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// raw serves a stored document by its sha256. The bytes come from a
// government site, so they are served in a sandbox: no script of theirs
// runs on this origin.
func (s *Server) raw(w http.ResponseWriter, r *http.Request) {
	data, ok := s.rawBytes(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.Header().Set("Content-Type", http.DetectContentType(data))
	w.Write(data)
}

// rawBytes reads the stored document the path's sha256 names, or answers
// with the error page and reports false.
func (s *Server) rawBytes(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	sha := r.PathValue("sha")
	if s.opts.Raw == nil {
		s.errorPage(w, r, notFound("没有原始存储：serve 未指定含存档的 --data"))
		return nil, false
	}
	if b, err := hex.DecodeString(sha); err != nil || len(b) != 32 {
		s.errorPage(w, r, badRequest("%q 不是 sha256（64 位十六进制）", sha))
		return nil, false
	}
	data, err := s.opts.Raw(sha)
	if err != nil {
		s.errorPage(w, r, notFound("原始存储中没有 "+sha))
		return nil, false
	}
	return data, true
}

// page renders a page, or the error page with the error's status.
func (s *Server) page(w http.ResponseWriter, r *http.Request, name string, data any) {
	var b strings.Builder
	if err := s.pages[name].Execute(&b, data); err != nil {
		s.opts.Logger.Error("render", "page", name, "err", err)
		http.Error(w, errInternal, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, b.String())
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	s.logInternal(r, err)
	code := status(err)
	var b strings.Builder
	v := r.URL.Query()
	view := map[string]any{"Title": headings[code], "Status": code, "Err": message(r, err), "Q": v.Get("q"), "V": v, "Levels": levelOrder}
	if rerr := s.pages["error"].Execute(&b, view); rerr != nil {
		http.Error(w, message(r, err), code)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprint(w, b.String())
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
