package parse

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
)

// legacyProducerTruth is what fixtures/cmd/gen -legacy writes beside a
// report: the truth of the report the documents were made from.
type legacyProducerTruth struct {
	Office       string              `json:"office"`
	Year         int                 `json:"year"`
	Signed       string              `json:"signed"`
	Template     string              `json:"template"`
	BrokenChecks []string            `json:"broken_checks"`
	Figures      []gongkai.Figure    `json:"figures"`
	Facts        map[string]*float64 `json:"facts"`
}

// Pre-2019 fixture reports as an office suite publishes them (committed by
// scripts/make-legacy-producer-fixtures.sh: saved as .docx by LibreOffice,
// exported to HTML by LibreOffice) read back to the report they were made
// from: office, year, signing date, every fact of the statistics table,
// every narrative figure, exactly the checks broken on purpose.
func TestLegacyProducers(t *testing.T) {
	docs, _ := filepath.Glob("testdata/legacy-producers/*.libreoffice.html")
	if len(docs) < 4 {
		t.Fatalf("%d documents in testdata/legacy-producers, want 4 (run scripts/make-legacy-producer-fixtures.sh)", len(docs))
	}
	for _, path := range docs {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			var want legacyProducerTruth
			data, err := os.ReadFile(filepath.Join("testdata/legacy-producers", strings.SplitN(name, ".", 2)[0]+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			rep, err := File(path)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Office != want.Office || rep.Year != want.Year || rep.Template != want.Template {
				t.Errorf("office %q year %d template %s, want %q %d %s", rep.Office, rep.Year, rep.Template, want.Office, want.Year, want.Template)
			}
			if rep.Signed == nil || *rep.Signed != want.Signed {
				t.Errorf("signed %v, want %s", rep.Signed, want.Signed)
			}
			compareFacts(t, rep, want.Facts)
			for _, f := range want.Figures {
				found := false
				for _, g := range rep.Figures {
					found = found || (g.Name == f.Name && g.Value == f.Value && g.Part == f.Part)
				}
				if !found {
					t.Errorf("narrative figure %s = %v not read from %q", f.Name, f.Value, f.Sentence)
				}
			}
			if failed := failedIDs(rep); !equalStrings(failed, want.BrokenChecks) {
				t.Errorf("failed checks %v, want %v", failed, want.BrokenChecks)
			}
		})
	}
}
