// Package elastic is the index on an Elasticsearch 8 cluster, for a
// collection that outgrows one machine. It uses only core features — no
// plugins, no painless, no reindex module — so any 8.x distribution serves:
// the narrative is segmented by gse before indexing (a whitespace-analysed
// field holding also every dictionary word of Chinese characters the text
// contains, so such a query term is one term query), other terms are
// matched on the original text (a standard-analysed field, which splits
// Chinese into single characters, queried as a phrase), and facts are
// numeric fields under "facts".
//
// Reports live in a versioned index (NAME-v1) behind the alias NAME, so a
// new mapping can be built beside the old one and the alias switched.
package elastic

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"
	"github.com/elastic/go-elasticsearch/v8/esutil"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/parse/segment"
	"github.com/gongkai/gongkai/similar"
)

// DefaultName is the alias reports are indexed under.
const DefaultName = "gongkai-reports"

// maxWindow is the most hits one request returns; longer lists are paged
// with search_after.
const maxWindow = 10000

// Index is the Elasticsearch index.
type Index struct {
	es   *elasticsearch.Client
	name string // the alias

	quietMu  sync.Mutex
	quietPut int // Puts running with the periodic refresh off (see quietBulk)

	settling sync.Mutex // one Settle at a time
}

var _ index.Index = (*Index)(nil)

// Options tune bulk indexing; zero values take the defaults.
type Options struct {
	Workers    int // concurrent bulk requests; default 2
	FlushBytes int // bulk request size; default 4 MiB

	index string // where the items go; default the reports' alias
}

// Settings lay a new index out over the cluster's nodes.
type Settings struct {
	// Shards is the number of primary shards of a new index (fixed once it
	// exists): more spread the writes and the search work over more nodes.
	// Zero means 1.
	Shards int
	// Replicas is the number of copies of each shard on other nodes: with
	// one, any single node can be lost without losing a report or an
	// answer. It is a live setting, applied to the existing index too;
	// KeepReplicas leaves it as it is (0 for a new index).
	Replicas int
}

// KeepReplicas as Settings.Replicas leaves the index's replicas as they are.
const KeepReplicas = -1

// quietBulk is the number of documents from which a Put turns the index's
// periodic refresh off while it runs (and back on after): Elasticsearch
// then builds fewer, larger segments, and Put's own refresh at the end
// makes everything searchable at once. (A variable for BenchmarkBulk.)
var quietBulk = 1000

// Open connects to the cluster at url (one address, or several separated
// by commas: requests go to each in turn and move on from one that does
// not answer) and makes sure the index template, the versioned index and
// its alias exist. In an existing index it changes nothing but a periodic
// refresh left off by a writer killed mid-bulk, which it turns back on.
func Open(ctx context.Context, url, name string) (*Index, error) {
	return OpenWith(ctx, url, name, Settings{Replicas: KeepReplicas})
}

// OpenWith is Open for a writer: a new index is made with settings, and an
// existing one gets settings' replicas.
func OpenWith(ctx context.Context, url, name string, settings Settings) (*Index, error) {
	if name == "" {
		name = DefaultName
	}
	var addresses []string
	for _, a := range strings.Split(url, ",") {
		if a = strings.TrimSpace(a); a != "" {
			addresses = append(addresses, a)
		}
	}
	es, err := elasticsearch.NewClient(elasticsearch.Config{
		Addresses:     addresses,
		RetryOnStatus: []int{429, 502, 503, 504},
		MaxRetries:    5,
		RetryBackoff:  func(attempt int) time.Duration { return time.Duration(attempt*attempt) * 100 * time.Millisecond },
	})
	if err != nil {
		return nil, fmt.Errorf("elasticsearch %s: %w", url, err)
	}
	x := &Index{es: es, name: name}
	if err := x.setup(ctx, settings); err != nil {
		return nil, fmt.Errorf("elasticsearch %s: %w", url, err)
	}
	return x, nil
}

