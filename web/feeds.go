package web

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gongkai/gongkai/watch"
)

// feedsRecent is how many of a watch's latest matches the feeds page shows.
const feedsRecent = 5

// feedView is one watch on the feeds page.
type feedView struct {
	Name, Describe, Feed, Search, Findings string
	Since, Checked                         string
	Items                                  int
	Recent                                 []watch.Item
}

// feedsPage lists the watches the runs have checked, each with its feed,
// what it watches, and its latest new matches.
func (s *Server) feedsPage(w http.ResponseWriter, r *http.Request) {
	st, err := s.feedState()
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var feeds []feedView
	for _, name := range slices.Sorted(maps.Keys(st.Watches)) {
		seen := st.Watches[name]
		feeds = append(feeds, feedView{
			Name: name, Describe: seen.Watch.Describe(), Feed: watch.FeedPath(name),
			Search: seen.Watch.SearchURL(), Findings: seen.Watch.FindingsURL(),
			Since: seen.Since.Local().Format(time.DateTime), Checked: seen.Checked.Local().Format(time.DateTime),
			Items: len(seen.Items), Recent: seen.Items[:min(len(seen.Items), feedsRecent)],
		})
	}
	s.page(w, r, "feeds", map[string]any{"Title": "订阅", "Feeds": feeds, "Enabled": s.opts.Feeds != nil})
}

// feed serves a watch's Atom feed, /feeds/NAME.xml, its links absolute
// on the host the request was made to.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".xml")
	if !ok {
		s.errorPage(w, r, notFound("订阅地址应为 /feeds/名称.xml"))
		return
	}
	st, err := s.feedState()
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	seen := st.Watches[name]
	if seen == nil {
		s.errorPage(w, r, notFound("没有名为 "+name+" 的监视（或它尚未经过一次 gongkai run / gongkai watch check）；全部订阅见 /feeds"))
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	data, err := watch.Atom(seen, scheme+"://"+r.Host)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", watch.AtomType)
	w.Write(data)
}

// feedState reads what the watches have seen; none without a data directory.
func (s *Server) feedState() (*watch.State, error) {
	if s.opts.Feeds == nil {
		return &watch.State{}, nil
	}
	return s.opts.Feeds()
}
