package web

import (
	"context"
	"math"
	"slices"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
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

// regionPeers gives the quartiles of the rates of a region's bodies in
// a year, by level, one report a body: a province's are those the index
// keeps (index.Findings.PeerQuartiles); a smaller region's come from the
// rates the index keeps of every report of the region (PeerRates).
func (s *Server) regionPeers(ctx context.Context, region string, year int) ([]peerRow, error) {
	if len(region) == 2 {
		quartiles, err := s.idx.PeerQuartiles(ctx, region, "", year, year)
		if err != nil {
			return nil, err
		}
		return peerQuartiles(quartiles), nil
	}
	reports, err := s.idx.PeerRates(ctx, region, year, year)
	if err != nil {
		return nil, err
	}
	return peerQuartiles(index.QuartilesByPeers(reports)), nil
}

// peerQuartiles lays out the quartiles of one year by level and rate:
// every rate of a level that has one; levels in levelOrder, then the rest.
func peerQuartiles(quartiles map[gongkai.PeerKey]gongkai.Quartiles) []peerRow {
	have := map[string]bool{}
	for k := range quartiles {
		have[k.Level] = true
	}
	var out []peerRow
	levels := append(slices.Clone(levelOrder), sortedKeys(have)...)
	done := map[string]bool{}
	for _, level := range levels {
		if !have[level] || done[level] {
			continue
		}
		done[level] = true
		for _, rt := range gongkai.AllRates {
			var q gongkai.Quartiles
			for k, kq := range quartiles {
				if k.Level == level && k.Rate == rt.Name {
					q = kq
				}
			}
			out = append(out, peerRow{Level: level, Rate: rt.Name, Label: rt.Label, Shown: q.N >= gongkai.MinPeers, Q: q})
		}
	}
	return out
}

// bodyPeerRow is a body's rate in one year beside the quartiles of its
// peers (gongkai.PeerGroup: the same year, level and province).
type bodyPeerRow struct {
	Year  int
	Label string
	Value float64
	Shown bool
	Q     gongkai.Quartiles
	Mark  string // 低于P25 or 高于P75 when the rate stands out in the direction of a rate_outlier finding
}

// bodyPeers compares the rates of a body's reports (one a year) with those
// of the bodies at its level in its province: their quartiles, kept by the
// index.
func (s *Server) bodyPeers(ctx context.Context, byYear map[int]*gongkai.Entry) ([]bodyPeerRow, error) {
	var own []gongkai.RateValue
	var region, level string
	for _, y := range years(byYear) {
		e := byYear[y]
		own = append(own, gongkai.RateValues(e)...)
		region, level = e.Region, e.Level
	}
	if len(own) == 0 || gongkai.PeerGroup(region, level, own[0].Year) == "" {
		return nil, nil
	}
	quartiles, err := s.idx.PeerQuartiles(ctx, region[:2], level, own[0].Year, own[len(own)-1].Year)
	if err != nil {
		return nil, err
	}
	var out []bodyPeerRow
	for _, v := range own {
		rt, _ := gongkai.RateNamed(v.Rate)
		q := quartiles[gongkai.PeerKey{Rate: v.Rate, Year: v.Year, Level: level}]
		ok := q.N >= gongkai.MinPeers
		row := bodyPeerRow{Year: v.Year, Label: rt.Label, Value: v.Value, Shown: ok, Q: q}
		switch {
		case ok && rt.Worse < 0 && v.Value < q.P25:
			row.Mark = "低于P25"
		case ok && rt.Worse > 0 && v.Value > q.P75:
			row.Mark = "高于P75"
		}
		out = append(out, row)
	}
	return out, nil
}
