package gongkai

import "strings"

// The canonical keys of ../shared/spec/schema.md. A fact's key is
// "table.row.col"; keys are stable across years and templates so that one
// query compares a 2019 report with a 2025 one.

// Tables of the national template.
const (
	TableActive           = "active"
	TableApplications     = "applications"
	TableReviewLitigation = "review_litigation"
)

// Template names, decided from the layout of a report's tables.
const (
	Template2021    = "2021"
	Template2019    = "2019"
	TemplateLegacy  = "legacy"
	TemplateUnknown = "unknown"
)

// Key joins a table, row and column into a fact key.
func Key(table, row, col string) string { return table + "." + row + "." + col }

// ActiveSubTable is one sub-table of table 二 (active disclosure), headed by
// the article of the regulation it implements.
type ActiveSubTable struct {
	Article string  // 第二十条第（一）项
	Columns []Label // value columns in printed order
	Rows    []Label
}

// Label pairs a canonical key with the words the template prints for it.
type Label struct {
	Key   string
	Label string
}

// ActiveLayouts gives table 二's sub-tables under each template.
var ActiveLayouts = map[string][]ActiveSubTable{
	Template2021: {
		{"第二十条第（一）项",
			[]Label{{"issued", "本年制发件数"}, {"repealed", "本年废止件数"}, {"in_force", "现行有效件数"}},
			[]Label{{"regulations", "规章"}, {"normative_documents", "行政规范性文件"}}},
		{"第二十条第（五）项",
			[]Label{{"decisions", "本年处理决定数量"}},
			[]Label{{"licensing", "行政许可"}}},
		{"第二十条第（六）项",
			[]Label{{"decisions", "本年处理决定数量"}},
			[]Label{{"penalty", "行政处罚"}, {"coercion", "行政强制"}}},
		{"第二十条第（八）项",
			[]Label{{"amount", "本年收费金额（单位：万元）"}},
			[]Label{{"fees", "行政事业性收费"}}},
	},
	Template2019: {
		{"第二十条第（一）项",
			[]Label{{"made", "本年新制作数量"}, {"published", "本年新公开数量"}, {"total_published", "对外公开总数量"}},
			[]Label{{"regulations", "规章"}, {"normative_documents", "规范性文件"}}},
		{"第二十条第（五）项",
			[]Label{{"previous", "上一年项目数量"}, {"change", "本年增/减"}, {"decisions", "处理决定数量"}},
			[]Label{{"licensing", "行政许可"}, {"other_services", "其他对外管理服务事项"}}},
		{"第二十条第（六）项",
			[]Label{{"previous", "上一年项目数量"}, {"change", "本年增/减"}, {"decisions", "处理决定数量"}},
			[]Label{{"penalty", "行政处罚"}, {"coercion", "行政强制"}}},
		{"第二十条第（八）项",
			[]Label{{"previous", "上一年项目数量"}, {"change", "本年增/减"}},
			[]Label{{"fees", "行政事业性收费"}}},
		{"第二十条第（九）项",
			[]Label{{"items", "采购项目数量"}, {"amount", "采购总金额"}},
			[]Label{{"procurement", "政府集中采购"}}},
	},
}

// ApplicationColumns are table 三's columns in printed order; the last is the row total.
var ApplicationColumns = []string{
	"natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total",
}

// ApplicationColumnLabels are the printed headers of ApplicationColumns.
var ApplicationColumnLabels = []string{
	"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
}

// ApplicationRow is one data row of table 三.
type ApplicationRow struct {
	Row   string
	Group string // top-level (一 二 三 四) or result group （一）…（七） the row belongs to
	Item  int    // number of the sub-item inside its group, 0 for a row that is the group itself
	Label string // the printed label without its numbering
}

