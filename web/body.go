package web

import (
	"errors"
	"net/http"
	"sort"
	"strconv"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
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
	return func(r *gongkai.Report) *float64 { return value(r, key) }
}

// crosswalk reads a series of gongkai.AllSeries from whatever template the
// report follows, so a body's lines run on through the years before 2019.
func crosswalk(name string) func(r *gongkai.Report) *float64 {
	s, ok := gongkai.SeriesNamed(name)
	if !ok {
		panic("web: no series " + name)
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

// figures are the key figures of a report as the body and region pages list them.
var figures = []figure{
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
}

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
	Title   string
	Office  string
	Region  string
	Names   []string
	Rows    []yearRow
	Charts  []chart
	Cross   []crossRow
	Missing []int
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
	all, err := export.All(r.Context(), s.idx, index.Filter{Office: office})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	byYear := pick(all, office)
	if len(byYear) == 0 {
		s.errorPage(w, r, notFound("没有 "+office+" 的报告"))
		return
	}
	view := bodyView{Title: office, Office: office}
	for _, f := range figures {
		view.Names = append(view.Names, f.Name)
	}
	ys := years(byYear)
	var labels []string
	for y := ys[0]; y <= ys[len(ys)-1]; y++ {
		e := byYear[y]
		if e == nil {
			view.Missing = append(view.Missing, y)
			continue
		}
		view.Region = e.Region
		labels = append(labels, strconv.Itoa(y))
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
	reports := make([]*gongkai.Report, len(view.Rows))
	for i, row := range view.Rows {
		reports[i] = &byYear[row.Year].Report
	}
	line := func(name string, of func(*gongkai.Report) *float64) series {
		sr := series{Name: name}
		for _, rep := range reports {
			sr.Values = append(sr.Values, of(rep))
		}
		return sr
	}
	view.Charts = append(view.Charts,
		lineChart("依申请公开：新收与办结", "", labels, []series{line("新收申请", received), line("办理总计", handled)}))
	var shares []series
	for _, o := range outcomes {
		keys := o.Keys
		shares = append(shares, line(o.Name, func(r *gongkai.Report) *float64 { return share(sumOf(r, keys...), handled(r)) }))
	}
	view.Charts = append(view.Charts,
		lineChart("办理结果占比", "%", labels, shares),
		lineChart("行政复议与行政诉讼", "", labels, []series{line("行政复议", review), line("行政诉讼", litigation)}),
		lineChart("主动公开", "", labels, []series{
			line("规章现行有效", fact("active.regulations.in_force")),
			line("规范性文件现行有效", fact("active.normative_documents.in_force")),
			line("行政许可决定", fact("active.licensing.decisions")),
			line("行政处罚决定", fact("active.penalty.decisions")),
		}))
	s.page(w, r, "body", view)
}

// notFound is a page's "nothing here" (status 404).
type notFound string

func (e notFound) Error() string        { return string(e) }
func (e notFound) Is(target error) bool { return target == index.ErrNotFound }

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
	Title   string
	Region  string
	Year    int
	Years   []int
	Regions []index.Count
	Names   []string
	Rows    []regionRow
	Chart   *chart
	Missing []string
	Late    []regionRow
}

// regionPage puts the bodies of a region (行政区划代码 prefix) side by side
// for a year, with the bodies that published for other years but not this
// one and those that published after 31 January.
func (s *Server) regionPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	view := regionView{Title: "地区", Region: v.Get("region")}
	facets, err := s.idx.Search(r.Context(), index.Query{Filter: index.Filter{Region: view.Region}, Limit: 1})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	view.Regions = facets.Facets.Region
	sort.Slice(view.Regions, func(i, j int) bool { return view.Regions[i].Value < view.Regions[j].Value })
	for _, c := range facets.Facets.Year {
		y, _ := strconv.Atoi(c.Value)
		view.Years = append(view.Years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(view.Years)))
	if view.Region == "" {
		s.page(w, r, "region", view)
		return
	}
	view.Title = "地区 " + view.Region
	if y := v.Get("year"); y != "" {
		if view.Year, err = strconv.Atoi(y); err != nil {
			s.errorPage(w, r, errBadRequest{errors.New("year: want YYYY")})
			return
		}
	} else if len(view.Years) > 0 {
		view.Year = view.Years[0]
	}
	all, err := export.All(r.Context(), s.idx, index.Filter{Region: view.Region})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	offices := map[string]bool{}
	for _, e := range all {
		offices[e.Report.Office] = true
	}
	for _, f := range figures {
		view.Names = append(view.Names, f.Name)
	}
	var labels []string
	var bars []*float64
	for _, office := range sortedKeys(offices) {
		e := pick(all, office)[view.Year]
		if e == nil {
			view.Missing = append(view.Missing, office)
			continue
		}
		row := regionRow{Office: office, ID: e.ID, Level: e.Level, Failed: len(e.Report.FailedChecks()),
			Published: gongkai.PublicationDate(&e.Report), Late: gongkai.Late(&e.Report)}
		for _, f := range figures {
			row.Values = append(row.Values, f.Of(&e.Report))
		}
		view.Rows = append(view.Rows, row)
		if row.Late {
			view.Late = append(view.Late, row)
		}
		labels = append(labels, office)
		bars = append(bars, received(&e.Report))
	}
	if len(labels) > 0 {
		c := barChart(strconv.Itoa(view.Year)+"年 新收政府信息公开申请", labels, bars)
		view.Chart = &c
	}
	s.page(w, r, "region", view)
}

type findingsView struct {
	Title    string
	V        map[string]string
	Kinds    []string
	Findings []gongkai.Finding
	Counts   map[string]int
	CSV      string
}

func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	found, err := s.findings(r.Context(), v)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	view := findingsView{Title: "核查发现", V: map[string]string{}, Findings: found, Counts: map[string]int{},
		Kinds: []string{gongkai.FindingCheck, gongkai.FindingCrossYear, gongkai.FindingLate, gongkai.FindingMissing, gongkai.FindingRevised}}
	for _, k := range []string{"kind", "year", "region", "office", "level"} {
		view.V[k] = v.Get(k)
	}
	for _, f := range found {
		view.Counts[f.Kind]++
	}
	c := cloneValues(v)
	c.Set("format", "csv")
	view.CSV = "/api/findings?" + c.Encode()
	s.page(w, r, "findings", view)
}
