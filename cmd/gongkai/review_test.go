package main

import (
	"bytes"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// commandOn returns a function that runs gongkai with args on the embedded
// index in data, fails the test unless it exits with want, and returns
// what it printed.
func commandOn(t *testing.T, data string) func(want int, args ...string) string {
	return func(want int, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if status := run(append(args, "--es", "", "--data", data), &stdout, &stderr); status != want {
			t.Fatalf("%v: status %d, want %d: %s%s", args, status, want, stdout.String(), stderr.String())
		}
		return stdout.String() + stderr.String()
	}
}

// A review set from the command line shows in the list and its status
// filter, and clear removes it; a key the index does not hold, or a status
// that is not one, is refused.
func TestReviewCommand(t *testing.T) {
	data := dataDir(t)
	gk := commandOn(t, data)
	list := gk(0, "review", "list", "--region", "6505", "--kind", "cross_year")
	m := regexp.MustCompile(`key: (\S+)`).FindStringSubmatch(list)
	if m == nil {
		t.Fatalf("no finding listed:\n%s", list)
	}
	key := m[1]
	gk(2, "review", "set", key, "--status", "也许", "--by", "甲")
	if out := gk(1, "review", "set", "late|无此机关|2020|", "--status", "确认", "--by", "甲"); !strings.Contains(out, "没有这项核查发现") {
		t.Errorf("unknown key: %s", out)
	}
	gk(0, "review", "set", key, "--status", "已整改", "--by", "审计丙", "--note", "该机关已发布更正")
	out := gk(0, "review", "list", "--status", "fixed")
	if !strings.Contains(out, key) || !strings.Contains(out, "已整改（审计丙") || !strings.Contains(out, "该机关已发布更正") {
		t.Errorf("status=fixed lists:\n%s", out)
	}
	if out := gk(0, "review", "list", "--status", "open", "--limit", "1000"); strings.Contains(out, "key: "+key+"\n") {
		t.Errorf("a fixed finding is listed as open")
	}
	gk(0, "review", "clear", key)
	if out := gk(0, "review", "list", "--status", "fixed"); strings.Contains(out, key) {
		t.Errorf("after clear, status=fixed still lists %s", key)
	}
}

// An embedded index of an older format is refused by the reading commands
// with the way out, and gongkai index rebuilds it, saying so.
func TestIndexRebuildsOlderFormat(t *testing.T) {
	data := dataDir(t)
	db, err := sql.Open("sqlite", filepath.Join(data, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	gk := commandOn(t, data)
	if out := gk(1, "search", "政府信息公开"); !strings.Contains(out, "请先运行 gongkai index 重建索引") {
		t.Errorf("search over an older index: %s", out)
	}
	if out := gk(0, "index"); !strings.Contains(out, "索引格式已更新（原为第 2 版）") {
		t.Errorf("index over an older index does not say it rebuilt it: %s", out)
	}
	gk(0, "search", "政府信息公开")
}
