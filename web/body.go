package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/places"
)

// value reads one fact's value, nil when blank or absent.
func value(r *gongkai.Report, key string) *float64 {
	if f := r.Fact(key); f != nil {
		return f.Value
	}
	return nil
}

// sumOf adds the values of keys; nil when every one is blank or absent.
func sumOf(r *gongkai.Report, keys ...string) *float64 {
	var total *float64
	for _, k := range keys {
		if v := value(r, k); v != nil {
			if total == nil {
				total = new(float64)
			}
			*total += *v
		}
	}
	return total
}

// share is part as a percentage of whole, to one decimal; nil when either
// is unknown or whole is 0.
func share(part, whole *float64) *float64 {
	if part == nil || whole == nil || *whole == 0 {
		return nil
	}
	v := float64(int(*part / *whole * 1000 + 0.5)) / 10
	return &v
}

func appKeys(prefix string) []string {
	var keys []string
	for _, r := range gongkai.ApplicationRows {
		if len(r.Row) >= len(prefix) && r.Row[:len(prefix)] == prefix {
			keys = append(keys, gongkai.Key(gongkai.TableApplications, r.Row, "total"))
		}
	}
	return keys
}

// figure is one column of the body and region tables: a name and how to
// read it from a report.
type figure struct {
	Name string
	Of   func(r *gongkai.Report) *float64
}

func fact(key string) func(r *gongkai.Report) *float64 {
	factKeys = append(factKeys, key)
	return func(r *gongkai.Report) *float64 { return value(r, key) }
}

// factKeys are the keys fact and crosswalk read, recorded as the
// figures are made.
var factKeys []string

// figureKeys are every fact a figure or a rate may read, for reading
// reports' summaries instead of whole entries.
var figureKeys = sync.OnceValue(func() []string {
	keys := map[string]bool{}
	for _, k := range factKeys {
		keys[k] = true
	}
	for _, rt := range gongkai.AllRates {
		for template := range rt.Num {
			for _, k := range rt.Keys(template) {
				keys[k] = true
			}
		}
	}
	return sortedKeys(keys)
})

// crosswalk reads a series of gongkai.AllSeries from whatever template the
// report follows, so a body's lines run on through the years before 2019.
func crosswalk(name string) func(r *gongkai.Report) *float64 {
	s, ok := gongkai.SeriesNamed(name)
	if !ok {
		panic("web: no series " + name)
	}
	for _, feed := range s.Feeds {
		factKeys = append(factKeys, feed...)
	}
	return func(r *gongkai.Report) *float64 {
		v, _ := s.Value(r)
		return v
	}
}

var (
	received     = crosswalk("applications_received")
	handled      = fact("applications.total.total")
	granted      = crosswalk("granted")
	review       = crosswalk("reviews")
	litigation   = crosswalk("lawsuits")
	grantedShare = func(r *gongkai.Report) *float64 { return share(granted(r), handled(r)) }
)

// figures are the key figures of a report as the body and region pages
// list them, then its rates.
var figures = append([]figure{
	{"新收申请", received},
	{"上年结转", fact("applications.carried_over.total")},
	{"办理总计", handled},
	{"予以公开", granted},
	{"予以公开占比%", grantedShare},
	{"结转下年", fact("applications.carried_forward.total")},
	{"行政复议", review},
	{"行政诉讼", litigation},
	{"规章现行有效", fact("active.regulations.in_force")},
	{"规范性文件现行有效", fact("active.normative_documents.in_force")},
}, rateFigures()...)

// outcomes are the groups of table 三's results whose shares the body page charts.
var outcomes = []struct {
	Name string
	Keys []string
}{
	{"予以公开", []string{"applications.granted.total"}},
	{"部分公开", []string{"applications.partially_granted.total"}},
	{"不予公开", appKeys("denied_")},
	{"无法提供", appKeys("unable_")},
	{"不予处理", appKeys("not_processed_")},
	{"其他处理", appKeys("other")},
}

type yearRow struct {
	Year      int
	ID        string
	Values    []string
	Published string
	Late      bool
	Failed    int
}