// setup creates the template, the index and its alias when the alias does
// not exist, else applies settings to the existing index.
func (x *Index) setup(ctx context.Context, settings Settings) error {
	newFindings, err := x.setupFindings(ctx, settings)
	if err != nil {
		return err
	}
	newQuartiles, err := x.setupQuartiles(ctx, settings)
	if err != nil {
		return err
	}
	newRates, err := x.setupRates(ctx, settings)
	if err != nil {
		return err
	}
	res, err := esapi.IndicesExistsAliasRequest{Name: []string{x.name}}.Do(ctx, x.es)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode == http.StatusOK {
		if err := x.checkBodyField(ctx); err != nil {
			return err
		}
		if err := x.checkWords(ctx); err != nil {
			return err
		}
		if err := x.adjust(ctx, settings); err != nil {
			return err
		}
		if newRates { // reports indexed before their rates were kept apart
			if err := x.fillRates(ctx); err != nil {
				return err
			}
		}
		if newFindings { // reports indexed before findings were kept
			return x.rebuildFindings(ctx)
		}
		if newQuartiles { // reports indexed before quartiles were kept
			return x.fillQuartiles(ctx)
		}
		return nil
	}
	template := map[string]any{
		"index_patterns": []string{x.name + "-v*"},
		"template": map[string]any{
			"settings": map[string]any{
				"number_of_shards":                 max(settings.Shards, 1),
				"number_of_replicas":               max(settings.Replicas, 0),
				"index.mapping.total_fields.limit": 3000,
			},
			"mappings": map[string]any{
				// Fact keys hold dots, so "facts" fills with objects; only
				// the numbers at their leaves become double fields.
				"dynamic_templates": []any{
					map[string]any{"fact_longs": map[string]any{"path_match": "facts.*", "match_mapping_type": "long", "mapping": map[string]any{"type": "double"}}},
					map[string]any{"fact_doubles": map[string]any{"path_match": "facts.*", "match_mapping_type": "double", "mapping": map[string]any{"type": "double"}}},
				},
				"_meta": map[string]any{"words": wordsVersion, "prints": printsVersion},
				"properties": map[string]any{
					"id":        map[string]any{"type": "keyword"},
					"office":    map[string]any{"type": "keyword"},
					"body":      map[string]any{"type": "keyword"}, // gongkai.Entry.BodyID
					"year":      map[string]any{"type": "integer"},
					"region":    map[string]any{"type": "keyword"},
					"level":     map[string]any{"type": "keyword"},
					"template":  map[string]any{"type": "keyword"},
					"source":    map[string]any{"type": "keyword"},
					"sha256":    map[string]any{"type": "keyword"},
					"failed":    map[string]any{"type": "keyword"},
					"words":     map[string]any{"type": "text", "analyzer": "whitespace"},
					"narrative": map[string]any{"type": "text", "analyzer": "standard"},
					"entry":     map[string]any{"type": "object", "enabled": false},
					"rates":     map[string]any{"type": "object", "enabled": false}, // index.RateReport
					"bands":     map[string]any{"type": "keyword"},                  // similar.Print.Keys, in hexadecimal
					"sig":       map[string]any{"type": "binary"},                   // similar.Signature.Bytes
				},
			},
		},
	}
	if err := x.do(ctx, esapi.IndicesPutIndexTemplateRequest{Name: x.name, Body: jsonBody(template)}, nil); err != nil {
		return fmt.Errorf("index template: %w", err)
	}
	create := map[string]any{"aliases": map[string]any{x.name: map[string]any{"is_write_index": true}}}
	err = x.do(ctx, esapi.IndicesCreateRequest{Index: x.name + "-v1", Body: jsonBody(create)}, nil)
	if err != nil && !strings.Contains(err.Error(), "resource_already_exists_exception") {
		return fmt.Errorf("create index: %w", err)
	}
	return nil
}

// adjust applies settings to the existing index, and turns its periodic
// refresh back on if a writer killed mid-bulk left it off.
func (x *Index) adjust(ctx context.Context, settings Settings) error {
	var current map[string]struct {
		Settings struct {
			Index struct {
				RefreshInterval string `json:"refresh_interval"`
			} `json:"index"`
		} `json:"settings"`
	}
	if err := x.do(ctx, esapi.IndicesGetSettingsRequest{Index: []string{x.name}, Name: []string{"index.refresh_interval"}}, &current); err != nil {
		return fmt.Errorf("index settings: %w", err)
	}
	change := map[string]any{}
	for _, s := range current {
		if s.Settings.Index.RefreshInterval == "-1" {
			change["refresh_interval"] = nil // the default again
		}
	}
	if settings.Replicas >= 0 {
		change["number_of_replicas"] = settings.Replicas
		// The findings, reviews, quartiles, stale scopes, rates and pending reports are copied as the reports are.
		replicas := map[string]any{"index": map[string]any{"number_of_replicas": settings.Replicas}}
		err := x.do(ctx, esapi.IndicesPutSettingsRequest{Index: []string{x.findingsIndex(), x.reviewsIndex(), x.quartilesIndex(), x.staleIndex(), x.ratesIndex(), x.pendingIndex()}, Body: jsonBody(replicas)}, nil)
		if err != nil {
			return fmt.Errorf("findings settings: %w", err)
		}
	}
	if len(change) == 0 {
		return nil
	}
	if err := x.putSettings(ctx, change); err != nil {
		return fmt.Errorf("index settings: %w", err)
	}
	return nil
}

