package watch

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/places"
)

// AtomType is the media type of a feed.
const AtomType = "application/atom+xml; charset=utf-8"

// atomFeed and the types below are the parts of Atom 1.0 (RFC 4287) a
// watch's feed uses.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Links     []atomLink  `xml:"link"`
	Entries   []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Links     []atomLink   `xml:"link"`
	Category  atomCategory `xml:"category"`
	Summary   string       `xml:"summary"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

// FeedID is the Atom id of a watch's feed: a name-based UUID of the watch's
// name, the same on every server and after every run.
func FeedID(name string) string {
	return "urn:uuid:" + feedUUID(name).String()
}

func feedUUID(name string) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("gongkai:watch:"+name))
}

// EntryID is the Atom id of an item in a watch's feed: a name-based UUID
// of what it is about (Item.Key) under the feed's, so the same report or
// finding keeps its id in every copy of the feed.
func EntryID(watch string, it Item) string {
	return "urn:uuid:" + uuid.NewSHA1(feedUUID(watch), []byte(it.Key())).String()
}

// Atom is the watch's feed: its new matches, newest first, with links to
// the pages of the server at base (e.g. http://127.0.0.1:8080).
func Atom(s *Seen, base string) ([]byte, error) {
	base = strings.TrimSuffix(base, "/")
	updated := s.Since
	if len(s.Items) > 0 && s.Items[0].Found.After(updated) {
		updated = s.Items[0].Found
	}
	f := atomFeed{
		Lang:      "zh-CN",
		ID:        FeedID(s.Watch.Name),
		Title:     "监视「" + s.Watch.Name + "」",
		Subtitle:  s.Watch.Describe() + "。列出首次检查（" + s.Since.Format(time.DateOnly) + "）之后新增的报告与核查发现。",
		Updated:   updated.UTC().Format(time.RFC3339),
		Author:    atomPerson{Name: "gongkai"},
		Generator: "gongkai",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + FeedPath(s.Watch.Name)},
			{Rel: "alternate", Type: "text/html", Href: base + s.Watch.SearchURL()},
		},
	}
	for _, it := range s.Items {
		f.Entries = append(f.Entries, entry(s.Watch.Name, it, base))
	}
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, fmt.Errorf("watch %s: atom: %w", s.Watch.Name, err)
	}
	return append([]byte(xml.Header), out...), nil
}

// FeedPath is where the server serves a watch's feed.
func FeedPath(name string) string {
	return "/feeds/" + url.PathEscape(name) + ".xml"
}

// entry is an item as an Atom entry.
func entry(watch string, it Item, base string) atomEntry {
	e := atomEntry{
		ID:        EntryID(watch, it),
		Updated:   it.Found.UTC().Format(time.RFC3339),
		Published: it.Found.UTC().Format(time.RFC3339),
	}
	if h := it.Report; h != nil {
		e.Title = fmt.Sprintf("新报告：%s %d年", h.Office, h.Year)
		if len(h.Failed) > 0 {
			e.Title += fmt.Sprintf("（%d 项核对未通过）", len(h.Failed))
		}
		e.Links = append(e.Links, atomLink{Rel: "alternate", Type: "text/html", Href: base + "/reports/" + url.PathEscape(h.ID)})
		if h.URL != "" {
			e.Links = append(e.Links, atomLink{Rel: "via", Type: "text/html", Href: h.URL})
		}
		e.Category = atomCategory{Term: "report", Label: "新报告"}
		summary := []string{places.Label(h.Region)}
		if h.Template != "" {
			summary = append(summary, "模板 "+h.Template)
		}
		for _, id := range h.Failed {
			summary = append(summary, "核对未通过："+gongkai.CheckLabel(id))
		}
		for _, sn := range h.Snippets {
			summary = append(summary, sn.Section+"、…"+sn.Mark("【", "】")+"…")
		}
		e.Summary = lines(summary)
		return e
	}
	f := it.Finding
	label := gongkai.FindingKindLabels[f.Kind]
	e.Title = fmt.Sprintf("%s：%s %d年", label, f.Office, f.Year)
	if f.Check != "" {
		e.Title += " " + gongkai.CheckLabel(f.Check)
	}
	href := base + "/reports/" + url.PathEscape(f.ID)
	if f.ID == "" {
		v := url.Values{"office": {f.Office}, "year": {strconv.Itoa(f.Year)}, "kind": {f.Kind}}
		href = base + "/findings?" + v.Encode()
	}
	e.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: href}}
	e.Category = atomCategory{Term: f.Kind, Label: label}
	e.Summary = findingSummary(f)
	return e
}

// findingSummary says what a finding is, as the findings page does.
func findingSummary(f *gongkai.Finding) string {
	parts := []string{places.Label(f.Region)}
	switch f.Kind {
	case gongkai.FindingLate:
		parts = append(parts, fmt.Sprintf("发布于 %s，期限 %d-01-31", f.Detail, f.Year+1))
	case gongkai.FindingMissing:
		parts = append(parts, fmt.Sprintf("%d年 没有年报（期限 %d-01-31）", f.Year, f.Year+1))
	default:
		if f.Want != nil && f.Got != nil {
			parts = append(parts, fmt.Sprintf("应为 %s，实为 %s", number(*f.Want), number(*f.Got)))
		}
		if f.Detail != "" {
			parts = append(parts, f.Detail)
		}
	}
	return lines(parts)
}

// lines joins the parts that say something, one a line.
func lines(parts []string) string {
	return strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == "" }), "\n")
}

func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
