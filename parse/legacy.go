package parse

import (
	"regexp"
	"strings"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// The pre-2019 statistics table (政府信息公开情况统计表): one indicator a
// row, a unit column, then the year's value and, in some provinces, the
// cumulative one (指标名称 / 计量单位 / 2013年度 / 历年累计). Rows are
// matched by their words, since each province words them its own way, and
// by the indicator printed above them, since 被依法纠错数 is printed under
// both 行政复议 and 行政诉讼.

// legacyUnits are the words a 计量单位 cell holds.
var legacyUnits = map[string]bool{
	"条": true, "件": true, "个": true, "人": true, "人次": true, "次": true, "篇": true,
	"万元": true, "元": true, "项": true, "份": true, "宗": true, "起": true,
}

// isLegacyHeader reports whether a row is the statistics table's header.
func isLegacyHeader(cells []layout.Cell) bool {
	for _, c := range cells {
		if !strings.ContainsAny(c.Text, "指累") { // most cells: spare the allocations below
			continue
		}
		t := strings.Join(strings.Fields(c.Text), "")
		if strings.Contains(t, "指标名称") || strings.Contains(t, "统计指标") || strings.Contains(t, "计量单位") || strings.Contains(t, "历年累计") {
			return true
		}
	}
	return false
}

// isLegacyRow reports whether a row has the statistics table's layout: a
// label, then a unit cell, then one to three values (本年度, 历年累计, a code).
func isLegacyRow(cells []layout.Cell) bool {
	unit := false
	for _, c := range cells {
		unit = unit || legacyUnits[strings.TrimSpace(c.Text)]
	}
	if !unit { // the 2019+ tables have no unit cells: spare splitting the row
		return false
	}
	labels, values := splitRow(cells)
	return len(labels) >= 2 && len(values) > 0 && len(values) <= 3 && legacyUnits[strings.TrimSpace(labels[len(labels)-1].Text)]
}

// startsLegacy reports whether a row outside the statistics table begins
// one: its layout is the table's and its label an indicator of it. A
// 2019+ table that prints a unit column keeps its rows.
func (t *tableReader) startsLegacy(cells []layout.Cell) bool {
	if !isLegacyRow(cells) {
		return false
	}
	labels, _ := splitRow(cells)
	return t.matchLegacyRow(labels[len(labels)-2].Text) != nil
}

// legacyColumnRole is what one header cell of the statistics table heads.
func legacyColumnRole(header string) string {
	h := strings.Join(strings.Fields(header), "")
	switch {
	case strings.Contains(h, "指标") || strings.Contains(h, "单位") || strings.Contains(h, "序号"):
		return "label"
	case strings.Contains(h, "代码") || h == "甲" || h == "乙" || h == "丙":
		return "code"
	case strings.Contains(h, "历年") || (strings.Contains(h, "累计") && !strings.Contains(h, "本年")):
		return gongkai.LegacyCumulative
	case strings.Contains(h, "本期"):
		return "period"
	case strings.Contains(h, "年") || strings.Contains(h, "统计数") || strings.Contains(h, "数量") || strings.Contains(h, "数值"):
		return gongkai.LegacyYear
	}
	return ""
}

// legacyHeader reads the value columns' roles from the header row, in
// printed order, leaving out the label and unit columns.
func (t *tableReader) legacyHeader(cells []layout.Cell) {
	t.legacyCols = nil
	for _, c := range cells {
		switch role := legacyColumnRole(c.Text); role {
		case "label":
		case "":
			if strings.TrimSpace(c.Text) != "" {
				t.warnf("legacy: unrecognised column %q", c.Text)
			}
			t.legacyCols = append(t.legacyCols, "")
		default:
			t.legacyCols = append(t.legacyCols, role)
		}
	}
	// 本期实际 beside 本年累计 (a form also filled in quarterly) is the last
	// quarter; alone, it is the year.
	hasYear := false
	for _, r := range t.legacyCols {
		hasYear = hasYear || r == gongkai.LegacyYear
	}
	for i, r := range t.legacyCols {
		if r == "period" {
			t.legacyCols[i] = map[bool]string{true: "code", false: gongkai.LegacyYear}[hasYear]
		}
	}
}

// legacyValueRoles are the roles of a row's n value cells: the header's
// when it printed as many, the year then the cumulative one otherwise.
func (t *tableReader) legacyValueRoles(n int) []string {
	if len(t.legacyCols) == n {
		return t.legacyCols
	}
	if n >= 2 && len(t.legacyCols) > 0 && len(t.legacyCols) < n {
		// A code column the header named in a cell of its own is gone, or
		// the values carry one more cell than headed: keep the last ones.
		return append(make([]string, n-len(t.legacyCols)), t.legacyCols...)
	}
	roles := []string{gongkai.LegacyYear, gongkai.LegacyCumulative}
	if n <= len(roles) {
		return roles[:n]
	}
	return append(make([]string, n-len(roles)), roles...)
}

// legacyPrefixRE strips the words that introduce a row printed under another.
var legacyPrefixRE = regexp.MustCompile(`^\s*(?:其中\s*[：:]?\s*)?`)

// legacyNoteRE matches an explanation the national form prints after a
// label, in brackets.
var legacyNoteRE = regexp.MustCompile(`[（(][^（()）]{4,}[）)]`)

func (t *tableReader) legacyRow(cells []layout.Cell) {
	if isLegacyHeader(cells) {
		t.legacyHeader(cells)
		return
	}
	labels, values := splitRow(cells)
	var unit string
	if len(labels) >= 2 && legacyUnits[strings.TrimSpace(labels[len(labels)-1].Text)] {
		unit = strings.TrimSpace(labels[len(labels)-1].Text)
		labels = labels[:len(labels)-1]
	}
	if len(labels) == 0 {
		if len(values) > 0 {
			t.warnf("legacy: values without a row label at %s", where(values[0].cell.At))
		}
		return
	}
	label := labels[len(labels)-1].Text
	if len(values) == 0 || legacyHeading(label) {
		return // a group heading such as 一、主动公开情况, printed with dashes or nothing
	}
	row := t.matchLegacyRow(label)
	if row == nil {
		t.warnf("legacy: unrecognised row %q", label)
		return
	}
	t.legacyPath = legacyAncestors(row.Key)
	roles := t.legacyValueRoles(len(values))
	for i, v := range values {
		if roles[i] == "" || roles[i] == "code" {
			continue
		}
		v.value = legacyMoney(row.Unit, unit, v.cellValue)
		t.emit(gongkai.Key(gongkai.TableLegacy, row.Key, roles[i]), v)
	}
}

// legacyMoney puts money in the row's unit: a 元 figure in a 万元 row is
// divided by 10,000, as schema.md does for table 二's fees.
func legacyMoney(rowUnit, printedUnit string, v cellValue) *float64 {
	if v.value == nil || rowUnit != "万元" || (printedUnit != "元" && v.unit != "元") {
		return v.value
	}
	x := *v.value / 10000
	return &x
}

func legacyHeading(label string) bool {
	rest := splitNumbering(label).rest
	for _, h := range gongkai.LegacyHeadings {
		if similarity(rest, h) > 0.85 {
			return true
		}
	}
	return false
}

// legacyAncestors lists a row and the rows it is printed under, nearest first.
func legacyAncestors(key string) []string {
	var path []string
	for key != "" {
		path = append(path, key)
		parent := ""
		for _, r := range gongkai.LegacyRows {
			if r.Key == key {
				parent = r.Parent
			}
		}
		key = parent
	}
	return path
}

// matchLegacyRow finds the indicator a label names: the closest of every
// row's words, with a small preference for rows printed under the row just
// read or one of its ancestors, nearest first.
func (t *tableReader) matchLegacyRow(label string) *gongkai.LegacyRow {
	text := splitNumbering(legacyPrefixRE.ReplaceAllString(label, "")).rest
	text = legacyNoteRE.ReplaceAllString(text, "") // （不同渠道和方式公开相同信息计1条）
	var best *gongkai.LegacyRow
	score := 0.0
	for i := range gongkai.LegacyRows {
		r := &gongkai.LegacyRows[i]
		s := similarity(text, r.Label)
		for _, w := range r.Words {
			s = max(s, similarity(text, w))
		}
		for depth, k := range t.legacyPath {
			if r.Parent == k {
				s += 0.1 - 0.02*float64(depth)
				break
			}
		}
		if s > score {
			best, score = r, s
		}
	}
	if score < 0.7 {
		return nil
	}
	return best
}
