package docx

import (
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/parse/zipxml"
)

// maxLevels is the number of list levels Word defines (ilvl 0–8).
const maxLevels = 9

// numbering renders automatic paragraph numbers from numbering.xml, the way
// Word prints them: each list counts per level, a level restarts when a
// higher one advances, and lvlText such as "（%1）" or "%1.%2." shows the
// counters in each level's format.
type numbering struct {
	abstract map[string]*[maxLevels]level // abstractNumId → levels
	links    map[string]string            // abstractNumId → numbering style whose list it uses (numStyleLink)
	nums     map[string]num               // numId → its list
	styles   map[string]style             // paragraph style → numbering and parent
	counters map[string]*[maxLevels]int   // list → current counters (0: not started)
}

type level struct {
	start   int
	format  string // numFmt
	text    string // lvlText
	suffix  string // suff: tab (default), space, nothing
	defined bool
}

type num struct {
	abstract  string
	overrides map[int]int // level → startOverride
}

type style struct {
	numID, ilvl, basedOn string
	hasNum               bool
}

func newNumbering() *numbering {
	return &numbering{
		abstract: map[string]*[maxLevels]level{},
		links:    map[string]string{},
		nums:     map[string]num{},
		styles:   map[string]style{},
		counters: map[string]*[maxLevels]int{},
	}
}

// readDefinitions reads numbering.xml.
func (n *numbering) readDefinitions(d *xml.Decoder) error {
	var levels *[maxLevels]level // the abstractNum being read
	var lvl *level
	numID := ""      // the num being read
	abstractID := "" // the abstractNum being read
	overrideLevel := -1
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		t, ok := tok.(xml.StartElement)
		if !ok || !isW(t.Name) {
			continue
		}
		val := zipxml.Attr(t, "val")
		switch t.Name.Local {
		case "abstractNum":
			levels, numID = &[maxLevels]level{}, ""
			abstractID = zipxml.Attr(t, "abstractNumId")
			n.abstract[abstractID] = levels
		case "numStyleLink":
			n.links[abstractID] = val
		case "lvl":
			lvl = nil
			if i, err := strconv.Atoi(zipxml.Attr(t, "ilvl")); err == nil && i >= 0 && i < maxLevels && levels != nil && numID == "" {
				lvl = &levels[i]
				*lvl = level{start: 1, format: "decimal", defined: true}
			}
		case "start":
			if v, err := strconv.Atoi(val); err == nil && lvl != nil {
				lvl.start = v
			}
		case "numFmt":
			if lvl != nil {
				lvl.format = val
			}
		case "lvlText":
			if lvl != nil {
				lvl.text = val
			}
		case "suff":
			if lvl != nil {
				lvl.suffix = val
			}
		case "num":
			levels, lvl = nil, nil
			numID = zipxml.Attr(t, "numId")
			n.nums[numID] = num{overrides: map[int]int{}}
		case "abstractNumId":
			if c, ok := n.nums[numID]; ok {
				c.abstract = val
				n.nums[numID] = c
			}
		case "lvlOverride":
			overrideLevel = -1
			if i, err := strconv.Atoi(zipxml.Attr(t, "ilvl")); err == nil && i >= 0 && i < maxLevels {
				overrideLevel = i
			}
		case "startOverride":
			if c, ok := n.nums[numID]; ok && overrideLevel >= 0 {
				if v, err := strconv.Atoi(val); err == nil {
					c.overrides[overrideLevel] = v
				}
			}
		}
	}
}

// readStyles reads the numbering paragraph styles carry (headings numbered
// by their style), the lists numbering styles stand for, and the styles
// they are based on.
func (n *numbering) readStyles(d *xml.Decoder) error {
	id := ""
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		t, ok := tok.(xml.StartElement)
		if !ok || !isW(t.Name) {
			continue
		}
		s := n.styles[id]
		switch t.Name.Local {
		case "style":
			id = ""
			if kind := zipxml.Attr(t, "type"); kind == "paragraph" || kind == "numbering" {
				id = zipxml.Attr(t, "styleId")
			}
			continue
		case "basedOn":
			s.basedOn = zipxml.Attr(t, "val")
		case "numId":
			s.numID, s.hasNum = zipxml.Attr(t, "val"), true
		case "ilvl":
			s.ilvl = zipxml.Attr(t, "val")
		default:
			continue
		}
		if id != "" {
			n.styles[id] = s
		}
	}
}

// styleNumbering is the list a paragraph style numbers with, inherited
// through basedOn.
func (n *numbering) styleNumbering(id string) (numID, ilvl string) {
	for range 16 { // basedOn chains are short; a cycle ends here
		s, ok := n.styles[id]
		if !ok {
			return "", ""
		}
		if s.hasNum {
			return s.numID, s.ilvl
		}
		id = s.basedOn
	}
	return "", ""
}

