package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// policyError is a refusal by the crawler's own rules (scheme, host, private
// address, redirects, size). Retrying cannot help, so it is never retried.
type policyError struct {
	msg    string
	robots bool // the refusal is robots.txt's (a redirect into a disallowed path)
}

func (e *policyError) Error() string { return e.msg }

func refuse(format string, args ...any) error { return &policyError{msg: fmt.Sprintf(format, args...)} }

// nonPublic are the address ranges refused unless a site sets allow_private:
// the crawler must not be turned against the machine it runs on or its network.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"), // NAT64 can reach private IPv4
}

// publicIP says whether ip is a public unicast address.
func publicIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// refusePrivate is a net.Dialer Control hook. It sees the address actually
// being dialled, after name resolution, so a host name that resolves (or
// re-resolves, as in DNS rebinding) to a private address is still refused.
func refusePrivate(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return refuse("dial %s: cannot check address: %v", address, err)
	}
	if !publicIP(ap.Addr()) {
		return refuse("dial %s: private, loopback or link-local address refused (set allow_private for this site)", address)
	}
	return nil
}

// testResolve, when set (by tests only), maps "host:port" to the address
// the dialer connects to, in place of DNS: it stands for a name server that
// answers what an attacker likes, as in DNS rebinding. Its answer still
// passes through the dialer's Control hook, like a real resolution does.
var testResolve func(addr string) string

// fetcher does HTTP for every site: per-host rate limits and robots.txt,
// retries, and the limits of Config.
type fetcher struct {
	cfg        *Config
	strict     *http.Transport // refuses non-public addresses at dial time
	permissive *http.Transport // for sites with allow_private
	requests   atomic.Int64

	mu    sync.Mutex
	hosts map[string]*hostState // by scheme://host
}

// hostState is what the crawler keeps per host during a run.
type hostState struct {
	limiter     *rate.Limiter // the host's rate: the slowest of its sites', or its Crawl-delay
	robotsOnce  sync.Once
	robots      *robotstxt.Group // nil: everything allowed
	unreachable error            // set when robots.txt could not even be asked for: the host is not there

	busy     chan struct{} // one request in flight per host
	done     time.Time     // when the last request to the host finished
	deadline time.Time     // the host's share of the run ends here (Config.HostDeadline)
}

// acquire waits for the host's turn: no other request in flight, a token
// from its limiter, and a full interval since the previous request finished.
// Counting from the finish (not the start) keeps the spacing the server sees
// at least 1/rate however long the previous request took to arrive. The
// returned release marks the request finished.
func (h *hostState) acquire(ctx context.Context) (release func(), err error) {
	select {
	case h.busy <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() {
		h.done = time.Now()
		<-h.busy
	}
	if lim := h.limiter.Limit(); lim > 0 && !h.done.IsZero() {
		wait := time.Until(h.done.Add(time.Duration(float64(time.Second) / float64(lim))))
		if err := sleep(ctx, wait); err != nil {
			<-h.busy
			return nil, err
		}
	}
	if err := h.limiter.Wait(ctx); err != nil {
		<-h.busy
		return nil, err
	}
	return release, nil
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func newFetcher(cfg *Config) *fetcher {
	transport := func(control func(string, string, syscall.RawConn) error) *http.Transport {
		d := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Control: control}
		dial := d.DialContext
		if resolve := testResolve; resolve != nil {
			dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
				return d.DialContext(ctx, network, resolve(addr))
			}
		}
		return &http.Transport{
			Proxy:                 nil, // a proxy would make the dial-time address check meaningless
			DialContext:           dial,
			TLSHandshakeTimeout:   cfg.ConnectTimeout,
			ResponseHeaderTimeout: cfg.Timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       30 * time.Second,
		}
	}
	return &fetcher{
		cfg:        cfg,
		strict:     transport(refusePrivate),
		permissive: transport(nil),
		hosts:      map[string]*hostState{},
	}
}

func (f *fetcher) close() {
	f.strict.CloseIdleConnections()
	f.permissive.CloseIdleConnections()
}

// client returns an HTTP client for one site: its redirects stay within the
// site's allowed hosts, on http or https, and stop after MaxRedirects.
func (f *fetcher) client(site *Site) *http.Client {
	t := f.strict
	if site.AllowPrivate {
		t = f.permissive
	}
	return &http.Client{
		Transport: t,
		Timeout:   f.cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > f.cfg.MaxRedirects {
				return refuse("stopped after %d redirects (last to %s)", f.cfg.MaxRedirects, req.URL)
			}
			if err := checkURL(site, req.URL); err != nil {
				return err
			}
			// Every hop answers to robots.txt, not only the URL asked for:
			// an allowed URL must not lead the crawler into a disallowed path.
			// (robots.txt's own redirects are followed as RFC 9309 says.)
			if via[0].URL.Path == "/robots.txt" {
				return nil
			}
			ok, err := f.allowed(req.Context(), site, req.URL)
			if err != nil {
				return err
			}
			if !ok {
				return &policyError{msg: fmt.Sprintf("%s: disallowed by robots.txt (redirected from %s)", req.URL, via[0].URL), robots: true}
			}
			return nil
		},
	}
}

