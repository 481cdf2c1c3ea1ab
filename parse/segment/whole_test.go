package segment

import (
	"strings"
	"testing"
)

// TestIndexHoldsEveryWholeWord: Index holds every substring of the text
// that Whole accepts — found by trying every run of characters, not by the
// dictionary walk Index uses — and nothing that is not in the text; Whole
// accepts exactly the dictionary words of two or more Chinese characters.
func TestIndexHoldsEveryWholeWord(t *testing.T) {
	s := defaultSegmenter(t)
	texts := []string{
		"加强政府信息公开申请办理工作。", // gse cuts 政府 信息 公开 申请: 政府信息 is not among its words
		"加强政策，解读工作。",      // no 政策解读 across the comma
		"依托12345热线和OA系统推进一网通办",
	}
	for _, g := range readGold(t) {
		texts = append(texts, g.text)
	}
	for _, text := range texts {
		tokens := map[string]bool{}
		for _, w := range strings.Split(s.Index(text), " ") {
			if tokens[w] {
				t.Errorf("%q: Index holds %q twice", text, w)
			}
			tokens[w] = true
			if !strings.Contains(strings.ToLower(text), w) {
				t.Errorf("%q: Index holds %q, not in the text", text, w)
			}
		}
		runes := []rune(text)
		for i := range runes {
			for j := i + 1; j <= min(i+8, len(runes)); j++ {
				if w := string(runes[i:j]); s.Whole(w) && !tokens[w] {
					t.Errorf("%q: Index lacks the whole word %q", text, w)
				}
			}
		}
	}
	for _, tt := range []struct {
		term string
		want bool
	}{
		{"政府信息", true},
		{"政策解读", true},
		{"政策", true},
		{"政", false},       // one character: the phrase of characters finds it
		{"策解", false},      // no dictionary word
		{"政策，解读", false},   // punctuation
		{"12345热线", false}, // digits
		{"gov", false},
	} {
		if got := s.Whole(tt.term); got != tt.want {
			t.Errorf("Whole(%q) = %v, want %v", tt.term, got, tt.want)
		}
	}
	if idx := " " + s.Index(texts[0]) + " "; !strings.Contains(idx, " 政府信息 ") {
		t.Errorf("Index(%q) = %q, want 政府信息 among its words", texts[0], idx)
	}
}
