// Package sqlite is the embedded index: one SQLite file (modernc.org/sqlite,
// pure Go, nothing to install) holding reports, their documents (text,
// facts as one JSON object, the entry) and failed checks in tables and the
// gse-segmented narrative in an FTS5 table.
//
// A search looks up each query term's words in FTS5 (quoted, so user input is
// never FTS5 syntax), then keeps the reports whose original text contains
// the term itself: segmentation finds candidates fast, the original text
// makes the answer exact. A term that is a dictionary word of Chinese
// characters needs no check: every such word the text contains is indexed.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/parse/segment"
	"github.com/gongkai/gongkai/similar"
)

const schema = `
CREATE TABLE IF NOT EXISTS reports (
	n         INTEGER PRIMARY KEY,
	id        TEXT NOT NULL UNIQUE,
	body      TEXT NOT NULL, -- gongkai.Entry.BodyID: a renamed body's reports share it
	office    TEXT NOT NULL,
	year      INTEGER NOT NULL,
	region    TEXT NOT NULL,
	level     TEXT NOT NULL,
	template  TEXT NOT NULL,
	url       TEXT NOT NULL,
	source    TEXT NOT NULL,
	sha256    TEXT NOT NULL,
	failed    TEXT NOT NULL  -- ids of the failed checks, each once, joined by U+001F
);
-- The search order, covering what a search filters on and counts: the
-- columns it reads into memory (columns.go) come from it, in order, without
-- a look-up of the row or a sort.
CREATE INDEX IF NOT EXISTS reports_order ON reports(year DESC, office, id, region, level, failed, template);
CREATE INDEX IF NOT EXISTS reports_region ON reports(region);
CREATE INDEX IF NOT EXISTS reports_office ON reports(office, year);
CREATE INDEX IF NOT EXISTS reports_body ON reports(body, year);
CREATE TABLE IF NOT EXISTS docs (
	n         INTEGER PRIMARY KEY REFERENCES reports(n) ON DELETE CASCADE,
	narrative TEXT NOT NULL, -- original text, lower-cased, for exact matching
	facts     TEXT NOT NULL, -- {"key": value or null, …}, for Compare
	entry     TEXT NOT NULL, -- the whole entry: zlib-compressed JSON (entrycodec.go)
	hit       TEXT NOT NULL  -- what a search shows of it, as JSON (hitSource)
);
CREATE TABLE IF NOT EXISTS failed (
	report   INTEGER NOT NULL REFERENCES reports(n) ON DELETE CASCADE,
	check_id TEXT NOT NULL,
	PRIMARY KEY (report, check_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS failed_check ON failed(check_id);
-- text: gse's words and every dictionary word of Chinese characters the
-- text contains (segment.Index), each once; chars: the original text with
-- every Chinese character a token of its own, so that a phrase query over
-- it finds any other run of characters, where the words cross it or not.
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(text, chars, tokenize = 'unicode61 remove_diacritics 0');
`

// schemaVersion is the PRAGMA user_version of the schema above. Version 2
// keeps a report's facts as one JSON object: version 1 had a row per fact,
// a few hundred per report, and inserting them was three quarters of the
// time of a put. Version 3 moves the text, facts and entry out of the
// reports table into docs: with them a row of reports took pages, and a
// filter that scans reports read 400 MB at 100,000 reports instead of 22.
// It also keeps the failed check ids in the report's row, so the check
// facet is counted in the one pass over the matches. Version 4 adds the
// chars column: looking up gse's words alone missed reports whose text
// segments a term differently than the query does (政府信息 inside
// 政府信息公开申请). Version 5 adds docs.hit: decoding whole entries, facts
// and all, for the page of hits was 40 % of a search. Version 6 adds
// reports.body and findings.body, the body id: the findings across a
// body's years follow a renamed body under all its names. Version 7 puts
// every dictionary word the text contains in the text column, each once
// (segment.Index): a term that is one answers from it alone, without the
// phrase of its characters, two thirds of a common word's search before.
// Version 8 keeps each report's MinHash signature and band keys (prints,
// bands): the report page's closest other report of the year is found
// among the reports sharing a band, not by reading the whole year.
const schemaVersion = 8

