package gongkai

// A Series is a figure a researcher follows from 2008 to today although
// three templates print it differently: the pre-2019 statistics table
// (legacy), the 2019 template and the 2021 one. For each template it names
// the facts whose sum feeds it, and says where the template's definition
// differs from the others, so a comparison never silently mixes unlike
// counts. A template with no feed leaves the series blank for that year:
// the figure was not printed, which is not zero.
type Series struct {
	Name  string              // applications_received
	Label string              // 收到申请数, for people
	Feeds map[string][]string // template → the keys whose sum is the series
	Notes map[string]string   // template → how its definition differs, "" when it does not
}

// Value is the series' value in a report and the keys that fed it: nil
// when the report's template has no feed, or when every feeding cell is
// blank or absent. A blank among printed cells counts as zero, as in the
// checks.
func (s Series) Value(r *Report) (*float64, []string) {
	keys := s.Feeds[r.Template]
	var total float64
	found := false
	for _, k := range keys {
		if f := r.Fact(k); f != nil && f.Value != nil {
			total += *f.Value
			found = true
		}
	}
	if !found {
		return nil, keys
	}
	return &total, keys
}

// SeriesNamed returns the series with the given name.
func SeriesNamed(name string) (Series, bool) {
	for _, s := range AllSeries {
		if s.Name == name {
			return s, true
		}
	}
	return Series{}, false
}

func legacyYear(row string) string { return Key(TableLegacy, row, LegacyYear) }

// both gives the 2019 and 2021 templates the same feed.
func both(keys ...string) map[string][]string {
	return map[string][]string{Template2019: keys, Template2021: keys}
}

// applicationRows lists table 三's total column for some rows.
func applicationRows(rows ...string) []string {
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = Key(TableApplications, r, "total")
	}
	return keys
}

// feeds joins the 2019/2021 feeds with the legacy one.
func feeds(modern map[string][]string, legacy ...string) map[string][]string {
	if len(legacy) > 0 {
		modern[TemplateLegacy] = legacy
	}
	return modern
}

// reviewCol sums one column of table 四's litigation rows, or names the review row's.
func reviewCol(rows []string, col string) []string {
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = Key(TableReviewLitigation, r, col)
	}
	return keys
}

var litigationRows = []string{"litigation_direct", "litigation_after_review"}

// AllSeries is the crosswalk, in the order a report prints the figures.
var AllSeries = []Series{
	{"applications_received", "收到申请数",
		feeds(both(applicationRows("new_received")...), legacyYear("applications_received")),
		map[string]string{TemplateLegacy: "全国表为“收到申请数”，各省表为“受理依申请公开信息总数”“申请总数”等；部分省份以“条”（申请的信息条数）而非“件”（申请件数）计"}},
	{"carried_over", "上年结转申请数",
		both(applicationRows("carried_over")...),
		map[string]string{TemplateLegacy: "2019年前的统计表没有上年结转"}},
	{"granted", "予以公开 / 同意公开",
		feeds(both(applicationRows("granted")...), legacyYear("replies_granted")),
		map[string]string{TemplateLegacy: "同意公开答复数；全国表另列“属于已主动公开范围数”（legacy.replies_already_public），2019年后的模板无此行"}},
	{"partially_granted", "部分公开 / 同意部分公开",
		feeds(both(applicationRows("partially_granted")...), legacyYear("replies_partially_granted")), nil},
	{"refused", "不予公开 / 不同意公开",
		feeds(both(applicationRows("denied_state_secret", "denied_law_forbidden", "denied_security_stability", "denied_third_party",
			"denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query")...),
			legacyYear("replies_refused")),
		map[string]string{TemplateLegacy: "不同意公开/否决公开：含“不是《条例》所指政府信息”，部分省份（如甘肃）还含“信息不存在”“非本部门掌握”“申请内容不明确”，2019年后的模板将其计入无法提供或不予处理"}},
	{"unable_to_provide", "无法提供",
		feeds(both(applicationRows("unable_not_held", "unable_need_creation", "unable_unclear")...),
			legacyYear("replies_not_this_body"), legacyYear("replies_not_exist")),
		map[string]string{TemplateLegacy: "全国表的“不属于本行政机关公开数”＋“申请信息不存在数”；把它们计入否决公开的省表此处为空；“告知作出更改补充”不等于“补正后申请内容仍不明确”，未计入"}},
	{"not_processed", "不予处理",
		both(applicationRows("not_processed_petition", "not_processed_duplicate", "not_processed_publication",
			"not_processed_massive", "not_processed_confirmation")...),
		map[string]string{TemplateLegacy: "2019年前没有“不予处理”这一结果"}},
	{"reviews", "行政复议",
		feeds(both(Key(TableReviewLitigation, "review", "total")), legacyYear("reviews")), nil},
	{"reviews_upheld", "行政复议·维持",
		feeds(both(Key(TableReviewLitigation, "review", "upheld")), legacyYear("reviews_upheld")), nil},
	{"reviews_corrected", "行政复议·纠正",
		feeds(both(Key(TableReviewLitigation, "review", "corrected")), legacyYear("reviews_corrected")), nil},
	{"reviews_other", "行政复议·其他结果",
		feeds(both(Key(TableReviewLitigation, "review", "other")), legacyYear("reviews_other")),
		map[string]string{TemplateLegacy: "其他情形：统计表没有“尚未审结”，未结案件可能计入此处"}},
	{"reviews_pending", "行政复议·尚未审结",
		both(Key(TableReviewLitigation, "review", "pending")),
		map[string]string{TemplateLegacy: "2019年前的统计表没有此项"}},
	{"lawsuits", "行政诉讼",
		feeds(both(reviewCol(litigationRows, "total")...), legacyYear("lawsuits")),
		map[string]string{Template2019: "未经复议直接起诉＋复议后起诉", Template2021: "未经复议直接起诉＋复议后起诉"}},
	{"lawsuits_upheld", "行政诉讼·维持",
		feeds(both(reviewCol(litigationRows, "upheld")...), legacyYear("lawsuits_upheld")),
		map[string]string{TemplateLegacy: "维持具体行政行为或者驳回原告诉讼请求数"}},
	{"lawsuits_corrected", "行政诉讼·纠正",
		feeds(both(reviewCol(litigationRows, "corrected")...), legacyYear("lawsuits_corrected")), nil},
	{"lawsuits_other", "行政诉讼·其他结果",
		feeds(both(reviewCol(litigationRows, "other")...), legacyYear("lawsuits_other")),
		map[string]string{TemplateLegacy: "其他情形：统计表没有“尚未审结”"}},
	{"normative_documents_disclosed", "规范性文件主动公开",
		map[string][]string{
			Template2021:   {Key(TableActive, "normative_documents", "issued")},
			Template2019:   {Key(TableActive, "normative_documents", "published")},
			TemplateLegacy: {legacyYear("active_normative_documents")},
		},
		map[string]string{
			Template2021:   "本年制发件数：制发的行政规范性文件，依规定均应公开",
			Template2019:   "本年新公开数量：当年新公开的规范性文件",
			TemplateLegacy: "主动公开规范性文件数（2014年起的全国表）：主动公开的条数",
		}},
}