func (x *Index) putSettings(ctx context.Context, settings map[string]any) error {
	return x.do(ctx, esapi.IndicesPutSettingsRequest{Index: []string{x.name}, Body: jsonBody(map[string]any{"index": settings})}, nil)
}

// quiet turns the index's periodic refresh off for a large Put; the
// function it returns turns it back on when the last such Put ends. A
// writer killed in between leaves it off, and the next Open turns it on.
func (x *Index) quiet(ctx context.Context) (func(), error) {
	x.quietMu.Lock()
	defer x.quietMu.Unlock()
	if x.quietPut == 0 {
		if err := x.putSettings(ctx, map[string]any{"refresh_interval": "-1"}); err != nil {
			return nil, fmt.Errorf("refresh off: %w", err)
		}
	}
	x.quietPut++
	return func() {
		x.quietMu.Lock()
		defer x.quietMu.Unlock()
		if x.quietPut--; x.quietPut == 0 {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			x.putSettings(ctx, map[string]any{"refresh_interval": nil}) // when this fails, the next Open does it
		}
	}, nil
}

// checkBodyField refuses reports indexed before they carried their body
// id: the findings across a body's years find its reports by it, and
// without it would see every body as missing every year.
func (x *Index) checkBodyField(ctx context.Context) error {
	var mappings map[string]struct {
		Mappings struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"mappings"`
	}
	if err := x.do(ctx, esapi.IndicesGetMappingRequest{Index: []string{x.name}}, &mappings); err != nil {
		return fmt.Errorf("mapping: %w", err)
	}
	for ix, m := range mappings {
		if _, ok := m.Mappings.Properties["body"]; !ok {
			return fmt.Errorf("索引 %s 建于报告带机关标识（body）之前：请删除索引 %s 和 %s（审核记录在 %s，保留）后重新运行 gongkai index", ix, ix, x.findingsIndex(), x.reviewsIndex())
		}
	}
	return nil
}

// wordsVersion marks, in the mapping's _meta, an index whose words field
// holds every dictionary word of Chinese characters its text contains
// (segment.Index). Search answers such a term from that field alone, so an
// index made before would miss reports.
const wordsVersion = 2

// printsVersion marks, in the mapping's _meta, an index whose reports
// carry their print (bands, sig) for the closest other report
// (ClosestOther): an index made before would find none.
const printsVersion = 1

// checkWords refuses an index whose words field is older than
// wordsVersion, or whose reports carry no print (printsVersion), as
// checkBodyField does.
func (x *Index) checkWords(ctx context.Context) error {
	var mappings map[string]struct {
		Mappings struct {
			Meta struct {
				Words  int `json:"words"`
				Prints int `json:"prints"`
			} `json:"_meta"`
		} `json:"mappings"`
	}
	if err := x.do(ctx, esapi.IndicesGetMappingRequest{Index: []string{x.name}}, &mappings); err != nil {
		return fmt.Errorf("mapping: %w", err)
	}
	for ix, m := range mappings {
		if m.Mappings.Meta.Words != wordsVersion {
			return fmt.Errorf("索引 %s 建于分词字段收全词典词之前（格式第 %d 版，本程序读第 %d 版）：请删除索引 %s 和 %s（审核记录在 %s，保留）后重新运行 gongkai index", ix, m.Mappings.Meta.Words, wordsVersion, ix, x.findingsIndex(), x.reviewsIndex())
		}
		if m.Mappings.Meta.Prints != printsVersion {
			return fmt.Errorf("索引 %s 建于报告存相似指纹（同年相近）之前（格式第 %d 版，本程序读第 %d 版）：请删除索引 %s 和 %s（审核记录在 %s，保留）后重新运行 gongkai index", ix, m.Mappings.Meta.Prints, printsVersion, ix, x.findingsIndex(), x.reviewsIndex())
		}
	}
	return nil
}

// Close releases nothing: the client holds no resources beyond its connections.
func (x *Index) Close() error { return nil }

// doc is a report as Elasticsearch stores it.
type doc struct {
	ID        string             `json:"id"`
	Body      string             `json:"body"` // gongkai.Entry.BodyID
	Office    string             `json:"office"`
	Year      int                `json:"year"`
	Region    string             `json:"region"`
	Level     string             `json:"level"`
	Template  string             `json:"template"`
	Source    string             `json:"source"`
	SHA256    string             `json:"sha256"`
	Failed    []string           `json:"failed"`
	Words     string             `json:"words"`
	Narrative string             `json:"narrative"`
	Facts     map[string]float64 `json:"facts"`
	Entry     *gongkai.Entry     `json:"entry"`

	Rates     index.RateReport `json:"rates"`      // for the rate outliers among its peers
	FactCount int              `json:"fact_count"` // for the summaries: which report stands for a year
	Published string           `json:"published"`  // gongkai.PublicationDate

	// The report's print (similar.Print), for the closest other report
	// of its year: none without a year or a counted sentence.
	Bands []string `json:"bands,omitempty"` // the band keys in hexadecimal
	Sig   []byte   `json:"sig,omitempty"`   // similar.Signature.Bytes
}

// Put indexes entries with the bulk API, replacing stored ones. Every item
// that fails is counted and reported: BulkIndexer.Close returns nil even
// when all items failed, so its statistics and OnFailure are what tell.
func (x *Index) Put(ctx context.Context, entries ...gongkai.Entry) error {
	return x.PutWith(ctx, Options{}, entries...)
}

// PutWith is Put with bulk tuning.
func (x *Index) PutWith(ctx context.Context, o Options, entries ...gongkai.Entry) error {
	seg, err := segment.Default()
	if err != nil {
		return err
	}
	if len(entries) >= quietBulk {
		loud, err := x.quiet(ctx)
		if err != nil {
			return err
		}
		defer loud()
	}
	// Segmenting and encoding run on every core while the bulk requests
	// go out: each document is added as soon as it is ready, in order, so
	// Elasticsearch indexes one part of the batch while gse cuts the next.
	next, done := index.Ordered(len(entries), func(i int) (encoded, error) { return encode(seg, &entries[i]) })
	defer done()
	docs := map[string]*similar.Doc{} // the narratives cut for the prints, for the copied narratives
	before, err := x.years(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(entries))
	for i := range entries {
		ids[i] = entries[i].ID
	}
	// The versions replaced: a report put under another body leaves its
	// former body's years to recompute.
	changes, err := x.changesOf(ctx, ids)
	if err != nil {
		return err
	}
	// Only the scopes whose rates moved have their outliers recomputed:
	// a report corrected in its text alone leaves them as they are.
	moved, err := x.movedRates(ctx, entries)
	if err != nil {
		return err
	}
	if err := x.markStale(ctx, moved.scopes.Scopes()); err != nil {
		return err
	}
	if err := x.markPending(ctx, ids, false); err != nil {
		return err
	}
	err = x.bulk(ctx, o, len(entries), func(i int) (string, string, []byte, error) {
		enc, err := next(i)
		if enc.doc != nil {
			docs[entries[i].ID] = enc.doc
		}
		return "index", entries[i].ID, enc.body, err
	})
	if err != nil {
		return err
	}
	if err := x.storeRates(ctx, moved.docs); err != nil {
		return err
	}
	fresh := make(map[string]*gongkai.Entry, len(entries))
	for i := range entries {
		fresh[entries[i].ID] = &entries[i]
	}
	err = x.refreshFindings(ctx, before, ids, changes, fresh, docs, func(visit func(*gongkai.Entry) error) error {
		for i := range entries {
			if err := visit(&entries[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return x.markPending(ctx, ids, true)
}

// encoded is an entry's document, and its narrative as cut for its print
// (nil for a report without a year).
type encoded struct {
	body []byte
	doc  *similar.Doc
}

// encode makes the document of an entry.
func encode(seg *segment.Segmenter, e *gongkai.Entry) (encoded, error) {
	narrative := index.Narrative(&e.Report)
	d := doc{
		ID: e.ID, Body: e.BodyID(), Office: e.Report.Office, Year: e.Report.Year, Region: e.Region, Level: e.Level,
		Template: e.Report.Template, Source: e.Report.Source, SHA256: e.SHA256,
		Failed: index.FailedChecks(&e.Report), Words: seg.Index(narrative), Narrative: narrative,
		Facts: map[string]float64{}, Entry: e,
		FactCount: len(e.Report.Facts), Published: gongkai.PublicationDate(&e.Report), Rates: index.RateReportOf(e),
	}
	for _, f := range e.Report.Facts {
		if f.Value != nil {
			d.Facts[f.Key] = *f.Value
		}
	}
	var cut *similar.Doc
	if e.Report.Year != 0 {
		cut = similar.NewWith(seg, &e.Report)
		if p := similar.PrintOf(cut); p != nil {
			d.Sig = p.Sig.Bytes()
			for _, k := range p.Keys {
				d.Bands = append(d.Bands, bandTerm(k))
			}
		}
	}
	body, err := json.Marshal(d)
	return encoded{body, cut}, err
}

// Delete removes entries; IDs not stored are ignored.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	before, err := x.years(ctx)
	if err != nil {
		return err
	}
	changes, err := x.changesOf(ctx, ids)
	if err != nil {
		return err
	}
	if err := x.markStale(ctx, changes.Scopes()); err != nil {
		return err
	}
	err = x.bulk(ctx, Options{}, len(ids), func(i int) (string, string, []byte, error) {
		return "delete", ids[i], nil, nil
	})
	if err != nil {
		return err
	}
	if err := x.deleteRates(ctx, ids); err != nil {
		return err
	}
	return x.refreshFindings(ctx, before, ids, changes, nil, nil, func(func(*gongkai.Entry) error) error { return nil })
}

// bulk sends n actions, then refreshes so that searches see them. An item
// counts as done only when Elasticsearch acknowledged it in a bulk response
// (or, for a delete, said it was not there). Everything else — items the
// cluster refused, items of a request whose connection broke, items of a
// response that could not be read — is unacknowledged and makes bulk return
// an error naming how many and which, never nil: the caller then knows the
// index is behind, and the next run redoes them (puts by ID are idempotent).
// BulkIndexer's own NumFailed misses the unreadable-response case, so the
// acknowledgements are counted here.
func (x *Index) bulk(ctx context.Context, o Options, n int, item func(i int) (action, id string, body []byte, err error)) error {
	if n == 0 {
		return nil
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.FlushBytes <= 0 {
		o.FlushBytes = 4 << 20
	}
	var mu sync.Mutex
	var failures []string
	fail := func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 5 {
			failures = append(failures, msg)
		}
	}
	acked := make([]atomic.Bool, n)
	bi, err := esutil.NewBulkIndexer(esutil.BulkIndexerConfig{
		Client: x.es, Index: cmp.Or(o.index, x.name), NumWorkers: o.Workers, FlushBytes: o.FlushBytes,
		OnError: func(_ context.Context, err error) { fail(err.Error()) },
	})
	if err != nil {
		return err
	}
	ids := make([]string, n)
	for i := range n {
		action, id, body, err := item(i)
		if err != nil {
			bi.Close(ctx)
			return fmt.Errorf("%s: %w", id, err)
		}
		ids[i] = id
		bi.Add(ctx, esutil.BulkIndexerItem{
			Action: action, DocumentID: id, Body: bodyReader(body),
			OnSuccess: func(context.Context, esutil.BulkIndexerItem, esutil.BulkIndexerResponseItem) {
				acked[i].Store(true)
			},
			OnFailure: func(_ context.Context, it esutil.BulkIndexerItem, res esutil.BulkIndexerResponseItem, err error) {
				if it.Action == "delete" && res.Status == http.StatusNotFound {
					acked[i].Store(true) // deleting what is not there is not a failure
					return
				}
				if err != nil {
					fail(fmt.Sprintf("%s %s: %v", it.Action, it.DocumentID, err))
					return
				}
				fail(fmt.Sprintf("%s %s: %d %s: %s", it.Action, it.DocumentID, res.Status, res.Error.Type, res.Error.Reason))
			},
		})
	}
	closeErr := bi.Close(ctx)
	var missing []string
	for i := range n {
		if !acked[i].Load() {
			missing = append(missing, ids[i])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(missing) > 0 || closeErr != nil || len(failures) > 0 {
		if closeErr != nil {
			failures = append(failures, closeErr.Error())
		}
		return fmt.Errorf("bulk: %d of %d items not acknowledged (%s …): %s",
			len(missing), n, strings.Join(missing[:min(len(missing), 5)], ", "), strings.Join(failures, "; "))
	}
	return x.do(ctx, esapi.IndicesRefreshRequest{Index: []string{cmp.Or(o.index, x.name)}}, nil)
}

func bodyReader(b []byte) io.ReadSeeker {
	if b == nil {
		return nil
	}
	return bytes.NewReader(b)
}

// Get returns the stored entry.
func (x *Index) Get(ctx context.Context, id string) (*gongkai.Entry, error) {
	var out struct {
		Found  bool `json:"found"`
		Source struct {
			Entry gongkai.Entry `json:"entry"`
		} `json:"_source"`
	}
	err := x.do(ctx, esapi.GetRequest{Index: x.name, DocumentID: escapeID(id), SourceIncludes: []string{"entry"}}, &out)
	var status statusError
	if errors.As(err, &status) && status.code == http.StatusNotFound || err == nil && !out.Found {
		return nil, fmt.Errorf("%s: %w", id, index.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &out.Source.Entry, nil
}

// GetMany returns the entries of ids in their order, read in one _mget
// request rather than a Get each: on a page of an export the requests, not
// the entries, were the node's cost.
func (x *Index) GetMany(ctx context.Context, ids []string) ([]gongkai.Entry, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var res struct {
		Docs []struct {
			ID     string `json:"_id"`
			Found  bool   `json:"found"`
			Source struct {
				Entry gongkai.Entry `json:"entry"`
			} `json:"_source"`
		} `json:"docs"`
	}
	req := esapi.MgetRequest{Index: x.name, Body: jsonBody(map[string]any{"ids": ids}), SourceIncludes: []string{"entry"}}
	if err := x.do(ctx, req, &res); err != nil {
		return nil, fmt.Errorf("mget %d entries: %w", len(ids), err)
	}
	if len(res.Docs) != len(ids) {
		return nil, fmt.Errorf("mget %d entries: %d answered", len(ids), len(res.Docs))
	}
	out := make([]gongkai.Entry, len(ids))
	for i, d := range res.Docs {
		if !d.Found {
			return nil, fmt.Errorf("%s: %w", ids[i], index.ErrNotFound)
		}
		out[i] = d.Source.Entry
	}
	return out, nil
}

// Indexed returns every stored ID with its document hash, read from the
// two fields' doc values: reading them from the stored source made the
// node decompress every report whole (10 s of a 28 s re-index at 20,000).
func (x *Index) Indexed(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := x.eachValues(ctx, x.name, map[string]any{"match_all": map[string]any{}}, []string{"id"}, []string{"id", "sha256"}, func(v values) error {
		out[v.text("id")] = v.text("sha256")
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A report whose put did not finish is not indexed whole: with no
	// hash, it is put again, or removed if its document is gone
	// (pendingIndex).
	err = x.eachValues(ctx, x.pendingIndex(), map[string]any{"match_all": map[string]any{}}, []string{"id"}, []string{"id"}, func(v values) error {
		if id := v.text("id"); out[id] != "" {
			out[id] = ""
		}
		return nil
	})
	return out, err
}

// values are one document's doc values, by field.
type values map[string][]any

// text is a keyword field's value, "" when absent.
func (v values) text(field string) string {
	if len(v[field]) == 0 {
		return ""
	}
	s, _ := v[field][0].(string)
	return s
}

// number is a numeric field's value, 0 when absent.
func (v values) number(field string) int {
	if len(v[field]) == 0 {
		return 0
	}
	f, _ := v[field][0].(float64)
	return int(f)
}

// eachValues visits every document of index ix that query matches, with
// the doc values of fields, in the order of the fields of sort, which
// together tell every document apart, maxWindow at a time. It reads
// columns alone: no stored field, not even the _id, whose blocks the node
// would decompress with the source beside it.
func (x *Index) eachValues(ctx context.Context, ix string, query any, sort, fields []string, visit func(v values) error) error {
	var order []any
	for _, f := range sort {
		order = append(order, map[string]any{f: "asc"})
	}
	body := map[string]any{"query": query, "sort": order, "stored_fields": "_none_", "docvalue_fields": fields}
	return searchAfter(ctx, x, ix, body, maxWindow, func(h *valuesHit) error { return visit(h.Fields) })
}

// valuesHit is a hit read for its doc values alone.
type valuesHit struct {
	Sort   []any  `json:"sort"`
	Fields values `json:"fields"`
}

func (h valuesHit) sortValues() []any { return h.Sort }

// sortedHit is a search hit that carries its sort values, which the
// search of the next page starts after.
type sortedHit interface{ sortValues() []any }

// searchAfter runs the search body of index ix page after page, size hits
// a page, each page after the last hit of the one before (search_after:
// no deep from), and visits every hit. body's sort must tell every
// document apart, or a page boundary would skip or repeat hits.
func searchAfter[H sortedHit](ctx context.Context, x *Index, ix string, body map[string]any, size int, visit func(*H) error) error {
	body["size"] = size
	for {
		var res struct {
			Hits struct {
				Hits []H `json:"hits"`
			} `json:"hits"`
		}
		if err := x.do(ctx, esapi.SearchRequest{Index: []string{ix}, Body: jsonBody(body)}, &res); err != nil {
			return err
		}
		for i := range res.Hits.Hits {
			if err := visit(&res.Hits.Hits[i]); err != nil {
				return err
			}
		}
		if len(res.Hits.Hits) < size {
			return nil
		}
		body["search_after"] = res.Hits.Hits[len(res.Hits.Hits)-1].sortValues()
	}
}

// hit is one search hit with the stored fields this package reads.
type hit struct {
	Sort   []any `json:"sort"`
	Source struct {
		ID     string            `json:"id"`
		SHA256 string            `json:"sha256"`
		Entry  *gongkai.Entry    `json:"entry"`
		Rates  *index.RateReport `json:"rates"`
		Office string            `json:"office"`
		Region string            `json:"region"`
		Year   int               `json:"year"`
		Level  string            `json:"level"`
		// Template, ReportSource and Failed are the report's, for a
		// search hit (gongkai.Report.Source, index.FailedChecks).
		Template     string          `json:"template"`
		ReportSource string          `json:"source"`
		Failed       []string        `json:"failed"`
		Facts        json.RawMessage `json:"facts"` // the facts asked for, nested at the dots of their keys
		Sig          []byte          `json:"sig"`   // similar.Signature.Bytes
	} `json:"_source"`
}

func (h hit) sortValues() []any { return h.Sort }

var order = []any{
	map[string]any{"year": "desc"}, map[string]any{"office": "asc"}, map[string]any{"id": "asc"},
}

// each visits every hit of query in order, maxWindow at a time.
func (x *Index) each(ctx context.Context, query any, source []string, visit func(hit) error) error {
	return x.eachPage(ctx, query, source, maxWindow, visit)
}

// eachPage is each, size hits at a time.
func (x *Index) eachPage(ctx context.Context, query any, source []string, size int, visit func(hit) error) error {
	body := map[string]any{"query": query, "sort": order, "_source": source, "track_total_hits": false}
	return searchAfter(ctx, x, x.name, body, size, func(h *hit) error { return visit(*h) })
}

// textTerm is a query term, and whether the words field holds it wherever
// the text does (segment.Whole).
type textTerm struct {
	text  string
	whole bool
}

// textTerms reads a query's terms.
func textTerms(seg *segment.Segmenter, terms []string) []textTerm {
	out := make([]textTerm, len(terms))
	for i, t := range terms {
		out[i] = textTerm{t, seg.Whole(t)}
	}
	return out
}

// filters turns a search's filter and terms into bool filter clauses. User
// input only ever appears as a value inside a structured query. A whole
// term is the one word it is in the words field, exactly the reports whose
// text holds it; any other a phrase of the original text's characters.
func filters(f index.Filter, terms []textTerm) []any {
	var out []any
	for _, t := range terms {
		if t.whole {
			out = append(out, map[string]any{"term": map[string]any{"words": t.text}})
			continue
		}
		out = append(out, map[string]any{"match_phrase": map[string]any{"narrative": t.text}})
	}
	if f.YearFrom > 0 || f.YearTo > 0 {
		r := map[string]any{}
		if f.YearFrom > 0 {
			r["gte"] = f.YearFrom
		}
		if f.YearTo > 0 {
			r["lte"] = f.YearTo
		}
		out = append(out, map[string]any{"range": map[string]any{"year": r}})
	}
	if f.Region != "" {
		out = append(out, map[string]any{"prefix": map[string]any{"region": f.Region}})
	}
	if f.Level != "" {
		out = append(out, map[string]any{"term": map[string]any{"level": f.Level}})
	}
	if f.Office != "" {
		out = append(out, map[string]any{"wildcard": map[string]any{"office": map[string]any{"value": "*" + wildcardEscape(f.Office) + "*"}}})
	}
	if f.Template != "" {
		out = append(out, map[string]any{"term": map[string]any{"template": f.Template}})
	}
	if f.FailedChecks {
		out = append(out, map[string]any{"exists": map[string]any{"field": "failed"}})
	}
	if f.Check != "" {
		out = append(out, map[string]any{"term": map[string]any{"failed": f.Check}})
	}
	return out
}

func wildcardEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`).Replace(s)
}

