package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/parse/segment"
	"github.com/gongkai/gongkai/similar"
)

// findingsSchema holds the findings computed at Put and the reviews of
// them. It is created beside the reports in a file of any schema version,
// and filled from the reports when it is new (rebuildFindings), so adding
// it needs no new index. Reviews are keyed by Finding.Key and nothing that
// puts or deletes reports touches them.
const findingsSchema = `
CREATE TABLE IF NOT EXISTS findings (
	key      TEXT NOT NULL, -- gongkai.Finding.Key
	id       TEXT NOT NULL, -- the entry, '' for a missing report
	body     TEXT NOT NULL, -- gongkai.Entry.BodyID of the report(s) it is about
	kind     TEXT NOT NULL,
	office   TEXT NOT NULL,
	region   TEXT NOT NULL,
	level    TEXT NOT NULL,
	year     INTEGER NOT NULL,
	check_id TEXT NOT NULL,
	want     REAL,
	got      REAL,
	detail   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_order ON findings(office, year, kind, check_id, id);
CREATE INDEX IF NOT EXISTS findings_entry ON findings(id);
CREATE INDEX IF NOT EXISTS findings_key ON findings(key);
CREATE INDEX IF NOT EXISTS findings_kind ON findings(kind, year, region, level);
CREATE INDEX IF NOT EXISTS findings_body ON findings(body, kind, year);
-- A region's findings of a year (the region page, its workbook, its open
-- findings), counted by kind with the key for the reviews' status from
-- the index alone, not from every finding of the year. New in a file of
-- schema 8 when it is opened; a file without it answers the same, slower.
CREATE INDEX IF NOT EXISTS findings_place ON findings(year, region, kind, key);
-- The orders a findings page can be sorted in (findingKeys), each an
-- index, so that a page at any depth is read from one; office's is
-- findings_order. A blank value sorts last either way: two indexes.
CREATE INDEX IF NOT EXISTS findings_by_kind ON findings(kind, office, year, check_id, id);
CREATE INDEX IF NOT EXISTS findings_by_year ON findings(year, office, kind, check_id, id);
CREATE INDEX IF NOT EXISTS findings_by_check ON findings(check_id, office, year, kind, id);
CREATE INDEX IF NOT EXISTS findings_by_detail ON findings(detail, office, year, kind, check_id, id);
CREATE INDEX IF NOT EXISTS findings_by_want ON findings(coalesce(want, 9e999), office, year, kind, check_id, id);
CREATE INDEX IF NOT EXISTS findings_by_want_desc ON findings(coalesce(want, -9e999), office, year, kind, check_id, id);
CREATE INDEX IF NOT EXISTS findings_by_got ON findings(coalesce(got, 9e999), office, year, kind, check_id, id);
CREATE INDEX IF NOT EXISTS findings_by_got_desc ON findings(coalesce(got, -9e999), office, year, kind, check_id, id);
-- What the region and body pages list of a report beyond the reports row.
CREATE TABLE IF NOT EXISTS standing (
	id        TEXT PRIMARY KEY,
	published TEXT NOT NULL, -- gongkai.PublicationDate
	facts     INTEGER NOT NULL
);
-- What the rate outliers read of a report (index.RateReport as JSON), by
-- year and province: a peer scope is recomputed from these few numbers,
-- not from its reports' facts.
CREATE TABLE IF NOT EXISTS rates (
	id       TEXT PRIMARY KEY,
	year     INTEGER NOT NULL,
	province TEXT NOT NULL,
	report   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rates_scope ON rates(year, province);
-- The years and provinces whose rate outliers are out of date: a write
-- records the scopes it touched, and the next read of findings recomputes
-- them (Index.Settle). A scope's outliers depend on all its reports (the
-- quartiles, and their number in every finding's detail), so recomputing
-- them at every put cost each batch the size of the provinces it touched;
-- recomputed on reading, a bulk load pays for each scope once.
CREATE TABLE IF NOT EXISTS stale_rates (
	year     INTEGER NOT NULL,
	province TEXT NOT NULL,
	PRIMARY KEY (year, province)
) WITHOUT ROWID;
-- A report's MinHash signature (similar.Print) and its band keys, by year:
-- the closest report of another body is sought among those sharing a band.
CREATE TABLE IF NOT EXISTS prints (
	id     TEXT PRIMARY KEY,
	year   INTEGER NOT NULL,
	body   TEXT NOT NULL,
	office TEXT NOT NULL,
	sig    BLOB NOT NULL -- similar.Signature.Bytes
);
CREATE TABLE IF NOT EXISTS bands (
	year INTEGER NOT NULL,
	key  INTEGER NOT NULL, -- a band key, its 64 bits as a signed integer
	id   TEXT NOT NULL,
	PRIMARY KEY (year, key, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reviews (
	key    TEXT PRIMARY KEY,
	status TEXT NOT NULL,
	note   TEXT NOT NULL,
	by     TEXT NOT NULL,
	at     TEXT NOT NULL -- RFC 3339
);
`