type crossRow struct {
	Year  int
	ID    string
	Check gongkai.Check
}

type bodyView struct {
	Title    string
	Office   string
	Body     gongkai.Body       // the body across its names, with its alias table
	History  []gongkai.NameSpan // the names its reports carry, by year
	Peers    []bodyPeerRow      // its rates beside its peers' quartiles
	MinPeers int
	Region   string
	Names    []string
	Rows     []yearRow
	Charts   []chart
	Cross    []crossRow
	Missing  []int
}

// bodyPage shows one body's key figures over the years, as a table and
// charts, with the cross-year checks that fail and the years it published no
// report (between its first and last).
func (s *Server) bodyPage(w http.ResponseWriter, r *http.Request) {
	office := r.URL.Query().Get("office")
	if office == "" {
		s.errorPage(w, r, errBadRequest{errors.New("缺少参数 office (机关全称)")})
		return
	}
	byYear, body, err := export.BodyYears(r.Context(), s.idx, office)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if len(byYear) == 0 {
		s.errorPage(w, r, notFound("没有 "+office+" 的报告"))
		return
	}
	view := bodyView{Title: office, Office: office, Body: body}
	var chosen []*gongkai.Entry
	for _, y := range years(byYear) {
		chosen = append(chosen, byYear[y])
	}
	view.History = gongkai.NameHistory(chosen)
	for _, f := range figures {
		view.Names = append(view.Names, f.Name)
	}
	ys := years(byYear)
	// Every year from the first to the last is on the charts' axis; a year
	// with no report is a gap.
	var labels []string
	var reports []*gongkai.Report
	for y := ys[0]; y <= ys[len(ys)-1]; y++ {
		labels = append(labels, strconv.Itoa(y))
		e := byYear[y]
		if e == nil {
			view.Missing = append(view.Missing, y)
			reports = append(reports, nil)
			continue
		}
		reports = append(reports, &e.Report)
		view.Region = e.Region
		row := yearRow{Year: y, ID: e.ID, Published: gongkai.PublicationDate(&e.Report), Late: gongkai.Late(&e.Report), Failed: len(e.Report.FailedChecks())}
		for _, f := range figures {
			row.Values = append(row.Values, num(f.Of(&e.Report)))
		}
		view.Rows = append(view.Rows, row)
		if prev := byYear[y-1]; prev != nil {
			for _, c := range gongkai.CrossYearChecks(&prev.Report, &e.Report) {
				if c.Status == gongkai.Fail {
					view.Cross = append(view.Cross, crossRow{Year: y, ID: e.ID, Check: c})
				}
			}
		}
	}
	if view.Peers, err = s.bodyPeers(r.Context(), byYear); err != nil {
		s.errorPage(w, r, err)
		return
	}
	view.MinPeers = gongkai.MinPeers
	line := func(name string, of func(*gongkai.Report) *float64) series {
		sr := series{Name: name}
		for _, rep := range reports {
			var v *float64
			if rep != nil {
				v = of(rep)
			}
			sr.Values = append(sr.Values, v)
		}
		return sr
	}
	view.Charts = append(view.Charts,
		lineCharts("依申请公开：新收与办结", "", labels, []series{line("新收申请", received), line("办理总计", handled)})...)
	var shares []series
	for _, o := range outcomes {
		keys := o.Keys
		shares = append(shares, line(o.Name, func(r *gongkai.Report) *float64 { return share(sumOf(r, keys...), handled(r)) }))
	}
	view.Charts = append(view.Charts, lineChart("办理结果占比（无办理件数的年份留空）", "%", labels, shares))
	view.Charts = append(view.Charts, lineCharts("行政复议与行政诉讼", "", labels, []series{line("行政复议", review), line("行政诉讼", litigation)})...)
	view.Charts = append(view.Charts, lineCharts("主动公开", "", labels, []series{
		line("规章现行有效", fact("active.regulations.in_force")),
		line("规范性文件现行有效", fact("active.normative_documents.in_force")),
		line("行政许可决定", fact("active.licensing.decisions")),
		line("行政处罚决定", fact("active.penalty.decisions")),
	})...)
	s.page(w, r, "body", view)
}

