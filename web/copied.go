package web

import (
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

// allFindings is gongkai.Findings with the copied narratives of package
// similar, in the same order: office, year, kind, check.
func allFindings(entries []gongkai.Entry) ([]gongkai.Finding, error) {
	copied, err := similar.Findings(entries)
	if err != nil {
		return nil, fmt.Errorf("copied narrative: %w", err)
	}
	out := append(gongkai.Findings(entries), copied...)
	gongkai.SortFindings(out)
	return out, nil
}
