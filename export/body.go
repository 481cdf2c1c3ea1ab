package export

import (
	"context"
	"slices"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// BodyEntries returns every entry of the body that published under office,
// under any of its names (the alias table the index was told of), and the
// body. An office no entry carries gives no entries and a body of that
// name alone.
func BodyEntries(ctx context.Context, idx index.Index, office string) ([]gongkai.Entry, gongkai.Body, error) {
	body := gongkai.Body{ID: gongkai.BodyID(office), Name: office}
	var out []gongkai.Entry
	seen := map[string]bool{}
	names := []string{office}
	for i := 0; i < len(names); i++ {
		all, err := All(ctx, idx, index.Filter{Office: names[i]})
		if err != nil {
			return nil, body, err
		}
		for _, e := range all {
			if e.Report.Office != names[i] || seen[e.ID] {
				continue
			}
			if i == 0 && len(out) == 0 && e.Body.ID != "" {
				body = e.Body
				for _, n := range body.Names() {
					if !slices.Contains(names, n) {
						names = append(names, n)
					}
				}
			}
			if e.BodyID() != body.ID {
				continue
			}
			seen[e.ID] = true
			out = append(out, e)
		}
	}
	return out, body, nil
}
