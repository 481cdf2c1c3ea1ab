package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/gongkai/gongkai/internal/diskfull"
)

// DefaultMaxCrawlDelay is the longest robots.txt Crawl-delay obeyed: a
// host asking for more (Crawl-delay: 86400 would hold a run for days) is
// crawled one request per 30 s, with a warning.
const DefaultMaxCrawlDelay = 30 * time.Second

// DefaultUserAgent identifies the crawler to the sites it visits.
const DefaultUserAgent = "gongkai/0.1 (+https://github.com/gongkai/gongkai)"

// Config is one crawl: the sites, where to store, and the limits. Zero fields
// take the defaults listed with them.
type Config struct {
	Dir   string // data directory; required
	Sites []Site // from LoadSources

	UserAgent       string        // DefaultUserAgent; its first word is the robots.txt agent
	Concurrency     int           // sites crawled at once (bounds requests in flight across hosts): 8
	MaxTries        int           // tries per URL for network errors, 5xx and 429: 4
	Backoff         time.Duration // first retry delay, doubling each try, with jitter: 1s
	MaxBackoff      time.Duration // cap of one retry delay: 1m
	MaxRetryAfter   time.Duration // longest Retry-After honoured; a longer one gives up: 10m
	ConnectTimeout  time.Duration // TCP and TLS connect: 15s
	Timeout         time.Duration // one request, body included: 2m
	MaxBody         int64         // bytes of one document: 64 MiB
	MaxRedirects    int           // per request: 10
	MaxListingPages int           // listing pages per site and run: 500
	ResumeWithin    time.Duration // an interrupted run younger than this is resumed: 24h
	HostDeadline    time.Duration // time one host may take in a run, from its first request; what is left fails: 2h
	MaxCrawlDelay   time.Duration // cap of a robots.txt Crawl-delay (a host asking more is crawled at the cap, with a warning): 30s
	RenderTimeout   time.Duration // rendering one listing page in the browser: 30s
	Browser         string        // the Chromium to render with: chromium on PATH, else /usr/bin/chromium
	Logger          *slog.Logger  // discard when nil
	// Progress, when set, is called as each site finishes, with the sites
	// done so far and the requests sent: for a progress bar on a terminal.
	// Calls may come from several goroutines, one at a time.
	Progress func(sitesDone, sites int, requests int64)
}

