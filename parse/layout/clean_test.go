package layout

import "testing"

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"商业 企业", "商业企业"},
		{" 社会公益\n组织 ", "社会公益组织"},
		{"第二十条\u00a0第（一）项", "第二十条第（一）项"},
		{"www.example.gov.cn  下载", "www.example.gov.cn下载"},
		{"ICP  备 05001902 号", "ICP备05001902号"},
		{"12\t345", "12 345"},
		{"\u3000\u3000二、主动公开", "二、主动公开"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
