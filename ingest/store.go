package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"github.com/gongkai/gongkai/internal/atomicfile"
)

// Document kinds. Listing pages are stored too (their bytes let a rerun
// rediscover links after a 304) but Store.Documents leaves them out.
const (
	KindListing    = "listing"
	KindReport     = "report"     // an HTML report page
	KindAttachment = "attachment" // a PDF, DOC, DOCX, WPS, OFD or XLSX file
	KindImage      = "image"      // an image inside a report page (a scanned table, for OCR); Store.Images lists them
)

// Document is the latest stored version of one report page or attachment:
// what the indexer reads, with where it came from.
type Document struct {
	URL, FinalURL string    // URL as discovered; FinalURL after redirects
	Site          Site      // Name, Region and Level only
	Kind          string    // KindReport or KindAttachment
	SHA256        string    // of the bytes; Store.Read returns them
	ContentType   string    // as the server sent it
	Fetched       time.Time // when these bytes were first fetched
	Title         string    // from the listing or the page's meta tags, "" when unknown
	Published     string    // YYYY-MM-DD from the listing, meta tags or 发布日期 line, "" when unknown
	Versions      int       // how many distinct versions were stored (>1: edited after publication)
}

// Version is one stored version of a URL's content.
type Version struct {
	Seq         int // 1 for the first version
	SHA256      string
	Fetched     time.Time
	ContentType string
	Title       string
	Published   string
}

// Store is the raw store under a data directory: bytes content-addressed by
// sha256 in DIR/raw/ab/abcdef…, and per-URL metadata with every version in the
// SQLite database DIR/state.db. Readers (the indexer) and one crawler may use
// a directory at the same time.
type Store struct {
	dir string
	db  *sql.DB
}

// Outcomes of fetching one URL, as recorded in urls.outcome.
const (
	outcomeNew         = "new"
	outcomeChanged     = "changed"
	outcomeUnchanged   = "unchanged"
	outcomeVanished    = "vanished"
	outcomeFailed      = "failed"
	outcomeUnreachable = "unreachable" // failed: the host did not answer at all (name unknown, connection refused)
	outcomeDisallowed  = "robots"
)

const schema = `
CREATE TABLE IF NOT EXISTS runs (
	id       INTEGER PRIMARY KEY,
	started  TEXT NOT NULL,
	finished TEXT NOT NULL DEFAULT ''
);
-- One row per URL: what the last attempt found. sha256 is the latest stored
-- version and survives failures and disappearance (404/410 set outcome vanished).
CREATE TABLE IF NOT EXISTS urls (
	url           TEXT PRIMARY KEY,
	site          TEXT NOT NULL,
	region        TEXT NOT NULL DEFAULT '',
	level         TEXT NOT NULL DEFAULT '',
	kind          TEXT NOT NULL,
	final_url     TEXT NOT NULL DEFAULT '',
	status        INTEGER NOT NULL DEFAULT 0,
	outcome       TEXT NOT NULL,
	fetched       TEXT NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	content_type  TEXT NOT NULL DEFAULT '',
	charset       TEXT NOT NULL DEFAULT '',
	sha256        TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL DEFAULT '',
	published     TEXT NOT NULL DEFAULT '',
	error         TEXT NOT NULL DEFAULT '',
	tries         INTEGER NOT NULL DEFAULT 0,
	run           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS urls_run ON urls(run);
-- the page a stored copy is of, for the crop of a picture it prints (pictures.go)
CREATE INDEX IF NOT EXISTS urls_sha256 ON urls(sha256);
-- The images each report page shows, by URL (their content is in urls and versions).
CREATE TABLE IF NOT EXISTS page_images (
	page  TEXT NOT NULL,
	image TEXT NOT NULL,
	seq   INTEGER NOT NULL, -- the image's place on the page, from 1
	PRIMARY KEY (page, image)
);
-- Every distinct content a URL has had, oldest first.
CREATE TABLE IF NOT EXISTS versions (
	url          TEXT NOT NULL REFERENCES urls(url),
	seq          INTEGER NOT NULL,
	sha256       TEXT NOT NULL,
	fetched      TEXT NOT NULL,
	content_type TEXT NOT NULL DEFAULT '',
	charset      TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL DEFAULT '',
	published    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (url, seq)
);
`

// OpenStore opens (creating when needed) the store in dir.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dir, "raw"), 0o755); err != nil {
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	// WAL lets readers work while the crawler writes; synchronous(FULL) makes
	// every committed transaction durable, not only consistent.
	dsn := "file:" + filepath.Join(dir, "state.db") +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	// One connection serialises this process's writes; other processes wait on busy_timeout.
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema + bodiesSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: create schema: %w", dir, err)
	}
	return &Store{dir: dir, db: db}, nil
}

