package parse

import (
	"sort"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
)

// Every generated variant parses back to exactly the facts it was rendered
// from, with its office, year, template and signing date, and exactly the
// checks the generator broke on purpose fail.
func TestFixtureVariants(t *testing.T) {
	variants := fixtures.Variants(240)
	layouts := map[string]int{}
	for _, v := range variants {
		layouts[v.Options.Layout.String()+"/"+v.Spec.Template]++
		t.Run(v.Name, func(t *testing.T) {
			rep, err := Bytes(v.Name+v.Ext, v.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			s := v.Spec
			if rep.Office != s.Office || rep.Year != s.Year || rep.Template != s.Template {
				t.Errorf("office %q year %d template %s, want %q %d %s", rep.Office, rep.Year, rep.Template, s.Office, s.Year, s.Template)
			}
			if rep.Signed == nil || *rep.Signed != s.Signed {
				t.Errorf("signed %v, want %s", rep.Signed, s.Signed)
			}
			compareFacts(t, rep, s.Facts)
			var failed []string
			for _, c := range rep.FailedChecks() {
				failed = append(failed, c.ID)
			}
			sort.Strings(failed)
			if !equalStrings(failed, s.Broken) {
				t.Errorf("failed checks %v, want %v", failed, s.Broken)
			}
			if len(rep.Sections) != 6 {
				t.Errorf("%d sections, want 6", len(rep.Sections))
			}
			for _, f := range s.Figures {
				if !hasFigure(rep, f) {
					t.Errorf("narrative figure %s = %v not read; got %+v", f.Name, f.Value, rep.Figures)
				}
			}
		})
	}
	if len(layouts) != 6 {
		t.Errorf("variants cover %v, want 3 layouts × 2 templates", layouts)
	}
}

func hasFigure(rep *gongkai.Report, want gongkai.Figure) bool {
	for _, f := range rep.Figures {
		if f.Name == want.Name && f.Value == want.Value {
			return true
		}
	}
	return false
}
