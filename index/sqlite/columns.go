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
	s = strings.Clone(s) // not a piece of the whole list, which may be megabytes
	id := int32(len(v.list))
	v.ids[s] = id
	v.list = append(v.list, s)
	return id
}

// columnsQuery lists every report's columns in the search order as one
// string, each text length-prefixed ("6:650502"): a row at a time through
// database/sql cost four times as much, and reading the table and sorting
// in Go as much again. The covering index reports_order gives the order:
// an aggregate over an ordered subquery takes its rows in that order
// (SQLite does not flatten such a subquery), where group_concat's own
// ORDER BY sorted them again.
const columnsQuery = `SELECT group_concat(n || ' ' || year || ' ' ||
	length(CAST(region AS BLOB)) || ':' || region || length(CAST(level AS BLOB)) || ':' || level ||
	length(CAST(template AS BLOB)) || ':' || template || length(CAST(office AS BLOB)) || ':' || office ||
	length(CAST(failed AS BLOB)) || ':' || failed, ' ')
	FROM (SELECT n, year, region, level, template, office, failed FROM reports ORDER BY year DESC, office, id)`

// readColumns reads the columns of every report.
func readColumns(ctx context.Context, db *sql.DB, version int64) (*columns, error) {
	var list sql.NullString
	if err := db.QueryRowContext(ctx, columnsQuery).Scan(&list); err != nil {
		return nil, err
	}
	c := &columns{version: version, failedAt: []int32{0}}
	var regions, levels, offices, templates, checks values
	r := listReader{rest: list.String}
	for r.rest != "" && r.err == nil {
		n, year := r.number(' '), r.number(' ')
		region, level, template, office, failed := r.text(), r.text(), r.text(), r.text(), r.text()
		r.space()
		c.n = append(c.n, n)
		c.year = append(c.year, int32(year))
		c.region = append(c.region, regions.id(region))
		c.level = append(c.level, levels.id(level))
		c.template = append(c.template, templates.id(template))
		c.office = append(c.office, offices.id(office))
		if failed != "" {
			for _, id := range strings.Split(failed, sep) {
				c.failed = append(c.failed, checks.id(id))
			}
		}
		c.failedAt = append(c.failedAt, int32(len(c.failed)))
		c.size = max(c.size, n+1)
	}
	if r.err != nil {
		return nil, r.err
	}
	c.regions, c.levels, c.offices, c.templates, c.checks = regions.list, levels.list, offices.list, templates.list, checks.list
	return c, nil
}

// listReader reads columnsQuery's string.
type listReader struct {
	rest string
	err  error
}

// number reads a decimal number ending at end.
func (r *listReader) number(end byte) int64 {
	i := strings.IndexByte(r.rest, end)
	if i < 0 {
		r.fail()
		return 0
	}
	v, err := strconv.ParseInt(r.rest[:i], 10, 64)
	if err != nil {
		r.fail()
		return 0
	}
	r.rest = r.rest[i+1:]
	return v
}

// text reads a length-prefixed text.
func (r *listReader) text() string {
	size := int(r.number(':'))
	if r.err != nil || size < 0 || size > len(r.rest) {
		r.fail()
		return ""
	}
	t := r.rest[:size]
	r.rest = r.rest[size:]
	return t
}

// space reads the separator between reports, if any.
func (r *listReader) space() {
	if r.err == nil && r.rest != "" {
		if r.rest[0] != ' ' {
			r.fail()
			return
		}
		r.rest = r.rest[1:]
	}
}

func (r *listReader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("search columns: unreadable at %.40q", r.rest)
	}
	r.rest = ""
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
