package parse

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	gongkai "github.com/gongkai/gongkai"
)

// corpusDir returns the real-report corpus: $GONGKAI_CORPUS, which must then
// exist, or ../shared/corpus beside the module, skipped when absent.
func corpusDir(t testing.TB) string {
	if dir := os.Getenv("GONGKAI_CORPUS"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "truth")); err != nil {
			t.Fatalf("GONGKAI_CORPUS=%s: %v", dir, err)
		}
		return dir
	}
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "truth")); err != nil {
		t.Skipf("no corpus at %s (set GONGKAI_CORPUS)", dir)
	}
	return dir
}

type truth struct {
	Document         string              `json:"document"`
	Office           string              `json:"office"`
	Year             int                 `json:"year"`
	Signed           *string             `json:"signed"`
	Template         string              `json:"template"`
	NarrativeFigures map[string]float64  `json:"narrative_figures"`
	Facts            map[string]*float64 `json:"facts"`
}

// failingChecks are the corpus's real anomalies (truth's known_anomalies) as
// check ids: exactly these fail, nothing else.
var failingChecks = map[string][]string{
	"hongze-2023.pdf": {"review_litigation.litigation_after_review.sum", "review_litigation.review.sum"},
}

func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "truth", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no truth files in %s: %v", dir, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var want truth
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		t.Run(want.Document, func(t *testing.T) {
			rep, err := File(filepath.Join(dir, want.Document))
			if errors.Is(err, ErrUnsupported) {
				t.Skipf("%v: this kind's reader has not landed yet", err)
			}
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if rep.Office != want.Office || rep.Year != want.Year || rep.Template != want.Template {
				t.Errorf("got office %q year %d template %s, want %q %d %s",
					rep.Office, rep.Year, rep.Template, want.Office, want.Year, want.Template)
			}
			if want.Signed != nil && (rep.Signed == nil || *rep.Signed != *want.Signed) {
				t.Errorf("signed = %v, want %s", rep.Signed, *want.Signed)
			}
			compareFacts(t, rep, want.Facts)
			for label, v := range want.NarrativeFigures {
				found := false
				for _, fig := range rep.Figures {
					found = found || (fig.Label == label && fig.Value == v)
				}
				if !found {
					t.Errorf("narrative figure %s = %v not found in %+v", label, v, rep.Figures)
				}
			}
			var failed []string
			for _, c := range rep.FailedChecks() {
				failed = append(failed, c.ID)
			}
			sort.Strings(failed)
			if wantFailed := failingChecks[want.Document]; !equalStrings(failed, wantFailed) {
				t.Errorf("failed checks = %v, want %v", failed, wantFailed)
			}
		})
	}
}

// compareFacts asserts that rep has exactly the facts of want: every key,
// the same value or null, and no key more.
func compareFacts(t *testing.T, rep *gongkai.Report, want map[string]*float64) {
	t.Helper()
	got := map[string]*float64{}
	for _, f := range rep.Facts {
		got[f.Key] = f.Value
		if f.At == (gongkai.At{}) {
			t.Errorf("%s: no provenance", f.Key)
		}
	}
	matched := 0
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			t.Errorf("%s: missing, want %v", k, show(w))
		case (g == nil) != (w == nil) || (g != nil && *g != *w):
			t.Errorf("%s = %v, want %v", k, show(g), show(w))
		default:
			matched++
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s = %v: not in the truth", k, show(g))
		}
	}
	t.Logf("%d of %d facts match", matched, len(want))
}

func show(v *float64) any {
	if v == nil {
		return "null"
	}
	return *v
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