type regionRow struct {
	Office    string
	ID        string
	Level     string
	Values    []*float64
	Failed    int
	Published string
	Late      bool
}

type regionView struct {
	Title    string
	Query    string // the region as asked: a name or a code
	Region   string // the code prefix it resolved to
	Year     int
	Years    []int
	Up       []placeLink // the divisions above, from the province down
	Regions  []placeLink // the divisions below with reports, or the provinces
	Names    []string
	Rows     []regionRow
	Chart    *chart
	Missing  []index.ReviewedFinding
	Late     []regionRow
	Peers    []peerRow // quartiles of the rates by level
	MinPeers int
	// The page of the year's reports the table lists: Reports in all,
	// those from Offset to To on this page, Next where the next page
	// begins (0 on the last).
	Reports, Offset, To, Next int
	NextURL, FirstURL         string
	// MissingTotal and LateTotal count what Missing and Late list, up to
	// RegionListLimit of each.
	MissingTotal, LateTotal int
}

// regionPageReports is how many reports one page of the region table reads
// (a variable so that tests can make it page).
var regionPageReports = 100

// RegionListLimit is how many missing bodies and late reports the region
// page lists; the findings page lists them all.
const RegionListLimit = 200

// regionPageURL is the region page's URL for the page starting at offset.
func regionPageURL(view regionView, offset int) string {
	u := "/region?region=" + url.QueryEscape(view.Region) + "&year=" + strconv.Itoa(view.Year)
	if offset > 0 {
		u += "&offset=" + strconv.Itoa(offset)
	}
	return u
}

// offsetArg reads offset=, a whole number ≥ 0 (0 when absent).
func offsetArg(v url.Values) (int, error) {
	var offset, none int
	if name, text := pageArgs(v, &offset, &none, func(name string, _ int) bool { return name == "offset" }); name != "" {
		return 0, badRequest("%s=%q 无效：应为不小于 0 的整数", name, text)
	}
	return offset, nil
}

// regionFindings returns the first RegionListLimit findings of kind in a
// region's year, in the order of office, and how many there are.
func (s *Server) regionFindings(r *http.Request, kind, region string, year int) ([]index.ReviewedFinding, int, error) {
	res, err := s.idx.Findings(r.Context(), index.FindingQuery{Kind: kind, Sort: "office", Limit: RegionListLimit,
		Filter: index.Filter{Region: region, YearFrom: year, YearTo: year}})
	if err != nil {
		return nil, 0, err
	}
	return res.Findings, res.Total, nil
}

// placeLink is a division on the region page: its code prefix, name and
// how many reports are filed under it.
type placeLink struct {
	Prefix, Label string
	Count         int
}

// below groups the reports' region codes under the divisions one level
// down from prefix (the provinces when it is ""), named, in code order.
func below(prefix string, counts []index.Count) []placeLink {
	width := map[int]int{0: 2, 2: 4, 4: 6}[len(prefix)]
	if width == 0 {
		return nil
	}
	sums := map[string]int{}
	for _, c := range counts {
		if len(c.Value) >= width {
			sums[c.Value[:width]] += c.Count
		}
	}
	var out []placeLink
	for _, p := range sortedKeys(sums) {
		if p == prefix {
			continue
		}
		out = append(out, placeLink{Prefix: p, Label: places.Label(p), Count: sums[p]})
	}
	return out
}

