package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
	"github.com/gongkai/gongkai/internal/procs"
)

// TestCrawlChild is the crawler process TestCrawlKilled starts and kills;
// run directly it does nothing.
func TestCrawlChild(t *testing.T) {
	dir, sources := os.Getenv("GONGKAI_CRAWL_DIR"), os.Getenv("GONGKAI_CRAWL_SOURCES")
	if dir == "" {
		t.Skip("only run as TestCrawlKilled's subprocess")
	}
	data, err := os.ReadFile(sources)
	if err != nil {
		t.Fatal(err)
	}
	crawl(t, testConfig(t, dir, string(data)))
}

// TestCrawlKilled kills crawler processes with SIGKILL at random moments,
// then lets one run finish, and checks the store is complete, duplicate-free
// and clean, and that documents completed before a kill were not fetched again.
func TestCrawlKilled(t *testing.T) {
	const kills = 5
	sites := network(t, 12, 6)
	want := expectedDocs(sites)
	dir := t.TempDir()
	sources := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(sources, []byte(sitetest.Sources(sites, 50)), 0o644); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d, %d documents", seed, len(want))
	tmp := t.TempDir() // a killed child's own t.TempDir is never removed: it is made here
	for i := 0; i < kills; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrawlChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "GONGKAI_CRAWL_DIR="+dir, "GONGKAI_CRAWL_SOURCES="+sources, "TMPDIR="+tmp)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		after := time.Duration(50+rng.IntN(250)) * time.Millisecond
		time.Sleep(after)
		cmd.Process.Kill() // SIGKILL
		err := cmd.Wait()
		t.Logf("run %d killed after %s (%v)", i+1, after, err)
		if err == nil {
			t.Logf("run %d finished before the kill:\n%s", i+1, out.String())
		}
	}
	cfg := testConfig(t, dir, sitetest.Sources(sites, 50))
	sum := crawl(t, cfg)
	if sum.New+sum.Unchanged != len(want) || sum.Changed+sum.Failed+sum.Vanished != 0 {
		t.Errorf("final run: %s; want %d documents new or unchanged, nothing else", sum, len(want))
	}

	st := openStore(t, dir)
	checkStore(t, st, sites)
	var multi int
	if err := st.db.QueryRow(`SELECT count(*) FROM (SELECT url FROM versions GROUP BY url HAVING count(*) > 1)`).Scan(&multi); err != nil {
		t.Fatal(err)
	}
	if multi != 0 {
		t.Errorf("%d URLs have more than one version although nothing changed", multi)
	}
	checkRaw(t, st, dir, true)

	// What the servers sent in full: each document once, plus at most what was
	// in flight when a process died (one request per site crawled at once).
	full := 0
	for _, s := range sites {
		for _, r := range s.Requests() {
			if r.Status == http.StatusOK && !strings.HasPrefix(r.Path, "/robots.txt") && !strings.Contains(r.Path, "index") {
				full++
			}
		}
	}
	t.Logf("documents sent in full over %d killed runs and a final one: %d for %d documents", kills, full, len(want))
	if limit := len(want) + kills*cfg.Concurrency; full > limit {
		t.Errorf("servers sent %d documents in full, want at most %d", full, limit)
	}
	if _, err := st.Documents(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// checkRaw asserts that the store in dir holds nothing half-written: the
// state database passes SQLite's integrity check, raw/ holds every
// version's hash, each file matching its name, and tmp/ is empty. After a
// completed run (settled) raw/ holds nothing else; after a failed one it
// may hold blobs whose version was not recorded, which the rerun reuses.
func checkRaw(t *testing.T, st *Store, dir string, settled bool) {
	t.Helper()
	var integrity string
	if err := st.db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity_check: %q %v", integrity, err)
	}

	hashes := map[string]bool{}
	rows, err := st.db.Query(`SELECT DISTINCT sha256 FROM versions`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var h string
		rows.Scan(&h)
		hashes[h] = true
	}
	rows.Close()
	filepath.WalkDir(filepath.Join(dir, "raw"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := filepath.Base(path)
		data, rerr := os.ReadFile(path)
		if rerr != nil || hashOf(data) != name || filepath.Base(filepath.Dir(path)) != name[:2] {
			t.Errorf("raw file %s does not match its hash", path)
		}
		if hashes[name] {
			delete(hashes, name)
		} else if settled {
			t.Errorf("raw file %s is referenced by no version", path)
		}
		return nil
	})
	if len(hashes) > 0 {
		t.Errorf("raw/ lacks the files of %d versions' hashes", len(hashes))
	}
	if tmp, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(tmp) != 0 {
		t.Errorf("%d temporary files left", len(tmp))
	}
}

// TestRenderKilled kills the crawler with SIGKILL while its headless
// Chromium renders a listing written by script, at a random moment after
// the page's script first asked the site for data: no process of that browser is left running, the
// store holds nothing half-written, and the next run crawls the site whole.
func TestRenderKilled(t *testing.T) {
	needBrowser(t)
	if runtime.GOOS != "linux" {
		t.Skip("finds the browser's processes in /proc")
	}
	s := sitetest.NewScripted(t, "脚本列表街道办事处", 12, 5, "")
	site, _ := url.Parse(s.URL)
	sources := fmt.Sprintf("sites:\n  - name: %s\n    start: [%s]\n    allow: [%s]\n    rate: 50\n    allow_private: true\n", s.Opts.Name, s.Start(), site.Host)
	path := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(path, []byte(sources), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)
	for run := 1; run <= 2; run++ {
		tmp := t.TempDir() // the browser's profile is made here: its processes name it in their arguments
		profile := tmp
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrawlChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GONGKAI_CRAWL_DIR="+dir, "GONGKAI_CRAWL_SOURCES="+path, "TMPDIR="+tmp)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Rendering: the page's script has asked the site's API.
		s.Reset()
		rendering := func() bool {
			for _, r := range s.Requests() {
				if strings.HasPrefix(r.Path, "/api/") {
					return true
				}
			}
			return false
		}
		deadline := time.Now().Add(60 * time.Second)
		for !rendering() && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		browser := procs.WithArg(profile)
		if len(browser) == 0 {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("run %d: no browser rendering within a minute", run)
		}
		after := time.Duration(rng.Int64N(int64(200 * time.Millisecond)))
		time.Sleep(after)
		cmd.Process.Kill() // SIGKILL
		err := cmd.Wait()
		t.Logf("run %d killed %v after the script's first request (%d browser processes then): %v", run, after.Round(time.Millisecond), len(browser), err)
		for deadline = time.Now().Add(5 * time.Second); len(procs.WithArg(profile)) > 0 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		if left := procs.WithArg(profile); len(left) > 0 {
			t.Errorf("run %d: %d processes of the killed crawler's browser still running 5 s after: %v", run, len(left), left)
			for _, pid := range left {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		st := openStore(t, dir)
		checkRaw(t, st, dir, false)
		st.Close()
	}
	sum := crawl(t, testConfig(t, dir, sources))
	if sum.New+sum.Unchanged != 12 || sum.Failed != 0 {
		t.Errorf("run after the kills: %s; want the 12 reports", sum)
	}
	st := openStore(t, dir)
	checkStore(t, st, []*sitetest.Site{s})
	checkRaw(t, st, dir, true)
}
