package ingest

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	gongkai "github.com/gongkai/gongkai"
)

// Site is one publishing body from the sources file: where its report
// listings start and how the crawler may visit it.
type Site struct {
	Name   string `yaml:"name"`   // the publishing body, e.g. 哈密市伊州区东河街道办事处
	Region string `yaml:"region"` // 行政区划代码, "" when not given
	Level  string `yaml:"level"`  // province|city|county|street|township|department, "" when not given
	// ID pins the body's id (gongkai.Body) across renames; "" derives it
	// from the first name it published under.
	ID string `yaml:"id"`
	// Aliases are the names the body published under before, oldest first:
	// its own former names and those of bodies merged into it.
	Aliases []gongkai.Alias `yaml:"aliases"`

	// The fields below steer the crawl; Store.Documents leaves them empty.
	Start        []string `yaml:"start"`         // listing pages
	Allow        []string `yaml:"allow"`         // hosts it may visit ("host" or "host:port"); default the start hosts
	Rate         float64  `yaml:"rate"`          // requests per second to one host; default 1
	AllowPrivate bool     `yaml:"allow_private"` // let it reach loopback and private addresses (tests)
	Render       bool     `yaml:"render"`        // load listing pages in headless Chromium and read the rendered page
}

// Body is the site's publishing body with its alias table.
func (s *Site) Body() gongkai.Body {
	return gongkai.Body{ID: s.ID, Name: s.Name, Aliases: s.Aliases}
}

// Levels are the administrative levels a site may declare.
var Levels = []string{"province", "city", "county", "street", "township", "department"}

// DefaultRate is the per-host request rate when a site gives none.
const DefaultRate = 1.0

// LoadSources reads and validates a sources file. Every problem is reported
// at once, each as "FILE:LINE:COL: site N (name): what is wrong" (in
// Chinese) at the key that is wrong. Defaults are filled in: Allow from the
// start hosts, Rate 1.
func LoadSources(path string) ([]Site, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return ParseSources(path, data)
}

// sourcesReader collects the mistakes of one sources file, with positions.
type sourcesReader struct {
	file string
	errs []sourceError
}

// sourceError is one mistake and where it is.
type sourceError struct {
	line, col int
	msg       string
}

// bad records a mistake at a node; site is "" for the file's top level.
func (r *sourcesReader) bad(n *yaml.Node, site, format string, args ...any) {
	msg := fmt.Sprintf("%s:%d:%d", r.file, n.Line, n.Column)
	if site != "" {
		msg += ": " + site
	}
	r.errs = append(r.errs, sourceError{n.Line, n.Column, msg + ": " + fmt.Sprintf(format, args...)})
}

// err is every mistake in the order of the file, nil when there is none.
func (r *sourcesReader) err() error {
	slices.SortStableFunc(r.errs, func(a, b sourceError) int {
		if a.line != b.line {
			return a.line - b.line
		}
		return a.col - b.col
	})
	var errs []error
	for _, e := range r.errs {
		errs = append(errs, errors.New(e.msg))
	}
	return errors.Join(errs...)
}

// otherSections are the top-level keys of a sources file that other parts
// read: watches: (package watch).
var otherSections = []string{"watches"}

