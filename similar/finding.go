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
	c := Compare(a, b)
	if c.Sentences < MinSentences || c.Ratio < Threshold {
		return nil, c, nil
	}
	got := float64(c.Percent())
	return &gongkai.Finding{
		Kind: gongkai.FindingCopied, Office: cur.Report.Office, Region: cur.Region, Level: cur.Level,
		Year: cur.Report.Year, ID: cur.ID, Got: &got,
		Detail: fmt.Sprintf("%d 句中 %d 句与 %d 年报告雷同（%d%%）", c.Sentences, c.Repeated, prev.Report.Year, c.Percent()),
	}, c, nil
}

// Findings lists the copied findings among the entries: each body's report
// against its report of the year before. Bodies are told apart by name, and
// of several reports of one body and year the one with the most facts
// stands for the year, as in gongkai.Findings. The order is office, year.
func Findings(entries []gongkai.Entry) ([]gongkai.Finding, error) {
	byOffice := map[string]map[int]*gongkai.Entry{}
	for i := range entries {
		e := &entries[i]
		r := &e.Report
		if r.Year == 0 {
			continue
		}
		if byOffice[r.Office] == nil {
			byOffice[r.Office] = map[int]*gongkai.Entry{}
		}
		if have := byOffice[r.Office][r.Year]; have == nil || len(r.Facts) > len(have.Report.Facts) {
			byOffice[r.Office][r.Year] = e
		}
	}
	out := []gongkai.Finding{}
	for _, years := range byOffice {
		for y, e := range years {
			prev := years[y-1]
			if prev == nil {
				continue
			}
			f, _, err := Copied(prev, e)
			if err != nil {
				return nil, fmt.Errorf("%s %d: %w", e.Report.Office, y, err)
			}
			if f != nil {
				out = append(out, *f)
			}
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
