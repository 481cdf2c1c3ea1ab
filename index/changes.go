package index

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/similar"
)

// Changes collects what the puts and deletes of one write touched, for the
// findings that depend on more than one report: the bodies (by body id,
// so a renamed body is one body) and the years of theirs that changed —
// cross-year checks, missing years and copied narratives — and the years
// and provinces whose peers changed — rate outliers.
type Changes struct {
	Bodies map[string]map[int]bool // body id → years whose reports changed
	Peers  map[PeerScope]bool
}

// PeerScope is a year and a province: the rate outliers of every level in
// it are recomputed together, from the reports standing for its bodies.
type PeerScope struct {
	Year     int
	Province string // the first two digits of the region code
}

// NewChanges returns an empty set of changes.
func NewChanges() *Changes {
	return &Changes{Bodies: map[string]map[int]bool{}, Peers: map[PeerScope]bool{}}
}

// Add records a report put or removed: its body, year, region and level.
func (c *Changes) Add(body string, year int, region, level string) {
	if year == 0 {
		return
	}
	if c.Bodies[body] == nil {
		c.Bodies[body] = map[int]bool{}
	}
	c.Bodies[body][year] = true
	if gongkai.PeerGroup(region, level, year) != "" {
		c.Peers[PeerScope{Year: year, Province: region[:2]}] = true
	}
}

// AddEntry records an entry put or removed.
func (c *Changes) AddEntry(e *gongkai.Entry) {
	c.Add(e.BodyID(), e.Report.Year, e.Region, e.Level)
}

// BodyIDs lists the bodies changed, sorted.
func (c *Changes) BodyIDs() []string {
	return slices.Sorted(maps.Keys(c.Bodies))
}

// Scopes lists the peer scopes changed, by year then province.
func (c *Changes) Scopes() []PeerScope {
	return slices.SortedFunc(maps.Keys(c.Peers), func(a, b PeerScope) int {
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		return strings.Compare(a.Province, b.Province)
	})
}

// CopiedYears are the years whose copied finding changes when the body's
// reports of changed years do: a year's report is compared with the year
// before's, so a change in y touches y and y+1. Sorted.
func CopiedYears(changed map[int]bool) []int {
	set := map[int]bool{}
	for y := range changed {
		set[y], set[y+1] = true, true
	}
	return slices.Sorted(maps.Keys(set))
}

// CopiedFindings compares, for each of years, the body's report standing
// for it with the one standing for the year before (similar.Copied), as
// similar.Findings does over all entries. reports are the body's standing
// reports, which need not carry their narratives: load reads a whole entry
// by id, and is called only for the pairs compared. docs holds narratives
// already cut (similar.New), by entry id, and gets those cut here; nil
// keeps none.
func CopiedFindings(reports map[int]*gongkai.Entry, years []int, load func(id string) (*gongkai.Entry, error), docs map[string]*similar.Doc) ([]gongkai.Finding, error) {
	var out []gongkai.Finding
	if docs == nil {
		docs = map[string]*similar.Doc{}
	}
	cut := func(e *gongkai.Entry) (*similar.Doc, error) {
		if d := docs[e.ID]; d != nil {
			return d, nil
		}
		w, err := load(e.ID)
		if err != nil {
			return nil, fmt.Errorf("copied narrative: %s: %w", e.ID, err)
		}
		d, err := similar.New(&w.Report)
		if err != nil {
			return nil, fmt.Errorf("copied narrative: %s: %w", e.ID, err)
		}
		docs[e.ID] = d
		return d, nil
	}
	for _, y := range years {
		cur, prev := reports[y], reports[y-1]
		if cur == nil || prev == nil {
			continue
		}
		a, err := cut(prev)
		if err != nil {
			return nil, err
		}
		b, err := cut(cur)
		if err != nil {
			return nil, err
		}
		if f, _ := similar.CopiedDocs(prev, cur, a, b); f != nil {
			out = append(out, *f)
		}
	}
	return out, nil
}

