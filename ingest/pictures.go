package ingest

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
)

// PagePicture returns the stored picture that the report page stored as
// pageSHA prints as src (its source as the page names it, resolved against
// the page's address as the indexer resolves it for OCR). Only pictures
// stored with that page are answered, so that what a reader asks for never
// becomes a fetch or a path; anything else is fs.ErrNotExist.
func (s *Store) PagePicture(ctx context.Context, pageSHA, src string) ([]byte, error) {
	notStored := fmt.Errorf("picture %q of page %s: %w", src, pageSHA, fs.ErrNotExist)
	ref, err := url.Parse(src)
	if !validHash(pageSHA) || err != nil {
		return nil, notStored
	}
	rows, err := s.db.QueryContext(ctx, `SELECT url FROM urls WHERE sha256 = ? AND kind = ?`, pageSHA, KindReport)
	if err != nil {
		return nil, fmt.Errorf("pages stored as %s: %w", pageSHA, err)
	}
	var pages []string
	for rows.Next() {
		var page string
		if err := rows.Scan(&page); err != nil {
			rows.Close()
			return nil, fmt.Errorf("pages stored as %s: %w", pageSHA, err)
		}
		pages = append(pages, page)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pages stored as %s: %w", pageSHA, err)
	}
	for _, page := range pages {
		base, err := url.Parse(page)
		if err != nil {
			continue
		}
		want := base.ResolveReference(ref).String()
		pictures, err := s.Images(ctx, page)
		if err != nil {
			return nil, err
		}
		for _, p := range pictures {
			if p.URL == want {
				return s.Read(p.SHA256)
			}
		}
	}
	return nil, notStored
}
