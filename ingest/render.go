package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/fetch"
	cdpnetwork "github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Rendering listing pages in headless Chromium: the fallback for listings
// that no adapter reads, whose links a script writes (an empty <ul> filled
// from fetch('/api/…')). A site asks for it with `render: true`; otherwise a
// listing page with scripts and no report link is rendered by itself.
//
// The browser fetches nothing on its own. Every request it makes, the page
// itself included, is paused (the DevTools Fetch domain) and made by the
// crawler's fetcher instead: the site's allowed hosts, the private-address
// guard, robots.txt, the host's rate and the body limit hold for it as for
// any fetch, and a request they refuse fails in the page. Images, fonts,
// style sheets and media are refused outright: links do not need them. As a
// second wall, the browser is pointed at a proxy that does not exist, with
// loopback not exempt, so a request that slipped past the interception
// (a WebSocket) goes nowhere.

// DefaultRenderTimeout bounds the rendering of one page.
const DefaultRenderTimeout = 30 * time.Second

// maxRenders is how many pages are rendered at once, across sites.
const maxRenders = 2

// errNoBrowser says rendering is impossible here.
var errNoBrowser = errors.New("找不到 Chromium 浏览器：渲染脚本生成的列表需要 headless Chromium（Debian: apt-get install chromium；或在配置中指定浏览器路径）")

// renderer owns one headless browser for a crawl, started when first needed.
type renderer struct {
	cfg *Config
	f   *fetcher
	sem chan struct{}

	once    sync.Once
	browser context.Context // a chromedp context whose browser has started
	stop    func()
	err     error // why the browser could not start
}

func newRenderer(cfg *Config, f *fetcher) *renderer {
	return &renderer{cfg: cfg, f: f, sem: make(chan struct{}, maxRenders)}
}

// browserPath finds the browser: Config.Browser, else chromium on PATH or
// in /usr/bin.
func (r *renderer) browserPath() (string, error) {
	if r.cfg.Browser != "" {
		if _, err := os.Stat(r.cfg.Browser); err != nil {
			return "", fmt.Errorf("%w: %v", errNoBrowser, err)
		}
		return r.cfg.Browser, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errNoBrowser
}

// start starts the browser once; later calls return the first outcome.
func (r *renderer) start() (context.Context, error) {
	r.once.Do(func() {
		path, err := r.browserPath()
		if err != nil {
			r.err = err
			return
		}
		dir, err := os.MkdirTemp("", "gongkai-chromium-")
		if err != nil {
			r.err = fmt.Errorf("browser profile: %w", err)
			return
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(path),
			chromedp.Flag("headless", true),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("dns-prefetch-disable", true),
			chromedp.Flag("no-pings", true),
			chromedp.ProxyServer("http://127.0.0.1:9"),
			chromedp.Flag("proxy-bypass-list", "<-loopback>"),
			chromedp.UserDataDir(dir),
		)
		bctx, cancel := chromedp.NewContext(actx)
		if err := chromedp.Do(bctx); err != nil {
			cancel()
			cancelAlloc()
			os.RemoveAll(dir)
			r.err = fmt.Errorf("start chromium %s: %w", path, err)
			return
		}
		r.browser = bctx
		r.stop = func() { cancel(); cancelAlloc(); os.RemoveAll(dir) }
	})
	return r.browser, r.err
}

func (r *renderer) close() {
	if r.stop != nil {
		r.stop()
	}
}

// render loads pageURL of site in the browser, serving the page itself from
// body (already fetched), and returns the DOM as HTML once the page has
// settled (no request pending and the DOM unchanged for a moment) or when
// RenderTimeout has passed, whichever comes first.
func (r *renderer) render(ctx context.Context, site *Site, pageURL string, body []byte, contentType string) (string, error) {
	bctx, err := r.start()
	if err != nil {
		return "", err
	}
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-r.sem }()
	tab, closeTab := chromedp.NewContext(bctx)
	defer closeTab()
	stopOnCancel := context.AfterFunc(ctx, closeTab)
	defer stopOnCancel()
	if err := chromedp.Do(tab); err != nil {
		return "", fmt.Errorf("render %s: open tab: %w", pageURL, err)
	}
	paused := make(chan *fetch.EventRequestPaused, 64)
	var pending atomic.Int64
	if err := chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			pending.Add(1)
			select {
			case paused <- e:
			default:
				go func() {
					select {
					case paused <- e:
					case <-tab.Done():
					}
				}()
			}
		}
	}); err != nil {
		return "", fmt.Errorf("render %s: %w", pageURL, err)
	}
	if _, err := chromedp.Call(tab, fetch.Enable, fetch.EnableParams{}); err != nil {
		return "", fmt.Errorf("render %s: intercept requests: %w", pageURL, err)
	}
	go func() {
		for {
			select {
			case e := <-paused:
				r.answer(ctx, tab, site, e, pageURL, body, contentType)
				pending.Add(-1)
			case <-tab.Done():
				return
			}
		}
	}()
	timeout := r.cfg.RenderTimeout
	tctx, cancel := context.WithTimeout(tab, timeout)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(pageURL)); err != nil && tctx.Err() == nil {
		return "", fmt.Errorf("render %s: %w", pageURL, err)
	}
	// Wait for the page to settle: two equal snapshots 300 ms apart with no
	// request in flight.
	last := ""
	for {
		html, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
		if err != nil {
			if last != "" && tctx.Err() != nil && ctx.Err() == nil {
				r.cfg.Logger.Warn("渲染超时，使用已渲染的部分", "url", pageURL, "timeout", timeout)
				return last, nil
			}
			return "", fmt.Errorf("render %s: %w", pageURL, err)
		}
		if html == last && pending.Load() == 0 {
			return html, nil
		}
		last = html
		if err := sleep(tctx, 300*time.Millisecond); err != nil {
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			r.cfg.Logger.Warn("渲染超时，使用已渲染的部分", "url", pageURL, "timeout", timeout)
			return last, nil
		}
	}
}

