package gongkai

import (
	"fmt"
	"strings"
)

// The pre-2019 statistics table (政府信息公开情况统计表). Reports for
// 2008–2018 append an indicator list — 指标名称 / 计量单位 / 本年度 (or
// 2013年度, 统计数) / 历年累计 — whose rows differ by province and year. Its
// facts are keyed "legacy.ROW.COL": ROW names what the indicator counts,
// whatever words a province prints for it, and COL is the column:
//
//   - year: the year reported on (本年度, 2013年度, 统计数, 本期);
//   - cumulative: 历年累计, every year since the regulation took effect
//     (2008) up to and including this one. Only some provinces print it.
//
// Values are as printed, in the unit the row's Unit names (money in 万元;
// a cell printed in 元 is converted, as for table 二's fees).

// TableLegacy is the table of the pre-2019 statistics table's facts.
const TableLegacy = "legacy"

// Columns of the legacy table.
const (
	LegacyYear       = "year"
	LegacyCumulative = "cumulative"
)

// LegacyColumns are the legacy table's columns in printed order.
var LegacyColumns = []Label{{LegacyYear, "本年度"}, {LegacyCumulative, "历年累计"}}

// LegacyRow is one indicator of the pre-2019 statistics table.
type LegacyRow struct {
	Key    string
	Label  string   // the national form's words (2014–2018 国办 form) or the province's when only it prints the row
	Unit   string   // 条, 件, 次, 人, 个, 万元 …
	Parent string   // the indicator this one is printed under (其中…), "" for a top row
	Words  []string // other printed labels for the same indicator, by province or year
}

