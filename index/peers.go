package index

import gongkai "github.com/gongkai/gongkai"

// QuartilesByPeers gives the quartiles (gongkai.QuartilesOf) of every
// peer group's rates among reports, one report a body and year
// (RatesByPeers): what an index keeps for PeerQuartiles.
func QuartilesByPeers(reports []RateReport) map[gongkai.PeerKey]gongkai.Quartiles {
	out := map[gongkai.PeerKey]gongkai.Quartiles{}
	for k, vs := range RatesByPeers(reports) {
		out[k], _ = gongkai.QuartilesOf(vs)
	}
	return out
}