// checkURL applies the scheme and host rules to a URL about to be requested.
func checkURL(site *Site, u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return refuse("%s: only http and https are fetched", u)
	}
	if !hostAllowed(site.Allow, u.Host) {
		return refuse("%s: host %s is not in the site's allow list", u, u.Host)
	}
	return nil
}

// host returns the state of u's host, creating its rate limiter at the site's
// rate. A host shared by sites runs at the slowest of their rates.
func (f *fetcher) host(site *Site, u *url.URL) *hostState {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[key]
	if h == nil {
		h = &hostState{limiter: rate.NewLimiter(rate.Limit(site.Rate), 1), busy: make(chan struct{}, 1),
			deadline: time.Now().Add(f.cfg.HostDeadline)}
		f.hosts[key] = h
	} else if rate.Limit(site.Rate) < h.limiter.Limit() {
		h.limiter.SetLimit(rate.Limit(site.Rate))
	}
	return h
}

// allowed says whether robots.txt of u's host lets the crawler fetch u,
// reading robots.txt once per host and run. Its Crawl-delay slows the host's
// rate when it asks for more spacing than the site's rate gives. A host that
// cannot be reached at all (its name unknown, connections refused) is an
// *unreachableError, not a refusal by robots.txt.
func (f *fetcher) allowed(ctx context.Context, site *Site, u *url.URL) (bool, error) {
	h := f.host(site, u)
	h.robotsOnce.Do(func() {
		robotsURL := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}).String()
		resp, _, err := f.get(ctx, site, robotsURL, "", "")
		var pe *policyError
		switch {
		case errors.As(err, &pe):
			// Our own rules refuse the host: the fetches themselves will say why.
			return
		case resp == nil && isUnreachable(err):
			h.unreachable = &unreachableError{host: u.Host, err: err}
			return
		case resp == nil:
			// Unreachable robots.txt: RFC 9309 says assume complete disallow.
			f.cfg.Logger.Warn("robots.txt unreachable, host treated as disallowed", "url", robotsURL, "err", err)
			h.robots = disallowAll()
			return
		}
		// 4xx allows everything, 5xx after retries disallows everything (RFC 9309).
		if resp.status >= 500 {
			f.cfg.Logger.Warn("robots.txt failing, host treated as disallowed", "url", robotsURL, "status", resp.status)
			h.robots = disallowAll()
			return
		}
		data, err := robotstxt.FromStatusAndBytes(resp.status, resp.body)
		if err != nil {
			f.cfg.Logger.Warn("robots.txt unreadable, everything allowed", "url", robotsURL, "err", err)
			return
		}
		h.robots = data.FindGroup(f.cfg.robotsAgent())
		d := h.robots.CrawlDelay
		if d > f.cfg.MaxCrawlDelay {
			f.cfg.Logger.Warn("robots.txt 要求的 Crawl-delay 超过上限，按上限抓取", "url", robotsURL, "crawl_delay", d, "cap", f.cfg.MaxCrawlDelay)
			d = f.cfg.MaxCrawlDelay
		}
		if d > 0 && rate.Every(d) < h.limiter.Limit() {
			h.limiter.SetLimit(rate.Every(d))
		}
	})
	if h.unreachable != nil {
		return false, h.unreachable
	}
	return h.robots == nil || h.robots.Test(u.RequestURI()), nil
}

// unreachableError says a host could not be reached at all.
type unreachableError struct {
	host string
	err  error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("主机 %s 无法连接（域名无法解析或连接被拒绝）: %v", e.host, e.err)
}

func (e *unreachableError) Unwrap() error { return e.err }

// isUnreachable says whether err means no server answered: the name did not
// resolve, or the connection could not be made.
func isUnreachable(err error) bool {
	var dns *net.DNSError
	var op *net.OpError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial")
}

// disallowAll is the group of a robots.txt that forbids everything. It is
// parsed from rules, not taken from FromStatusAndBytes(5xx): that RobotsData
// disallows only through its own TestAgent, and its FindGroup returns an
// empty group that allows every path (so an unreachable robots.txt used to
// let the whole host be crawled; TestHostileServers holds this).
func disallowAll() *robotstxt.Group {
	d, err := robotstxt.FromString("User-agent: *\nDisallow: /\n")
	if err != nil {
		panic(err) // a constant that parses
	}
	return d.FindGroup("*")
}

// response is one completed HTTP exchange.
type response struct {
	status   int
	finalURL string
	header   http.Header
	body     []byte // non-nil for status 200
}