// Close closes the state database.
func (s *Store) Close() error { return s.db.Close() }

// Documents returns the latest stored version of every report page and
// attachment (never listing pages), including those that have since vanished
// or failed: their bytes are kept. Ordered by URL.
func (s *Store) Documents(ctx context.Context) ([]Document, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT u.url, u.final_url, u.site, u.region, u.level, u.kind, u.sha256,
		       v.content_type, v.fetched, v.title, v.published, v.seq
		FROM urls u JOIN versions v ON v.url = u.url
		WHERE u.kind IN (?, ?) AND u.sha256 != ''
		  AND v.seq = (SELECT max(seq) FROM versions WHERE url = u.url)
		ORDER BY u.url`, KindReport, KindAttachment)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	docs, err := scanDocuments(rows)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return docs, nil
}

// scanDocuments reads rows of (url, final_url, site, region, level, kind,
// sha256, content_type, fetched, title, published, seq) and closes them.
func scanDocuments(rows *sql.Rows) ([]Document, error) {
	defer rows.Close()
	var docs []Document
	for rows.Next() {
		var d Document
		var fetched string
		if err := rows.Scan(&d.URL, &d.FinalURL, &d.Site.Name, &d.Site.Region, &d.Site.Level, &d.Kind,
			&d.SHA256, &d.ContentType, &fetched, &d.Title, &d.Published, &d.Versions); err != nil {
			return nil, err
		}
		d.Fetched, _ = time.Parse(time.RFC3339Nano, fetched)
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

// Versions returns every stored version of url, oldest first.
func (s *Store) Versions(ctx context.Context, url string) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, sha256, fetched, content_type, title, published
		FROM versions WHERE url = ? ORDER BY seq`, url)
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", url, err)
	}
	defer rows.Close()
	var vs []Version
	for rows.Next() {
		var v Version
		var fetched string
		if err := rows.Scan(&v.Seq, &v.SHA256, &fetched, &v.ContentType, &v.Title, &v.Published); err != nil {
			return nil, fmt.Errorf("versions of %s: %w", url, err)
		}
		v.Fetched, _ = time.Parse(time.RFC3339Nano, fetched)
		vs = append(vs, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("versions of %s: %w", url, err)
	}
	return vs, nil
}

// Read returns the raw bytes stored under a sha256 (64 lowercase hex
// characters). The path comes from the hash alone, and the bytes are checked
// against it, so a damaged file is an error, never wrong content.
func (s *Store) Read(sum string) ([]byte, error) {
	if !validHash(sum) {
		return nil, fmt.Errorf("read: %q is not a sha256 (64 lowercase hex characters)", sum)
	}
	data, err := os.ReadFile(s.blobPath(sum))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", sum, err)
	}
	if got := hashOf(data); got != sum {
		return nil, fmt.Errorf("read %s: stored bytes hash to %s: file damaged", sum, got)
	}
	return data, nil
}

func validHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func (s *Store) blobPath(sum string) string {
	return filepath.Join(s.dir, "raw", sum[:2], sum)
}

// putBlob stores data under its hash and returns the hash. The bytes go to a
// temporary file in DIR/tmp, are synced, then renamed into place and the
// directory synced: a file under its final name is always complete.
func (s *Store) putBlob(data []byte) (string, error) {
	sum := hashOf(data)
	final := s.blobPath(sum)
	if _, err := os.Stat(final); err == nil {
		return sum, nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", fmt.Errorf("store %s: %w", sum, err)
	}
	if err := atomicfile.Write(final, filepath.Join(s.dir, "tmp"), "blob-*", data); err != nil {
		return "", fmt.Errorf("store %s: %w", sum, err)
	}
	return sum, nil
}

// cleanTemp removes temporary files a killed crawler left behind. Only the
// crawler holding the directory lock calls it.
func (s *Store) cleanTemp() error {
	entries, err := os.ReadDir(filepath.Join(s.dir, "tmp"))
	if err != nil {
		return fmt.Errorf("clean temporary files: %w", err)
	}
	for _, e := range entries {
		if err := os.Remove(filepath.Join(s.dir, "tmp", e.Name())); err != nil {
			return fmt.Errorf("clean temporary files: %w", err)
		}
	}
	return nil
}

