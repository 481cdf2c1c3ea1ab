// Package watch keeps saved queries — search text and filters — and says,
// after each run, which reports and findings are new to each: the run's
// summary lists them and the web server serves them as an Atom feed per
// watch. Watches are declared in the sources file (watches:) or added on the
// command line (DATA/watches.json); what each has seen is kept in
// DATA/watch-state.json, written atomically, so that "new" means new since
// the previous check even after a crash.
package watch

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/places"
)

// Watch is a saved query: the reports its text and filters keep, and the
// findings about them. Filter values are kept as written (a place's name,
// a range of years), and read when the watch is checked.
type Watch struct {
	Name         string   `yaml:"name" json:"name"`                             // names the feed: /feeds/NAME.xml
	Text         string   `yaml:"text" json:"text,omitempty"`                   // words the narrative must contain, as in search
	Year         string   `yaml:"year" json:"year,omitempty"`                   // 2024 or 2019-2025
	Region       string   `yaml:"region" json:"region,omitempty"`               // place name (哈密市) or 行政区划代码 prefix (6505)
	Level        string   `yaml:"level" json:"level,omitempty"`                 // province|city|county|street|township|department
	Office       string   `yaml:"office" json:"office,omitempty"`               // part of the body's name
	Template     string   `yaml:"template" json:"template,omitempty"`           // 2021, 2019, legacy or unknown
	FailedChecks bool     `yaml:"failed_checks" json:"failed_checks,omitempty"` // only reports with a failed check, and findings of failed checks
	Check        string   `yaml:"check" json:"check,omitempty"`                 // only reports, and findings, where this check failed
	Kinds        []string `yaml:"kinds" json:"kinds,omitempty"`                 // finding kinds to list; every kind when empty
}

// findingKinds are the kinds a watch may name: every kind of finding.
var findingKinds = slices.Sorted(maps.Keys(gongkai.FindingKindLabels))

// templates are the values of the template filter.
var templates = []string{gongkai.Template2021, gongkai.Template2019, gongkai.TemplateLegacy, gongkai.TemplateUnknown}

// maxName bounds a watch's name, which is a file name in a URL.
const maxName = 64

// Problem is one mistake in a watch: the key it is about ("" for the
// watch as a whole) and what is wrong, in Chinese.
type Problem struct {
	Key, What string
}

// Problems lists what is wrong with w; none when it can be checked.
func (w Watch) Problems() []Problem {
	var ps []Problem
	bad := func(key, format string, args ...any) {
		ps = append(ps, Problem{key, fmt.Sprintf(format, args...)})
	}
	if msg := nameProblem(w.Name); msg != "" {
		bad("name", "%s", msg)
	}
	if _, _, err := index.ParseYears(w.Year); err != nil {
		bad("year", "year %q 无效：应为 2024 或 2019-2025（前一年不晚于后一年）", w.Year)
	}
	if _, err := places.Resolve(w.Region); err != nil {
		bad("region", "region %q：%v", w.Region, err)
	}
	if _, ok := gongkai.LevelLabels[w.Level]; w.Level != "" && !ok {
		bad("level", "level %q 应为 province|city|county|street|township|department 之一", w.Level)
	}
	if w.Template != "" && !slices.Contains(templates, w.Template) {
		bad("template", "template %q 应为 %s 之一", w.Template, strings.Join(templates, "、"))
	}
	if len(w.Text) > maxText {
		bad("text", "text 过长：%d 字节，最多 %d 字节", len(w.Text), maxText)
	}
	for _, k := range w.Kinds {
		if !slices.Contains(findingKinds, k) {
			bad("kinds", "kinds 中的 %q 不是发现类别：应为 %s 之一", k, strings.Join(findingKinds, "、"))
		}
	}
	return ps
}

// maxText bounds a watch's search text, as the web server bounds a query.
const maxText = 1000

// Err is w's problems as one error, nil when there is none.
func (w Watch) Err() error {
	ps := w.Problems()
	if len(ps) == 0 {
		return nil
	}
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.What
	}
	return fmt.Errorf("监视 %q：%s", w.Name, strings.Join(msgs, "；"))
}

// nameProblem says what is wrong with a watch's name, "" when nothing: it
// names a file in a URL, so it is letters, digits, - and _ only.
func nameProblem(name string) string {
	switch {
	case name == "":
		return "缺少 name（监视的名称，如 哈密市核对未通过）"
	case utf8.RuneCountInString(name) > maxName:
		return fmt.Sprintf("name 过长：最多 %d 个字", maxName)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return fmt.Sprintf("name %q 含 %q：只能用文字、数字、- 和 _（它是订阅地址 /feeds/名称.xml 的一部分）", name, r)
		}
	}
	return ""
}