// setupFindings creates the findings tables in the schema's transaction,
// and fills them when they are new in a file that already holds reports.
func setupFindings(tx *sql.Tx) error {
	var have int
	if err := tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'standing'`).Scan(&have); err != nil {
		return err
	}
	if _, err := tx.Exec(findingsSchema); err != nil {
		return fmt.Errorf("create findings schema: %w", err)
	}
	if have > 0 {
		return nil
	}
	return rebuildFindings(context.Background(), tx)
}

// rebuildFindings computes every finding from the stored reports, in tx.
func rebuildFindings(ctx context.Context, tx *sql.Tx) error {
	fw, err := newFindingWriter(ctx, tx)
	if err != nil {
		return err
	}
	defer fw.close()
	fw.fresh = nil // every report: read back by body, not all held at once
	if _, err := tx.ExecContext(ctx, `DELETE FROM findings; DELETE FROM standing; DELETE FROM rates; DELETE FROM prints; DELETE FROM bands`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT entry FROM docs`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			rows.Close()
			return err
		}
		e, err := decodeEntry(raw)
		if err != nil {
			rows.Close()
			return fmt.Errorf("rebuild findings: %w", err)
		}
		p, _ := printOf(nil, e) // every report: its cut not kept
		if err := fw.put(ctx, e, p, nil); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	fw.years = nil // every body's missing years are new
	if err := fw.refresh(ctx); err != nil {
		return fmt.Errorf("rebuild findings: %w", err)
	}
	if err := fw.settle(ctx); err != nil {
		return fmt.Errorf("rebuild findings: %w", err)
	}
	return nil
}

// findingWriter keeps the findings of one transaction's puts and deletes:
// a report's own findings as it is put, and at the end (refresh) those
// across the years of every body it touched, by body id, and the rate
// outliers of the peers it touched.
type findingWriter struct {
	tx                                *sql.Tx
	insert, delEntry, stand, delStand *sql.Stmt
	rate, delRate, staleRates         *sql.Stmt
	print, band, readPrint, delPrint  *sql.Stmt
	delBand                           *sql.Stmt
	changes                           *index.Changes
	years                             []int // the years reports cover, before the changes
	// fresh holds the entries put in this transaction, by id: the
	// findings across reports read them here, not back from their rows.
	// nil when the writer does not keep them (a rebuild of every report).
	fresh map[string]*gongkai.Entry
	// docs holds the narratives cut for the prints (similar.Doc) of the
	// entries put in this transaction, and those the copied narratives
	// cut since, by id: each narrative is cut once a transaction.
	docs map[string]*similar.Doc
}

