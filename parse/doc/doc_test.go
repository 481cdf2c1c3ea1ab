package doc

import (
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// real is a Word 97 document LibreOffice made from a fixture report
// (scripts/make-office-fixtures.sh).
func real(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("../testdata/office/v000-2021-html.doc")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The compound file's layout as LibreOffice writes it (512-byte sectors).
const sectorSize = 512

func sectorOffset(sn uint32) int { return int(sn+1) * sectorSize }

// streamStart is the first sector of a named stream, from its directory
// entry (entries are 128-byte aligned).
func streamStart(t testing.TB, data []byte, name string) (sector uint32, entry int) {
	t.Helper()
	for e := sectorSize; e+128 <= len(data); e += 128 {
		n := int(binary.LittleEndian.Uint16(data[e+64:]))
		if n != 2*len(name)+2 {
			continue
		}
		var runes []rune
		for j := 0; j+1 < n-2; j += 2 {
			runes = append(runes, rune(binary.LittleEndian.Uint16(data[e+j:])))
		}
		if string(runes) == name {
			return binary.LittleEndian.Uint32(data[e+116:]), e
		}
	}
	t.Fatalf("no stream %s", name)
	return 0, 0
}

func TestReadTables(t *testing.T) {
	doc, err := Read(real(t))
	if err != nil {
		t.Fatal(err)
	}
	tables, carried := 0, 0
	for _, b := range doc.Blocks {
		if b.Table == nil {
			continue
		}
		tables++
		for _, row := range b.Table.Rows {
			for _, c := range row {
				if c.Carried {
					carried++
				}
			}
		}
	}
	// Tables 二, 三 and 四; 三 and 四 have vertically merged labels.
	if tables != 3 || carried < 10 {
		t.Errorf("%d tables, %d carried cells; want 3 tables and vertical merges", tables, carried)
	}
}

// Damaged files end in a clear error for this document, quickly.
func TestDamaged(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, d []byte) []byte
		err    error
	}{
		{"directory sector chain in a cycle", func(t *testing.T, d []byte) []byte {
			dir := binary.LittleEndian.Uint32(d[48:])
			fat := sectorOffset(binary.LittleEndian.Uint32(d[76:]))
			binary.LittleEndian.PutUint32(d[fat+int(dir)*4:], dir)
			return d
		}, ErrCorrupt},
		{"stream chain in a cycle", func(t *testing.T, d []byte) []byte {
			sn, _ := streamStart(t, d, "WordDocument")
			fat := sectorOffset(binary.LittleEndian.Uint32(d[76:]))
			binary.LittleEndian.PutUint32(d[fat+int(sn+1)*4:], sn)
			return d
		}, nil},
		{"stream larger than the file", func(t *testing.T, d []byte) []byte {
			_, e := streamStart(t, d, "WordDocument")
			binary.LittleEndian.PutUint64(d[e+120:], 1<<40)
			return d
		}, ErrCorrupt},
		{"encrypted", func(t *testing.T, d []byte) []byte {
			sn, _ := streamStart(t, d, "WordDocument")
			d[sectorOffset(sn)+0x0b] |= 0x01
			return d
		}, ErrEncrypted},
		{"a billion characters", func(t *testing.T, d []byte) []byte {
			sn, _ := streamStart(t, d, "WordDocument")
			fib := sectorOffset(sn)
			lw := fib + 32 + 2 + 2*int(binary.LittleEndian.Uint16(d[fib+32:])) + 2
			binary.LittleEndian.PutUint32(d[lw+12:], 1e9)
			return d
		}, ErrCorrupt},
		{"cut in half", func(t *testing.T, d []byte) []byte { return d[:len(d)/2] }, ErrCorrupt},
		{"not a compound file", func(t *testing.T, d []byte) []byte { return []byte("\xd0\xcf\x11\xe0 not really") }, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.damage(t, real(t))
			start := time.Now()
			doc, err := Read(data)
			if time.Since(start) > 2*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			if tt.err == nil {
				// The text may survive, garbled: no panic, no hang is the point.
				if err == nil && doc == nil {
					t.Fatal("nil document without an error")
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if !strings.HasPrefix(err.Error(), "doc: ") {
				t.Errorf("err = %q: should say which reader", err)
			}
		})
	}
}
