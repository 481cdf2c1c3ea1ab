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
}

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
				case gongkai.FigureApplicationsReceived, gongkai.FigureReviewCases, gongkai.FigureLitigationCases:
					if negated(clause, loc[0]) {
						continue
					}
					f.Label = clause[loc[0]:loc[2]]
					f.Value = atof(clause[loc[2]:loc[3]])
				case gongkai.FigureActiveDisclosed:
					f.Label = "主动公开" + clause[loc[2]:loc[3]]
					f.Value = atof(clause[loc[4]:loc[5]])
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