func newFindingWriter(ctx context.Context, tx *sql.Tx) (*findingWriter, error) {
	fw := &findingWriter{tx: tx, changes: index.NewChanges(), fresh: map[string]*gongkai.Entry{}, docs: map[string]*similar.Doc{}}
	var err error
	if fw.insert, err = tx.PrepareContext(ctx, `INSERT INTO findings (key, id, body, kind, office, region, level, year, check_id, want, got, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if fw.delEntry, err = tx.PrepareContext(ctx, `DELETE FROM findings WHERE id = ?`); err != nil {
		fw.close()
		return nil, err
	}
	if fw.stand, err = tx.PrepareContext(ctx, `INSERT OR REPLACE INTO standing (id, published, facts) VALUES (?, ?, ?)`); err != nil {
		fw.close()
		return nil, err
	}
	if fw.delStand, err = tx.PrepareContext(ctx, `DELETE FROM standing WHERE id = ?`); err != nil {
		fw.close()
		return nil, err
	}
	if fw.rate, err = tx.PrepareContext(ctx, `INSERT OR REPLACE INTO rates (id, year, province, report) VALUES (?, ?, ?, ?)`); err != nil {
		fw.close()
		return nil, err
	}
	if fw.delRate, err = tx.PrepareContext(ctx, `DELETE FROM rates WHERE id = ?`); err != nil {
		fw.close()
		return nil, err
	}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&fw.print, `INSERT OR REPLACE INTO prints (id, year, body, office, sig) VALUES (?, ?, ?, ?, ?)`},
		{&fw.band, `INSERT OR REPLACE INTO bands (year, key, id) VALUES (?, ?, ?)`},
		{&fw.readPrint, `SELECT year, sig FROM prints WHERE id = ?`},
		{&fw.delPrint, `DELETE FROM prints WHERE id = ?`},
		{&fw.delBand, `DELETE FROM bands WHERE year = ? AND key = ? AND id = ?`},
		{&fw.staleRates, `INSERT OR IGNORE INTO stale_rates (year, province) VALUES (?, ?)`},
	} {
		if *p.stmt, err = tx.PrepareContext(ctx, p.sql); err != nil {
			fw.close()
			return nil, err
		}
	}
	fw.years, err = reportYears(ctx, tx)
	if err != nil {
		fw.close()
		return nil, err
	}
	return fw, nil
}

func (fw *findingWriter) close() {
	for _, s := range []*sql.Stmt{fw.insert, fw.delEntry, fw.stand, fw.delStand, fw.rate, fw.delRate, fw.print, fw.band, fw.readPrint, fw.delPrint, fw.delBand, fw.staleRates} {
		if s != nil {
			s.Close()
		}
	}
}

// reportYears lists the years the stored reports cover: one seek down
// the search order (year first) per year, not a scan of every report, for
// every put asks twice.
func reportYears(ctx context.Context, tx *sql.Tx) ([]int, error) {
	var years []int
	for below := math.MaxInt32; ; {
		var y int
		err := tx.QueryRowContext(ctx, `SELECT year FROM reports WHERE year < ? AND year != 0 ORDER BY year DESC LIMIT 1`, below).Scan(&y)
		if errors.Is(err, sql.ErrNoRows) {
			break
		}
		if err != nil {
			return nil, err
		}
		years, below = append(years, y), y
	}
	slices.Reverse(years)
	return years, nil
}

// add stores a finding about the body with id body.
func (fw *findingWriter) add(ctx context.Context, body string, f gongkai.Finding) error {
	_, err := fw.insert.ExecContext(ctx, f.Key(), f.ID, body, f.Kind, f.Office, f.Region, f.Level, f.Year, f.Check, f.Want, f.Got, f.Detail)
	if err != nil {
		return fmt.Errorf("finding %s: %w", f.Key(), err)
	}
	return nil
}

// put stores the findings of a report just stored, and its print (nil
// for none) made from d, its narrative cut (nil for none).
func (fw *findingWriter) put(ctx context.Context, e *gongkai.Entry, p *similar.Print, d *similar.Doc) error {
	fw.changes.AddEntry(e)
	if d != nil && fw.fresh != nil {
		fw.docs[e.ID] = d
	}
	if p != nil {
		if _, err := fw.print.ExecContext(ctx, e.ID, e.Report.Year, e.BodyID(), e.Report.Office, p.Sig.Bytes()); err != nil {
			return err
		}
		for _, k := range p.Keys {
			if _, err := fw.band.ExecContext(ctx, e.Report.Year, int64(k), e.ID); err != nil {
				return err
			}
		}
	}
	if fw.fresh != nil {
		fw.fresh[e.ID] = e
	}
	if _, err := fw.stand.ExecContext(ctx, e.ID, gongkai.PublicationDate(&e.Report), len(e.Report.Facts)); err != nil {
		return err
	}
	if e.Report.Year != 0 && len(e.Region) >= 2 {
		rates, err := json.Marshal(index.RateReportOf(e))
		if err != nil {
			return err
		}
		if _, err := fw.rate.ExecContext(ctx, e.ID, e.Report.Year, e.Region[:2], rates); err != nil {
			return err
		}
	}
	for _, f := range gongkai.ReportFindings(e) {
		if err := fw.add(ctx, e.BodyID(), f); err != nil {
			return err
		}
	}
	return nil
}

// remove drops the findings found in a report about to be removed: body,
// year, region and level are those of its row.
func (fw *findingWriter) remove(ctx context.Context, id, body string, year int, region, level string) error {
	fw.changes.Add(body, year, region, level)
	delete(fw.fresh, id)
	delete(fw.docs, id)
	if _, err := fw.delStand.ExecContext(ctx, id); err != nil {
		return err
	}
	if _, err := fw.delRate.ExecContext(ctx, id); err != nil {
		return err
	}
	if err := fw.removePrint(ctx, id); err != nil {
		return err
	}
	_, err := fw.delEntry.ExecContext(ctx, id)
	return err
}

// removePrint drops a report's print and its bands, found from the
// signature: the bands table is keyed by year and key only.
func (fw *findingWriter) removePrint(ctx context.Context, id string) error {
	var year int
	var raw []byte
	err := fw.readPrint.QueryRowContext(ctx, id).Scan(&year, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	sig, err := similar.SignatureFrom(raw)
	if err != nil {
		return fmt.Errorf("report %s: %w", id, err)
	}
	for _, k := range sig.BandKeys() {
		if _, err := fw.delBand.ExecContext(ctx, year, int64(k), id); err != nil {
			return err
		}
	}
	_, err = fw.delPrint.ExecContext(ctx, id)
	return err
}

// printOf cuts an entry's narrative with seg (nil: the shared segmenter)
// and computes its print from the cut; both nil for a report without a
// year, the print nil for one without a counted sentence.
func printOf(seg *segment.Segmenter, e *gongkai.Entry) (*similar.Print, *similar.Doc) {
	if e.Report.Year == 0 {
		return nil, nil
	}
	if seg == nil {
		d, err := similar.New(&e.Report)
		if err != nil {
			return nil, nil
		}
		return similar.PrintOf(d), d
	}
	d := similar.NewWith(seg, &e.Report)
	return similar.PrintOf(d), d
}

// ClosestOther implements index.Findings.ClosestOther.
func (x *Index) ClosestOther(ctx context.Context, year int, body string, p *similar.Print) (*similar.Neighbour, error) {
	if p == nil || year == 0 {
		return nil, nil
	}
	args := []any{year}
	for _, k := range p.Keys {
		args = append(args, int64(k))
	}
	args = append(args, body, similar.MaxCandidates)
	rows, err := x.db.QueryContext(ctx, `SELECT p.id, p.office, p.sig FROM
		(SELECT id, count(*) AS shared FROM bands WHERE year = ? AND key IN (?`+strings.Repeat(`, ?`, similar.Bands-1)+`) GROUP BY id) b
		JOIN prints p ON p.id = b.id WHERE p.body != ? ORDER BY b.shared DESC, b.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("closest report: %w", err)
	}
	defer rows.Close()
	var cands []similar.Candidate
	for rows.Next() {
		var c similar.Candidate
		var raw []byte
		if err := rows.Scan(&c.ID, &c.Office, &raw); err != nil {
			return nil, fmt.Errorf("closest report: %w", err)
		}
		if c.Sig, err = similar.SignatureFrom(raw); err != nil {
			return nil, fmt.Errorf("closest report %s: %w", c.ID, err)
		}
		cands = append(cands, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("closest report: %w", err)
	}
	return similar.Nearest(&p.Sig, year, cands), nil
}

// refresh recomputes the findings across reports: for every body whose
// reports changed its missing years, and the cross-year checks and copied
// narratives of the years next to the changes, from the reports of those
// years and the one before (fw.body); — when the years the reports cover
// changed — the missing years of every body; and the rate outliers of
// every peer scope that changed.
func (fw *findingWriter) refresh(ctx context.Context) error {
	years, err := reportYears(ctx, fw.tx)
	if err != nil {
		return err
	}
	yearSet := map[int]bool{}
	for _, y := range years {
		yearSet[y] = true
	}
	if !slices.Equal(years, fw.years) {
		if err := fw.refreshMissing(ctx, yearSet); err != nil {
			return fmt.Errorf("missing reports: %w", err)
		}
	}
	for _, body := range fw.changes.BodyIDs() {
		// A change in year y touches the comparisons of y and y+1 (the
		// copied narratives' years), which read the reports of y-1 to y+1.
		touched := index.CopiedYears(fw.changes.Bodies[body])
		read := map[int]bool{}
		for _, y := range touched {
			read[y-1], read[y] = true, true
		}
		reports, err := fw.body(ctx, body, read)
		if err != nil {
			return fmt.Errorf("%s: %w", body, err)
		}
		if _, err := fw.tx.ExecContext(ctx, `DELETE FROM findings WHERE body = ? AND kind = ?`, body, gongkai.FindingMissing); err != nil {
			return err
		}
		for _, y := range touched {
			if _, err := fw.tx.ExecContext(ctx, `DELETE FROM findings WHERE body = ? AND kind IN (?, ?) AND year = ?`,
				body, gongkai.FindingCrossYear, gongkai.FindingCopied, y); err != nil {
				return err
			}
		}
		if len(reports) == 0 {
			continue
		}
		var found []gongkai.Finding
		for _, f := range gongkai.BodyFindings(reports, yearSet) {
			// the cross-year checks of years not touched compared reports
			// read without their facts, and stand as they are stored
			if f.Kind == gongkai.FindingMissing || slices.Contains(touched, f.Year) {
				found = append(found, f)
			}
		}
		copied, err := index.CopiedFindings(reports, touched, func(id string) (*gongkai.Entry, error) {
			if e := fw.fresh[id]; e != nil {
				return e, nil
			}
			return fw.narrative(id)
		}, fw.docs)
		if err != nil {
			return err
		}
		for _, f := range append(found, copied...) {
			if err := fw.add(ctx, body, f); err != nil {
				return err
			}
		}
	}
	for _, scope := range fw.changes.Scopes() {
		if _, err := fw.staleRates.ExecContext(ctx, scope.Year, scope.Province); err != nil {
			return fmt.Errorf("rate outliers %d %s: %w", scope.Year, scope.Province, err)
		}
	}
	fw.changes = index.NewChanges()
	fw.years = years
	clear(fw.fresh)
	clear(fw.docs)
	return nil
}

// settle recomputes the rate outliers of every stale scope (stale_rates),
// and leaves none stale. The first statement writes, so a reader settling
// takes the write lock at once rather than fail to upgrade a read.
func (fw *findingWriter) settle(ctx context.Context) error {
	rows, err := fw.tx.QueryContext(ctx, `DELETE FROM stale_rates RETURNING year, province`)
	if err != nil {
		return fmt.Errorf("rate outliers: %w", err)
	}
	var scopes []index.PeerScope
	for rows.Next() {
		var s index.PeerScope
		if err := rows.Scan(&s.Year, &s.Province); err != nil {
			rows.Close()
			return fmt.Errorf("rate outliers: %w", err)
		}
		scopes = append(scopes, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rate outliers: %w", err)
	}
	for _, scope := range scopes {
		if err := fw.refreshRates(ctx, scope); err != nil {
			return fmt.Errorf("rate outliers %d %s: %w", scope.Year, scope.Province, err)
		}
	}
	return nil
}

// Settle recomputes now the rate outliers that puts and deletes left for
// the next read of findings (stale_rates): Findings and EachFinding call
// it first, and a writer may call it at the end of a bulk load, so that
// its first page does not wait for it.
func (x *Index) Settle(ctx context.Context) error {
	x.settling.Lock()
	defer x.settling.Unlock()
	var stale bool
	if err := x.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM stale_rates)`).Scan(&stale); err != nil {
		return fmt.Errorf("rate outliers: %w", err)
	}
	if !stale {
		return nil
	}
	tx, err := x.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rate outliers: %w", err)
	}
	defer tx.Rollback()
	fw, err := newFindingWriter(ctx, tx)
	if err != nil {
		return fmt.Errorf("rate outliers: %w", err)
	}
	defer fw.close()
	if err := fw.settle(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// narrative reads what the copied narratives compare of a stored report:
// who, when and its sections, from what a search shows of it (docs.hit),
// not the whole entry with its facts.
func (fw *findingWriter) narrative(id string) (*gongkai.Entry, error) {
	var raw []byte
	err := fw.tx.QueryRow(`SELECT d.hit FROM reports r JOIN docs d ON d.n = r.n WHERE r.id = ?`, id).Scan(&raw)
	if err != nil {
		return nil, err
	}
	var h hitSource
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, err
	}
	return &gongkai.Entry{ID: h.ID, Region: h.Region, Level: h.Level,
		Report: gongkai.Report{Office: h.Office, Year: h.Year, Template: h.Template, Source: h.Source, Sections: h.Sections}}, nil
}

// body reads the reports of one body that stand for its years (the one
// with the most facts where a year has several, gongkai.Stands): of the
// years in read with their facts — from fw.fresh when put in this
// transaction, else from their rows — and of the others only who, when
// and where, which is all a missing year reads.
func (fw *findingWriter) body(ctx context.Context, body string, read map[int]bool) (map[int]*gongkai.Entry, error) {
	rows, err := fw.tx.QueryContext(ctx, `SELECT r.id, r.office, r.year, r.region, r.level, r.template, coalesce(s.facts, 0)
		FROM reports r LEFT JOIN standing s ON s.id = r.id WHERE r.body = ? AND r.year != 0`, body)
	if err != nil {
		return nil, err
	}
	out := map[int]*gongkai.Entry{}
	facts := map[int]int{}
	for rows.Next() {
		e := &gongkai.Entry{Body: gongkai.Body{ID: body}}
		var n int
		if err := rows.Scan(&e.ID, &e.Report.Office, &e.Report.Year, &e.Region, &e.Level, &e.Report.Template, &n); err != nil {
			rows.Close()
			return nil, err
		}
		y := e.Report.Year
		if have := out[y]; have == nil || n > facts[y] || n == facts[y] && e.ID < have.ID {
			out[y], facts[y] = e, n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for y, e := range out {
		if !read[y] {
			continue
		}
		if whole := fw.fresh[e.ID]; whole != nil {
			out[y] = whole
			continue
		}
		var raw []byte
		if err := fw.tx.QueryRowContext(ctx, `SELECT d.facts FROM reports r JOIN docs d ON d.n = r.n WHERE r.id = ?`, e.ID).Scan(&raw); err != nil {
			return nil, fmt.Errorf("%s: facts: %w", e.ID, err)
		}
		values := map[string]*float64{}
		if err := json.Unmarshal(raw, &values); err != nil {
			return nil, fmt.Errorf("%s: facts: %w", e.ID, err)
		}
		for _, k := range slices.Sorted(maps.Keys(values)) {
			e.Report.Facts = append(e.Report.Facts, gongkai.Fact{Key: k, Value: values[k]})
		}
	}
	return out, nil
}

// refreshRates recomputes the rate outliers of one year and province from
// what the rates table keeps of the reports there, and writes only the
// difference: a put into a large province moves few of its outliers, and
// deleting and inserting all of them again (five indexes a row) was most
// of a put's time as the provinces grew.
func (fw *findingWriter) refreshRates(ctx context.Context, scope index.PeerScope) error {
	// A range of region, not substr(region, 1, 2): with it the index
	// findings_kind narrows to the province, where substr left every rate
	// outlier of the year to scan, once for each province a put touched.
	rows, err := fw.tx.QueryContext(ctx, `SELECT rowid, key, id, body, office, region, level, year, check_id, want, got, detail
		FROM findings WHERE kind = ? AND year = ? AND region >= ? AND region < ?`,
		gongkai.FindingRateOutlier, scope.Year, scope.Province, prefixEnd(scope.Province))
	if err != nil {
		return err
	}
	stored := map[string][]int64{} // rateRow → the rowids holding it
	for rows.Next() {
		var rowid int64
		var f gongkai.Finding
		var key, body string
		var want, got sql.NullFloat64
		if err := rows.Scan(&rowid, &key, &f.ID, &body, &f.Office, &f.Region, &f.Level, &f.Year, &f.Check, &want, &got, &f.Detail); err != nil {
			rows.Close()
			return err
		}
		if want.Valid {
			f.Want = &want.Float64
		}
		if got.Valid {
			f.Got = &got.Float64
		}
		r := rateRow(key, body, f)
		stored[r] = append(stored[r], rowid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	reports, err := peerRates(ctx, fw.tx, scope.Province, scope.Year, scope.Year)
	if err != nil {
		return err
	}
	if err := storeQuartiles(ctx, fw.tx, scope, reports); err != nil {
		return err
	}
	bodies := map[string]string{}
	for _, r := range reports {
		bodies[r.ID] = r.Body
	}
	for _, f := range index.RateFindings(reports) {
		r := rateRow(f.Key(), bodies[f.ID], f)
		if have := stored[r]; len(have) > 0 {
			stored[r] = have[1:]
			continue
		}
		if err := fw.add(ctx, bodies[f.ID], f); err != nil {
			return err
		}
	}
	for _, gone := range stored {
		for _, rowid := range gone {
			if _, err := fw.tx.ExecContext(ctx, `DELETE FROM findings WHERE rowid = ?`, rowid); err != nil {
				return err
			}
		}
	}
	return nil
}

// rateRow is every column of a rate outlier's row of findings but its
// kind, as one string: equal for a finding found again unchanged.
func rateRow(key, body string, f gongkai.Finding) string {
	num := func(v *float64) string {
		if v == nil {
			return "null"
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	return strings.Join([]string{key, f.ID, body, f.Office, f.Region, f.Level, strconv.Itoa(f.Year), f.Check, num(f.Want), num(f.Got), f.Detail}, "\x00")
}

// prefixEnd is the least string above every string that begins with
// prefix (bytes compared, as SQLite compares text): the prefix with its
// last byte below 0xff raised by one, and the bytes after it dropped.
func prefixEnd(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return prefix + strings.Repeat("\xff", 8) // no such region code
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// peerRates reads the rates table of a province in years from to to.
func peerRates(ctx context.Context, q querier, province string, from, to int) ([]index.RateReport, error) {
	rows, err := q.QueryContext(ctx, `SELECT report FROM rates WHERE year BETWEEN ? AND ? AND province = ?`, from, to, province)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var reports []index.RateReport
	for rows.Next() {
		var raw []byte
		var r index.RateReport
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("rates: %w", err)
		}
		reports = append(reports, r)
	}
	return reports, rows.Err()
}

// factsExtract is one json_extract of the keys' values from d.facts, and
// its arguments: one call parses the facts once (a call per key parsed
// them once per key: 0.2 ms a report for the region page's 14). With two
// paths or more it answers a JSON array, so paths that name nothing are
// added after the keys. A key that cannot be written as a path (it holds
// a quote) names no fact. factValues reads its answer.
func factsExtract(keys []string) (string, []any) {
	var paths []string
	var args []any
	for _, key := range keys {
		if strings.ContainsAny(key, `"\`) {
			key = "" // names no fact
		}
		paths, args = append(paths, "?"), append(args, `$."`+key+`"`)
	}
	for len(paths) < 2 || len(paths) == len(keys) {
		paths, args = append(paths, "?"), append(args, `$."gongkai: no such fact"`)
	}
	return `json_extract(d.facts, ` + strings.Join(paths, ", ") + `)`, args
}

