package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// Result is what one check of a watch found.
type Result struct {
	Watch Watch
	// First is the watch's first check, or its first since its definition
	// changed: what matches is recorded and nothing is new, so that a feed
	// starts with what happens next, not with every report already there.
	First             bool
	Reports, Findings int    // how many match now
	New               []Item // new since the previous check: reports, then findings
}

// Check checks each watch against the index: the reports its search
// matches and the findings about them that it has not seen in an earlier
// check are new. What each has seen, and its feed, are saved in data
// directory dir before Check returns, under a lock, atomically.
func Check(ctx context.Context, idx index.Index, dir string, watches []Watch, now time.Time) ([]Result, error) {
	var results []Result
	err := locked(dir, func() error {
		st, err := ReadState(dir)
		if err != nil {
			return err
		}
		found := map[index.Filter][]gongkai.Finding{} // the findings of each scope, for watches that share one
		for _, w := range watches {
			res, seen, err := check(ctx, idx, w, st.Watches[w.Name], found, now)
			if err != nil {
				return fmt.Errorf("监视 %s：%w", w.Name, err)
			}
			st.Watches[w.Name] = seen
			results = append(results, res)
		}
		return writeJSON(filepath.Join(dir, stateFile), st)
	})
	return results, err
}

// check checks one watch, given what it saw before (nil for nothing), and
// returns what it found and what it has seen now. scopes holds the findings
// computed so far, by the filter they were computed over.
func check(ctx context.Context, idx index.Index, w Watch, prev *Seen, scopes map[index.Filter][]gongkai.Finding, now time.Time) (Result, *Seen, error) {
	if err := w.Err(); err != nil {
		return Result{}, nil, err
	}
	q, err := w.Query()
	if err != nil {
		return Result{}, nil, err
	}
	hits, err := matchingReports(ctx, idx, q)
	if err != nil {
		return Result{}, nil, err
	}
	// The findings of the bodies the watch is about, every year; its years,
	// office, kinds and check narrow them below (keepsFinding).
	scope := index.Filter{Region: q.Region, Level: q.Level}
	all, ok := scopes[scope]
	if !ok {
		if all, err = findingsOf(ctx, idx, scope); err != nil {
			return Result{}, nil, err
		}
		scopes[scope] = all
	}
	matched := map[string]bool{}
	for _, h := range hits {
		matched[h.ID] = true
	}
	var found []gongkai.Finding
	keys := map[string]bool{}
	for _, f := range all {
		if w.keepsFinding(f, q, matched) && !keys[f.Key()] {
			keys[f.Key()] = true
			found = append(found, f)
		}
	}

	first := prev == nil || !sameDefinition(prev.Watch, w)
	res := Result{Watch: w, First: first, Reports: len(hits), Findings: len(found)}
	seen := &Seen{Watch: w, Since: now, Checked: now}
	reports, findings := map[string]bool{}, map[string]bool{}
	if !first {
		seen.Since = prev.Since
		for _, id := range prev.Reports {
			reports[id] = true
		}
		for _, k := range prev.Findings {
			findings[k] = true
		}
	}
	for _, h := range hits {
		if !reports[h.ID] && !first {
			h.Snippets = h.Snippets[:min(len(h.Snippets), 2)]
			res.New = append(res.New, Item{Found: now, Report: &h})
		}
		reports[h.ID] = true
	}
	for _, f := range found {
		if !findings[f.Key()] && !first {
			res.New = append(res.New, Item{Found: now, Finding: &f})
		}
		findings[f.Key()] = true
	}
	seen.Reports = slices.Sorted(maps.Keys(reports))
	seen.Findings = slices.Sorted(maps.Keys(findings))
	if !first {
		seen.Items = append(slices.Clone(res.New), prev.Items...)
		seen.Items = seen.Items[:min(len(seen.Items), MaxItems)]
	}
	return res, seen, nil
}

// findingsOf is the findings the index keeps about the reports of f's
// region and level (the findings page's, every kind): the one place a
// watch's findings come from. A finding names no template, so f's template
// does not narrow them.
func findingsOf(ctx context.Context, idx index.Index, f index.Filter) ([]gongkai.Finding, error) {
	var out []gongkai.Finding
	err := idx.EachFinding(ctx, index.FindingQuery{Filter: f}, func(rf index.ReviewedFinding) error {
		out = append(out, rf.Finding)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("findings: %w", err)
	}
	return out, nil
}

// reportsPage is how many hits matchingReports asks for at a time.
const reportsPage = 500

// matchingReports is every report q matches, in the order of body and year.
func matchingReports(ctx context.Context, idx index.Index, q index.Query) ([]index.Hit, error) {
	var hits []index.Hit
	for q.Offset, q.Limit = 0, reportsPage; ; q.Offset += reportsPage {
		res, err := idx.Search(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("search from %d: %w", q.Offset, err)
		}
		hits = append(hits, res.Hits...)
		if q.Offset+len(res.Hits) >= res.Total {
			break
		}
		if len(res.Hits) == 0 {
			// Elasticsearch pages no further than its result window: a
			// watch that cannot see all it matches says so.
			return nil, fmt.Errorf("符合的报告有 %d 份，索引只给出前 %d 份：请缩小监视的范围", res.Total, len(hits))
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Office != hits[j].Office {
			return hits[i].Office < hits[j].Office
		}
		return hits[i].Year < hits[j].Year
	})
	return hits, nil
}

// sameDefinition reports whether a and b watch the same thing (an empty
// list of kinds and none are the same).
func sameDefinition(a, b Watch) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
