package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

func TestConformance(t *testing.T) {
	entries := indextest.Entries(t, 120, indextest.CorpusDir(t))
	indextest.Run(t, entries, func(t *testing.T) index.Index {
		x, err := Open(filepath.Join(t.TempDir(), "index.db"))
		if err != nil {
			t.Fatal(err)
		}
		return x
	})
}

// TestOtherSchemaVersion: a file written by another schema version is
// refused to a reader with the way out, not misread; a writer's Rebuild
// empties it of reports and findings, keeps its reviews, and says so; a new
// file and a file of this version open.
func TestOtherSchemaVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index.db")
	x, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(ctx, indextest.Entries(t, 4, "")...); err != nil {
		t.Fatal(err)
	}
	review := gongkai.Review{Key: "check|某机关|2024|1", Status: gongkai.ReviewDismissed, Note: "原件无误", By: "审计员",
		At: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
	if err := x.Review(ctx, review); err != nil {
		t.Fatal(err)
	}
	x.Close()
	if x, err = Open(path); err != nil {
		t.Fatalf("reopening: %v", err)
	}
	if _, err := x.db.Exec(`PRAGMA user_version = 2`); err != nil {
		t.Fatal(err)
	}
	x.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "运行 gongkai index") {
		t.Errorf("Open of a version 2 file: err %v, want the advice to rebuild", err)
	}
	x, from, err := Rebuild(path)
	if err != nil || from != 2 {
		t.Fatalf("Rebuild of a version 2 file: from %d, %v; want from 2", from, err)
	}
	defer x.Close()
	if got, err := x.Indexed(ctx); err != nil || len(got) != 0 {
		t.Errorf("after the rebuild %d reports (%v), want none: the writer puts them again", len(got), err)
	}
	var kept gongkai.Review
	var at string
	err = x.db.QueryRow(`SELECT key, status, note, by, at FROM reviews`).Scan(&kept.Key, &kept.Status, &kept.Note, &kept.By, &at)
	kept.At, _ = time.Parse(time.RFC3339, at)
	if err != nil || kept != review {
		t.Errorf("review after the rebuild: %+v, %v; want %+v", kept, err, review)
	}
	if err := x.Put(ctx, indextest.Entries(t, 4, "")...); err != nil {
		t.Fatalf("put after the rebuild: %v", err)
	}
	if _, from, err := Rebuild(path); err != nil || from != 0 {
		t.Errorf("Rebuild of a current file: from %d, %v; want nothing rebuilt", from, err)
	}
}

func openBench(b *testing.B) index.Index {
	x, err := Open(filepath.Join(b.TempDir(), "index.db"))
	if err != nil {
		b.Fatal(err)
	}
	return x
}

func BenchmarkPut(b *testing.B)    { indextest.BenchmarkPut(b, openBench, 500) }
func BenchmarkSearch(b *testing.B) { indextest.BenchmarkSearch(b, openBench) }
