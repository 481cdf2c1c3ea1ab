package index

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestOrdered(t *testing.T) {
	var calls atomic.Int32
	bad := errors.New("bad item")
	next, done := Ordered(100, func(i int) (int, error) {
		calls.Add(1)
		if i == 42 {
			return 0, bad
		}
		return i * i, nil
	})
	for i := range 100 {
		v, err := next(i)
		switch {
		case i == 42 && !errors.Is(err, bad):
			t.Errorf("item 42: err %v, want its own error", err)
		case i != 42 && (err != nil || v != i*i):
			t.Errorf("item %d = %d, %v; want %d", i, v, err, i*i)
		}
	}
	done()
	if calls.Load() != 100 {
		t.Errorf("prepare ran %d times, want 100", calls.Load())
	}
}

func TestQueryTermsAndChars(t *testing.T) {
	if got := QueryTerms(`政策解读  "主动 公开" ABC`); len(got) != 3 || got[0] != "政策解读" || got[1] != "主动 公开" || got[2] != "abc" {
		t.Errorf("QueryTerms = %q", got)
	}
	if got := Chars("政府Info 7730.28"); got != " 政  府 info 7730.28" {
		t.Errorf("Chars = %q", got)
	}
}
