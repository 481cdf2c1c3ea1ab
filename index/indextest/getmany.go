package indextest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/gongkai/gongkai/index"
)

// runGetMany holds GetMany to Get: for any list of stored IDs, in any order
// and with repeats, it returns exactly what Get returns for each, in the
// list's order; a missing ID fails it as Get fails.
func runGetMany(t *testing.T, x index.Index, ids []string) {
	ctx := context.Background()
	reversed := make([]string, len(ids))
	for i, id := range ids {
		reversed[len(ids)-1-i] = id
	}
	cases := []struct {
		name string
		ids  []string
	}{
		{"none", nil},
		{"one", ids[:1]},
		{"all in search order", ids},
		{"all reversed", reversed},
		{"repeats", []string{ids[len(ids)-1], ids[0], ids[len(ids)-1]}},
	}
	for _, c := range cases {
		got, err := x.GetMany(ctx, c.ids)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != len(c.ids) {
			t.Fatalf("%s: %d entries for %d ids", c.name, len(got), len(c.ids))
		}
		for i, id := range c.ids {
			want, err := x.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[i], *want) {
				t.Errorf("%s: entry %d (%s) differs from Get's (got id %s)", c.name, i, id, got[i].ID)
			}
		}
	}
	if _, err := x.GetMany(ctx, []string{ids[0], "no-such-id"}); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("a missing id: %v, want ErrNotFound", err)
	}
}
