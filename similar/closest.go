package similar

import (
	gongkai "github.com/gongkai/gongkai"
)

// Neighbour is the closest report of another body in the same year.
type Neighbour struct {
	ID      string  `json:"id"`
	Office  string  `json:"office"`
	Year    int     `json:"year"`
	Jaccard float64 `json:"jaccard"` // estimated from the signatures
}

// ClosestOthers finds, for each entry with a year, the closest report of
// another body (by body id) in the same year (Closest, by MinHash and LSH); entries
// without one are left out of the map, which is keyed by entry ID. Only the
// signatures (1 KB a report) are kept across a year's reports; Compare the
// pair's narratives for the sentences one repeats of the other.
func ClosestOthers(entries []gongkai.Entry) (map[string]Neighbour, error) {
	byYear := map[int][]*gongkai.Entry{}
	for i := range entries {
		if y := entries[i].Report.Year; y != 0 {
			byYear[y] = append(byYear[y], &entries[i])
		}
	}
	out := map[string]Neighbour{}
	for year, es := range byYear {
		items := make([]Item, len(es))
		for i, e := range es {
			d, err := New(&e.Report)
			if err != nil {
				return nil, err
			}
			items[i] = Item{ID: e.ID, Body: e.BodyID(), Sig: d.Signature(), Empty: len(d.Sentences) == 0}
		}
		for i, m := range Closest(items) {
			if m.Other >= 0 {
				other := es[m.Other]
				out[es[i].ID] = Neighbour{ID: other.ID, Office: other.Report.Office, Year: year, Jaccard: m.Jaccard}
			}
		}
	}
	return out, nil
}