// RateReport is what an index keeps of a report for the rate outliers
// among its peers: enough to pick the report that stands for its body's
// year and to place its rates, a few numbers instead of its facts.
type RateReport struct {
	ID     string             `json:"id"`
	Body   string             `json:"body"`
	Office string             `json:"office"`
	Region string             `json:"region"`
	Level  string             `json:"level"`
	Year   int                `json:"year"`
	Facts  int                `json:"facts"` // how many facts the report has, for gongkai.Stands
	Rates  map[string]float64 `json:"rates"` // by rate name; a nil rate is absent
}

// RateReportOf is what an index keeps of e for the rate outliers.
func RateReportOf(e *gongkai.Entry) RateReport {
	r := RateReport{ID: e.ID, Body: e.BodyID(), Office: e.Report.Office, Region: e.Region, Level: e.Level,
		Year: e.Report.Year, Facts: len(e.Report.Facts), Rates: map[string]float64{}}
	for _, v := range gongkai.RateValues(e) {
		r.Rates[v.Rate] = v.Value
	}
	return r
}

// RateFindings lists the rate outliers (gongkai.RateOutliers) among the
// reports of one peer scope, every level, several of one body and year
// among them: the one that stands for its body's year is picked as
// gongkai.Stands picks it (most facts, then least id), as in
// gongkai.Findings.
func RateFindings(reports []RateReport) []gongkai.Finding {
	var values []gongkai.RateValue
	for _, r := range standing(reports) {
		for _, rt := range gongkai.AllRates {
			if v, ok := r.Rates[rt.Name]; ok {
				values = append(values, gongkai.RateValue{Rate: rt.Name, Office: r.Office, Body: r.Body, Region: r.Region,
					Level: r.Level, Year: r.Year, ID: r.ID, Value: v})
			}
		}
	}
	return gongkai.RateOutliers(values)
}

// RatesByPeers gathers the rates of the reports that stand for their
// body's year by rate, year and level, as gongkai.RatesByPeers does over
// whole entries; a report without a level has no peers and is left out.
func RatesByPeers(reports []RateReport) map[gongkai.PeerKey][]float64 {
	out := map[gongkai.PeerKey][]float64{}
	for _, r := range standing(reports) {
		if r.Level == "" {
			continue
		}
		for _, rt := range gongkai.AllRates {
			if v, ok := r.Rates[rt.Name]; ok {
				k := gongkai.PeerKey{Rate: rt.Name, Year: r.Year, Level: r.Level}
				out[k] = append(out[k], v)
			}
		}
	}
	return out
}

// standing picks the report that stands for each body's year as
// gongkai.Stands picks it (most facts, then least id), in the order of
// body and year.
func standing(reports []RateReport) []*RateReport {
	type unit struct {
		body string
		year int
	}
	chosen := map[unit]*RateReport{}
	for i := range reports {
		r := &reports[i]
		u := unit{r.Body, r.Year}
		have := chosen[u]
		if have == nil || r.Facts > have.Facts || (r.Facts == have.Facts && r.ID < have.ID) {
			chosen[u] = r
		}
	}
	return slices.SortedFunc(maps.Values(chosen), func(a, b *RateReport) int {
		if a.Body != b.Body {
			return strings.Compare(a.Body, b.Body)
		}
		return a.Year - b.Year
	})
}

// AllFindings is what an index's findings are held to: gongkai.Findings
// with the copied narratives of package similar, in the order of office,
// year, kind, check.
func AllFindings(entries []gongkai.Entry) ([]gongkai.Finding, error) {
	copied, err := similar.Findings(entries)
	if err != nil {
		return nil, fmt.Errorf("copied narrative: %w", err)
	}
	out := append(gongkai.Findings(entries), copied...)
	gongkai.SortFindings(out)
	return out, nil
}