func (c *Config) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 8
	}
	if c.MaxTries <= 0 {
		c.MaxTries = 4
	}
	set(&c.Backoff, time.Second)
	set(&c.MaxBackoff, time.Minute)
	set(&c.MaxRetryAfter, 10*time.Minute)
	set(&c.ConnectTimeout, 15*time.Second)
	set(&c.Timeout, 2*time.Minute)
	set(&c.ResumeWithin, 24*time.Hour)
	set(&c.HostDeadline, 2*time.Hour)
	set(&c.RenderTimeout, DefaultRenderTimeout)
	set(&c.MaxCrawlDelay, DefaultMaxCrawlDelay)
	if c.MaxBody <= 0 {
		c.MaxBody = 64 << 20
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = 10
	}
	if c.MaxListingPages <= 0 {
		c.MaxListingPages = 500
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// robotsAgent is the product token of the User-Agent, matched against the
// User-agent lines of robots.txt.
func (c *Config) robotsAgent() string {
	return strings.FieldsFunc(c.UserAgent, func(r rune) bool { return r == '/' || r == ' ' })[0]
}

// Summary counts what a run did. New, Changed, Unchanged and Vanished count
// report pages and attachments; Failed and SkippedRobots count every URL,
// listing pages included. A resumed run counts what its interrupted part did too.
type Summary struct {
	New           int   // documents stored for the first time
	Changed       int   // documents whose content changed: a new version was kept
	Unchanged     int   // documents answered 304 or with identical bytes
	Vanished      int   // documents answering 404 or 410 (their bytes are kept)
	Failed        int   // URLs that failed after their tries (the error is recorded), unreachable ones included
	Unreachable   int   // of Failed: URLs whose host could not be reached at all (unknown name, connection refused)
	SkippedRobots int   // URLs robots.txt disallows
	Images        int   // images of report pages stored new or changed (not in New or Changed)
	Listings      int   // listing pages read
	Requests      int64 // HTTP requests this process sent, retries and robots.txt included
	Resumed       bool  // the run continued an interrupted one
	Elapsed       time.Duration
	// Empty lists the sites whose listings led to no report at all this
	// run: a site that has never yielded one, or whose listing changed
	// shape. Each is a warning; a run with any is not a success.
	Empty []EmptySite
}

// EmptySite is a site whose listings yielded no report links.
type EmptySite struct {
	Name   string
	Before int // report pages and attachments stored from earlier runs (0: none ever)
}

// String says it in a line, for people.
func (e EmptySite) String() string {
	if e.Before == 0 {
		return e.Name + "（从未找到报告）"
	}
	return fmt.Sprintf("%s（之前找到 %d 份）", e.Name, e.Before)
}

func (s *Summary) add(kind, outcome string, n int) {
	switch {
	case outcome == outcomeFailed:
		s.Failed += n
	case outcome == outcomeUnreachable:
		s.Failed += n
		s.Unreachable += n
	case outcome == outcomeDisallowed:
		s.SkippedRobots += n
	case kind == KindListing:
		s.Listings += n
	case kind == KindImage:
		if outcome == outcomeNew || outcome == outcomeChanged {
			s.Images += n
		}
	case outcome == outcomeNew:
		s.New += n
	case outcome == outcomeChanged:
		s.Changed += n
	case outcome == outcomeUnchanged:
		s.Unchanged += n
	case outcome == outcomeVanished:
		s.Vanished += n
	}
}

// String is the one-line summary printed after a run.
func (s Summary) String() string {
	resumed := ""
	if s.Resumed {
		resumed = "（续接中断的运行）"
	}
	unreachable := ""
	if s.Unreachable > 0 {
		unreachable = fmt.Sprintf("（其中 %d 个无法连接）", s.Unreachable)
	}
	images := ""
	if s.Images > 0 {
		images = fmt.Sprintf("，图片 %d 张", s.Images)
	}
	line := fmt.Sprintf("新增 %d，变更 %d，未变 %d，消失 %d，失败 %d%s，robots 禁止 %d；列表页 %d%s，请求 %d 次，用时 %s%s",
		s.New, s.Changed, s.Unchanged, s.Vanished, s.Failed, unreachable, s.SkippedRobots, s.Listings, images, s.Requests, s.Elapsed.Round(time.Millisecond), resumed)
	if len(s.Empty) > 0 {
		names := make([]string, len(s.Empty))
		for i, e := range s.Empty {
			names[i] = e.String()
		}
		line += fmt.Sprintf("；警告：%d 个站点的列表没有找到任何报告：%s", len(s.Empty), strings.Join(names, "、"))
	}
	return line
}

// Crawl runs one incremental crawl of cfg.Sites into cfg.Dir and returns its
// summary. It holds the directory's lock for the whole run, so two crawlers
// never write one store. Failures of single URLs are recorded, logged and
// counted, not returned; the error is for the crawl itself (store, lock,
// cancellation).
func Crawl(ctx context.Context, cfg Config) (Summary, error) {
	cfg.defaults()
	start := time.Now()
	unlock, err := lockDir(cfg.Dir)
	if err != nil {
		return Summary{}, err
	}
	defer unlock()
	st, err := OpenStore(cfg.Dir)
	if err != nil {
		return Summary{}, err
	}
	defer st.Close()
	if err := st.cleanTemp(); err != nil {
		return Summary{}, err
	}
	if err := st.SaveBodies(ctx, cfg.Sites); err != nil {
		return Summary{}, err
	}
	run, resumed, err := st.beginRun(ctx, start, cfg.ResumeWithin)
	if err != nil {
		return Summary{}, err
	}
	cfg.Logger.Info("crawl started", "run", run, "resumed", resumed, "sites", len(cfg.Sites), "data", cfg.Dir)
	f := newFetcher(&cfg)
	defer f.close()
	browser := newRenderer(&cfg, f)
	defer browser.close()

	// A full disk stops the whole crawl at once: every site would fail at
	// its next write.
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	sem := make(chan struct{}, cfg.Concurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var storeErr error
	var empty []EmptySite
	sitesDone := 0
	for i := range cfg.Sites {
		site := &cfg.Sites[i]
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			c := &siteCrawl{cfg: &cfg, f: f, browser: browser, st: st, site: site, run: run, log: cfg.Logger.With("site", site.Name)}
			found, err := c.crawl(ctx)
			if err == nil && found == 0 && ctx.Err() == nil {
				var e EmptySite
				e.Name = site.Name
				e.Before, err = st.siteDocuments(ctx, site.Name)
				c.log.Warn("站点的列表没有找到任何报告链接", "site", site.Name, "before", e.Before, "start", site.Start)
				mu.Lock()
				empty = append(empty, e)
				mu.Unlock()
			}
			if diskfull.Is(err) {
				stop(err)
			}
			mu.Lock()
			defer mu.Unlock()
			storeErr = errors.Join(storeErr, err)
			if sitesDone++; cfg.Progress != nil {
				cfg.Progress(sitesDone, len(cfg.Sites), f.requests.Load())
			}
		}()
	}
	wg.Wait()
	if full := context.Cause(ctx); diskfull.Is(full) {
		return Summary{Requests: f.requests.Load()}, fmt.Errorf("crawl: %w", full)
	}
	if err := errors.Join(storeErr, ctx.Err()); err != nil {
		return Summary{Requests: f.requests.Load()}, fmt.Errorf("crawl: %w", err)
	}
	sum, err := st.finishRun(ctx, run, time.Now())
	sum.Requests, sum.Resumed, sum.Elapsed = f.requests.Load(), resumed, time.Since(start)
	slices.SortFunc(empty, func(a, b EmptySite) int { return strings.Compare(a.Name, b.Name) })
	sum.Empty = empty
	if err != nil {
		return sum, err
	}
	cfg.Logger.Info("crawl finished", "run", run, "new", sum.New, "changed", sum.Changed, "unchanged", sum.Unchanged,
		"vanished", sum.Vanished, "failed", sum.Failed, "skipped_robots", sum.SkippedRobots, "listings", sum.Listings,
		"requests", sum.Requests, "elapsed", sum.Elapsed)
	return sum, nil
}

// siteCrawl walks one site: its listing pages (following their pager), the
// reports they link, and the attachments of those reports, one URL at a time.
type siteCrawl struct {
	cfg     *Config
	f       *fetcher
	browser *renderer
	st      *Store
	site    *Site
	run     int64
	log     *slog.Logger
}

// crawl walks the site and returns how many report and attachment links its
// listings gave.
func (c *siteCrawl) crawl(ctx context.Context) (found int, err error) {
	queue := []link{}
	seen := map[string]bool{}
	push := func(l link) {
		if !seen[l.url] {
			seen[l.url] = true
			queue = append(queue, l)
		}
	}
	for _, s := range c.site.Start {
		push(link{url: s, kind: KindListing})
	}
	listings := 0
	for len(queue) > 0 && ctx.Err() == nil {
		l := queue[0]
		queue = queue[1:]
		if l.kind == KindListing {
			if listings >= c.cfg.MaxListingPages {
				c.log.Warn("listing page limit reached", "limit", c.cfg.MaxListingPages, "url", l.url)
				continue
			}
			listings++
		}
		p, err := c.visit(ctx, l)
		if err != nil {
			return found, err
		}
		if l.kind == KindReport && len(p.links) > 0 {
			if err := c.st.linkImages(ctx, l.url, imageURLs(p.links)); err != nil {
				return found, err
			}
		}
		for _, next := range p.links {
			u, err := url.Parse(next.url)
			if err != nil || !hostAllowed(c.site.Allow, u.Host) {
				continue
			}
			if next.kind == KindAttachment || next.kind == KindImage {
				next.title = cmp.Or(next.title, p.title)
				next.published = cmp.Or(next.published, p.published)
			}
			if l.kind == KindListing && next.kind != KindListing {
				found++
			}
			push(next)
		}
	}
	return found, nil
}

// visit fetches one URL (or, when this run already completed it before being
// interrupted, takes its stored bytes), records the outcome and returns what
// the page links to. Only store errors are returned: a failing URL is
// recorded and the crawl goes on.
func (c *siteCrawl) visit(ctx context.Context, l link) (page, error) {
	prev, known, err := c.st.state(ctx, l.url)
	if err != nil {
		return page{}, err
	}
	if known {
		l.kind = prev.kind // a report link may have turned out to be a file
	}
	if known && prev.run == c.run {
		return c.reread(ctx, l, prev)
	}
	u, err := url.Parse(l.url)
	if err != nil {
		return page{}, c.fail(ctx, l, nil, 0, fmt.Errorf("%s: %w", l.url, err))
	}
	if err := checkURL(c.site, u); err == nil {
		ok, err := c.f.allowed(ctx, c.site, u)
		if err != nil {
			return page{}, c.fail(ctx, l, nil, 0, err)
		}
		if !ok {
			c.log.Info("disallowed by robots.txt", "url", l.url)
			return page{}, c.st.recordDisallowed(ctx, c.site, l.url, l.kind, c.run, time.Now())
		}
	}
	var etag, lastMod string
	if known && prev.sha256 != "" {
		etag, lastMod = prev.etag, prev.lastModified
	}
	resp, tries, err := c.f.get(ctx, c.site, l.url, etag, lastMod)
	if ctx.Err() != nil {
		return page{}, nil // interrupted: nothing recorded, the rerun fetches it
	}
	var pe *policyError
	if errors.As(err, &pe) && pe.robots {
		c.log.Info("redirected into a path robots.txt disallows", "url", l.url, "err", err)
		return page{}, c.st.recordDisallowed(ctx, c.site, l.url, l.kind, c.run, time.Now())
	}
	if err != nil {
		return page{}, c.fail(ctx, l, resp, tries, err)
	}
	rec := fetchRecord{
		url: l.url, finalURL: resp.finalURL, site: c.site, kind: l.kind, status: resp.status,
		fetched: time.Now(), etag: resp.header.Get("ETag"), lastModified: resp.header.Get("Last-Modified"),
		contentType: resp.header.Get("Content-Type"), tries: tries, run: c.run,
		title: l.title, published: l.published,
	}
	var p page
	switch {
	case resp.status == http.StatusOK && known && prev.sha256 != "" && l.kind == KindReport &&
		isHTML(rec.contentType, resp.body) && softNotFound(resp.body, prev.title):
		// A report page now answering 200 with a "not found" page has gone
		// like a 404, not changed: the report read before stays the
		// latest version, and the disappearance is recorded.
		c.log.Warn("报告页变成了“页面不存在”（soft 404），保留之前读到的版本", "url", l.url)
		rec.vanished = true
		rec.etag, rec.lastModified = "", "" // asked again in full next run, not revalidated into "unchanged"
	case resp.status == http.StatusOK:
		rec.body = resp.body
		if l.kind == KindReport && !isHTML(rec.contentType, resp.body) {
			rec.kind = KindAttachment // a report link straight to a file
		}
		if rec.kind == KindReport || rec.kind == KindListing {
			pageURL := resp.finalURL
			if _, form := splitPost(l.url); form != nil {
				pageURL = l.url // the answer to a POST is read with its form
			}
			if p, rec.charset, err = c.read(ctx, pageURL, resp.body, rec.contentType, rec.kind); err != nil {
				rec.err = err.Error()
			}
			mergeMeta(&rec.title, &rec.published, p)
			p.title, p.published = rec.title, rec.published
		}
	case resp.status == http.StatusNotModified:
		if p, err = c.reread(ctx, l, prev); err != nil {
			return page{}, err
		}
	case resp.status == http.StatusNotFound || resp.status == http.StatusGone:
		rec.vanished = true
	default:
		rec.err = fmt.Sprintf("%s: HTTP %d", l.url, resp.status)
	}
	outcome, err := c.st.record(ctx, rec)
	if err != nil {
		return page{}, err
	}
	c.log.Debug("fetched", "url", l.url, "kind", rec.kind, "status", resp.status, "outcome", outcome, "tries", tries)
	if outcome == outcomeFailed {
		c.log.Warn("failed", "url", l.url, "err", rec.err)
	}
	return p, nil
}

// fail records a URL that could not be fetched.
func (c *siteCrawl) fail(ctx context.Context, l link, resp *response, tries int, err error) error {
	c.log.Warn("failed", "url", l.url, "err", err)
	var unreachable *unreachableError
	rec := fetchRecord{url: l.url, site: c.site, kind: l.kind, fetched: time.Now(), err: err.Error(), run: c.run, tries: tries,
		unreachable: errors.As(err, &unreachable)}
	if resp != nil {
		rec.status, rec.finalURL = resp.status, resp.finalURL
	}
	_, rerr := c.st.record(ctx, rec)
	return rerr
}

// reread takes the links of an unchanged page from its stored bytes.
func (c *siteCrawl) reread(ctx context.Context, l link, prev urlState) (page, error) {
	if prev.sha256 == "" || (l.kind != KindReport && l.kind != KindListing) {
		return page{}, nil
	}
	data, err := c.st.Read(prev.sha256)
	if err != nil {
		return page{}, err
	}
	p, _, err := c.read(ctx, l.url, data, prev.contentType, l.kind)
	if err != nil {
		c.log.Warn("stored page unreadable", "url", l.url, "err", err)
	}
	mergeMeta(&l.title, &l.published, p)
	p.title, p.published = l.title, l.published
	return p, nil
}

// read decodes an HTML page and extracts what it says.
func (c *siteCrawl) read(ctx context.Context, pageURL string, data []byte, contentType, kind string) (page, string, error) {
	base, err := url.Parse(pageURL)
	if err != nil {
		return page{}, "", fmt.Errorf("%s: %w", pageURL, err)
	}
	text, cs, err := decodeHTML(data, contentType)
	if err != nil {
		return page{}, cs, fmt.Errorf("%s: %w", pageURL, err)
	}
	if kind == KindListing && isGkmlptAPI(base) {
		p, err := gkmlptPage(base, data)
		return p, "utf-8", err
	}
	p, err := extract(ctx, base, text, kind)
	if err != nil {
		return page{}, cs, fmt.Errorf("%s: %w", pageURL, err)
	}
	if kind == KindListing && needsRendering(c.site, pageURL, text, p) {
		rendered, err := c.browser.render(ctx, c.site, pageURL, data, contentType)
		if err != nil {
			if !c.site.Render {
				c.log.Warn("列表页由脚本生成、没有报告链接，渲染失败", "url", pageURL, "err", err)
				return p, cs, nil
			}
			return p, cs, fmt.Errorf("%s: %w", pageURL, err)
		}
		rp, err := extract(ctx, base, rendered, kind)
		if err != nil {
			return p, cs, fmt.Errorf("%s: rendered: %w", pageURL, err)
		}
		c.log.Debug("rendered", "url", pageURL, "links", len(rp.links))
		p.links = append(p.links, rp.links...)
	}
	return p, cs, nil
}

// needsRendering says whether a listing page is to be loaded in the
// browser: the site asks for it, or the page has scripts and gave neither a
// report link nor another page to read (a pager, a frame, an API). Answers to POSTs are data, never pages to render.
func needsRendering(site *Site, pageURL, html string, p page) bool {
	if _, form := splitPost(pageURL); form != nil {
		return false
	}
	if site.Render {
		return true
	}
	for _, l := range p.links {
		if l.kind != KindListing || l.url != pageURL {
			return false // reports, or other pages (a pager, a frame, an API) that lead to them
		}
	}
	return strings.Contains(strings.ToLower(html), "<script")
}

// mergeMeta settles a report's title and date: the page's meta tags first,
// then what the listing said, then the page's <title>.
func mergeMeta(title, published *string, p page) {
	if p.title != "" {
		*title = p.title
	}
	if *title == "" {
		*title = p.htmlTitle
	}
	if p.published != "" {
		*published = p.published
	}
}

// isHTML says whether a response is an HTML page rather than a file. A
// declared type says so, except the catch-alls servers send for whatever
// they do not know (application/octet-stream, text/plain, none at all):
// then the bytes are sniffed, so a report page served as a download is
// still read as a page, its attachments found.
func isHTML(contentType string, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		switch mt {
		case "text/html", "application/xhtml+xml":
			return true
		case "application/octet-stream", "binary/octet-stream", "application/x-download", "text/plain":
		default:
			return false
		}
	}
	return strings.HasPrefix(http.DetectContentType(body), "text/html")
}

// notFoundWords are what "page not found" pages say.
var notFoundWords = []string{"404", "页面不存在", "页面未找到", "找不到页面", "找不到您要", "您访问的页面不存在", "页面已删除", "信息已删除", "不存在或已被删除", "not found", "Not Found"}

// softNotFound says whether an HTML page answered with 200 is in truth a
// "not found" page: its title or first heading says so, and the report
// title read before is nowhere in it.
func softNotFound(body []byte, reportTitle string) bool {
	text, _, err := decodeHTML(body, "")
	if err != nil || (reportTitle != "" && strings.Contains(text, reportTitle)) {
		return false
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return false
	}
	head := doc.Find("title").First().Text() + " " + doc.Find("h1, h2").First().Text()
	for _, w := range notFoundWords {
		if strings.Contains(head, w) {
			return true
		}
	}
	return false
}

// imageURLs are the image links among a page's links, in order.
func imageURLs(links []link) []string {
	var out []string
	for _, l := range links {
		if l.kind == KindImage {
			out = append(out, l.url)
		}
	}
	return out
}
