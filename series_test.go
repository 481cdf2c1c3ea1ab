package gongkai

import "testing"

// Every series is fed by canonical keys only, in at least two templates
// or with a note saying why not.
func TestSeriesKeysAreCanonical(t *testing.T) {
	canonical := map[string]bool{}
	for _, k := range FactKeys() {
		canonical[k] = true
	}
	for _, s := range AllSeries {
		for tmpl, keys := range s.Feeds {
			for _, k := range keys {
				if !canonical[k] {
					t.Errorf("%s (%s): %s is not a canonical key", s.Name, tmpl, k)
				}
			}
		}
		for _, tmpl := range []string{TemplateLegacy, Template2019, Template2021} {
			if len(s.Feeds[tmpl]) == 0 && s.Notes[tmpl] == "" {
				t.Errorf("%s: no feed in template %s and no note saying why", s.Name, tmpl)
			}
		}
	}
}

func TestSeriesValue(t *testing.T) {
	num := func(v float64) *float64 { return &v }
	rep := func(template string, facts map[string]*float64) *Report {
		r := &Report{Template: template}
		for k, v := range facts {
			r.Facts = append(r.Facts, Fact{Key: k, Value: v})
		}
		return r
	}
	tests := []struct {
		series string
		report *Report
		want   *float64
	}{
		{"applications_received", rep(TemplateLegacy, map[string]*float64{"legacy.applications_received.year": num(7), "legacy.applications_received.cumulative": num(40)}), num(7)},
		{"applications_received", rep(Template2021, map[string]*float64{"applications.new_received.total": num(21)}), num(21)},
		{"applications_received", rep(TemplateUnknown, map[string]*float64{"applications.new_received.total": num(21)}), nil},
		{"carried_over", rep(TemplateLegacy, map[string]*float64{"legacy.applications_received.year": num(7)}), nil},
		{"lawsuits", rep(Template2019, map[string]*float64{"review_litigation.litigation_direct.total": num(2), "review_litigation.litigation_after_review.total": num(3)}), num(5)},
		{"lawsuits", rep(Template2019, map[string]*float64{"review_litigation.litigation_direct.total": nil, "review_litigation.litigation_after_review.total": nil}), nil},
		{"refused", rep(Template2021, map[string]*float64{"applications.denied_state_secret.total": num(1), "applications.denied_third_party.total": num(2), "applications.granted.total": num(9)}), num(3)},
		{"normative_documents_disclosed", rep(Template2019, map[string]*float64{"active.normative_documents.published": num(4), "active.normative_documents.issued": num(99)}), num(4)},
		{"normative_documents_disclosed", rep(Template2021, map[string]*float64{"active.normative_documents.published": num(99), "active.normative_documents.issued": num(6)}), num(6)},
	}
	for _, tt := range tests {
		s, ok := SeriesNamed(tt.series)
		if !ok {
			t.Fatalf("no series %s", tt.series)
		}
		got, _ := s.Value(tt.report)
		if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
			t.Errorf("%s in a %s report = %v, want %v", tt.series, tt.report.Template, show(got), show(tt.want))
		}
	}
	if _, ok := SeriesNamed("no_such_series"); ok {
		t.Error("SeriesNamed found a series that does not exist")
	}
}

func show(v *float64) any {
	if v == nil {
		return "blank"
	}
	return *v
}
