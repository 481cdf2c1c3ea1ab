package export

import (
	"context"
	"maps"
	"slices"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// BodyEntries returns every entry of the body that published under office,
// under any of its names (the alias table the index was told of), and the
// body. An office no entry carries gives no entries and a body of that
// name alone.
func BodyEntries(ctx context.Context, idx index.Index, office string) ([]gongkai.Entry, gongkai.Body, error) {
	// The office filter keeps every name that holds this one: only the
	// entries of this very name are read.
	named := func(name string) ([]gongkai.Entry, error) {
		var out []gongkai.Entry
		err := eachOf(ctx, idx, index.Filter{Office: name}, pageSize, func(h index.Hit) bool { return h.Office == name }, func(e *gongkai.Entry) error {
			if e.Report.Office == name {
				out = append(out, *e)
			}
			return nil
		})
		return out, err
	}
	first, err := named(office)
	if err != nil {
		return nil, gongkai.Body{}, err
	}
	body := gongkai.Body{ID: gongkai.BodyID(office), Name: office}
	for _, e := range first {
		if e.Body.ID != "" {
			body = e.Body
			break
		}
	}
	var out []gongkai.Entry
	keep := func(entries []gongkai.Entry) {
		for _, e := range entries {
			if e.BodyID() == body.ID {
				out = append(out, e)
			}
		}
	}
	keep(first)
	for _, name := range body.Names() {
		if name == office {
			continue
		}
		more, err := named(name)
		if err != nil {
			return nil, body, err
		}
		keep(more)
	}
	return out, body, nil
}

// BodyYears returns, of the body that published under office, the entry
// that stands for each year (gongkai.Stands: most facts, then least id)
// under any of its names, and the body: what BodyEntries gives, picked by
// year, but reading the reports' summaries first and whole entries only
// for the ones picked, so that a body with many reports a year costs a
// few entries, not all of them. The body is that of the entry standing for
// office's latest year. An office no entry carries gives no years.
func BodyYears(ctx context.Context, idx index.Index, office string) (map[int]*gongkai.Entry, gongkai.Body, error) {
	body := gongkai.Body{ID: gongkai.BodyID(office), Name: office}
	first, err := idx.Summaries(ctx, index.SummaryQuery{Office: office})
	if err != nil {
		return nil, body, err
	}
	if len(first) == 0 {
		return map[int]*gongkai.Entry{}, body, nil
	}
	latest := byStanding(first)
	years := slices.Sorted(maps.Keys(latest))
	e, err := idx.Get(ctx, latest[years[len(years)-1]][0].ID)
	if err != nil {
		return nil, body, err
	}
	if e.Body.ID != "" {
		body = e.Body
	}
	all := first
	for _, name := range body.Names() {
		if name == office {
			continue
		}
		more, err := idx.Summaries(ctx, index.SummaryQuery{Office: name})
		if err != nil {
			return nil, body, err
		}
		all = append(all, more...)
	}
	out := map[int]*gongkai.Entry{}
	for y, candidates := range byStanding(all) {
		for _, c := range candidates {
			e, err := idx.Get(ctx, c.ID)
			if err != nil {
				return nil, body, err
			}
			if e.BodyID() == body.ID {
				out[y] = e
				break
			}
		}
	}
	return out, body, nil
}

// byStanding groups summaries by year, each year's in the order
// gongkai.Stands puts them: most facts first, then least id.
func byStanding(summaries []index.Summary) map[int][]index.Summary {
	out := map[int][]index.Summary{}
	for _, s := range summaries {
		if s.Year != 0 {
			out[s.Year] = append(out[s.Year], s)
		}
	}
	for _, list := range out {
		slices.SortFunc(list, func(a, b index.Summary) int {
			if a.Facts != b.Facts {
				return b.Facts - a.Facts
			}
			return strings.Compare(a.ID, b.ID)
		})
	}
	return out
}
