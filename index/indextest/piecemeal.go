package indextest

import (
	"context"
	"math/rand/v2"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// RunPiecemeal puts entries one at a time in a shuffled order, so that
// each put finds some of its body's other years stored and some not yet,
// then deletes a few and puts them back: after each stage the stored
// findings are index.AllFindings over what is stored. An index that
// recomputes a body's findings from the years next to a change must still
// reach the findings of the whole.
func RunPiecemeal(t *testing.T, entries []gongkai.Entry, open func(t *testing.T) index.Index) {
	ctx := context.Background()
	x := open(t)
	defer x.Close()
	order := rand.New(rand.NewPCG(18, 2)).Perm(len(entries))
	for _, i := range order {
		if err := x.Put(ctx, entries[i]); err != nil {
			t.Fatal(err)
		}
	}
	same(t, "put one at a time", x, entries)
	var kept []gongkai.Entry
	var gone []string
	for i, e := range entries {
		if i%5 == 2 {
			gone = append(gone, e.ID)
		} else {
			kept = append(kept, e)
		}
	}
	for _, id := range gone {
		if err := x.Delete(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	same(t, "every fifth deleted one at a time", x, kept)
	for i := range entries {
		if i%5 == 2 {
			if err := x.Put(ctx, entries[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	same(t, "put back", x, entries)
}
