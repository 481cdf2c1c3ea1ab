package elastic

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/similar"
)

// Findings live in NAME-findings, one document per finding, each carrying a
// copy of its review so that review filters and counts run in one query;
// reviews themselves live in NAME-reviews, by key, untouched by puts and
// deletes of reports, and are copied onto the findings whenever those are
// recomputed or the review changes.
func (x *Index) findingsIndex() string { return x.name + "-findings" }
func (x *Index) reviewsIndex() string  { return x.name + "-reviews" }

// staleIndex holds a document for each year and province whose rate
// outliers are out of date: a put records the scopes it touched, and the
// next read of findings recomputes them (Settle). A scope's outliers
// depend on all its reports, so recomputing them at every put cost each
// batch the size of the provinces it touched; recomputed on reading, a
// bulk load pays for each scope once.
func (x *Index) staleIndex() string { return x.name + "-stale" }

// pendingIndex holds the ID of each report a put has begun to write and
// not yet finished: its entry may be stored while its rates and findings
// are not, if the put fails or the process dies between the bulk requests.
// Indexed gives such reports no hash, so the next run puts them again (a
// put is idempotent) instead of taking them for unchanged and never
// computing their findings.
func (x *Index) pendingIndex() string { return x.name + "-pending" }

// setupFindings creates the findings and reviews indices when absent, and
// says whether it created the findings index.
func (x *Index) setupFindings(ctx context.Context, settings Settings) (created bool, err error) {
	kw := map[string]any{"type": "keyword"}
	review := map[string]any{
		"key": kw, "status": kw, "by": kw, "note": map[string]any{"type": "text", "index": false},
		"at": map[string]any{"type": "date"},
	}
	for _, ix := range []struct {
		name  string
		props map[string]any
	}{
		{x.findingsIndex(), map[string]any{
			"uid": kw, "key": kw, "id": kw, "body": kw, "kind": kw, "office": kw, "region": kw, "level": kw, "check": kw, "detail": kw,
			"year": map[string]any{"type": "integer"}, "want": map[string]any{"type": "double"}, "got": map[string]any{"type": "double"},
			"review": map[string]any{"properties": review},
		}},
		{x.reviewsIndex(), review},
		{x.staleIndex(), map[string]any{"year": map[string]any{"type": "integer"}, "province": kw}},
		{x.pendingIndex(), map[string]any{"id": kw}},
	} {
		res, err := esapi.IndicesExistsRequest{Index: []string{ix.name}}.Do(ctx, x.es)
		if err != nil {
			return false, err
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			continue
		}
		body := map[string]any{
			"settings": map[string]any{"number_of_shards": 1, "number_of_replicas": max(settings.Replicas, 0)},
			"mappings": map[string]any{"dynamic": "strict", "properties": ix.props},
		}
		err = x.do(ctx, esapi.IndicesCreateRequest{Index: ix.name, Body: jsonBody(body)}, nil)
		if err != nil && !strings.Contains(err.Error(), "resource_already_exists_exception") {
			return false, fmt.Errorf("create %s: %w", ix.name, err)
		}
		created = created || ix.name == x.findingsIndex()
	}
	// A new index answers searches only once its shard is allocated.
	health := esapi.ClusterHealthRequest{Index: []string{x.findingsIndex(), x.reviewsIndex(), x.staleIndex(), x.pendingIndex()}, WaitForStatus: "yellow", Timeout: 30 * time.Second}
	if err := x.do(ctx, health, nil); err != nil {
		return false, fmt.Errorf("wait for the indices: %w", err)
	}
	return created, nil
}

// rebuildFindings computes the findings of every stored report.
func (x *Index) rebuildFindings(ctx context.Context) error {
	changes := index.NewChanges()
	err := x.refreshFindings(ctx, nil, nil, changes, nil, nil, func(visit func(*gongkai.Entry) error) error {
		return x.each(ctx, map[string]any{"match_all": map[string]any{}}, []string{"entry"}, func(h hit) error {
			if h.Source.Entry == nil {
				return nil
			}
			return visit(h.Source.Entry)
		})
	})
	if err != nil {
		return fmt.Errorf("rebuild findings: %w", err)
	}
	if err := x.markStale(ctx, changes.Scopes()); err != nil {
		return err
	}
	return x.Settle(ctx)
}

// findingDoc is a finding as Elasticsearch stores it: every text field
// present, "" when empty, so that sorting treats "" as SQLite does.
type findingDoc struct {
	UID    string          `json:"uid"` // the document's _id, to sort by last
	Key    string          `json:"key"`
	ID     string          `json:"id"`
	Body   string          `json:"body"` // gongkai.Entry.BodyID of the report(s) it is about
	Kind   string          `json:"kind"`
	Office string          `json:"office"`
	Region string          `json:"region"`
	Level  string          `json:"level"`
	Year   int             `json:"year"`
	Check  string          `json:"check"`
	Want   *float64        `json:"want"`
	Got    *float64        `json:"got"`
	Detail string          `json:"detail"`
	Review *gongkai.Review `json:"review,omitempty"`
}

func (d *findingDoc) reviewed() index.ReviewedFinding {
	return index.ReviewedFinding{Key: d.Key, Review: d.Review, Finding: gongkai.Finding{
		Kind: d.Kind, Office: d.Office, Region: d.Region, Level: d.Level, Year: d.Year, ID: d.ID,
		Check: d.Check, Want: d.Want, Got: d.Got, Detail: d.Detail,
	}}
}

