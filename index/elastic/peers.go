package elastic

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// quartilesIndex keeps the quartiles of every peer group's rates
// (index.QuartilesByPeers), a document per province, level, year and rate,
// replaced with the rate outliers of a province's year whenever its
// reports change: the body page reads a few of them instead of the rates
// of every report of its province.
func (x *Index) quartilesIndex() string { return x.name + "-quartiles" }

// quartileDoc is one peer group's quartiles of one rate.
type quartileDoc struct {
	Province string  `json:"province"`
	Level    string  `json:"level"`
	Year     int     `json:"year"`
	Rate     string  `json:"rate"`
	N        int     `json:"n"`
	P25      float64 `json:"p25"`
	P50      float64 `json:"p50"`
	P75      float64 `json:"p75"`
}

// setupQuartiles creates the quartiles index when absent, and says
// whether it did.
func (x *Index) setupQuartiles(ctx context.Context, settings Settings) (created bool, err error) {
	kw, number := map[string]any{"type": "keyword"}, map[string]any{"type": "double"}
	return x.createSmall(ctx, x.quartilesIndex(), settings, map[string]any{
		"province": kw, "level": kw, "rate": kw, "year": map[string]any{"type": "integer"}, "n": map[string]any{"type": "integer"},
		"p25": number, "p50": number, "p75": number,
	})
}

// fillQuartiles computes the quartiles of every province and year from
// the rates the reports keep: for reports indexed before quartiles were.
func (x *Index) fillQuartiles(ctx context.Context) error {
	scopes := map[index.PeerScope][]index.RateReport{}
	err := x.each(ctx, map[string]any{"match_all": map[string]any{}}, []string{"rates"}, func(h hit) error {
		if r := h.Source.Rates; r != nil && len(r.Region) >= 2 {
			s := index.PeerScope{Year: r.Year, Province: r.Region[:2]}
			scopes[s] = append(scopes[s], *r)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("quartiles: %w", err)
	}
	return x.storeQuartiles(ctx, scopes)
}

// quartileID is the document id of a peer group's quartiles of a rate.
func quartileID(province, level string, year int, rate string) string {
	return docID(province, level, strconv.Itoa(year), rate)
}

// storeQuartiles replaces the quartiles of each province's year in scopes
// with those of its reports' rates, all in one bulk request: one a scope
// cost Settle a request and a refresh for each of a few hundred scopes.
func (x *Index) storeQuartiles(ctx context.Context, scopes map[index.PeerScope][]index.RateReport) error {
	var docs []quartileDoc
	keep := map[string]bool{}
	for scope, reports := range scopes {
		for k, q := range index.QuartilesByPeers(reports) {
			if k.Year == scope.Year {
				docs = append(docs, quartileDoc{Province: scope.Province, Level: k.Level, Year: k.Year, Rate: k.Rate, N: q.N, P25: q.P25, P50: q.P50, P75: q.P75})
				keep[quartileID(scope.Province, k.Level, k.Year, k.Rate)] = true
			}
		}
	}
	var gone []string
	query := scopesQuery(slices.Collect(maps.Keys(scopes)), func(province string) any {
		return map[string]any{"term": map[string]any{"province": province}}
	})
	group := []string{"province", "year", "level", "rate"}
	err := x.eachValues(ctx, x.quartilesIndex(), query, group, group, func(v values) error {
		if id := quartileID(v.text("province"), v.text("level"), v.number("year"), v.text("rate")); !keep[id] {
			gone = append(gone, id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("quartiles: %w", err)
	}
	err = x.bulk(ctx, Options{index: x.quartilesIndex()}, len(docs)+len(gone), func(i int) (string, string, []byte, error) {
		if i >= len(docs) {
			return "delete", gone[i-len(docs)], nil, nil
		}
		d := docs[i]
		b, err := json.Marshal(d)
		return "index", quartileID(d.Province, d.Level, d.Year, d.Rate), b, err
	})
	if err != nil {
		return fmt.Errorf("quartiles: %w", err)
	}
	return nil
}

// scopesQuery matches the documents of scopes: for each province, the
// clause province gives, in the scope's years.
func scopesQuery(scopes []index.PeerScope, province func(string) any) any {
	years := map[string][]int{}
	for _, s := range scopes {
		years[s.Province] = append(years[s.Province], s.Year)
	}
	should := []any{}
	for _, p := range slices.Sorted(maps.Keys(years)) {
		should = append(should, map[string]any{"bool": map[string]any{"filter": []any{
			province(p), map[string]any{"terms": map[string]any{"year": years[p]}},
		}}})
	}
	return map[string]any{"bool": map[string]any{"should": should, "minimum_should_match": 1}}
}

// quartileDocs reads the stored quartiles of a province in years from to
// to, of one level ("" for every level), by document id.
func (x *Index) quartileDocs(ctx context.Context, province, level string, from, to int) (map[string]quartileDoc, error) {
	filter := []any{
		map[string]any{"term": map[string]any{"province": province}},
		map[string]any{"range": map[string]any{"year": map[string]any{"gte": from, "lte": to}}},
	}
	if level != "" {
		filter = append(filter, map[string]any{"term": map[string]any{"level": level}})
	}
	body := map[string]any{"query": map[string]any{"bool": map[string]any{"filter": filter}}, "size": maxWindow}
	var res struct {
		Hits struct {
			Hits []struct {
				ID     string      `json:"_id"`
				Source quartileDoc `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := x.do(ctx, esapi.SearchRequest{Index: []string{x.quartilesIndex()}, Body: jsonBody(body)}, &res); err != nil {
		return nil, fmt.Errorf("quartiles: %w", err)
	}
	out := make(map[string]quartileDoc, len(res.Hits.Hits))
	for _, h := range res.Hits.Hits {
		out[h.ID] = h.Source
	}
	return out, nil
}

// PeerQuartiles implements index.Findings.PeerQuartiles from the
// quartiles kept at Put.
func (x *Index) PeerQuartiles(ctx context.Context, province, level string, from, to int) (map[gongkai.PeerKey]gongkai.Quartiles, error) {
	// Quartiles are kept with the rate outliers, which puts leave stale
	// until the next read settles them.
	if err := x.Settle(ctx); err != nil {
		return nil, err
	}
	docs, err := x.quartileDocs(ctx, province, level, from, to)
	if err != nil {
		return nil, fmt.Errorf("peer quartiles: %w", err)
	}
	out := make(map[gongkai.PeerKey]gongkai.Quartiles, len(docs))
	for _, d := range docs {
		out[gongkai.PeerKey{Rate: d.Rate, Year: d.Year, Level: d.Level}] = gongkai.Quartiles{N: d.N, P25: d.P25, P50: d.P50, P75: d.P75}
	}
	return out, nil
}
