// Package sqlite is the embedded index: one SQLite file (modernc.org/sqlite,
// pure Go, nothing to install) holding reports, facts and failed checks in
// tables and the gse-segmented narrative in an FTS5 table.
//
// A search looks up each query term's words in FTS5 (quoted, so user input is
// never FTS5 syntax), then keeps the reports whose original text contains
// the term itself: segmentation finds candidates fast, the original text
// makes the answer exact.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/parse/segment"
)

const schema = `
CREATE TABLE IF NOT EXISTS reports (
	n         INTEGER PRIMARY KEY,
	id        TEXT NOT NULL UNIQUE,
	office    TEXT NOT NULL,
	year      INTEGER NOT NULL,
	region    TEXT NOT NULL,
	level     TEXT NOT NULL,
	template  TEXT NOT NULL,
	url       TEXT NOT NULL,
	source    TEXT NOT NULL,
	sha256    TEXT NOT NULL,
	narrative TEXT NOT NULL, -- original text, lower-cased, for exact matching
	entry     TEXT NOT NULL  -- the whole entry as JSON
);
CREATE INDEX IF NOT EXISTS reports_year ON reports(year, office);
CREATE INDEX IF NOT EXISTS reports_region ON reports(region);
CREATE INDEX IF NOT EXISTS reports_office ON reports(office, year);
CREATE TABLE IF NOT EXISTS facts (
	report INTEGER NOT NULL REFERENCES reports(n) ON DELETE CASCADE,
	key    TEXT NOT NULL,
	value  REAL,
	PRIMARY KEY (key, report)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS failed (
	report   INTEGER NOT NULL REFERENCES reports(n) ON DELETE CASCADE,
	check_id TEXT NOT NULL,
	PRIMARY KEY (report, check_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS failed_check ON failed(check_id);
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(text, tokenize = 'unicode61 remove_diacritics 0');
`

// Index is the embedded index in one SQLite file.
type Index struct {
	db *sql.DB
}

var _ index.Index = (*Index)(nil)

// Open opens or creates the index file at path.
func Open(path string) (*Index, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("create schema in %s: %w", path, err)
	}
	return &Index{db: db}, nil
}

// Close closes the file.
func (x *Index) Close() error { return x.db.Close() }

// Put stores entries in one transaction, replacing those already stored.
func (x *Index) Put(ctx context.Context, entries ...gongkai.Entry) error {
	seg, err := segment.Default()
	if err != nil {
		return err
	}
	tx, err := x.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := range entries {
		if err := put(ctx, tx, seg, &entries[i]); err != nil {
			return fmt.Errorf("put %s: %w", entries[i].ID, err)
		}
	}
	return tx.Commit()
}

func put(ctx context.Context, tx *sql.Tx, seg *segment.Segmenter, e *gongkai.Entry) error {
	if err := remove(ctx, tx, e.ID); err != nil {
		return err
	}
	entry, err := json.Marshal(e)
	if err != nil {
		return err
	}
	r := &e.Report
	narrative := index.Narrative(r)
	res, err := tx.ExecContext(ctx, `INSERT INTO reports (id, office, year, region, level, template, url, source, sha256, narrative, entry)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, r.Office, r.Year, e.Region, e.Level, r.Template, e.URL, r.Source, e.SHA256, strings.ToLower(narrative), entry)
	if err != nil {
		return err
	}
	n, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO words (rowid, text) VALUES (?, ?)`, n, seg.Index(narrative)); err != nil {
		return err
	}
	for _, f := range r.Facts {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO facts (report, key, value) VALUES (?, ?, ?)`, n, f.Key, f.Value); err != nil {
			return err
		}
	}
	for _, c := range index.FailedChecks(r) {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO failed (report, check_id) VALUES (?, ?)`, n, c); err != nil {
			return err
		}
	}
	return nil
}

func remove(ctx context.Context, tx *sql.Tx, id string) error {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT n FROM reports WHERE id = ?`, id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM words WHERE rowid = ?`, `DELETE FROM facts WHERE report = ?`, `DELETE FROM failed WHERE report = ?`, `DELETE FROM reports WHERE n = ?`} {
		if _, err := tx.ExecContext(ctx, q, n); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes entries; IDs not stored are ignored.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	tx, err := x.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		if err := remove(ctx, tx, id); err != nil {
			return fmt.Errorf("delete %s: %w", id, err)
		}
	}
	return tx.Commit()
}

