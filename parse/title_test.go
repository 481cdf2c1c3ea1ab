package parse

import "testing"

// A line of a sentence wrapped after 工作情况报告 (pdftotext -layout of a
// report without a title) is no title; titles are.
func TestIsTitle(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"淮安市洪泽区人民政府2023年政府信息公开工作年度报告", true},
		{"2019年上海市人民政府办公厅政府信息公开工作年度报告", true},
		{"根据《中华人民共和国政府信息公开条例》规定，现将柳溪乡2022年度政府信息公开工作情况报告", false},
	}
	for _, tt := range tests {
		if got := isTitle(tt.line); got != tt.want {
			t.Errorf("isTitle(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