// wordsQuery asks for every segmented word of every term, each quoted so
// that simple_query_string reads none of it as an operator.
func wordsQuery(tokens [][]string) string {
	var words []string
	for _, ws := range tokens {
		for _, w := range ws {
			words = append(words, `"`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(w)+`"`)
		}
	}
	return strings.Join(words, " ")
}

// hitSource is what a search reads of each hit's stored source: the
// fields of an index.Hit, kept beside the entry when it was put, and of
// the entry itself its URL, and its sections only for the snippets of a
// text query, so that a page of hits does not read and decode whole
// entries (facts, checks and their provenance).
func hitSource(snippets bool) []string {
	out := []string{"id", "office", "year", "region", "level", "template", "source", "failed", "entry.url"}
	if snippets {
		out = append(out, "entry.report.sections")
	}
	return out
}

// Search returns one page of the reports matching q, with facets over all.
// A page after or before a cursor is one search_after from its year,
// office and ID, at any depth.
func (x *Index) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	if err := q.CheckPaging(); err != nil {
		return nil, err
	}
	terms := index.QueryTerms(q.Text)
	boolQuery := map[string]any{}
	var text []textTerm
	if len(terms) > 0 {
		seg, err := segment.Default()
		if err != nil {
			return nil, err
		}
		text = textTerms(seg, terms)
		// The filters (whole words, phrases over the original characters)
		// decide what matches; gse's words only score. Requiring them too
		// lost the reports whose text segments a term differently than the
		// query does.
		if words := wordsQuery(index.TermTokens(seg, terms)); words != "" {
			boolQuery["should"] = []any{map[string]any{"simple_query_string": map[string]any{
				"query": words, "fields": []string{"words"}, "default_operator": "and",
			}}}
		}
	}
	boolQuery["filter"] = filters(q.Filter, text)
	limit := q.Limit
	if limit <= 0 {
		limit = index.DefaultLimit
	}
	limit = min(limit, maxWindow) // a longer page is cut at the window
	from := max(q.Offset, 0)
	body := map[string]any{
		"query":            map[string]any{"bool": boolQuery},
		"sort":             order,
		"from":             from,
		"size":             limit,
		"track_total_hits": true,
		"_source":          hitSource(len(terms) > 0),
		"aggs": map[string]any{
			"year":   map[string]any{"terms": map[string]any{"field": "year", "size": 200}},
			"region": map[string]any{"terms": map[string]any{"field": "region", "size": 5000}},
			"level":  map[string]any{"terms": map[string]any{"field": "level", "size": 50}},
			"check":  map[string]any{"terms": map[string]any{"field": "failed", "size": 5000}},
		},
	}
	if cursor := q.After + q.Before; cursor != "" {
		year, office, id, err := index.SearchAfter(cursor)
		if err != nil {
			return nil, err
		}
		body["search_after"] = []any{year, office, id}
		body["size"] = limit + 1 // one more says whether there is a page beyond
		if q.Before != "" {
			body["sort"] = reversed(order)
		}
	}
	type bucket struct {
		Key      any `json:"key"`
		DocCount int `json:"doc_count"`
	}
	var res struct {
		Hits struct {
			Total struct {
				Value int `json:"value"`
			} `json:"total"`
			Hits []hit `json:"hits"`
		} `json:"hits"`
		Aggregations map[string]struct {
			Buckets []bucket `json:"buckets"`
		} `json:"aggregations"`
	}
	var err error
	if from+body["size"].(int) > maxWindow {
		err = x.pagePast(ctx, x.name, body, &res)
	} else {
		err = x.do(ctx, esapi.SearchRequest{Index: []string{x.name}, Body: jsonBody(body)}, &res)
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &index.Results{Total: res.Hits.Total.Value, Hits: []index.Hit{}}
	hits := res.Hits.Hits
	more := len(hits) > limit
	hits = hits[:min(len(hits), limit)]
	if q.Before != "" {
		slices.Reverse(hits)
	}
	for _, h := range hits {
		d := h.Source
		if d.ID == "" {
			continue
		}
		hit := index.Hit{ID: d.ID, Office: d.Office, Year: d.Year, Region: d.Region, Level: d.Level,
			Template: d.Template, Source: d.ReportSource, Failed: d.Failed}
		if hit.Failed == nil {
			hit.Failed = []string{}
		}
		if e := d.Entry; e != nil {
			hit.URL = e.URL
			if len(terms) > 0 {
				hit.Snippets = index.Snippets(e.Report.Sections, terms, 3)
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	counts := func(name string) []index.Count {
		c := []index.Count{}
		for _, b := range res.Aggregations[name].Buckets {
			v := fmt.Sprint(b.Key)
			if f, ok := b.Key.(float64); ok {
				v = fmt.Sprint(int(f))
			}
			if v != "" {
				c = append(c, index.Count{Value: v, Count: b.DocCount})
			}
		}
		return index.SortCounts(c)
	}
	out.Facets = index.Facets{Year: counts("year"), Region: counts("region"), Level: counts("level"), Check: counts("check")}
	hasPrev, hasNext := index.PageEnds(from, q.After, q.Before, false, out.Total, len(out.Hits), more)
	if hasPrev {
		out.Prev = index.SearchCursor(&out.Hits[0])
	}
	if hasNext {
		out.Next = index.SearchCursor(&out.Hits[len(out.Hits)-1])
	}
	return out, nil
}

// statusError is an error answer from Elasticsearch.
type statusError struct {
	code int
	body string
}

func (e statusError) Error() string { return fmt.Sprintf("elasticsearch: %d %s", e.code, e.body) }

// do sends a request and decodes a successful answer into out (when not nil).
func (x *Index) do(ctx context.Context, req esapi.Request, out any) error {
	res, err := req.Do(ctx, x.es)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.IsError() {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
		return statusError{code: res.StatusCode, body: string(b)}
	}
	if out == nil {
		_, err := io.Copy(io.Discard, res.Body)
		return err
	}
	return json.NewDecoder(res.Body).Decode(out)
}

func jsonBody(v any) io.Reader { return esutil.NewJSONReader(v) }

// escapeID makes an ID one segment of a request path: the client library
// writes it into the path as it is, so "../../_cat/indices" or "x?q=…"
// would address another endpoint. Dots are escaped too, for the IDs "."
// and "..". Elasticsearch decodes the escapes.
func escapeID(id string) string {
	return strings.ReplaceAll(url.PathEscape(id), ".", "%2E")
}
