package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Site is one publishing body from the sources file: where its report
// listings start and how the crawler may visit it.
type Site struct {
	Name   string `yaml:"name"`   // the publishing body, e.g. 哈密市伊州区东河街道办事处
	Region string `yaml:"region"` // 行政区划代码, "" when not given
	Level  string `yaml:"level"`  // province|city|county|street|township|department, "" when not given

	// The fields below steer the crawl; Store.Documents leaves them empty.
	Start        []string `yaml:"start"`         // listing pages
	Allow        []string `yaml:"allow"`         // hosts it may visit ("host" or "host:port"); default the start hosts
	Rate         float64  `yaml:"rate"`          // requests per second to one host; default 1
	AllowPrivate bool     `yaml:"allow_private"` // let it reach loopback and private addresses (tests)
	Render       bool     `yaml:"render"`        // load listing pages in headless Chromium and read the rendered page
}

// Levels are the administrative levels a site may declare.
var Levels = []string{"province", "city", "county", "street", "township", "department"}

// DefaultRate is the per-host request rate when a site gives none.
const DefaultRate = 1.0

// sourcesFile is the shape of the sources YAML.
type sourcesFile struct {
	Sites []Site `yaml:"sites"`
}

// LoadSources reads and validates a sources file. Every problem is reported,
// each as "FILE:LINE: site NAME: what is wrong". Defaults are filled in:
// Allow from the start hosts, Rate 1.
func LoadSources(path string) ([]Site, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return ParseSources(path, data)
}

// ParseSources is LoadSources for bytes already read; name labels the errors.
func ParseSources(name string, data []byte) ([]Site, error) {
	var f sourcesFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// Decode again as nodes only to learn the line of each site.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	lines := siteLines(&root)
	if len(f.Sites) == 0 {
		return nil, fmt.Errorf("%s: no sites (want a top-level \"sites:\" list)", name)
	}
	var errs []error
	names := map[string]int{}
	for i := range f.Sites {
		s := &f.Sites[i]
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		where := fmt.Sprintf("%s:%d: site %d", name, line, i+1)
		if s.Name != "" {
			where += " (" + s.Name + ")"
		}
		for _, e := range validateSite(s) {
			errs = append(errs, fmt.Errorf("%s: %w", where, e))
		}
		if s.Name != "" {
			if prev, dup := names[s.Name]; dup {
				errs = append(errs, fmt.Errorf("%s: name repeats site %d", where, prev))
			}
			names[s.Name] = i + 1
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return f.Sites, nil
}

// siteLines returns the line of each item of the top-level sites list.
func siteLines(root *yaml.Node) []int {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "sites" {
			var lines []int
			for _, item := range m.Content[i+1].Content {
				lines = append(lines, item.Line)
			}
			return lines
		}
	}
	return nil
}

// validateSite checks one site and fills in its defaults.
func validateSite(s *Site) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if strings.TrimSpace(s.Name) == "" {
		bad("name is missing")
	}
	if s.Region != "" && (strings.Trim(s.Region, "0123456789") != "" || len(s.Region) < 2 || len(s.Region) > 12) {
		bad("region %q is not a 行政区划代码 (2 to 12 digits)", s.Region)
	}
	if s.Level != "" && !slices.Contains(Levels, s.Level) {
		bad("level %q is not one of %s", s.Level, strings.Join(Levels, "|"))
	}
	switch {
	case s.Rate < 0:
		bad("rate %v is negative", s.Rate)
	case math.IsNaN(s.Rate) || math.IsInf(s.Rate, 0):
		// .nan would make the limiter's arithmetic meaningless and .inf
		// disables it: neither is a politeness a site can be crawled at.
		bad("rate %v is not a finite number of requests per second", s.Rate)
	}
	if s.Rate == 0 {
		s.Rate = DefaultRate
	}
	if len(s.Start) == 0 {
		bad("start is missing (list the report listing pages)")
	}
	var startHosts []string
	for i, raw := range s.Start {
		u, err := url.Parse(raw)
		switch {
		case err != nil:
			bad("start[%d] %q: %v", i, raw, err)
			continue
		case u.Scheme != "http" && u.Scheme != "https":
			bad("start[%d] %q: scheme must be http or https", i, raw)
			continue
		case u.Host == "":
			bad("start[%d] %q: no host", i, raw)
			continue
		}
		startHosts = append(startHosts, strings.ToLower(u.Host))
	}
	for i, h := range s.Allow {
		if h == "" || strings.ContainsAny(h, "/ ") {
			bad("allow[%d] %q: want a host name, optionally with :port", i, h)
		}
		s.Allow[i] = strings.ToLower(h)
	}
	if len(s.Allow) == 0 {
		s.Allow = startHosts
		return errs
	}
	for _, h := range startHosts {
		if !hostAllowed(s.Allow, h) {
			bad("start host %s is not in allow", h)
		}
	}
	return errs
}

// hostAllowed says whether host ("name" or "name:port") matches an allow
// entry: an entry with a port must match exactly, one without matches any port.
func hostAllowed(allow []string, host string) bool {
	host = strings.ToLower(host)
	name := host
	if u, err := url.Parse("//" + host); err == nil {
		name = u.Hostname()
	}
	for _, a := range allow {
		if a == host || a == name {
			return true
		}
	}
	return false
}
