package watch

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

const sites = `sites:
  - name: 哈密市伊州区东河街道办事处
    start: [https://www.example.gov.cn/xxgk/]
`

func TestParseSources(t *testing.T) {
	for _, tt := range []struct {
		name, yaml string
		want       []Watch
		errs       []string // the error's lines, exactly
	}{
		{"none", sites, nil, nil},
		{"empty", sites + "watches:\n", nil, nil},
		{"watches", sites + `watches:
  - name: 哈密市核对未通过
    region: 哈密市
    failed_checks: true
  - name: 行政复议2025
    text: 行政复议 "依申请公开"
    year: 2025
    region: 6505
    level: street
    office: 街道
    template: "2021"
    check: applications.total.results
    kinds: [check, late]
`, []Watch{
			{Name: "哈密市核对未通过", Region: "哈密市", FailedChecks: true},
			{Name: "行政复议2025", Text: `行政复议 "依申请公开"`, Year: "2025", Region: "6505", Level: "street", Office: "街道",
				Template: "2021", Check: "applications.total.results", Kinds: []string{"check", "late"}},
		}, nil},
		{"mistakes", sites + `watches:
  - name: 哈密 市
    yeer: 2025
  - name: 乙
    year: 2025-2019
    level: conty
    kinds: [check, lately]
    failed_checks: maybe
  - name: 乙
    region: 不存在的地方
  - text: 无名
`, nil, []string{
			`s.yaml:5:5: watch 1 (哈密 市): name "哈密 市" 含 ' '：只能用文字、数字、- 和 _（它是订阅地址 /feeds/名称.xml 的一部分）`,
			`s.yaml:6:5: watch 1 (哈密 市): 未知字段 yeer（可用：check、failed_checks、kinds、level、name、office、region、template、text、year）`,
			`s.yaml:8:5: watch 2 (乙): year "2025-2019" 无效：应为 2024 或 2019-2025（前一年不晚于后一年）`,
			`s.yaml:9:5: watch 2 (乙): level "conty" 应为 province|city|county|street|township|department 之一`,
			`s.yaml:10:5: watch 2 (乙): kinds 中的 "lately" 不是发现类别：应为 check、`,
			`s.yaml:11:5: watch 2 (乙): failed_checks 的值 "maybe" 无效：应为 true 或 false`,
			`s.yaml:12:5: watch 3 (乙): 名称与 watch 2 重复`,
			`s.yaml:13:5: watch 3 (乙): region "不存在的地方"：`,
			`s.yaml:14:5: watch 4: 缺少 name（监视的名称，如 哈密市核对未通过）`,
		}},
		{"not a list", sites + "watches: 哈密\n", nil, []string{`s.yaml:4:10: watches 应为列表（每项以 - 开头，含 name 与筛选条件）`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSources("s.yaml", []byte(tt.yaml))
			if tt.errs == nil {
				if err != nil || !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %+v, %v\nwant %+v", got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; got %+v", got)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.errs) {
				t.Fatalf("%d errors, want %d:\n%s", len(lines), len(tt.errs), err)
			}
			for i, want := range tt.errs {
				if !strings.HasPrefix(lines[i], want) {
					t.Errorf("error %d:\n got %s\nwant %s…", i+1, lines[i], want)
				}
			}
		})
	}
}

// A watch's query is the search it names, the region by name or code,
// former codes mapped to the current ones.
func TestQuery(t *testing.T) {
	for _, tt := range []struct {
		w    Watch
		want index.Query
	}{
		{Watch{Name: "a", Region: "哈密市", FailedChecks: true}, index.Query{Filter: index.Filter{Region: "6505", FailedChecks: true}}},
		{Watch{Name: "b", Region: "6522", Year: "2019-2025", Text: "行政复议"}, index.Query{Text: "行政复议", Filter: index.Filter{Region: "6505", YearFrom: 2019, YearTo: 2025}}},
		{Watch{Name: "c", Office: " 教育局 ", Check: "x.y.z", Level: "department"}, index.Query{Filter: index.Filter{Office: "教育局", Check: "x.y.z", Level: "department"}}},
	} {
		got, err := tt.w.Query()
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %+v, %v; want %+v", tt.w.Name, got, err, tt.want)
		}
	}
}

// Which findings a watch lists, by its kinds, years, office, check and text.
func TestKeepsFinding(t *testing.T) {
	check := gongkai.Finding{Kind: gongkai.FindingCheck, Office: "哈密市伊州区东河街道办事处", Year: 2024, ID: "r1", Check: "applications.total.results"}
	cross := gongkai.Finding{Kind: gongkai.FindingCrossYear, Office: "哈密市伊州区东河街道办事处", Year: 2024, ID: "r1", Check: "cross_year.carried_forward"}
	late := gongkai.Finding{Kind: gongkai.FindingLate, Office: "哈密市伊州区东河街道办事处", Year: 2024, ID: "r1"}
	missing := gongkai.Finding{Kind: gongkai.FindingMissing, Office: "哈密市伊州区东河街道办事处", Year: 2023}
	all := []gongkai.Finding{check, cross, late, missing}
	for _, tt := range []struct {
		w    Watch
		want []gongkai.Finding
	}{
		{Watch{Name: "all"}, all},
		{Watch{Name: "failed", FailedChecks: true}, []gongkai.Finding{check, cross}},
		{Watch{Name: "failed-late", FailedChecks: true, Kinds: []string{"check", "late"}}, []gongkai.Finding{check}},
		{Watch{Name: "one-check", Check: "applications.total.results"}, []gongkai.Finding{check}},
		{Watch{Name: "kinds", Kinds: []string{"late", "missing"}}, []gongkai.Finding{late, missing}},
		{Watch{Name: "year", Year: "2024"}, []gongkai.Finding{check, cross, late}},
		{Watch{Name: "office", Office: "教育局"}, nil},
		{Watch{Name: "text", Text: "行政复议"}, []gongkai.Finding{check, cross, late}}, // r1 matched; a missing report has no text
	} {
		q, err := tt.w.Query()
		if err != nil {
			t.Fatal(err)
		}
		var got []gongkai.Finding
		for _, f := range all {
			if tt.w.keepsFinding(f, q, map[string]bool{"r1": true}) {
				got = append(got, f)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: keeps %v, want %v", tt.w.Name, got, tt.want)
		}
	}
}

// The pages a watch links to show what it matches: its filters as the
// search and findings pages read them.
func TestURLs(t *testing.T) {
	w := Watch{Name: "x", Text: "行政复议", Year: "2025", Region: "哈密市", FailedChecks: true, Kinds: []string{"late"}}
	search, err := url.Parse(w.SearchURL())
	if err != nil || search.Path != "/" || search.Query().Encode() != (url.Values{"q": {"行政复议"}, "year": {"2025"}, "region": {"哈密市"}, "failed": {"1"}}).Encode() {
		t.Errorf("search URL %s", w.SearchURL())
	}
	findings, err := url.Parse(w.FindingsURL())
	if err != nil || findings.Path != "/findings" || findings.Query().Encode() != (url.Values{"year": {"2025"}, "region": {"哈密市"}, "kind": {"late"}}).Encode() {
		t.Errorf("findings URL %s", w.FindingsURL())
	}
}
