package similar

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
)

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"一句话", []string{"一句话"}},
		{"第一句。第二句！第三句？", []string{"第一句。", "第二句！", "第三句？"}},
		{"一是内容不足；二是能力不够;三是", []string{"一是内容不足；", "二是能力不够;", "三是"}},
		{"(一)主动公开\n  公开信息47条。 \r\n", []string{"(一)主动公开", "公开信息47条。"}},
		{"金额1.5万元。", []string{"金额1.5万元。"}}, // a decimal point ends nothing
	} {
		if got := Split(tc.text); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("Split(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestNormalise(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		numbered bool
	}{
		{"（一）主动公开方面", "主动公开方面", true},
		{"(二)依申请公开", "依申请公开", true},
		{"一、总体情况", "总体情况", true},
		{"12. 其他", " 其他", true},
		{"2024年，主动公开信息47条。", "年，主动公开信息条。", false},
		{"一是公开内容不足。", "一是公开内容不足。", false}, // 一是 is not an enumeration mark
		{"(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", false},
	} {
		got, numbered := normalise(tc.in)
		if got != tc.want || numbered != tc.numbered {
			t.Errorf("normalise(%q) = %q, %v; want %q, %v", tc.in, got, numbered, tc.want, tc.numbered)
		}
	}
}

// report builds a report whose section 一 holds the given paragraphs.
func report(paras ...string) *gongkai.Report {
	return &gongkai.Report{Sections: []gongkai.Section{{No: "一", Title: "总体情况", Text: strings.Join(paras, "\n")}}}
}

const (
	s1 = "2023年，东河街道办事处坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实政务公开决策部署。"
	s2 = "全年通过门户网站、政务新媒体等渠道主动公开政府信息47条，内容涵盖机构职能、政策文件、财政预决算等。"
	s3 = "健全政府信息公开审查机制，坚持先审查后公开和一事一审原则，做好保密审查和个人信息保护工作。"
	s4 = "依托政府门户网站信息公开专栏，优化栏目设置，加强政务新媒体日常管理，推动平台规范化发展。"
	// Sentences sharing no phrase with s1–s4.
	n1 = "本年度重点围绕乡村振兴和营商环境开展专题培训三次，邀请专家讲解条例要点并组织现场答疑。"
	n2 = "针对群众反映集中的供暖收费问题，街道联合物业公司召开听证会，逐户上门解释调整方案。"
)

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name                string
		cur, prev           *gongkai.Report
		sentences, repeated int
	}{
		{"identical", report(s1, s2, s3, s4), report(s1, s2, s3, s4), 4, 4},
		{"nothing in common", report(n1, n2), report(s1, s2, s3, s4), 2, 0},
		{"years and figures updated", report(strings.ReplaceAll(s1, "2023", "2024"), strings.ReplaceAll(s2, "47", "63")), report(s1, s2), 2, 2},
		{"half copied", report(s1, n1, s3, n2), report(s1, s2, s3, s4), 4, 2},
		{"reordered", report(s4, s3, s2, s1), report(s1, s2, s3, s4), 4, 4},
		{"a phrase changed still repeats", report(strings.Replace(s3, "做好保密审查和个人信息保护工作", "加强保密审查", 1)), report(s3), 1, 1},
		{"headings and short lines do not count", report("（一）主动公开方面", "（四）政府信息公开平台建设", "本年度无。", s1), report("（一）主动公开方面", "（四）政府信息公开平台建设", "本年度无。", n1), 1, 0},
		{"enumeration does not count", report("（一）" + s3), report("1." + s3), 1, 1},
		{"empty", report(), report(s1), 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur, err := New(tc.cur)
			if err != nil {
				t.Fatal(err)
			}
			prev, err := New(tc.prev)
			if err != nil {
				t.Fatal(err)
			}
			c := Compare(cur, prev)
			if c.Sentences != tc.sentences || c.Repeated != tc.repeated || len(c.Pairs) != tc.repeated {
				t.Fatalf("%d of %d sentences repeated (%d pairs), want %d of %d", c.Repeated, c.Sentences, len(c.Pairs), tc.repeated, tc.sentences)
			}
			if tc.sentences > 0 && math.Abs(c.Ratio-float64(tc.repeated)/float64(tc.sentences)) > 1e-9 {
				t.Errorf("ratio %.3f", c.Ratio)
			}
		})
	}
}

