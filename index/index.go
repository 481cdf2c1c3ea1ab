// Package index makes parsed reports searchable and comparable. It defines
// one interface with two implementations: index/sqlite, an embedded store in
// one file (the default), and index/elastic, for a collection that outgrows
// one machine. Both index the same gse-segmented text and answer the same
// queries with the same results; index/indextest holds the suite that holds
// them to it.
package index

import (
	"context"
	"errors"

	gongkai "github.com/gongkai/gongkai"
)

// Index stores entries and answers searches and comparisons over them.
// Putting an entry whose ID is already stored replaces it, so indexing is
// idempotent.
type Index interface {
	Put(ctx context.Context, entries ...gongkai.Entry) error
	Delete(ctx context.Context, ids ...string) error
	Get(ctx context.Context, id string) (*gongkai.Entry, error)
	// GetMany returns the entries of ids, in their order: what Get returns
	// for each, read together, so that an export of a search page costs
	// one request to a remote index, not one per report. An ID not stored
	// fails it with Get's error (ErrNotFound wrapped).
	GetMany(ctx context.Context, ids []string) ([]gongkai.Entry, error)
	// Indexed returns the ID and stored document hash of every entry, so a
	// caller can skip what is already indexed. An entry stored but not
	// whole (a put that failed between its requests, on a backend without
	// transactions) has the hash "": it is put again.
	Indexed(ctx context.Context) (map[string]string, error)
	Search(ctx context.Context, q Query) (*Results, error)
	Compare(ctx context.Context, q CompareQuery) (*Comparison, error)
	Findings
	Close() error
}

// ErrNotFound is returned by Get for an ID that is not stored.
var ErrNotFound = errors.New("not found")

// Filter narrows a search or an export to some reports.
type Filter struct {
	YearFrom, YearTo int    // inclusive; 0 leaves that end open
	Region           string // 行政区划代码 prefix: 6505 is every body under 哈密市
	Level            string
	Office           string // part of the body's name
	Template         string
	FailedChecks     bool   // only reports with at least one failed check
	Check            string // only reports where this check failed
}

// Query is a search: words the narrative must contain, and a filter.
type Query struct {
	Text string // words, each of which the report's narrative must contain; "" matches every report
	Filter
	Offset int
	Limit  int // 0 means DefaultLimit
	// At most one of After and Before, with Offset 0: the page after or
	// before a cursor (Results.Next, Prev; SearchCursor).
	After, Before string
}

// DefaultLimit is the page size of a search that names none.
const DefaultLimit = 20

// Results is one page of hits, the number of all of them, and facet counts
// over all of them.
type Results struct {
	Total  int    `json:"total"`
	Hits   []Hit  `json:"hits"`
	Facets Facets `json:"facets"`
	Next   string `json:"next,omitempty"` // cursor of the page after, "" at the end
	Prev   string `json:"prev,omitempty"` // cursor of the page before, "" at the start
}

// Hit is one report that matched.
type Hit struct {
	ID       string    `json:"id"`
	Office   string    `json:"office"`
	Year     int       `json:"year"`
	Region   string    `json:"region,omitempty"`
	Level    string    `json:"level,omitempty"`
	Template string    `json:"template"`
	URL      string    `json:"url,omitempty"`
	Source   string    `json:"source"`
	Failed   []string  `json:"failed"` // ids of the checks that failed
	Snippets []Snippet `json:"snippets"`
}

// Snippet is a passage of the original text (never the segmented form) with
// the places that matched.
type Snippet struct {
	Section string   `json:"section"` // 一 … 六
	Text    string   `json:"text"`
	Marks   [][2]int `json:"marks"` // [start, end) rune offsets into Text
}

// Facets count the matching reports by year, region, level and failed check.
type Facets struct {
	Year   []Count `json:"year"`
	Region []Count `json:"region"`
	Level  []Count `json:"level"`
	Check  []Count `json:"check"`
}

// Count is one facet value and how many reports have it.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// CompareQuery asks for fact values side by side: one body over the years,
// or the bodies of a region.
type CompareQuery struct {
	Keys             []string // fact keys, table.row.col
	Office           string   // the body's exact name
	Region           string   // 行政区划代码 prefix
	YearFrom, YearTo int
	// Offset and Limit page the rows, in their order; Limit 0 returns
	// every row from Offset. Totals and Total are always over every row.
	Offset, Limit int
}

// Comparison holds one row per report, in the order of office, year and ID
// (the page the query asked for), and the sum of each key over every row.
type Comparison struct {
	Keys   []string     `json:"keys"`
	Rows   []CompareRow `json:"rows"`
	Totals []float64    `json:"totals"` // per key: the sum of the values that are not blank, over every row
	Total  int          `json:"total"`  // rows over every page
	Offset int          `json:"offset"` // rows before this page
}

// CompareRow is one report's values of the compared keys.
type CompareRow struct {
	ID     string     `json:"id"`
	Office string     `json:"office"`
	Region string     `json:"region,omitempty"`
	Year   int        `json:"year"`
	Values []*float64 `json:"values"` // aligned with Comparison.Keys; nil where blank or absent
}
