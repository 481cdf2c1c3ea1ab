package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/gongkai/gongkai/fixtures"
)

// hitLog records which host every request went to, and when.
type hitLog struct {
	mu   sync.Mutex
	hits []hit
}

type hit struct {
	host int
	at   time.Time
}

// serve starts the network's sites on loopback, each host's handler
// counting its requests in log, and returns the sites to crawl and a stop
// function.
func serve(b *testing.B, n *fixtures.Network, log *hitLog) ([]Site, func()) {
	served := &fixtures.Served{}
	var servers []*http.Server
	for i, site := range n.Sites {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		h := site.Handler()
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			log.mu.Lock()
			log.hits = append(log.hits, hit{i, time.Now()})
			log.mu.Unlock()
			h.ServeHTTP(w, r)
		})}
		go srv.Serve(ln)
		servers = append(servers, srv)
		served.URLs = append(served.URLs, "http://"+ln.Addr().String())
	}
	sites, err := ParseSources("sources.yaml", []byte(n.Sources(served)))
	if err != nil {
		b.Fatal(err)
	}
	return sites, func() {
		for _, s := range servers {
			s.Close()
		}
	}
}

// BenchmarkCrawl crawls 32 loopback fixture sites of seven reports each
// with politeness off (no per-host rate limit) and the default
// concurrency, and reports the pages (requests answered) per second.
func BenchmarkCrawl(b *testing.B) {
	network := fixtures.NewNetwork(32, 2019, 2025)
	var log hitLog
	sites, stop := serve(b, network, &log)
	defer stop()
	for i := range sites {
		sites[i].Rate = 1e9
	}
	b.ResetTimer()
	for range b.N {
		cfg := Config{Dir: b.TempDir(), Sites: sites}
		if _, err := Crawl(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(log.hits))/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkCrawlPolite crawls 64 loopback sites at the default rate, one
// request per second to each host, with a concurrency of 64, for four
// seconds, and reports the most hosts that were sent a request within one
// second: how many sites the crawler serves side by side while polite to
// each.
func BenchmarkCrawlPolite(b *testing.B) {
	const sitesN = 64
	network := fixtures.NewNetwork(sitesN, 2019, 2025)
	most := 0
	for range b.N {
		var log hitLog
		sites, stop := serve(b, network, &log)
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
		_, err := Crawl(ctx, Config{Dir: b.TempDir(), Sites: sites, Concurrency: sitesN})
		cancel()
		stop()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			b.Fatal(err)
		}
		for i, h := range log.hits {
			hosts := map[int]bool{}
			for _, g := range log.hits[i:] {
				if g.at.Sub(h.at) >= time.Second {
					break
				}
				hosts[g.host] = true
			}
			most = max(most, len(hosts))
		}
	}
	b.ReportMetric(float64(most), "hosts-parallel")
	b.ReportMetric(sitesN, "hosts")
}

// BenchmarkExtractListing reads flat listings of 1,000 to 100,000 report
// links, beside the baseline of parsing the same page with goquery alone:
// extraction should stay a small constant factor of the parse, at every
// size (it was quadratic: 10,000 links took 145 s).
func BenchmarkExtractListing(b *testing.B) {
	base, _ := url.Parse("http://www.a.gov.cn/xxgk/ndbg/index.html")
	for _, n := range []int{1_000, 10_000, 100_000} {
		page := string(hugeListing(n))
		b.Run(fmt.Sprintf("links=%d/extract", n), func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if _, err := extract(context.Background(), base, page, KindListing); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("links=%d/goquery-parse", n), func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if _, err := goquery.NewDocumentFromReader(strings.NewReader(page)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
