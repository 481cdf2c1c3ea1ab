package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// quartilesSchema keeps the quartiles of every peer group's rates
// (index.QuartilesByPeers), recomputed with the rate outliers of a
// province's year when a read settles the scopes puts left stale: the
// body page reads a few rows for its years instead of every report of
// its province.
const quartilesSchema = `
CREATE TABLE IF NOT EXISTS quartiles (
	province TEXT NOT NULL,
	level    TEXT NOT NULL,
	year     INTEGER NOT NULL,
	rate     TEXT NOT NULL,
	n        INTEGER NOT NULL,
	p25      REAL NOT NULL,
	p50      REAL NOT NULL,
	p75      REAL NOT NULL,
	PRIMARY KEY (province, level, year, rate)
) WITHOUT ROWID;
`

// setupQuartiles creates the quartiles table in the schema's transaction,
// before the findings' (whose backfill fills it), and, when it is new in a
// file that holds rates already, fills it for every province and year.
func setupQuartiles(ctx context.Context, tx *sql.Tx) error {
	var have, rates int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE name = 'quartiles'), count(*) FILTER (WHERE name = 'rates')
		FROM sqlite_master WHERE type = 'table'`).Scan(&have, &rates); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, quartilesSchema); err != nil {
		return fmt.Errorf("create quartiles: %w", err)
	}
	if have > 0 || rates == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT year, province FROM rates`)
	if err != nil {
		return err
	}
	var scopes []index.PeerScope
	for rows.Next() {
		var s index.PeerScope
		if err := rows.Scan(&s.Year, &s.Province); err != nil {
			rows.Close()
			return err
		}
		scopes = append(scopes, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, s := range scopes {
		reports, err := peerRates(ctx, tx, s.Province, s.Year, s.Year)
		if err != nil {
			return err
		}
		if err := storeQuartiles(ctx, tx, s, reports); err != nil {
			return err
		}
	}
	return nil
}

// storeQuartiles replaces the quartiles of a province's year with those
// of its reports' rates.
func storeQuartiles(ctx context.Context, tx *sql.Tx, scope index.PeerScope, reports []index.RateReport) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM quartiles WHERE province = ? AND year = ?`, scope.Province, scope.Year); err != nil {
		return fmt.Errorf("quartiles: %w", err)
	}
	for k, q := range index.QuartilesByPeers(reports) {
		if k.Year != scope.Year {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO quartiles (province, level, year, rate, n, p25, p50, p75) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			scope.Province, k.Level, k.Year, k.Rate, q.N, q.P25, q.P50, q.P75); err != nil {
			return fmt.Errorf("quartiles: %w", err)
		}
	}
	return nil
}

// PeerQuartiles implements index.Findings.PeerQuartiles from the
// quartiles kept at Put.
func (x *Index) PeerQuartiles(ctx context.Context, province, level string, from, to int) (map[gongkai.PeerKey]gongkai.Quartiles, error) {
	// Quartiles are kept with the rate outliers, which puts leave stale
	// until the next read settles them.
	if err := x.Settle(ctx); err != nil {
		return nil, err
	}
	rows, err := x.db.QueryContext(ctx, `SELECT level, year, rate, n, p25, p50, p75 FROM quartiles
		WHERE province = ? AND (? = '' OR level = ?) AND year BETWEEN ? AND ?`, province, level, level, from, to)
	if err != nil {
		return nil, fmt.Errorf("peer quartiles: %w", err)
	}
	defer rows.Close()
	out := map[gongkai.PeerKey]gongkai.Quartiles{}
	for rows.Next() {
		var k gongkai.PeerKey
		var q gongkai.Quartiles
		if err := rows.Scan(&k.Level, &k.Year, &k.Rate, &q.N, &q.P25, &q.P50, &q.P75); err != nil {
			return nil, fmt.Errorf("peer quartiles: %w", err)
		}
		out[k] = q
	}
	return out, rows.Err()
}
