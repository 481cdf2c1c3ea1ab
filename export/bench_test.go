package export

import (
	"encoding/json"
	"io"
	"testing"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// xlsxBenchReports is about one city's reports of a year, what the
// region-and-year workbook of /api/export holds.
const xlsxBenchReports = 200

// BenchmarkXLSX times the workbook of a city's year, from parsed entries
// and their findings (what XLSX itself costs), and from their stored JSON
// (what the export page also pays to decode each entry the index returns).
func BenchmarkXLSX(b *testing.B) {
	entries := indextest.ScaleEntries(b, xlsxBenchReports)
	findings, err := index.AllFindings(entries)
	if err != nil {
		b.Fatal(err)
	}
	stored := make([][]byte, len(entries))
	for i := range entries {
		raw, err := json.Marshal(&entries[i])
		if err != nil {
			b.Fatal(err)
		}
		stored[i] = raw
	}
	b.Run("entries", func(b *testing.B) {
		for b.Loop() {
			if err := XLSX(io.Discard, entries, findings); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			decodeAll(b, stored)
		}
	})
	b.Run("decode+entries", func(b *testing.B) {
		for b.Loop() {
			if err := XLSX(io.Discard, decodeAll(b, stored), findings); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func decodeAll(b *testing.B, stored [][]byte) []gongkai.Entry {
	out := make([]gongkai.Entry, len(stored))
	for i, raw := range stored {
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			b.Fatal(err)
		}
	}
	return out
}
