package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/export"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/places"
)

// funcs are the template helpers.
var funcs = template.FuncMap{
	"num":        num,
	"percent":    func(v float64) string { return gongkai.Percent(&v) },
	"keyLabel":   gongkai.KeyLabel,
	"kindLabel":  func(k string) string { return gongkai.FindingKindLabels[k] },
	"verdict":    func(s string) string { return gongkai.ReviewStatusLabels[s] },
	"levelLabel": gongkai.LevelLabel,
	"place":      places.Label,
	"checkLabel": gongkai.CheckLabel,
	"pathEsc":    url.PathEscape,
	"seq":        func(n int) []int { return make([]int, n) },
	"queryEsc":   url.QueryEscape,
	"join":       strings.Join,
	"deadline":   Deadline,
	"inc":        func(n int) int { return n + 1 },
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// part is a piece of snippet text, marked or not.
type part struct {
	Text string
	Mark bool
}

// parts splits a snippet at its marks. Marks are rune offsets; ones out of
// range or overlapping are ignored rather than trusted.
func parts(s index.Snippet) []part {
	runes := []rune(s.Text)
	var out []part
	pos := 0
	for _, m := range s.Marks {
		if m[0] < pos || m[1] > len(runes) || m[0] >= m[1] {
			continue
		}
		if m[0] > pos {
			out = append(out, part{Text: string(runes[pos:m[0]])})
		}
		out = append(out, part{Text: string(runes[m[0]:m[1]]), Mark: true})
		pos = m[1]
	}
	if pos < len(runes) {
		out = append(out, part{Text: string(runes[pos:])})
	}
	return out
}

type facetItem struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

type facet struct {
	Name  string
	Items []facetItem
}

type hitView struct {
	index.Hit
	Snippets [][]part
}

type searchView struct {
	Title      string
	Q          string
	V          url.Values
	Total      int
	From, To   int
	Hits       []hitView
	Facets     []facet
	Prev, Next string
	Export     string
	Levels     []string
}

// with returns the page's URL with param set to value (removed when
// value is ""), back on the first page.
func with(path string, v url.Values, param, value string) string {
	c := withoutPaging(v)
	if value == "" {
		c.Del(param)
	} else {
		c.Set(param, value)
	}
	if len(c) == 0 {
		return path
	}
	return path + "?" + c.Encode()
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	q, err := query(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	res, err := s.idx.Search(r.Context(), q)
	if err != nil {
		s.errorPage(w, r, fmt.Errorf("search: %w", err))
		return
	}
	v := r.URL.Query()
	from := q.Offset + 1
	if q.After != "" || q.Before != "" {
		from = startParam(v)
	}
	view := searchView{Title: "检索", Q: q.Text, V: v, Total: res.Total, From: from, To: from + len(res.Hits) - 1,
		Levels: levelOrder}
	for _, h := range res.Hits {
		hv := hitView{Hit: h}
		for _, sn := range h.Snippets {
			hv.Snippets = append(hv.Snippets, parts(sn))
		}
		view.Hits = append(view.Hits, hv)
	}
	for _, fc := range []struct {
		name, param string
		counts      []index.Count
		label       func(string) string
	}{
		{"年度", "year", res.Facets.Year, func(s string) string { return s + "年" }},
		{"地区", "region", res.Facets.Region, places.Label},
		{"层级", "level", res.Facets.Level, gongkai.LevelLabel},
		{"未通过的核对", "check", res.Facets.Check, gongkai.CheckLabel},
	} {
		f := facet{Name: fc.name}
		for _, c := range fc.counts {
			active := v.Get(fc.param) == c.Value
			link := with("/", v, fc.param, c.Value)
			if active {
				link = with("/", v, fc.param, "")
			}
			f.Items = append(f.Items, facetItem{Label: fc.label(c.Value), Count: c.Count, URL: link, Active: active})
		}
		if len(f.Items) > 0 {
			view.Facets = append(view.Facets, f)
		}
	}
	prevStart, nextStart := 0, 0 // unknown
	if from > 0 {
		prevStart, nextStart = max(from-q.Limit, 1), view.To+1
	}
	if res.Prev != "" {
		view.Prev = cursorLink("/", v, "before", res.Prev, prevStart)
	}
	if res.Next != "" {
		view.Next = cursorLink("/", v, "after", res.Next, nextStart)
	}
	e := withoutPaging(v)
	e.Del("q")
	e.Del("limit")
	view.Export = e.Encode()
	s.page(w, r, "search", view)
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string{}, vs...)
	}
	return c
}