// docID names a document by a hash of its parts: keys hold any text.
func docID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:16])
}

// years lists the years the reports cover.
func (x *Index) years(ctx context.Context) ([]int, error) {
	body := map[string]any{"size": 0, "aggs": map[string]any{"year": map[string]any{"terms": map[string]any{"field": "year", "size": 1000}}}}
	var res struct {
		Aggregations struct {
			Year struct {
				Buckets []struct {
					Key int `json:"key"`
				} `json:"buckets"`
			} `json:"year"`
		} `json:"aggregations"`
	}
	if err := x.do(ctx, esapi.SearchRequest{Index: []string{x.name}, Body: jsonBody(body)}, &res); err != nil {
		return nil, fmt.Errorf("years: %w", err)
	}
	var years []int
	for _, b := range res.Aggregations.Year.Buckets {
		if b.Key != 0 {
			years = append(years, b.Key)
		}
	}
	slices.Sort(years)
	return years, nil
}

// termsChunk is how many values one terms query holds.
const termsChunk = 5000

// changesOf records the stored reports with ids as changed.
func (x *Index) changesOf(ctx context.Context, ids []string) (*index.Changes, error) {
	out := index.NewChanges()
	for c := range slices.Chunk(ids, termsChunk) {
		err := x.eachValues(ctx, x.name, map[string]any{"terms": map[string]any{"id": c}}, []string{"id"}, whoFields, func(v values) error {
			out.Add(v.text("body"), v.number("year"), v.text("region"), v.text("level"))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// whoFields are the columns that say who wrote a report, when and where,
// and how many facts it has: all the findings across reports read of a
// report but the neighbouring years' facts and narratives.
var whoFields = []string{"id", "body", "office", "year", "region", "level", "template", "fact_count"}

// bodies reads, for each body id (nil: every body), the reports that
// stand for its years (the one with the most facts where a year has
// several, gongkai.Stands): who, when and where from their columns, and
// for the years in full[body] their facts and sections as well — from
// fresh when put by this write (by id), else from the stored source.
func (x *Index) bodies(ctx context.Context, ids []string, full map[string]map[int]bool, fresh map[string]*gongkai.Entry) (map[string]map[int]*gongkai.Entry, error) {
	out := map[string]map[int]*gongkai.Entry{}
	facts := map[string]int{} // by id
	visit := func(v values) error {
		e := &gongkai.Entry{ID: v.text("id"), Body: gongkai.Body{ID: v.text("body")}, Region: v.text("region"), Level: v.text("level"),
			Report: gongkai.Report{Office: v.text("office"), Year: v.number("year"), Template: v.text("template")}}
		if e.Report.Year == 0 {
			return nil
		}
		b, y := e.Body.ID, e.Report.Year
		facts[e.ID] = v.number("fact_count")
		if out[b] == nil {
			out[b] = map[int]*gongkai.Entry{}
		}
		if have := out[b][y]; have == nil || facts[e.ID] > facts[have.ID] || facts[e.ID] == facts[have.ID] && e.ID < have.ID {
			out[b][y] = e
		}
		return nil
	}
	if ids == nil {
		if err := x.eachValues(ctx, x.name, map[string]any{"match_all": map[string]any{}}, []string{"id"}, whoFields, visit); err != nil {
			return nil, err
		}
	}
	for c := range slices.Chunk(ids, termsChunk) {
		if err := x.eachValues(ctx, x.name, map[string]any{"terms": map[string]any{"body": c}}, []string{"id"}, whoFields, visit); err != nil {
			return nil, err
		}
	}
	stored := map[string]*gongkai.Entry{}
	for b, years := range full {
		for y := range years {
			e := out[b][y]
			if e == nil {
				continue
			}
			if f := fresh[e.ID]; f != nil {
				out[b][y] = f
			} else {
				stored[e.ID] = e
			}
		}
	}
	return out, x.fill(ctx, stored)
}

// fill reads the facts and sections of the stored reports entries holds,
// by id, into them: a few hundred at a time, with nothing else of theirs.
func (x *Index) fill(ctx context.Context, entries map[string]*gongkai.Entry) error {
	for c := range slices.Chunk(slices.Sorted(maps.Keys(entries)), 500) {
		var res struct {
			Docs []struct {
				ID     string `json:"_id"`
				Found  bool   `json:"found"`
				Source struct {
					Entry struct {
						Report struct {
							Facts    []gongkai.Fact    `json:"facts"`
							Sections []gongkai.Section `json:"sections"`
						} `json:"report"`
					} `json:"entry"`
				} `json:"_source"`
			} `json:"docs"`
		}
		req := esapi.MgetRequest{Index: x.name, Body: jsonBody(map[string]any{"ids": c}), SourceIncludes: []string{"entry.report.facts", "entry.report.sections"}}
		if err := x.do(ctx, req, &res); err != nil {
			return fmt.Errorf("mget %d reports: %w", len(c), err)
		}
		for _, d := range res.Docs {
			if !d.Found {
				return fmt.Errorf("%s: %w", d.ID, index.ErrNotFound)
			}
			e := entries[d.ID]
			e.Report.Facts, e.Report.Sections = d.Source.Entry.Report.Facts, d.Source.Entry.Report.Sections
		}
	}
	return nil
}

// cutNarratives cuts, on every core, the narratives the copied findings
// of the touched years of each body compare (a year's standing report and
// the year before's) that docs does not hold yet, into docs.
func cutNarratives(bodies map[string]map[int]*gongkai.Entry, touched map[string][]int, docs map[string]*similar.Doc) error {
	var todo []*gongkai.Entry
	seen := map[string]bool{}
	for b, years := range touched {
		for _, y := range years {
			cur, prev := bodies[b][y], bodies[b][y-1]
			if cur == nil || prev == nil {
				continue
			}
			for _, e := range []*gongkai.Entry{prev, cur} {
				if docs[e.ID] == nil && !seen[e.ID] {
					seen[e.ID] = true
					todo = append(todo, e)
				}
			}
		}
	}
	cut := make([]*similar.Doc, len(todo))
	errs := make([]error, len(todo))
	index.Parallel(len(todo), func(i int) { cut[i], errs[i] = similar.New(&todo[i].Report) })
	for i, e := range todo {
		if errs[i] != nil {
			return fmt.Errorf("copied narrative: %s: %w", e.ID, errs[i])
		}
		docs[e.ID] = cut[i]
	}
	return nil
}

// bodyFinding is a finding and the body id it is stored under.
type bodyFinding struct {
	body string
	gongkai.Finding
}

func ofBody(body string, fs []gongkai.Finding) []bodyFinding {
	out := make([]bodyFinding, len(fs))
	for i, f := range fs {
		out[i] = bodyFinding{body, f}
	}
	return out
}

// refreshFindings replaces the findings of the reports with ids (each
// lists those put, and records them in changes) and the findings across
// the reports changes holds: for each of its bodies, the missing years,
// and the cross-year checks and copied narratives of the years next to
// its changes, read from the reports of those years and the one before —
// fresh holds the reports put by this write (nil: none), docs their
// narratives cut already, by id (nil: none); when the years the reports
// cover changed from before, it recomputes every body's missing years.
// The rate outliers are the caller's to mark stale (markStale), for
// Settle, and the findings of ids kept here are not touched.
func (x *Index) refreshFindings(ctx context.Context, before []int, ids []string, changes *index.Changes, fresh map[string]*gongkai.Entry, docs map[string]*similar.Doc, each func(func(*gongkai.Entry) error) error) error {
	after, err := x.years(ctx)
	if err != nil {
		return err
	}
	yearSet := map[int]bool{}
	for _, y := range after {
		yearSet[y] = true
	}
	var found []bodyFinding
	err = each(func(e *gongkai.Entry) error {
		changes.AddEntry(e)
		found = append(found, ofBody(e.BodyID(), gongkai.ReportFindings(e))...)
		return nil
	})
	if err != nil {
		return err
	}
	names := changes.BodyIDs()
	// A change in year y touches the comparisons of y and y+1, which read
	// the reports of y-1 to y+1.
	touched := map[string][]int{}
	full := map[string]map[int]bool{}
	for _, b := range names {
		touched[b] = index.CopiedYears(changes.Bodies[b])
		full[b] = map[int]bool{}
		for _, y := range touched[b] {
			full[b][y-1], full[b][y] = true, true
		}
	}
	bodies, err := x.bodies(ctx, names, full, fresh)
	if err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	if docs == nil {
		docs = map[string]*similar.Doc{}
	}
	if err := cutNarratives(bodies, touched, docs); err != nil {
		return err
	}
	load := func(id string) (*gongkai.Entry, error) { return x.Get(ctx, id) } // every one is cut already
	byYears := map[string][]string{}                                          // bodies by the years touched
	for _, b := range names {
		years := touched[b]
		key := fmt.Sprint(years)
		byYears[key] = append(byYears[key], b)
		if bodies[b] == nil {
			continue
		}
		for _, f := range gongkai.BodyFindings(bodies[b], yearSet) {
			// the cross-year checks of years not touched compared reports
			// read without their facts, and stand as they are stored
			if f.Kind == gongkai.FindingMissing || slices.Contains(years, f.Year) {
				found = append(found, bodyFinding{b, f})
			}
		}
		copied, err := index.CopiedFindings(bodies[b], years, load, docs)
		if err != nil {
			return err
		}
		found = append(found, ofBody(b, copied)...)
	}
	var stale []any
	for _, group := range byYears {
		years := touched[group[0]]
		for c := range slices.Chunk(group, termsChunk) {
			stale = append(stale, map[string]any{"bool": map[string]any{"filter": []any{
				map[string]any{"terms": map[string]any{"body": c}},
				map[string]any{"terms": map[string]any{"kind": []string{gongkai.FindingCrossYear, gongkai.FindingCopied}}},
				map[string]any{"terms": map[string]any{"year": years}},
			}}})
		}
	}
	for c := range slices.Chunk(ids, termsChunk) {
		stale = append(stale, map[string]any{"bool": map[string]any{
			"filter":   []any{map[string]any{"terms": map[string]any{"id": c}}},
			"must_not": []any{map[string]any{"term": map[string]any{"kind": gongkai.FindingRateOutlier}}},
		}})
	}
	for c := range slices.Chunk(names, termsChunk) {
		stale = append(stale, map[string]any{"bool": map[string]any{"filter": []any{
			map[string]any{"terms": map[string]any{"body": c}},
			map[string]any{"term": map[string]any{"kind": gongkai.FindingMissing}},
		}}})
	}
	if !slices.Equal(before, after) {
		all, err := x.bodies(ctx, nil, nil, nil)
		if err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		for b, reports := range all {
			if changes.Bodies[b] != nil {
				continue // done above, with the cross-year checks
			}
			for _, f := range gongkai.BodyFindings(reports, yearSet) {
				if f.Kind == gongkai.FindingMissing {
					found = append(found, bodyFinding{b, f})
				}
			}
		}
		stale = append(stale, map[string]any{"term": map[string]any{"kind": gongkai.FindingMissing}})
	}
	return x.replaceFindings(ctx, stale, found)
}

// replaceFindings deletes the findings the queries in stale match and
// stores found. Delete by query is in the reindex module, which the
// minimal distribution lacks: the stale findings are listed and deleted in
// bulk.
func (x *Index) replaceFindings(ctx context.Context, stale []any, found []bodyFinding) error {
	var gone []string
	for c := range slices.Chunk(stale, 20) {
		query := map[string]any{"bool": map[string]any{"should": c, "minimum_should_match": 1}}
		err := x.scanFindings(ctx, query, findingSort(index.FindingQuery{}), func(id string, _ *findingDoc) error {
			gone = append(gone, id)
			return nil
		})
		if err != nil {
			return fmt.Errorf("findings: stale: %w", err)
		}
	}
	err := x.bulk(ctx, Options{index: x.findingsIndex()}, len(gone), func(i int) (string, string, []byte, error) {
		return "delete", gone[i], nil, nil
	})
	if err != nil {
		return fmt.Errorf("findings: remove stale: %w", err)
	}
	return x.storeFindings(ctx, found)
}

// markPending records that a put begins to write the reports ids (done
// false), or that it has written them whole (done true).
func (x *Index) markPending(ctx context.Context, ids []string, done bool) error {
	err := x.bulk(ctx, Options{index: x.pendingIndex()}, len(ids), func(i int) (string, string, []byte, error) {
		if done {
			return "delete", ids[i], nil, nil
		}
		body, err := json.Marshal(map[string]string{"id": ids[i]})
		return "index", ids[i], body, err
	})
	if err != nil {
		return fmt.Errorf("pending reports: %w", err)
	}
	return nil
}

// staleScope is a document of staleIndex.
type staleScope struct {
	Year     int    `json:"year"`
	Province string `json:"province"`
}

func (s staleScope) id() string { return strconv.Itoa(s.Year) + "-" + s.Province }

// markStale records scopes whose rate outliers are out of date.
func (x *Index) markStale(ctx context.Context, scopes []index.PeerScope) error {
	err := x.bulk(ctx, Options{index: x.staleIndex()}, len(scopes), func(i int) (string, string, []byte, error) {
		s := staleScope{scopes[i].Year, scopes[i].Province}
		body, err := json.Marshal(s)
		return "index", s.id(), body, err
	})
	if err != nil {
		return fmt.Errorf("rate outliers: %w", err)
	}
	return nil
}

// Settle recomputes now the rate outliers that puts and deletes left for
// the next read of findings (staleIndex): Findings and EachFinding call it
// first, and a writer may call it at the end of a bulk load, so that its
// first page does not wait for it. The scopes are taken off the list
// before they are recomputed, so that a put meanwhile marks its own again,
// and put back if recomputing fails.
func (x *Index) Settle(ctx context.Context) error {
	x.settling.Lock()
	defer x.settling.Unlock()
	var res struct {
		Hits struct {
			Hits []struct {
				Source staleScope `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	// At most every year × province: one page.
	body := map[string]any{"size": 10000, "query": map[string]any{"match_all": map[string]any{}}}
	if err := x.do(ctx, esapi.SearchRequest{Index: []string{x.staleIndex()}, Body: jsonBody(body)}, &res); err != nil {
		return fmt.Errorf("rate outliers: %w", err)
	}
	if len(res.Hits.Hits) == 0 {
		return nil
	}
	var scopes []index.PeerScope
	for _, h := range res.Hits.Hits {
		scopes = append(scopes, index.PeerScope{Year: h.Source.Year, Province: h.Source.Province})
	}
	err := x.bulk(ctx, Options{index: x.staleIndex()}, len(scopes), func(i int) (string, string, []byte, error) {
		return "delete", staleScope{scopes[i].Year, scopes[i].Province}.id(), nil, nil
	})
	if err != nil {
		return fmt.Errorf("rate outliers: %w", err)
	}
	if err := x.settle(ctx, scopes); err != nil {
		return errors.Join(err, x.markStale(ctx, scopes))
	}
	return nil
}

// settle recomputes the rate outliers and quartiles of scopes: the rates
// of all of them read in one scan, the quartiles stored in one bulk, the
// findings replaced in another.
func (x *Index) settle(ctx context.Context, scopes []index.PeerScope) error {
	byScope := make(map[index.PeerScope][]index.RateReport, len(scopes))
	stale := make(map[index.PeerScope]bool, len(scopes))
	for _, s := range scopes {
		byScope[s], stale[s] = nil, true
	}
	query := scopesQuery(scopes, func(province string) any {
		return map[string]any{"prefix": map[string]any{"region": province}}
	})
	err := x.eachRates(ctx, query, func(r index.RateReport) {
		if len(r.Region) < 2 {
			return
		}
		if s := (index.PeerScope{Year: r.Year, Province: r.Region[:2]}); stale[s] {
			byScope[s] = append(byScope[s], r)
		}
	})
	if err != nil {
		return fmt.Errorf("rate outliers: %w", err)
	}
	if err := x.storeQuartiles(ctx, byScope); err != nil {
		return err
	}
	var found []bodyFinding
	for _, scope := range scopes {
		reports := byScope[scope]
		sortRates(reports)
		bodies := map[string]string{}
		for _, r := range reports {
			bodies[r.ID] = r.Body
		}
		for _, f := range index.RateFindings(reports) {
			found = append(found, bodyFinding{bodies[f.ID], f})
		}
	}
	outliers := map[string]any{"bool": map[string]any{"filter": []any{
		map[string]any{"term": map[string]any{"kind": gongkai.FindingRateOutlier}}, query,
	}}}
	return x.replaceFindings(ctx, []any{outliers}, found)
}

// storeFindings indexes findings with the reviews of their keys.
func (x *Index) storeFindings(ctx context.Context, found []bodyFinding) error {
	keys := map[string]bool{}
	for _, f := range found {
		keys[f.Key()] = true
	}
	reviews, err := x.reviews(ctx, slices.Sorted(maps.Keys(keys)))
	if err != nil {
		return err
	}
	seen := map[string]int{} // the same key found twice in one report
	return x.bulk(ctx, Options{index: x.findingsIndex()}, len(found), func(i int) (string, string, []byte, error) {
		f := found[i]
		k := f.Key()
		seen[k+"\x00"+f.ID]++
		d := findingDoc{UID: docID(k, f.ID, strconv.Itoa(seen[k+"\x00"+f.ID])), Key: k, ID: f.ID, Body: f.body, Kind: f.Kind, Office: f.Office,
			Region: f.Region, Level: f.Level, Year: f.Year, Check: f.Check, Want: f.Want, Got: f.Got, Detail: f.Detail, Review: reviews[k]}
		body, err := json.Marshal(d)
		return "index", d.UID, body, err
	})
}

// reviews reads the stored reviews of keys.
func (x *Index) reviews(ctx context.Context, keys []string) (map[string]*gongkai.Review, error) {
	out := map[string]*gongkai.Review{}
	for c := range slices.Chunk(keys, termsChunk) {
		ids := make([]string, len(c))
		for i, k := range c {
			ids[i] = docID(k)
		}
		var res struct {
			Docs []struct {
				Found  bool           `json:"found"`
				Source gongkai.Review `json:"_source"`
			} `json:"docs"`
		}
		if err := x.do(ctx, esapi.MgetRequest{Index: x.reviewsIndex(), Body: jsonBody(map[string]any{"ids": ids})}, &res); err != nil {
			return nil, fmt.Errorf("reviews: %w", err)
		}
		for _, d := range res.Docs {
			if d.Found {
				r := d.Source
				out[r.Key] = &r
			}
		}
	}
	return out, nil
}

// findingFilters are the bool filter clauses of a findings query, without its kind.
func findingFilters(q index.FindingQuery) []any {
	f := q.Filter
	out := filters(index.Filter{YearFrom: f.YearFrom, YearTo: f.YearTo, Region: f.Region, Level: f.Level, Office: f.Office}, nil)
	if f.Check != "" {
		out = append(out, map[string]any{"term": map[string]any{"check": f.Check}})
	}
	if q.Key != "" {
		out = append(out, map[string]any{"term": map[string]any{"key": q.Key}})
	}
	unreviewed := map[string]any{"bool": map[string]any{"must_not": map[string]any{"exists": map[string]any{"field": "review.status"}}}}
	switch q.Status {
	case "":
	case index.StatusOpen:
		out = append(out, map[string]any{"bool": map[string]any{"minimum_should_match": 1, "should": []any{
			unreviewed, map[string]any{"term": map[string]any{"review.status": gongkai.ReviewConfirmed}},
		}}})
	case index.StatusUnreviewed:
		out = append(out, unreviewed)
	default:
		out = append(out, map[string]any{"term": map[string]any{"review.status": q.Status}})
	}
	return out
}

// findingSort is the sort of a findings query: the column asked for
// (blanks last), then office, year, kind, check, entry and document, all
// of it reversed for desc, as SQLite's (whose indexes it follows).
func findingSort(q index.FindingQuery) []any {
	dir := "asc"
	if q.Desc {
		dir = "desc"
	}
	rest := []string{"office", "year", "kind", "check", "id", "uid"}
	var out []any
	if q.Sort == "" {
		for _, f := range rest {
			out = append(out, map[string]any{f: dir})
		}
		return out
	}
	field := q.Sort
	if field == "status" {
		field = "review.status"
	}
	out = append(out, map[string]any{field: map[string]any{"order": dir, "missing": "_last"}})
	for _, f := range rest {
		if f != field {
			out = append(out, map[string]any{f: dir})
		}
	}
	return out
}

// findingHits is a search answer over the findings index.
type findingHits struct {
	Hits struct {
		Total struct {
			Value int `json:"value"`
		} `json:"total"`
		Hits []struct {
			ID     string            `json:"_id"`
			Sort   []json.RawMessage `json:"sort"`
			Source findingDoc        `json:"_source"`
		} `json:"hits"`
	} `json:"hits"`
	Aggregations struct {
		Kind struct {
			Buckets []struct {
				Key      string `json:"key"`
				DocCount int    `json:"doc_count"`
			} `json:"buckets"`
		} `json:"kind"`
	} `json:"aggregations"`
}

// Findings returns a page of the stored findings, with counts by kind.
// A page after or before a cursor is read with search_after from the
// cursor's sort values, the last page with the order reversed: each one
// request at any depth. Only a deep offset (past Elasticsearch's window of
// 10,000) walks from the start (pagePast).
func (x *Index) Findings(ctx context.Context, q index.FindingQuery) (*index.FindingResults, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if err := x.Settle(ctx); err != nil {
		return nil, err
	}
	query := map[string]any{"bool": map[string]any{"filter": findingFilters(q)}}
	var postFilter any
	if q.Kind != "" {
		postFilter = map[string]any{"term": map[string]any{"kind": q.Kind}}
	}
	sort := findingSort(q)
	backward := q.Before != "" || q.Last
	if backward {
		sort = reversed(sort)
	}
	size := q.Limit
	if q.After != "" || q.Before != "" {
		size++ // one more says whether there is a page beyond
	}
	body := map[string]any{
		"query":            query,
		"aggs":             map[string]any{"kind": map[string]any{"terms": map[string]any{"field": "kind", "size": 1000}}},
		"sort":             sort,
		"from":             q.Offset,
		"size":             size,
		"track_total_hits": true,
	}
	if postFilter != nil {
		body["post_filter"] = postFilter
	}
	if cursor := q.After + q.Before; cursor != "" {
		after, err := index.DecodeCursor(cursor, q.FindingOrder(), len(sort))
		if err != nil {
			return nil, err
		}
		body["search_after"] = after
	}
	var res findingHits
	var err error
	if q.Offset+size > maxWindow {
		err = x.pagePast(ctx, x.findingsIndex(), body, &res)
	} else {
		err = x.do(ctx, esapi.SearchRequest{Index: []string{x.findingsIndex()}, Body: jsonBody(body)}, &res)
	}
	if err != nil {
		return nil, fmt.Errorf("findings: %w", err)
	}
	out := &index.FindingResults{Total: res.Hits.Total.Value, Kinds: []index.Count{}, Findings: []index.ReviewedFinding{}}
	for _, b := range res.Aggregations.Kind.Buckets {
		out.Kinds = append(out.Kinds, index.Count{Value: b.Key, Count: b.DocCount})
		out.All += b.DocCount
	}
	out.Kinds = index.SortCounts(out.Kinds)
	hits := res.Hits.Hits
	if q.Last {
		hits = hits[:min(len(hits), index.LastPageSize(out.Total, q.Limit))]
	}
	more := len(hits) > q.Limit
	hits = hits[:min(len(hits), q.Limit)]
	if backward {
		slices.Reverse(hits)
	}
	for _, h := range hits {
		out.Findings = append(out.Findings, h.Source.reviewed())
	}
	hasPrev, hasNext := index.PageEnds(q.Offset, q.After, q.Before, q.Last, out.Total, len(hits), more)
	if hasPrev {
		if out.Prev, err = index.EncodeCursor(q.FindingOrder(), rawValues(hits[0].Sort, len(sort))); err != nil {
			return nil, fmt.Errorf("findings: %w", err)
		}
	}
	if hasNext {
		if out.Next, err = index.EncodeCursor(q.FindingOrder(), rawValues(hits[len(hits)-1].Sort, len(sort))); err != nil {
			return nil, fmt.Errorf("findings: %w", err)
		}
	}
	return out, nil
}

// reversed is a sort the other way round, blanks first where they were last.
func reversed(sort []any) []any {
	flip := map[string]string{"asc": "desc", "desc": "asc", "_last": "_first", "_first": "_last"}
	out := make([]any, len(sort))
	for i, s := range sort {
		r := map[string]any{}
		for field, how := range s.(map[string]any) {
			switch how := how.(type) {
			case string:
				r[field] = flip[how]
			case map[string]any:
				o := map[string]any{}
				for k, v := range how {
					o[k] = flip[v.(string)]
				}
				r[field] = o
			}
		}
		out[i] = r
	}
	return out
}

// rawValues is a hit's values of the n sorts asked for as a cursor keeps
// them: as Elasticsearch wrote them, to be given back to it as they are.
// (In a point in time, pagePast's, it adds a tie-break of its own.)
func rawValues(sort []json.RawMessage, n int) []any {
	out := make([]any, min(n, len(sort)))
	for i := range out {
		out[i] = sort[i]
	}
	return out
}

// pagePast answers search body (with from, size and a sort that ends in a
// unique field) over name where from+size passes the window: in a point in
// time of the index, so that the steps see one state, it steps over the
// first from hits a window at a time, reading their sort values only, and
// asks for the page after the last of them (search_after takes no from). Aggregations and the total are the
// whole query's, as search_after does not narrow them.
func (x *Index) pagePast(ctx context.Context, name string, body map[string]any, out any) error {
	var pit struct {
		ID string `json:"id"`
	}
	if err := x.do(ctx, esapi.OpenPointInTimeRequest{Index: []string{name}, KeepAlive: "1m"}, &pit); err != nil {
		return fmt.Errorf("point in time: %w", err)
	}
	defer x.do(context.WithoutCancel(ctx), esapi.ClosePointInTimeRequest{Body: jsonBody(map[string]any{"id": pit.ID})}, nil)
	from := body["from"].(int)
	var after []any
	for from > 0 {
		step := min(from, maxWindow)
		skip := map[string]any{"query": body["query"], "sort": body["sort"], "size": step, "_source": false,
			"track_total_hits": false, "pit": map[string]any{"id": pit.ID, "keep_alive": "1m"}}
		if pf, ok := body["post_filter"]; ok {
			skip["post_filter"] = pf
		}
		if after != nil {
			skip["search_after"] = after
		}
		var sorts struct {
			PitID string `json:"pit_id"`
			Hits  struct {
				Hits []struct {
					Sort []any `json:"sort"`
				} `json:"hits"`
			} `json:"hits"`
		}
		if err := x.do(ctx, esapi.SearchRequest{Body: jsonBody(skip), FilterPath: []string{"pit_id", "hits.hits.sort"}}, &sorts); err != nil {
			return err
		}
		if sorts.PitID != "" {
			pit.ID = sorts.PitID
		}
		hits := sorts.Hits.Hits
		if len(hits) < step { // the list ends before the page starts
			page := maps.Clone(body)
			page["from"], page["size"] = 0, 0
			page["pit"] = map[string]any{"id": pit.ID, "keep_alive": "1m"}
			return x.do(ctx, esapi.SearchRequest{Body: jsonBody(page)}, out)
		}
		after, from = hits[len(hits)-1].Sort, from-step
	}
	page := maps.Clone(body)
	page["from"] = from
	page["pit"] = map[string]any{"id": pit.ID, "keep_alive": "1m"}
	if after != nil {
		page["search_after"] = after
	}
	return x.do(ctx, esapi.SearchRequest{Body: jsonBody(page)}, out)
}

// EachFinding calls visit for every finding q matches, maxWindow at a time.
func (x *Index) EachFinding(ctx context.Context, q index.FindingQuery, visit func(index.ReviewedFinding) error) error {
	if err := q.Validate(); err != nil {
		return err
	}
	if err := x.Settle(ctx); err != nil {
		return err
	}
	return x.eachFinding(ctx, q, func(_ string, d *findingDoc) error { return visit(d.reviewed()) })
}

func (x *Index) eachFinding(ctx context.Context, q index.FindingQuery, visit func(id string, d *findingDoc) error) error {
	filter := findingFilters(q)
	if q.Kind != "" {
		filter = append(filter, map[string]any{"term": map[string]any{"kind": q.Kind}})
	}
	return x.scanFindings(ctx, map[string]any{"bool": map[string]any{"filter": filter}}, findingSort(q), visit)
}

// scanFindings visits every finding document query matches in the order
// of sort (which ends in the unique uid), up to maxWindow at a time.
func (x *Index) scanFindings(ctx context.Context, query any, sort []any, visit func(id string, d *findingDoc) error) error {
	var after []json.RawMessage
	// The first page is short, so that an export starts at once.
	for size := 200; ; size = min(size*5, maxWindow) {
		body := map[string]any{"query": query, "sort": sort, "size": size}
		if after != nil {
			body["search_after"] = after
		}
		var res findingHits
		if err := x.do(ctx, esapi.SearchRequest{Index: []string{x.findingsIndex()}, Body: jsonBody(body)}, &res); err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		for i := range res.Hits.Hits {
			if err := visit(res.Hits.Hits[i].ID, &res.Hits.Hits[i].Source); err != nil {
				return err
			}
		}
		if len(res.Hits.Hits) < size {
			return nil
		}
		after = res.Hits.Hits[len(res.Hits.Hits)-1].Sort
	}
}

// Review stores a review (or with Status "" removes it) and copies it onto
// the findings of its key.
func (x *Index) Review(ctx context.Context, r gongkai.Review) error {
	if r.Key == "" {
		return fmt.Errorf("review: no key")
	}
	var stored *gongkai.Review
	if r.Status == "" {
		err := x.do(ctx, esapi.DeleteRequest{Index: x.reviewsIndex(), DocumentID: docID(r.Key), Refresh: "true"}, nil)
		var status statusError
		if err != nil && !(errors.As(err, &status) && status.code == http.StatusNotFound) {
			return fmt.Errorf("review: %w", err)
		}
	} else {
		if err := r.Validate(); err != nil {
			return err
		}
		r.At = r.At.UTC()
		body, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if err := x.do(ctx, esapi.IndexRequest{Index: x.reviewsIndex(), DocumentID: docID(r.Key), Body: bodyReader(body), Refresh: "true"}, nil); err != nil {
			return fmt.Errorf("review: %w", err)
		}
		stored = &r
	}
	var ids []string
	var docs [][]byte
	err := x.eachFinding(ctx, index.FindingQuery{Key: r.Key}, func(id string, d *findingDoc) error {
		d.Review = stored
		b, err := json.Marshal(d)
		ids, docs = append(ids, id), append(docs, b)
		return err
	})
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	return x.bulk(ctx, Options{index: x.findingsIndex()}, len(ids), func(i int) (string, string, []byte, error) {
		return "index", ids[i], docs[i], nil
	})
}

// Summaries returns the standing of the reports q matches from the
// reports' own fields, never the stored entry.
func (x *Index) Summaries(ctx context.Context, q index.SummaryQuery) ([]index.Summary, error) {
	f := index.Filter{Region: q.Region, YearFrom: q.YearFrom, YearTo: q.YearTo}
	clauses := filters(f, nil)
	if q.Office != "" {
		clauses = append(clauses, map[string]any{"term": map[string]any{"office": q.Office}})
	}
	limit := q.Limit
	if limit <= 0 || limit > index.MaxSummaries {
		limit = index.MaxSummaries
	}
	// A page beyond Elasticsearch's window ends at its edge.
	offset := max(q.Offset, 0)
	if limit = min(limit, maxWindow-offset); limit <= 0 {
		return nil, fmt.Errorf("summaries: offset %d beyond the first %d", offset, maxWindow)
	}
	source := []string{"id", "office", "region", "level", "year", "template", "failed", "published", "fact_count"}
	for _, k := range q.Keys {
		source = append(source, "facts."+k)
	}
	body := map[string]any{
		"query":   map[string]any{"bool": map[string]any{"filter": clauses}},
		"sort":    []any{map[string]any{"office": "asc"}, map[string]any{"year": "asc"}, map[string]any{"id": "asc"}},
		"size":    limit,
		"from":    offset,
		"_source": source,
	}
	var res struct {
		Hits struct {
			Hits []struct {
				Source struct {
					ID        string          `json:"id"`
					Office    string          `json:"office"`
					Region    string          `json:"region"`
					Level     string          `json:"level"`
					Year      int             `json:"year"`
					Template  string          `json:"template"`
					Failed    []string        `json:"failed"`
					Published string          `json:"published"`
					FactCount int             `json:"fact_count"`
					Facts     json.RawMessage `json:"facts"`
				} `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := x.do(ctx, esapi.SearchRequest{Index: []string{x.name}, Body: jsonBody(body)}, &res); err != nil {
		return nil, fmt.Errorf("summaries: %w", err)
	}
	out := []index.Summary{}
	for _, h := range res.Hits.Hits {
		d := h.Source
		s := index.Summary{ID: d.ID, Office: d.Office, Region: d.Region, Level: d.Level, Year: d.Year, Template: d.Template,
			Published: d.Published, Failed: len(slices.Compact(slices.Sorted(slices.Values(d.Failed)))), Facts: d.FactCount,
			Values: make(map[string]*float64, len(q.Keys))}
		// Fact keys hold dots, so the source nests them: facts.a.b.c.
		var nested map[string]any
		if len(d.Facts) > 0 {
			if err := json.Unmarshal(d.Facts, &nested); err != nil {
				return nil, fmt.Errorf("summaries: %s: %w", d.ID, err)
			}
		}
		for _, k := range q.Keys {
			s.Values[k] = nil
			if v, ok := lookup(nested, k).(float64); ok {
				s.Values[k] = &v
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// lookup reads a dotted key from source that may nest it at any dot or
// hold it whole.
func lookup(source map[string]any, key string) any {
	if v, ok := source[key]; ok {
		return v
	}
	for i := range len(key) {
		if key[i] != '.' {
			continue
		}
		if inner, ok := source[key[:i]].(map[string]any); ok {
			if v := lookup(inner, key[i+1:]); v != nil {
				return v
			}
		}
	}
	return nil
}

// bandTerm is a band key as the bands field holds it.
func bandTerm(k uint64) string { return strconv.FormatUint(k, 16) }

// ClosestOther implements index.Findings.ClosestOther: one search for
// the reports of the year of other bodies sharing a band, each shared band
// scoring one, the most first, ties to the smaller ID.
func (x *Index) ClosestOther(ctx context.Context, year int, body string, p *similar.Print) (*similar.Neighbour, error) {
	if p == nil || year == 0 {
		return nil, nil
	}
	should := make([]any, 0, len(p.Keys))
	for _, k := range p.Keys {
		should = append(should, map[string]any{"constant_score": map[string]any{"filter": map[string]any{"term": map[string]any{"bands": bandTerm(k)}}}})
	}
	search := map[string]any{
		"size":    similar.MaxCandidates,
		"_source": []string{"id", "office", "sig"},
		"query": map[string]any{"bool": map[string]any{
			"filter":               []any{map[string]any{"term": map[string]any{"year": year}}},
			"must_not":             []any{map[string]any{"term": map[string]any{"body": body}}},
			"should":               should,
			"minimum_should_match": 1,
		}},
		"sort": []any{map[string]any{"_score": "desc"}, map[string]any{"id": "asc"}},
	}
	var res struct {
		Hits struct {
			Hits []hit `json:"hits"`
		} `json:"hits"`
	}
	if err := x.do(ctx, esapi.SearchRequest{Index: []string{x.name}, Body: jsonBody(search)}, &res); err != nil {
		return nil, fmt.Errorf("closest report: %w", err)
	}
	cands := make([]similar.Candidate, 0, len(res.Hits.Hits))
	for _, h := range res.Hits.Hits {
		sig, err := similar.SignatureFrom(h.Source.Sig)
		if err != nil {
			return nil, fmt.Errorf("closest report %s: %w", h.Source.ID, err)
		}
		cands = append(cands, similar.Candidate{ID: h.Source.ID, Office: h.Source.Office, Sig: sig})
	}
	return similar.Nearest(&p.Sig, year, cands), nil
}
