package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/gongkai/gongkai/index"
)

// Compare returns the keys' values for one body over the years or for the
// bodies of a region: the page of rows q asks for, and the count and the
// sums of every row, added up by SQLite (total() skips blanks), so that a
// region's totals cost one pass in the database, not its rows in Go.
func (x *Index) Compare(ctx context.Context, q index.CompareQuery) (*index.Comparison, error) {
	if len(q.Keys) == 0 {
		return nil, errors.New("compare: no fact key")
	}
	conds, args := reportConds(q.Office, q.Region, q.YearFrom, q.YearTo)
	extract, colArgs := factsExtract(q.Keys)
	from := ` FROM reports r JOIN docs d ON d.n = r.n`
	if len(conds) > 0 {
		from += " WHERE " + strings.Join(conds, " AND ")
	}
	cmp := &index.Comparison{Keys: q.Keys, Rows: []index.CompareRow{}, Offset: max(q.Offset, 0), Totals: make([]float64, len(q.Keys))}

	// The facts are read once a row, as factsExtract's array; each sum
	// takes its element of it. MATERIALIZED keeps SQLite from putting the
	// extract in place of v in every sum, parsing the facts once a key.
	sums := make([]string, len(q.Keys))
	for i := range q.Keys {
		sums[i] = fmt.Sprintf("total(v ->> %d)", i)
	}
	row := x.db.QueryRowContext(ctx, `WITH f AS MATERIALIZED (SELECT `+extract+` AS v`+from+`) SELECT count(*), `+strings.Join(sums, ", ")+` FROM f`, append(colArgs, args...)...)
	dest := []any{&cmp.Total}
	for i := range cmp.Totals {
		dest = append(dest, &cmp.Totals[i])
	}
	if err := row.Scan(dest...); err != nil {
		return nil, fmt.Errorf("compare totals: %w", err)
	}
	if cmp.Offset >= cmp.Total {
		return cmp, nil
	}

	limit := q.Limit
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	// The page is chosen from the reports rows alone; only its rows' facts
	// are read.
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := x.db.QueryContext(ctx, `SELECT r.id, r.office, r.region, r.year, `+extract+
		` FROM (SELECT r.n, r.id, r.office, r.region, r.year FROM reports r`+where+` ORDER BY r.office, r.year, r.id LIMIT ? OFFSET ?) r
		JOIN docs d ON d.n = r.n ORDER BY r.office, r.year, r.id`,
		append(append(colArgs, args...), limit, cmp.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("compare: %w", err)
	}
	defer rows.Close()
	return cmp, scanCompareRows(rows, cmp)
}

// scanCompareRows appends the rows of a comparison's query to it.
func scanCompareRows(rows *sql.Rows, cmp *index.Comparison) error {
	for rows.Next() {
		var row index.CompareRow
		var values string
		if err := rows.Scan(&row.ID, &row.Office, &row.Region, &row.Year, &values); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
		var err error
		if row.Values, err = factValues(values, len(cmp.Keys)); err != nil {
			return fmt.Errorf("compare: %s: %w", row.ID, err)
		}
		cmp.Rows = append(cmp.Rows, row)
	}
	return rows.Err()
}
