package indextest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// AcrossEntries are reports whose findings depend on other reports: a body
// renamed in 2021 (one body id, two names) with no report for 2023; a body
// whose 2022 narrative repeats its 2021 one word for word; and twelve county
// governments of one province in 2022, the peers of rate outliers.
func AcrossEntries(t *testing.T) []gongkai.Entry {
	src := Entries(t, 20, "")
	body := gongkai.Body{ID: "bdonghe", Name: "哈密市伊州区东河街道办事处",
		Aliases: []gongkai.Alias{{Name: "哈密市东河街道办事处", Until: 2020}}}
	var out []gongkai.Entry
	add := func(e gongkai.Entry, office string, year int, region, level string, b gongkai.Body) {
		e.Report.Office, e.Report.Year, e.Region, e.Level, e.Body = office, year, region, level, b
		e.ID = gongkai.EntryID(office, year, e.Report.Source)
		out = append(out, e)
	}
	for i, year := range []int{2019, 2020, 2021, 2022} {
		office := body.Name
		if year <= 2020 {
			office = body.Aliases[0].Name
		}
		add(src[i], office, year, "650502", "street", body)
	}
	add(src[4], "淮安市洪泽区教育局", 2021, "320813", "department", gongkai.Body{})
	copied := src[5]
	copied.Report.Sections = slices.Clone(src[4].Report.Sections)
	add(copied, "淮安市洪泽区教育局", 2022, "320813", "department", gongkai.Body{})
	add(src[6], "淮安市洪泽区教育局", 2023, "320813", "department", gongkai.Body{})
	for i := range 12 {
		add(src[7+i], fmt.Sprintf("广州市第%02d区人民政府", i+1), 2022, fmt.Sprintf("4401%02d", i+1), "county", gongkai.Body{})
	}
	return out
}

// runAcrossReports holds an index's findings across reports to
// index.AllFindings over the same entries: those of a renamed body follow
// its body id, copied narratives and rate outliers are found at put, and
// deleting a report recomputes them.
func runAcrossReports(t *testing.T, x index.Index) {
	ctx := context.Background()
	defer x.Close()
	entries := AcrossEntries(t)
	all := allFindings(t, entries)
	has := func(kind, office string, year int) bool {
		return slices.ContainsFunc(all, func(f gongkai.Finding) bool {
			return f.Kind == kind && f.Office == office && f.Year == year
		})
	}
	// The entries must show what the suite tests.
	if !has(gongkai.FindingMissing, "哈密市伊州区东河街道办事处", 2023) || has(gongkai.FindingMissing, "哈密市东河街道办事处", 2021) {
		t.Fatal("the renamed body is not missing 2023 under its name of now alone: the suite tests nothing")
	}
	if !has(gongkai.FindingCopied, "淮安市洪泽区教育局", 2022) {
		t.Fatal("the copied narrative is no finding: the suite tests nothing")
	}
	if !slices.ContainsFunc(all, func(f gongkai.Finding) bool { return f.Kind == gongkai.FindingRateOutlier }) {
		t.Fatal("no rate outlier among the peers: the suite tests nothing")
	}
	// One at a time, as a crawl puts them: each put refreshes what it touches.
	for _, e := range entries {
		if err := x.Put(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	same(t, "after putting one at a time", x, entries)

	// Deleting a peer moves the quartiles; deleting the year before the
	// copied one takes the copied finding away; deleting the renamed
	// body's first report under its new name breaks its years.
	for _, gone := range []string{entries[len(entries)-1].ID, entries[4].ID, entries[2].ID} {
		if err := x.Delete(ctx, gone); err != nil {
			t.Fatal(err)
		}
		entries = slices.DeleteFunc(entries, func(e gongkai.Entry) bool { return e.ID == gone })
		same(t, "after deleting "+gone, x, entries)
	}
}
