package parse

import (
	"regexp"
	"strconv"
	"strings"

	gongkai "github.com/gongkai/gongkai"
)

// figurePatterns read the figures that narratives state in their common
// phrasings. The first submatch is the number, where there is one.
// keyword is a word every match contains: checking for it first spares the
// regular expression most clauses.
var figurePatterns = []struct {
	name, keyword string
	re            *regexp.Regexp
}{
	{gongkai.FigureNoApplications, "申请", regexp.MustCompile(`(?:未|没有)(?:收到|受理|接到)[^，。；,]{0,20}?申请`)},
	{gongkai.FigureApplicationsReceived, "申请", regexp.MustCompile(`(?:受理|收到|新收|接收)[^，。；,0-9]{0,20}?申请[^，。；,0-9]{0,6}?(\d+)\s*(?:件|条|个)`)},
	{gongkai.FigureActiveDisclosed, "主动公开", regexp.MustCompile(`主动公开([^，。；,0-9]{0,12}?)(\d+)\s*条`)},
	{gongkai.FigureReviewCases, "复议", regexp.MustCompile(`行政复议(?:案件)?(?:共计|共|合计)?(\d+)\s*(?:件|起)`)},
	{gongkai.FigureLitigationCases, "诉讼", regexp.MustCompile(`诉讼(?:案件)?(?:共计|共|合计)?(\d+)\s*(?:件|起)`)},
	// Pre-2019 reports count first and name after: 收到1份有关政府信息公开行政复议申请.
	{gongkai.FigureReviewCases, "行政复议", regexp.MustCompile(`(?:收到|受理|发生|办理|接到)(\d+)\s*(?:份|件|起|宗)[^，。；,0-9]{0,16}?行政复议`)},
	{gongkai.FigureLitigationCases, "行政诉讼", regexp.MustCompile(`(?:收到|受理|发生|办理|接到)(\d+)\s*(?:份|件|起|宗)[^，。；,0-9]{0,16}?行政诉讼`)},
	{gongkai.FigureSiteVisits, "访问量", regexp.MustCompile(`访问量[^，。；,0-9]{0,6}?(\d+)\s*(?:人次|次)`)},
	{gongkai.FigureGranted, "同意公开", regexp.MustCompile(`(?:^|[^不])同意公开(?:答复)?(?:的)?(\d+)\s*(?:件|条)`)},
	{gongkai.FigurePartiallyGranted, "同意部分公开", regexp.MustCompile(`同意部分公开(?:答复)?(?:的)?(\d+)\s*(?:件|条)`)},
	{gongkai.FigureRefused, "不予公开", regexp.MustCompile(`不予公开(?:答复)?(?:的)?(\d+)\s*(?:件|条)`)},
	{gongkai.FigureRefused, "不同意公开", regexp.MustCompile(`不同意公开(?:答复)?(?:的)?(\d+)\s*(?:件|条)`)},
	{gongkai.FigureRefused, "否决公开", regexp.MustCompile(`否决公开(?:答复)?(?:的)?(\d+)\s*(?:件|条)`)},
	{gongkai.FigureFeesCharged, "收取", regexp.MustCompile(`(?:未|没有|不)收取[^，。；,0-9]{0,12}?费|收取[^，。；,0-9]{0,12}?费[用]?(?:共计|共|合计)?(\d+(?:\.\d+)?)\s*(万元|元)`)},
}

// shareRE matches a share stated right after a figure: 占79%.
var shareRE = regexp.MustCompile(`^[，,]?\s*占[^，。；,]{0,6}?\d+(?:\.\d+)?\s*[%％]`)

// countFollowsRE matches a count right after a phrase.
var countFollowsRE = regexp.MustCompile(`^[^，。；,]{0,4}?\d+\s*件`)

// clauseEnd reports whether r ends a clause a figure is read from. A
// function, not a regular expression: splitting with one was a tenth of
// the time of parsing an HTML report.
func clauseEnd(r rune) bool {
	switch r {
	case '。', '；', ';', '！', '!', '\n':
		return true
	}
	return false
}

// findFigures returns the figures stated in narrative text.
func findFigures(text string) []gongkai.Figure {
	var out []gongkai.Figure
	seenActive := false
	for _, clause := range strings.FieldsFunc(text, clauseEnd) { // empty clauses hold no keyword
		clause = strings.TrimSpace(clause)
		for _, p := range figurePatterns {
			if !strings.Contains(clause, p.keyword) {
				continue
			}
			for _, loc := range p.re.FindAllStringSubmatchIndex(clause, -1) {
				f := gongkai.Figure{Name: p.name, Sentence: clause}
				switch p.name {
				case gongkai.FigureNoApplications:
					if countFollowsRE.MatchString(clause[loc[1]:]) {
						continue // 未受理…申请5件 counts refusals, it does not say none came
					}
					f.Label = clause[loc[0]:loc[1]]
				case gongkai.FigureApplicationsReceived, gongkai.FigureReviewCases, gongkai.FigureLitigationCases,
					gongkai.FigureSiteVisits, gongkai.FigureGranted, gongkai.FigurePartiallyGranted, gongkai.FigureRefused:
					if negated(clause, loc[0]) {
						continue
					}
					f.Label = clause[loc[0]:loc[2]]
					if strings.Contains(clause[loc[3]:loc[1]], p.keyword) {
						f.Label = clause[loc[0]:loc[1]] // the count comes first: 收到1份…行政复议
					}
					f.Value = atof(clause[loc[2]:loc[3]])
				case gongkai.FigureFeesCharged:
					f.Label = clause[loc[0]:loc[1]]
					if loc[2] >= 0 { // 收取…费用N元, in 万元 as the table prints fees
						f.Value = atof(clause[loc[2]:loc[3]])
						if clause[loc[4]:loc[5]] == "元" {
							f.Value /= 10000
						}
					}
				case gongkai.FigureActiveDisclosed:
					f.Label = "主动公开" + clause[loc[2]:loc[3]]
					f.Value = atof(clause[loc[4]:loc[5]])
					// Reports state the whole first and its parts after it
					// (其中…, …占79%, a unit's own count).
					f.Part = seenActive || strings.HasPrefix(clause, "其中") || shareRE.MatchString(clause[loc[1]:])
					seenActive = true
				}
				f.Label = strings.TrimSpace(f.Label)
				out = append(out, f)
			}
		}
	}
	return out
}

// negated reports whether the words before a match deny it (未受理…).
func negated(clause string, at int) bool {
	before := clause[:at]
	return strings.HasSuffix(before, "未") || strings.HasSuffix(before, "没有") || strings.HasSuffix(before, "不予")
}

func atof(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