// get fetches rawURL for site with conditional headers when given, retrying
// network errors, 5xx and 429 with exponential backoff and jitter (at least
// the server's Retry-After) up to MaxTries. It returns the last response
// along with an error when it gave up (a nil response means none arrived),
// and the number of requests it made.
func (f *fetcher) get(ctx context.Context, site *Site, rawURL, etag, lastModified string) (*response, int, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, 0, refuse("%s: %v", rawURL, err)
	}
	if err := checkURL(site, u); err != nil {
		return nil, 0, err
	}
	h := f.host(site, u)
	if !time.Now().Before(h.deadline) {
		return nil, 0, hostDeadlineError(u, f.cfg.HostDeadline)
	}
	parent := ctx
	ctx, cancel := context.WithDeadline(ctx, h.deadline)
	defer cancel()
	client := f.client(site)
	var resp *response
	for try := 1; ; try++ {
		if parent.Err() == nil && ctx.Err() != nil {
			return nil, try - 1, hostDeadlineError(u, f.cfg.HostDeadline)
		}
		release, err := h.acquire(ctx)
		if err != nil {
			return resp, try - 1, fmt.Errorf("%s: %w", rawURL, err)
		}
		var retryAfter time.Duration
		resp, retryAfter, err = f.once(ctx, client, rawURL, etag, lastModified)
		release()
		if err != nil && parent.Err() == nil && ctx.Err() != nil {
			return nil, try, fmt.Errorf("%w: %v", hostDeadlineError(u, f.cfg.HostDeadline), err)
		}
		retry := false
		switch {
		case err != nil:
			var pe *policyError
			retry = !errors.As(err, &pe) && ctx.Err() == nil
			err = fmt.Errorf("%s: try %d: %w", rawURL, try, err)
		case resp.status == http.StatusTooManyRequests || resp.status >= 500:
			retry = true
			err = fmt.Errorf("%s: try %d: HTTP %d", rawURL, try, resp.status)
		default:
			return resp, try, nil
		}
		if !retry || try >= f.cfg.MaxTries {
			if retry {
				err = fmt.Errorf("gave up after %d tries: %w", try, err)
			}
			return resp, try, err
		}
		delay := f.backoff(try)
		if retryAfter > f.cfg.MaxRetryAfter {
			return resp, try, fmt.Errorf("%w: Retry-After %s exceeds the %s limit", err, retryAfter, f.cfg.MaxRetryAfter)
		}
		delay = max(delay, retryAfter)
		f.cfg.Logger.Debug("retrying", "url", rawURL, "try", try, "in", delay, "err", err)
		if err := sleep(ctx, delay); err != nil {
			return resp, try, fmt.Errorf("%s: %w", rawURL, err)
		}
	}
}

// backoff is the delay before try+1: Backoff·2^(try-1), capped at MaxBackoff,
// with full jitter so hosts recovering from an outage are not hit in step.
func (f *fetcher) backoff(try int) time.Duration {
	d := f.cfg.Backoff << (try - 1)
	if d > f.cfg.MaxBackoff || d <= 0 {
		d = f.cfg.MaxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// once makes one request: a GET, or a POST of the form a "#post:" key
// carries (postKey). The body is read only for status 200, and only up
// to MaxBody: a larger one is an error, not a truncated document.
func (f *fetcher) once(ctx context.Context, client *http.Client, rawURL, etag, lastModified string) (*response, time.Duration, error) {
	target, form := splitPost(rawURL)
	method, payload := http.MethodGet, io.Reader(nil)
	if form != nil {
		method, payload = http.MethodPost, strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, payload)
	if err != nil {
		return nil, 0, refuse("%v", err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	f.requests.Add(1)
	res, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer res.Body.Close()
	r := &response{status: res.StatusCode, finalURL: res.Request.URL.String(), header: res.Header}
	if res.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
		return r, retryAfter(res.Header.Get("Retry-After"), time.Now()), nil
	}
	if res.ContentLength > f.cfg.MaxBody {
		return nil, 0, refuse("body of %d bytes exceeds the %d-byte limit", res.ContentLength, f.cfg.MaxBody)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, f.cfg.MaxBody+1))
	if err != nil {
		return nil, 0, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > f.cfg.MaxBody {
		return nil, 0, refuse("body exceeds the %d-byte limit", f.cfg.MaxBody)
	}
	r.body = body
	if r.body == nil {
		r.body = []byte{}
	}
	return r, 0, nil
}

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// hostDeadlineError says a host has used up its time in this run: a server
// that drips its answers must not hold the run (and the store's lock).
func hostDeadlineError(u *url.URL, d time.Duration) error {
	return refuse("%s: 主机 %s 本次运行的时限（%s）已用完，其余网址留待下次运行", u, u.Host, d)
}