// Each repeated sentence is paired with the earlier report's sentence it
// was taken from, not another that shares words with it.
func TestComparePairs(t *testing.T) {
	cur, _ := New(report(n1, strings.ReplaceAll(s4, "规范化", "集约化"), s2))
	prev, _ := New(report(s1, s2, s3, s4))
	c := Compare(cur, prev)
	want := [][2]string{{strings.ReplaceAll(s4, "规范化", "集约化"), s4}, {s2, s2}}
	if len(c.Pairs) != len(want) {
		t.Fatalf("%d pairs, want %d: %+v", len(c.Pairs), len(want), c.Pairs)
	}
	for i, p := range c.Pairs {
		if p.Text != want[i][0] || p.Other != want[i][1] || p.Section != "一" || p.OtherSection != "一" {
			t.Errorf("pair %d: %q ↔ %q, want %q ↔ %q", i, p.Text, p.Other, want[i][0], want[i][1])
		}
	}
	if c.Pairs[1].Share != 1 || c.Pairs[0].Share >= 1 || c.Pairs[0].Share < SentenceShare {
		t.Errorf("shares %.2f, %.2f: want below 1 for the edited sentence, 1 for the copy", c.Pairs[0].Share, c.Pairs[1].Share)
	}
}

// setDoc is a narrative with the given shingles and no sentences.
func setDoc(shingles ...uint64) *Doc {
	d := &Doc{set: map[uint64][]int32{}}
	for _, h := range shingles {
		d.set[h] = []int32{0}
	}
	return d
}

// span returns the shingles from..to-1, hashed so they look random.
func span(from, to int) []uint64 {
	var out []uint64
	for i := from; i < to; i++ {
		out = append(out, mix(uint64(i)*0x9e37))
	}
	return out
}

func TestSignature(t *testing.T) {
	for _, tc := range []struct {
		a, b []uint64
		want float64
	}{
		{span(0, 1000), span(0, 1000), 1},
		{span(0, 1000), span(1000, 2000), 0},
		{span(0, 1000), span(500, 1500), 1.0 / 3},
		{span(0, 1000), span(100, 1000), 0.9},
		{span(0, 300), span(0, 600), 0.5},
	} {
		a, b := setDoc(tc.a...), setDoc(tc.b...)
		if exact := Jaccard(a, b); math.Abs(exact-tc.want) > 1e-9 {
			t.Errorf("exact Jaccard %.3f, want %.3f", exact, tc.want)
		}
		sa, sb := a.Signature(), b.Signature()
		// 3.5 standard errors of the estimate at this J.
		if est, tol := sa.Jaccard(&sb), 3.5*math.Sqrt(tc.want*(1-tc.want)/Hashes)+1e-9; math.Abs(est-tc.want) > tol {
			t.Errorf("estimated Jaccard %.3f, want %.3f ± %.3f", est, tc.want, tol)
		}
	}
}

func TestClosest(t *testing.T) {
	// Pairs of near copies (Jaccard 0.8) between bodies, a body's own
	// near copy (not another body), an unrelated report and an empty one.
	docs := []struct {
		office string
		d      *Doc
	}{
		{"甲", setDoc(span(0, 900)...)},
		{"乙", setDoc(span(100, 1000)...)}, // 0.8 with 甲
		{"丙", setDoc(span(5000, 5900)...)},
		{"丙", setDoc(span(5000, 5900)...)},   // the same body: not its closest
		{"丁", setDoc(span(5100, 6000)...)},   // 0.8 with both 丙
		{"戊", setDoc(span(9000, 9900)...)},   // like nothing
		{"己", setDoc()},                      // no narrative
		{"庚", setDoc(span(200, 1100)...)},    // 0.64 with 甲, 0.8 with 乙
		{"辛", setDoc(span(20000, 20900)...)}, // like nothing
	}
	var items []Item
	for _, x := range docs {
		items = append(items, Item{Body: x.office, Sig: x.d.Signature(), Empty: len(x.d.set) == 0})
	}
	got := Closest(items)
	want := []int{1, 7, 4, 4, -1, -1, -1, 1, -1}
	for i, m := range got {
		if m.Other == 4 && i == 4 {
			t.Errorf("item 4 matched itself")
		}
		ok := m.Other == want[i]
		if i == 4 { // 丁 is as close to either 丙
			ok = m.Other == 2 || m.Other == 3
		}
		if !ok {
			t.Errorf("item %d (%s): closest %d (J≈%.2f), want %d", i, docs[i].office, m.Other, m.Jaccard, want[i])
		}
		if m.Other >= 0 {
			exact := Jaccard(docs[i].d, docs[m.Other].d)
			if math.Abs(m.Jaccard-exact) > 0.15 {
				t.Errorf("item %d: estimated %.2f, exact %.2f", i, m.Jaccard, exact)
			}
		}
	}
}

// Closest against brute force on random near copies: every report whose
// closest other body's report has Jaccard ≥ 0.6 gets it (or one as close).
func TestClosestBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var docs []*Doc
	var items []Item
	for i := range 150 {
		base := r.IntN(50) * 10000 // 50 themes, about 3 reports each
		from := base + r.IntN(200)
		d := setDoc(span(from, from+400+r.IntN(200))...)
		docs = append(docs, d)
		items = append(items, Item{Body: fmt.Sprint(i), Sig: d.Signature()})
	}
	got := Closest(items)
	missed := 0
	for i := range docs {
		best := 0.0
		for j := range docs {
			if j != i {
				best = max(best, Jaccard(docs[i], docs[j]))
			}
		}
		if best < 0.6 {
			continue
		}
		if got[i].Other < 0 || Jaccard(docs[i], docs[got[i].Other]) < best-0.15 {
			missed++
		}
	}
	if missed > 0 {
		t.Errorf("%d reports with a close copy (Jaccard ≥ 0.6) not given it or one as close", missed)
	}
}

