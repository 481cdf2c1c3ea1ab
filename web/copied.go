package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"sync"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/similar"
)

// copiedView is how much of a report's narrative repeats the same body's
// report of the year before, with the repeated sentences beside the ones
// they repeat.
type copiedView struct {
	similar.Comparison
	Percent   int
	Finding   bool // at or above similar.Threshold: a finding, 与上年雷同
	Threshold int  // in percent
	PrevYear  int
}

// copiedFrom compares e's narrative with prev's.
func copiedFrom(prev, e *gongkai.Entry) (*copiedView, error) {
	f, c, err := similar.Copied(prev, e)
	if err != nil {
		return nil, err
	}
	return &copiedView{Comparison: c, Percent: c.Percent(), Finding: f != nil,
		Threshold: int(similar.Threshold * 100), PrevYear: prev.Report.Year}, nil
}

// neighbours keeps similar.ClosestOthers of each year between requests,
// with a fingerprint of the whole index (every entry's ID and stored
// document hash) taken when it was computed: a reindex or a run in between
// changes it, and the year is computed again. The fingerprint reads every
// ID, 2 s of Elasticsearch's processor time at 14,000 reports, so it is
// taken again at most once every recheckNeighbours, not on every request:
// a change shows on the report pages within that time.
type neighbours struct {
	mu      sync.Mutex
	years   map[int]yearNeighbours
	latest  [sha256.Size]byte // the index's fingerprint when last taken
	checked time.Time         // when it was taken; zero before the first
}

// recheckNeighbours is how long a fingerprint of the index stands.
const recheckNeighbours = time.Minute

type yearNeighbours struct {
	fingerprint [sha256.Size]byte
	byID        map[string]similar.Neighbour
}

// fingerprint hashes the index's IDs and document hashes in ID order.
func fingerprint(indexed map[string]string) [sha256.Size]byte {
	ids := make([]string, 0, len(indexed))
	for id := range indexed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	h := sha256.New()
	for _, id := range ids {
		fmt.Fprintf(h, "%s\x00%s\x00", id, indexed[id])
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// closestView is the closest report of another body in the same year, and
// how much of this report's narrative repeats it.
type closestView struct {
	similar.Neighbour
	similar.Comparison
}

// closestOther finds the closest report of another body in e's year and
// compares e with it; nil when none shares a band with it (similar.Closest).
func (s *Server) closestOther(ctx context.Context, e *gongkai.Entry) (*closestView, error) {
	y := e.Report.Year
	if y == 0 {
		return nil, nil
	}
	s.near.mu.Lock()
	if time.Since(s.near.checked) >= recheckNeighbours {
		indexed, err := s.idx.Indexed(ctx)
		if err != nil {
			s.near.mu.Unlock()
			return nil, fmt.Errorf("closest report: %w", err)
		}
		s.near.latest, s.near.checked = fingerprint(indexed), time.Now()
	}
	fp := s.near.latest
	cached, ok := s.near.years[y]
	if !ok || cached.fingerprint != fp {
		var err error
		cached, err = s.yearNeighbours(ctx, y, fp)
		if err != nil {
			s.near.mu.Unlock()
			return nil, err
		}
		s.near.years[y] = cached
	}
	s.near.mu.Unlock()
	n, ok := cached.byID[e.ID]
	if !ok {
		return nil, nil
	}
	other, err := s.idx.Get(ctx, n.ID)
	if err != nil {
		return nil, fmt.Errorf("closest report %s: %w", n.ID, err)
	}
	a, err := similar.New(&e.Report)
	if err != nil {
		return nil, err
	}
	b, err := similar.New(&other.Report)
	if err != nil {
		return nil, err
	}
	return &closestView{Neighbour: n, Comparison: similar.Compare(a, b)}, nil
}

// yearNeighbours runs similar.ClosestOthers over the year's reports.
func (s *Server) yearNeighbours(ctx context.Context, year int, fp [sha256.Size]byte) (yearNeighbours, error) {
	entries, err := export.All(ctx, s.idx, index.Filter{YearFrom: year, YearTo: year})
	if err != nil {
		return yearNeighbours{}, fmt.Errorf("closest report: %w", err)
	}
	byID, err := similar.ClosestOthers(entries)
	if err != nil {
		return yearNeighbours{}, fmt.Errorf("closest report: %w", err)
	}
	return yearNeighbours{fingerprint: fp, byID: byID}, nil
}