// regionPage puts the bodies of a region (a place name or 行政区划代码
// prefix) side by side for a year, with the bodies that published for
// other years but not this one and those that published after 31 January;
// it links the divisions above and those below that have reports.
func (s *Server) regionPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	view := regionView{Title: "地区", Query: v.Get("region")}
	prefix, err := places.Resolve(view.Query)
	if err != nil {
		s.errorPage(w, r, badRequest("地区 %q：%v", view.Query, err))
		return
	}
	view.Region = prefix
	facets, err := s.idx.Search(r.Context(), index.Query{Filter: index.Filter{Region: view.Region}, Limit: 1})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	view.Regions = below(view.Region, facets.Facets.Region)
	for _, p := range places.Path(view.Region) {
		if pre := places.Prefix(p.Code); pre != view.Region {
			view.Up = append(view.Up, placeLink{Prefix: pre, Label: places.Label(pre)})
		}
	}
	for _, c := range facets.Facets.Year {
		y, _ := strconv.Atoi(c.Value)
		view.Years = append(view.Years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(view.Years)))
	if view.Region == "" {
		s.page(w, r, "region", view)
		return
	}
	view.Title = places.Label(view.Region)
	if y := v.Get("year"); y != "" {
		if view.Year, err = strconv.Atoi(y); err != nil {
			s.errorPage(w, r, badRequest("年度 year=%q 无效：应为四位年份，如 2024", y))
			return
		}
	} else if len(view.Years) > 0 {
		view.Year = view.Years[0]
	}
	if view.Offset, err = offsetArg(v); err != nil {
		s.errorPage(w, r, err)
		return
	}
	for _, c := range facets.Facets.Year {
		if c.Value == strconv.Itoa(view.Year) {
			view.Reports = c.Count
		}
	}
	// A page of the year's reports, read as summaries (the figures' facts,
	// not whole entries), in the order of office: a full page ends before
	// the office it may cut, which begins the next page.
	page, err := s.idx.Summaries(r.Context(), index.SummaryQuery{Region: view.Region, YearFrom: view.Year, YearTo: view.Year,
		Keys: figureKeys(), Offset: view.Offset, Limit: regionPageReports})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if len(page) == regionPageReports {
		cut := len(page)
		for cut > 0 && page[cut-1].Office == page[len(page)-1].Office {
			cut--
		}
		if cut > 0 { // an office with more reports than a page keeps them all
			page = page[:cut]
		}
		view.Next = view.Offset + len(page)
	}
	view.To = view.Offset + len(page)
	// The bodies that published in other years but not this one, and the
	// late reports, are the index's findings; the quartiles are of the
	// rates the index keeps of every report of the province, not only of
	// this page.
	if view.Missing, view.MissingTotal, err = s.regionFindings(r, gongkai.FindingMissing, view.Region, view.Year); err != nil {
		s.errorPage(w, r, err)
		return
	}
	late, lateTotal, err := s.regionFindings(r, gongkai.FindingLate, view.Region, view.Year)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	for _, f := range late {
		view.Late = append(view.Late, regionRow{Office: f.Office, ID: f.ID, Published: f.Detail})
	}
	view.LateTotal = lateTotal
	if view.Peers, err = s.regionPeers(r.Context(), view.Region, view.Year); err != nil {
		s.errorPage(w, r, err)
		return
	}
	view.MinPeers = gongkai.MinPeers
	// One report a body: the one that stands for the year (gongkai.Stands).
	standing := map[string]*index.Summary{}
	for i := range page {
		sm := &page[i]
		if have := standing[sm.Office]; have == nil || sm.Facts > have.Facts || sm.Facts == have.Facts && sm.ID < have.ID {
			standing[sm.Office] = sm
		}
	}
	for _, f := range figures {
		view.Names = append(view.Names, f.Name)
	}
	var labels []string
	var bars []*float64
	for _, office := range sortedKeys(standing) {
		sm := standing[office]
		rep := sm.Report()
		row := regionRow{Office: office, ID: sm.ID, Level: sm.Level, Failed: sm.Failed, Published: sm.Published, Late: gongkai.Late(rep)}
		for _, f := range figures {
			row.Values = append(row.Values, f.Of(rep))
		}
		view.Rows = append(view.Rows, row)
		labels = append(labels, office)
		bars = append(bars, received(rep))
	}
	if len(labels) > 0 {
		c := barChart(strconv.Itoa(view.Year)+"年 新收政府信息公开申请", labels, bars)
		view.Chart = &c
	}
	view.NextURL, view.FirstURL = regionPageURL(view, view.Next), regionPageURL(view, 0)
	s.page(w, r, "region", view)
}
