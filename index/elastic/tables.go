package elastic

import (
	"context"
	"errors"
	"fmt"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// tablePage is how many entries one request of EachTable reads.
const tablePage = 500

// tableSource is index.TableFields within a stored document.
var tableSource = func() []string {
	out := make([]string, len(index.TableFields))
	for i, f := range index.TableFields {
		out[i] = "entry." + f
	}
	return out
}()

// EachTable visits the entries f keeps in the order of Search, reading of
// each stored document only what index.TableFields name: one search a
// page, not a search for the ids and an _mget of whole entries, so the
// node reads each document's source once and sends a third of its entry.
func (x *Index) EachTable(ctx context.Context, f index.Filter, visit func(*gongkai.Entry) error) error {
	query := map[string]any{"bool": map[string]any{"filter": filters(f, nil)}}
	err := x.eachPage(ctx, query, tableSource, tablePage, func(h hit) error {
		if h.Source.Entry == nil {
			return errors.New("a stored document without its entry")
		}
		return visit(h.Source.Entry)
	})
	if err != nil {
		return fmt.Errorf("tables: %w", err)
	}
	return nil
}