// ApplicationRows lists table 三's rows in template order. The 2021 template
// splits （六） into three items; the 2019 layout prints it as the single
// row "other".
var ApplicationRows = []ApplicationRow{
	{"new_received", "一", 0, "本年新收政府信息公开申请数量"},
	{"carried_over", "二", 0, "上年结转政府信息公开申请数量"},
	{"granted", "（一）", 0, "予以公开"},
	{"partially_granted", "（二）", 0, "部分公开（区分处理的，只计这一情形，不计其他情形）"},
	{"denied_state_secret", "（三）", 1, "属于国家秘密"},
	{"denied_law_forbidden", "（三）", 2, "其他法律行政法规禁止公开"},
	{"denied_security_stability", "（三）", 3, "危及“三安全一稳定”"},
	{"denied_third_party", "（三）", 4, "保护第三方合法权益"},
	{"denied_internal_affairs", "（三）", 5, "属于三类内部事务信息"},
	{"denied_process_info", "（三）", 6, "属于四类过程性信息"},
	{"denied_enforcement_file", "（三）", 7, "属于行政执法案卷"},
	{"denied_admin_query", "（三）", 8, "属于行政查询事项"},
	{"unable_not_held", "（四）", 1, "本机关不掌握相关政府信息"},
	{"unable_need_creation", "（四）", 2, "没有现成信息需要另行制作"},
	{"unable_unclear", "（四）", 3, "补正后申请内容仍不明确"},
	{"not_processed_petition", "（五）", 1, "信访举报投诉类申请"},
	{"not_processed_duplicate", "（五）", 2, "重复申请"},
	{"not_processed_publication", "（五）", 3, "要求提供公开出版物"},
	{"not_processed_massive", "（五）", 4, "无正当理由大量反复申请"},
	{"not_processed_confirmation", "（五）", 5, "要求行政机关确认或重新出具已获取信息"},
	{"other_overdue_correction", "（六）", 1, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	{"other_overdue_fee", "（六）", 2, "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	{"other_other", "（六）", 3, "其他"},
	{"other", "（六）", 0, "其他处理"},
	{"total", "（七）", 0, "总计"},
	{"carried_forward", "四", 0, "结转下年度继续办理"},
}

// ApplicationGroupLabels are the labels of the result groups that hold sub-items
// and of the heading row over all results.
var ApplicationGroupLabels = map[string]string{
	"三":   "本年度办理结果",
	"（三）": "不予公开",
	"（四）": "无法提供",
	"（五）": "不予处理",
	"（六）": "其他处理",
}

// ReviewRows and ReviewColumns make up table 四, printed as one data row of
// fifteen numbers: each row's five columns in turn.
var (
	ReviewRows         = []string{"review", "litigation_direct", "litigation_after_review"}
	ReviewRowLabels    = []string{"行政复议", "未经复议直接起诉", "复议后起诉"}
	ReviewColumns      = []string{"upheld", "corrected", "other", "pending", "total"}
	ReviewColumnLabels = []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
)

// ApplicationResultRows are the rows whose sum is （七）总计 (check 2): the
// result rows and sub-items, never their group headings. A report prints
// either "other" or its three sub-items.
var ApplicationResultRows = []string{
	"granted", "partially_granted",
	"denied_state_secret", "denied_law_forbidden", "denied_security_stability", "denied_third_party",
	"denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query",
	"unable_not_held", "unable_need_creation", "unable_unclear",
	"not_processed_petition", "not_processed_duplicate", "not_processed_publication",
	"not_processed_massive", "not_processed_confirmation",
	"other_overdue_correction", "other_overdue_fee", "other_other", "other",
}

// FactKeys lists every canonical key in template order: table 二 (the 2021
// template's rows and columns, then those only the 2019 template has), table
// 三 row by row, table 四 row by row, then the pre-2019 statistics table's
// (legacy.go). Exports use it as their column order, so the same key is
// always in the same column.
func FactKeys() []string {
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, tmpl := range []string{Template2021, Template2019} {
		for _, sub := range ActiveLayouts[tmpl] {
			for _, row := range sub.Rows {
				for _, col := range sub.Columns {
					add(Key(TableActive, row.Key, col.Key))
				}
			}
		}
	}
	for _, row := range ApplicationRows {
		for _, col := range ApplicationColumns {
			add(Key(TableApplications, row.Row, col))
		}
	}
	for _, row := range ReviewRows {
		for _, col := range ReviewColumns {
			add(Key(TableReviewLitigation, row, col))
		}
	}
	return append(keys, LegacyFactKeys()...)
}

// KeyLabel names a fact key in the template's words, row then column
// (行政复议 · 总计), for column headers and tooltips; the key itself when it
// is not canonical.
func KeyLabel(key string) string {
	table, rest, _ := strings.Cut(key, ".")
	row, col, _ := strings.Cut(rest, ".")
	var rowLabel, colLabel string
	switch table {
	case TableActive:
		for _, tmpl := range []string{Template2021, Template2019} {
			for _, sub := range ActiveLayouts[tmpl] {
				for _, r := range sub.Rows {
					for _, c := range sub.Columns {
						if r.Key == row && c.Key == col && rowLabel == "" {
							rowLabel, colLabel = r.Label, c.Label
						}
					}
				}
			}
		}
	case TableApplications:
		for _, r := range ApplicationRows {
			if r.Row == row {
				rowLabel = r.Label
				if g := ApplicationGroupLabels[r.Group]; g != "" && r.Item > 0 {
					rowLabel = g + "·" + r.Label
				}
			}
		}
		for i, c := range ApplicationColumns {
			if c == col {
				colLabel = ApplicationColumnLabels[i]
			}
		}
	case TableLegacy:
		rowLabel, colLabel = legacyLabel(row, col)
	case TableReviewLitigation:
		for i, r := range ReviewRows {
			if r == row {
				rowLabel = ReviewRowLabels[i]
			}
		}
		for i, c := range ReviewColumns {
			if c == col {
				colLabel = ReviewColumnLabels[i]
			}
		}
	}
	if rowLabel == "" || colLabel == "" {
		return key
	}
	return rowLabel + " · " + colLabel
}