// cell is one value of a table as printed.
type cell struct {
	Key   string
	Text  string
	Title string // label, where it was printed, failed checks
	Fail  bool   // a failed check found this printed value wrong (a total)
	Part  bool   // a part of a failed check's sum, outlined
	OCR   bool   // read from a picture by OCR: shown apart, never as if printed in text
	Page  int    // for an OCR'd value, where it was read: page and box in points,
	Box   string // "x0,y0,x1,y1", for the crop of the picture shown on hover
	// Picture is the src of the HTML report's picture the value was read
	// from, whose crop is cut from the picture stored with the page.
	Picture string
}

type row struct {
	Outer     string // table 三: 三、本年度办理结果 on the first result row, spanning them all
	OuterSpan int
	Head      string // group cell spanning rows, "" when the row has none or it is spanned from above
	HeadSpan  int
	Label     string
	LabelSpan int // label columns the label spans (table 三 has three)
	Cells     []cell
}

type tableView struct {
	Title   string
	Caption string
	Columns []string
	Rows    []row
}

type reportView struct {
	Title     string
	E         *gongkai.Entry
	Published string
	Signed    string
	Late      bool
	Deadline  string // 2024年1月31日 for a 2023 report
	RawURL    string
	Active    []tableView
	Apps      *tableView
	Review    []cell
	Failed    []checkView
	Cross     []checkView
	Sections  []sectionView
	PrevID    string
	Copied    *copiedView  // how much of the narrative repeats last year's; nil without last year's report
	Closest   *closestView // the closest report of another body in the same year; nil when none is close
	Skipped   int
	Passed    int
	OCR       int // facts read from pictures by OCR
}

// checkView is a failed check with the cells it compares, named.
type checkView struct {
	gongkai.Check
	Parts []string // the labels of the cells summed, or of the other report's cell
	Wrong []string // the labels of the printed value found wrong
}

// sectionView is one of the six numbered sections, in printed order; Table
// says which table it holds (二, 三, 四), "" for text only.
type sectionView struct {
	No, Title, Text, Table string
}

// sectionTitles are the template's titles, for sections a report lacks.
var sectionTitles = map[string]string{
	"一": "总体情况", "二": "主动公开政府信息情况", "三": "收到和处理政府信息公开申请情况",
	"四": "政府信息公开行政复议、行政诉讼情况", "五": "存在的主要问题及改进情况", "六": "其他需要报告的事项",
}

// Deadline spells out the publication deadline of a year's report (条例
// 第五十条: 31 January of the next year).
func Deadline(year int) string {
	return fmt.Sprintf("%d年1月31日", year+1)
}

// wrongKeys splits a failed check's cells into the printed value it found
// wrong and the parts it was checked against. A within-report identity
// lists the sum's parts before the printed total (balance: 总计 and 结转
// 下年度 are the printed side); a narrative check compares the text with
// the cells, all parts; a cross-year check's wrong cell is this report's,
// and its first part is the previous report's cell.
func wrongKeys(c gongkai.Check, crossYear bool) (wrong, parts []string) {
	n := 0
	switch {
	case crossYear && strings.HasPrefix(c.ID, "active.") && len(c.Keys) > 0:
		return c.Keys[:1], c.Keys // 上年现行有效, 本年制发, 本年废止
	case crossYear:
		n = 1
	case strings.HasPrefix(c.ID, "narrative."):
		return nil, c.Keys
	case strings.HasSuffix(c.ID, ".balance"):
		n = 2
	default:
		n = 1
	}
	n = min(n, len(c.Keys))
	return c.Keys[len(c.Keys)-n:], c.Keys[:len(c.Keys)-n]
}

