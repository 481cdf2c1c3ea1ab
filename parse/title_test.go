package parse

import "testing"

// A line of a sentence wrapped after 工作情况报告 (pdftotext -layout of a
// report without a title) is no title; titles are, their year's digits
// spread by the extractor (2   019) too, and give their year; an item of
// a list (• …: a link to another year's report) is none.
func TestIsTitle(t *testing.T) {
	tests := []struct {
		line string
		want bool
		year int
	}{
		{"淮安市洪泽区人民政府2023年政府信息公开工作年度报告", true, 2023},
		{"2019年上海市人民政府办公厅政府信息公开工作年度报告", true, 2019},
		{"成都市武侯区青山镇人民政府2   019年政府信息公开工作年度报告", true, 2019},
		{"2020 2021年政府信息公开工作年度报告", true, 2021},
		{"• 桂林市七星区柳溪乡人民政府 2020 年政府信息公开工作年度报告", false, 0},
		{"根据《中华人民共和国政府信息公开条例》规定，现将柳溪乡2022年度政府信息公开工作情况报告", false, 0},
	}
	for _, tt := range tests {
		if got := isTitle(tt.line); got != tt.want {
			t.Errorf("isTitle(%q) = %v, want %v", tt.line, got, tt.want)
		}
		if tt.want {
			if got := yearFromTitle(tt.line); got != tt.year {
				t.Errorf("yearFromTitle(%q) = %d, want %d", tt.line, got, tt.year)
			}
		}
	}
}
