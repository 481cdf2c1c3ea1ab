package parse

import (
	"strconv"
	"strings"
)

// cellValue is a table cell read as a number.
type cellValue struct {
	value *float64 // nil for a blank cell
	unit  string   // a unit printed after the number: 元, 万元, 件 …
}

// zeroWords are printed in place of 0.
var zeroWords = map[string]bool{
	"-": true, "--": true, "—": true, "——": true, "–": true, "/": true, "无": true,
}

var units = []string{"万元", "元", "件", "条", "个", "项", "次"}

// readValue reads a cell as a number: blank is nil, a dash or 无 is 0,
// full-width digits, thousands separators and a trailing unit are allowed.
// ok is false for text that is not a number, such as a label.
func readValue(raw string) (v cellValue, ok bool) {
	s := strings.Map(halfWidth, raw)
	s = strings.Join(strings.Fields(s), "")
	if s == "" {
		return cellValue{}, true
	}
	if zeroWords[s] {
		zero := 0.0
		return cellValue{value: &zero}, true
	}
	for _, u := range units {
		if rest, found := strings.CutSuffix(s, u); found && rest != "" {
			s, v.unit = rest, u
			break
		}
	}
	if strings.Count(s, ",") > 0 && thousands(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	// "1." is an item number, not a value.
	if s == "" || strings.HasSuffix(s, ".") || !(s[0] >= '0' && s[0] <= '9' || s[0] == '-' || s[0] == '+' || s[0] == '.') {
		return cellValue{}, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return cellValue{}, false
	}
	v.value = &f
	return v, true
}

// thousands reports whether the commas in s group digits by three.
func thousands(s string) bool {
	intPart, _, _ := strings.Cut(s, ".")
	groups := strings.Split(strings.TrimLeft(intPart, "+-"), ",")
	for i, g := range groups {
		if (i > 0 && len(g) != 3) || len(g) == 0 || len(g) > 3 {
			return false
		}
	}
	return true
}

// halfWidth maps full-width digits and number punctuation to ASCII.
func halfWidth(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return r - '０' + '0'
	case r == '．':
		return '.'
	case r == '，':
		return ','
	case r == '－' || r == '−':
		return '-'
	case r == '＋':
		return '+'
	}
	return r
}