// ParseSources is LoadSources for bytes already read; name labels the errors.
// The file is read as YAML nodes, not decoded into Site directly, so each
// mistake is placed on its own key's line and none hides the others.
func ParseSources(name string, data []byte) ([]Site, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s:%s", name, yamlSyntax(err))
	}
	if root.Kind == 0 || len(root.Content) == 0 || (root.Content[0].Kind == yaml.ScalarNode && root.Content[0].Tag == "!!null") {
		return nil, fmt.Errorf("%s: 文件是空的：应有顶层 sites: 列表，每项一个网站（name、start 等）", name)
	}
	r := &sourcesReader{file: name}
	top := resolve(root.Content[0])
	if top.Kind != yaml.MappingNode {
		r.bad(top, "", "顶层应为 sites: 列表")
		return nil, r.err()
	}
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k := top.Content[i]
		if slices.Contains(otherSections, k.Value) {
			continue
		}
		if k.Value != "sites" {
			r.bad(k, "", "未知字段 %s（顶层只有 sites、%s）%s", k.Value, strings.Join(otherSections, "、"), didYouMean(k.Value, append([]string{"sites"}, otherSections...)))
			continue
		}
		list = resolve(top.Content[i+1])
	}
	switch {
	case list == nil:
		r.bad(top, "", "没有网站：应有顶层 sites: 列表")
	case list.Kind != yaml.SequenceNode:
		r.bad(list, "", "sites 应为列表（每项以 - 开头）")
	case len(list.Content) == 0:
		r.bad(list, "", "sites 列表是空的")
	}
	var sites []Site
	if list != nil && list.Kind == yaml.SequenceNode {
		names := map[string]int{}
		for i, item := range list.Content {
			s, ok := r.site(i+1, resolve(item), names)
			if ok {
				sites = append(sites, s)
			}
		}
	}
	if len(sites) > 0 {
		bodies := make([]gongkai.Body, len(sites))
		for i := range sites {
			bodies[i] = sites[i].Body()
		}
		if _, err := gongkai.NewBodyDirectory(bodies); err != nil {
			r.bad(list, "", "aliases：%v（同一机关的各网站应写相同的 id）", err)
		}
	}
	if len(r.errs) > 0 {
		return nil, r.err()
	}
	return sites, nil
}

// site reads the n-th site (from 1) and validates it; names holds the
// names seen so far, to find repeats.
func (r *sourcesReader) site(n int, item *yaml.Node, names map[string]int) (Site, bool) {
	var s Site
	fields := siteFields(&s)
	label := fmt.Sprintf("site %d", n)
	if item.Kind != yaml.MappingNode {
		r.bad(item, label, "应为 name: …、start: … 等字段")
		return s, false
	}
	keys := map[string]*yaml.Node{}
	values := map[string]*yaml.Node{}
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], resolve(item.Content[i+1])
		if k.Value == "name" && v.Kind == yaml.ScalarNode && s.Name == "" {
			s.Name = v.Value
		}
		if keys[k.Value] == nil {
			keys[k.Value], values[k.Value] = k, v
		}
	}
	if strings.TrimSpace(s.Name) != "" {
		label += " (" + s.Name + ")"
	}
	before := len(r.errs)
	for i := 0; i+1 < len(item.Content); i += 2 {
		k := item.Content[i]
		if first := keys[k.Value]; first != k {
			r.bad(k, label, "字段 %s 重复（第 %d 行已有）", k.Value, first.Line)
			continue
		}
		v := values[k.Value]
		field, known := fields[k.Value]
		if !known {
			r.bad(k, label, "未知字段 %s%s", k.Value, didYouMean(k.Value, slices.Sorted(maps.Keys(fields))))
			continue
		}
		if err := v.Decode(field); err != nil {
			r.bad(k, label, "%s 应为%s，而不是 %s", k.Value, kindOf(k.Value), strings.TrimSpace(nodeText(v)))
		}
	}
	// Each problem at the key it is about; one with no key at the site.
	at := func(key string) *yaml.Node {
		if k := keys[key]; k != nil {
			return k
		}
		return item
	}
	for _, p := range validateSite(&s) {
		node := at(p.key)
		if p.index >= 0 && values[p.key] != nil && p.index < len(values[p.key].Content) {
			node = values[p.key].Content[p.index]
		}
		r.bad(node, label, "%s", p.what)
	}
	if s.Name != "" {
		if prev, dup := names[s.Name]; dup {
			r.bad(at("name"), label, "名称与 site %d 重复", prev)
		} else {
			names[s.Name] = n
		}
	}
	return s, len(r.errs) == before
}

// siteFields maps the keys a site may have, as the YAML spells them (the
// yaml tags of Site), to where each goes in s: a field added to Site is a
// key of the file without a second list to keep.
func siteFields(s *Site) map[string]any {
	v := reflect.ValueOf(s).Elem()
	fields := map[string]any{}
	for i := range v.NumField() {
		if key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ","); key != "" && key != "-" {
			fields[key] = v.Field(i).Addr().Interface()
		}
	}
	return fields
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// kindOf says in words what a key's value must be.
func kindOf(key string) string {
	switch key {
	case "start", "allow":
		return "网址或主机名的列表（如 [https://www.example.gov.cn/xxgk/]）"
	case "rate":
		return "数字（每秒请求数）"
	case "allow_private", "render":
		return " true 或 false"
	case "aliases":
		return "曾用名列表（每项 name:、可选 until: 末次使用年份、note: 说明）"
	}
	return "文字"
}

