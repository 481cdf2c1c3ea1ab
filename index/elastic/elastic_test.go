package elastic

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// esURL returns the cluster the tests run against: $GONGKAI_ES_URL. Without
// it the tests skip, unless GONGKAI_REQUIRE_ES=1 (as in CI) makes that a failure.
func esURL(t *testing.T) string {
	url := os.Getenv("GONGKAI_ES_URL")
	if url == "" {
		if os.Getenv("GONGKAI_REQUIRE_ES") == "1" {
			t.Fatal("GONGKAI_REQUIRE_ES=1 but GONGKAI_ES_URL is not set: run the tests with `make test`, which starts Elasticsearch")
		}
		t.Skip("GONGKAI_ES_URL not set")
	}
	return url
}

func TestConformance(t *testing.T) {
	url := esURL(t)
	entries := indextest.Entries(t, 120, indextest.CorpusDir(t))
	indextest.Run(t, entries, func(t *testing.T) index.Index {
		name := fmt.Sprintf("gongkai-test-%d", time.Now().UnixNano())
		x, err := Open(context.Background(), url, name)
		if err != nil {
			t.Fatal(err)
		}
		return x
	})
}

func openBench(b *testing.B) index.Index {
	url := os.Getenv("GONGKAI_ES_URL")
	if url == "" {
		b.Skip("GONGKAI_ES_URL not set")
	}
	x, err := Open(context.Background(), url, fmt.Sprintf("gongkai-bench-%d", time.Now().UnixNano()))
	if err != nil {
		b.Fatal(err)
	}
	return x
}

func BenchmarkPut(b *testing.B)    { indextest.BenchmarkPut(b, openBench, 2000) }
func BenchmarkSearch(b *testing.B) { indextest.BenchmarkSearch(b, openBench) }

