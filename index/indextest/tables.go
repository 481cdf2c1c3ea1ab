package indextest

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// runTables holds an index's EachTable, where it has one, to Search and
// Get: for each filter, the entries Search lists, in its order, each as
// Get returns it cut to index.TableFields.
func runTables(t *testing.T, x index.Index, entries []gongkai.Entry) {
	tr, ok := x.(index.TableReader)
	if !ok {
		t.Skip("the index reads whole entries for tables (no index.TableReader)")
	}
	ctx := context.Background()
	filters := []index.Filter{
		{},
		{YearFrom: entries[0].Report.Year, YearTo: entries[0].Report.Year},
		{Region: entries[0].Region[:4]},
		{FailedChecks: true},
		{Template: gongkai.Template2019},
		{Office: "没有这个机关"},
	}
	for _, f := range filters {
		want := everything(t, x, index.Query{Filter: f})
		var got []gongkai.Entry
		err := tr.EachTable(ctx, f, func(e *gongkai.Entry) error {
			got = append(got, *e)
			return nil
		})
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: %d entries, want %d", f, len(got), len(want))
		}
		for i, id := range want {
			whole, err := x.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := Table(t, &got[i]), Table(t, whole); got[i].ID != id || !reflect.DeepEqual(g, w) {
				t.Errorf("%+v: entry %d is %s, want %s as Get's cut to the table fields:\n got %v\nwant %v", f, i, got[i].ID, id, g, w)
			}
		}
	}
}

// Table is e cut to index.TableFields, as an index.TableReader may read
// it: its JSON keeping only those paths.
func Table(t testing.TB, e *gongkai.Entry) gongkai.Entry {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var paths [][]string
	for _, f := range index.TableFields {
		paths = append(paths, strings.Split(f, "."))
	}
	if b, err = json.Marshal(keepPaths(v, paths)); err != nil {
		t.Fatal(err)
	}
	var out gongkai.Entry
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// keepPaths keeps of v only the paths given, through objects and arrays of
// them, as Elasticsearch's source filtering does.
func keepPaths(v any, paths [][]string) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, el := range v {
			out[i] = keepPaths(el, paths)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, el := range v {
			var rest [][]string
			whole := false
			for _, p := range paths {
				if p[0] != k {
					continue
				}
				if len(p) == 1 {
					whole = true
				}
				rest = append(rest, p[1:])
			}
			switch {
			case whole:
				out[k] = el
			case rest != nil:
				out[k] = keepPaths(el, rest)
			}
		}
		return out
	}
	return v
}
