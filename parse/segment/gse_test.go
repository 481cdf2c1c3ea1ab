package segment

import (
	_ "embed"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/go-ego/gse"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/internal/corpus"
	"github.com/gongkai/gongkai/parse"
)

// This file builds the segmenter the compiled dictionary comes from: gse
// with its "zh_s" dictionary and the domain dictionary, loaded as gse loads
// them (seconds). The tests hold the compiled dictionary and its cuts to it.

var update = flag.Bool("update", false, "rewrite words.txt from gse and dict.txt")

// domainDict is the domain dictionary: the report format's labels and
// notions, the policy phrases of its narratives and the kinds of body that
// publish it, one term per line with an optional frequency. gse's general
// dictionary cuts many of them apart (依申请 / 公开, 三审 / 三校), which
// would make a query for the term match its pieces anywhere.
//
//go:embed dict.txt
var domainDict string

// defaultFreq is the frequency of a domain term whose line gives none. It is
// well above gse's frequent words (公开 5094, 机关 24504), so a term beats any
// cut of it into dictionary words. On the gold set 100000, 300000 and
// 1000000 score the same and 20000 slightly lower; higher values would only
// let a term take characters from its neighbours more often.
const defaultFreq = 100000

var (
	gseOnce sync.Once
	gseSeg  *gse.Segmenter
	gseErr  error
)

// gseSegmenter returns gse loaded with "zh_s" and the domain dictionary,
// once per test binary.
func gseSegmenter(t testing.TB) *gse.Segmenter {
	t.Helper()
	gseOnce.Do(func() {
		s := &gse.Segmenter{}
		if gseErr = s.LoadDictEmbed("zh_s"); gseErr != nil {
			return
		}
		if gseErr = addDomain(s, domainDict); gseErr == nil {
			gseSeg = s
		}
	})
	if gseErr != nil {
		t.Fatal(gseErr)
	}
	return gseSeg
}

// term is a line of the domain dictionary.
type term struct {
	text string
	freq float64
}

// parseDict reads the terms of dict, in the format of dict.txt.
func parseDict(dict string) ([]term, error) {
	var terms []term
	for n, line := range strings.Split(dict, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		t := term{text: fields[0], freq: defaultFreq}
		switch len(fields) {
		case 1:
		case 2:
			f, err := strconv.ParseFloat(fields[1], 64)
			if err != nil || f <= 0 {
				return nil, fmt.Errorf("segment: dict.txt:%d: bad frequency %q", n+1, fields[1])
			}
			t.freq = f
		default:
			return nil, fmt.Errorf("segment: dict.txt:%d: want a term and an optional frequency, got %q", n+1, line)
		}
		terms = append(terms, t)
	}
	return terms, nil
}

// addDomain adds the terms of dict (in the format of dict.txt) to the
// segmenter, raising the frequency of those gse already knows less often,
// then recomputes the dictionary's derived values once.
func addDomain(s *gse.Segmenter, dict string) error {
	terms, err := parseDict(dict)
	if err != nil {
		return err
	}
	for _, t := range terms {
		old, _, _ := s.Find(t.text)
		switch {
		case old >= t.freq:
			// gse already ranks the term at least as high.
		case old > 0:
			err = s.ReAddToken(t.text, t.freq)
		default:
			err = s.AddToken(t.text, t.freq)
		}
		if err != nil {
			return fmt.Errorf("segment: adding %q: %w", t.text, err)
		}
	}
	if err := addPrefixRunes(s); err != nil {
		return err
	}
	s.CalcToken()
	return nil
}

// addPrefixRunes gives frequency 1 to every character that starts a word of
// the dictionary without being one itself, such as the digits that start
// 12345热线 or 3D. gse's Cut looks such a character up, finds it with
// frequency 0, and its log, -Inf, then ties every cut of the text before
// it: gse falls back to longest match there (全年共主动公开…312条 became
// 共主 / 动 / 公开). Frequency 1 is what gse counts for a character it does
// not know at all.
func addPrefixRunes(s *gse.Segmenter) error {
	seen := make(map[string]bool)
	for i := range s.Dict.Tokens {
		r, _ := utf8.DecodeRuneInString(s.Dict.Tokens[i].Text())
		first := string(r)
		if seen[first] {
			continue
		}
		seen[first] = true
		if freq, _, ok := s.Find(first); ok && freq <= 0 {
			if err := s.AddToken(first, 1); err != nil {
				return fmt.Errorf("segment: adding %q: %w", first, err)
			}
		}
	}
	return nil
}

