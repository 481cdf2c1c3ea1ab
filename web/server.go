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
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
)

//go:embed assets
var assets embed.FS

// Options configure a server.
type Options struct {
	// Raw reads a stored document by its sha256, for the link to the stored
	// copy; nil when there is no raw store (an Elasticsearch-only setup).
	Raw func(sha256 string) ([]byte, error)
	// Reindex brings the index level with the raw store and says what it
	// did; nil when there is no store. It is the one action that changes
	// state, so it needs Token.
	Reindex func(ctx context.Context) (string, error)
	// Token authorises actions that change state (POST /api/reindex, with
	// "Authorization: Bearer TOKEN"); "" disables them. Reading needs none.
	Token  string
	Logger *slog.Logger // nil logs nothing
}

// Server answers the API and the pages over one index.
type Server struct {
	idx   index.Index
	opts  Options
	pages map[string]*template.Template
	mux   *http.ServeMux
}

// New returns the server's handler over idx.
func New(idx index.Index, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{idx: idx, opts: opts, pages: map[string]*template.Template{}, mux: http.NewServeMux()}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "assets/layout.html")
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	for _, name := range []string{"search", "report", "body", "region", "findings", "error"} {
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
	m.HandleFunc("GET /raw/{sha}", s.raw)
	m.HandleFunc("GET /api/search", s.apiSearch)
	m.HandleFunc("GET /api/reports/{id}", s.apiReport)
	m.HandleFunc("GET /api/compare", s.apiCompare)
	m.HandleFunc("GET /api/findings", s.apiFindings)
	m.HandleFunc("GET /api/export", s.apiExport)
	m.HandleFunc("POST /api/reindex", s.apiReindex)
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
	s.mux.ServeHTTP(w, r)
}

// apiReindex runs Options.Reindex for a caller holding the token.
func (s *Server) apiReindex(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<10) // the action takes no body
	switch {
	case s.opts.Token == "" || s.opts.Reindex == nil:
		http.Error(w, "reindexing is disabled: start serve with a token and a raw store", http.StatusForbidden)
		return
	case !authorized(r, s.opts.Token):
		w.Header().Set("WWW-Authenticate", `Bearer realm="gongkai"`)
		http.Error(w, "a valid token is required", http.StatusUnauthorized)
		return
	}
	summary, err := s.opts.Reindex(r.Context())
	if err != nil {
		s.opts.Logger.Error("reindex", "err", err)
		http.Error(w, "reindex failed: "+errInternal, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"summary": summary})
}

// authorized reports whether the request carries the token, compared in
// constant time.
func authorized(r *http.Request, token string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

// errBadRequest marks errors in the request (status 400).
type errBadRequest struct{ error }

// filter reads the search filters of a request: year (Y or A-B), region,
// level, office, template, failed=1, check.
func filter(q url.Values) (index.Filter, error) {
	from, to, err := index.ParseYears(strings.TrimSpace(q.Get("year")))
	if err != nil {
		return index.Filter{}, errBadRequest{err}
	}
	return index.Filter{
		YearFrom: from, YearTo: to,
		Region: strings.TrimSpace(q.Get("region")), Level: q.Get("level"), Office: strings.TrimSpace(q.Get("office")),
		Template: q.Get("template"), FailedChecks: q.Get("failed") == "1", Check: q.Get("check"),
	}, nil
}

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
	for name, dst := range map[string]*int{"offset": &q.Offset, "limit": &q.Limit} {
		if s := v.Get(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return q, errBadRequest{fmt.Errorf("%s %q: want a number ≥ 0", name, s)}
			}
			*dst = n
		}
	}
	q.Limit = min(max(q.Limit, 1), 200)
	return q, nil
}

