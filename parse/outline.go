package parse

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/layout"
)

// outline is where the report's parts sit among a document's blocks: the
// title, the six section headings and the signature, which together bound
// the report inside whatever site chrome surrounds it.
type outline struct {
	title      int // block index of the title, -1 when the body has none
	headings   []heading
	signature  int // block index of the signature's first line, -1 when none
	end        int // blocks from here on are chrome
	signed     string
	signOffice string
}

type heading struct {
	no    string // 一 … 六
	title string
	block int
}

var sectionNumbers = []string{"一", "二", "三", "四", "五", "六", "七"}

// sectionWords are words one of which a section's heading contains.
var sectionWords = map[string]*regexp.Regexp{
	"一": regexp.MustCompile(`总体情况|概述|总体|基本情况`),
	"二": regexp.MustCompile(`主动公开`),
	"三": regexp.MustCompile(`申请`),
	"四": regexp.MustCompile(`复议|诉讼`),
	"五": regexp.MustCompile(`问题|改进|不足|努力方向`),
	"六": regexp.MustCompile(`其他|其它`),
}

// legacySectionWords are the headings of the pre-2019 outline where they
// differ: 四 收费及减免, 五 行政复议、行政诉讼, 六 问题及改进, 七 其他需要报告的事项.
var legacySectionWords = map[string]*regexp.Regexp{
	"四": regexp.MustCompile(`收费|减免`),
	"五": regexp.MustCompile(`复议|诉讼`),
	"六": regexp.MustCompile(`问题|改进|不足`),
	"七": regexp.MustCompile(`其他|其它`),
}

// isSectionHeading reports whether a heading's words fit section no, in
// the 2019 outline or the pre-2019 one. Pre-2019 reports number the parts
// after 三 as they choose (平潭 2013: 四、…问题及改进情况), so from 四 on the
// words of any later part will do.
func isSectionHeading(no, title string) bool {
	for _, words := range []map[string]*regexp.Regexp{sectionWords, legacySectionWords} {
		for n, re := range words {
			if (n == no || (laterParts[no] && laterParts[n])) && re.MatchString(title) {
				return true
			}
		}
	}
	return false
}

var laterParts = map[string]bool{"四": true, "五": true, "六": true, "七": true}

var (
	headingRE = regexp.MustCompile(`^([一二三四五六七])\s*[、.．,，]\s*(.*)$`)
	// a title's year may come with spaces between its digits (2   019: an
	// extractor of column-aligned text spreading a line)
	titleRE     = regexp.MustCompile(`(\d\s*\d\s*\d\s*\d)\s*年.{0,60}(?:政府信息公开|政务公开).{0,10}报告$`)
	dateLineRE  = regexp.MustCompile(`^(.{0,40}?)\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?$`)
	publishedRE = regexp.MustCompile(`(?:发布|公开|成文)(?:日期|时间)\s*[：:]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})`)
	chromeRE    = regexp.MustCompile(`网站标识码|ICP备|ICP证|公网安备|版权所有|主办单位|承办单位|联系我们|网站地图|扫一扫|打印本页|关闭窗口|【打印】|分享到|技术支持`)
)

// findOutline locates the report's parts among blocks.
func findOutline(blocks []layout.Block) outline {
	o := outline{title: -1, signature: -1, end: len(blocks)}
	next := 0
	for i, b := range blocks {
		if b.Table != nil || next >= len(sectionNumbers) {
			continue
		}
		m := headingRE.FindStringSubmatch(b.Text)
		if m == nil || len([]rune(b.Text)) > 60 {
			continue
		}
		for k := next; k < len(sectionNumbers); k++ {
			if m[1] == sectionNumbers[k] && isSectionHeading(m[1], m[2]) {
				o.headings = append(o.headings, heading{no: m[1], title: m[2], block: i})
				next = k + 1
				break
			}
		}
	}

	first := len(blocks)
	if len(o.headings) > 0 {
		first = o.headings[0].block
	}
	years := map[int]bool{}
	for i := 0; i < first; i++ {
		if b := blocks[i]; b.Table == nil && !b.Link && isTitle(b.Text) {
			o.title = i
			years[yearFromTitle(b.Text)] = true
		}
	}
	if len(years) > 1 {
		// title lines of different years before the report's first section
		// are a list of links to a body's reports of several years, which
		// text without links cannot mark, the report's own title among
		// them or not: none is taken for it
		o.title = -1
	}

	// The signature follows the last section: the office on one line and the
	// date on the next, or both on one line. Chrome comes after.
	from := 0
	if len(o.headings) > 0 {
		from = o.headings[len(o.headings)-1].block + 1
	}
	for i := from; i < len(blocks); i++ {
		b := blocks[i]
		if b.Table != nil {
			continue
		}
		if chromeRE.MatchString(b.Text) {
			o.end = i
			break
		}
		m := dateLineRE.FindStringSubmatch(arabicDates(b.Text))
		if m == nil || strings.ContainsAny(m[1], "，。；：,;:") {
			continue
		}
		o.signed = isoDate(m[2], m[3], m[4])
		o.signature, o.end = i, appendedTables(blocks, i+1)
		if office := strings.TrimSpace(m[1]); office != "" {
			o.signOffice = office
		} else if i > from && blocks[i-1].Table == nil && isOfficeLine(blocks[i-1].Text) {
			o.signOffice, o.signature = blocks[i-1].Text, i-1
		}
		break
	}
	return o
}