// LegacyRows lists the indicators in the national form's order, with the
// provincial rows next to the national row they sit under.
var LegacyRows = []LegacyRow{
	// 一、主动公开情况
	{"active_total", "主动公开政府信息数", "条", "", []string{"主动公开信息数", "主动公开信息总数", "主动公开政府信息总数"}},
	{"active_normative_documents", "主动公开规范性文件数", "条", "active_total", nil},
	{"normative_documents_issued", "制发规范性文件总数", "件", "", nil},
	{"active_gazette", "政府公报公开政府信息数", "条", "active_total", []string{"政府公报公开", "政府公报"}},
	{"active_website", "政府网站公开政府信息数", "条", "active_total", []string{"网站公开", "政府网站", "门户网站公开"}},
	{"active_press_conference", "新闻发布会公开政府信息数", "条", "active_total", []string{"新闻发布会公开", "新闻发布会"}},
	{"active_broadcast", "广播电视报刊公开政府信息数", "条", "active_total", []string{"广播电视报刊", "广播电视报刊公开"}},
	{"active_weibo", "政务微博公开政府信息数", "条", "active_total", nil},
	{"active_wechat", "政务微信公开政府信息数", "条", "active_total", nil},
	{"active_other_channel", "其他方式公开政府信息数", "条", "active_total", nil},
	// 二、回应解读情况 (national form from 2015)
	{"responses_hot_topics", "回应公众关注热点或重大舆情数", "次", "", nil},
	{"press_conferences", "参加或举办新闻发布会总次数", "次", "", nil},
	{"press_conferences_leaders", "主要负责同志参加新闻发布会次数", "次", "press_conferences", nil},
	{"online_interviews", "政府网站在线访谈次数", "次", "", nil},
	{"online_interviews_leaders", "主要负责同志参加政府网站在线访谈次数", "次", "online_interviews", nil},
	{"interpretations", "政策解读稿件发布数", "篇", "", nil},
	{"weibo_wechat_responses", "微博微信回应事件数", "次", "", nil},
	{"other_responses", "其他方式回应事件数", "次", "", nil},
	// 三、依申请公开情况
	{"applications_received", "收到申请数", "件", "", []string{"受理依申请公开信息总数", "申请总数", "受理申请总数", "收到政府信息公开申请数"}},
	{"applications_in_person", "当面申请数", "件", "applications_received", nil},
	{"applications_fax", "传真申请数", "件", "applications_received", nil},
	{"applications_email", "电子邮件申请数", "件", "applications_received", nil},
	{"applications_online", "网络申请数", "件", "applications_received", []string{"网上申请数"}},
	{"applications_letter", "信函申请数", "件", "applications_received", nil},
	{"applications_other", "其他形式申请数", "件", "applications_received", nil},
	{"applications_closed", "申请办结数", "件", "", []string{"办结数"}},
	{"closed_on_time", "按时办结数", "件", "applications_closed", nil},
	{"closed_extended", "延期办结数", "件", "applications_closed", nil},
	{"replies_total", "申请答复数", "件", "", []string{"对申请的答复总数", "答复总数", "本年度对申请的答复总数"}},
	{"replies_already_public", "属于已主动公开范围数", "件", "replies_total", nil},
	{"replies_granted", "同意公开答复数", "件", "replies_total", nil},
	{"replies_partially_granted", "同意部分公开答复数", "件", "replies_total", nil},
	{"replies_refused", "不同意公开答复数", "件", "replies_total", []string{"否决公开答复数", "否决公开答复总数", "不予公开答复数"}},
	{"refused_state_secret", "涉及国家秘密", "件", "replies_refused", nil},
	{"refused_commercial_secret", "涉及商业秘密", "件", "replies_refused", nil},
	{"refused_privacy", "涉及个人隐私", "件", "replies_refused", nil},
	{"refused_security_stability", "危及国家安全、公共安全、经济安全和社会稳定", "件", "replies_refused", nil},
	{"refused_not_government_info", "不是《条例》所指政府信息", "件", "replies_refused", []string{"非《规定》所指政府信息数", "非政府信息"}},
	{"refused_other_law", "法律法规规定的其他情形", "件", "replies_refused", nil},
	// Refusal reasons some provinces (甘肃) count under 否决公开 where the
	// national form has them as outcomes of their own, below.
	{"refused_not_exist", "信息不存在数", "件", "replies_refused", nil},
	{"refused_not_held", "非本部门掌握数", "件", "replies_refused", nil},
	{"refused_unclear", "申请内容不明确数", "件", "replies_refused", nil},
	{"refused_other", "其他原因", "件", "replies_refused", []string{"其它原因"}},
	{"replies_not_this_body", "不属于本行政机关公开数", "件", "replies_total", []string{"非本机关职能范围数", "不属于本机关职能范围数"}},
	{"replies_not_exist", "申请信息不存在数", "件", "replies_total", []string{"政府信息不存在数"}},
	{"replies_amend", "告知作出更改补充数", "件", "replies_total", []string{"申请内容不明确告知更改补充数"}},
	{"replies_other_route", "告知通过其他途径办理数", "件", "replies_total", nil},
	{"replies_other", "其他情形答复数", "件", "replies_total", []string{"其他答复数"}},
	// 四、行政复议 五、行政诉讼 六、举报投诉
	{"reviews", "行政复议数量", "件", "", []string{"行政复议数", "行政复议件数"}},
	{"reviews_upheld", "维持具体行政行为数", "件", "reviews", nil},
	{"reviews_corrected", "被依法纠错数", "件", "reviews", nil},
	{"reviews_other", "其他情形数", "件", "reviews", nil},
	{"lawsuits", "行政诉讼数量", "件", "", []string{"行政诉讼数", "行政诉讼件数"}},
	{"lawsuits_upheld", "维持具体行政行为或者驳回原告诉讼请求数", "件", "lawsuits", nil},
	{"lawsuits_corrected", "被依法纠错数", "件", "lawsuits", nil},
	{"lawsuits_other", "其他情形数", "件", "lawsuits", nil},
	{"complaints", "举报投诉数量", "件", "", []string{"行政申诉、举报数", "行政申诉数", "举报投诉数", "申诉举报数"}},
	// 七、收费 八、机构、人员、经费 九、会议和培训
	{"fees_charged", "依申请公开信息收取的费用", "万元", "", []string{"依申请公开收费", "收取费用"}},
	{"fees_waived", "依申请公开信息减免的费用", "万元", "", []string{"减免费用"}},
	{"offices", "政府信息公开工作专门机构数", "个", "", nil},
	{"reading_points", "设置政府信息公开查阅点数", "个", "", []string{"政府信息公开查阅点数"}},
	{"staff", "从事政府信息公开工作人员数", "人", "", nil},
	{"staff_full_time", "专职人员数", "人", "staff", nil},
	{"staff_part_time", "兼职人员数", "人", "staff", nil},
	{"funding", "政府信息公开专项经费", "万元", "", nil},
	{"meetings", "召开政府信息公开工作会议或专题会议数", "次", "", nil},
	{"trainings", "举办各类培训班数", "次", "", nil},
	{"trainees", "接受培训人员数", "人次", "", nil},
}

// LegacyHeadings are the group headings of the national form: rows that
// print dashes, not values.
var LegacyHeadings = []string{
	"主动公开情况", "通过不同渠道和方式公开政府信息的情况", "回应解读情况", "通过不同渠道和方式回应解读的情况",
	"依申请公开情况", "机构建设和保障经费情况", "政府信息公开会议和培训情况",
}

// LegacySums are the indicators the form splits into parts that together
// make the whole: each is checked as the sum of the rows printed under it
// (id "legacy.ROW.parts.COL"). Only splits the form defines as exhaustive
// are listed: channels of an application (each arrives one way), closed on
// time or extended, the outcomes of a reply, the reasons of a refusal,
// the outcomes of a review or a lawsuit, full- and part-time staff. Active
// disclosure channels are not: 不同渠道和方式公开相同信息计1条, so the same
// item can be on the web site and in the gazette.
var LegacySums = []string{
	"applications_received", "applications_closed", "replies_total", "replies_refused",
	"reviews", "lawsuits", "staff",
}

