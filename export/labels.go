package export

import (
	"slices"
	"strconv"

	gongkai "github.com/gongkai/gongkai"
)

// metaLabels name metaColumns in Chinese, for the label row.
var metaLabels = append([]string{"编号", "机关", "年度", "行政区划代码", "地区", "层级", "模板", "发布日期", "原文网址", "未通过的核对", "机关编号"},
	rateLabels()...)

func rateLabels() []string {
	var labels []string
	for _, rt := range gongkai.AllRates {
		labels = append(labels, rt.Label)
	}
	return labels
}

// findingLabels name the findings' columns (findingRows) in Chinese.
var findingLabels = []string{"类别代码", "类别", "机关", "年度", "行政区划代码", "层级", "核对", "应为", "实为", "说明", "编号"}

// findingNumberColumns are the findings' columns holding numbers: year,
// want, got.
var findingNumberColumns = []int{3, 7, 8}

// keyLabels names each key as the template prints it (行政复议 · 总计).
func keyLabels(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = gongkai.KeyLabel(k)
	}
	return out
}

// typed turns a row of text into spreadsheet cells, the given columns as
// numbers (a blank stays an empty cell), so that a workbook sums and sorts
// them as numbers.
func typed(row []string, numbers ...int) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = v
		if !slices.Contains(numbers, i) {
			continue
		}
		if v == "" {
			out[i] = nil
		} else if n, err := strconv.ParseFloat(v, 64); err == nil {
			out[i] = n
		}
	}
	return out
}
