package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gongkai/gongkai/fixtures"
	"github.com/gongkai/gongkai/index/sqlite"
	"github.com/gongkai/gongkai/internal/procs"
	"github.com/gongkai/gongkai/internal/scans"
	"github.com/gongkai/gongkai/parse/isolated"
)

// TestIndexKilledInLongReads kills `gongkai index` with SIGKILL while it
// reads the documents that take longest: a scanned report page read by
// OCR (half the kills wait until tesseract runs) and Word 97 (DOC)
// reports, beside HTML ones (the other half land at random moments). After
// every kill the index file is whole and no parse worker of the killed run
// is left running (the kernel kills them with it); after a final run the
// index holds exactly what an undisturbed run gave.
func TestIndexKilledInLongReads(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("finds the run's processes in /proc")
	}
	t.Setenv("GONGKAI_ES_URL", "")
	kills := 2 // GONGKAI_KILLS=N for a longer local run
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_KILLS")); err == nil && n > 0 {
		kills = n
	}
	files := map[string][]byte{}
	page := filepath.Join(t.TempDir(), "scan-p%d.pdf")
	if out, err := exec.Command("pdfseparate", "-f", "2", "-l", "2", filepath.Join(scans.Dir(t), "hongze-2023-200dpi.pdf"), page).CombinedOutput(); err != nil {
		t.Skipf("pdfseparate: %v %s", err, out)
	}
	files["/f/scan.pdf"] = readTestFile(t, fmt.Sprintf(page, 2))
	docs, _ := filepath.Glob(filepath.Join("..", "..", "parse", "testdata", "office", "*.doc"))
	for _, d := range docs {
		files["/f/"+filepath.Base(d)] = readTestFile(t, d)
	}
	for _, v := range fixtures.Variants(3) {
		files["/f/"+v.Name+v.Ext] = v.Bytes()
	}
	base := hostileSite(t, files, nil)
	sources := fmt.Sprintf("sites:\n  - name: 测试用扫描件站\n    region: \"650502\"\n    level: department\n    start: [%s/xxgk/ndbg/]\n    rate: 200\n    allow_private: true\n", base)
	data := filepath.Join(t.TempDir(), "data")
	var stdout, stderr bytes.Buffer
	if status := run([]string{"crawl", "--sources", writeFile(t, "sources.yaml", sources), "--data", data, "--once"}, &stdout, &stderr); status != 0 {
		t.Fatalf("crawl: status %d\n%s%s", status, stdout.String(), stderr.String())
	}
	dbPath := filepath.Join(data, "index.db")
	tmp := t.TempDir() // the run's OCR files are made here: tesseract names them in its arguments
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIndexChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GONGKAI_KILL_DATA="+data, "GONGKAI_KILL_BATCH=2", "TMPDIR="+tmp)
		return cmd
	}
	// The run's parse workers: this test binary as a worker, with the run's data in its environment.
	workers := func() []int {
		return procs.Find(func(args, env []string) bool {
			return len(args) > 1 && args[1] == isolated.WorkerArg && slices.Contains(env, "GONGKAI_KILL_DATA="+data)
		})
	}

	start := time.Now()
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("undisturbed run: %v\n%s", err, out)
	}
	span := time.Since(start)
	clean := indexedIn(t, dbPath)
	if len(clean) != len(files) {
		t.Fatalf("undisturbed run indexed %d of the %d documents", len(clean), len(files))
	}
	removeIndex(dbPath)

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d, %d documents (%d DOC, 1 scanned page), an undisturbed run takes %s", seed, len(files), len(docs), span.Round(time.Millisecond))
	for i := range kills {
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var when string
		if i%2 == 0 {
			deadline := time.Now().Add(span)
			for len(procs.WithArg(tmp)) == 0 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			after := time.Duration(rng.Int64N(int64(time.Second)))
			time.Sleep(after)
			when = fmt.Sprintf("%v after OCR started", after.Round(time.Millisecond))
		} else {
			after := time.Duration(rng.Int64N(int64(span)))
			time.Sleep(after)
			when = "at " + after.Round(time.Millisecond).String()
		}
		running := workers()
		cmd.Process.Kill() // SIGKILL
		err := cmd.Wait()
		deadline := time.Now().Add(5 * time.Second)
		for len(workers()) > 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if left := workers(); len(left) > 0 {
			t.Errorf("run %d killed %s: %d parse workers still running 5 s after", i+1, when, len(left))
		}
		n := 0
		if _, serr := os.Stat(dbPath); serr == nil {
			n = checkIndexFile(t, dbPath)
		}
		t.Logf("run %d killed %s (%v) with %d workers: %d of %d documents indexed", i+1, when, err, len(running), n, len(clean))
	}
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	checkIndexFile(t, dbPath)
	if got := indexedIn(t, dbPath); !maps.Equal(got, clean) {
		t.Errorf("after %d kills and a rerun the index holds %d entries, an undisturbed run %d", kills, len(got), len(clean))
	}
}

func readTestFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// indexedIn returns the IDs and hashes the index file at path holds.
func indexedIn(t *testing.T, path string) map[string]string {
	t.Helper()
	idx, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	got, err := idx.Indexed(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return got
}
