package sqlite

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/gongkai/gongkai/index"
)

// findingKey is one column of the order of a findings query: its
// expression, its direction, a new pointer of the type a cursor's value
// for it reads into, and how a cursor's value is written to compare with
// it ("" for ?) and read from the row ("" for expr).
type findingKey struct {
	expr     string
	desc     bool
	value    func() any
	nullable bool
	param    string
	column   string
}

// blankLast is a number no fact holds, standing for a blank value where
// blanks sort last: above every value ascending, below every value
// descending. In the key, not the row: a blank stays null.
func blankLast(desc bool) string {
	if desc {
		return "-9e999"
	}
	return "9e999"
}

// findingKeys is the order of a findings query: the column asked for
// (blanks last whichever way), then office, year, kind, check and entry,
// and last the row, so that no two findings tie and a cursor names one
// place in the order; all of it reversed for desc. Every order but the
// review status's is an index of the findings table (findingsSchema), so
// that a page is read from the index, from the start, the end or a
// cursor, at any depth.
func findingKeys(q index.FindingQuery) []findingKey {
	text := func(expr string) findingKey {
		return findingKey{expr, q.Desc, func() any { return new(string) }, false, "", ""}
	}
	integer := func(expr string) findingKey {
		return findingKey{expr, q.Desc, func() any { return new(int64) }, false, "", ""}
	}
	// The row last: as itself where an index (which ends in it) gives the
	// order; else (the review status) as +f.rowid, for with f.rowid there
	// SQLite read the table through the index findings_key before sorting,
	// twice the time of reading it in place (16,360 findings).
	rest := func(row string, skip string) []findingKey {
		var out []findingKey
		for _, k := range []findingKey{text("f.office"), integer("f.year"), text("f.kind"), text("f.check_id"), text("f.id"), integer(row)} {
			if k.expr != skip {
				out = append(out, k)
			}
		}
		return out
	}
	switch q.Sort {
	case "":
		return rest("f.rowid", "")
	case "want", "got":
		blank := blankLast(q.Desc)
		return append([]findingKey{{"coalesce(f." + q.Sort + ", " + blank + ")", q.Desc, func() any { return new(*float64) }, false,
			"coalesce(?, " + blank + ")", "f." + q.Sort}}, rest("f.rowid", "")...)
	case "status":
		return append([]findingKey{{"v.status IS NULL", false, func() any { return new(int64) }, false, "", ""},
			{"v.status", q.Desc, func() any { return new(*string) }, true, "", ""}}, rest("+f.rowid", "")...)
	case "year":
		return append([]findingKey{integer("f.year")}, rest("f.rowid", "f.year")...)
	case "check":
		return append([]findingKey{text("f.check_id")}, rest("f.rowid", "f.check_id")...)
	}
	head := text("f." + q.Sort) // kind, office, detail
	return append([]findingKey{head}, rest("f.rowid", head.expr)...)
}

// findingOrder is the ORDER BY of keys, reversed when backward.
func findingOrder(keys []findingKey, backward bool) string {
	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = k.expr
		if k.desc != backward {
			cols[i] += " DESC"
		}
	}
	return " ORDER BY " + strings.Join(cols, ", ")
}

// afterCursor is the condition that a row comes after the one whose key
// values are at (in the order of keys, reversed when backward). Where no
// key is blank, it is one row-value comparison, led by a bound on the
// first key: SQLite seeks the index that holds the order to the bound and
// reads on from there. The review status's order, with blanks, is spelled
// out key by key (IS: equal or both blank).
func afterCursor(keys []findingKey, at []any, backward bool) (string, []any) {
	op := func(k findingKey) string {
		if k.desc != backward {
			return "<"
		}
		return ">"
	}
	param := func(k findingKey) string {
		if k.param == "" {
			return "?"
		}
		return k.param
	}
	bound := "(" + keys[0].expr + ") " + op(keys[0]) + "= " + param(keys[0])
	if !slices.ContainsFunc(keys, func(k findingKey) bool { return k.nullable || k.desc != keys[0].desc }) {
		cols, params := make([]string, len(keys)), make([]string, len(keys))
		for i, k := range keys {
			cols[i], params[i] = k.expr, param(k)
		}
		return bound + " AND (" + strings.Join(cols, ", ") + ") " + op(keys[0]) + " (" + strings.Join(params, ", ") + ")", append([]any{at[0]}, at...)
	}
	var ors []string
	args := []any{at[0]}
	for i, k := range keys {
		var and []string
		for j := range i {
			and = append(and, "("+keys[j].expr+") IS "+param(keys[j]))
			args = append(args, at[j])
		}
		and = append(and, "("+k.expr+") "+op(k)+" "+param(k))
		args = append(args, at[i])
		ors = append(ors, strings.Join(and, " AND "))
	}
	return bound + " AND (" + strings.Join(ors, " OR ") + ")", args
}

// cursorKeys reads a cursor of q's order into the values of keys.
func cursorKeys(q index.FindingQuery, keys []findingKey, token string) ([]any, error) {
	raw, err := index.DecodeCursor(token, q.FindingOrder(), len(keys))
	if err != nil {
		return nil, err
	}
	at := make([]any, len(keys))
	for i, k := range keys {
		p := k.value()
		if err := index.CursorValue(raw[i], p); err != nil {
			return nil, err
		}
		at[i] = p
	}
	return at, nil
}