// sep joins the ids in reports.failed; no check id holds it.
const sep = "\x1f"

// Index is the embedded index in one SQLite file.
type Index struct {
	db       *sql.DB
	cols     columnCache
	settling sync.Mutex // one Settle at a time
}

var _ index.Index = (*Index)(nil)

// Open opens or creates the index file at path. A file of another schema
// version is refused: a reader must not answer from an index it cannot read.
func Open(path string) (*Index, error) {
	x, _, err := open(path, false)
	return x, err
}

// Rebuild opens the index file at path as Open does, for a writer about to
// index the store: a file of another schema version is emptied and made
// anew instead of refused — its reports and findings are derived data the
// writer puts again — and its reviews, a person's work, are kept. from is
// the version rebuilt from, 0 when nothing was.
func Rebuild(path string) (x *Index, from int, err error) {
	return open(path, true)
}

func open(path string, rebuild bool) (*Index, int, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)")
	if err != nil {
		return nil, 0, fmt.Errorf("open %s: %w", path, err)
	}
	from, err := setup(db, rebuild)
	if err != nil {
		db.Close()
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	return &Index{db: db}, from, nil
}

// setup creates the schema in a new file. A file of another schema version
// is refused, or with rebuild emptied of everything but its reviews; from
// is then its version.
func setup(db *sql.DB, rebuild bool) (from int, err error) {
	var version, tables int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		return 0, err
	}
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'reports'`).Scan(&tables); err != nil {
		return 0, err
	}
	if tables > 0 && version != schemaVersion {
		if !rebuild {
			return 0, fmt.Errorf("索引格式为第 %d 版，本程序读第 %d 版：请先运行 gongkai index 重建索引（审核记录保留）", version, schemaVersion)
		}
		if err := dropDerived(db); err != nil {
			return 0, fmt.Errorf("rebuild from schema version %d: %w", version, err)
		}
		from = version
	}
	// One transaction: a process killed while creating a new file leaves
	// either no tables or all of them, never reports without docs.
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(schema); err != nil {
		return 0, fmt.Errorf("create schema: %w", err)
	}
	if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion)); err != nil {
		return 0, err
	}
	if err := setupQuartiles(context.Background(), tx); err != nil {
		return 0, err
	}
	if err := setupFindings(tx); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("create schema: %w", err)
	}
	return from, nil
}

// dropDerived drops every table but reviews, in one transaction: the full
// text index first (its shadow tables go with it), the reports last, as
// the other tables refer to them.
func dropDerived(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'reviews'
		ORDER BY sql LIKE 'CREATE VIRTUAL TABLE%' DESC, name = 'reports'`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		names = append(names, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		// DROP TABLE IF EXISTS: a virtual table dropped before took its shadow tables.
		if _, err := tx.Exec(`DROP TABLE IF EXISTS "` + strings.ReplaceAll(name, `"`, `""`) + `"`); err != nil {
			return fmt.Errorf("drop %s: %w", name, err)
		}
	}
	return tx.Commit()
}

// Close closes the file.
func (x *Index) Close() error {
	return errors.Join(x.cols.close(), x.db.Close())
}

// Put stores entries in one transaction, replacing those already stored.
// The work that needs no database — segmenting the narrative, encoding the
// entry — runs on every core, and SQLite's one writer stores each row as
// soon as it is ready, in order, so the two overlap.
func (x *Index) Put(ctx context.Context, entries ...gongkai.Entry) error {
	seg, err := segment.Default()
	if err != nil {
		return err
	}
	next, done := index.Ordered(len(entries), func(i int) (row, error) { return prepare(seg, &entries[i]) })
	defer done()
	return x.write(ctx, func(w *writer) error {
		for i := range entries {
			r, err := next(i)
			if err != nil {
				return fmt.Errorf("put %s: %w", entries[i].ID, err)
			}
			if err := w.put(ctx, r); err != nil {
				return fmt.Errorf("put %s: %w", entries[i].ID, err)
			}
		}
		return w.found.refresh(ctx)
	})
}

