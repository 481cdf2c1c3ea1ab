package ingest

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gongkai/gongkai/ingest/internal/sitetest"
)

// TestDNSRebinding crawls a site by a host name that a hostile name server
// resolves to loopback (what DNS rebinding does once a name has passed a
// check made on an earlier answer). Without allow_private every
// connection to loopback is refused where it is dialled and recorded, and
// the server sees nothing; with allow_private the same name reaches the
// server, which shows the resolver hook is what decided.
func TestDNSRebinding(t *testing.T) {
	srv := sitetest.New(t, sitetest.Options{Name: "重绑定街道办事处", Reports: 1})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	const host = "rebind.gongkai.test"
	var lookups atomic.Int32
	testResolve = func(addr string) string {
		if h, p, _ := net.SplitHostPort(addr); h == host {
			lookups.Add(1)
			return net.JoinHostPort("127.0.0.1", p)
		}
		return addr
	}
	defer func() { testResolve = nil }()
	start := fmt.Sprintf("http://%s:%s/xxgk/ndbg/index.html", host, port)

	for _, allowPrivate := range []bool{false, true} {
		srv.Reset()
		lookups.Store(0)
		dir := t.TempDir()
		cfg := testConfig(t, dir, fmt.Sprintf("sites:\n  - name: 重绑定街道办事处\n    start: [%s]\n    rate: 100\n    allow_private: %v\n", start, allowPrivate))
		sum := crawl(t, cfg)
		st := openStore(t, dir)
		var errText string
		st.db.QueryRow(`SELECT error FROM urls WHERE url = ?`, start).Scan(&errText)
		seen := len(srv.Requests())
		if !allowPrivate {
			if seen != 0 || lookups.Load() == 0 || !strings.Contains(errText, "127.0.0.1:"+port+": private, loopback or link-local address refused") || sum.Failed != 1 {
				t.Errorf("rebinding to loopback: server saw %d requests, start recorded %q, summary %s", seen, errText, sum)
			}
			continue
		}
		if seen == 0 || sum.New != 1 {
			t.Errorf("allow_private: server saw %d requests, summary %s; want the report stored", seen, sum)
		}
	}
}

// TestRefusePrivate holds the dial-time check to every kind of address an
// attacker could make a name resolve to.
func TestRefusePrivate(t *testing.T) {
	for _, addr := range []string{
		"127.0.0.1:80", "127.8.9.10:80", "10.0.0.1:80", "172.16.5.4:443", "192.168.1.1:80",
		"169.254.169.254:80", // cloud metadata
		"0.0.0.0:80", "100.64.0.1:80", "[::1]:80", "[fe80::1]:80", "[fc00::1]:80",
		"[::ffff:127.0.0.1]:80", "[64:ff9b::a00:1]:80", "224.0.0.1:80", "255.255.255.255:80",
	} {
		if err := refusePrivate("tcp", addr, nil); err == nil {
			t.Errorf("%s: dial allowed", addr)
		}
	}
	for _, addr := range []string{"93.184.216.34:80", "[2606:2800:220:1::1]:443", "1.1.1.1:443"} {
		if err := refusePrivate("tcp", addr, nil); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

// TestStorePathsFromHashesOnly tries to make Store.Read leave raw/: only
// 64 lowercase hex characters name a file, whatever else the caller passes,
// and a file planted outside raw/ is never read.
func TestStorePathsFromHashesOnly(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	secret := filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte("not a blob"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := strings.Repeat("ab", 32)
	for _, bad := range []string{
		"../secret", "../../secret", "/etc/passwd", secret, "..", ".", "ab/../../secret",
		h[:62] + "/.", h[:63] + "\x00", strings.ToUpper(h), h + "/", " " + h[1:], h[:60] + "../",
		"\u0430" + h[2:], // Cyrillic а: not ASCII hex
	} {
		if data, err := st.Read(bad); err == nil || !strings.Contains(err.Error(), "not a sha256") {
			t.Errorf("Read(%q) = %q, %v; want refused as not a sha256", bad, data, err)
		}
	}
	// A valid hash whose file was replaced is damage, not content.
	sum, err := st.putBlob([]byte("report"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(st.blobPath(sum), []byte("tampered"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Read(sum); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("tampered blob read: %v", err)
	}
	if rel, err := filepath.Rel(filepath.Join(dir, "raw"), st.blobPath(h)); err != nil || strings.HasPrefix(rel, "..") {
		t.Errorf("blob path %s outside raw/", st.blobPath(h))
	}
}
