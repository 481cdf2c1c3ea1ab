package grid

import "testing"

// Lines whose heights overlap are joined into one, except where their text
// stands over each other: v099's Chromium print put two lines of a sidebar
// link (11 pt, 14 pt apart) beside a 20 pt title, and one joined line read
// 大管连理市局甘… — the two lines' characters interleaved.
func TestJoinOverlapping(t *testing.T) {
	glyphs := func(s string, x, y, size float64) []Text {
		var out []Text
		for _, r := range s {
			out = append(out, Text{S: string(r), Box: Rect{X0: x, Y0: y, X1: x + size, Y1: y + size}, Size: size})
			x += size
		}
		return out
	}
	title := glyphs("2019年报告", 200, 100, 20)
	for _, tc := range []struct {
		name  string
		parts [][]Text
		want  []string
	}{
		{"a label and its numbers a few points apart are one line",
			[][]Text{glyphs("予以公开", 10, 100, 12), glyphs("12", 300, 103, 12)}, []string{"予以公开12"}},
		{"a sidebar's two lines beside a larger title stay two",
			[][]Text{append(glyphs("大连市", 10, 101, 11), title...), glyphs("管理局", 10, 112, 11)},
			[]string{"大连市2019年报告", "管理局"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var lines []Line
			for _, p := range tc.parts {
				lines = append(lines, lineOf(p))
			}
			got := joinOverlapping(lines)
			if len(got) != len(tc.want) {
				t.Fatalf("%d lines %q, want %q", len(got), texts(got), tc.want)
			}
			for i := range got {
				if got[i].Text != tc.want[i] {
					t.Errorf("line %d: %q, want %q", i, got[i].Text, tc.want[i])
				}
			}
		})
	}
}

func texts(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}