// marks are a report's cells that failed checks involve.
type marks struct {
	wrong, part map[string][]gongkai.Check
}

// add files a failed check's cells and returns it with their labels.
func (m marks) add(c gongkai.Check, crossYear bool) checkView {
	wrong, parts := wrongKeys(c, crossYear)
	v := checkView{Check: c}
	for _, k := range wrong {
		m.wrong[k] = append(m.wrong[k], c)
		v.Wrong = append(v.Wrong, cellName(k))
	}
	for i, k := range parts {
		name := cellName(k)
		if crossYear && i == 0 {
			name = "上年 " + name
		} else {
			m.part[k] = append(m.part[k], c)
		}
		v.Parts = append(v.Parts, name)
	}
	return v
}

// cellName names a cell by its table and labels: 四 行政复议·总计.
func cellName(key string) string {
	table := map[string]string{gongkai.TableActive: "二", gongkai.TableApplications: "三", gongkai.TableReviewLitigation: "四"}[strings.SplitN(key, ".", 2)[0]]
	label := gongkai.KeyLabel(key)
	if table == "" {
		return label
	}
	return table + " " + label
}

// where says where a value was printed, in words.
func where(at gongkai.At) string {
	switch {
	case at.Picture != "" && at.Box != nil:
		return fmt.Sprintf("图片 %s [%.0f, %.0f, %.0f, %.0f]", at.Picture, at.Box[0], at.Box[1], at.Box[2], at.Box[3])
	case at.Page > 0 && at.Box != nil:
		return fmt.Sprintf("第%d页 [%.0f, %.0f, %.0f, %.0f]", at.Page, at.Box[0], at.Box[1], at.Box[2], at.Box[3])
	case at.Page > 0:
		return fmt.Sprintf("第%d页", at.Page)
	case at.Table != nil && at.Row != nil && at.Col != nil:
		return fmt.Sprintf("表格%d 第%d行 第%d列", *at.Table+1, *at.Row+1, *at.Col+1)
	case at.Line > 0:
		return fmt.Sprintf("第%d行", at.Line)
	}
	return "位置不明"
}

