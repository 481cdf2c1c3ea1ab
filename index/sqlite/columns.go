package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/index"
)

// columns is what a search filters on and counts, for every report, held
// in memory in the search order (year descending, office, id): a few tens
// of bytes a report, with each distinct region, level, office, template and
// check id stored once. A search that matches half the reports reads them
// here instead of walking the reports table (at 100,000 reports that walk
// alone was 150 ms).
type columns struct {
	version  int64   // PRAGMA data_version of the watching connection when read
	n        []int64 // row number (the FTS rowid), in search order
	size     int64   // one more than the largest row number
	year     []int32
	region   []int32 // into regions; level, office and template alike
	level    []int32
	office   []int32
	template []int32
	failed   []int32 // failed[failedAt[i]:failedAt[i+1]]: report i's failed checks, into checks
	failedAt []int32

	regions, levels, offices, templates, checks []string
}

// values interns strings into small numbers.
type values struct {
	ids  map[string]int32
	list []string
}

func (v *values) id(s string) int32 {
	if id, ok := v.ids[s]; ok {
		return id
	}
	if v.ids == nil {
		v.ids = map[string]int32{}
	}
	id := int32(len(v.list))
	v.ids[s] = id
	v.list = append(v.list, s)
	return id
}

// readColumns reads the columns of every report. It reads the table in
// its own order and sorts in Go: walking SQLite's index in the search order
// took five times as long.
func readColumns(ctx context.Context, db *sql.DB, version int64) (*columns, error) {
	rows, err := db.QueryContext(ctx, `SELECT n, year, region, level, office, template, failed, id FROM reports`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type report struct {
		n                               int64
		year                            int
		region, level, office, template int32
		failed                          []int32
		id                              string
	}
	var reports []report
	var regions, levels, offices, templates, checks values
	var maxN int64
	for rows.Next() {
		var r report
		var region, level, office, template, failed string
		if err := rows.Scan(&r.n, &r.year, &region, &level, &office, &template, &failed, &r.id); err != nil {
			return nil, err
		}
		r.region, r.level, r.office, r.template = regions.id(region), levels.id(level), offices.id(office), templates.id(template)
		if failed != "" {
			for _, id := range strings.Split(failed, sep) {
				r.failed = append(r.failed, checks.id(id))
			}
		}
		reports = append(reports, r)
		maxN = max(maxN, r.n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(reports, func(a, b report) int {
		if a.year != b.year {
			return b.year - a.year
		}
		if c := strings.Compare(offices.list[a.office], offices.list[b.office]); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	c := &columns{
		version: version, failedAt: make([]int32, 1, len(reports)+1),
		regions: regions.list, levels: levels.list, offices: offices.list, templates: templates.list, checks: checks.list,
	}
	for _, r := range reports {
		c.n = append(c.n, r.n)
		c.year = append(c.year, int32(r.year))
		c.region = append(c.region, r.region)
		c.level = append(c.level, r.level)
		c.office = append(c.office, r.office)
		c.template = append(c.template, r.template)
		c.failed = append(c.failed, r.failed...)
		c.failedAt = append(c.failedAt, int32(len(c.failed)))
	}
	c.size = maxN + 1
	return c, nil
}

// columnCache keeps the columns and reads them again when the file has
// changed: PRAGMA data_version, on a connection of its own, changes when
// any other connection commits, in this process or another (gongkai index
// writing while gongkai serve answers).
type columnCache struct {
	mu    sync.Mutex
	watch *sql.Conn
	cols  *columns
}

// get returns columns as of a moment after the call began.
func (cc *columnCache) get(ctx context.Context, db *sql.DB) (*columns, error) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.watch == nil {
		conn, err := db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		cc.watch = conn
	}
	var version int64
	if err := cc.watch.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&version); err != nil {
		return nil, err
	}
	if cc.cols != nil && cc.cols.version == version {
		return cc.cols, nil
	}
	cols, err := readColumns(ctx, db, version)
	if err != nil {
		return nil, fmt.Errorf("reading the search columns: %w", err)
	}
	cc.cols = cols
	return cols, nil
}

func (cc *columnCache) close() error {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.watch == nil {
		return nil
	}
	return cc.watch.Close()
}

// keep is, per distinct value of a column, whether the filter keeps it;
// nil keeps every value.
func keep(list []string, ok func(string) bool) []bool {
	out := make([]bool, len(list))
	for i, v := range list {
		out[i] = ok(v)
	}
	return out
}

// filterMask is the filter's test on a report's columns.
type filterMask struct {
	f                               index.Filter
	region, level, office, template []bool
	check                           int32 // -1: no such check failed anywhere
}

func newFilterMask(c *columns, f index.Filter) *filterMask {
	m := &filterMask{f: f, check: -1}
	if f.Region != "" {
		m.region = keep(c.regions, func(v string) bool { return strings.HasPrefix(v, f.Region) })
	}
	if f.Level != "" {
		m.level = keep(c.levels, func(v string) bool { return v == f.Level })
	}
	if f.Office != "" {
		m.office = keep(c.offices, func(v string) bool { return strings.Contains(v, f.Office) })
	}
	if f.Template != "" {
		m.template = keep(c.templates, func(v string) bool { return v == f.Template })
	}
	if f.Check != "" {
		m.check = int32(slices.Index(c.checks, f.Check))
	}
	return m
}

// keeps reports whether the filter keeps the report at position i.
func (m *filterMask) keeps(c *columns, i int) bool {
	f := m.f
	y := int(c.year[i])
	if f.YearFrom > 0 && y < f.YearFrom || f.YearTo > 0 && y > f.YearTo {
		return false
	}
	if m.region != nil && !m.region[c.region[i]] || m.level != nil && !m.level[c.level[i]] ||
		m.office != nil && !m.office[c.office[i]] || m.template != nil && !m.template[c.template[i]] {
		return false
	}
	failed := c.failed[c.failedAt[i]:c.failedAt[i+1]]
	if f.FailedChecks && len(failed) == 0 {
		return false
	}
	if f.Check != "" && (m.check < 0 || !slices.Contains(failed, m.check)) {
		return false
	}
	return true
}

// facetCounts counts the facets over the positions ps.
func facetCounts(c *columns, ps []int32) index.Facets {
	years := map[int32]int{}
	regions, levels, checks := make([]int, len(c.regions)), make([]int, len(c.levels)), make([]int, len(c.checks))
	for _, i := range ps {
		years[c.year[i]]++
		regions[c.region[i]]++
		levels[c.level[i]]++
		for _, k := range c.failed[c.failedAt[i]:c.failedAt[i+1]] {
			checks[k]++
		}
	}
	var f index.Facets
	f.Year = make([]index.Count, 0, len(years))
	for y, n := range years {
		f.Year = append(f.Year, index.Count{Value: strconv.Itoa(int(y)), Count: n})
	}
	f.Year = index.SortCounts(f.Year)
	f.Region, f.Level, f.Check = listCounts(c.regions, regions), listCounts(c.levels, levels), listCounts(c.checks, checks)
	return f
}

// listCounts pairs values with their counts, leaving out the blank value
// and those counted nowhere.
func listCounts(list []string, counts []int) []index.Count {
	out := []index.Count{}
	for i, n := range counts {
		if n > 0 && list[i] != "" {
			out = append(out, index.Count{Value: list[i], Count: n})
		}
	}
	return index.SortCounts(out)
}