// next advances list numID at level ilvl and returns the label printed
// before the paragraph, with its suffix; "" for no numbering or a bullet.
func (n *numbering) next(numID, ilvl string) string {
	nm, ok := n.nums[numID]
	if !ok || numID == "0" {
		return ""
	}
	levels := n.abstract[nm.abstract]
	if link := n.links[nm.abstract]; link != "" {
		// A list defined by a numbering style: its levels are those of the
		// list the style names.
		if id, _ := n.styleNumbering(link); id != "" && id != numID {
			levels = n.abstract[n.nums[id].abstract]
		}
	}
	i, err := strconv.Atoi(ilvl)
	if ilvl == "" {
		i, err = 0, nil
	}
	if levels == nil || err != nil || i < 0 || i >= maxLevels || !levels[i].defined {
		return ""
	}
	// Lists sharing a definition count on together unless one restarts.
	key := "a" + nm.abstract
	if len(nm.overrides) > 0 {
		key = "n" + numID
	}
	counters := n.counters[key]
	if counters == nil {
		counters = &[maxLevels]int{}
		n.counters[key] = counters
	}
	startOf := func(l int) int {
		if v, ok := nm.overrides[l]; ok {
			return v
		}
		return levels[l].start
	}
	if counters[i] == 0 {
		counters[i] = startOf(i)
	} else {
		counters[i]++
	}
	for l := i + 1; l < maxLevels; l++ {
		counters[l] = 0
	}
	lv := levels[i]
	if lv.format == "bullet" || lv.format == "none" {
		return ""
	}
	var b strings.Builder
	text := lv.text
	for j := 0; j < len(text); j++ {
		if text[j] == '%' && j+1 < len(text) && text[j+1] >= '1' && text[j+1] <= '9' {
			l := int(text[j+1] - '1')
			v := counters[l]
			if v == 0 {
				v = startOf(l)
			}
			b.WriteString(formatNumber(v, levels[l].format))
			j++
			continue
		}
		b.WriteByte(text[j])
	}
	if b.Len() == 0 {
		return ""
	}
	if lv.suffix != "nothing" {
		b.WriteByte(' ')
	}
	return b.String()
}

var chineseDigits = []rune("〇一二三四五六七八九")

// formatNumber prints v in a numFmt. Formats not listed print decimal.
func formatNumber(v int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital", "chineseLegalSimplified":
		if format == "ideographDigital" {
			var b strings.Builder
			for _, c := range strconv.Itoa(v) {
				b.WriteRune(chineseDigits[c-'0'])
			}
			return b.String()
		}
		return chineseCount(v)
	case "ideographTraditional":
		if v >= 1 && v <= 10 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[v-1])
		}
	case "ideographZodiac":
		if v >= 1 && v <= 12 {
			return string([]rune("子丑寅卯辰巳午未申酉戌亥")[v-1])
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if v >= 1 && v <= 20 {
			return string(rune('①' + v - 1))
		}
	case "decimalEnclosedParen":
		if v >= 1 && v <= 20 {
			return string(rune('⑴' + v - 1))
		}
	case "decimalEnclosedFullstop":
		if v >= 1 && v <= 20 {
			return string(rune('⒈' + v - 1))
		}
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, c := range strconv.Itoa(v) {
			b.WriteRune('０' + c - '0')
		}
		return b.String()
	case "decimalZero":
		if v < 10 {
			return "0" + strconv.Itoa(v)
		}
	case "lowerLetter", "upperLetter":
		if v >= 1 {
			s := strings.Repeat(string(rune('a'+(v-1)%26)), (v-1)/26+1)
			if format == "upperLetter" {
				s = strings.ToUpper(s)
			}
			return s
		}
	case "lowerRoman", "upperRoman":
		if v >= 1 && v < 4000 {
			s := roman(v)
			if format == "lowerRoman" {
				s = strings.ToLower(s)
			}
			return s
		}
	}
	return strconv.Itoa(v)
}

// chineseCount prints v as counted in Chinese: 一, 十, 十一, 二十三, 一百零五.
func chineseCount(v int) string {
	if v <= 0 || v >= 10000 {
		return strconv.Itoa(v)
	}
	units := []string{"千", "百", "十", ""}
	digits := [4]int{v / 1000, v / 100 % 10, v / 10 % 10, v % 10}
	var b strings.Builder
	zero := false
	for i, d := range digits {
		if d == 0 {
			zero = b.Len() > 0
			continue
		}
		if zero {
			b.WriteRune('零')
			zero = false
		}
		if !(i == 2 && d == 1 && b.Len() == 0) { // 十一, not 一十一
			b.WriteRune(chineseDigits[d])
		}
		b.WriteString(units[i])
	}
	return b.String()
}

func roman(v int) string {
	values := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	symbols := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, n := range values {
		for v >= n {
			b.WriteString(symbols[i])
			v -= n
		}
	}
	return b.String()
}
