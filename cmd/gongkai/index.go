package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/elastic"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/ingest"
	"github.com/gongkai/gongkai/parse"
	"github.com/gongkai/gongkai/parse/isolated"
	"github.com/gongkai/gongkai/places"
)

// storeFlags are the flags that choose the store and the index: --data for
// the raw store and the embedded index, --es for Elasticsearch instead.
type storeFlags struct {
	data string
	es   string
	// layout, set by the writing commands' flags (registerLayout), lays a
	// new Elasticsearch index out and sets its replicas; nil leaves an
	// existing index as it is.
	layout *elastic.Settings
}

func (s *storeFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.data, "data", "./gongkai-data", "data directory: raw store, state database and embedded index")
	cmd.Flags().StringVar(&s.es, "es", os.Getenv("GONGKAI_ES_URL"), "Elasticsearch URL, or the URLs of several nodes separated by commas; the embedded index in --data when empty (default $GONGKAI_ES_URL)")
}

// registerLayout adds the flags that lay an Elasticsearch index out over
// the cluster's nodes, for the commands that write the index.
func (s *storeFlags) registerLayout(cmd *cobra.Command) {
	s.layout = &elastic.Settings{}
	cmd.Flags().IntVar(&s.layout.Shards, "es-shards", 1, "primary shards of a new Elasticsearch index (fixed once it exists)")
	cmd.Flags().IntVar(&s.layout.Replicas, "es-replicas", elastic.KeepReplicas, "copies of each Elasticsearch shard on other nodes, 1 to survive the loss of a node; -1 keeps the index's (0 for a new index)")
}

// openExisting opens the index the flags name for reading: a --data folder
// or embedded index that does not exist is an error, not created empty
// (which would answer every search with "no report").
func (s *storeFlags) openExisting(ctx context.Context) (index.Index, error) {
	if s.es == "" {
		if _, err := os.Stat(s.data); err != nil {
			return nil, fmt.Errorf("数据目录 %s 不存在：先运行 gongkai run 或 gongkai index，或用 --data 指明数据目录", s.data)
		}
		db := filepath.Join(s.data, "index.db")
		if _, err := os.Stat(db); err != nil {
			return nil, fmt.Errorf("数据目录 %s 中没有索引 (index.db)：先运行 gongkai index --data %s", s.data, s.data)
		}
	}
	return s.open(ctx)
}

// openWriter opens the index for a command that indexes the store into it:
// an embedded index of an older format is emptied and filled again (its
// reviews kept, sqlite.Rebuild), and stderr says so.
func (s *storeFlags) openWriter(ctx context.Context, stderr io.Writer) (index.Index, error) {
	if s.es != "" {
		return s.open(ctx)
	}
	if err := os.MkdirAll(s.data, 0o755); err != nil {
		return nil, err
	}
	x, from, err := sqlite.Rebuild(filepath.Join(s.data, "index.db"))
	if err == nil && from != 0 {
		fmt.Fprintf(stderr, "索引格式已更新（原为第 %d 版）：全部报告重新编入，审核记录保留\n", from)
	}
	return x, err
}

// open opens the index the flags name, creating it when missing.
func (s *storeFlags) open(ctx context.Context) (index.Index, error) {
	if s.es != "" && s.layout != nil {
		return elastic.OpenWith(ctx, s.es, elastic.DefaultName, *s.layout)
	}
	if s.es != "" {
		return elastic.Open(ctx, s.es, elastic.DefaultName)
	}
	if err := os.MkdirAll(s.data, 0o755); err != nil {
		return nil, err
	}
	return sqlite.Open(filepath.Join(s.data, "index.db"))
}

// indexSummary says what an indexing run did with each stored document.
type indexSummary struct {
	Indexed, Unchanged, Removed int
	Kept                        int               // entries whose document's latest version no longer parses: the last good one stays
	Skipped                     map[string]string // URL → why it was not indexed
	Failed                      map[string]string // URL → why its parse worker died or was killed
}