// compile writes gse's dictionary in the form of words.txt: every word its
// trie holds, with the frequency gse finds for it.
func compile(t testing.TB, s *gse.Segmenter) string {
	words := map[string]float64{}
	for i := range s.Dict.Tokens {
		w := s.Dict.Tokens[i].Text()
		freq, _, ok := s.Find(w)
		if _, _, err := s.Value(w); !ok || err != nil {
			continue // removed and added again: the later token holds it
		}
		words[w] = freq
	}
	keys := make([]string, 0, len(words))
	for w := range words {
		if strings.ContainsAny(w, "\t\n") || !utf8.ValidString(w) {
			t.Fatalf("dictionary word %q holds a tab or a newline, or is not UTF-8", w)
		}
		keys = append(keys, w)
	}
	slices.Sort(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "total\t%s\n", strconv.FormatFloat(s.Dict.TotalFreq(), 'f', -1, 64))
	for _, w := range keys {
		fmt.Fprintf(&b, "%s\t%s\n", w, strconv.FormatFloat(words[w], 'f', -1, 64))
	}
	return b.String()
}

// TestCompiledDict: words.txt is what gse and dict.txt make today; with
// -update (go generate) it is rewritten.
func TestCompiledDict(t *testing.T) {
	want := compile(t, gseSegmenter(t))
	if *update {
		if err := os.WriteFile("words.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if compiledDict != want {
		t.Fatal("words.txt is stale (dict.txt or gse changed): run go generate ./parse/segment")
	}
}

// narratives returns texts to cut: the corpus's reports and fixture
// reports, parsed, and the gold set.
func narratives(t *testing.T) []string {
	var texts []string
	add := func(r *gongkai.Report) {
		var b strings.Builder
		b.WriteString(r.Title)
		for _, s := range r.Sections {
			b.WriteString("\n" + s.Title + "\n" + s.Text)
		}
		texts = append(texts, b.String())
	}
	if dir, _ := corpus.Dir(t); dir != "" {
		for _, name := range []string{"hongze-2023.pdf", "shanghai-office-2019.html", "yizhou-donghe-2025.txt", "legacy/pingtan-shiyanqu-2013.html"} {
			r, err := parse.File(filepath.Join(dir, name))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			add(r)
		}
	}
	for _, v := range fixtures.Variants(40) {
		r, err := parse.Bytes(v.Name+v.Ext, v.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		add(r)
	}
	for _, g := range readGold(t) {
		texts = append(texts, g.text)
	}
	return texts
}

// TestSameCutsAsGSE: the compiled dictionary cuts as gse does — every
// narrative as Index cuts it, and a few thousand query-sized pieces of them
// (mixed case, digits, Latin letters, punctuation) as Terms cuts them.
func TestSameCutsAsGSE(t *testing.T) {
	g := gseSegmenter(t)
	s := defaultSegmenter(t)
	texts := narratives(t)
	rng := rand.New(rand.NewPCG(1, 2))
	queries := []string{"", "OA系统", "12345热线", "3D打印", "GOV数据（Open Data）", "\xff依申请\xfe公开", "全年共主动公开政府信息312条"}
	for _, text := range texts {
		if got, want := s.dict.cutSearch(text, nil), g.CutSearch(text, false); !slices.Equal(got, want) {
			t.Errorf("CutSearch differs on %.60q…:\n got %q\nwant %q", text, got, want)
		}
		runes := []rune(text)
		for range 60 {
			if len(runes) < 2 {
				break
			}
			from := rng.IntN(len(runes) - 1)
			queries = append(queries, string(runes[from:min(len(runes), from+2+rng.IntN(10))]))
		}
	}
	for _, q := range queries {
		if got, want := s.dict.cut(q), g.Cut(q, false); !slices.Equal(got, want) {
			t.Errorf("Cut(%q) = %q, gse %q", q, got, want)
		}
	}
	t.Logf("%d texts, %d queries cut alike", len(texts), len(queries))
}

// cutHMM is gse's Cut with its HMM on the domain dictionary, without
// punctuation: the segmentation the gold set scores.
func cutHMM(t testing.TB) func(string) []string {
	g := gseSegmenter(t)
	return func(text string) []string { return words(g.Cut(text, true)) }
}