// urlState is what the store knows about a URL before fetching it again.
type urlState struct {
	etag, lastModified string
	sha256             string
	contentType        string
	charset            string
	title, published   string
	kind               string
	outcome            string
	run                int64
}

// state returns the stored state of url; ok is false for a URL never seen.
func (s *Store) state(ctx context.Context, url string) (st urlState, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT etag, last_modified, sha256, content_type, charset, title, published, kind, outcome, run
		FROM urls WHERE url = ?`, url).Scan(&st.etag, &st.lastModified, &st.sha256, &st.contentType, &st.charset,
		&st.title, &st.published, &st.kind, &st.outcome, &st.run)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("state of %s: %w", url, err)
	}
	return st, true, nil
}

// fetchRecord is the result of one attempt at a URL, ready to be recorded.
type fetchRecord struct {
	url, finalURL      string
	site               *Site
	kind               string
	status             int
	fetched            time.Time
	etag, lastModified string
	contentType        string
	charset            string
	body               []byte // nil unless the attempt returned content (status 200)
	err                string // why the attempt failed; with a body, why the page could not be read (the bytes are kept)
	title, published   string
	tries              int
	run                int64
	vanished           bool // 404 or 410
	unreachable        bool // with err: the host could not be reached at all
}

// record stores an attempt: the body (if any) in the raw store first, then in
// one transaction the URL's row and, when the content is new, a version. It
// returns the outcome. A kill between the two steps leaves at most an
// unreferenced blob, which the rerun's identical fetch reuses.
func (s *Store) record(ctx context.Context, r fetchRecord) (string, error) {
	sum := ""
	if r.body != nil {
		var err error
		if sum, err = s.putBlob(r.body); err != nil {
			return "", err
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("record %s: %w", r.url, err)
	}
	defer tx.Rollback()
	var prev string
	var seq int
	err = tx.QueryRowContext(ctx, `SELECT sha256, seq FROM versions WHERE url = ? ORDER BY seq DESC LIMIT 1`, r.url).Scan(&prev, &seq)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("record %s: %w", r.url, err)
	}
	fetched := r.fetched.UTC().Format(time.RFC3339Nano)
	outcome := outcomeUnchanged
	switch {
	case r.err != "" && r.body == nil && r.unreachable:
		outcome = outcomeUnreachable
	case r.err != "" && r.body == nil:
		outcome = outcomeFailed
	case r.vanished:
		outcome = outcomeVanished
	case sum != "" && prev == "":
		outcome = outcomeNew
	case sum != "" && sum != prev:
		outcome = outcomeChanged
	}
	if outcome == outcomeNew || outcome == outcomeChanged {
		_, err = tx.ExecContext(ctx, `INSERT INTO urls (url, site, kind, outcome, fetched) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT(url) DO NOTHING`, r.url, r.site.Name, r.kind, outcome, fetched)
		if err == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO versions (url, seq, sha256, fetched, content_type, charset, title, published)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.url, seq+1, sum, fetched, r.contentType, r.charset, r.title, r.published)
		}
		if err != nil {
			return "", fmt.Errorf("record %s: %w", r.url, err)
		}
	}
	if sum == "" {
		sum = prev
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO urls (url, site, region, level, kind, final_url, status, outcome, fetched,
			etag, last_modified, content_type, charset, sha256, title, published, error, tries, run)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(url) DO UPDATE SET site = excluded.site, region = excluded.region, level = excluded.level,
			kind = excluded.kind, final_url = CASE WHEN excluded.final_url != '' THEN excluded.final_url ELSE final_url END,
			status = excluded.status, outcome = excluded.outcome, fetched = excluded.fetched,
			etag = CASE WHEN excluded.etag != '' OR excluded.status = 200 THEN excluded.etag ELSE etag END,
			last_modified = CASE WHEN excluded.last_modified != '' OR excluded.status = 200 THEN excluded.last_modified ELSE last_modified END,
			content_type = CASE WHEN excluded.content_type != '' THEN excluded.content_type ELSE content_type END,
			charset = CASE WHEN excluded.charset != '' THEN excluded.charset ELSE charset END,
			sha256 = excluded.sha256,
			title = CASE WHEN excluded.title != '' THEN excluded.title ELSE title END,
			published = CASE WHEN excluded.published != '' THEN excluded.published ELSE published END,
			error = excluded.error, tries = excluded.tries, run = excluded.run`,
		r.url, r.site.Name, r.site.Region, r.site.Level, r.kind, r.finalURL, r.status, outcome, fetched,
		r.etag, r.lastModified, r.contentType, r.charset, sum, r.title, r.published, r.err, r.tries, r.run)
	if err != nil {
		return "", fmt.Errorf("record %s: %w", r.url, err)
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("record %s: %w", r.url, err)
	}
	return outcome, nil
}

