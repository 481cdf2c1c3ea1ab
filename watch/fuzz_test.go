package watch

import (
	"strings"
	"testing"
)

// FuzzParseSources: any sources file gives watches that can be checked, or
// an error naming the file; never a panic.
func FuzzParseSources(f *testing.F) {
	f.Add([]byte(sites + "watches:\n  - name: 哈密市核对未通过\n    region: 哈密市\n    failed_checks: true\n    kinds: [check]\n"))
	f.Add([]byte("watches:\n  - {name: a, year: 2019-2025, text: '行政复议 \"依申请公开\"', level: street, template: \"2021\"}\n  - name: a\n"))
	f.Add([]byte("watches: &a [*a]\n"))
	f.Add([]byte("watches:\n  - name: x\n    kinds: &k [*k]\n"))
	f.Add([]byte("watches:\n  - name: x\n    region: 朝阳区\n    year: 2025-2019\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		watches, err := ParseSources("fuzz.yaml", data)
		if err != nil {
			if watches != nil {
				t.Fatalf("watches returned with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		names := map[string]bool{}
		for _, w := range watches {
			if names[w.Name] {
				t.Fatalf("repeated name %q", w.Name)
			}
			names[w.Name] = true
			if err := w.Err(); err != nil {
				t.Fatalf("accepted a watch with problems: %v", err)
			}
			if _, err := w.Query(); err != nil {
				t.Fatalf("accepted a watch whose query fails: %v", err)
			}
		}
	})
}
