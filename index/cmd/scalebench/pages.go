package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/internal/cputime"
	"github.com/gongkai/gongkai/watch"
	"github.com/gongkai/gongkai/web"
)

// page is one request the page timings make: a page of the UI or an API
// answer. A stream (an export) is timed to its first byte, as a browser
// starting a download sees it.
type page struct {
	name, path string
	stream     bool
	must       string // what the answer holds, for a page deep in a list: "" for any
}

// timePages serves x with the real web server on loopback and times every
// page and API answer, pageRuns requests each one after another: p50 and
// p95 of the wall time, and the processor time per request of this
// process (server and client), and of the Elasticsearch node when es is
// set; and apart, the first request, which fills what the server keeps
// between requests. The first line, a static file, is the server's floor: the baseline
// every page is read beside.
func timePages(ctx context.Context, x index.Index, backend, es string, n int) error {
	if pageRuns <= 0 {
		return nil
	}
	pages, feeds, err := pagesOf(ctx, x)
	if err != nil {
		return err
	}
	defer os.RemoveAll(feeds)
	h, err := web.New(x, web.Options{Feeds: func() (*watch.State, error) { return watch.ReadState(feeds) }})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 5 * time.Minute}
	for _, p := range pages {
		first, err := fetchPage(ctx, client, base, p) // the first answer also checks the page works
		if err != nil {
			return err
		}
		load := loadAverage()
		esBefore := esCPU(es)
		cpuBefore := cputime.Used()
		var times []time.Duration
		for range pageRuns {
			d, err := fetchPage(ctx, client, base, p)
			if err != nil {
				return err
			}
			times = append(times, d)
		}
		cpu := cputime.Used() - cpuBefore
		slices.Sort(times)
		ms := func(q float64) float64 { return float64(times[int(q*float64(len(times)-1))].Microseconds()) / 1000 }
		line := fmt.Sprintf("BenchmarkScale/%s/page/%s\t%d\t%d reports\t%.2f p50-ms\t%.2f p95-ms\t%.2f cpu-ms\t%.2f first-ms",
			backend, p.name, pageRuns, n, ms(0.50), ms(0.95), float64(cpu.Microseconds())/1000/float64(pageRuns), float64(first.Microseconds())/1000)
		if es != "" {
			if after := esCPU(es); after >= 0 && esBefore >= 0 {
				line += fmt.Sprintf("\t%.2f es-cpu-ms", float64(after-esBefore)/float64(pageRuns))
			}
		}
		fmt.Printf("%s\t%s load\n", line, load)
	}
	return nil
}

