package web

import (
	"context"
	"fmt"

	gongkai "github.com/gongkai/gongkai"
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

// closestView is the closest report of another body in the same year, and
// how much of this report's narrative repeats it.
type closestView struct {
	similar.Neighbour
	similar.Comparison
}

// closestOther finds the closest report of another body in e's year among
// those sharing a band with it (Index.ClosestOther, from the prints kept at
// Put) and compares e with it; nil when there is none.
func (s *Server) closestOther(ctx context.Context, e *gongkai.Entry) (*closestView, error) {
	if e.Report.Year == 0 {
		return nil, nil
	}
	a, err := similar.New(&e.Report)
	if err != nil {
		return nil, err
	}
	n, err := s.idx.ClosestOther(ctx, e.Report.Year, e.BodyID(), similar.PrintOf(a))
	if err != nil || n == nil {
		return nil, err
	}
	other, err := s.idx.Get(ctx, n.ID)
	if err != nil {
		return nil, fmt.Errorf("closest report %s: %w", n.ID, err)
	}
	b, err := similar.New(&other.Report)
	if err != nil {
		return nil, err
	}
	return &closestView{Neighbour: *n, Comparison: similar.Compare(a, b)}, nil
}
