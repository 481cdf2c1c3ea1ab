package indextest

import (
	"context"
	"slices"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
)

// WholeWords holds a backend to answering a term that is a dictionary word
// (segment.Whole) exactly, from its word index: in a report whose text the
// segmenter cuts across the word (政府信息 in 政府信息公开申请, cut 政府 信息
// 公开 申请) it is found; across punctuation (政策，解读) it is not.
func WholeWords(t *testing.T, open func(t *testing.T) index.Index) {
	ctx := context.Background()
	texts := []string{
		"加强政策，解读工作。",
		"加强政府信息公开申请办理，做好政策解读。",
		"推进政府信息公开工作。",
	}
	entries := Entries(t, len(texts), "")
	for i, text := range texts {
		entries[i].Report.Title = "年度报告"
		entries[i].Report.Sections = []gongkai.Section{{No: "一", Title: "总体情况", Text: text}}
	}
	x := open(t)
	defer x.Close()
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query string
		want  []int // entries found
	}{
		{"政策解读", []int{1}},
		{"解读", []int{0, 1}},
		{"政府信息", []int{1, 2}},
		{"政府信息 政策解读", []int{1}},
		{"信息公开申请", []int{1}}, // no dictionary word: segmented words, then the text
	} {
		var want []string
		for _, i := range tt.want {
			want = append(want, entries[i].ID)
		}
		got := everything(t, x, index.Query{Text: tt.query})
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: found %v, want %v", tt.query, got, want)
		}
	}
}