// status maps an error to its HTTP status.
func status(err error) int {
	switch {
	case errors.As(err, new(errBadRequest)):
		return http.StatusBadRequest
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// public returns an error's status and the message the client sees. The
// text of a request's error (4xx) is the client's to read; a failure
// behind the server (5xx: the index, its backend, a template) is logged and
// the client told only that it happened, since the backend's message can
// name indices, hosts and queries.
func (s *Server) public(r *http.Request, err error) (int, string) {
	code := status(err)
	if code == http.StatusInternalServerError {
		s.opts.Logger.Error("request failed", "path", r.URL.Path, "err", err)
		return code, errInternal
	}
	return code, err.Error()
}

// errInternal is what a client is told of a failure behind the server.
const errInternal = "服务器内部错误，已记入日志"

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.public(r, err)
	writeJSON(w, code, map[string]string{"error": msg})
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
		s.apiError(w, r, errBadRequest{err})
		return
	}
	q := index.CompareQuery{Keys: v["key"], Office: v.Get("office"), Region: v.Get("region"), YearFrom: from, YearTo: to}
	if (q.Office == "") == (q.Region == "") {
		s.apiError(w, r, errBadRequest{errors.New("compare: give one of office and region")})
		return
	}
	if len(q.Keys) == 0 {
		q.Keys = KeyFigures
	}
	cmp, err := s.idx.Compare(r.Context(), q)
	if err != nil {
		s.apiError(w, r, fmt.Errorf("compare: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, cmp)
}

// findings computes the findings over the reports the request's filters
// keep. A missing report is only seen against the years the others cover,
// so the years and the office are not used to read the reports but to
// filter the findings. kind= keeps one kind of finding.
func (s *Server) findings(ctx context.Context, v url.Values) ([]gongkai.Finding, error) {
	f, err := filter(v)
	if err != nil {
		return nil, err
	}
	from, to, office := f.YearFrom, f.YearTo, f.Office
	f.YearFrom, f.YearTo, f.Office = 0, 0, ""
	entries, err := export.All(ctx, s.idx, f)
	if err != nil {
		return nil, err
	}
	kind := v.Get("kind")
	out := []gongkai.Finding{}
	for _, fd := range gongkai.Findings(entries) {
		if (from > 0 && fd.Year < from) || (to > 0 && fd.Year > to) || (kind != "" && fd.Kind != kind) ||
			!strings.Contains(fd.Office, office) {
			continue
		}
		out = append(out, fd)
	}
	return out, nil
}

// apiFindings answers JSON, or CSV with format=csv.
func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request) {
	found, err := s.findings(r.Context(), r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", export.ContentType("csv"))
		w.Header().Set("Content-Disposition", `attachment; filename="findings.csv"`)
		if err := export.FindingsCSV(w, found); err != nil {
			s.opts.Logger.Error("findings csv", "err", err)
		}
		return
	}
	writeJSON(w, http.StatusOK, found)
}

// apiExport writes every report the filters keep, format=csv|xlsx|jsonl
// (long=1 for one CSV row per fact), as a download.
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	format := v.Get("format")
	if format == "" {
		format = "csv"
	}
	if !contains(export.Formats, format) {
		s.apiError(w, r, errBadRequest{fmt.Errorf("format %q: want csv, xlsx or jsonl", format)})
		return
	}
	f, err := filter(v)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	entries, err := export.All(r.Context(), s.idx, f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", export.ContentType(format))
	w.Header().Set("Content-Disposition", `attachment; filename="gongkai.`+format+`"`)
	if err := export.Write(w, format, v.Get("long") == "1", entries); err != nil {
		s.opts.Logger.Error("export", "err", err)
	}
}

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
	sha := r.PathValue("sha")
	if s.opts.Raw == nil {
		http.Error(w, "no raw store", http.StatusNotFound)
		return
	}
	if b, err := hex.DecodeString(sha); err != nil || len(b) != 32 {
		http.Error(w, "not a sha256", http.StatusBadRequest)
		return
	}
	data, err := s.opts.Raw(sha)
	if err != nil {
		http.Error(w, "not in the raw store", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.Header().Set("Content-Type", http.DetectContentType(data))
	w.Write(data)
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
	code, msg := s.public(r, err)
	var b strings.Builder
	if rerr := s.pages["error"].Execute(&b, map[string]any{"Title": "出错", "Status": code, "Err": msg}); rerr != nil {
		http.Error(w, msg, code)
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
