package elastic

import (
	"context"
	"maps"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// PeerQuartiles implements index.Findings.PeerQuartiles from the rates
// of every report of the province in the years (PeerRates): the report
// standing for a body's year is picked among all its reports, whatever
// their level, as for the rate outliers.
func (x *Index) PeerQuartiles(ctx context.Context, province, level string, from, to int) (map[gongkai.PeerKey]gongkai.Quartiles, error) {
	reports, err := x.PeerRates(ctx, province, from, to)
	if err != nil {
		return nil, err
	}
	all := index.QuartilesByPeers(reports)
	maps.DeleteFunc(all, func(k gongkai.PeerKey, _ gongkai.Quartiles) bool { return k.Level != level })
	return all, nil
}