// planted returns n random signatures, every tenth a near copy (a fifth of
// its values changed) of the one before it.
func planted(n int) []Item {
	r := rand.New(rand.NewPCG(7, 7))
	items := make([]Item, n)
	for i := range items {
		items[i].Body = fmt.Sprint(i)
		if i%10 == 1 {
			items[i].Sig = items[i-1].Sig
			for k := range items[i].Sig {
				if r.IntN(5) == 0 {
					items[i].Sig[k] = r.Uint64()
				}
			}
			continue
		}
		for k := range items[i].Sig {
			items[i].Sig[k] = r.Uint64()
		}
	}
	return items
}

// BenchmarkClosest shows the search growing with the number of reports,
// not its square: ns/op divided by n stays flat from 1,000 to 100,000.
func BenchmarkClosest(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		items := planted(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				got := Closest(items)
				if got[1].Other != 0 {
					b.Fatalf("near copy not found: %+v", got[1])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/report")
		})
	}
}

// BenchmarkDoc is the per-report cost at index time: cutting the narrative
// (gse) and its MinHash signature.
func BenchmarkDoc(b *testing.B) {
	rep := report(s1, s2, s3, s4, n1, n2, s1, s2, s3, s4, n1, n2)
	if _, err := New(rep); err != nil {
		b.Fatal(err)
	}
	b.Run("New", func(b *testing.B) {
		for b.Loop() {
			New(rep)
		}
	})
	d, _ := New(rep)
	b.Run("Signature", func(b *testing.B) {
		for b.Loop() {
			d.Signature()
		}
	})
}

// BenchmarkBruteForce is the baseline Closest replaces: every pair of a
// year's reports, which grows with the square of their number.
func BenchmarkBruteForce(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		items := planted(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				for i := range items {
					best := -1.0
					for j := range items {
						if j != i && items[j].Body != items[i].Body {
							best = max(best, items[i].Sig.Jaccard(&items[j].Sig))
						}
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/report")
		})
	}
}

func entry(office string, year int, facts int, paras ...string) gongkai.Entry {
	r := report(paras...)
	r.Office, r.Year = office, year
	r.Facts = make([]gongkai.Fact, facts)
	return gongkai.Entry{ID: fmt.Sprintf("%s-%d-%d", office, year, facts), Report: *r}
}

// Findings: a body's report against its report of the year before, at
// least Threshold of at least MinSentences sentences repeated.
func TestFindings(t *testing.T) {
	five := []string{s1, s2, s3, s4, n1}
	for _, tc := range []struct {
		name    string
		entries []gongkai.Entry
		want    []string // ID Got
	}{
		{"all copied", []gongkai.Entry{entry("甲", 2023, 0, five...), entry("甲", 2024, 0, five...)}, []string{"甲-2024-0 100"}},
		{"four in five copied: 80%", []gongkai.Entry{entry("甲", 2023, 0, five...), entry("甲", 2024, 0, s1, s2, s3, s4, n2)}, []string{"甲-2024-0 80"}},
		{"three in five: below the threshold", []gongkai.Entry{entry("甲", 2023, 0, five...), entry("甲", 2024, 0, s1, s2, s3, n2, strings.ReplaceAll(n2, "听证会", "座谈会，随后"))}, nil},
		{"too few sentences", []gongkai.Entry{entry("甲", 2023, 0, s1, s2, s3, s4), entry("甲", 2024, 0, s1, s2, s3, s4)}, nil},
		{"a year between", []gongkai.Entry{entry("甲", 2022, 0, five...), entry("甲", 2024, 0, five...)}, nil},
		{"another body", []gongkai.Entry{entry("甲", 2023, 0, five...), entry("乙", 2024, 0, five...)}, nil},
		{"the report with most facts stands for its year", []gongkai.Entry{
			entry("甲", 2023, 0, five...), entry("甲", 2024, 5, n1, n2, s1, strings.ReplaceAll(n1, "乡村振兴", "城市更新"), strings.ReplaceAll(n2, "供暖", "供水")), entry("甲", 2024, 1, five...)}, nil},
		{"every year against the one before", []gongkai.Entry{entry("甲", 2022, 0, five...), entry("甲", 2023, 0, five...), entry("甲", 2024, 0, five...)}, []string{"甲-2023-0 100", "甲-2024-0 100"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			found, err := Findings(tc.entries)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range found {
				if f.Kind != gongkai.FindingCopied || f.Got == nil || f.Office != "甲" {
					t.Fatalf("finding %+v", f)
				}
				got = append(got, fmt.Sprintf("%s %v", f.ID, *f.Got))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("findings %v, want %v", got, tc.want)
			}
		})
	}
}
