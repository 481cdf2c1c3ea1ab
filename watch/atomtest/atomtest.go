// Package atomtest reads an Atom 1.0 feed (RFC 4287) the way a strict feed
// reader would, for tests: it fails the test on anything the specification
// requires that the feed lacks, and returns what the feed says.
package atomtest

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"testing"
	"time"
)

// NS is the Atom namespace.
const NS = "http://www.w3.org/2005/Atom"

// Feed is what a feed says.
type Feed struct {
	ID, Title string
	Updated   time.Time
	Links     map[string]string // rel → href
	Entries   []Entry
}

// Entry is what an entry says.
type Entry struct {
	ID, Title, Summary, Category string
	Updated                      time.Time
	Links                        map[string]string // rel → href
}

type rawFeed struct {
	XMLName xml.Name
	IDs     []string    `xml:"id"`
	Titles  []string    `xml:"title"`
	Updated []string    `xml:"updated"`
	Authors []rawPerson `xml:"author"`
	Links   []rawLink   `xml:"link"`
	Entries []rawEntry  `xml:"entry"`
}

type rawEntry struct {
	IDs      []string    `xml:"id"`
	Titles   []string    `xml:"title"`
	Updated  []string    `xml:"updated"`
	Authors  []rawPerson `xml:"author"`
	Links    []rawLink   `xml:"link"`
	Content  []string    `xml:"content"`
	Summary  string      `xml:"summary"`
	Category struct {
		Term string `xml:"term,attr"`
	} `xml:"category"`
}

type rawPerson struct {
	Names []string `xml:"name"`
}

type rawLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

// Validate parses data as an Atom feed and checks the elements RFC 4287
// requires: a feed element in the Atom namespace with exactly one id (an
// absolute IRI), title and updated (a date-time); an author on the feed or
// on every entry; a self link; and in each entry exactly one id, title and
// updated, an alternate link when it has no content, ids unique in the
// feed. Links must be absolute.
func Validate(t testing.TB, data []byte) Feed {
	t.Helper()
	var raw rawFeed
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("feed is not XML: %v\n%s", err, data)
	}
	if raw.XMLName.Space != NS || raw.XMLName.Local != "feed" {
		t.Fatalf("root element is {%s}%s, want {%s}feed", raw.XMLName.Space, raw.XMLName.Local, NS)
	}
	f := Feed{Links: links(t, "feed", raw.Links)}
	f.ID = one(t, "feed id", raw.IDs)
	iri(t, "feed id", f.ID)
	f.Title = one(t, "feed title", raw.Titles)
	f.Updated = date(t, "feed updated", one(t, "feed updated", raw.Updated))
	if f.Links["self"] == "" {
		t.Errorf("feed has no self link")
	}
	feedAuthor := hasAuthor(raw.Authors)
	ids := map[string]bool{}
	for i, re := range raw.Entries {
		e := Entry{Summary: re.Summary, Category: re.Category.Term, Links: links(t, "entry", re.Links)}
		e.ID = one(t, "entry id", re.IDs)
		iri(t, "entry id", e.ID)
		if ids[e.ID] {
			t.Errorf("entry %d: id %s repeats an earlier entry's", i, e.ID)
		}
		ids[e.ID] = true
		e.Title = one(t, "entry title", re.Titles)
		e.Updated = date(t, "entry updated", one(t, "entry updated", re.Updated))
		if !feedAuthor && !hasAuthor(re.Authors) {
			t.Errorf("entry %s: no author, and the feed has none", e.ID)
		}
		if len(re.Content) == 0 && e.Links["alternate"] == "" {
			t.Errorf("entry %s: neither content nor an alternate link", e.ID)
		}
		f.Entries = append(f.Entries, e)
	}
	return f
}

// one is the single value of a required element.
func one(t testing.TB, what string, values []string) string {
	t.Helper()
	if len(values) != 1 || values[0] == "" {
		t.Errorf("%s: %d elements %q, want exactly one, not empty", what, len(values), values)
		return ""
	}
	return values[0]
}

func iri(t testing.TB, what, s string) {
	t.Helper()
	if u, err := url.Parse(s); s != "" && (err != nil || u.Scheme == "") {
		t.Errorf("%s %q is not an absolute IRI", what, s)
	}
}

func date(t testing.TB, what, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.RFC3339, s)
	if err != nil && s != "" {
		t.Errorf("%s %q is not an RFC 3339 date-time", what, s)
	}
	return d
}

func hasAuthor(ps []rawPerson) bool {
	for _, p := range ps {
		if len(p.Names) == 1 && p.Names[0] != "" {
			return true
		}
	}
	return false
}

// links maps each link's rel (alternate when none is given) to its href,
// which must be absolute.
func links(t testing.TB, where string, ls []rawLink) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, l := range ls {
		rel := l.Rel
		if rel == "" {
			rel = "alternate"
		}
		if u, err := url.Parse(l.Href); err != nil || !u.IsAbs() {
			t.Errorf("%s link %s: href %q is not absolute", where, rel, l.Href)
		}
		if out[rel] == "" {
			out[rel] = l.Href
		}
	}
	return out
}