// nodeText is a node's value as written, a list or mapping in flow style.
func nodeText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	out, err := yaml.Marshal(n)
	if err != nil {
		return "?"
	}
	return strings.ReplaceAll(string(out), "\n", " ")
}

// yamlSyntax turns yaml.v3's syntax error ("yaml: line 3: did not find
// expected key") into "3: YAML 语法错误：did not find expected key", so the
// line sits where the other errors put it.
func yamlSyntax(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, what, ok := strings.Cut(rest, ": "); ok {
			return num + ": YAML 语法错误：" + what
		}
	}
	return " YAML 语法错误：" + msg
}

// didYouMean is "，是否指 X？" for the known word closest to got, when one is
// close enough to be a slip (one or two letters, at most half of them).
func didYouMean(got string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := editDistance(got, k); d < bestDist && 2*d <= len(got) {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return "，是否指 " + best + "？"
}

// editDistance is the Levenshtein distance between a and b, by bytes (the
// keys are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// problem is one mistake of a site: the key it is about ("" for the site),
// the item of a list (-1 for none), and what is wrong.
type problem struct {
	key   string
	index int
	what  string
}

// validateSite checks one site and fills in its defaults.
func validateSite(s *Site) []problem {
	var ps []problem
	bad := func(key string, index int, format string, args ...any) {
		ps = append(ps, problem{key: key, index: index, what: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(s.Name) == "" {
		bad("name", -1, "缺少 name（发布机关全称）")
	}
	if s.Region != "" && (strings.Trim(s.Region, "0123456789") != "" || len(s.Region) < 2 || len(s.Region) > 12) {
		bad("region", -1, "region %q 不是行政区划代码（2 至 12 位数字，加引号：\"650502\"）", s.Region)
	}
	if s.Level != "" && !slices.Contains(Levels, s.Level) {
		bad("level", -1, "level %q 应为 %s 之一%s", s.Level, strings.Join(Levels, "|"), didYouMean(s.Level, Levels))
	}
	switch {
	case s.Rate < 0:
		bad("rate", -1, "rate %v 为负数", s.Rate)
	case math.IsNaN(s.Rate) || math.IsInf(s.Rate, 0):
		// .nan would make the limiter's arithmetic meaningless and .inf
		// disables it: neither is a politeness a site can be crawled at.
		bad("rate", -1, "rate %v 不是有限的每秒请求数", s.Rate)
	}
	if s.Rate == 0 {
		s.Rate = DefaultRate
	}
	for i, a := range s.Aliases {
		switch {
		case strings.TrimSpace(a.Name) == "":
			bad("aliases", i, "aliases[%d] 缺少 name（曾用名）", i)
		case a.Name == s.Name:
			bad("aliases", i, "aliases[%d] %s 与现名相同", i, a.Name)
		case a.Until != 0 && (a.Until < 2007 || a.Until > 2100):
			bad("aliases", i, "aliases[%d] until %d 不是年份（末次以此名发布年报的年度）", i, a.Until)
		}
	}
	if len(s.Start) == 0 {
		bad("start", -1, "缺少 start（列出年报栏目的网址）")
	}
	var startHosts []string
	for i, raw := range s.Start {
		u, err := url.Parse(raw)
		switch {
		case err != nil:
			bad("start", i, "start[%d] %q 不是网址：%v", i, raw, err)
			continue
		case u.Scheme != "http" && u.Scheme != "https":
			bad("start", i, "start[%d] %q：应以 http:// 或 https:// 开头", i, raw)
			continue
		case u.Host == "":
			bad("start", i, "start[%d] %q：缺少主机名", i, raw)
			continue
		}
		startHosts = append(startHosts, strings.ToLower(u.Host))
	}
	for i, h := range s.Allow {
		if h == "" || strings.ContainsAny(h, "/ ") {
			bad("allow", i, "allow[%d] %q：应为主机名，可带 :端口", i, h)
		}
		s.Allow[i] = strings.ToLower(h)
	}
	if len(s.Allow) == 0 {
		s.Allow = startHosts
		return ps
	}
	for _, h := range startHosts {
		if !hostAllowed(s.Allow, h) {
			bad("allow", -1, "start 的主机 %s 不在 allow 中", h)
		}
	}
	return ps
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
