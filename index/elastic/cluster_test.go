package elastic

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/index/indextest"
)

// clusterNodes returns the addresses and process ids of a cluster of at
// least three nodes the test may stop: `make test-cluster` starts one
// (scripts/with-elasticsearch.sh with ES_NODES=3). Without it the test
// skips, unless GONGKAI_REQUIRE_ES=1.
func clusterNodes(t *testing.T) (urls []string, pids []int) {
	for _, u := range strings.Split(os.Getenv("GONGKAI_ES_URL"), ",") {
		if u != "" {
			urls = append(urls, u)
		}
	}
	for _, p := range strings.Split(os.Getenv("GONGKAI_ES_PIDS"), ",") {
		if pid, err := strconv.Atoi(p); err == nil {
			pids = append(pids, pid)
		}
	}
	if len(urls) < 3 || len(pids) != len(urls) {
		if os.Getenv("GONGKAI_REQUIRE_ES") == "1" && os.Getenv("ES_NODES") != "" {
			t.Fatalf("ES_NODES=%s but no cluster of 3 nodes to stop (GONGKAI_ES_URL %q, GONGKAI_ES_PIDS %q)", os.Getenv("ES_NODES"), os.Getenv("GONGKAI_ES_URL"), os.Getenv("GONGKAI_ES_PIDS"))
		}
		t.Skip("needs a cluster of 3 or more nodes it may stop: make test-cluster")
	}
	return urls, pids
}

// TestClusterNodeLoss indexes into a 3-node cluster (3 shards, 1 replica)
// and kills one node with SIGKILL after the first batches are
// acknowledged, while the bulk goes on and searches run beside it. Put
// must succeed, every search must answer (the client moves on to the
// nodes left), and afterwards every entry must be there with its hash:
// what the cluster acknowledged survives the loss of a node.
func TestClusterNodeLoss(t *testing.T) {
	urls, pids := clusterNodes(t)
	ctx := context.Background()
	start := time.Now()
	entries := indextest.ScaleEntries(t, 800)
	name := fmt.Sprintf("gongkai-cluster-%d", time.Now().UnixNano())
	x, err := OpenWith(ctx, strings.Join(urls, ","), name, Settings{Shards: 3, Replicas: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Every replica in place before the loss: what is acknowledged is then on two nodes.
	if err := x.do(ctx, esapi.ClusterHealthRequest{Index: []string{name}, WaitForStatus: "green", Timeout: time.Minute}, nil); err != nil {
		t.Fatal(err)
	}
	victim, err := primaryHolder(ctx, x, name, len(urls))
	if err != nil {
		t.Fatal(err)
	}

	var searches, failures atomic.Int64
	var firstFailure atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			searches.Add(1)
			if _, err := x.Search(ctx, index.Query{Text: "政府信息", Limit: 5}); err != nil {
				failures.Add(1)
				firstFailure.CompareAndSwap(nil, err.Error())
			}
		}
	}()

	// The node is killed at a random moment of the third Put, while its
	// bulk requests are in flight.
	const batch = 200
	var kill sync.WaitGroup
	for i := 0; i < len(entries); i += batch {
		if i == 2*batch {
			kill.Add(1)
			go func() {
				defer kill.Done()
				time.Sleep(time.Duration(rand.Int64N(int64(150 * time.Millisecond))))
				if err := syscall.Kill(pids[victim], syscall.SIGKILL); err != nil {
					t.Errorf("kill node %d (pid %d): %v", victim, pids[victim], err)
				}
				t.Logf("node-%d (%s), holding a primary shard, killed during the put of entries %d–%d, %v into the test", victim, urls[victim], i, i+batch, time.Since(start).Round(time.Millisecond))
			}()
		}
		if err := x.Put(ctx, entries[i:min(i+batch, len(entries))]...); err != nil {
			t.Fatalf("put %d–%d (node killed during the put of %d–%d): %v", i, i+batch, 2*batch, 3*batch, err)
		}
	}
	kill.Wait()
	close(stop)
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Errorf("%d of %d searches failed during the node loss; first: %v", n, searches.Load(), firstFailure.Load())
	}

	want := map[string]string{}
	for _, e := range entries {
		want[e.ID] = e.SHA256
	}
	got, err := x.Indexed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		missing := 0
		for id, sha := range want {
			if got[id] != sha {
				missing++
			}
		}
		t.Errorf("after the node loss the index holds %d entries, %d of the %d put missing or wrong", len(got), missing, len(want))
	}
	var health struct {
		Status string `json:"status"`
		Nodes  int    `json:"number_of_nodes"`
	}
	if err := x.do(ctx, esapi.ClusterHealthRequest{Index: []string{name}}, &health); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d entries, %d searches beside the bulk; index %s on %d nodes; %v in all",
		len(got), searches.Load(), health.Status, health.Nodes, time.Since(start).Round(time.Millisecond))
	if health.Nodes != len(urls)-1 || health.Status == "red" {
		t.Errorf("after one of %d nodes was killed: %d nodes, index %s", len(urls), health.Nodes, health.Status)
	}
}

// primaryHolder returns which node (node-N, as scripts/with-elasticsearch.sh
// names them, N ≥ 1 so the client's first address stays up) holds a
// primary shard of the index.
func primaryHolder(ctx context.Context, x *Index, name string, nodes int) (int, error) {
	var shards []struct {
		PriRep string `json:"prirep"`
		Node   string `json:"node"`
	}
	if err := x.do(ctx, esapi.CatShardsRequest{Index: []string{name}, Format: "json"}, &shards); err != nil {
		return 0, err
	}
	for _, s := range shards {
		if n, err := strconv.Atoi(strings.TrimPrefix(s.Node, "node-")); err == nil && s.PriRep == "p" && n >= 1 && n < nodes {
			return n, nil
		}
	}
	return 0, fmt.Errorf("no node but the first holds a primary shard of %s: %+v", name, shards)
}