// pagesOf lists the pages to time over x: a report from the middle of
// the index gives the report, its body, its region and year; the findings
// are also asked for half-way down their list (after a cursor) and at its
// end (last=1), and at the deepest offset the web API accepts. It checks two
// watches into a fresh data folder (returned) for the feeds.
func pagesOf(ctx context.Context, x index.Index) ([]page, string, error) {
	all, err := x.Search(ctx, index.Query{Limit: 1})
	if err != nil {
		return nil, "", err
	}
	mid, err := x.Search(ctx, index.Query{Offset: all.Total / 2, Limit: 1})
	if err != nil {
		return nil, "", err
	}
	if len(mid.Hits) == 0 {
		return nil, "", errors.New("pages: the index holds no report")
	}
	hit := mid.Hits[0]
	f, err := x.Findings(ctx, index.FindingQuery{Limit: 1})
	if err != nil {
		return nil, "", err
	}
	region, year, office := hit.Region[:4], strconv.Itoa(hit.Year), url.QueryEscape(hit.Office)
	// Deep pages go by cursor (an offset past index.MaxOffset is refused):
	// the cursor of the finding just before half-way, read once here.
	before, err := x.Findings(ctx, index.FindingQuery{Offset: max(f.Total/2-1, 0), Limit: 1})
	if err != nil {
		return nil, "", err
	}
	halfAfter := url.QueryEscape(before.Next)
	feeds, err := os.MkdirTemp("", "scalebench-feeds")
	if err != nil {
		return nil, "", err
	}
	watches := []watch.Watch{{Name: "region", Region: region, Year: year}, {Name: "text", Text: "政策解读", Region: region}}
	if _, err := watch.Check(ctx, x, feeds, watches, time.Now()); err != nil {
		os.RemoveAll(feeds)
		return nil, "", fmt.Errorf("feeds: %w", err)
	}
	return []page{
		{"static", "/static/style.css", false, ""},
		{"search", "/?q=" + url.QueryEscape("政策解读"), false, ""},
		{"search_filter", "/?region=" + region + "&year=" + year, false, ""},
		{"api_search", "/api/search?q=" + url.QueryEscape("政策解读 行政复议") + "&limit=20", false, ""},
		{"api_search_half", "/api/search?limit=20&after=" + url.QueryEscape(index.SearchCursor(&hit)), false, `"office":`},
		{"report", "/reports/" + url.PathEscape(hit.ID), false, ""},
		{"api_report", "/api/reports/" + url.PathEscape(hit.ID), false, ""},
		{"body", "/body?office=" + office, false, ""},
		{"region", "/region?region=" + region + "&year=" + year, false, ""},
		{"region_province", "/region?region=" + region[:2] + "&year=" + year, false, ""},
		{"api_compare_office", "/api/compare?office=" + office + "&years=2008-2030", false, ""},
		{"api_compare_region", "/api/compare?region=" + region + "&years=2008-2030", false, ""},
		{"findings", "/findings", false, ""},
		{"findings_sorted", "/findings?sort=got&desc=1&page=3", false, ""},
		{"findings_open_region_year", "/findings?status=open&region=" + region + "&year=" + year, false, ""},
		{"findings_half", "/findings?after=" + halfAfter, false, ""},
		{"findings_last", "/findings?last=1", false, ""},
		{"findings_sorted_last", "/findings?sort=got&desc=1&last=1", false, ""},
		{"findings_deepest_page_number", "/findings?page=" + strconv.Itoa(min(index.MaxOffset-50, max(f.Total-1, 0))/50+1), false, ""},
		{"api_findings", "/api/findings?limit=100", false, ""},
		{"api_findings_half", "/api/findings?limit=100&after=" + halfAfter, false, `"key":`},
		{"api_findings_last", "/api/findings?limit=100&last=1", false, `"key":`},
		{"api_findings_deepest_offset", "/api/findings?limit=100&offset=" + strconv.Itoa(min(index.MaxOffset-100, max(f.Total-100, 0))), false, `"key":`},
		{"export_csv", "/api/export?format=csv", true, ""},
		{"export_jsonl", "/api/export?format=jsonl", true, ""},
		{"export_xlsx_region_year", "/api/export?format=xlsx&region=" + region + "&year=" + year, true, ""},
		{"findings_csv", "/api/findings?format=csv", true, ""},
		{"findings_xlsx_region_year", "/api/findings?format=xlsx&region=" + region + "&year=" + year, true, ""},
		{"feeds", "/feeds", false, ""},
		{"feed_region", "/feeds/region.xml", false, ""},
		{"feed_text", "/feeds/text.xml", false, ""},
	}, feeds, nil
}

// fetchPage requests p and returns the time to its whole answer, or, for
// a stream, to its first byte, after which the request is called off.
func fetchPage(ctx context.Context, client *http.Client, base string, p page) (time.Duration, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+p.path, nil)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", p.path, err)
	}
	defer res.Body.Close()
	if p.stream {
		_, err = res.Body.Read(make([]byte, 1))
		if err == io.EOF {
			err = nil
		}
	} else if p.must != "" {
		var body []byte
		if body, err = io.ReadAll(res.Body); err == nil && !strings.Contains(string(body), p.must) {
			err = fmt.Errorf("the answer holds no %s: %.200s", p.must, body)
		}
	} else {
		_, err = io.Copy(io.Discard, res.Body)
	}
	took := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", p.path, err)
	}
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: status %d", p.path, res.StatusCode)
	}
	return took, nil
}

// loadAverage is the machine's load over the last minute: the first of
// loadAvg's three.
func loadAverage() string {
	first, _, _ := strings.Cut(loadAvg(), " ")
	return first
}

// esCPU is the processor time, in ms, the Elasticsearch nodes at es
// (comma-separated) have used since they started, from their stats; -1
// when they do not say.
func esCPU(es string) int64 {
	if es == "" {
		return -1
	}
	var total int64
	for _, addr := range strings.Split(es, ",") {
		res, err := http.Get(strings.TrimRight(strings.TrimSpace(addr), "/") + "/_nodes/_local/stats/process")
		if err != nil {
			return -1
		}
		var stats struct {
			Nodes map[string]struct {
				Process struct {
					CPU struct {
						TotalInMillis int64 `json:"total_in_millis"`
					} `json:"cpu"`
				} `json:"process"`
			} `json:"nodes"`
		}
		err = json.NewDecoder(res.Body).Decode(&stats)
		res.Body.Close()
		if err != nil {
			return -1
		}
		for _, n := range stats.Nodes {
			total += n.Process.CPU.TotalInMillis
		}
	}
	return total
}
