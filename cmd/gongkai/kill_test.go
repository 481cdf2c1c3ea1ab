package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/ingest"
)

// TestIndexChild is the `gongkai index` process TestIndexKilled starts and
// kills; run directly it does nothing. It is indexData with the index
// wrapped to print "put N" after each committed batch, so the parent can
// aim its kills at the put phase.
func TestIndexChild(t *testing.T) {
	data := os.Getenv("GONGKAI_KILL_DATA")
	if data == "" {
		t.Skip("only run as TestIndexKilled's subprocess")
	}
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_KILL_BATCH")); err == nil {
		indexBatch = n
	}
	ctx := context.Background()
	store, err := ingest.OpenStore(data)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	idx, err := (&storeFlags{data: data}).open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	sum, err := indexStore(ctx, store, &announcing{Index: idx}, nil)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("索引：%s\n", sum)
}

// announcing is an index that prints a line after every Put.
type announcing struct {
	index.Index
	puts int
}

func (a *announcing) Put(ctx context.Context, entries ...gongkai.Entry) error {
	err := a.Index.Put(ctx, entries...)
	a.puts++
	fmt.Printf("put %d\n", a.puts)
	return err
}

// crawledStore crawls a fixture network on loopback into a data directory and
// returns it with the IDs and hashes a clean index of it holds.
func crawledStore(t *testing.T, sites int) (data string, clean map[string]string) {
	t.Helper()
	network := fixtures.NewNetwork(sites, 2019, 2025)
	served, err := network.Serve()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(served.Close)
	sources := writeFile(t, "sources.yaml", network.Sources(served))
	data = filepath.Join(t.TempDir(), "data")
	var stdout, stderr bytes.Buffer
	if status := run([]string{"crawl", "--sources", sources, "--data", data, "--once"}, &stdout, &stderr); status != 0 {
		t.Fatalf("crawl: %s%s", stdout.String(), stderr.String())
	}
	ctx := context.Background()
	store, err := ingest.OpenStore(data)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	idx, err := sqlite.Open(filepath.Join(t.TempDir(), "clean.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if _, err := indexStore(ctx, store, idx, nil); err != nil {
		t.Fatal(err)
	}
	if clean, err = idx.Indexed(ctx); err != nil || len(clean) == 0 {
		t.Fatalf("clean index: %d entries, %v", len(clean), err)
	}
	return data, clean
}

// checkIndexFile opens an index file left by a killed process and checks
// that nothing in it is half-written: SQLite's integrity check passes, no ID
// is there twice, and every fact, failed check and word row belongs to a
// report that is there (and every report has its words). It returns the
// number of reports. A file killed before its tables were made is empty.
func checkIndexFile(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var integrity string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check: %q %v", integrity, err)
	}
	// A process killed while creating the file leaves it with no tables
	// (they are made in one transaction): then nothing may be there at all.
	var tables, reportsTable int
	if err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE name = 'reports') FROM sqlite_master WHERE type = 'table'`).Scan(&tables, &reportsTable); err != nil {
		t.Fatal(err)
	}
	if reportsTable == 0 {
		if tables != 0 {
			t.Fatalf("index file half-created: %d tables but no reports table", tables)
		}
		return 0
	}
	var reports, dupes, orphanDocs, orphanFailed, docs, words int
	for q, v := range map[string]*int{
		`SELECT count(*) FROM reports`:                                            &reports,
		`SELECT count(*) - count(DISTINCT id) FROM reports`:                       &dupes,
		`SELECT count(*) FROM docs WHERE n NOT IN (SELECT n FROM reports)`:        &orphanDocs,
		`SELECT count(*) FROM failed WHERE report NOT IN (SELECT n FROM reports)`: &orphanFailed,
		`SELECT count(*) FROM docs WHERE n IN (SELECT n FROM reports)`:            &docs,
		`SELECT count(*) FROM words WHERE rowid IN (SELECT n FROM reports)`:       &words,
	} {
		if err := db.QueryRow(q).Scan(v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if dupes != 0 || orphanDocs != 0 || orphanFailed != 0 || docs != reports || words != reports {
		t.Errorf("index half-written: %d reports, %d duplicate IDs, %d orphan documents, %d orphan failed checks, %d with text and facts, %d with words",
			reports, dupes, orphanDocs, orphanFailed, docs, words)
	}
	return reports
}

// removeIndex deletes an SQLite index file with its WAL and shared memory.
func removeIndex(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// TestIndexKilled kills `gongkai index` with SIGKILL at random moments of
// repeated runs over a store crawled from fixture sites, with batches small
// enough that kills land both inside a transaction and between committed
// ones. After every kill the index file must be whole; after a final run it
// must hold exactly the IDs and hashes of a clean index of the same store.
func TestIndexKilled(t *testing.T) {
	kills := 8 // GONGKAI_KILLS=N for a longer local run
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_KILLS")); err == nil && n > 0 {
		kills = n
	}
	data, clean := crawledStore(t, 6)
	dbPath := filepath.Join(data, "index.db")
	tmp := t.TempDir() // a killed child's own temporary files are never removed: they are made here
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIndexChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GONGKAI_KILL_DATA="+data, "GONGKAI_KILL_BATCH=5", "TMPDIR="+tmp)
		return cmd
	}
	// One undisturbed run gives the span to kill within; its index is then removed.
	start := time.Now()
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("undisturbed run: %v\n%s", err, out)
	}
	span := time.Since(start)
	removeIndex(dbPath)

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d, %d documents, a full run takes %s", seed, len(clean), span.Round(time.Millisecond))
	killed := 0
	for i := range kills {
		cmd := child()
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var when string
		if i%2 == 0 {
			// Anywhere in the run: loading, parsing or putting.
			after := time.Duration(rng.Int64N(int64(span)))
			time.Sleep(after)
			when = "at " + after.Round(time.Millisecond).String()
		} else {
			// In the put phase: after a random number of committed batches,
			// a random moment into the next one.
			puts := 1 + rng.IntN(len(clean)/5)
			lines := bufio.NewScanner(stdout)
			for n := 0; n < puts && lines.Scan(); {
				if strings.HasPrefix(lines.Text(), "put ") {
					n++
				}
			}
			delay := time.Duration(rng.Int64N(int64(20 * time.Millisecond)))
			time.Sleep(delay)
			when = fmt.Sprintf("%s after put %d", delay.Round(time.Microsecond), puts)
		}
		cmd.Process.Kill() // SIGKILL
		go io.Copy(io.Discard, stdout)
		if err := cmd.Wait(); err == nil {
			t.Logf("run %d finished before the kill %s", i+1, when)
		} else {
			killed++
		}
		if _, serr := os.Stat(dbPath); serr != nil {
			t.Logf("run %d killed %s, before the index file existed", i+1, when)
			continue
		}
		n := checkIndexFile(t, dbPath)
		t.Logf("run %d killed %s: %d of %d reports indexed", i+1, when, n, len(clean))
		if n == len(clean) && i < kills-1 {
			// Nothing left to do would make the next run trivial: start over.
			removeIndex(dbPath)
		}
	}
	if killed == 0 {
		t.Errorf("no run was killed before it finished: the test proved nothing")
	}
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	checkIndexFile(t, dbPath)
	if got := indexedIn(t, dbPath); !maps.Equal(got, clean) {
		ids := slices.Sorted(maps.Keys(got))
		t.Errorf("after %d kills and a rerun the index holds %d entries, a clean index %d: %s", killed, len(got), len(clean), strings.Join(ids[:min(5, len(ids))], ","))
	}
}