// Query is the search w makes for its reports. w must have no problems.
func (w Watch) Query() (index.Query, error) {
	from, to, err := index.ParseYears(w.Year)
	if err != nil {
		return index.Query{}, fmt.Errorf("watch %s: %w", w.Name, err)
	}
	region, err := places.Resolve(w.Region)
	if err != nil {
		return index.Query{}, fmt.Errorf("watch %s: %w", w.Name, err)
	}
	return index.Query{Text: w.Text, Filter: index.Filter{
		YearFrom: from, YearTo: to, Region: region, Level: w.Level, Office: strings.TrimSpace(w.Office),
		Template: w.Template, FailedChecks: w.FailedChecks, Check: w.Check,
	}}, nil
}

// keepsFinding reports whether w lists finding f: one of its kinds (with
// failed_checks, of the kinds that are failed checks), of its years and
// office, of its check; and, when w has search text, found in one of the
// reports w matched (so a missing report never matches a text).
func (w Watch) keepsFinding(f gongkai.Finding, q index.Query, reports map[string]bool) bool {
	kinds := w.Kinds
	if w.FailedChecks || w.Check != "" {
		kinds = failedKinds(kinds)
	}
	switch {
	case len(kinds) > 0 && !slices.Contains(kinds, f.Kind):
		return false
	case q.YearFrom > 0 && f.Year < q.YearFrom, q.YearTo > 0 && f.Year > q.YearTo:
		return false
	case !strings.Contains(f.Office, q.Office):
		return false
	case w.Check != "" && f.Check != w.Check:
		return false
	case strings.TrimSpace(w.Text) != "" && !reports[f.ID]:
		return false
	}
	return true
}

// failedKinds are the kinds among kinds (every kind when none) that are
// failed checks: within a report and across years.
func failedKinds(kinds []string) []string {
	out := []string{}
	for _, k := range []string{gongkai.FindingCheck, gongkai.FindingCrossYear} {
		if len(kinds) == 0 || slices.Contains(kinds, k) {
			out = append(out, k)
		}
	}
	return out
}

// Describe says in Chinese what w watches, e.g. "地区 哈密市；仅核对未通过".
func (w Watch) Describe() string {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	if t := strings.TrimSpace(w.Text); t != "" {
		add("正文含「%s」", t)
	}
	if w.Year != "" {
		add("年度 %s", w.Year)
	}
	if w.Region != "" {
		add("地区 %s", w.Region)
	}
	if w.Level != "" {
		add("层级 %s", gongkai.LevelLabel(w.Level))
	}
	if w.Office != "" {
		add("机关名含「%s」", w.Office)
	}
	if w.Template != "" {
		add("模板 %s", w.Template)
	}
	if w.FailedChecks {
		add("仅核对未通过")
	}
	if w.Check != "" {
		add("核对项 %s", w.Check)
	}
	if len(w.Kinds) > 0 {
		labels := make([]string, len(w.Kinds))
		for i, k := range w.Kinds {
			labels[i] = gongkai.FindingKindLabels[k]
		}
		add("发现类别 %s", strings.Join(labels, "、"))
	}
	if len(parts) == 0 {
		return "全部报告与发现"
	}
	return strings.Join(parts, "；")
}

// SearchURL is the address of the search page that shows w's reports now.
func (w Watch) SearchURL() string {
	v := w.params("q", "year", "region", "level", "office", "template", "check")
	if w.FailedChecks {
		v.Set("failed", "1")
	}
	return "/?" + v.Encode()
}

// FindingsURL is the address of the findings page that shows w's findings
// now, of its kind when it names one (the page shows one kind or all).
func (w Watch) FindingsURL() string {
	v := w.params("year", "region", "level", "office", "template")
	if len(w.Kinds) == 1 {
		v.Set("kind", w.Kinds[0])
	}
	return "/findings?" + v.Encode()
}

// params are w's filters that are set, among names, as the web pages' query
// parameters name them.
func (w Watch) params(names ...string) url.Values {
	all := map[string]string{"q": w.Text, "year": w.Year, "region": w.Region, "level": w.Level,
		"office": w.Office, "template": w.Template, "check": w.Check}
	v := url.Values{}
	for _, name := range names {
		if all[name] != "" {
			v.Set(name, all[name])
		}
	}
	return v
}
