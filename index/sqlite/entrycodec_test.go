package sqlite

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gongkai/gongkai/index/indextest"
)

// TestStoredEntry: an entry is stored compressed, several times smaller
// than its JSON, and Get gives it back whole; an entry stored before, as
// plain JSON, is still read; a damaged one is an error, not a panic.
func TestStoredEntry(t *testing.T) {
	ctx := context.Background()
	x, err := Open(filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	entries := indextest.Entries(t, 3, "")
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	plain, err := json.Marshal(entries[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		stored  []byte // nil: as Put stored it
		wantErr bool
	}{
		{name: "compressed"},
		{name: "plain JSON, as stored before", stored: plain},
		{name: "damaged", stored: []byte{0x78, 0x01, 0xff, 0x00}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := entries[1]
			if tc.stored != nil {
				if _, err := x.db.Exec(`UPDATE docs SET entry = ? WHERE n = (SELECT n FROM reports WHERE id = ?)`, tc.stored, e.ID); err != nil {
					t.Fatal(err)
				}
			} else {
				var raw []byte
				if err := x.db.QueryRow(`SELECT d.entry FROM reports r JOIN docs d ON d.n = r.n WHERE r.id = ?`, e.ID).Scan(&raw); err != nil {
					t.Fatal(err)
				}
				if len(raw) == 0 || raw[0] != 0x78 || len(raw)*3 > len(plain) {
					t.Fatalf("stored entry: %d bytes starting %x; want zlib, under a third of the JSON's %d", len(raw), raw[:min(2, len(raw))], len(plain))
				}
			}
			got, err := x.Get(ctx, e.ID)
			if tc.wantErr {
				if err == nil {
					t.Fatal("Get of a damaged entry: no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			gotJSON, _ := json.Marshal(got)
			if !reflect.DeepEqual(gotJSON, plain) {
				t.Errorf("Get gave back a different entry (%d bytes of JSON, want %d)", len(gotJSON), len(plain))
			}
		})
	}
}
