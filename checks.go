package gongkai

import (
	"fmt"
	"math"
)

// RunChecks evaluates the within-report identities of report-format.md
// (checks 1–4) and the narrative figures against the tables (check 7). It
// only reads facts: a failed identity is a finding, never a repair.
//
// Blank cells are nil facts. A check whose printed side is entirely blank is
// skipped, with the reason; otherwise blank parts count as zero, which is
// what a blank cell means in practice, and the reason says so.
func RunChecks(r *Report) []Check {
	facts := make(map[string]*Fact, len(r.Facts))
	for i := range r.Facts {
		facts[r.Facts[i].Key] = &r.Facts[i]
	}
	var checks []Check
	add := func(c *Check) {
		if c != nil {
			checks = append(checks, *c)
		}
	}
	app := func(row, col string) string { return Key(TableApplications, row, col) }

	// 1. 勾稽关系: new + carried over = total handled + carried forward, per column.
	for _, col := range ApplicationColumns {
		add(identity(facts, "applications."+col+".balance",
			[]string{app("new_received", col), app("carried_over", col)},
			[]string{app("total", col), app("carried_forward", col)}))
	}
	// 2. （七）总计 = the sum of the result rows, per column.
	for _, col := range ApplicationColumns {
		var parts []string
		for _, row := range ApplicationResultRows {
			if facts[app(row, col)] != nil {
				parts = append(parts, app(row, col))
			}
		}
		add(identity(facts, "applications."+col+".results", parts, []string{app("total", col)}))
	}
	// 3. Every row's 总计 = 自然人 + the five 法人或其他组织 columns.
	for _, row := range ApplicationRows {
		parts := make([]string, 0, 6)
		for _, col := range ApplicationColumns[:6] {
			parts = append(parts, app(row.Row, col))
		}
		add(identity(facts, "applications."+row.Row+".sum", parts, []string{app(row.Row, "total")}))
	}
	// 4. Table 四: each group's 总计 = 维持 + 纠正 + 其他 + 尚未审结.
	for _, row := range ReviewRows {
		parts := make([]string, 0, 4)
		for _, col := range ReviewColumns[:4] {
			parts = append(parts, Key(TableReviewLitigation, row, col))
		}
		add(identity(facts, TableReviewLitigation+"."+row+".sum", parts, []string{Key(TableReviewLitigation, row, "total")}))
	}
	// The pre-2019 statistics table's sums (legacy.go).
	checks = append(checks, legacyChecks(facts)...)
	// 7. Figures stated in the narrative against the tables.
	keys := figureKeys
	if r.Template == TemplateLegacy {
		keys = legacyFigureKeys
	}
	for _, f := range r.Figures {
		add(narrativeCheck(facts, f, keys))
	}
	return checks
}

// identity compares the sum of the want keys with the sum of the got keys.
// It returns nil when the report has none of the keys (the table is absent).
func identity(facts map[string]*Fact, id string, wantKeys, gotKeys []string) *Check {
	keys := append(append([]string{}, wantKeys...), gotKeys...)
	present, missing := 0, 0
	for _, k := range keys {
		if facts[k] != nil {
			present++
		} else {
			missing++
		}
	}
	if present == 0 {
		return nil
	}
	c := &Check{ID: id, Keys: keys}
	if missing > 0 {
		c.Status, c.Reason = Skipped, fmt.Sprintf("%d of %d cells not in the report", missing, len(keys))
		return c
	}
	want, wantBlank := sum(facts, wantKeys)
	got, gotBlank := sum(facts, gotKeys)
	switch {
	case gotBlank == len(gotKeys):
		c.Status, c.Reason = Skipped, "printed total is blank"
		return c
	case wantBlank == len(wantKeys):
		c.Status, c.Reason = Skipped, "every part is blank"
		return c
	}
	c.Want, c.Got = &want, &got
	c.Status = Pass
	if !equal(want, got) {
		c.Status = Fail
	}
	if blanks := wantBlank + gotBlank; blanks > 0 {
		c.Reason = fmt.Sprintf("%d blank cells counted as 0", blanks)
	}
	return c
}

// sum adds the values of keys, counting blanks as zero, and says how many were blank.
func sum(facts map[string]*Fact, keys []string) (total float64, blank int) {
	for _, k := range keys {
		if v := facts[k].Value; v != nil {
			total += *v
		} else {
			blank++
		}
	}
	return total, blank
}

func equal(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// Names of the narrative figures the parser recognises.
const (
	FigureApplicationsReceived = "applications_received" // 受理/收到…申请N件
	FigureNoApplications       = "no_applications"       // 未收到…申请
	FigureActiveDisclosed      = "active_disclosed"      // 主动公开…N条
	FigureReviewCases          = "review_cases"          // 行政复议N件
	FigureLitigationCases      = "litigation_cases"      // 行政诉讼N件
)

// figureKeys names the table facts whose sum a narrative figure states.
var figureKeys = map[string][]string{
	FigureApplicationsReceived: {Key(TableApplications, "new_received", "total")},
	FigureNoApplications:       {Key(TableApplications, "new_received", "total")},
	FigureReviewCases:          {Key(TableReviewLitigation, "review", "total")},
	FigureLitigationCases: {
		Key(TableReviewLitigation, "litigation_direct", "total"),
		Key(TableReviewLitigation, "litigation_after_review", "total"),
	},
}

func narrativeCheck(facts map[string]*Fact, f Figure, figureKeys map[string][]string) *Check {
	keys, ok := figureKeys[f.Name]
	c := &Check{ID: "narrative." + f.Name, Keys: keys, Reason: f.Sentence}
	if f.Part {
		c.Status, c.Reason, c.Keys = Skipped, "states a part, not the whole the table prints: "+f.Sentence, []string{}
		return c
	}
	if !ok {
		c.Status, c.Reason, c.Keys = Skipped, "no table cell states this figure: "+f.Sentence, []string{}
		return c
	}
	for _, k := range keys {
		if facts[k] == nil {
			c.Status, c.Reason = Skipped, "table cell not in the report: "+k
			return c
		}
	}
	got, blank := sum(facts, keys)
	if blank == len(keys) {
		c.Status, c.Reason = Skipped, "table cell is blank: "+f.Sentence
		return c
	}
	want := f.Value
	c.Want, c.Got = &want, &got
	c.Status = Pass
	if !equal(want, got) {
		c.Status = Fail
	}
	return c
}
