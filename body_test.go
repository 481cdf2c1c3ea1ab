package gongkai

import (
	"strings"
	"testing"
)

func TestBodyDirectory(t *testing.T) {
	donghe := Body{Name: "哈密市伊州区东河街道办事处", Aliases: []Alias{{Name: "哈密市东河街道办事处", Until: 2015}}}
	health := Body{ID: "hz-health", Name: "洪泽区卫生健康委员会", Aliases: []Alias{
		{Name: "洪泽区卫生局", Until: 2018, Note: "2019年机构改革合并"}, {Name: "洪泽区人口和计划生育委员会", Until: 2018}}}
	d, err := NewBodyDirectory([]Body{donghe, health})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ office, id, name string }{
		{"哈密市伊州区东河街道办事处", BodyID("哈密市东河街道办事处"), "哈密市伊州区东河街道办事处"},
		{"哈密市东河街道办事处", BodyID("哈密市东河街道办事处"), "哈密市伊州区东河街道办事处"},
		{"洪泽区卫生局", "hz-health", "洪泽区卫生健康委员会"},
		{"洪泽区人口和计划生育委员会", "hz-health", "洪泽区卫生健康委员会"},
		{"洪泽区教育局", BodyID("洪泽区教育局"), "洪泽区教育局"},
	}
	for _, tt := range tests {
		b := d.Resolve(tt.office)
		if b.ID != tt.id || b.Name != tt.name {
			t.Errorf("Resolve(%s) = %s %s, want %s %s", tt.office, b.ID, b.Name, tt.id, tt.name)
		}
	}
	if _, err := NewBodyDirectory([]Body{donghe, {ID: "other", Name: "哈密市东河街道办事处"}}); err == nil || !strings.Contains(err.Error(), "哈密市东河街道办事处") {
		t.Errorf("a name of two bodies: err %v", err)
	}
	// Moving the current name into the aliases at a rename keeps the id.
	renamed := Body{Name: "新名", Aliases: append(donghe.Aliases, Alias{Name: donghe.Name, Until: 2026})}
	if renamed.DefaultID() != donghe.DefaultID() {
		t.Errorf("a second rename changed the id: %s, was %s", renamed.DefaultID(), donghe.DefaultID())
	}
	if id := BodyID("x"); len(id) != 12 || id[0] != 'b' {
		t.Errorf("BodyID %q", id)
	}
}

func TestBodyMerges(t *testing.T) {
	b := Body{Name: "卫生健康委员会", Aliases: []Alias{
		{Name: "卫生局", Until: 2018}, {Name: "人口和计划生育委员会", Until: 2018}, {Name: "卫生和计划生育局"}, {Name: "更早的名称", Until: 2012}}}
	got := b.Merges()
	if len(got) != 1 || got[0].Until != 2018 || strings.Join(got[0].Names, "、") != "卫生局、人口和计划生育委员会" {
		t.Errorf("merges %+v, want 卫生局 and 人口和计划生育委员会 in 2018", got)
	}
	if m := (Body{Name: "x", Aliases: []Alias{{Name: "y", Until: 2020}}}).Merges(); len(m) != 0 {
		t.Errorf("a rename is a merge: %+v", m)
	}
}

func TestEntryBodyID(t *testing.T) {
	e := Entry{Report: Report{Office: "哈密市东河街道办事处"}}
	if e.BodyID() != BodyID("哈密市东河街道办事处") {
		t.Errorf("an entry the index was not told of has id %s", e.BodyID())
	}
	e.Body = Body{ID: "b1", Name: "哈密市伊州区东河街道办事处"}
	if e.BodyID() != "b1" {
		t.Errorf("body id %s, want b1", e.BodyID())
	}
}

// A renamed body is one body to the findings: its years under either name
// are not missing.
func TestFindingsFollowBodies(t *testing.T) {
	body := Body{ID: "b1", Name: "新名"}
	entries := []Entry{
		{ID: "1", Report: Report{Office: "旧名", Year: 2023}, Body: body},
		{ID: "2", Report: Report{Office: "新名", Year: 2024}, Body: body},
		{ID: "3", Report: Report{Office: "他人", Year: 2023}},
		{ID: "4", Report: Report{Office: "他人", Year: 2024}},
	}
	for _, f := range Findings(entries) {
		if f.Kind == FindingMissing {
			t.Errorf("finding %+v: the renamed body published both years", f)
		}
	}
	entries = entries[1:]
	var missing []string
	for _, f := range Findings(entries) {
		if f.Kind == FindingMissing {
			missing = append(missing, f.Office)
		}
	}
	if strings.Join(missing, ",") != "新名" {
		t.Errorf("missing %v, want 新名 (2023)", missing)
	}
}
