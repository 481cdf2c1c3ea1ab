package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/elastic"
	"github.com/gongkai/gongkai/index/indextest"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/similar"
	"github.com/gongkai/gongkai/watch/atomtest"
)

// backends opens a fresh index of each kind: the embedded SQLite one and,
// when GONGKAI_ES_URL is set, Elasticsearch.
func backends(t *testing.T) map[string]func() index.Index {
	b := map[string]func() index.Index{
		"sqlite": func() index.Index {
			idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { idx.Close() })
			return idx
		},
	}
	if es := os.Getenv("GONGKAI_ES_URL"); es != "" {
		b["elasticsearch"] = func() index.Index {
			idx, err := elastic.Open(context.Background(), es, fmt.Sprintf("gongkai-test-watch-%d", time.Now().UnixNano()))
			if err != nil {
				t.Fatal(err)
			}
			return idx
		}
	}
	return b
}

// Watches checked against an index before and after a year of reports
// arrives: the first check records what matches and lists nothing, the
// second lists exactly the reports and findings that arrived, the third
// nothing again; the feed holds the second's matches.
func TestCheck(t *testing.T) {
	entries := indextest.Entries(t, 36, "") // six bodies, 2019–2024
	var before, arrived []gongkai.Entry
	for _, e := range entries {
		switch {
		case e.Report.Year < 2024:
			before = append(before, e)
		case !strings.Contains(e.Report.Office, "教育局"): // the 教育局 publishes nothing for 2024
			arrived = append(arrived, e)
		}
	}
	// 西湖区's 2024 narrative repeats its 2023 one: a copied finding, which
	// the index computes at put.
	for i := range arrived {
		if arrived[i].Region != "330106" {
			continue
		}
		for _, e := range before {
			if e.Report.Office == arrived[i].Report.Office && e.Report.Year == 2023 {
				arrived[i].Report.Sections = slices.Clone(e.Report.Sections)
			}
		}
	}
	// What each watch must list after the second check, from the entries
	// that arrived.
	type want struct{ reports, findings []string }
	wants := map[string]*want{"哈密市核对未通过": {}, "教育局未发布": {}, "西湖区": {}, "雷同": {}}
	copied, err := similar.Findings(append(slices.Clone(before), arrived...))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range copied {
		if f.Year == 2024 {
			wants["雷同"].findings = append(wants["雷同"].findings, "finding|"+f.Key())
		}
	}
	if !slices.Contains(wants["雷同"].findings, "finding|"+gongkai.Finding{Kind: gongkai.FindingCopied, Office: "杭州市西湖区城南街道办事处", Year: 2024}.Key()) {
		t.Fatal("the copied narrative is no finding: the test checks nothing")
	}
	for _, e := range arrived {
		if strings.HasPrefix(e.Region, "6505") && len(e.Report.FailedChecks()) > 0 {
			w := wants["哈密市核对未通过"]
			w.reports = append(w.reports, "report|"+e.ID)
			for _, c := range e.Report.FailedChecks() {
				w.findings = append(w.findings, "finding|"+gongkai.Finding{Kind: gongkai.FindingCheck, Office: e.Report.Office, Year: 2024, Check: c.ID}.Key())
			}
		}
		if e.Region == "330106" {
			wants["西湖区"].reports = append(wants["西湖区"].reports, "report|"+e.ID)
		}
		wants["雷同"].reports = append(wants["雷同"].reports, "report|"+e.ID)
	}
	wants["教育局未发布"].findings = []string{"finding|" + gongkai.Finding{Kind: gongkai.FindingMissing, Office: "淮安市洪泽区教育局", Year: 2024}.Key()}
	if len(wants["哈密市核对未通过"].reports) == 0 {
		t.Fatal("no report of 6505 arriving fails a check: the test checks nothing")
	}
	watches := []Watch{
		{Name: "哈密市核对未通过", Region: "哈密市", FailedChecks: true, Kinds: []string{gongkai.FindingCheck}},
		{Name: "教育局未发布", Office: "教育局", Kinds: []string{gongkai.FindingMissing}},
		{Name: "西湖区", Text: "政府信息公开", Region: "330106"},
		{Name: "雷同", Kinds: []string{gongkai.FindingCopied}}, // a kind only the index computes
	}

	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			idx := open()
			dir := t.TempDir()
			if err := idx.Put(ctx, before...); err != nil {
				t.Fatal(err)
			}
			t0 := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)
			res, err := Check(ctx, idx, dir, watches, t0)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				if !r.First || len(r.New) > 0 || (r.Reports == 0 && r.Findings == 0) {
					t.Errorf("%s first check: first=%v, %d new, %d reports and %d findings match; want first, none new, something recorded",
						r.Watch.Name, r.First, len(r.New), r.Reports, r.Findings)
				}
			}
			if err := idx.Put(ctx, arrived...); err != nil {
				t.Fatal(err)
			}
			t1 := t0.Add(24 * time.Hour)
			res, err = Check(ctx, idx, dir, watches, t1)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				w := wants[r.Watch.Name]
				var reports, findings []string
				for _, it := range r.New {
					if it.Report != nil {
						reports = append(reports, it.Key())
					} else {
						findings = append(findings, it.Key())
						if r.Watch.Name == "西湖区" && it.Finding.Office != "杭州市西湖区城南街道办事处" {
							t.Errorf("西湖区 lists a finding of %s", it.Finding.Office)
						}
					}
				}
				if r.First || !sameSet(reports, w.reports) {
					t.Errorf("%s: new reports %v, want %v", r.Watch.Name, reports, w.reports)
				}
				if r.Watch.Name != "西湖区" && !sameSet(findings, w.findings) {
					t.Errorf("%s: new findings %v, want %v", r.Watch.Name, findings, w.findings)
				}
			}

			res, err = Check(ctx, idx, dir, watches, t1.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				if len(r.New) > 0 {
					t.Errorf("%s third check, nothing arrived: %d new", r.Watch.Name, len(r.New))
				}
			}

			st, err := ReadState(dir)
			if err != nil {
				t.Fatal(err)
			}
			seen := st.Watches["哈密市核对未通过"]
			data, err := Atom(seen, "http://127.0.0.1:8080")
			if err != nil {
				t.Fatal(err)
			}
			feed := atomtest.Validate(t, data)
			w := wants["哈密市核对未通过"]
			if len(feed.Entries) != len(w.reports)+len(w.findings) || !feed.Updated.Equal(t1) {
				t.Errorf("feed: %d entries updated %v, want %d updated %v", len(feed.Entries), feed.Updated, len(w.reports)+len(w.findings), t1)
			}
			for i, it := range seen.Items {
				e := feed.Entries[i]
				if e.ID != EntryID(seen.Watch.Name, it) || !e.Updated.Equal(t1) {
					t.Errorf("entry %d: id %s updated %v, want %s %v", i, e.ID, e.Updated, EntryID(seen.Watch.Name, it), t1)
				}
				if it.Report != nil && e.Links["alternate"] != "http://127.0.0.1:8080/reports/"+it.Report.ID {
					t.Errorf("entry %d links to %s, want the report page of %s", i, e.Links["alternate"], it.Report.ID)
				}
			}

			// A watch whose definition changes starts again: its first
			// check records, and its feed is emptied of the old query's.
			changed := watches[0]
			changed.Year = "2024"
			res, err = Check(ctx, idx, dir, []Watch{changed}, t1.Add(2*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if st, _ := ReadState(dir); !res[0].First || len(st.Watches[changed.Name].Items) != 0 || len(st.Watches) != len(watches) {
				t.Errorf("changed watch: first=%v, %d items kept, %d watches in the state; want first, none, %d",
					res[0].First, len(st.Watches[changed.Name].Items), len(st.Watches), len(watches))
			}
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// The state file is replaced whole: a reader meanwhile reads the old file
// or the new one, never a part (a file truncated and rewritten in place
// would be read empty or cut short).
func TestStateWrittenAtomically(t *testing.T) {
	dir := t.TempDir()
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	ctx := context.Background()
	if err := idx.Put(ctx, indextest.Entries(t, 12, "")...); err != nil {
		t.Fatal(err)
	}
	watches := []Watch{{Name: "全部"}, {Name: "哈密", Region: "6505"}}
	if _, err := Check(ctx, idx, dir, watches, time.Now()); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		for i := range 20 {
			if _, err := Check(ctx, idx, dir, watches, time.Now().Add(time.Duration(i)*time.Minute)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	reads := 0
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			if reads == 0 {
				t.Fatal("no read while the state was rewritten")
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
			return
		default:
		}
		st, err := ReadState(dir)
		if err != nil {
			t.Fatalf("read %d: %v", reads, err)
		}
		if len(st.Watches) != 2 {
			t.Fatalf("read %d: %d watches, want 2", reads, len(st.Watches))
		}
		reads++
	}
}
