package web

import (
	"errors"
	"fmt"
	"net/http"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// errBadRequest marks errors in the request (status 400); its text is
// shown to the person who made it, so it is in Chinese.
type errBadRequest struct{ error }

// badRequest is a 400 error with a Chinese message.
func badRequest(format string, args ...any) error {
	return errBadRequest{fmt.Errorf(format, args...)}
}

// notFound is a page's "nothing here" (status 404), in Chinese.
type notFound string

func (e notFound) Error() string        { return string(e) }
func (e notFound) Is(target error) bool { return target == index.ErrNotFound }

// forbidden is an action this server or this request may not take (status
// 403), in Chinese.
type forbidden string

func (e forbidden) Error() string { return string(e) }

// status maps an error to its HTTP status.
func status(err error) int {
	switch {
	case errors.As(err, new(errBadRequest)), errors.Is(err, index.ErrBadCursor):
		return http.StatusBadRequest
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound
	case errors.As(err, new(errMethod)):
		return http.StatusMethodNotAllowed
	case errors.As(err, new(forbidden)):
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// headings title the error page by status.
var headings = map[int]string{
	http.StatusBadRequest:          "请求有误",
	http.StatusNotFound:            "找不到",
	http.StatusMethodNotAllowed:    "请求方式不适用",
	http.StatusForbidden:           "不允许",
	http.StatusInternalServerError: "服务器出错",
}

// errInternal is what a client is told of a failure behind the server;
// the failure itself is logged (Server.logInternal).
const errInternal = "服务器内部错误，已记入日志"

// message is what a person is told of err: the Chinese text of a request
// error or a page's not-found, and a Chinese sentence for the rest.
func message(r *http.Request, err error) string {
	var nf notFound
	switch {
	case errors.As(err, new(errBadRequest)), errors.As(err, &nf), errors.As(err, new(forbidden)):
		return err.Error()
	case errors.Is(err, index.ErrNotFound):
		return "没有找到：" + r.URL.Path
	case errors.Is(err, index.ErrBadCursor):
		return index.ErrBadCursor.Error()
	}
	return errInternal
}

// levelOrder lists the levels from the top down, as filters offer them.
var levelOrder = []string{"province", "city", "county", "street", "township", "department"}

// findingKinds lists the kinds of finding in the order pages show them.
var findingKinds = []string{gongkai.FindingCheck, gongkai.FindingCrossYear, gongkai.FindingLate, gongkai.FindingMissing, gongkai.FindingRevised, gongkai.FindingRateOutlier, gongkai.FindingCopied}

// knownKeys are the canonical fact keys, for checking a requested key.
var knownKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range gongkai.FactKeys() {
		m[k] = true
	}
	return m
}()

// apiUnknown answers an API path or method that does not exist, as JSON.
func (s *Server) apiUnknown(w http.ResponseWriter, r *http.Request) {
	if s.otherMethod(r) {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "接口 " + r.URL.Path + " 不接受 " + r.Method + " 请求"})
		return
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "没有这个接口：" + r.URL.Path + "（见 /api/search、/api/reports/ID、/api/compare、/api/findings、/api/export）"})
}

// pageUnknown answers a page that does not exist with the Chinese 404 page.
func (s *Server) pageUnknown(w http.ResponseWriter, r *http.Request) {
	if s.otherMethod(r) {
		s.errorPage(w, r, errMethod(r.Method+" 请求不适用于 "+r.URL.Path))
		return
	}
	s.errorPage(w, r, notFound("没有这个页面："+r.URL.Path))
}

// otherMethod reports whether the path exists for another method (GET
// or POST) than the request's.
func (s *Server) otherMethod(r *http.Request) bool {
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		c := r.Clone(r.Context())
		c.Method = m
		if _, pattern := s.mux.Handler(c); pattern != "/" && pattern != "/api/" {
			return true
		}
	}
	return false
}

// errMethod is a request with a method the path does not take (status 405).
type errMethod string

func (e errMethod) Error() string { return string(e) }
