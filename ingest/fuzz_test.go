package ingest

import (
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// FuzzSources feeds sources files to ParseSources. Whatever the YAML, it
// returns an error or sites the crawler can use as they are: a name, a
// finite positive rate, http(s) start pages on allowed hosts, a region of
// digits and a known level. A site that passes here is crawled unattended, so
// a NaN rate or a start host outside its allow list would be a real hole.
func FuzzSources(f *testing.F) {
	f.Add([]byte(`sites:
  - name: 哈密市伊州区东河街道办事处
    region: "650502"
    level: street
    start: [https://www.example.gov.cn/xxgk/zfxxgknb/]
    allow: [www.example.gov.cn, "cdn.example.gov.cn:8443"]
    rate: 0.5
`))
	f.Add([]byte("sites:\n  - name: x\n    start: [http://a/]\n    rate: .nan\n"))
	f.Add([]byte("sites:\n  - name: x\n    start: [\"http://[::1]:80/\"]\n    allow_private: true\n"))
	f.Add([]byte("sites: &a [*a]\n"))
	f.Add([]byte("sites:\n  - {name: 甲, start: [https://a.gov.cn/], region: 65x}\n  - name: 甲\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sites, err := ParseSources("fuzz.yaml", data)
		if err != nil {
			if sites != nil {
				t.Fatalf("sites returned with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if len(sites) == 0 {
			t.Fatal("no sites and no error")
		}
		names := map[string]bool{}
		for _, s := range sites {
			if strings.TrimSpace(s.Name) == "" || names[s.Name] {
				t.Fatalf("blank or repeated name %q", s.Name)
			}
			names[s.Name] = true
			if !(s.Rate > 0) || math.IsInf(s.Rate, 0) {
				t.Fatalf("%s: rate %v", s.Name, s.Rate)
			}
			if s.Region != "" && strings.Trim(s.Region, "0123456789") != "" {
				t.Fatalf("%s: region %q", s.Name, s.Region)
			}
			if s.Level != "" && !slices.Contains(Levels, s.Level) {
				t.Fatalf("%s: level %q", s.Name, s.Level)
			}
			if len(s.Start) == 0 || len(s.Allow) == 0 {
				t.Fatalf("%s: start %v allow %v", s.Name, s.Start, s.Allow)
			}
			for _, raw := range s.Start {
				u, err := url.Parse(raw)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					t.Fatalf("%s: start %q accepted", s.Name, raw)
				}
				if err := checkURL(&s, u); err != nil {
					t.Fatalf("%s: start %q refused by the crawler: %v", s.Name, raw, err)
				}
			}
		}
	})
}