// recordDisallowed notes that robots.txt forbids url, keeping anything
// stored for it earlier.
func (s *Store) recordDisallowed(ctx context.Context, site *Site, url, kind string, run int64, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO urls (url, site, region, level, kind, outcome, fetched, error, run)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'disallowed by robots.txt', ?)
		ON CONFLICT(url) DO UPDATE SET outcome = excluded.outcome, fetched = excluded.fetched,
			error = excluded.error, run = excluded.run`,
		url, site.Name, site.Region, site.Level, kind, outcomeDisallowed, now.UTC().Format(time.RFC3339Nano), run)
	if err != nil {
		return fmt.Errorf("record %s: %w", url, err)
	}
	return nil
}

// beginRun starts a run, or resumes the latest one when it was interrupted
// (never finished) less than resumeWithin ago. URLs a resumed run already
// completed are not fetched again.
func (s *Store) beginRun(ctx context.Context, now time.Time, resumeWithin time.Duration) (id int64, resumed bool, err error) {
	var started, finished string
	err = s.db.QueryRowContext(ctx, `SELECT id, started, finished FROM runs ORDER BY id DESC LIMIT 1`).Scan(&id, &started, &finished)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("begin run: %w", err)
	}
	if err == nil && finished == "" {
		if t, perr := time.Parse(time.RFC3339Nano, started); perr == nil && now.Sub(t) < resumeWithin {
			return id, true, nil
		}
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO runs (started) VALUES (?)`, now.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, false, fmt.Errorf("begin run: %w", err)
	}
	id, err = res.LastInsertId()
	if err != nil {
		return 0, false, fmt.Errorf("begin run: %w", err)
	}
	return id, false, nil
}

// finishRun marks a run complete and returns what it did to each URL.
func (s *Store) finishRun(ctx context.Context, id int64, now time.Time) (Summary, error) {
	var sum Summary
	rows, err := s.db.QueryContext(ctx, `SELECT kind, outcome, count(*) FROM urls WHERE run = ? GROUP BY kind, outcome`, id)
	if err != nil {
		return sum, fmt.Errorf("finish run: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, outcome string
		var n int
		if err := rows.Scan(&kind, &outcome, &n); err != nil {
			return sum, fmt.Errorf("finish run: %w", err)
		}
		sum.add(kind, outcome, n)
	}
	if err := rows.Err(); err != nil {
		return sum, fmt.Errorf("finish run: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE runs SET finished = ? WHERE id = ?`, now.UTC().Format(time.RFC3339Nano), id); err != nil {
		return sum, fmt.Errorf("finish run: %w", err)
	}
	return sum, nil
}

// siteDocuments counts the report pages and attachments stored for a site.
func (s *Store) siteDocuments(ctx context.Context, site string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM urls WHERE site = ? AND kind IN (?, ?) AND sha256 != ''`, site, KindReport, KindAttachment).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("documents of %s: %w", site, err)
	}
	return n, nil
}

// linkImages records the images a report page shows, in page order.
func (s *Store) linkImages(ctx context.Context, page string, images []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("images of %s: %w", page, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM page_images WHERE page = ?`, page); err != nil {
		return fmt.Errorf("images of %s: %w", page, err)
	}
	for i, img := range images {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO page_images (page, image, seq) VALUES (?, ?, ?)`, page, img, i+1); err != nil {
			return fmt.Errorf("images of %s: %w", page, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("images of %s: %w", page, err)
	}
	return nil
}

// Images returns the stored images a report page shows, in page order: what
// OCR reads when the page's tables are pictures. Images not (yet) fetched
// are left out.
func (s *Store) Images(ctx context.Context, page string) ([]Document, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT u.url, u.final_url, u.site, u.region, u.level, u.kind, u.sha256,
		       v.content_type, v.fetched, v.title, v.published, v.seq
		FROM page_images p JOIN urls u ON u.url = p.image JOIN versions v ON v.url = u.url
		WHERE p.page = ? AND u.kind = ? AND u.sha256 != ''
		  AND v.seq = (SELECT max(seq) FROM versions WHERE url = u.url)
		ORDER BY p.seq`, page, KindImage)
	if err != nil {
		return nil, fmt.Errorf("images of %s: %w", page, err)
	}
	docs, err := scanDocuments(rows)
	if err != nil {
		return nil, fmt.Errorf("images of %s: %w", page, err)
	}
	return docs, nil
}
