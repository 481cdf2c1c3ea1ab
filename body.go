package gongkai

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Body is a publishing body's identity across its names: a body renamed
// (哈密市东河街道办事处 → 哈密市伊州区东河街道办事处 when 哈密地区 became
// a city) or formed by merging others (卫生局 and 人口和计划生育委员会 into
// 卫生健康委员会) keeps one ID, so its reports make one series. The alias
// table comes from the sources file; a body nobody described is its name.
type Body struct {
	ID      string  `json:"id" yaml:"id"`
	Name    string  `json:"name" yaml:"name"`                           // the name in use now
	Aliases []Alias `json:"aliases,omitempty" yaml:"aliases,omitempty"` // former names, oldest first
}

// Alias is a name a body published under before: its own former name, or
// that of a body merged into it.
type Alias struct {
	Name  string `json:"name" yaml:"name"`
	Until int    `json:"until,omitempty" yaml:"until,omitempty"` // the last year reported under this name, 0 when not known
	Note  string `json:"note,omitempty" yaml:"note,omitempty"`   // what happened: 2019年机构改革，与区人口计生委合并
}

// BodyID is the id a name gives a body no one pinned: "b" and 11 hex
// digits of its SHA-256, a string that no spreadsheet reads as a number.
func BodyID(name string) string {
	h := sha256.Sum256([]byte(name))
	return "b" + hex.EncodeToString(h[:])[:11]
}

// DefaultID is the id of a body that names none: BodyID of the first name it
// published under (its first alias, else its name), so moving the current
// name into the aliases at the next rename keeps the id.
func (b Body) DefaultID() string {
	if len(b.Aliases) > 0 {
		return BodyID(b.Aliases[0].Name)
	}
	return BodyID(b.Name)
}

// Names are the body's name and aliases, the current name first.
func (b Body) Names() []string {
	names := []string{b.Name}
	for _, a := range b.Aliases {
		names = append(names, a.Name)
	}
	return names
}

// Merge is a reorganisation the alias table records: several bodies whose
// names end in the same year, succeeded by this one.
type Merge struct {
	Until int      // the last year the merged bodies reported
	Names []string // the merged bodies, in the table's order
}

// Merges lists the years in which two or more of the body's aliases end
// together: the bodies merged into it then. A lone alias is a rename.
func (b Body) Merges() []Merge {
	var out []Merge
	for _, a := range b.Aliases {
		if a.Until == 0 {
			continue
		}
		i := slices.IndexFunc(out, func(m Merge) bool { return m.Until == a.Until })
		if i < 0 {
			out = append(out, Merge{Until: a.Until})
			i = len(out) - 1
		}
		out[i].Names = append(out[i].Names, a.Name)
	}
	return slices.DeleteFunc(out, func(m Merge) bool { return len(m.Names) < 2 })
}

// BodyDirectory finds a body by any of its names.
type BodyDirectory struct {
	byName map[string]Body
}

// NewBodyDirectory indexes bodies by name and alias, filling in default
// ids. A name given to two bodies with different ids is an error: a report
// under it could belong to either.
func NewBodyDirectory(bodies []Body) (*BodyDirectory, error) {
	d := &BodyDirectory{byName: map[string]Body{}}
	for _, b := range bodies {
		if b.ID == "" {
			b.ID = b.DefaultID()
		}
		for _, n := range b.Names() {
			if have, ok := d.byName[n]; ok && have.ID != b.ID {
				return nil, fmt.Errorf("机关名称 %s 同时属于 %s（%s）和 %s（%s）", n, have.Name, have.ID, b.Name, b.ID)
			}
			d.byName[n] = b
		}
	}
	return d, nil
}

// Resolve returns the body an office name belongs to: the one that has it as
// name or alias, else a body of that name alone.
func (d *BodyDirectory) Resolve(office string) Body {
	if d != nil {
		if b, ok := d.byName[office]; ok {
			return b
		}
	}
	return Body{ID: BodyID(office), Name: office}
}

// Described reports whether the alias table decides the body of a name:
// the name belongs to a body with aliases or a pinned id.
func (d *BodyDirectory) Described(name string) bool {
	if d == nil {
		return false
	}
	b, ok := d.byName[name]
	return ok && (len(b.Aliases) > 0 || b.ID != BodyID(b.Name))
}

// BodyID is the id of the entry's body: the one the index was told, else
// the one its office name gives.
func (e *Entry) BodyID() string {
	if e.Body.ID != "" {
		return e.Body.ID
	}
	return BodyID(e.Report.Office)
}

// NameHistory lists the names a body's reports were published under, each
// with its first and last year, in order of first year; years are those of
// the reports given.
func NameHistory(entries []*Entry) []NameSpan {
	var out []NameSpan
	for _, e := range entries {
		r := &e.Report
		i := slices.IndexFunc(out, func(s NameSpan) bool { return s.Name == r.Office })
		if i < 0 {
			out = append(out, NameSpan{Name: r.Office, From: r.Year, To: r.Year})
			continue
		}
		out[i].From, out[i].To = min(out[i].From, r.Year), max(out[i].To, r.Year)
	}
	slices.SortStableFunc(out, func(a, b NameSpan) int { return a.From - b.From })
	return out
}

// NameSpan is a name a body's reports carry and the years they carry it.
type NameSpan struct {
	Name     string
	From, To int
}

// PerBodyYear picks the entry that stands for each body's year (Stands):
// the one with the most facts, since a page and its attachment are one report. The
// result is ordered by body id, then year.
func PerBodyYear(entries []Entry) []*Entry {
	type unit struct {
		body string
		year int
	}
	chosen := map[unit]*Entry{}
	var units []unit
	for i := range entries {
		e := &entries[i]
		u := unit{e.BodyID(), e.Report.Year}
		have := chosen[u]
		if have == nil {
			units = append(units, u)
		}
		if have == nil || Stands(e, have) {
			chosen[u] = e
		}
	}
	slices.SortFunc(units, func(a, b unit) int {
		if a.body != b.body {
			return strings.Compare(a.body, b.body)
		}
		return a.year - b.year
	})
	out := make([]*Entry, len(units))
	for i, u := range units {
		out[i] = chosen[u]
	}
	return out
}