// cellOf builds the cell of key: its value, and in its title the label,
// what was printed and where, and each failed check it takes part in.
func cellOf(r *gongkai.Report, key string, failing marks) cell {
	c := cell{Key: key}
	lines := []string{gongkai.KeyLabel(key) + " (" + key + ")"}
	if f := r.Fact(key); f != nil {
		c.Text = num(f.Value)
		lines = append(lines, "原文: "+strconv.Quote(f.Raw)[1:len(strconv.Quote(f.Raw))-1], "位置: "+where(f.At))
		if c.OCR = f.At.OCR; c.OCR {
			lines = append(lines, fmt.Sprintf("由 OCR 从图片识别，置信度 %.0f；请与原件核对", f.At.Confidence))
			if b := f.At.Box; b != nil && f.At.Page > 0 {
				c.Page, c.Box = f.At.Page, fmt.Sprintf("%g,%g,%g,%g", b[0], b[1], b[2], b[3])
				c.Picture = f.At.Picture
			}
		}
	} else {
		lines = append(lines, "报告中没有此项")
	}
	for _, ch := range failing.wrong[key] {
		c.Fail = true
		lines = append(lines, fmt.Sprintf("核对未通过 %s: 应为 %s, 实为 %s", gongkai.CheckLabel(ch.ID), num(ch.Want), num(ch.Got)))
	}
	for _, ch := range failing.part[key] {
		c.Part = !c.Fail
		lines = append(lines, fmt.Sprintf("参与核对 %s（未通过：应为 %s, 实为 %s）", gongkai.CheckLabel(ch.ID), num(ch.Want), num(ch.Got)))
	}
	c.Title = strings.Join(lines, "\n")
	return c
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) {
	e, err := s.idx.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	rep := &e.Report
	view := reportView{Title: rep.Office + " " + strconv.Itoa(rep.Year) + "年", E: e, Published: rep.Published, Late: gongkai.Late(rep), Deadline: Deadline(rep.Year)}
	if rep.Signed != nil {
		view.Signed = *rep.Signed
	}
	for _, f := range rep.Facts {
		if f.At.OCR {
			view.OCR++
		}
	}
	if s.opts.Raw != nil && e.SHA256 != "" {
		view.RawURL = "/raw/" + e.SHA256
	}
	failing := marks{wrong: map[string][]gongkai.Check{}, part: map[string][]gongkai.Check{}}
	for _, c := range rep.Checks {
		switch c.Status {
		case gongkai.Fail:
			view.Failed = append(view.Failed, failing.add(c, false))
		case gongkai.Pass:
			view.Passed++
		default:
			view.Skipped++
		}
	}
	if prev, err := s.previous(r.Context(), e); err != nil {
		s.errorPage(w, r, err)
		return
	} else if prev != nil {
		view.PrevID = prev.ID
		if view.Copied, err = copiedFrom(prev, e); err != nil {
			s.errorPage(w, r, err)
			return
		}
		for _, c := range gongkai.CrossYearChecks(&prev.Report, rep) {
			if c.Status == gongkai.Fail {
				// Mark only this report's cell: the printed figure that disagrees.
				view.Cross = append(view.Cross, failing.add(c, true))
			}
		}
	}
	if view.Closest, err = s.closestOther(r.Context(), e); err != nil {
		s.errorPage(w, r, err)
		return
	}
	has := func(table string) bool {
		for _, f := range rep.Facts {
			if strings.HasPrefix(f.Key, table+".") {
				return true
			}
		}
		return false
	}
	if has(gongkai.TableActive) {
		layout := gongkai.ActiveLayouts[rep.Template]
		if layout == nil {
			layout = gongkai.ActiveLayouts[gongkai.Template2021]
		}
		for _, sub := range layout {
			t := tableView{Caption: sub.Article}
			for _, c := range sub.Columns {
				t.Columns = append(t.Columns, c.Label)
			}
			for _, rw := range sub.Rows {
				rv := row{Label: rw.Label, LabelSpan: 2}
				for _, c := range sub.Columns {
					rv.Cells = append(rv.Cells, cellOf(rep, gongkai.Key(gongkai.TableActive, rw.Key, c.Key), failing))
				}
				t.Rows = append(t.Rows, rv)
			}
			view.Active = append(view.Active, t)
		}
	}
	if has(gongkai.TableApplications) {
		view.Apps = applicationsTable(rep, failing)
	}
	if has(gongkai.TableReviewLitigation) {
		for _, rw := range gongkai.ReviewRows {
			for _, c := range gongkai.ReviewColumns {
				view.Review = append(view.Review, cellOf(rep, gongkai.Key(gongkai.TableReviewLitigation, rw, c), failing))
			}
		}
	}
	view.Sections = sections(rep, view.Active != nil, view.Apps != nil, view.Review != nil)
	s.page(w, r, "report", view)
}

