package similar

import (
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/parse/segment"
)

// Any text cuts into sentences without a panic, and a narrative repeats
// itself wholly: every counted sentence, each paired with itself or an
// identical one.
func FuzzDoc(f *testing.F) {
	seg, err := segment.Default() // loaded once per process, not within an input's time
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{s1 + s2, "（一）主动公开方面\n" + n1, "1.\n(\n（一", "\xff\xfe。；\n", "一、二、三、四、五、六、七、八、九、十。"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := &gongkai.Report{Sections: []gongkai.Section{{No: "一", Text: text}}}
		d := NewWith(seg, r)
		c := Compare(d, d)
		if c.Repeated != c.Sentences || (c.Sentences > 0 && c.Ratio != 1) {
			t.Fatalf("%q against itself: %d of %d sentences", text, c.Repeated, c.Sentences)
		}
		if d.Shingles() > 0 {
			sig := d.Signature()
			if sig.Jaccard(&sig) != 1 || Jaccard(d, d) != 1 {
				t.Fatalf("%q: Jaccard with itself not 1", text)
			}
		}
	})
}