// LegacyFactKeys lists the legacy keys in form order, each row's year
// column before its cumulative one.
func LegacyFactKeys() []string {
	keys := make([]string, 0, 2*len(LegacyRows))
	for _, r := range LegacyRows {
		for _, c := range LegacyColumns {
			keys = append(keys, Key(TableLegacy, r.Key, c.Key))
		}
	}
	return keys
}

// legacyLabel names a legacy key's row and column, "" when not canonical.
func legacyLabel(row, col string) (string, string) {
	var rowLabel, colLabel string
	for _, r := range LegacyRows {
		if r.Key == row {
			rowLabel = r.Label
		}
	}
	for _, c := range LegacyColumns {
		if c.Key == col {
			colLabel = c.Label
		}
	}
	return rowLabel, colLabel
}

// legacyChecks are the sums of LegacySums, per column: the parts are the
// rows under the indicator that the report prints.
func legacyChecks(facts map[string]*Fact) []Check {
	printed := false
	for k := range facts {
		if strings.HasPrefix(k, TableLegacy+".") {
			printed = true
			break
		}
	}
	if !printed {
		return nil
	}
	var checks []Check
	for _, whole := range LegacySums {
		for _, col := range LegacyColumns {
			var parts []string
			for _, r := range LegacyRows {
				if k := Key(TableLegacy, r.Key, col.Key); r.Parent == whole && facts[k] != nil {
					parts = append(parts, k)
				}
			}
			if len(parts) == 0 {
				continue
			}
			if c := identity(facts, TableLegacy+"."+whole+".parts."+col.Key, parts, []string{Key(TableLegacy, whole, col.Key)}); c != nil {
				checks = append(checks, *c)
			}
		}
	}
	return checks
}

// Narrative figures that pre-2019 reports state more often than later
// ones (report.go's Figure; parse/narrative.go reads them).
const (
	FigureSiteVisits       = "site_visits"       // 政府信息公开专栏访问量达N人次
	FigureGranted          = "granted"           // 同意公开N件
	FigurePartiallyGranted = "partially_granted" // 同意部分公开N件
	FigureRefused          = "refused"           // 不予公开N件
	FigureFeesCharged      = "fees_charged"      // 收取…费用N元; 未收取…费用 is 0
)

// legacyFigureKeys names, for a legacy report, the statistics table's
// facts that state what a narrative figure states: the year column.
var legacyFigureKeys = map[string][]string{
	FigureActiveDisclosed:      {Key(TableLegacy, "active_total", LegacyYear)},
	FigureApplicationsReceived: {Key(TableLegacy, "applications_received", LegacyYear)},
	FigureNoApplications:       {Key(TableLegacy, "applications_received", LegacyYear)},
	FigureGranted:              {Key(TableLegacy, "replies_granted", LegacyYear)},
	FigurePartiallyGranted:     {Key(TableLegacy, "replies_partially_granted", LegacyYear)},
	FigureRefused:              {Key(TableLegacy, "replies_refused", LegacyYear)},
	FigureReviewCases:          {Key(TableLegacy, "reviews", LegacyYear)},
	FigureLitigationCases:      {Key(TableLegacy, "lawsuits", LegacyYear)},
	FigureFeesCharged:          {Key(TableLegacy, "fees_charged", LegacyYear)},
}

// legacyCrossChecks: the cumulative column of year Y is that of Y-1 plus
// year Y's figure (id "legacy.ROW.cumulative.carry"), for the rows whose
// cumulative figure Y prints.
func legacyCrossChecks(prev, cur *Report) []Check {
	var checks []Check
	for _, r := range LegacyRows {
		before := Key(TableLegacy, r.Key, LegacyCumulative)
		year := Key(TableLegacy, r.Key, LegacyYear)
		if cur.Fact(before) == nil {
			continue // the form has no cumulative column
		}
		c := crossCheck(TableLegacy+"."+r.Key+".cumulative.carry",
			[]*Fact{prev.Fact(before), cur.Fact(year)}, nil, cur.Fact(before))
		if c == nil {
			continue
		}
		c.Keys = []string{before, year}
		if c.Status != Skipped {
			c.Reason = fmt.Sprintf("%d年历年累计 %s + %d年本年度 %s, %d年历年累计 %s",
				prev.Year, number(prev.Fact(before).Value), cur.Year, number(cur.Fact(year).Value), cur.Year, number(c.Got))
		}
		checks = append(checks, *c)
	}
	return checks
}
