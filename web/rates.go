package web

import (
	"math"
	"slices"

	gongkai "github.com/gongkai/gongkai"
)

// ratePercent reads a rate of gongkai.AllRates as a percentage to one
// decimal, for the body and region tables; nil when the report has none.
func ratePercent(name string) func(r *gongkai.Report) *float64 {
	rt, ok := gongkai.RateNamed(name)
	if !ok {
		panic("web: no rate " + name)
	}
	return func(r *gongkai.Report) *float64 {
		v := rt.Of(r)
		if v == nil {
			return nil
		}
		p := math.Round(*v*1000) / 10
		return &p
	}
}

// rateFigures are the rates as columns of the body and region tables.
func rateFigures() []figure {
	var out []figure
	for _, rt := range gongkai.AllRates {
		out = append(out, figure{rt.Label + "%", ratePercent(rt.Name)})
	}
	return out
}

// peerRow is one level's quartiles of one rate among a region's bodies in
// a year: Shown is false under gongkai.MinPeers bodies with the rate.
type peerRow struct {
	Level, Rate, Label string
	Shown              bool
	Q                  gongkai.Quartiles
}

// peerQuartiles gives, per level and rate, the quartiles of the entries'
// rates (one entry per body); levels in the order of gongkai.LevelLabels'
// levelOrder, a body without a level left out.
func peerQuartiles(entries []*gongkai.Entry) []peerRow {
	values := map[string]map[string][]float64{}
	for _, e := range entries {
		if e.Level == "" {
			continue
		}
		for _, rv := range gongkai.RateValues(e) {
			if values[e.Level] == nil {
				values[e.Level] = map[string][]float64{}
			}
			values[e.Level][rv.Rate] = append(values[e.Level][rv.Rate], rv.Value)
		}
	}
	var out []peerRow
	levels := append(slices.Clone(levelOrder), sortedKeys(values)...)
	done := map[string]bool{}
	for _, level := range levels {
		if values[level] == nil || done[level] {
			continue
		}
		done[level] = true
		for _, rt := range gongkai.AllRates {
			q, ok := gongkai.QuartilesOf(values[level][rt.Name])
			out = append(out, peerRow{Level: level, Rate: rt.Name, Label: rt.Label, Shown: ok, Q: q})
		}
	}
	return out
}