func (s indexSummary) String() string {
	out := fmt.Sprintf("编入 %d，未变 %d，移除 %d，跳过 %d", s.Indexed, s.Unchanged, s.Removed, len(s.Skipped))
	if len(s.Failed) > 0 {
		out += fmt.Sprintf("，失败 %d", len(s.Failed))
	}
	if s.Kept > 0 {
		out += fmt.Sprintf("，保留旧版 %d", s.Kept)
	}
	return out
}

// indexBatch is how many entries one Put carries: one transaction in
// SQLite, one or more bulk requests in Elasticsearch. Tests lower it so that
// a kill can fall between committed batches.
var indexBatch = 200

// indexStore parses what the store holds and brings the index level with
// it: new and changed documents are parsed and put, unchanged ones left, and
// entries whose document is no longer in the store (or no longer parses)
// removed. Documents are parsed in parallel, one per core, each in a
// worker process (parse/isolated) under parseLimits: a document that kills
// or outlasts its worker is listed in Failed and the run goes on.
//
// progress, when not nil, is called after each document with the number
// done and the total.
func indexStore(ctx context.Context, store *ingest.Store, idx index.Index, progress func(done, total int)) (indexSummary, error) {
	sum := indexSummary{Skipped: map[string]string{}, Failed: map[string]string{}}
	docs, err := store.Documents(ctx)
	if err != nil {
		return sum, err
	}
	pool, err := newParsePool()
	if err != nil {
		return sum, err
	}
	defer pool.Close()
	indexed, err := idx.Indexed(ctx)
	if err != nil {
		return sum, err
	}
	// A document whose bytes are indexed already, under its own id, is
	// unchanged: it is not parsed again (a scanned report is a minute of
	// OCR on every run otherwise).
	keep := map[string]bool{}
	bySHA := map[string][]string{}
	for id, sha := range indexed {
		bySHA[sha] = append(bySHA[sha], id)
	}
	bodies, err := store.Bodies(ctx)
	if err != nil {
		return sum, err
	}
	var toParse []ingest.Document
	var refile []string
	for _, d := range docs {
		if id := indexedID(d, bySHA[d.SHA256]); id != "" {
			keep[id] = true
			sum.Unchanged++
			if bodies.Described(d.Site.Name) {
				refile = append(refile, id)
			}
			continue
		}
		toParse = append(toParse, d)
	}
	// The alias table may have changed since an unchanged document was
	// indexed: its entry is filed under the body the table names now,
	// without parsing it again.
	if err := refileBodies(ctx, idx, bodies, refile); err != nil {
		return sum, err
	}

	type result struct {
		doc   ingest.Document
		entry *gongkai.Entry
		err   error
	}
	jobs := make(chan ingest.Document)
	results := make(chan result)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range jobs {
				e, err := entryOf(ctx, pool, store, d)
				if e != nil {
					e.Body = bodies.Resolve(e.Report.Office)
				}
				results <- result{d, e, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, d := range toParse {
			select {
			case jobs <- d:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var batch []gongkai.Entry
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := idx.Put(ctx, batch...); err != nil {
			return err
		}
		sum.Indexed += len(batch)
		batch = batch[:0]
		return nil
	}
	var putErr error
	done := len(docs) - len(toParse)
	for r := range results {
		if done++; progress != nil {
			progress(done, len(docs))
		}
		if errors.Is(r.err, isolated.ErrWorker) {
			sum.Failed[r.doc.URL] = r.err.Error()
			continue
		}
		if r.err != nil {
			sum.Skipped[r.doc.URL] = r.err.Error()
			continue
		}
		keep[r.entry.ID] = true
		if indexed[r.entry.ID] == r.entry.SHA256 {
			sum.Unchanged++
			continue
		}
		if putErr != nil {
			continue // drain the workers
		}
		batch = append(batch, *r.entry)
		if len(batch) >= indexBatch {
			putErr = flush()
		}
	}
	if putErr != nil {
		return sum, putErr
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if err := flush(); err != nil {
		return sum, err
	}
	var stale []string
	for id := range indexed {
		if keep[id] {
			continue
		}
		// A document whose latest version no longer parses (a page turned
		// into a notice, a broken upload, a worker that died) keeps its
		// last good version: it has not vanished, it has changed, and the
		// change is listed as skipped or failed.
		if len(sum.Skipped)+len(sum.Failed) > 0 {
			if e, err := idx.Get(ctx, id); err == nil && (sum.Skipped[e.URL] != "" || sum.Failed[e.URL] != "") {
				sum.Kept++
				continue
			}
		}
		stale = append(stale, id)
	}
	sort.Strings(stale)
	if err := idx.Delete(ctx, stale...); err != nil {
		return sum, err
	}
	sum.Removed = len(stale)
	return sum, nil
}

// refileBodies puts again, with the body the directory gives their office
// now, the entries among ids whose body changed.
func refileBodies(ctx context.Context, idx index.Index, bodies *gongkai.BodyDirectory, ids []string) error {
	var changed []gongkai.Entry
	for _, id := range ids {
		e, err := idx.Get(ctx, id)
		if err != nil {
			return fmt.Errorf("refile %s: %w", id, err)
		}
		if b := bodies.Resolve(e.Report.Office); !reflect.DeepEqual(b, e.Body) {
			e.Body = b
			changed = append(changed, *e)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	return idx.Put(ctx, changed...)
}

// indexedID returns which of ids, the entries holding d's bytes, is d's
// own (EntryID of its body, a year and its address), or "". The year is
// the parse's, so each year a report can be of is tried, most likely first:
// far cheaper than parsing again.
func indexedID(d ingest.Document, ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	for _, year := range likelyYears {
		id := gongkai.EntryID(d.Site.Name, year, d.URL)
		if slices.Contains(ids, id) {
			return id
		}
	}
	return ""
}

// likelyYears are the years a report can be of: next year back to 1990
// (none is older than the regulation), then 0 (no year found), then the
// rest up to 2100. Most reports are of the last few years, so an unchanged
// document costs two or three hashes, not the forty that counting up from
// 1990 took (at 100,000 documents, seconds of a run that parses nothing).
var likelyYears = func() []int {
	next := time.Now().Year() + 1
	var years []int
	for y := next; y >= 1990; y-- {
		years = append(years, y)
	}
	years = append(years, 0)
	for y := next + 1; y <= 2100; y++ {
		years = append(years, y)
	}
	return years
}()

// entryOf reads one stored document and parses it in a worker of pool.
func entryOf(ctx context.Context, pool *isolated.Pool, store *ingest.Store, d ingest.Document) (*gongkai.Entry, error) {
	data, err := store.Read(d.SHA256)
	if err != nil {
		return nil, err
	}
	doc := isolated.Document{Name: documentName(d, data), Data: data, URL: d.URL}
	if d.Kind == ingest.KindReport {
		// the pictures the page prints, stored with it: tables published as images
		pics, err := store.Images(ctx, d.URL)
		if err != nil {
			return nil, err
		}
		for _, p := range pics {
			if b, err := store.Read(p.SHA256); err == nil {
				if doc.Pictures == nil {
					doc.Pictures = map[string][]byte{}
				}
				doc.Pictures[p.URL] = b
			}
		}
	}
	rep, err := pool.ParseWith(ctx, doc)
	if err != nil {
		return nil, err
	}
	rep.Source = d.URL
	if rep.Office == "" {
		rep.Office = d.Site.Name
	}
	if rep.Published == "" {
		rep.Published = d.Published
	}
	if rep.Title == "" {
		rep.Title = d.Title
	}
	return &gongkai.Entry{
		ID: gongkai.EntryID(d.Site.Name, rep.Year, d.URL),
		// A former 行政区划代码 in the sources file (652201) is filed under
		// the code in use now (650502), so that one filter finds a body's
		// reports of every year.
		Report: *rep, Region: places.Latest(d.Site.Region), Level: d.Site.Level,
		URL: d.URL, SHA256: d.SHA256, Fetched: d.Fetched, Versions: d.Versions,
	}, nil
}

// documentName is a file name for a stored document, whose extension tells
// parse its kind: the kind its bytes show (parse.KindOf on the content
// alone: a PDF served at .html, an HTML page at .pdf), else the URL's
// extension, else its Content-Type.
func documentName(d ingest.Document, data []byte) string {
	u, err := url.Parse(d.FinalURL)
	if err != nil || d.FinalURL == "" {
		u, err = url.Parse(d.URL)
	}
	name := "document"
	if err == nil {
		name = path.Base(u.Path)
	}
	if kind := parse.KindOf("", data); kind != parse.KindText {
		return strings.TrimSuffix(name, path.Ext(name)) + "." + string(kind)
	}
	if path.Ext(name) == "" && strings.Contains(d.ContentType, "html") {
		name += ".html"
	}
	return name
}

func newIndexCmd(stdout, stderr io.Writer) *cobra.Command {
	var flags storeFlags
	var verbose bool
	cmd := &cobra.Command{
		Use:   "index [--data DIR] [--es URL]",
		Short: "Parse what the raw store holds and index it",
		Long: `Index parses every report page and attachment in the raw store under --data
and puts it into the index: the embedded one (DIR/index.db) or, with --es,
Elasticsearch. It is idempotent: documents already indexed with the same
bytes are left as they are, and entries whose document left the store are
removed. Documents that cannot be parsed are listed with the reason.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return indexData(cmd.Context(), flags, stdout, stderr, verbose)
		},
	}
	flags.register(cmd)
	flags.registerLayout(cmd)
	registerParseLimits(cmd)
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every skipped document and why")
	return cmd
}

// indexData indexes the store under the flags' data directory into the
// index they name and prints the summary.
func indexData(ctx context.Context, flags storeFlags, stdout, stderr io.Writer, verbose bool) error {
	store, err := ingest.OpenStore(flags.data)
	if err != nil {
		return err
	}
	defer store.Close()
	idx, err := flags.openWriter(ctx, stderr)
	if err != nil {
		return err
	}
	defer idx.Close()
	bar := newProgress(stderr, "index")
	sum, err := indexStore(ctx, store, idx, func(done, total int) { bar.update(done, total, "documents") })
	bar.finish()
	if err != nil {
		return err
	}
	writeIndexSummary(stdout, sum, verbose)
	if len(sum.Failed) > 0 {
		writeFailed(stderr, sum.Failed)
		return errFailed
	}
	return nil
}

// writeFailed lists, loudly and always, the documents whose parse worker
// died or was killed: a reader failed on them in a way its budgets did not
// catch.
func writeFailed(w io.Writer, failed map[string]string) {
	urls := make([]string, 0, len(failed))
	for u := range failed {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	fmt.Fprintf(w, "警告：%d 份文档使解析进程失败，未编入索引（其余文档照常编入）：\n", len(urls))
	for _, u := range urls {
		fmt.Fprintf(w, "  %s: %s\n", u, firstLine(failed[u]))
	}
}

func writeIndexSummary(w io.Writer, sum indexSummary, verbose bool) {
	fmt.Fprintf(w, "索引：%s\n", sum)
	reasons := map[string]int{}
	urls := make([]string, 0, len(sum.Skipped))
	for u, why := range sum.Skipped {
		reasons[firstLine(why)]++
		urls = append(urls, u)
	}
	if verbose {
		sort.Strings(urls)
		for _, u := range urls {
			fmt.Fprintf(w, "  skipped %s: %s\n", u, firstLine(sum.Skipped[u]))
		}
		return
	}
	whys := make([]string, 0, len(reasons))
	for why := range reasons {
		whys = append(whys, why)
	}
	sort.Strings(whys)
	for _, why := range whys {
		fmt.Fprintf(w, "  skipped %d: %s\n", reasons[why], why)
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
