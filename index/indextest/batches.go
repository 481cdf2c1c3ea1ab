package indextest

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// RunBatches puts entries in batches, in two orders and two batch sizes:
// first changed copies of every fourth report (the facts its rates divide
// by doubled, its narrative another report's), then the originals over
// them, with a delete between, then every third again with its text alone
// corrected (as a re-index after a crawl puts it). After each stage the stored findings — the
// rate outliers among them — and every report's closest other are what a
// computation from scratch over the reports then stored gives
// (index.AllFindings, similar.ClosestOthers). An index that updates a
// batch's peer scopes or bodies only in part, or keeps a replaced
// report's findings or print, or drops the rate outliers of a report put
// again whose peers did not change, fails.
func RunBatches(t *testing.T, open func(t *testing.T) index.Index) {
	entries := batchEntries(t)
	kinds := map[string]int{}
	for _, f := range allFindings(t, entries) {
		kinds[f.Kind]++
	}
	if kinds[gongkai.FindingRateOutlier] == 0 || kinds[gongkai.FindingCopied] == 0 {
		t.Fatalf("the entries give findings %v, no rate outlier or copied narrative: the suite tests nothing", kinds)
	}
	for _, run := range []struct {
		name  string
		seed  uint64
		batch int
	}{{"batches of 7", 1, 7}, {"batches of 23", 2, 23}} {
		t.Run(run.name, func(t *testing.T) {
			ctx := context.Background()
			x := open(t)
			defer x.Close()
			stored := map[string]gongkai.Entry{}
			putAll := func(list []gongkai.Entry) {
				for batch := range slices.Chunk(list, run.batch) {
					if err := x.Put(ctx, batch...); err != nil {
						t.Fatal(err)
					}
					for _, e := range batch {
						stored[e.ID] = e
					}
				}
			}
			check := func(when string) {
				t.Helper()
				var now []gongkai.Entry
				for _, id := range slices.Sorted(maps.Keys(stored)) {
					now = append(now, stored[id])
				}
				same(t, when, x, now)
				sameClosest(t, when, x, now)
			}
			order := rand.New(rand.NewPCG(run.seed, 18)).Perm(len(entries))
			var first, again []gongkai.Entry
			for k, i := range order {
				e := entries[i]
				if k%4 == 1 {
					e = changedCopy(&entries[i], &entries[order[(k+1)%len(order)]])
					again = append(again, entries[i])
				}
				first = append(first, e)
			}
			putAll(first)
			check("changed copies put in batches")

			var gone []string
			for k, i := range order {
				if k%9 == 4 {
					gone = append(gone, entries[i].ID)
					again = append(again, entries[i])
				}
			}
			if err := x.Delete(ctx, gone...); err != nil {
				t.Fatal(err)
			}
			for _, id := range gone {
				delete(stored, id)
			}
			check("every ninth deleted")

			slices.Reverse(again)
			putAll(again)
			check("originals put back in batches")

			// A crawl that corrected the text of some reports and nothing
			// else: their rates, so their peers' outliers, are as they were.
			var corrected []gongkai.Entry
			for k, i := range order {
				if k%3 == 0 {
					corrected = append(corrected, correctedCopy(&entries[i]))
				}
			}
			putAll(corrected)
			check("every third put again, its text alone corrected")
		})
	}
}

// batchEntries are sixteen county governments of one province, seven
// years each (peers of rate outliers in every year), the first of them
// repeating its 2019 narrative in 2020 (a copied narrative).
func batchEntries(t *testing.T) []gongkai.Entry {
	const bodies = 16
	out := Entries(t, bodies*7, "")
	for i := range out {
		e := &out[i]
		e.Report.Office, e.Report.Year = fmt.Sprintf("广州市第%02d区人民政府", i%bodies+1), 2019+i/bodies
		e.Region, e.Level = fmt.Sprintf("4401%02d", i%bodies+1), "county"
		e.ID = gongkai.EntryID(e.Report.Office, e.Report.Year, e.Report.Source)
	}
	out[bodies].Report.Sections = slices.Clone(out[0].Report.Sections)
	return out
}

// changedCopy is e with the facts its rates divide by doubled and other's
// narrative: its rate outliers, peers' quartiles and copied narratives
// change, and its closest other report.
func changedCopy(e, other *gongkai.Entry) gongkai.Entry {
	c := *e
	divisors := map[string]bool{}
	for _, rt := range gongkai.AllRates {
		for _, k := range rt.Den[e.Report.Template] {
			divisors[k] = true
		}
	}
	c.Report.Facts = slices.Clone(e.Report.Facts)
	for i, f := range c.Report.Facts {
		if f.Value != nil && divisors[f.Key] {
			v := 2 * *f.Value
			c.Report.Facts[i].Value = &v
		}
	}
	c.Report.Sections = slices.Clone(other.Report.Sections)
	return c
}

// correctedCopy is e with a sentence added to its first section, as a
// report corrected after publication: its facts, so its rates, unchanged.
func correctedCopy(e *gongkai.Entry) gongkai.Entry {
	c := *e
	c.Report.Sections = slices.Clone(e.Report.Sections)
	if len(c.Report.Sections) > 0 {
		c.Report.Sections[0].Text += "本报告发布后已更正。"
	}
	return c
}