// writerCache is the page cache of a connection that writes, in KiB:
// each put inserts into indexes ordered by hashes (ids, band keys,
// findings' keys), whose pages it touches at random; with SQLite's 2 MB
// default a third of Put's time at 200,000 reports was reading back the
// pages it had just let go.
const writerCache = 64 << 10

// write runs fn in one transaction with the writer's statements prepared.
func (x *Index) write(ctx context.Context, fn func(w *writer) error) error {
	tx, err := x.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, writerCache)); err != nil {
		return err
	}
	w, err := newWriter(ctx, tx)
	if err != nil {
		return err
	}
	defer w.close()
	if w.found, err = newFindingWriter(ctx, tx); err != nil {
		return err
	}
	defer w.found.close()
	if err := fn(w); err != nil {
		return err
	}
	return tx.Commit()
}

// row is an entry made ready for the tables.
type row struct {
	e         *gongkai.Entry
	entry     []byte // encodeEntry's
	narrative string // lower-cased original text
	words     string // segmented text for FTS5
	chars     string // the text as single characters for FTS5
	facts     []byte // JSON object of the fact values
	hit       []byte // JSON hitSource
	failed    []string
	print     *similar.Print // for the closest other report; nil for no narrative or year
	doc       *similar.Doc   // the narrative cut for print, for the copied narratives; nil for no year
}

// hitSource is what a search shows of a report: its hit without snippets,
// and the sections the snippets come from.
type hitSource struct {
	index.Hit
	Sections []gongkai.Section `json:"sections"`
}

// prepare segments and encodes one entry.
func prepare(seg *segment.Segmenter, e *gongkai.Entry) (row, error) {
	narrative := index.Narrative(&e.Report)
	entry, err := encodeEntry(e)
	if err != nil {
		return row{}, err
	}
	facts := make(map[string]*float64, len(e.Report.Facts))
	for _, f := range e.Report.Facts {
		facts[f.Key] = f.Value
	}
	factsJSON, err := json.Marshal(facts)
	if err != nil {
		return row{}, err
	}
	hit, err := json.Marshal(hitSource{Hit: index.Hit{
		ID: e.ID, Office: e.Report.Office, Year: e.Report.Year, Region: e.Region, Level: e.Level,
		Template: e.Report.Template, URL: e.URL, Source: e.Report.Source, Failed: index.FailedChecks(&e.Report),
	}, Sections: e.Report.Sections})
	if err != nil {
		return row{}, err
	}
	print, doc := printOf(seg, e)
	return row{e: e, entry: entry, narrative: strings.ToLower(narrative), words: seg.Index(narrative), chars: index.Chars(narrative), facts: factsJSON, hit: hit, failed: failedOnce(&e.Report), print: print, doc: doc}, nil
}