// answer settles one paused browser request: the page itself from its
// fetched bytes, anything else through the crawler's fetcher and its rules,
// or a failure when they refuse it.
func (r *renderer) answer(ctx context.Context, tab context.Context, site *Site, e *fetch.EventRequestPaused, pageURL string, body []byte, contentType string) {
	refuse := func(why string) {
		r.cfg.Logger.Debug("browser request refused", "url", e.Request.URL, "why", why)
		chromedp.Call(tab, fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: cdpnetwork.ErrorReasonBlockedByClient})
	}
	fulfill := func(status int, ctype string, data []byte) {
		headers := []*fetch.HeaderEntry{{Name: "Content-Type", Value: cmp.Or(ctype, "application/octet-stream")}}
		chromedp.Call(tab, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: e.RequestID, ResponseCode: int64(status), ResponseHeaders: headers, Body: data})
	}
	switch e.ResourceType {
	case cdpnetwork.ResourceTypeImage, cdpnetwork.ResourceTypeFont, cdpnetwork.ResourceTypeStylesheet, cdpnetwork.ResourceTypeMedia,
		cdpnetwork.ResourceTypePing, cdpnetwork.ResourceTypePrefetch, cdpnetwork.ResourceTypeWebSocket, cdpnetwork.ResourceTypeEventSource:
		refuse("not needed for links")
		return
	}
	if e.Request.URL == pageURL && e.Request.Method == http.MethodGet {
		fulfill(http.StatusOK, contentType, body)
		return
	}
	u, err := url.Parse(e.Request.URL)
	if err != nil {
		refuse(err.Error())
		return
	}
	if err := checkURL(site, u); err != nil {
		refuse(err.Error())
		return
	}
	key := u.String()
	switch e.Request.Method {
	case http.MethodGet:
	case http.MethodPost:
		var form []byte
		for _, p := range e.Request.PostDataEntries {
			form = append(form, p.Bytes...)
		}
		values, err := url.ParseQuery(string(form))
		if err != nil {
			refuse("POST body is not a form")
			return
		}
		key = postKey(key, values)
	default:
		refuse("method " + e.Request.Method)
		return
	}
	if ok, err := r.f.allowed(ctx, site, u); err != nil || !ok {
		refuse("disallowed by robots.txt or unreachable")
		return
	}
	resp, _, err := r.f.get(ctx, site, key, "", "")
	if err != nil || resp == nil {
		refuse(fmt.Sprint(err))
		return
	}
	fulfill(resp.status, resp.header.Get("Content-Type"), resp.body)
}
