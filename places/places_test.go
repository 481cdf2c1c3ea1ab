package places

import (
	"strings"
	"testing"
)

func TestLookupAndLabel(t *testing.T) {
	for _, tt := range []struct {
		code, name, label, latest string
	}{
		{"650502", "伊州区", "伊州区 (650502)", "650502"},
		{"652201", "哈密市", "哈密市 (652201，2016年后为 伊州区 650502)", "650502"},
		{"6522", "哈密地区", "哈密地区 (6522，2016年后为 哈密市 6505)", "6505"},
		{"6505", "哈密市", "哈密市 (6505)", "6505"},
		{"65", "新疆维吾尔自治区", "新疆维吾尔自治区 (65)", "65"},
		{"320829", "洪泽县", "洪泽县 (320829，2016年后为 洪泽区 320813)", "320813"},
		{"320813", "洪泽区", "洪泽区 (320813)", "320813"},
		{"650502001", "伊州区", "伊州区 (650502001)", "650502001"},
		{"999999", "", "999999", "999999"},
	} {
		if got := Name(tt.code); got != tt.name {
			t.Errorf("Name(%s) = %q, want %q", tt.code, got, tt.name)
		}
		if got := Label(tt.code); got != tt.label {
			t.Errorf("Label(%s) = %q, want %q", tt.code, got, tt.label)
		}
		if got := Latest(tt.code); got != tt.latest {
			t.Errorf("Latest(%s) = %q, want %q", tt.code, got, tt.latest)
		}
	}
}

func TestHierarchy(t *testing.T) {
	var names []string
	for _, p := range Path("650502") {
		names = append(names, p.Name)
	}
	if strings.Join(names, " ") != "新疆维吾尔自治区 哈密市 伊州区" {
		t.Errorf("Path(650502) = %v", names)
	}
	if Parent("650502") != "650500" || Parent("650500") != "650000" || Parent("650000") != "" {
		t.Errorf("parents: %q %q %q", Parent("650502"), Parent("650500"), Parent("650000"))
	}
	var children []string
	for _, c := range Children("6505") {
		children = append(children, c.Name+c.Code)
	}
	if strings.Join(children, " ") != "伊州区650502 巴里坤哈萨克自治县650521 伊吾县650522" {
		t.Errorf("Children(6505) = %v", children)
	}
	// A county-level city directly under its province (省直辖).
	if Parent("429004") != "429000" && Parent("429004") != "420000" {
		t.Errorf("Parent(429004 仙桃市) = %q", Parent("429004"))
	}
}

// A region filter takes a name or a code; former codes and names map to
// the current code; an ambiguous name lists the places it could be.
func TestResolve(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{"6522", "6505", ""},
		{"652201", "650502", ""},
		{"650502", "650502", ""},
		{"伊州区", "650502", ""},
		{"哈密地区", "6505", ""},
		{"新疆维吾尔自治区", "65", ""},
		{"洪泽区", "320813", ""},
		{"朝阳区", "", "北京市朝阳区 110105"},
		{"火星", "", "没有名为"},
		{"", "", ""},
	} {
		got, err := Resolve(tt.in)
		if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("Resolve(%q) = %q, %v; want %q, error with %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}
