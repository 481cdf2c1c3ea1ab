package export

import (
	"context"

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
		err := eachOf(ctx, idx, index.Filter{Office: name}, func(h index.Hit) bool { return h.Office == name }, func(e *gongkai.Entry) error {
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
