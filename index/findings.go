package index

import (
	"context"
	"fmt"
	"maps"
	"slices"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/similar"
)

// FindingQuery asks for a page of the findings an index computed when the
// reports were put.
type FindingQuery struct {
	Filter        // years, region, level, office (part of the name) and check; the rest is ignored
	Kind   string // one kind; "" for every kind
	Status string // a review status, StatusOpen, StatusUnreviewed, or "" for any
	Key    string // one finding's key (Finding.Key); "" for any
	Sort   string // one of FindingSorts; "" for the order of office, year, kind, check
	Desc   bool
	Offset int
	Limit  int // 0 means DefaultLimit; at most MaxFindingLimit
	// At most one of After, Before and Last, with Offset 0: the page after
	// or before a cursor (FindingResults.Next, Prev), or the last page.
	After, Before string
	Last          bool
}

// Statuses a FindingQuery can ask for beyond the review statuses.
const (
	StatusOpen       = "open"       // not reviewed, or confirmed and not fixed
	StatusUnreviewed = "unreviewed" // no review yet
)

// FindingSorts are the columns findings can be sorted by.
var FindingSorts = []string{"kind", "office", "year", "check", "want", "got", "detail", "status"}

// MaxFindingLimit is the largest page of findings one query returns, so
// that no request holds more than that many in memory.
const MaxFindingLimit = 1000

// FindingResults is one page of findings, the number of all that match, and
// how many there are of each kind under the other conditions.
type FindingResults struct {
	Total    int               `json:"total"` // matching, of the kind asked for
	All      int               `json:"all"`   // matching, of every kind
	Kinds    []Count           `json:"kinds"` // by kind, ignoring Kind
	Findings []ReviewedFinding `json:"findings"`
	Next     string            `json:"next,omitempty"` // cursor of the page after, "" at the end
	Prev     string            `json:"prev,omitempty"` // cursor of the page before, "" at the start
}

// ReviewedFinding is a finding with its review, if it has one.
type ReviewedFinding struct {
	gongkai.Finding
	Key    string          `json:"key"`
	Review *gongkai.Review `json:"review,omitempty"`
}

// Validate checks a query's values and bounds its page.
func (q *FindingQuery) Validate() error {
	if q.Sort != "" && !slices.Contains(FindingSorts, q.Sort) {
		return fmt.Errorf("排序 sort=%q 无效：应为 %v 之一", q.Sort, FindingSorts)
	}
	if s := q.Status; s != "" && s != StatusOpen && s != StatusUnreviewed && gongkai.ReviewStatusLabels[s] == "" {
		return fmt.Errorf("审核状态 status=%q 无效：应为 open、unreviewed、confirmed、dismissed 或 fixed", s)
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	if err := checkPaging(q.Offset, q.After, q.Before, q.Last); err != nil {
		return err
	}
	if q.Limit <= 0 {
		q.Limit = DefaultLimit
	}
	q.Limit = min(q.Limit, MaxFindingLimit)
	return nil
}

// Findings is what an index answers about findings. Findings are computed
// when reports are put — those of one report from it alone, those across a
// body's years (gongkai.BodyKinds) again for every body whose reports
// changed — and stored under Finding.Key with the entry's id; reviews are
// stored apart, by key, so putting or deleting reports never touches them.
type Findings interface {
	// Findings returns one page of the findings q matches.
	Findings(ctx context.Context, q FindingQuery) (*FindingResults, error)
	// EachFinding calls visit for every finding q matches in q's order
	// (Offset and Limit ignored), holding few at a time: for exports.
	EachFinding(ctx context.Context, q FindingQuery, visit func(ReviewedFinding) error) error
	// Review stores a review, replacing the finding's last one; a review
	// with Status "" removes it.
	Review(ctx context.Context, r gongkai.Review) error
	// Summaries returns the standing of the reports q matches, in the
	// order of office, year and ID.
	Summaries(ctx context.Context, q SummaryQuery) ([]Summary, error)
	// PeerRates returns what the index keeps for the rate outliers of
	// every report of a region — a 行政区划代码 prefix, a province's two
	// digits or longer — in the years from to to: a few numbers a report,
	// not its facts.
	PeerRates(ctx context.Context, region string, from, to int) ([]RateReport, error)
	// PeerQuartiles returns the quartiles of the rates of the bodies at
	// level ("" for every level) in a province (its first two digits) in
	// the years from to to, by rate, year and level: QuartilesByPeers of
	// PeerRates, kept by the index with the rate outliers (refreshed when a
	// read settles what puts left stale), so not reading every report of
	// the province.
	// A peer group without a value is absent; one under gongkai.MinPeers
	// values has its count alone.
	PeerQuartiles(ctx context.Context, province, level string, from, to int) (map[gongkai.PeerKey]gongkai.Quartiles, error)
	// ClosestOther returns the closest report of a body other than body
	// in year to a report of print p (similar.PrintOf), from the prints
	// kept at Put: similar.Nearest over the similar.MaxCandidates reports
	// sharing the most bands with p, ties to the smaller ID; nil when no
	// other body's report shares a band with it.
	ClosestOther(ctx context.Context, year int, body string, p *similar.Print) (*similar.Neighbour, error)
}

// SummaryQuery asks for the standing of reports — what the region and body
// pages list of each — without reading whole entries.
type SummaryQuery struct {
	Region           string   // 行政区划代码 prefix
	Office           string   // the body's exact name
	YearFrom, YearTo int      // inclusive; 0 leaves that end open
	Keys             []string // the facts to read
	Limit            int      // 0 or more than MaxSummaries: MaxSummaries
	Offset           int      // summaries skipped, in their order
}

// MaxSummaries is the most reports one summary query returns.
const MaxSummaries = 5000

// Summary is one report's standing: who, when, how it fared, a few facts.
type Summary struct {
	ID        string              `json:"id"`
	Office    string              `json:"office"`
	Region    string              `json:"region,omitempty"`
	Level     string              `json:"level,omitempty"`
	Year      int                 `json:"year"`
	Template  string              `json:"template"`
	Published string              `json:"published,omitempty"` // gongkai.PublicationDate
	Failed    int                 `json:"failed"`              // failed checks, each id once
	Facts     int                 `json:"facts"`               // how many facts the report has
	Values    map[string]*float64 `json:"values"`              // of the keys asked for; nil when blank or absent
}

// Report is the summary as a report holding the facts read, for what
// reads a report's template and facts (gongkai.Series, gongkai.Late).
func (s *Summary) Report() *gongkai.Report {
	r := &gongkai.Report{Office: s.Office, Year: s.Year, Template: s.Template, Published: s.Published}
	for _, k := range slices.Sorted(maps.Keys(s.Values)) {
		r.Facts = append(r.Facts, gongkai.Fact{Key: k, Value: s.Values[k]})
	}
	return r
}
