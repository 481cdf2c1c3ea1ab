package similar

import (
	"fmt"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/internal/corpus"
	"github.com/gongkai/gongkai/parse"
)

// The measurements behind the README's section on copied narrative: the
// sentence ratio against the generator's truth, the distribution of the
// ratio for reports that copy and for those that do not, and MinHash's
// (and, for the choice, SimHash's) error against exact similarity.

// networkDocs parses every report of a fixtures network.
func networkDocs(t testing.TB, n *fixtures.Network) [][]*Doc {
	t.Helper()
	out := make([][]*Doc, len(n.Sites))
	for b, site := range n.Sites {
		for _, sr := range site.Reports {
			rep, err := parse.Bytes(sr.Path, sr.Spec.Render(sr.Options))
			if err != nil {
				t.Fatalf("%s %s: %v", site.Name, sr.Path, err)
			}
			d, err := New(rep)
			if err != nil {
				t.Fatal(err)
			}
			out[b] = append(out[b], d)
		}
	}
	return out
}

// corpusDocs parses the real reports of the corpus, nil without it.
func corpusDocs(t testing.TB) (names []string, docs []*Doc) {
	dir, _ := corpus.Dir(t)
	if dir == "" {
		return nil, nil
	}
	for _, name := range []string{"hongze-2023.pdf", "shanghai-office-2019.html", "yizhou-donghe-2025.txt", "legacy/pingtan-shiyanqu-2013.html"} {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("corpus: %v", err)
		}
		rep, err := parse.File(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d, err := New(rep)
		if err != nil {
			t.Fatal(err)
		}
		names, docs = append(names, name), append(docs, d)
	}
	return names, docs
}

// simHash is Charikar's 64-bit SimHash of the shingle set, measured here
// against MinHash: it estimates the angle between the sets' vectors.
func simHash(d *Doc) uint64 {
	var votes [64]int
	for h := range d.set {
		v := mix(h)
		for i := range votes {
			if v>>i&1 == 1 {
				votes[i]++
			} else {
				votes[i]--
			}
		}
	}
	var out uint64
	for i, n := range votes {
		if n > 0 {
			out |= 1 << i
		}
	}
	return out
}

// cosine is the exact cosine similarity of two shingle sets.
func cosine(a, b *Doc) float64 {
	both := 0
	for h := range a.set {
		if _, ok := b.set[h]; ok {
			both++
		}
	}
	if len(a.set) == 0 || len(b.set) == 0 {
		return 0
	}
	return float64(both) / math.Sqrt(float64(len(a.set))*float64(len(b.set)))
}

type errorStats struct {
	n         int
	sum, most float64
	over      int // errors above 0.1
}

func (e *errorStats) add(err float64) {
	err = math.Abs(err)
	e.n++
	e.sum += err
	e.most = max(e.most, err)
	if err > 0.1 {
		e.over++
	}
}

func (e errorStats) String() string {
	return fmt.Sprintf("%d pairs, mean |error| %.4f, max %.4f, %d above 0.1", e.n, e.sum/float64(e.n), e.most, e.over)
}

// histogram counts ratios in tenths.
func histogram(ratios []float64) string {
	var bins [11]int
	for _, r := range ratios {
		bins[int(r*10+1e-9)]++
	}
	var b strings.Builder
	for i, n := range bins {
		if n > 0 {
			fmt.Fprintf(&b, " [%.1f,%.1f):%d", float64(i)/10, float64(i+1)/10, n)
		}
	}
	return b.String()
}

func TestMeasure(t *testing.T) {
	network := fixtures.NewNetwork(12, 2019, 2025)
	docs := networkDocs(t, network)

	// The same body's consecutive reports against the generator's truth.
	var copying, notCopying, crossBody []float64
	var truthErr errorStats
	for b, site := range network.Sites {
		for k := 0; k+1 < len(site.Reports); k++ {
			c := Compare(docs[b][k], docs[b][k+1])
			truth := site.Reports[k].Spec.CopiedFrom(site.Reports[k+1].Spec)
			truthErr.add(c.Ratio - truth.Ratio())
			if b == fixtures.CopyingBody {
				copying = append(copying, c.Ratio)
				if d := math.Abs(c.Ratio - truth.Ratio()); d > 0.1 {
					t.Errorf("copying body %d: measured %d/%d, truth %d/%d", site.Reports[k].Spec.Year, c.Repeated, c.Sentences, truth.Repeated, truth.Sentences)
				}
			} else {
				notCopying = append(notCopying, c.Ratio)
			}
		}
	}
	// Each report against the closest report of another body, same year.
	for b := range docs {
		for k := range docs[b] {
			most := 0.0
			for o := range docs {
				if o != b {
					most = max(most, Compare(docs[b][k], docs[o][k]).Ratio)
				}
			}
			crossBody = append(crossBody, most)
		}
	}
	t.Logf("fixtures: ratio against the generator's truth: %v", truthErr)
	t.Logf("fixtures: copying body, year on year:%s", histogram(copying))
	t.Logf("fixtures: other bodies, year on year:%s", histogram(notCopying))
	t.Logf("fixtures: closest other body, same year:%s", histogram(crossBody))

	// MinHash and SimHash against exact similarity over every pair.
	all := []*Doc{}
	for _, ds := range docs {
		all = append(all, ds...)
	}
	names, real := corpusDocs(t)
	all = append(all, real...)
	var minHash, simHashErr errorStats
	sigs := make([]Signature, len(all))
	sims := make([]uint64, len(all))
	for i, d := range all {
		sigs[i], sims[i] = d.Signature(), simHash(d)
	}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			minHash.add(sigs[i].Jaccard(&sigs[j]) - Jaccard(all[i], all[j]))
			angle := float64(bits.OnesCount64(sims[i]^sims[j])) / 64 * math.Pi
			simHashErr.add(math.Cos(angle) - cosine(all[i], all[j]))
		}
	}
	t.Logf("MinHash (%d hashes) against exact Jaccard: %v", Hashes, minHash)
	t.Logf("SimHash (64 bits) against exact cosine: %v", simHashErr)
	if minHash.sum/float64(minHash.n) > 0.03 || minHash.most > 0.15 {
		t.Errorf("MinHash error too large: %v", minHash)
	}

	// Real reports of different bodies: none repeats another.
	for i := range real {
		for j := range real {
			if i == j {
				continue
			}
			c := Compare(real[i], real[j])
			t.Logf("corpus: %s against %s: %d/%d sentences (%.2f), Jaccard %.3f", names[i], names[j], c.Repeated, c.Sentences, c.Ratio, Jaccard(real[i], real[j]))
			if c.Ratio >= Threshold {
				t.Errorf("%s repeats %s by %.2f, at or above the threshold %.2f", names[i], names[j], c.Ratio, Threshold)
			}
		}
	}
	sort.Float64s(notCopying)
	sort.Float64s(copying)
	flagged := len(notCopying) - sort.SearchFloat64s(notCopying, Threshold)
	t.Logf("fixtures: other bodies year on year: median %.2f, 90th percentile %.2f, %d of %d at or above the threshold %.2f",
		notCopying[len(notCopying)/2], notCopying[len(notCopying)*9/10], flagged, len(notCopying), Threshold)
	if len(copying) > 0 && copying[0] < Threshold {
		t.Errorf("a copying report's ratio %.2f is below the threshold %.2f", copying[0], Threshold)
	}
}
