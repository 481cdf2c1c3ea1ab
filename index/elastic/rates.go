package elastic

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// ratesIndex keeps what each report keeps for the rate outliers
// (index.RateReport), a small document per entry: PeerRates, and with it
// Settle, read these instead of the reports' whole sources, which the node
// must decompress (tens of kilobytes each) to take a few numbers out.
func (x *Index) ratesIndex() string { return x.name + "-rates" }

// rateDoc is a document of ratesIndex, by entry id.
type rateDoc struct {
	ID     string           `json:"id"`
	Year   int              `json:"year"`
	Region string           `json:"region"`
	Rates  index.RateReport `json:"rates"`
}

// setupRates creates the rates index when absent, and says whether it did.
func (x *Index) setupRates(ctx context.Context, settings Settings) (created bool, err error) {
	kw := map[string]any{"type": "keyword"}
	return x.createSmall(ctx, x.ratesIndex(), settings, map[string]any{
		"id": kw, "region": kw, "year": map[string]any{"type": "integer"},
		"rates": map[string]any{"type": "object", "enabled": false},
	})
}

// createSmall creates a one-shard index of strict mappings props when
// absent, waits until it answers searches, and says whether it created it.
func (x *Index) createSmall(ctx context.Context, name string, settings Settings, props map[string]any) (created bool, err error) {
	res, err := esapi.IndicesExistsRequest{Index: []string{name}}.Do(ctx, x.es)
	if err != nil {
		return false, err
	}
	res.Body.Close()
	if res.StatusCode == http.StatusOK {
		return false, nil
	}
	body := map[string]any{
		"settings": map[string]any{"number_of_shards": 1, "number_of_replicas": max(settings.Replicas, 0)},
		"mappings": map[string]any{"dynamic": "strict", "properties": props},
	}
	err = x.do(ctx, esapi.IndicesCreateRequest{Index: name, Body: jsonBody(body)}, nil)
	if err != nil && !strings.Contains(err.Error(), "resource_already_exists_exception") {
		return false, fmt.Errorf("create %s: %w", name, err)
	}
	health := esapi.ClusterHealthRequest{Index: []string{name}, WaitForStatus: "yellow", Timeout: 30 * time.Second}
	if err := x.do(ctx, health, nil); err != nil {
		return false, fmt.Errorf("wait for %s: %w", name, err)
	}
	return true, nil
}

// fillRates copies the rates the reports keep into the rates index: for
// reports indexed before it was kept.
func (x *Index) fillRates(ctx context.Context) error {
	var docs []rateDoc
	err := x.each(ctx, map[string]any{"match_all": map[string]any{}}, []string{"rates"}, func(h hit) error {
		if r := h.Source.Rates; r != nil {
			docs = append(docs, rateDoc{ID: r.ID, Year: r.Year, Region: r.Region, Rates: *r})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rates: %w", err)
	}
	return x.storeRates(ctx, docs)
}

// ratesMoved is what a put changes of the rates: the documents to store
// and the peer scopes whose outliers they move.
type ratesMoved struct {
	docs   []rateDoc
	scopes *index.Changes // its Peers alone
}

// movedRates compares the rates of entries with those stored under their
// ids: an entry whose rates, body, office, region, level, year and count
// of facts (index.RateReport, all that its peers' outliers and quartiles
// read of it) are as stored moves nothing; any other moves the scope it
// was in and the one it is in now.
func (x *Index) movedRates(ctx context.Context, entries []gongkai.Entry) (ratesMoved, error) {
	out := ratesMoved{scopes: index.NewChanges()}
	ids := make([]string, len(entries))
	for i := range entries {
		ids[i] = entries[i].ID
	}
	stored := map[string]index.RateReport{}
	for c := range slices.Chunk(ids, termsChunk) {
		var res struct {
			Docs []struct {
				Found  bool    `json:"found"`
				Source rateDoc `json:"_source"`
			} `json:"docs"`
		}
		if err := x.do(ctx, esapi.MgetRequest{Index: x.ratesIndex(), Body: jsonBody(map[string]any{"ids": c})}, &res); err != nil {
			return out, fmt.Errorf("rates: %w", err)
		}
		for _, d := range res.Docs {
			if d.Found {
				stored[d.Source.ID] = d.Source.Rates
			}
		}
	}
	for i := range entries {
		r := index.RateReportOf(&entries[i])
		old, ok := stored[r.ID]
		if ok && reflect.DeepEqual(old, r) {
			continue
		}
		out.docs = append(out.docs, rateDoc{ID: r.ID, Year: r.Year, Region: r.Region, Rates: r})
		out.scopes.Add(r.Body, r.Year, r.Region, r.Level)
		if ok {
			out.scopes.Add(old.Body, old.Year, old.Region, old.Level)
		}
	}
	return out, nil
}

func (x *Index) storeRates(ctx context.Context, docs []rateDoc) error {
	err := x.bulk(ctx, Options{index: x.ratesIndex()}, len(docs), func(i int) (string, string, []byte, error) {
		b, err := json.Marshal(docs[i])
		return "index", docs[i].ID, b, err
	})
	if err != nil {
		return fmt.Errorf("rates: %w", err)
	}
	return nil
}

// deleteRates removes the rates of ids.
func (x *Index) deleteRates(ctx context.Context, ids []string) error {
	err := x.bulk(ctx, Options{index: x.ratesIndex()}, len(ids), func(i int) (string, string, []byte, error) {
		return "delete", ids[i], nil, nil
	})
	if err != nil {
		return fmt.Errorf("rates: %w", err)
	}
	return nil
}

// PeerRates returns what the reports of a region in years from to to keep
// for the rate outliers, from the rates index, in the order of year
// (latest first), office and id.
func (x *Index) PeerRates(ctx context.Context, region string, from, to int) ([]index.RateReport, error) {
	query := map[string]any{"bool": map[string]any{"filter": []any{
		map[string]any{"range": map[string]any{"year": map[string]any{"gte": from, "lte": to}}},
		map[string]any{"prefix": map[string]any{"region": region}},
	}}}
	var reports []index.RateReport
	err := x.eachRates(ctx, query, func(r index.RateReport) {
		reports = append(reports, r)
	})
	if err != nil {
		return nil, err
	}
	sortRates(reports)
	return reports, nil
}

// sortRates puts reports in the order of year (latest first), office and id.
func sortRates(reports []index.RateReport) {
	slices.SortStableFunc(reports, func(a, b index.RateReport) int {
		return cmp.Or(cmp.Compare(b.Year, a.Year), cmp.Compare(a.Office, b.Office), cmp.Compare(a.ID, b.ID))
	})
}

// eachRates visits the rates of every report query matches in the rates
// index, maxWindow at a time.
func (x *Index) eachRates(ctx context.Context, query any, visit func(index.RateReport)) error {
	body := map[string]any{"query": query, "sort": []any{map[string]any{"id": "asc"}}}
	err := searchAfter(ctx, x, x.ratesIndex(), body, maxWindow, func(h *ratesHit) error {
		visit(h.Source.Rates)
		return nil
	})
	if err != nil {
		return fmt.Errorf("peer rates: %w", err)
	}
	return nil
}

// ratesHit is a hit of the rates index.
type ratesHit struct {
	Sort   []any   `json:"sort"`
	Source rateDoc `json:"_source"`
}

func (h ratesHit) sortValues() []any { return h.Sort }