// sections lists the report's six sections in printed order, each with its
// text and the table it holds when the report has that table.
func sections(rep *gongkai.Report, active, apps, review bool) []sectionView {
	has := map[string]bool{"二": active, "三": apps, "四": review}
	tables := map[string]string{"二": "active", "三": "applications", "四": "review"}
	text := map[string]gongkai.Section{}
	for _, sec := range rep.Sections {
		if _, seen := text[sec.No]; !seen {
			text[sec.No] = sec
		}
	}
	var out []sectionView
	for _, no := range []string{"一", "二", "三", "四", "五", "六"} {
		sec, ok := text[no]
		if !ok && !has[no] {
			continue
		}
		v := sectionView{No: no, Title: sec.Title, Text: sec.Text}
		if v.Title == "" {
			v.Title = sectionTitles[no]
		}
		if has[no] {
			v.Table = tables[no]
		}
		if v.Text == "" && v.Table == "" {
			continue
		}
		out = append(out, v)
	}
	return out
}

// applicationsTable lays table 三 out as printed: the rows the report has,
// in template order (the 2021 template's three （六） items, or the 2019
// layout's one row), sub-items under a group cell spanning them.
func applicationsTable(rep *gongkai.Report, failing marks) *tableView {
	t := &tableView{Columns: gongkai.ApplicationColumnLabels}
	var present []gongkai.ApplicationRow
	for _, ar := range gongkai.ApplicationRows {
		for _, c := range gongkai.ApplicationColumns {
			if rep.Fact(gongkai.Key(gongkai.TableApplications, ar.Row, c)) != nil {
				present = append(present, ar)
				break
			}
		}
	}
	results := 0 // rows under 三、本年度办理结果: the （一）…（七） groups
	for _, ar := range present {
		if strings.HasPrefix(ar.Group, "（") {
			results++
		}
	}
	firstResult := true
	for i, ar := range present {
		rv := row{LabelSpan: 2}
		if strings.HasPrefix(ar.Group, "（") && firstResult {
			rv.Outer, rv.OuterSpan, firstResult = "三、"+gongkai.ApplicationGroupLabels["三"], results, false
		}
		switch {
		case ar.Item > 0:
			rv.LabelSpan = 1
			rv.Label = strconv.Itoa(ar.Item) + "." + ar.Label
			if i == 0 || present[i-1].Group != ar.Group {
				rv.Head = ar.Group + gongkai.ApplicationGroupLabels[ar.Group]
				for j := i; j < len(present) && present[j].Group == ar.Group; j++ {
					rv.HeadSpan++
				}
			}
		case strings.HasPrefix(ar.Group, "（"):
			rv.Label = ar.Group + ar.Label
		default:
			rv.Label, rv.LabelSpan = ar.Group+"、"+ar.Label, 3
		}
		for _, c := range gongkai.ApplicationColumns {
			rv.Cells = append(rv.Cells, cellOf(rep, gongkai.Key(gongkai.TableApplications, ar.Row, c), failing))
		}
		t.Rows = append(t.Rows, rv)
	}
	return t
}

// previous finds the same body's report for the year before, the one with
// the most facts when there are several; nil when there is none.
func (s *Server) previous(ctx context.Context, e *gongkai.Entry) (*gongkai.Entry, error) {
	if e.Report.Year == 0 {
		return nil, nil
	}
	y := e.Report.Year - 1
	all, err := export.All(ctx, s.idx, index.Filter{Office: e.Report.Office, YearFrom: y, YearTo: y})
	if err != nil {
		return nil, err
	}
	return pick(all, e.Report.Office)[y], nil
}

// pick keeps the exact office's entries (every entry for ""), one a year:
// the one that stands for the year (gongkai.Stands; a page and its
// attachment are one report).
func pick(entries []gongkai.Entry, office string) map[int]*gongkai.Entry {
	out := map[int]*gongkai.Entry{}
	for i := range entries {
		e := &entries[i]
		if office != "" && e.Report.Office != office {
			continue
		}
		if have := out[e.Report.Year]; have == nil || gongkai.Stands(e, have) {
			out[e.Report.Year] = e
		}
	}
	return out
}

// years returns a map's years in order.
func years[V any](m map[int]V) []int {
	ys := make([]int, 0, len(m))
	for y := range m {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}
