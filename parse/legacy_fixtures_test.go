package parse

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
)

// Every generated pre-2019 variant — each province's form, narrative-only
// reports, every layout — parses back to exactly its facts, office, year,
// signing date and narrative figures (parts marked as parts), with exactly
// the checks broken on purpose failing.
func TestLegacyFixtureVariants(t *testing.T) {
	variants := fixtures.LegacyVariants(96)
	forms := map[string]int{}
	for _, v := range variants {
		forms[v.Options.Layout.String()]++
		t.Run(v.Name, func(t *testing.T) {
			rep, err := Bytes(v.Name+v.Ext, v.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			s := v.Spec
			checkOrigin(t, rep, s.Office, s.Year, s.Template, &s.Signed)
			compareFacts(t, rep, s.Facts)
			if failed := failedIDs(rep); !equalStrings(failed, s.Broken) {
				t.Errorf("failed checks %v, want %v", failed, s.Broken)
			}
			if len(rep.Sections) != 7 {
				t.Errorf("%d sections, want the old outline's 7", len(rep.Sections))
			}
			for _, f := range s.Figures {
				found := false
				for _, g := range rep.Figures {
					found = found || (g.Name == f.Name && g.Value == f.Value && g.Part == f.Part)
				}
				if !found {
					t.Errorf("narrative figure %s = %v (part %v) not read from %q; got %+v", f.Name, f.Value, f.Part, f.Sentence, rep.Figures)
				}
			}
			if len(rep.Figures) != len(s.Figures) {
				t.Errorf("%d figures read, want %d: %+v", len(rep.Figures), len(s.Figures), rep.Figures)
			}
			for _, w := range rep.Warnings {
				if !strings.HasPrefix(w, "decoded as ") { // Word's GBK pages say so
					t.Errorf("warning: %s", w)
				}
			}
		})
	}
	if len(forms) != 3 {
		t.Errorf("legacy variants cover layouts %v, want 3", forms)
	}
}