// joinWrappedTitle joins a title that the page width wrapped onto a second
// line (…2024年政府信息公开 / 工作年度报告, or 某局2019 / 年政府信息公开工作年度报告),
// or, in a narrow column, onto a second and a third (a sidebar's item:
// 某局2021 / 年政府信息公开工作年度 / 报告): no line alone is a title, all
// together are. Each line after the first is at most the words after a
// title's year (年度政府信息公开工作年度报告), and a link joins no line that
// is not one. The lines after the first are emptied.
func joinWrappedTitle(blocks []layout.Block) {
	wraps := func(a, b layout.Block) bool {
		return b.Table == nil && a.Link == b.Link && b.Text != "" && len([]rune(b.Text)) <= 14
	}
	for i := 0; i+1 < len(blocks); i++ {
		a, b := blocks[i], blocks[i+1]
		if a.Table != nil || a.Text == "" || isTitle(a.Text) || !wraps(a, b) {
			continue
		}
		if joined := a.Text + b.Text; isTitle(joined) {
			blocks[i].Text, blocks[i+1].Text = joined, ""
			continue
		}
		if i+2 < len(blocks) && wraps(b, blocks[i+2]) {
			if joined := a.Text + b.Text + blocks[i+2].Text; isTitle(joined) {
				blocks[i].Text, blocks[i+1].Text, blocks[i+2].Text = joined, "", ""
			}
		}
	}
}

// isTitle reports whether s reads as a report's title; a line of a
// sentence that a text extractor wrapped after …工作情况报告 does not
// (根据《条例》规定，现将某乡2022年度政府信息公开工作情况报告 / 如下。).
func isTitle(s string) bool {
	return len([]rune(s)) <= 80 && !listItem(s) && !strings.ContainsAny(s, "，。；") && titleRE.MatchString(arabicYears(s))
}

// listItem reports whether a line starts with a bullet: an item of a list,
// such as the links to other years' reports beside a report, which text
// without links marks only so.
func listItem(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	return strings.ContainsRune("•·●◦▪■□◆◇", r)
}

// isOfficeLine reports whether s can be a body's name on a line of its own.
func isOfficeLine(s string) bool {
	n := len([]rune(s))
	return n >= 2 && n <= 40 && !strings.ContainsAny(s, "，。；：,;:、") && !headingRE.MatchString(s)
}

func isoDate(y, m, d string) string {
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day)
}

// sections returns the text of each section: the text lines from its heading
// to the next, tables left out, the signature and chrome cut off.
func (o outline) sections(blocks []layout.Block) []gongkai.Section {
	stop := o.end
	if o.signature >= 0 {
		stop = o.signature
	}
	out := make([]gongkai.Section, 0, len(o.headings))
	for i, h := range o.headings {
		end := stop
		if i+1 < len(o.headings) {
			end = o.headings[i+1].block
		}
		var lines []string
		for _, b := range blocks[h.block+1 : max(end, h.block+1)] {
			if b.Table == nil {
				lines = append(lines, b.Text)
			}
		}
		out = append(out, gongkai.Section{No: h.no, Title: h.title, Text: strings.Join(lines, "\n")})
	}
	return out
}

// preamble is the text between the title and the first section.
func (o outline) preamble(blocks []layout.Block) string {
	if len(o.headings) == 0 {
		return ""
	}
	var lines []string
	for _, b := range blocks[o.title+1 : o.headings[0].block] {
		if b.Table == nil && !isTitle(b.Text) {
			lines = append(lines, b.Text)
		}
	}
	return strings.Join(lines, "\n")
}

var titleOfficeRE = regexp.MustCompile(`^(.*?)(\d{4})\s*年度?(.*?)(?:政府信息公开|政务公开)`)

