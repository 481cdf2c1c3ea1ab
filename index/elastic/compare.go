package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/gongkai/gongkai/index"
)

// compareOrder is the order of a comparison's rows: office, year, id.
var compareOrder = []any{
	map[string]any{"office": "asc"}, map[string]any{"year": "asc"}, map[string]any{"id": "asc"},
}

// Compare returns the keys' values for one body over the years or for the
// bodies of a region: the page of rows q asks for, reading the keys' facts,
// not whole entries, and the count and sums of every row from the same
// search's hit count and sum aggregations. A page within the first
// maxWindow rows is one search; a deeper one walks to it with
// search_after.
func (x *Index) Compare(ctx context.Context, q index.CompareQuery) (*index.Comparison, error) {
	if len(q.Keys) == 0 {
		return nil, errors.New("compare: no fact key")
	}
	var conds []any
	if q.Office != "" {
		conds = append(conds, map[string]any{"term": map[string]any{"office": q.Office}})
	}
	conds = append(conds, filters(index.Filter{Region: q.Region, YearFrom: q.YearFrom, YearTo: q.YearTo}, nil)...)
	query := map[string]any{"bool": map[string]any{"filter": conds}}
	source := []string{"id", "office", "region", "year"}
	aggs := map[string]any{}
	for i, k := range q.Keys {
		source = append(source, "facts."+k)
		aggs[fmt.Sprint("k", i)] = map[string]any{"sum": map[string]any{"field": "facts." + k}}
	}
	cmp := &index.Comparison{Keys: q.Keys, Rows: []index.CompareRow{}, Offset: max(q.Offset, 0), Totals: make([]float64, len(q.Keys))}
	skip, limit := cmp.Offset, q.Limit
	var after []any
	for first := true; ; first = false {
		body := map[string]any{"query": query, "sort": compareOrder, "_source": source, "size": maxWindow}
		if first {
			body["aggs"], body["track_total_hits"] = aggs, true
			if limit > 0 && skip+limit <= maxWindow {
				body["from"], body["size"], skip = skip, limit, 0
			}
		} else {
			body["search_after"] = after
		}
		var res struct {
			Hits struct {
				Total struct {
					Value int `json:"value"`
				} `json:"total"`
				Hits []hit `json:"hits"`
			} `json:"hits"`
			Aggregations map[string]struct {
				Value float64 `json:"value"`
			} `json:"aggregations"`
		}
		if err := x.do(ctx, esapi.SearchRequest{Index: []string{x.name}, Body: jsonBody(body)}, &res); err != nil {
			return nil, fmt.Errorf("compare: %w", err)
		}
		if first {
			cmp.Total = res.Hits.Total.Value
			for i := range q.Keys {
				cmp.Totals[i] = res.Aggregations[fmt.Sprint("k", i)].Value
			}
		}
		for _, h := range res.Hits.Hits {
			if skip > 0 {
				skip--
				continue
			}
			if limit > 0 && len(cmp.Rows) == limit {
				return cmp, nil
			}
			row, err := compareRow(h, q.Keys)
			if err != nil {
				return nil, fmt.Errorf("compare: %w", err)
			}
			cmp.Rows = append(cmp.Rows, row)
		}
		size, _ := body["size"].(int)
		if len(res.Hits.Hits) < size || limit > 0 && len(cmp.Rows) == limit {
			return cmp, nil
		}
		after = res.Hits.Hits[len(res.Hits.Hits)-1].Sort
	}
}

// compareRow reads a hit's keys; the source nests a fact key at its dots.
func compareRow(h hit, keys []string) (index.CompareRow, error) {
	d := h.Source
	row := index.CompareRow{ID: d.ID, Office: d.Office, Region: d.Region, Year: d.Year, Values: make([]*float64, len(keys))}
	var nested map[string]any
	if len(d.Facts) > 0 {
		if err := json.Unmarshal(d.Facts, &nested); err != nil {
			return row, fmt.Errorf("%s: %w", d.ID, err)
		}
	}
	for i, k := range keys {
		if v, ok := lookup(nested, k).(float64); ok {
			row.Values[i] = &v
		}
	}
	return row, nil
}