// failedOnce lists the ids of a report's failed checks, each once, in the
// order they come.
func failedOnce(r *gongkai.Report) []string {
	var out []string
	for _, c := range index.FailedChecks(r) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// writer holds the statements of one transaction, prepared once.
type writer struct {
	find, report, doc, words, failed   *sql.Stmt
	delWords, delFailed, delDoc, delRe *sql.Stmt
	found                              *findingWriter
}

func newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{}
	for _, s := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&w.find, `SELECT n, body, year, region, level FROM reports WHERE id = ?`},
		{&w.report, `INSERT INTO reports (id, body, office, year, region, level, template, url, source, sha256, failed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.doc, `INSERT INTO docs (n, narrative, facts, entry, hit) VALUES (?, ?, ?, ?, ?)`},
		{&w.words, `INSERT INTO words (rowid, text, chars) VALUES (?, ?, ?)`},
		{&w.failed, `INSERT OR IGNORE INTO failed (report, check_id) VALUES (?, ?)`},
		{&w.delWords, `DELETE FROM words WHERE rowid = ?`},
		{&w.delFailed, `DELETE FROM failed WHERE report = ?`},
		{&w.delDoc, `DELETE FROM docs WHERE n = ?`},
		{&w.delRe, `DELETE FROM reports WHERE n = ?`},
	} {
		stmt, err := tx.PrepareContext(ctx, s.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*s.stmt = stmt
	}
	return w, nil
}

func (w *writer) close() {
	for _, s := range []*sql.Stmt{w.find, w.report, w.doc, w.words, w.failed, w.delWords, w.delFailed, w.delDoc, w.delRe} {
		if s != nil {
			s.Close()
		}
	}
}

// remove deletes the report with id and everything that hangs off it.
func (w *writer) remove(ctx context.Context, id string) error {
	var n int64
	var body, region, level string
	var year int
	err := w.find.QueryRowContext(ctx, id).Scan(&n, &body, &year, &region, &level)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := w.found.remove(ctx, id, body, year, region, level); err != nil {
		return err
	}
	for _, s := range []*sql.Stmt{w.delWords, w.delFailed, w.delDoc, w.delRe} {
		if _, err := s.ExecContext(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) put(ctx context.Context, r row) error {
	if err := w.remove(ctx, r.e.ID); err != nil {
		return err
	}
	e, rep := r.e, &r.e.Report
	res, err := w.report.ExecContext(ctx, e.ID, e.BodyID(), rep.Office, rep.Year, e.Region, e.Level, rep.Template, e.URL, rep.Source, e.SHA256, strings.Join(r.failed, sep))
	if err != nil {
		return err
	}
	n, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if _, err := w.doc.ExecContext(ctx, n, r.narrative, r.facts, r.entry, r.hit); err != nil {
		return err
	}
	if _, err := w.words.ExecContext(ctx, n, r.words, r.chars); err != nil {
		return err
	}
	for _, c := range r.failed {
		if _, err := w.failed.ExecContext(ctx, n, c); err != nil {
			return err
		}
	}
	return w.found.put(ctx, e, r.print, r.doc)
}

// Delete removes entries; IDs not stored are ignored.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	return x.write(ctx, func(w *writer) error {
		for _, id := range ids {
			if err := w.remove(ctx, id); err != nil {
				return fmt.Errorf("delete %s: %w", id, err)
			}
		}
		return w.found.refresh(ctx)
	})
}

// Get returns the stored entry.
func (x *Index) Get(ctx context.Context, id string) (*gongkai.Entry, error) {
	var raw []byte
	err := x.db.QueryRowContext(ctx, `SELECT d.entry FROM reports r JOIN docs d ON d.n = r.n WHERE r.id = ?`, id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", id, index.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return decodeEntry(raw)
}

// GetMany returns the entries of ids in their order, each read with Get:
// an embedded store pays nothing per call, so one query would gain little.
func (x *Index) GetMany(ctx context.Context, ids []string) ([]gongkai.Entry, error) {
	out := make([]gongkai.Entry, 0, len(ids))
	for _, id := range ids {
		e, err := x.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, nil
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

// term is one term of a query as the word index is asked for it.
type term struct {
	text  string   // the term, lower-cased
	words []string // its gse words, all of which a report holding it has
	// whole: the word index holds the term itself in exactly the reports
	// whose text contains it (segment.Whole: a dictionary word of Chinese
	// characters, indexed wherever it stands), so it answers alone.
	whole bool
	// wordFirst: the term is its one gse word, of Chinese characters only
	// (a single character, here). The word index answers for the reports
	// where it finds it; the others, found by the phrase of the term's
	// characters, are checked against the original text: the phrase also
	// matches across punctuation (政策，解读 for 政策解读).
	wordFirst bool
}

// queryTerms reads a query's terms and segments them.
func queryTerms(text string) ([]term, error) {
	texts := index.QueryTerms(text)
	if len(texts) == 0 {
		return nil, nil
	}
	seg, err := segment.Default()
	if err != nil {
		return nil, err
	}
	out := make([]term, len(texts))
	for i, t := range texts {
		words := seg.Terms(t)
		out[i] = term{text: t, words: words, whole: seg.Whole(t), wordFirst: len(words) == 1 && words[0] == t && hanOnly(t)}
	}
	return out, nil
}

func hanOnly(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// matchQuery is the FTS5 query for the terms: a whole term as its word;
// any other found either as all of its gse words or as a phrase of its
// characters; every term required; "" when no term has a letter or digit.
// Every word and phrase is quoted, so no user input is read as FTS5 syntax.
func matchQuery(terms []term) string {
	var match []string
	for _, t := range terms {
		if t.whole {
			match = append(match, "text : "+quoted(t.text))
			continue
		}
		var alts []string
		if len(t.words) > 0 {
			words := make([]string, len(t.words))
			for j, w := range t.words {
				words[j] = quoted(w)
			}
			alts = append(alts, "("+strings.Join(words, " AND ")+")")
		}
		if chars := index.Chars(t.text); strings.IndexFunc(chars, isWordRune) >= 0 {
			alts = append(alts, "chars : "+quoted(chars))
		}
		if len(alts) > 0 {
			match = append(match, "("+strings.Join(alts, " OR ")+")")
		}
	}
	return strings.Join(match, " AND ")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// where builds the WHERE clause of a count in SQL alone (Count): every
// value a bound parameter. Search answers the same question from the
// columns in memory; TestCountAgrees holds the two to each other.
func where(q index.Query, terms []term) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if match := matchQuery(terms); match != "" {
		add(`r.n IN (SELECT rowid FROM words WHERE words MATCH ?)`, match)
	}
	for _, t := range terms {
		switch {
		case t.whole:
		case t.wordFirst:
			add(`(r.n IN (SELECT rowid FROM words WHERE words MATCH ?) OR instr((SELECT narrative FROM docs WHERE docs.n = r.n), ?) > 0)`, quoted(t.text), t.text)
		default:
			add(`instr((SELECT narrative FROM docs WHERE docs.n = r.n), ?) > 0`, t.text)
		}
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
		add(`r.failed != ''`)
	}
	if f.Check != "" {
		add(`EXISTS (SELECT 1 FROM failed WHERE failed.report = r.n AND failed.check_id = ?)`, f.Check)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// quoted is s as an FTS5 string, in double quotes: no input is read as
// FTS5 syntax.
func quoted(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Count returns how many reports match q by SQL alone: one statement, no
// facets, no hits. It is the floor make bench sets each search's latency
// beside.
func (x *Index) Count(ctx context.Context, q index.Query) (int, error) {
	terms, err := queryTerms(q.Text)
	if err != nil {
		return 0, err
	}
	cond, args := where(q, terms)
	var n int
	err = x.db.QueryRowContext(ctx, `SELECT count(*) FROM reports r`+cond, args...).Scan(&n)
	return n, err
}

// Search returns one page of the reports matching q, with facets over all.
// The filter and the facets run on the columns in memory; the word index
// gives the reports that hold the words, as one list; the original text is
// read only for the terms it must confirm, and only of the reports the rest
// of the query keeps; the entries only of the page shown.
func (x *Index) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	terms, err := queryTerms(q.Text)
	if err != nil {
		return nil, err
	}
	cols, err := x.cols.get(ctx, x.db)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var words []bool // by row number: the word index matches it
	if match := matchQuery(terms); match != "" {
		if words, err = x.wordMatches(ctx, match, cols.size); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	mask := newFilterMask(cols, q.Filter)
	var ps []int32 // positions of the matches, in search order
	for i, n := range cols.n {
		if (words == nil || words[n]) && mask.keeps(cols, i) {
			ps = append(ps, int32(i))
		}
	}
	for _, t := range terms {
		if len(ps) == 0 {
			break
		}
		if t.whole {
			continue
		}
		var found []bool // the reports the word index answers for
		if t.wordFirst {
			if found, err = x.wordMatches(ctx, quoted(t.text), cols.size); err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
		}
		if ps, err = x.confirm(ctx, cols, ps, found, t.text); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	res := &index.Results{Total: len(ps), Hits: []index.Hit{}, Facets: facetCounts(cols, ps)}
	shown := make([]string, len(terms)) // the terms a snippet marks
	for i, t := range terms {
		shown[i] = t.text
	}

	limit := q.Limit
	if limit <= 0 {
		limit = index.DefaultLimit
	}
	if err := q.CheckPaging(); err != nil {
		return nil, err
	}
	from, to, err := x.searchWindow(ctx, cols, ps, q, limit)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	page := make([]int64, 0, limit)
	for _, i := range ps[from:to] {
		page = append(page, cols.n[i])
	}
	hits, err := x.hits(ctx, page)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	for _, n := range page {
		h := hits[n]
		if h == nil {
			continue // removed since the columns were read
		}
		h.Snippets = index.Snippets(h.Sections, shown, 3)
		res.Hits = append(res.Hits, h.Hit)
	}
	if len(res.Hits) > 0 && from > 0 {
		res.Prev = index.SearchCursor(&res.Hits[0])
	}
	if len(res.Hits) > 0 && to < len(ps) {
		res.Next = index.SearchCursor(&res.Hits[len(res.Hits)-1])
	}
	return res, nil
}

// wordMatches returns, by row number below size, whether the word index
// matches the report. FTS5 lists them inside SQLite as one string: reading
// a row per match through database/sql cost a microsecond or more each.
func (x *Index) wordMatches(ctx context.Context, match string, size int64) ([]bool, error) {
	var list sql.NullString
	if err := x.db.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM words WHERE words MATCH ?`, match).Scan(&list); err != nil {
		return nil, err
	}
	out := make([]bool, size)
	for rest := list.String; rest != ""; {
		var num string
		num, rest, _ = strings.Cut(rest, ",")
		n, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("word index row %q: %w", num, err)
		}
		if int64(n) < size {
			out[n] = true
		}
	}
	return out, nil
}