// Get returns the stored entry.
func (x *Index) Get(ctx context.Context, id string) (*gongkai.Entry, error) {
	var raw string
	err := x.db.QueryRowContext(ctx, `SELECT entry FROM reports WHERE id = ?`, id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", id, index.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	var e gongkai.Entry
	return &e, json.Unmarshal([]byte(raw), &e)
}

// Indexed returns every stored ID with its document hash.
func (x *Index) Indexed(ctx context.Context) (map[string]string, error) {
	rows, err := x.db.QueryContext(ctx, `SELECT id, sha256 FROM reports`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, sha string
		if err := rows.Scan(&id, &sha); err != nil {
			return nil, err
		}
		out[id] = sha
	}
	return out, rows.Err()
}

// where builds the WHERE clause of a search: every value a bound parameter.
func where(q index.Query, tokens [][]string) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	var match []string
	for _, words := range tokens {
		for _, w := range words {
			match = append(match, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
		}
	}
	if len(match) > 0 {
		add(`r.n IN (SELECT rowid FROM words WHERE words MATCH ?)`, strings.Join(match, " AND "))
	}
	for _, t := range index.QueryTerms(q.Text) {
		add(`instr(r.narrative, ?) > 0`, t)
	}
	f := q.Filter
	if f.YearFrom > 0 {
		add(`r.year >= ?`, f.YearFrom)
	}
	if f.YearTo > 0 {
		add(`r.year <= ?`, f.YearTo)
	}
	if f.Region != "" {
		add(`substr(r.region, 1, ?) = ?`, len(f.Region), f.Region)
	}
	if f.Level != "" {
		add(`r.level = ?`, f.Level)
	}
	if f.Office != "" {
		add(`instr(r.office, ?) > 0`, f.Office)
	}
	if f.Template != "" {
		add(`r.template = ?`, f.Template)
	}
	if f.FailedChecks {
		add(`EXISTS (SELECT 1 FROM failed WHERE failed.report = r.n)`)
	}
	if f.Check != "" {
		add(`EXISTS (SELECT 1 FROM failed WHERE failed.report = r.n AND failed.check_id = ?)`, f.Check)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Search returns one page of the reports matching q, with facets over all.
func (x *Index) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	terms := index.QueryTerms(q.Text)
	var tokens [][]string
	if len(terms) > 0 {
		seg, err := segment.Default()
		if err != nil {
			return nil, err
		}
		tokens = index.TermTokens(seg, terms)
	}
	cond, args := where(q, tokens)
	limit := q.Limit
	if limit <= 0 {
		limit = index.DefaultLimit
	}
	res := &index.Results{Hits: []index.Hit{}}
	if err := x.db.QueryRowContext(ctx, `SELECT count(*) FROM reports r`+cond, args...).Scan(&res.Total); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	rows, err := x.db.QueryContext(ctx, `SELECT r.n, r.entry FROM reports r`+cond+` ORDER BY r.year DESC, r.office, r.id LIMIT ? OFFSET ?`,
		append(args, limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var raw string
		if err := rows.Scan(&n, &raw); err != nil {
			return nil, err
		}
		var e gongkai.Entry
		if err := json.Unmarshal([]byte(raw), &e); err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, index.Hit{
			ID: e.ID, Office: e.Report.Office, Year: e.Report.Year, Region: e.Region, Level: e.Level,
			Template: e.Report.Template, URL: e.URL, Source: e.Report.Source,
			Failed:   index.FailedChecks(&e.Report),
			Snippets: index.Snippets(e.Report.Sections, terms, 3),
		})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	facets := []struct {
		sql string
		out *[]index.Count
	}{
		{`SELECT CAST(r.year AS TEXT), count(*) FROM reports r` + cond + ` GROUP BY r.year`, &res.Facets.Year},
		{`SELECT r.region, count(*) FROM reports r` + cond + andOr(cond) + `r.region != '' GROUP BY r.region`, &res.Facets.Region},
		{`SELECT r.level, count(*) FROM reports r` + cond + andOr(cond) + `r.level != '' GROUP BY r.level`, &res.Facets.Level},
		{`SELECT f.check_id, count(*) FROM failed f JOIN reports r ON r.n = f.report` + cond + ` GROUP BY f.check_id`, &res.Facets.Check},
	}
	for _, f := range facets {
		counts, err := x.counts(ctx, f.sql, args)
		if err != nil {
			return nil, fmt.Errorf("facets: %w", err)
		}
		*f.out = counts
	}
	return res, nil
}

func andOr(cond string) string {
	if cond == "" {
		return " WHERE "
	}
	return " AND "
}

func (x *Index) counts(ctx context.Context, query string, args []any) ([]index.Count, error) {
	rows, err := x.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []index.Count{}
	for rows.Next() {
		var c index.Count
		if err := rows.Scan(&c.Value, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return index.SortCounts(out), rows.Err()
}

// Compare returns the keys' values for one body over the years or for the
// bodies of a region.
func (x *Index) Compare(ctx context.Context, q index.CompareQuery) (*index.Comparison, error) {
	if len(q.Keys) == 0 {
		return nil, errors.New("compare: no fact key")
	}
	var conds []string
	var args []any
	if q.Office != "" {
		conds, args = append(conds, `r.office = ?`), append(args, q.Office)
	}
	if q.Region != "" {
		conds, args = append(conds, `substr(r.region, 1, ?) = ?`), append(args, len(q.Region), q.Region)
	}
	if q.YearFrom > 0 {
		conds, args = append(conds, `r.year >= ?`), append(args, q.YearFrom)
	}
	if q.YearTo > 0 {
		conds, args = append(conds, `r.year <= ?`), append(args, q.YearTo)
	}
	query := `SELECT r.n, r.id, r.office, r.region, r.year FROM reports r`
	if len(conds) > 0 {
		query += " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := x.db.QueryContext(ctx, query+` ORDER BY r.office, r.year, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("compare: %w", err)
	}
	cmp := &index.Comparison{Keys: q.Keys, Rows: []index.CompareRow{}}
	var ns []int64
	for rows.Next() {
		var n int64
		row := index.CompareRow{Values: make([]*float64, len(q.Keys))}
		if err := rows.Scan(&n, &row.ID, &row.Office, &row.Region, &row.Year); err != nil {
			rows.Close()
			return nil, err
		}
		ns = append(ns, n)
		cmp.Rows = append(cmp.Rows, row)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, n := range ns {
		for k, key := range q.Keys {
			var v sql.NullFloat64
			err := x.db.QueryRowContext(ctx, `SELECT value FROM facts WHERE key = ? AND report = ?`, key, n).Scan(&v)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, err
			}
			if v.Valid {
				cmp.Rows[i].Values[k] = &v.Float64
			}
		}
	}
	cmp.Totals = index.Totals(q.Keys, cmp.Rows)
	return cmp, nil
}
