package gongkai

import (
	"fmt"
	"sort"
	"time"
)

// Kinds of finding.
const (
	FindingCheck     = "check"      // a within-report check failed (1–4, 7)
	FindingCrossYear = "cross_year" // a check against the previous year's report failed (5, 6)
	FindingLate      = "late"       // published after 31 January of the following year
	FindingMissing   = "missing"    // the body has reports for other years but not this one
	FindingRevised   = "revised"    // the document changed after it was first collected
	// FindingRateOutlier: a rate beyond the quartile of its peers (rates.go)
	FindingRateOutlier = "rate_outlier"
	FindingCopied      = "copied" // the narrative repeats the body's report of the year before (package similar)
)

// FindingKindLabels are the kinds' names as the web UI and exports print them.
var FindingKindLabels = map[string]string{
	FindingCheck:       "核对未通过",
	FindingCrossYear:   "跨年核对未通过",
	FindingLate:        "逾期发布",
	FindingMissing:     "未发布年报",
	FindingRevised:     "发布后修改",
	FindingRateOutlier: "比率异常",
	FindingCopied:      "与上年雷同",
}

// Finding is one thing an auditor should look at: a failed check, a late
// or missing report.
type Finding struct {
	Kind   string   `json:"kind"`
	Office string   `json:"office"`
	Region string   `json:"region,omitempty"`
	Level  string   `json:"level,omitempty"`
	Year   int      `json:"year"`
	ID     string   `json:"id,omitempty"`    // the entry, "" for a missing report
	Check  string   `json:"check,omitempty"` // check id for check and cross_year findings
	Want   *float64 `json:"want,omitempty"`
	Got    *float64 `json:"got,omitempty"`
	Detail string   `json:"detail,omitempty"` // the date of a late report, the reason of a check
}

// Key names what a finding is about — its kind, the body, the year and the
// check — and not the entry it was found in, so a review of it, or a watch
// that has seen it, still applies after the report is re-read or re-indexed.
func (f Finding) Key() string {
	return fmt.Sprintf("%s|%s|%d|%s", f.Kind, f.Office, f.Year, f.Check)
}

// PublicationDate is the date a report was made public: the 发布日期 of its
// page, else the date it was signed; "" when neither is known.
func PublicationDate(r *Report) string {
	if r.Published != "" {
		return r.Published
	}
	if r.Signed != nil {
		return *r.Signed
	}
	return ""
}

// Late reports whether r was made public after 31 January of the year after
// the one it covers, the deadline of 条例 第五十条. A report with no known
// date, or a date that does not parse, is not late: nothing says it was.
func Late(r *Report) bool {
	d, err := time.Parse(time.DateOnly, PublicationDate(r))
	if err != nil || r.Year == 0 {
		return false
	}
	return d.After(time.Date(r.Year+1, time.January, 31, 0, 0, 0, 0, time.UTC))
}

// Findings lists what the entries show: every failed check of every report,
// the failed cross-year checks between a body's consecutive reports, late
// reports, reports revised after they were first collected, the years (among
// those the entries cover) in which a body with reports in other years
// published none, and the rates that stand out among their peers
// (RateOutliers). Bodies are told apart by body id, so a renamed body is one
// body. When a body has several reports for one year (a page and its
// attachment), the one that Stands stands for the year in the cross-year
// checks and the rates. The order is office, year, kind, check.
func Findings(entries []Entry) []Finding {
	var out []Finding
	years := map[int]bool{}
	byBody := map[string]map[int]*Entry{}
	for i := range entries {
		e := &entries[i]
		r := &e.Report
		if r.Year == 0 {
			continue
		}
		years[r.Year] = true
		out = append(out, ReportFindings(e)...)
		body := e.BodyID()
		if byBody[body] == nil {
			byBody[body] = map[int]*Entry{}
		}
		if have := byBody[body][r.Year]; have == nil || Stands(e, have) {
			byBody[body][r.Year] = e
		}
	}
	var rates []RateValue
	for _, reports := range byBody {
		out = append(out, BodyFindings(reports, years)...)
		for _, e := range reports {
			rates = append(rates, RateValues(e)...)
		}
	}
	out = append(out, RateOutliers(rates)...)
	SortFindings(out)
	return out
}

// Stands reports whether e rather than have stands for their body's year:
// the report with the most facts, and of those the one with the least ID,
// so that the choice does not depend on the order reports come in.
func Stands(e, have *Entry) bool {
	if n, m := len(e.Report.Facts), len(have.Report.Facts); n != m {
		return n > m
	}
	return e.ID < have.ID
}

// BodyKinds are the kinds of finding that depend on a body's reports of
// several years, not on one report: an index recomputes them for a body
// whenever one of its reports changes.
var BodyKinds = []string{FindingCrossYear, FindingMissing}

// ReportFindings lists what one report shows on its own: its failed
// checks, whether it was late, whether it was revised.
func ReportFindings(e *Entry) []Finding {
	r := &e.Report
	if r.Year == 0 {
		return nil
	}
	var out []Finding
	base := Finding{Office: r.Office, Region: e.Region, Level: e.Level, Year: r.Year, ID: e.ID}
	for _, c := range r.FailedChecks() {
		f := base
		f.Kind, f.Check, f.Want, f.Got, f.Detail = FindingCheck, c.ID, c.Want, c.Got, c.Reason
		out = append(out, f)
	}
	if Late(r) {
		f := base
		f.Kind, f.Detail = FindingLate, PublicationDate(r)
		out = append(out, f)
	}
	if e.Versions > 1 {
		f := base
		f.Kind, f.Detail = FindingRevised, fmt.Sprintf("%d versions collected", e.Versions)
		out = append(out, f)
	}
	return out
}

// BodyFindings lists the findings of one body across its years: the failed
// cross-year checks between consecutive reports and the years among years
// without a report. reports holds the report standing for each year; a
// missing year's finding carries the name, region and level of the latest
// one, so a renamed body is missing under the name it has now.
func BodyFindings(reports map[int]*Entry, years map[int]bool) []Finding {
	var out []Finding
	var latest *Entry
	for _, e := range reports {
		if latest == nil || e.Report.Year > latest.Report.Year {
			latest = e
		}
	}
	for y := range years {
		e := reports[y]
		if e == nil {
			out = append(out, Finding{Kind: FindingMissing, Office: latest.Report.Office, Region: latest.Region, Level: latest.Level, Year: y})
			continue
		}
		prev := reports[y-1]
		if prev == nil {
			continue
		}
		for _, c := range CrossYearChecks(&prev.Report, &e.Report) {
			if c.Status == Fail {
				out = append(out, Finding{Kind: FindingCrossYear, Office: e.Report.Office, Region: e.Region, Level: e.Level,
					Year: y, ID: e.ID, Check: c.ID, Want: c.Want, Got: c.Got, Detail: c.Reason})
			}
		}
	}
	return out
}

// SortFindings puts findings in the order of office, year, kind, check and entry.
func SortFindings(out []Finding) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Office != b.Office {
			return a.Office < b.Office
		}
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.ID < b.ID
	})
}