// officeFromTitle reads the body's name from a title such as
// 淮安市洪泽区人民政府2023年政府信息公开工作年度报告 or
// 2019年上海市人民政府办公厅政府信息公开工作年度报告.
func officeFromTitle(title string) string {
	m := titleOfficeRE.FindStringSubmatch(arabicYears(title))
	if m == nil {
		return ""
	}
	office := strings.Trim(m[1], " 《》“”\"")
	office = strings.TrimSuffix(office, "关于")
	if office == "" {
		office = strings.Trim(m[3], " 的《》“”\"")
	}
	return office
}

// placeRE matches a name that is a province, city or prefecture.
var (
	placeRE      = regexp.MustCompile(`^\p{Han}{2,8}(?:省|市|自治区|自治州|州|盟|地区)$`)
	startPlaceRE = regexp.MustCompile(`^\p{Han}{2,8}?(?:省|市|自治区|自治州|盟|地区)`)
)

// fullName completes a body's name that a title gives without its city
// (洪泽区人民政府) from the report's own text (…地址：淮安市洪泽区…): the
// place printed right before the body's district, read where punctuation
// bounds it, and only when every such reading agrees.
func fullName(office, text string) string {
	if office == "" || startPlaceRE.MatchString(office) {
		return office
	}
	key := office
	if i := strings.IndexAny(office, "区县旗"); i >= 0 {
		key = office[:i+len("区")]
	}
	var places []string
	for rest := text; ; {
		i := strings.Index(rest, key)
		if i < 0 {
			break
		}
		if run := hanRun(rest[:i]); placeRE.MatchString(run) {
			places = append(places, run)
		}
		rest = rest[i+len(key):]
	}
	// Runs also catch the words before the place (请与淮安市): the place is
	// the shortest run that every other run ends with.
	sort.Slice(places, func(i, j int) bool { return len(places[i]) < len(places[j]) })
	for _, p := range places[min(1, len(places)):] {
		if !strings.HasSuffix(p, places[0]) {
			return office
		}
	}
	// A lone run longer than most city names may hold words before the place.
	if len(places) == 0 || (len(places) == 1 && utf8.RuneCountInString(places[0]) > 4) {
		return office
	}
	return places[0] + office
}

// hanRun returns the Chinese characters that end s, after its last
// punctuation or other character.
func hanRun(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
	if i < 0 {
		return s
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[i+size:]
}

func yearFromTitle(title string) int {
	if m := titleRE.FindStringSubmatch(arabicYears(title)); m != nil {
		y, _ := strconv.Atoi(strings.Join(strings.Fields(m[1]), ""))
		return y
	}
	return 0
}

var narrativeYearRE = regexp.MustCompile(`(20\d\d|19\d\d)\s*年`)

// yearFromNarrative reads the year the first lines of section 一 speak of (2025年，…).
func yearFromNarrative(text string) int {
	head := []rune(arabicYears(text[:min(len(text), 400)]))
	head = head[:min(len(head), 60)]
	if m := narrativeYearRE.FindStringSubmatch(string(head)); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// published reads the 发布日期 a page prints near its top, "" when none.
func published(blocks []layout.Block, before int) string {
	for _, b := range blocks[:min(before, len(blocks))] {
		if m := publishedRE.FindStringSubmatch(b.Text); m != nil {
			return isoDate(m[1], m[2], m[3])
		}
	}
	return ""
}

// appendedTables returns where the report ends when the blocks from start
// on, after its signature, hold the statistics table pre-2019 reports
// append (平潭综合实验区政府信息公开情况统计表, then the table): the end of
// the last such table, or start when there is none. A caption line may
// precede each; chrome or any other text ends the search.
func appendedTables(blocks []layout.Block, start int) int {
	end := start
	for j := start; j < len(blocks); j++ {
		b := blocks[j]
		switch {
		case b.Table != nil:
			if !hasLegacyRows(b.Table) {
				return end
			}
			end = j + 1
		case chromeRE.MatchString(b.Text) || !captionRE.MatchString(b.Text):
			return end
		}
	}
	return end
}

// captionRE matches the line above an appended table.
var captionRE = regexp.MustCompile(`^.{0,40}(?:统计表|附表|附件\s*\d*)[:：]?$|^[（(]?\d{4}\s*年度?[）)]?$|^单位[:：]`)

func hasLegacyRows(t *layout.Table) bool {
	for _, row := range t.Rows {
		if isLegacyHeader(row) || isLegacyRow(row) {
			return true
		}
	}
	return false
}
