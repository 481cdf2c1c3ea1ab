package indextest

import (
	"context"
	"reflect"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// runHits holds every hit of a search, with and without text, to the
// entry it stands for: who, when, where, which template, where it was
// published, its source and its failed checks.
func runHits(t *testing.T, x index.Index, entries []gongkai.Entry) {
	for _, q := range []index.Query{{Limit: 100000}, {Text: "政府信息公开", Limit: 100000}} {
		res, err := x.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Fatalf("%q: no hit", q.Text)
		}
		for _, h := range res.Hits {
			e := find(entries, h.ID)
			if e == nil {
				t.Fatalf("%q: hit %s is no entry put", q.Text, h.ID)
			}
			want := index.Hit{ID: e.ID, Office: e.Report.Office, Year: e.Report.Year, Region: e.Region, Level: e.Level,
				Template: e.Report.Template, URL: e.URL, Source: e.Report.Source, Failed: index.FailedChecks(&e.Report), Snippets: h.Snippets}
			if !reflect.DeepEqual(h, want) {
				t.Errorf("%q: hit %+v, want %+v", q.Text, h, want)
			}
		}
	}
}
