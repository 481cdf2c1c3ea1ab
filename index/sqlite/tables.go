package sqlite

import (
	"context"
	"fmt"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// tablePage is how many hits a search of EachTable asks for at a time.
const tablePage = 500

// tableEntry is what index.TableFields keep of a stored entry: decoding
// into it skips the rest (text, facts' provenance, checks' workings)
// without making a string or a value of it.
type tableEntry struct {
	ID     string       `json:"id"`
	Region string       `json:"region"`
	Level  string       `json:"level"`
	URL    string       `json:"url"`
	Body   gongkai.Body `json:"body"`
	Report struct {
		Office    string  `json:"office"`
		Year      int     `json:"year"`
		Template  string  `json:"template"`
		Published string  `json:"published"`
		Signed    *string `json:"signed"`
		Facts     []struct {
			Key   string   `json:"key"`
			Value *float64 `json:"value"`
		} `json:"facts"`
		Checks []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"checks"`
	} `json:"report"`
}

// entry is the table's part of an entry as a gongkai.Entry.
func (t *tableEntry) entry() gongkai.Entry {
	r := gongkai.Report{Office: t.Report.Office, Year: t.Report.Year, Template: t.Report.Template,
		Published: t.Report.Published, Signed: t.Report.Signed}
	if t.Report.Facts != nil {
		r.Facts = make([]gongkai.Fact, len(t.Report.Facts))
		for i, f := range t.Report.Facts {
			r.Facts[i] = gongkai.Fact{Key: f.Key, Value: f.Value}
		}
	}
	if t.Report.Checks != nil {
		r.Checks = make([]gongkai.Check, len(t.Report.Checks))
		for i, c := range t.Report.Checks {
			r.Checks[i] = gongkai.Check{ID: c.ID, Status: c.Status}
		}
	}
	return gongkai.Entry{ID: t.ID, Region: t.Region, Level: t.Level, URL: t.URL, Body: t.Body, Report: r}
}

// EachTable visits the entries f keeps in the order of Search, each
// decoded into only what index.TableFields name: decoding whole entries
// was most of a region's workbook, which takes a seventh less processor
// time so (at 100,000 reports).
func (x *Index) EachTable(ctx context.Context, f index.Filter, visit func(*gongkai.Entry) error) error {
	q := index.Query{Filter: f, Limit: tablePage}
	for {
		res, err := x.Search(ctx, q)
		if err != nil {
			return fmt.Errorf("tables: %w", err)
		}
		for _, h := range res.Hits {
			var raw []byte
			if err := x.db.QueryRowContext(ctx, `SELECT d.entry FROM reports r JOIN docs d ON d.n = r.n WHERE r.id = ?`, h.ID).Scan(&raw); err != nil {
				return fmt.Errorf("tables: %s: %w", h.ID, err)
			}
			var t tableEntry
			if err := decodeStored(raw, &t); err != nil {
				return fmt.Errorf("tables: %s: %w", h.ID, err)
			}
			e := t.entry()
			if err := visit(&e); err != nil {
				return err
			}
		}
		if len(res.Hits) == 0 || res.Next == "" {
			return nil
		}
		q.After = res.Next
	}
}
