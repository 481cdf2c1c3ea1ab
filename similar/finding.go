package similar

import (
	"fmt"
	"sort"

	gongkai "github.com/gongkai/gongkai"
)

// Threshold is the Ratio from which a report is a finding, 与上年雷同: at
// least this share of its counted sentences repeat the same body's report
// of the year before. See README (雷同) for the measurements behind it.
const Threshold = 0.75

// MinSentences is the fewest counted sentences a report needs for a
// finding: in a narrative of three sentences, two that name no figure (本机关
// 无其他需要报告的事项) would already make two thirds.
const MinSentences = 5

// Copied compares a body's report with its report of the year before (prev)
// and returns the comparison, with a finding of kind gongkai.FindingCopied
// when the ratio reaches Threshold. It needs nothing but the two reports,
// so whoever precomputes findings can call it for each consecutive pair.
func Copied(prev, cur *gongkai.Entry) (*gongkai.Finding, Comparison, error) {
	a, err := New(&cur.Report)
	if err != nil {
		return nil, Comparison{}, err
	}
	b, err := New(&prev.Report)
	if err != nil {
		return nil, Comparison{}, err
	}
	f, c := CopiedDocs(prev, cur, b, a)
	return f, c, nil
}

// CopiedDocs is Copied with the two narratives already cut (New): an index
// that cut them for the reports' prints compares those cuts, not new ones.
func CopiedDocs(prev, cur *gongkai.Entry, prevDoc, curDoc *Doc) (*gongkai.Finding, Comparison) {
	c := Compare(curDoc, prevDoc)
	if c.Sentences < MinSentences || c.Ratio < Threshold {
		return nil, c
	}
	got := float64(c.Percent())
	return &gongkai.Finding{
		Kind: gongkai.FindingCopied, Office: cur.Report.Office, Region: cur.Region, Level: cur.Level,
		Year: cur.Report.Year, ID: cur.ID, Got: &got,
		Detail: fmt.Sprintf("%d 句中 %d 句与 %d 年报告雷同（%d%%）", c.Sentences, c.Repeated, prev.Report.Year, c.Percent()),
	}, c
}

// Findings lists the copied findings among the entries: each body's report
// against its report of the year before. Bodies are told apart by body id,
// so a renamed body is one body, and of several reports of one body and
// year the one with the most facts stands for the year
// (gongkai.PerBodyYear), as in gongkai.Findings. The order is office, year.
func Findings(entries []gongkai.Entry) ([]gongkai.Finding, error) {
	out := []gongkai.Finding{}
	reports := gongkai.PerBodyYear(entries)
	for i := 1; i < len(reports); i++ {
		prev, e := reports[i-1], reports[i]
		if prev.Report.Year == 0 || e.Report.Year != prev.Report.Year+1 || e.BodyID() != prev.BodyID() {
			continue
		}
		f, _, err := Copied(prev, e)
		if err != nil {
			return nil, fmt.Errorf("%s %d: %w", e.Report.Office, e.Report.Year, err)
		}
		if f != nil {
			out = append(out, *f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Office != out[j].Office {
			return out[i].Office < out[j].Office
		}
		return out[i].Year < out[j].Year
	})
	return out, nil
}