// findingRows visits the findings q matches in the order of keys
// (reversed when backward), from the row after the key values at (nil:
// from the start), skipping offset, at most limit of them (< 0: all),
// with each its key values.
func (x *Index) findingRows(ctx context.Context, q index.FindingQuery, keys []findingKey, at []any, backward bool, offset, limit int,
	visit func(index.ReviewedFinding, []any) error) error {
	cond, args := findingWhere(q, true)
	if at != nil {
		c, a := afterCursor(keys, at, backward)
		if cond == "" {
			cond = " WHERE " + c
		} else {
			cond += " AND " + c
		}
		args = append(args, a...)
	}
	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = k.expr
		if k.column != "" {
			cols[i] = k.column
		}
	}
	page := ""
	if limit >= 0 {
		page = fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
	}
	rows, err := x.db.QueryContext(ctx, `SELECT `+findingColumns+`, `+strings.Join(cols, ", ")+
		` FROM findings f LEFT JOIN reviews v ON v.key = f.key`+cond+findingOrder(keys, backward)+page, args...)
	if err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		values := make([]any, len(keys))
		ptrs := make([]any, len(keys))
		for i := range values {
			ptrs[i] = &values[i]
		}
		f, err := scanFinding(rows, ptrs...)
		if err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		if err := visit(f, values); err != nil {
			return err
		}
	}
	return rows.Err()
}

// findingPage reads the page of findings q asks for into res, whose
// counts are read: by offset, after or before a cursor, or the last page.
func (x *Index) findingPage(ctx context.Context, q index.FindingQuery, res *index.FindingResults) error {
	keys := findingKeys(q)
	var at []any
	var err error
	switch {
	case q.After != "":
		at, err = cursorKeys(q, keys, q.After)
	case q.Before != "":
		at, err = cursorKeys(q, keys, q.Before)
	}
	if err != nil {
		return err
	}
	backward := q.Before != "" || q.Last
	offset, limit := q.Offset, q.Limit
	switch {
	case q.Last:
		limit = index.LastPageSize(res.Total, q.Limit)
	case q.After != "" || q.Before != "":
		limit++ // one more says whether there is a page beyond
	}
	var values [][]any
	err = x.findingRows(ctx, q, keys, at, backward, offset, limit, func(f index.ReviewedFinding, v []any) error {
		res.Findings, values = append(res.Findings, f), append(values, v)
		return nil
	})
	if err != nil {
		return err
	}
	more := len(res.Findings) > q.Limit
	if more {
		res.Findings, values = res.Findings[:q.Limit], values[:q.Limit]
	}
	if backward {
		slices.Reverse(res.Findings)
		slices.Reverse(values)
	}
	hasPrev, hasNext := index.PageEnds(q.Offset, q.After, q.Before, q.Last, res.Total, len(values), more)
	if hasPrev {
		if res.Prev, err = index.EncodeCursor(q.FindingOrder(), values[0]); err != nil {
			return err
		}
	}
	if hasNext {
		if res.Next, err = index.EncodeCursor(q.FindingOrder(), values[len(values)-1]); err != nil {
			return err
		}
	}
	return nil
}

// searchWindow is the part [from, to) of the matches ps (positions in
// cols, in search order) that q's page shows: from its offset, or after or
// before its cursor, found by halving on the columns' year and office and
// among the few reports that share both by their IDs.
func (x *Index) searchWindow(ctx context.Context, cols *columns, ps []int32, q index.Query, limit int) (from, to int, err error) {
	if q.After == "" && q.Before == "" {
		from = min(max(q.Offset, 0), len(ps))
		return from, min(from+limit, len(ps)), nil
	}
	year, office, id, err := index.SearchAfter(q.After + q.Before)
	if err != nil {
		return 0, 0, err
	}
	cmp := func(p int32) int { // where report p stands to the cursor's year and office
		if y := int(cols.year[p]); y != year {
			if y > year {
				return -1
			}
			return 1
		}
		return strings.Compare(cols.offices[cols.office[p]], office)
	}
	lo := sort.Search(len(ps), func(i int) bool { return cmp(ps[i]) >= 0 })
	hi := sort.Search(len(ps), func(i int) bool { return cmp(ps[i]) > 0 })
	ns := make([]int64, 0, hi-lo)
	for _, p := range ps[lo:hi] {
		ns = append(ns, cols.n[p])
	}
	ids, err := x.reportIDs(ctx, ns)
	if err != nil {
		return 0, 0, err
	}
	at := lo // the first report not before the cursor's
	for _, n := range ns {
		if ids[n] < id || q.After != "" && ids[n] == id {
			at++
		}
	}
	if q.After != "" {
		return at, min(at+limit, len(ps)), nil
	}
	return max(at-limit, 0), at, nil
}

// reportIDs reads the IDs of the reports with row numbers ns.
func (x *Index) reportIDs(ctx context.Context, ns []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ns))
	if len(ns) == 0 {
		return out, nil
	}
	rows, err := x.db.QueryContext(ctx, `SELECT n, id FROM reports WHERE n IN (SELECT value FROM json_each(?))`, jsonList(ns))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var id string
		if err := rows.Scan(&n, &id); err != nil {
			return nil, err
		}
		out[n] = id
	}
	return out, rows.Err()
}
