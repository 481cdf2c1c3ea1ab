package ingest

import (
	"context"
	"encoding/json"
	"fmt"

	gongkai "github.com/gongkai/gongkai"
)

// bodiesSchema keeps the alias table of the sources files crawled into the
// store (Site.ID, Site.Aliases), so that indexing — which reads the store,
// not the sources file — files a renamed body's reports under one id.
const bodiesSchema = `
CREATE TABLE IF NOT EXISTS bodies (
	name TEXT PRIMARY KEY, -- the site's name
	body TEXT NOT NULL     -- gongkai.Body as JSON
);
`

// SaveBodies records the sites' bodies, replacing what an earlier crawl
// recorded under the same names, and forgets a body of an earlier crawl
// whose name a site now lists as an alias: that site was renamed, and its
// old row would give the name a second id.
func (s *Store) SaveBodies(ctx context.Context, sites []Site) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save bodies: %w", err)
	}
	defer tx.Rollback()
	current := map[string]bool{}
	for i := range sites {
		current[sites[i].Name] = true
	}
	for i := range sites {
		b := sites[i].Body()
		data, err := json.Marshal(b)
		if err != nil {
			return fmt.Errorf("save bodies: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bodies (name, body) VALUES (?, ?)
			ON CONFLICT(name) DO UPDATE SET body = excluded.body`, b.Name, string(data)); err != nil {
			return fmt.Errorf("save bodies: %w", err)
		}
		for _, a := range b.Aliases {
			if current[a.Name] {
				continue // a site of its own in this file, with the same id (ParseSources checked)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM bodies WHERE name = ?`, a.Name); err != nil {
				return fmt.Errorf("save bodies: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save bodies: %w", err)
	}
	return nil
}

// Bodies returns the alias table the store holds, as a directory.
func (s *Store) Bodies(ctx context.Context) (*gongkai.BodyDirectory, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT body FROM bodies ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("bodies: %w", err)
	}
	defer rows.Close()
	var bodies []gongkai.Body
	for rows.Next() {
		var data string
		var b gongkai.Body
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("bodies: %w", err)
		}
		if err := json.Unmarshal([]byte(data), &b); err != nil {
			return nil, fmt.Errorf("bodies: %s: %w", data, err)
		}
		bodies = append(bodies, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bodies: %w", err)
	}
	d, err := gongkai.NewBodyDirectory(bodies)
	if err != nil {
		return nil, fmt.Errorf("bodies in the store: %w", err)
	}
	return d, nil
}