// factValues reads the answer of factsExtract for n keys.
func factValues(answer string, n int) ([]*float64, error) {
	var got []*float64
	if err := json.Unmarshal([]byte(answer), &got); err != nil || len(got) < n {
		return nil, fmt.Errorf("facts %q: %v", answer, err)
	}
	return got[:n], nil
}

// PeerRates returns the rates table's reports of a region in years from
// to to: its province's, less those of the province's other regions.
func (x *Index) PeerRates(ctx context.Context, region string, from, to int) ([]index.RateReport, error) {
	if len(region) < 2 {
		return nil, fmt.Errorf("peer rates: 地区代码 %q 不足两位（省级）", region)
	}
	out, err := peerRates(ctx, x.db, region[:2], from, to)
	if err != nil {
		return nil, fmt.Errorf("peer rates: %w", err)
	}
	return slices.DeleteFunc(out, func(r index.RateReport) bool { return !strings.HasPrefix(r.Region, region) }), nil
}

// refreshMissing recomputes the missing years of every body from the
// reports' years alone.
func (fw *findingWriter) refreshMissing(ctx context.Context, years map[int]bool) error {
	if _, err := fw.tx.ExecContext(ctx, `DELETE FROM findings WHERE kind = ?`, gongkai.FindingMissing); err != nil {
		return err
	}
	rows, err := fw.tx.QueryContext(ctx, `SELECT r.body, r.id, r.office, r.year, r.region, r.level, coalesce(s.facts, 0)
		FROM reports r LEFT JOIN standing s ON s.id = r.id WHERE r.year != 0 ORDER BY r.body`)
	if err != nil {
		return err
	}
	type missing struct {
		body string
		f    gongkai.Finding
	}
	var found []missing
	body, reports, facts := "", map[int]*gongkai.Entry{}, map[int]int{}
	flush := func() {
		for _, f := range gongkai.BodyFindings(reports, years) {
			if f.Kind == gongkai.FindingMissing {
				found = append(found, missing{body, f})
			}
		}
	}
	for rows.Next() {
		e := &gongkai.Entry{}
		var n int
		if err := rows.Scan(&e.Body.ID, &e.ID, &e.Report.Office, &e.Report.Year, &e.Region, &e.Level, &n); err != nil {
			rows.Close()
			return err
		}
		if e.Body.ID != body && len(reports) > 0 {
			flush()
			reports, facts = map[int]*gongkai.Entry{}, map[int]int{}
		}
		body = e.Body.ID
		// The report that stands for the year, as gongkai.Stands picks it.
		y := e.Report.Year
		if have := reports[y]; have == nil || n > facts[y] || (n == facts[y] && e.ID < have.ID) {
			reports[y], facts[y] = e, n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(reports) > 0 {
		flush()
	}
	for _, m := range found {
		if err := fw.add(ctx, m.body, m.f); err != nil {
			return err
		}
	}
	return nil
}

// findingWhere is the WHERE clause of a findings query, every value a
// bound parameter; withKind adds the kind.
func findingWhere(q index.FindingQuery, withKind bool) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	f := q.Filter
	// One year is an equality and a region a range of codes, not substr:
	// then findings_place narrows a region's year to its own findings
	// (a region page at 245,000 reports read every finding of the year).
	switch {
	case f.YearFrom > 0 && f.YearFrom == f.YearTo:
		add(`f.year = ?`, f.YearFrom)
	default:
		if f.YearFrom > 0 {
			add(`f.year >= ?`, f.YearFrom)
		}
		if f.YearTo > 0 {
			add(`f.year <= ?`, f.YearTo)
		}
	}
	if f.Region != "" {
		add(`f.region >= ? AND f.region < ?`, f.Region, prefixEnd(f.Region))
	}
	if f.Level != "" {
		add(`f.level = ?`, f.Level)
	}
	if f.Office != "" {
		add(`instr(f.office, ?) > 0`, f.Office)
	}
	if f.Check != "" {
		add(`f.check_id = ?`, f.Check)
	}
	if q.Key != "" {
		add(`f.key = ?`, q.Key)
	}
	switch q.Status {
	case "":
	case index.StatusOpen:
		add(`(v.status IS NULL OR v.status = ?)`, gongkai.ReviewConfirmed)
	case index.StatusUnreviewed:
		add(`v.status IS NULL`)
	default:
		add(`v.status = ?`, q.Status)
	}
	if withKind && q.Kind != "" {
		add(`f.kind = ?`, q.Kind)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const findingColumns = `f.key, f.id, f.kind, f.office, f.region, f.level, f.year, f.check_id, f.want, f.got, f.detail,
	v.status, v.note, v.by, v.at`

// scanFinding reads a row of findingColumns, and then into extra.
func scanFinding(rows *sql.Rows, extra ...any) (index.ReviewedFinding, error) {
	var rf index.ReviewedFinding
	f := &rf.Finding
	var want, got sql.NullFloat64
	var status, note, by, at sql.NullString
	if err := rows.Scan(append([]any{&rf.Key, &f.ID, &f.Kind, &f.Office, &f.Region, &f.Level, &f.Year, &f.Check, &want, &got, &f.Detail,
		&status, &note, &by, &at}, extra...)...); err != nil {
		return rf, err
	}
	if want.Valid {
		f.Want = &want.Float64
	}
	if got.Valid {
		f.Got = &got.Float64
	}
	if status.Valid {
		when, err := time.Parse(time.RFC3339, at.String)
		if err != nil {
			return rf, fmt.Errorf("review %s: %w", rf.Key, err)
		}
		rf.Review = &gongkai.Review{Key: rf.Key, Status: status.String, Note: note.String, By: by.String, At: when}
	}
	return rf, nil
}

// Findings returns a page of the stored findings, with counts by kind.
func (x *Index) Findings(ctx context.Context, q index.FindingQuery) (*index.FindingResults, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if err := x.Settle(ctx); err != nil {
		return nil, err
	}
	join := ""
	if q.Status != "" {
		join = ` LEFT JOIN reviews v ON v.key = f.key`
	}
	cond, args := findingWhere(q, false)
	rows, err := x.db.QueryContext(ctx, `SELECT f.kind, count(*) FROM findings f`+join+cond+` GROUP BY f.kind`, args...)
	if err != nil {
		return nil, fmt.Errorf("findings: %w", err)
	}
	res := &index.FindingResults{Kinds: []index.Count{}, Findings: []index.ReviewedFinding{}}
	for rows.Next() {
		var c index.Count
		if err := rows.Scan(&c.Value, &c.Count); err != nil {
			rows.Close()
			return nil, err
		}
		res.Kinds = append(res.Kinds, c)
		res.All += c.Count
		if q.Kind == "" || q.Kind == c.Value {
			res.Total += c.Count
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("findings: %w", err)
	}
	res.Kinds = index.SortCounts(res.Kinds)
	return res, x.findingPage(ctx, q, res)
}

// EachFinding calls visit for every finding q matches, reading rows as it goes.
func (x *Index) EachFinding(ctx context.Context, q index.FindingQuery, visit func(index.ReviewedFinding) error) error {
	if err := q.Validate(); err != nil {
		return err
	}
	if err := x.Settle(ctx); err != nil {
		return err
	}
	return x.findingRows(ctx, q, findingKeys(q), nil, false, 0, -1, func(f index.ReviewedFinding, _ []any) error { return visit(f) })
}

// Review stores a review, or with Status "" removes the key's review.
func (x *Index) Review(ctx context.Context, r gongkai.Review) error {
	if r.Status == "" {
		if r.Key == "" {
			return errors.New("review: no key")
		}
		_, err := x.db.ExecContext(ctx, `DELETE FROM reviews WHERE key = ?`, r.Key)
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	_, err := x.db.ExecContext(ctx, `INSERT OR REPLACE INTO reviews (key, status, note, by, at) VALUES (?, ?, ?, ?, ?)`,
		r.Key, r.Status, r.Note, r.By, r.At.UTC().Format(time.RFC3339))
	return err
}

// Summaries returns the standing of the reports q matches: the reports row,
// the standing row and the facts asked for, never the whole entry.
func (x *Index) Summaries(ctx context.Context, q index.SummaryQuery) ([]index.Summary, error) {
	conds, args := reportConds(q.Office, q.Region, q.YearFrom, q.YearTo)
	extract, pathArgs := factsExtract(q.Keys)
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	limit := q.Limit
	if limit <= 0 || limit > index.MaxSummaries {
		limit = index.MaxSummaries
	}
	// The page is chosen from the reports rows alone, so that only its
	// rows' facts are read (SQLite computes the columns before it sorts).
	query := `SELECT r.id, r.office, r.region, r.level, r.year, r.template, r.failed, coalesce(s.published, ''), coalesce(s.facts, 0), ` +
		extract + fmt.Sprintf(` FROM (SELECT r.* FROM reports r%s ORDER BY r.office, r.year, r.id LIMIT %d OFFSET %d) r
		JOIN docs d ON d.n = r.n LEFT JOIN standing s ON s.id = r.id ORDER BY r.office, r.year, r.id`, where, limit, max(q.Offset, 0))
	rows, err := x.db.QueryContext(ctx, query, append(pathArgs, args...)...)
	if err != nil {
		return nil, fmt.Errorf("summaries: %w", err)
	}
	defer rows.Close()
	out := []index.Summary{}
	for rows.Next() {
		var s index.Summary
		var failed, values string
		if err := rows.Scan(&s.ID, &s.Office, &s.Region, &s.Level, &s.Year, &s.Template, &failed, &s.Published, &s.Facts, &values); err != nil {
			return nil, fmt.Errorf("summaries: %w", err)
		}
		if failed != "" {
			s.Failed = strings.Count(failed, sep) + 1
		}
		got, err := factValues(values, len(q.Keys))
		if err != nil {
			return nil, fmt.Errorf("summaries: %s: %w", s.ID, err)
		}
		s.Values = make(map[string]*float64, len(q.Keys))
		for i, k := range q.Keys {
			s.Values[k] = got[i]
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
