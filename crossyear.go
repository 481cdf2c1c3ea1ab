package gongkai

import "fmt"

// CrossYearChecks evaluates the identities that hold between two
// consecutive reports of the same body (report-format.md, checks 5 and 6):
// prev is the report for year Y-1 and cur the one for year Y.
//
//   - 5, per column of table 三: 上年结转 in Y = 结转下年度继续办理 in Y-1
//     (id "applications.COL.carry").
//   - 6, for 规章 and 行政规范性文件 when both reports use the 2021 template:
//     现行有效件数 in Y = 现行有效件数 in Y-1 + 本年制发件数 − 本年废止件数
//     (id "active.ROW.in_force"). Amendments count as issued, so the
//     identity is only approximate: a failure carries the difference in
//     Reason and is a finding to look at, not an error.
//   - For the pre-2019 statistics table, per row: 历年累计 in Y = 历年累计 in
//     Y-1 + 本年度 in Y (id "legacy.ROW.cumulative.carry"), by definition of
//     the cumulative column.
//
// Want is what the other figures imply, Got what cur printed. Keys name the
// facts of both reports; Reason says which year each comes from. It returns
// nil when the reports are not consecutive years. Like RunChecks it only
// reads facts.
func CrossYearChecks(prev, cur *Report) []Check {
	if prev == nil || cur == nil || prev.Year+1 != cur.Year {
		return nil
	}
	var checks []Check
	for _, col := range ApplicationColumns {
		before := Key(TableApplications, "carried_forward", col)
		now := Key(TableApplications, "carried_over", col)
		c := crossCheck("applications."+col+".carry", []*Fact{prev.Fact(before)}, nil, cur.Fact(now))
		if c == nil {
			continue
		}
		c.Keys = []string{before, now}
		if c.Status != Skipped {
			c.Reason = fmt.Sprintf("%d年结转下年度 %s, %d年上年结转 %s", prev.Year, number(c.Want), cur.Year, number(c.Got))
		}
		checks = append(checks, *c)
	}
	for _, row := range []string{"regulations", "normative_documents"} {
		inForce := Key(TableActive, row, "in_force")
		issued := Key(TableActive, row, "issued")
		repealed := Key(TableActive, row, "repealed")
		c := crossCheck("active."+row+".in_force",
			[]*Fact{prev.Fact(inForce), cur.Fact(issued)}, []*Fact{cur.Fact(repealed)}, cur.Fact(inForce))
		if c == nil {
			continue
		}
		c.Keys = []string{inForce, issued, repealed}
		switch {
		case c.Status != Skipped && (prev.Template != Template2021 || cur.Template != Template2021):
			c.Status, c.Want, c.Got = Skipped, nil, nil
			c.Reason = "2021 template only: the 2019 template has no 现行有效件数"
		case c.Status != Skipped:
			c.Reason = fmt.Sprintf("%d年现行有效 %s + %d年制发 − 废止 = %s, %d年现行有效 %s: 差 %s",
				prev.Year, number(prev.Fact(inForce).Value), cur.Year, number(c.Want), cur.Year, number(c.Got), number(ptr(*c.Got-*c.Want)))
		}
		checks = append(checks, *c)
	}
	return append(checks, legacyCrossChecks(prev, cur)...)
}

// crossCheck compares the sum of plus minus the sum of minus with got. It
// returns nil when none of the facts is printed (the table is absent from
// both reports), and a skipped check when some are missing or got is blank.
// Blank parts count as zero, as within a report.
func crossCheck(id string, plus, minus []*Fact, got *Fact) *Check {
	all := append(append(append([]*Fact{}, plus...), minus...), got)
	present := 0
	for _, f := range all {
		if f != nil {
			present++
		}
	}
	switch {
	case present == 0:
		return nil
	case present < len(all):
		return &Check{ID: id, Status: Skipped, Reason: "a cell is missing from one of the reports"}
	case got.Value == nil:
		return &Check{ID: id, Status: Skipped, Reason: "printed figure is blank"}
	}
	want := 0.0
	for _, f := range plus {
		if f.Value != nil {
			want += *f.Value
		}
	}
	for _, f := range minus {
		if f.Value != nil {
			want -= *f.Value
		}
	}
	c := &Check{ID: id, Status: Pass, Want: ptr(want), Got: ptr(*got.Value)}
	if !equal(want, *got.Value) {
		c.Status = Fail
	}
	return c
}

func ptr(v float64) *float64 { return &v }

// number formats a value for a reason: the shortest form, "空" when blank.
func number(v *float64) string {
	if v == nil {
		return "空"
	}
	return fmt.Sprint(*v)
}
