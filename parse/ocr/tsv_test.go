package ocr

import (
	"fmt"
	"testing"

	"github.com/gongkai/gongkai/fixtures"
)

// The engine's words come out in unified ideographs whatever code points
// it emitted: one look-alike of each range (a Kangxi radical, a radicals
// supplement form, a compatibility ideograph and one of its supplement),
// in an office's name as the engine could spell it.
func TestTSVWordsUnified(t *testing.T) {
	tests := fixtures.Lookalikes
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
	for i, tt := range tests {
		tsv += fmt.Sprintf("5\t1\t1\t1\t%d\t1\t10\t%d\t200\t20\t91.5\t%s\n", i+1, 30*i, tt.Printed)
	}
	words := tsvWords([]byte(tsv), make([][]word, 1))
	if len(words[0]) != len(tests) {
		t.Fatalf("%d words, want %d", len(words[0]), len(tests))
	}
	for i, tt := range tests {
		if got := words[0][i].text; got != tt.Unified {
			t.Errorf("engine's %q read as %q, want %q", tt.Printed, got, tt.Unified)
		}
	}
}
