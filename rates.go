package gongkai

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// A Rate is a ratio of two sums of facts that auditors compare across
// bodies: the share of applications answered with the information, refused
// or impossible to provide, and the share of concluded reviews and lawsuits
// that corrected the body. Like a Series it names, per template, the facts
// each side adds up; a template with no feed has no rate.
//
// A rate is never computed from blanks: when any fact it reads is blank or
// absent, or the denominator is 0, it is nil ("blank in, null out"). A
// series counts a blank among printed cells as zero; a rate does not,
// because a blank granted cell beside a printed total (上海市人民政府办公厅
// 2019) would otherwise read as a 0% disclosure rate.
type Rate struct {
	Name  string              // disclosure_rate
	Label string              // 公开率, for people
	Num   map[string][]string // template → the keys whose sum is the numerator
	Den   map[string][]string // template → the keys whose sum is the denominator
	Notes map[string]string   // template → how its definition differs, "" when it does not
	// Worse is the direction in which a body stands out to an auditor: -1
	// when a low rate is a finding, +1 when a high one is, 0 when neither.
	Worse int
}

// Names of the rates.
const (
	RateDisclosure = "disclosure_rate" // 公开率
	RateRefusal    = "refusal_rate"    // 不予公开率
	RateUnable     = "unable_rate"     // 无法提供率
	RateCorrection = "correction_rate" // 纠错率
)

// seriesFeeds joins the feeds of some series of AllSeries per template.
func seriesFeeds(names ...string) map[string][]string {
	out := map[string][]string{}
	for _, n := range names {
		s, ok := SeriesNamed(n)
		if !ok {
			panic("gongkai: no series " + n)
		}
		for tmpl, keys := range s.Feeds {
			out[tmpl] = append(out[tmpl], keys...)
		}
	}
	return out
}

// handledFeeds is 办理总数: （七）总计 of table 三 since 2019, 申请答复数
// in the pre-2019 statistics table.
var handledFeeds = feeds(both(Key(TableApplications, "total", "total")), legacyYear("replies_total"))

// AllRates are the rates, in the order pages and exports show them.
var AllRates = []Rate{
	{Name: RateDisclosure, Label: "公开率",
		Num: seriesFeeds("granted", "partially_granted"), Den: handledFeeds, Worse: -1,
		Notes: map[string]string{TemplateLegacy: "（同意公开＋同意部分公开）÷ 申请答复数；“属于已主动公开范围数”不计入分子"}},
	{Name: RateRefusal, Label: "不予公开率",
		Num: seriesFeeds("refused"), Den: handledFeeds, Worse: +1,
		Notes: map[string]string{TemplateLegacy: "不同意公开答复数 ÷ 申请答复数；含“不是《条例》所指政府信息”，部分省份还含信息不存在等（见 refused 系列）"}},
	{Name: RateUnable, Label: "无法提供率",
		Num: seriesFeeds("unable_to_provide"), Den: handledFeeds,
		Notes: map[string]string{TemplateLegacy: "（不属于本行政机关公开数＋申请信息不存在数）÷ 申请答复数；把它们计入否决公开的省表无此率"}},
	{Name: RateCorrection, Label: "纠错率",
		Num:   seriesFeeds("reviews_corrected", "lawsuits_corrected"),
		Den:   seriesFeeds("reviews_upheld", "reviews_corrected", "reviews_other", "lawsuits_upheld", "lawsuits_corrected", "lawsuits_other"),
		Worse: +1,
		Notes: map[string]string{TemplateLegacy: "审结数取维持＋纠正＋其他情形：统计表没有“尚未审结”，未结案件可能计入其他情形"}},
}

// RateNamed returns the rate with the given name.
func RateNamed(name string) (Rate, bool) {
	for _, r := range AllRates {
		if r.Name == name {
			return r, true
		}
	}
	return Rate{}, false
}

// Keys lists every fact the rate reads under a template, numerator first.
func (rt Rate) Keys(template string) []string {
	return append(slices.Clone(rt.Num[template]), rt.Den[template]...)
}

// Compute is the rate from plain values: template names the feeds, value
// reads a fact (nil for a blank or absent cell). It is nil when the
// template has no feed, when any fact read is nil, or when the denominator
// is 0. The result is a fraction (0.25 for 25%), not clamped: a numerator
// above its denominator is a report that does not add up, shown as printed.
func (rt Rate) Compute(template string, value func(key string) *float64) *float64 {
	num, den := rt.Num[template], rt.Den[template]
	if len(num) == 0 || len(den) == 0 {
		return nil
	}
	sum := func(keys []string) (float64, bool) {
		var total float64
		for _, k := range keys {
			v := value(k)
			if v == nil {
				return 0, false
			}
			total += *v
		}
		return total, true
	}
	n, ok := sum(num)
	if !ok {
		return nil
	}
	d, ok := sum(den)
	if !ok || d == 0 {
		return nil
	}
	q := n / d
	return &q
}

// Of is the rate of a report.
func (rt Rate) Of(r *Report) *float64 {
	return rt.Compute(r.Template, func(key string) *float64 {
		if f := r.Fact(key); f != nil {
			return f.Value
		}
		return nil
	})
}

