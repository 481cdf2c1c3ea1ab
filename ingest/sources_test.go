package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSourcesDefaults(t *testing.T) {
	good := `sites:
  - name: 哈密市伊州区东河街道办事处
    region: "650502"
    level: street
    start: [https://www.example.gov.cn/xxgk/zfxxgknb/]
`
	sites, err := ParseSources("s.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if sites, err := ParseSources("s.yaml", []byte(good+"watches:\n  - name: 哈密\n    region: 哈密市\n")); err != nil || len(sites) != 1 {
		t.Errorf("a watches: section beside sites: gives %d sites, %v; want the site, no error", len(sites), err)
	}
	s := sites[0]
	if s.Rate != DefaultRate || len(s.Allow) != 1 || s.Allow[0] != "www.example.gov.cn" || s.AllowPrivate {
		t.Errorf("defaults not filled: %+v", s)
	}
}

// Every mistake of the file at once, in file order, each on the line and
// column of the key (or list item) that is wrong, in Chinese; an unknown
// key with the known one it is closest to.
func TestParseSourcesErrors(t *testing.T) {
	for _, tt := range []struct {
		name, yaml string
		want       []string // the error's lines, exactly
	}{
		{"every mistake", `sites:
  - name: 甲
    start: [https://a.gov.cn/]
  - name: 乙
    region: 65x
    level: conty
    rate: -1
    start: [https://b.gov.cn/, ftp://b.gov.cn/]
    alow: [b.gov.cn]
  - name: 甲
    start: [https://c.gov.cn/]
    allow: [d.gov.cn]
  - start: []
    strat: x
  - name: 丙
    rate: fast
    start: [https://e.gov.cn/]
    name: 丁
`, []string{
			`s.yaml:5:5: site 2 (乙): region "65x" 不是行政区划代码（2 至 12 位数字，加引号："650502"）`,
			`s.yaml:6:5: site 2 (乙): level "conty" 应为 province|city|county|street|township|department 之一，是否指 county？`,
			`s.yaml:7:5: site 2 (乙): rate -1 为负数`,
			`s.yaml:8:32: site 2 (乙): start[1] "ftp://b.gov.cn/"：应以 http:// 或 https:// 开头`,
			`s.yaml:9:5: site 2 (乙): 未知字段 alow，是否指 allow？`,
			`s.yaml:10:5: site 3 (甲): 名称与 site 1 重复`,
			`s.yaml:12:5: site 3 (甲): start 的主机 c.gov.cn 不在 allow 中`,
			`s.yaml:13:5: site 4: 缺少 name（发布机关全称）`,
			`s.yaml:13:5: site 4: 缺少 start（列出年报栏目的网址）`,
			`s.yaml:14:5: site 4: 未知字段 strat，是否指 start？`,
			`s.yaml:16:5: site 5 (丙): rate 应为数字（每秒请求数），而不是 "fast"`,
			`s.yaml:18:5: site 5 (丙): 字段 name 重复（第 15 行已有）`,
		}},
		{"far from any key", "sites:\n  - name: x\n    start: [http://a/]\n    homepage: http://a/\n", []string{
			`s.yaml:4:5: site 1 (x): 未知字段 homepage`,
		}},
		{"top-level typo", "site:\n  - name: x\n", []string{
			`s.yaml:1:1: 未知字段 site（顶层只有 sites、watches），是否指 sites？`,
			`s.yaml:1:1: 没有网站：应有顶层 sites: 列表`,
		}},
		{"empty", "", []string{`s.yaml: 文件是空的：应有顶层 sites: 列表，每项一个网站（name、start 等）`}},
		{"only comments", "# 待填\n\n", []string{`s.yaml: 文件是空的：应有顶层 sites: 列表，每项一个网站（name、start 等）`}},
		{"empty list", "sites: []\n", []string{`s.yaml:1:8: sites 列表是空的`}},
		{"not a list", "sites: 甲\n", []string{`s.yaml:1:8: sites 应为列表（每项以 - 开头）`}},
		{"syntax", "sites:\n  - name: 甲\n    start: [https://a/\n    rate: 1\n", []string{`s.yaml:2: YAML 语法错误：did not find expected`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSources("s.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(got), len(tt.want), err)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("error %d:\n got %s\nwant %s", i+1, got[i], tt.want[i])
				}
				if strings.Contains(got[i], "ingest.") || strings.Contains(got[i], "EOF") {
					t.Errorf("error %d names Go internals: %s", i+1, got[i])
				}
			}
		})
	}
}

// LoadSources names the file it read in every error.
func TestLoadSourcesNamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(path, []byte("sites:\n  - nmae: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadSources(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2:5: site 1: 未知字段 nmae，是否指 name？") {
		t.Errorf("got %v", err)
	}
}
