package parse

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Labels in real reports drop their numbering, lose a character, shorten
// (国家秘密 for 属于国家秘密) or come cut in half by a line break, so labels
// are compared by the longest common subsequence of their letters, not by
// equality.

// numbering is the outline number a label starts with.
type numbering struct {
	level int    // 0 none, 1 一、, 2 （一）, 3 1.
	num   string // 一, （一）, or the item number as digits
	rest  string // the label after its number
}

var (
	topRE   = regexp.MustCompile(`^([一二三四五六七八九十]+)\s*[、.．,，]`)
	groupRE = regexp.MustCompile(`^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*[、.．]?`)
	itemRE  = regexp.MustCompile(`^(?:(\d+)\s*[.．、,，]|[（(]\s*(\d+)\s*[）)])`)
)

func splitNumbering(label string) numbering {
	s := strings.TrimSpace(strings.Map(halfWidth, label))
	if m := topRE.FindStringSubmatch(s); m != nil {
		return numbering{level: 1, num: m[1], rest: s[len(m[0]):]}
	}
	if m := groupRE.FindStringSubmatch(s); m != nil {
		return numbering{level: 2, num: "（" + m[1] + "）", rest: s[len(m[0]):]}
	}
	if m := itemRE.FindStringSubmatch(s); m != nil {
		n := m[1] + m[2]
		if _, err := strconv.Atoi(n); err == nil {
			return numbering{level: 3, num: n, rest: s[len(m[0]):]}
		}
	}
	return numbering{rest: s}
}

// core keeps a label's letters, digits and Chinese characters: the part that
// survives re-typing, re-punctuating and re-spacing.
func core(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range strings.Map(halfWidth, s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return out
}

// similarity is the Dice coefficient of the longest common subsequence of two
// labels' cores: 1 for the same letters, 0 for nothing in common.
func similarity(a, b string) float64 {
	x, y := core(a), core(b)
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	return 2 * float64(lcs(x, y)) / float64(len(x)+len(y))
}

// outsideLCS returns the runes of x outside a longest common subsequence
// with y, in order.
func outsideLCS(x, y []rune) []rune {
	// table[i][j]: the LCS of x[i:] and y[j:]
	table := make([][]int, len(x)+1)
	for i := range table {
		table[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				table[i][j] = table[i+1][j+1] + 1
			} else {
				table[i][j] = max(table[i+1][j], table[i][j+1])
			}
		}
	}
	var out []rune
	i, j := 0, 0
	for i < len(x) {
		switch {
		case j < len(y) && x[i] == y[j]:
			i, j = i+1, j+1
		case j < len(y) && table[i][j+1] >= table[i+1][j]:
			j++
		default:
			out = append(out, x[i])
			i++
		}
	}
	return out
}

func lcs(x, y []rune) int {
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			switch {
			case x[i-1] == y[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}