// Percent formats a rate as a percentage to one decimal (25.0%), "" for nil.
func Percent(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(math.Round(*v*1000)/10, 'f', 1, 64) + "%"
}

// MinPeers is the fewest bodies with a rate that quartiles are given for.
// With eight, each quartile has at least two bodies on either side, so
// "below P25" never singles out the one lowest body of a handful, and one
// body changing its figures moves a quartile by at most half the gap
// between two neighbours instead of to another body's value.
const MinPeers = 8

// Quartiles are the 25th, 50th and 75th percentiles of N values.
type Quartiles struct {
	N             int
	P25, P50, P75 float64
}

// QuartilesOf computes the quartiles of values by linear interpolation
// between closest ranks (R's type 7, numpy's default), and reports false
// when there are fewer than MinPeers values: no quartile is shown then.
func QuartilesOf(values []float64) (Quartiles, bool) {
	if len(values) < MinPeers {
		return Quartiles{N: len(values)}, false
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	at := func(p float64) float64 {
		h := p * float64(len(sorted)-1)
		lo := math.Floor(h)
		i := int(lo)
		if i+1 >= len(sorted) {
			return sorted[i]
		}
		return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
	}
	return Quartiles{N: len(sorted), P25: at(0.25), P50: at(0.5), P75: at(0.75)}, true
}

// RateValue is one body's rate in one year, with what places it among its
// peers: plain values, so they can come from entries or from a query.
type RateValue struct {
	Rate   string // a name of AllRates
	Office string
	Body   string // body id, "" when not known
	Region string
	Level  string
	Year   int
	ID     string // the entry
	Value  float64
}

// PeerGroup names the bodies a rate is compared with: the same year, the
// same level and the same province (the first two digits of the region
// code); "" when the level or region is unknown, so no peers.
func PeerGroup(region, level string, year int) string {
	if len(region) < 2 || level == "" || year == 0 {
		return ""
	}
	return fmt.Sprintf("%d|%s|%s", year, level, region[:2])
}

// RateOutliers lists the rate values that stand out among their peers (same
// rate, same PeerGroup) in the direction the rate's Worse names: below P25
// for the disclosure rate, above P75 for the refusal and correction rates.
// A group with fewer than MinPeers values gives none. Want is the quartile
// passed, Got the body's rate. The peers are the values given: pass a
// province's bodies whole, or the quartiles are those of the part passed.
func RateOutliers(values []RateValue) []Finding {
	groups := map[string][]RateValue{}
	var order []string
	for _, v := range values {
		peers := PeerGroup(v.Region, v.Level, v.Year)
		if peers == "" {
			continue
		}
		g := v.Rate + "|" + peers
		if groups[g] == nil {
			order = append(order, g)
		}
		groups[g] = append(groups[g], v)
	}
	var out []Finding
	for _, g := range order {
		members := groups[g]
		rt, ok := RateNamed(members[0].Rate)
		if !ok || rt.Worse == 0 {
			continue
		}
		nums := make([]float64, len(members))
		for i, m := range members {
			nums[i] = m.Value
		}
		q, ok := QuartilesOf(nums)
		if !ok {
			continue
		}
		for _, m := range members {
			bound, word, p := q.P25, "低于", "P25"
			if rt.Worse > 0 {
				bound, word, p = q.P75, "高于", "P75"
			}
			if (rt.Worse < 0 && m.Value >= bound) || (rt.Worse > 0 && m.Value <= bound) {
				continue
			}
			got, want := m.Value, bound
			out = append(out, Finding{Kind: FindingRateOutlier, Office: m.Office, Region: m.Region, Level: m.Level,
				Year: m.Year, ID: m.ID, Check: rt.Name, Want: &want, Got: &got,
				Detail: fmt.Sprintf("%s %s，%s同省%s机关 %s %s（%d个机关）", rt.Label, Percent(&got), word, LevelLabel(m.Level), p, Percent(&want), q.N)})
		}
	}
	return out
}

// RateValues are an entry's rates that are not nil, for RateOutliers.
func RateValues(e *Entry) []RateValue {
	var out []RateValue
	for _, rt := range AllRates {
		if v := rt.Of(&e.Report); v != nil {
			out = append(out, RateValue{Rate: rt.Name, Office: e.Report.Office, Body: e.BodyID(), Region: e.Region,
				Level: e.Level, Year: e.Report.Year, ID: e.ID, Value: *v})
		}
	}
	return out
}

// PeerKey names the values a quartile is taken over: a rate, a year and a
// level (within whatever region the entries were read from).
type PeerKey struct {
	Rate  string
	Year  int
	Level string
}

// RatesByPeers gathers the rates of entries — one per body and year, as
// PerBodyYear gives them — by rate, year and level; an entry without a
// level has no peers and is left out.
func RatesByPeers(entries []*Entry) map[PeerKey][]float64 {
	out := map[PeerKey][]float64{}
	for _, e := range entries {
		if e.Level == "" {
			continue
		}
		for _, v := range RateValues(e) {
			k := PeerKey{v.Rate, v.Year, e.Level}
			out[k] = append(out[k], v.Value)
		}
	}
	return out
}