// confirm keeps the positions ps that found holds (by row number; nil
// holds none) or whose original text holds term; only the others' text is
// read.
func (x *Index) confirm(ctx context.Context, cols *columns, ps []int32, found []bool, term string) ([]int32, error) {
	var ns []int64
	for _, p := range ps {
		if n := cols.n[p]; found == nil || !found[n] {
			ns = append(ns, n)
		}
	}
	if len(ns) == 0 {
		return ps, nil
	}
	rows, err := x.db.QueryContext(ctx, `SELECT n FROM docs WHERE n IN (SELECT value FROM json_each(?)) AND instr(narrative, ?) > 0`, jsonList(ns), term)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	holds := map[int64]bool{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		holds[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kept := ps[:0]
	for _, p := range ps {
		if n := cols.n[p]; found != nil && found[n] || holds[n] {
			kept = append(kept, p)
		}
	}
	return kept, nil
}

// jsonList encodes row numbers for json_each: one bound parameter however many.
func jsonList(ns []int64) string {
	b, _ := json.Marshal(ns)
	return string(b)
}

// hits reads what a search shows of the reports ns.
func (x *Index) hits(ctx context.Context, ns []int64) (map[int64]*hitSource, error) {
	out := map[int64]*hitSource{}
	if len(ns) == 0 {
		return out, nil
	}
	rows, err := x.db.QueryContext(ctx, `SELECT n, hit FROM docs WHERE n IN (SELECT value FROM json_each(?))`, jsonList(ns))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var raw string
		if err := rows.Scan(&n, &raw); err != nil {
			return nil, err
		}
		var h hitSource
		if err := json.Unmarshal([]byte(raw), &h); err != nil {
			return nil, err
		}
		out[n] = &h
	}
	return out, rows.Err()
}

// reportConds are the conditions on the reports row r that Compare and
// Summaries share: the body's exact name, a region code prefix, the years
// (0 leaves an end open).
func reportConds(office, region string, from, to int) (conds []string, args []any) {
	if office != "" {
		conds, args = append(conds, `r.office = ?`), append(args, office)
	}
	if region != "" { // a range, not substr: the index reports_region narrows it
		conds, args = append(conds, `r.region >= ? AND r.region < ?`), append(args, region, prefixEnd(region))
	}
	if from > 0 {
		conds, args = append(conds, `r.year >= ?`), append(args, from)
	}
	if to > 0 {
		conds, args = append(conds, `r.year <= ?`), append(args, to)
	}
	return conds, args
}