// TestOperatorsAreWords holds the Elasticsearch backend to reading query
// syntax as words: a "-" does not negate, "|" does not OR, "*" does not
// expand, "+" and parentheses do nothing. Each hostile query must find what
// the same words without the operator find (the standard analyser skips the
// punctuation), and that must be reports: an empty answer would prove nothing.
func TestOperatorsAreWords(t *testing.T) {
	url := esURL(t)
	ctx := context.Background()
	x, err := Open(ctx, url, fmt.Sprintf("gongkai-test-ops-%d", time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(ctx, indextest.Entries(t, 24, "")...); err != nil {
		t.Fatal(err)
	}
	ids := func(q string) []string {
		res, err := x.Search(ctx, index.Query{Text: q, Limit: 1000})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	for hostile, plain := range map[string]string{
		"政府 -信息": "政府 信息", "+政府 +信息": "政府 信息", "(政府)": "政府", "公开*": "公开",
		"政府|信息": "政府信息",
	} {
		got, want := ids(hostile), ids(plain)
		if len(want) == 0 || strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%q: %d hits, want the %d of %q", hostile, len(got), len(want), plain)
		}
	}
}

// TestHostileIDs asks for reports by IDs that, written into the request
// path as they are, would address other endpoints or add parameters: each
// must be a plain "not found", and a real ID must still be found.
func TestHostileIDs(t *testing.T) {
	url := esURL(t)
	ctx := context.Background()
	x, err := Open(ctx, url, fmt.Sprintf("gongkai-test-ids-%d", time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	entries := indextest.Entries(t, 2, "")
	if err := x.Put(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{
		"../../_cat/indices", "..", ".", "../_search", entries[0].ID + "/../" + entries[1].ID,
		entries[0].ID + "?pretty&_source=false", "_cat/indices", "%2e%2e", " " + entries[0].ID,
	} {
		_, err := x.Get(ctx, id)
		if !errors.Is(err, index.ErrNotFound) {
			t.Errorf("Get(%q) = %v, want not found", id, err)
		}
	}
	if e, err := x.Get(ctx, entries[1].ID); err != nil || e.ID != entries[1].ID {
		t.Errorf("Get of a stored ID: %v", err)
	}
}

// TestSettings: a new index gets the shards and replicas asked for; Open
// (a reader) changes neither, OpenWith (a writer) sets the replicas of the
// existing index; a large Put leaves the periodic refresh on after it, and
// a refresh left off by a writer killed mid-bulk is turned back on by the
// next Open.
func TestSettings(t *testing.T) {
	url := esURL(t)
	ctx := context.Background()
	name := fmt.Sprintf("gongkai-test-settings-%d", time.Now().UnixNano())
	x, err := OpenWith(ctx, url, name, Settings{Shards: 2, Replicas: 0})
	if err != nil {
		t.Fatal(err)
	}
	settings := func() (shards, replicas, refresh string) {
		var out map[string]struct {
			Settings struct {
				Index struct {
					Shards   string `json:"number_of_shards"`
					Replicas string `json:"number_of_replicas"`
					Refresh  string `json:"refresh_interval"`
				} `json:"index"`
			} `json:"settings"`
		}
		if err := x.do(ctx, esapi.IndicesGetSettingsRequest{Index: []string{name}}, &out); err != nil {
			t.Fatal(err)
		}
		for _, s := range out {
			return s.Settings.Index.Shards, s.Settings.Index.Replicas, s.Settings.Index.Refresh
		}
		t.Fatal("no index behind the alias")
		return
	}
	if s, r, _ := settings(); s != "2" || r != "0" {
		t.Errorf("new index: %s shards, %s replicas; want 2 and 0", s, r)
	}
	if _, err := OpenWith(ctx, url, name, Settings{Shards: 5, Replicas: 1}); err != nil {
		t.Fatal(err)
	}
	if s, r, _ := settings(); s != "2" || r != "1" {
		t.Errorf("after a writer's OpenWith: %s shards, %s replicas; want 2 (fixed) and 1", s, r)
	}
	if _, err := Open(ctx, url, name); err != nil {
		t.Fatal(err)
	}
	if _, r, _ := settings(); r != "1" {
		t.Errorf("a reader's Open changed the replicas to %s", r)
	}

	defer func(n int) { quietBulk = n }(quietBulk)
	quietBulk = 10
	if err := x.Put(ctx, indextest.Entries(t, 12, "")...); err != nil {
		t.Fatal(err)
	}
	if _, _, refresh := settings(); refresh == "-1" {
		t.Errorf("the periodic refresh is still off after a large Put")
	}
	if err := x.putSettings(ctx, map[string]any{"refresh_interval": "-1"}); err != nil { // as a killed writer leaves it
		t.Fatal(err)
	}
	if _, err := Open(ctx, url, name); err != nil {
		t.Fatal(err)
	}
	if _, _, refresh := settings(); refresh == "-1" {
		t.Errorf("Open left the periodic refresh off")
	}
}

// TestIndexWithoutBodyField: reports indexed before they carried their
// body id are refused with the way out, not read as bodies missing every
// year; a new index opens.
func TestIndexWithoutBodyField(t *testing.T) {
	url := esURL(t)
	ctx := context.Background()
	name := fmt.Sprintf("gongkai-test-nobody-%d", time.Now().UnixNano())
	x, err := Open(ctx, url, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, url, name); err != nil {
		t.Fatalf("an index with the body field: %v", err)
	}
	// The same alias over an index made without the field, as before.
	old := map[string]any{
		"aliases":  map[string]any{name + "-old": map[string]any{}},
		"mappings": map[string]any{"properties": map[string]any{"office": map[string]any{"type": "keyword"}}},
	}
	if err := x.do(ctx, esapi.IndicesCreateRequest{Index: "old-" + name, Body: jsonBody(old)}, nil); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, url, name+"-old")
	if err == nil || !strings.Contains(err.Error(), "重新运行 gongkai index") {
		t.Fatalf("an index without the body field: %v, want the way out", err)
	}
}
