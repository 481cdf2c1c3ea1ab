package gongkai

import "strings"

// CheckLabel says in Chinese what a check id checks (三 总计 合计 for
// applications.total.sum), for pages and terminal output; the id itself
// when it is not one of RunChecks or CrossYearChecks.
func CheckLabel(id string) string {
	if rt, ok := RateNamed(id); ok {
		return rt.Label // the "check" of a rate_outlier finding
	}
	parts := strings.Split(id, ".")
	if len(parts) == 2 && parts[0] == "narrative" {
		parts = append(parts, "")
	}
	if len(parts) < 3 {
		return id
	}
	if parts[0] == TableLegacy && len(parts) == 4 {
		row := KeyLabel(Key(TableLegacy, parts[1], "year"))
		switch {
		case parts[2] == "parts" && parts[3] == "cumulative":
			return "统计表 " + row + "（历年累计）分项之和"
		case parts[2] == "parts":
			return "统计表 " + row + " 分项之和"
		case parts[2] == "cumulative" && parts[3] == "carry":
			return "统计表 " + row + " 历年累计 = 上年累计 + 本年度"
		}
	}
	what := map[string]string{
		"balance": "勾稽关系", "results": "办理结果之和", "sum": "合计", "carry": "上年结转 = 上年结转下年度",
		"in_force": "现行有效件数跨年",
	}[parts[len(parts)-1]]
	if parts[0] == "narrative" {
		if name := figureLabels[parts[1]]; name != "" {
			return "正文与表格不符：" + name
		}
		return "正文与表格不符 " + parts[1]
	}
	if what == "" {
		return id
	}
	key := strings.Join(parts[:len(parts)-1], ".")
	switch parts[0] {
	case TableApplications:
		if parts[len(parts)-1] == "sum" {
			return "三 " + KeyLabel(key+".total") + " " + what
		}
		for i, c := range ApplicationColumns {
			if c == parts[1] {
				return "三 " + ApplicationColumnLabels[i] + "列 " + what
			}
		}
	case TableReviewLitigation:
		return "四 " + KeyLabel(key+".total") + " " + what
	case TableActive:
		for _, sub := range ActiveLayouts[Template2021] {
			for _, r := range sub.Rows {
				if r.Key == parts[1] {
					return "二 " + r.Label + " " + what
				}
			}
		}
	}
	return id
}

// figureLabels name the narrative figures in Chinese.
var figureLabels = map[string]string{
	FigureApplicationsReceived: "正文所述收到申请数",
	FigureNoApplications:       "正文称未收到申请",
	FigureActiveDisclosed:      "正文所述主动公开数",
	FigureReviewCases:          "正文所述行政复议件数",
	FigureLitigationCases:      "正文所述行政诉讼件数",
}

// LevelLabels name the administrative levels in Chinese.
var LevelLabels = map[string]string{
	"province": "省级", "city": "市级", "county": "县级", "street": "街道", "township": "乡镇", "department": "部门",
}

// LevelLabel names an administrative level in Chinese; the level itself
// when it is not one of LevelLabels.
func LevelLabel(level string) string {
	if l := LevelLabels[level]; l != "" {
		return l
	}
	return level
}
