package parse

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	gongkai "github.com/gongkai/gongkai"
)

// legacyCorpusTruth is a legacy/NAME.truth.json file of the corpus: the
// statistics table as printed, and the narrative's figures by what they count.
type legacyCorpusTruth struct {
	Document        string   `json:"document"`
	Office          string   `json:"office"`
	OfficeAliases   []string `json:"office_aliases"`
	Year            int      `json:"year"`
	Signed          *string  `json:"signed"`
	Template        string   `json:"template"`
	StatisticsTable struct {
		Columns []string `json:"columns"`
		Rows    [][]any  `json:"rows"` // label, unit, then one value or null per value column
	} `json:"statistics_table"`
	Figures map[string]float64 `json:"figures"`
}

// legacyRowKeys is the indicator each printed row label of the corpus's
// statistics tables counts, as a person reads the form: the mapping under
// test. A label missing here fails the test, so a new document's rows
// must be mapped by hand.
var legacyRowKeys = map[string]string{
	"主动公开信息数":      "active_total",
	"其中：1、网站公开":    "active_website",
	"2、政府公报公开":     "active_gazette",
	"受理依申请公开信息总数":  "applications_received",
	"其中：1、当面申请数":   "applications_in_person",
	"2、传真申请数":      "applications_fax",
	"3、电子邮件申请数":    "applications_email",
	"4、网上申请数":      "applications_online",
	"5、信函申请数":      "applications_letter",
	"对申请的答复总数":     "replies_total",
	"其中：1、同意公开答复数": "replies_granted",
	"2、同意部分公开答复数":  "replies_partially_granted",
	"3、否决公开答复数":    "replies_refused",
	"行政复议数":        "reviews",
	"行政诉讼数":        "lawsuits",
	"行政申诉、举报数":     "complaints",
}

// legacyColumnKeys maps a printed value column to its legacy column.
func legacyColumnKey(header string) string {
	switch {
	case header == "历年累计":
		return gongkai.LegacyCumulative
	case regexp.MustCompile(`^(?:\d{4}年度|本年度|统计数)$`).MatchString(header):
		return gongkai.LegacyYear
	}
	return ""
}

// legacyFigure is how the parser names a figure of the truth's figures.
type legacyFigure struct {
	name string
	part bool
}

var legacyFigureNames = map[string]legacyFigure{
	"主动公开信息数":           {gongkai.FigureActiveDisclosed, false},
	"主动公开信息数_区直县直单位":    {gongkai.FigureActiveDisclosed, true},
	"主动公开信息数_乡镇":        {gongkai.FigureActiveDisclosed, true},
	"区管委会县政府公开办主动公开信息数": {gongkai.FigureActiveDisclosed, true},
	"政府信息公开专栏访问量":       {gongkai.FigureSiteVisits, false},
	"申请数":               {gongkai.FigureNoApplications, false},
	"行政复议数":             {gongkai.FigureReviewCases, false},
	"行政诉讼数":             {gongkai.FigureLitigationCases, false},
}

// notInNarrative are truth figures the narrative does not state in words
// the parser could read: the parser must not invent them. pingtan 2013's
// text never mentions 行政诉讼; only its table prints 0.
var notInNarrative = map[string]map[string]bool{
	"pingtan-shiyanqu-2013.html": {"行政诉讼数": true},
}

// legacyFailing are the real disagreements of each legacy document, as
// check ids: the narrative's 4970 items against the table's 72804 (both
// count what the zone's bodies disclosed in 2013, so the report
// contradicts itself), and its one review against the table's 0.
var legacyFailing = map[string][]string{
	"pingtan-shiyanqu-2013.html": {"narrative.active_disclosed", "narrative.review_cases"},
}

// readTruths reads every truth file pattern matches; none is a failure.
func readTruths[T any](t *testing.T, pattern string) []T {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no truth files match %s: %v", pattern, err)
	}
	out := make([]T, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &out[i]); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return out
}

// checkOrigin asserts who published a report, for which year, under which
// template and, when the truth knows it, on which day it was signed.
func checkOrigin(t *testing.T, rep *gongkai.Report, office string, year int, template string, signed *string) {
	t.Helper()
	if rep.Office != office || rep.Year != year || rep.Template != template {
		t.Errorf("office %q year %d template %s, want %q %d %s", rep.Office, rep.Year, rep.Template, office, year, template)
	}
	if signed != nil && (rep.Signed == nil || *rep.Signed != *signed) {
		t.Errorf("signed = %v, want %s", rep.Signed, *signed)
	}
}

// failedIDs lists the ids of a report's failed checks, sorted.
func failedIDs(rep *gongkai.Report) []string {
	var failed []string
	for _, c := range rep.FailedChecks() {
		failed = append(failed, c.ID)
	}
	sort.Strings(failed)
	return failed
}

func TestLegacyCorpus(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "legacy")
	for _, want := range readTruths[legacyCorpusTruth](t, filepath.Join(dir, "*.truth.json")) {
		t.Run(want.Document, func(t *testing.T) {
			rep, err := File(filepath.Join(dir, want.Document))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			checkOrigin(t, rep, want.Office, want.Year, want.Template, want.Signed)
			compareFacts(t, rep, legacyTruthFacts(t, want))
			for name, v := range want.Figures {
				if notInNarrative[want.Document][name] {
					continue
				}
				wf, ok := legacyFigureNames[name]
				if !ok {
					t.Errorf("truth figure %s: no parser name mapped in legacyFigureNames", name)
					continue
				}
				found := false
				for _, fig := range rep.Figures {
					found = found || (fig.Name == wf.name && fig.Value == v && fig.Part == wf.part)
				}
				if !found {
					t.Errorf("narrative figure %s (%s, part %v) = %v not found in %+v", name, wf.name, wf.part, v, rep.Figures)
				}
			}
			for name := range notInNarrative[want.Document] {
				for _, fig := range rep.Figures {
					if fig.Name == legacyFigureNames[name].name {
						t.Errorf("figure %s read from %q, but the narrative does not state it", name, fig.Sentence)
					}
				}
			}
			if failed, wantFailed := failedIDs(rep), legacyFailing[want.Document]; !equalStrings(failed, wantFailed) {
				t.Errorf("failed checks = %v, want %v", failed, wantFailed)
			}
		})
	}
}

// legacyTruthFacts turns the truth's printed statistics table into facts
// by legacy key, through the hand-made mappings above.
func legacyTruthFacts(t *testing.T, want legacyCorpusTruth) map[string]*float64 {
	t.Helper()
	cols := want.StatisticsTable.Columns
	facts := map[string]*float64{}
	for _, row := range want.StatisticsTable.Rows {
		label, _ := row[0].(string)
		key, ok := legacyRowKeys[label]
		if !ok {
			t.Fatalf("statistics table row %q: not mapped in legacyRowKeys", label)
		}
		for i := 2; i < len(row) && i < len(cols); i++ {
			col := legacyColumnKey(cols[i])
			if col == "" {
				t.Fatalf("statistics table column %q: not mapped", cols[i])
			}
			var v *float64
			if x, ok := row[i].(float64); ok {
				v = &x
			}
			facts[gongkai.Key(gongkai.TableLegacy, key, col)] = v
		}
	}
	return facts
}
