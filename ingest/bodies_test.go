package ingest

import (
	"context"
	"strings"
	"testing"

	gongkai "github.com/gongkai/gongkai"
)

const renamedSources = `sites:
  - name: 淮安市洪泽区东河街道办事处
    region: "320813"
    level: street
    start: [https://a.gov.cn/xxgk/]
    aliases:
      - {name: 淮安市洪泽区东河乡人民政府, until: 2020, note: 2021年撤乡设街道}
  - name: 洪泽区卫生健康委员会
    id: hz-health
    start: [https://b.gov.cn/xxgk/]
    aliases:
      - name: 洪泽区卫生局
        until: 2018
      - name: 洪泽区人口和计划生育委员会
`

func TestParseSourcesAliases(t *testing.T) {
	sites, err := ParseSources("s.yaml", []byte(renamedSources))
	if err != nil {
		t.Fatal(err)
	}
	b := sites[0].Body()
	want := gongkai.Alias{Name: "淮安市洪泽区东河乡人民政府", Until: 2020, Note: "2021年撤乡设街道"}
	if len(b.Aliases) != 1 || b.Aliases[0] != want || b.ID != "" {
		t.Errorf("site 1's body %+v", b)
	}
	if b := sites[1].Body(); b.ID != "hz-health" || len(b.Aliases) != 2 || b.Aliases[1].Until != 0 {
		t.Errorf("site 2's body %+v", b)
	}
}

func TestParseSourcesAliasErrors(t *testing.T) {
	site := func(name, rest string) string {
		return "  - name: " + name + "\n    start: [https://" + name + ".gov.cn/]\n" + rest
	}
	for _, tt := range []struct {
		name, yaml, want string
	}{
		{"no name", "sites:\n" + site("a", "    aliases:\n      - {until: 2018}\n"), "s.yaml:5:9: site 1 (a): aliases[0] 缺少 name（曾用名）"},
		{"its own name", "sites:\n" + site("a", "    aliases: [{name: a}]\n"), "s.yaml:4:15: site 1 (a): aliases[0] a 与现名相同"},
		{"not a year", "sites:\n" + site("a", "    aliases: [{name: b, until: 18}]\n"), "s.yaml:4:15: site 1 (a): aliases[0] until 18 不是年份"},
		{"a list of words", "sites:\n" + site("a", "    aliases: b\n"), "s.yaml:4:5: site 1 (a): aliases 应为曾用名列表"},
		{"one name, two ids", "sites:\n" + site("a", "    id: x\n    aliases: [{name: old}]\n") + site("b", "    id: y\n    aliases: [{name: old}]\n"),
			"s.yaml:2:3: aliases：机关名称 old 同时属于"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSources("s.yaml", []byte(tt.yaml))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %v, want %s…", err, tt.want)
			}
		})
	}
}

// The store keeps the alias table of the sources crawled, so indexing can
// resolve names without the sources file; a site renamed since an earlier
// crawl leaves no second body behind under its old name.
func TestStoreBodies(t *testing.T) {
	ctx := context.Background()
	st, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	before, err := ParseSources("s.yaml", []byte("sites:\n  - name: 淮安市洪泽区东河乡人民政府\n    start: [https://a.gov.cn/]\n  - name: 其他\n    start: [https://c.gov.cn/]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveBodies(ctx, before); err != nil {
		t.Fatal(err)
	}
	after, err := ParseSources("s.yaml", []byte(renamedSources))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveBodies(ctx, after); err != nil {
		t.Fatal(err)
	}
	d, err := st.Bodies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	street := d.Resolve("淮安市洪泽区东河乡人民政府")
	if street.Name != "淮安市洪泽区东河街道办事处" || street.ID != gongkai.BodyID("淮安市洪泽区东河乡人民政府") {
		t.Errorf("the former name resolves to %+v", street)
	}
	for _, name := range []string{"洪泽区卫生局", "洪泽区人口和计划生育委员会", "洪泽区卫生健康委员会"} {
		if b := d.Resolve(name); b.ID != "hz-health" {
			t.Errorf("%s resolves to %s, want hz-health", name, b.ID)
		}
	}
	if !d.Described("洪泽区卫生局") || d.Described("其他") {
		t.Errorf("described: 洪泽区卫生局 %v, 其他 %v", d.Described("洪泽区卫生局"), d.Described("其他"))
	}
	if b := d.Resolve("其他"); b.ID != gongkai.BodyID("其他") {
		t.Errorf("a site of an earlier crawl: %+v", b)
	}
}
