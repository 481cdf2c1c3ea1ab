package parse

import (
	"regexp"
	"strings"
)

// pageSeparatorRE splits a page's <title> into the article's and the
// site's parts: 平潭综合实验区2013年政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会.
var pageSeparatorRE = regexp.MustCompile(`\s*(?:_|\||｜|－\s|\s-\s|\s—\s|——)\s*`)

// pageTitle returns the report's title from a page title that may append
// the column's and the site's names, "" when no part is a report title.
func pageTitle(title string) string {
	if isTitle(title) {
		return title
	}
	for _, part := range pageSeparatorRE.Split(title, -1) {
		if isTitle(part) {
			return part
		}
	}
	return ""
}

var (
	// zoneRE matches a name that is a development or experimental zone,
	// run by a 管理委员会 rather than a 人民政府.
	zoneRE = regexp.MustCompile(`(?:实验区|试验区|开发区|新区|高新区|示范区|园区|合作区|保税区|综合区)$`)
	// districtRE matches a name that is a county-level place alone.
	districtRE = regexp.MustCompile(`^\p{Han}{1,12}(?:区|县|旗|市)$`)
)

// publishingBody names the body a report is published by when its title
// names only a place: a zone (平潭综合实验区) is run by its 管理委员会 and a
// district or county by its 人民政府 — but only when the report's own text
// names that body (平潭综合实验区管委会), never by guessing.
func publishingBody(office, text string) string {
	switch {
	case zoneRE.MatchString(office) && (strings.Contains(text, office+"管委会") || strings.Contains(text, office+"管理委员会")):
		return office + "管理委员会"
	case districtRE.MatchString(office) && strings.Contains(text, office+"人民政府"):
		return office + "人民政府"
	}
	return office
}
