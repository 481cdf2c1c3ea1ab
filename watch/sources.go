package watch

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// LoadSources reads the watches: list of a sources file (the sites: list
// beside it is the crawler's, see ingest.LoadSources). A file without
// watches has none. Every mistake is reported at once, each as
// "FILE:LINE:COL: watch N (name): what is wrong" at the key that is wrong.
func LoadSources(path string) ([]Watch, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("watches: %w", err)
	}
	return ParseSources(path, data)
}

// ParseSources is LoadSources for bytes already read; name labels the errors.
func ParseSources(name string, data []byte) ([]Watch, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, nil // not a sources file ingest accepts either; it says why
	}
	var list *yaml.Node
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "watches" {
			list = resolve(top.Content[i+1])
		}
	}
	if list == nil || (list.Kind == yaml.ScalarNode && list.Tag == "!!null") {
		return nil, nil
	}
	var errs []mistake
	bad := func(n *yaml.Node, label, format string, args ...any) {
		msg := fmt.Sprintf("%s:%d:%d: %s%s", name, n.Line, n.Column, label, fmt.Sprintf(format, args...))
		errs = append(errs, mistake{n.Line, n.Column, msg})
	}
	if list.Kind != yaml.SequenceNode {
		bad(list, "", "watches 应为列表（每项以 - 开头，含 name 与筛选条件）")
		return nil, inOrder(errs)
	}
	known := slices.Sorted(maps.Keys(fieldsOf(&Watch{})))
	var watches []Watch
	seen := map[string]int{}
	for n, item := range list.Content {
		item = resolve(item)
		label := fmt.Sprintf("watch %d: ", n+1)
		for i := 0; i+1 < len(item.Content); i += 2 {
			if item.Content[i].Value == "name" && item.Content[i+1].Value != "" {
				label = fmt.Sprintf("watch %d (%s): ", n+1, item.Content[i+1].Value)
				break
			}
		}
		if item.Kind != yaml.MappingNode {
			bad(item, label, "应为 name: …、region: … 等字段")
			continue
		}
		var w Watch
		fields := fieldsOf(&w)
		keys := map[string]*yaml.Node{}
		before := len(errs)
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], resolve(item.Content[i+1])
			switch {
			case fields[k.Value] == nil:
				bad(k, label, "未知字段 %s（可用：%s）", k.Value, strings.Join(known, "、"))
			case keys[k.Value] != nil:
				bad(k, label, "字段 %s 重复（第 %d 行已有）", k.Value, keys[k.Value].Line)
			default:
				keys[k.Value] = k
				if err := v.Decode(fields[k.Value]); err != nil {
					bad(k, label, "%s 的值 %q 无效：%s", k.Value, v.Value, kindOf(k.Value))
				}
			}
		}
		for _, p := range w.Problems() {
			at := keys[p.Key]
			if at == nil {
				at = item
			}
			bad(at, label, "%s", p.What)
		}
		if prev, dup := seen[w.Name]; dup && w.Name != "" {
			bad(keys["name"], label, "名称与 watch %d 重复", prev)
		}
		seen[w.Name] = n + 1
		if len(errs) == before {
			watches = append(watches, w)
		}
	}
	if len(errs) > 0 {
		return nil, inOrder(errs)
	}
	return watches, nil
}

// mistake is one mistake in the file and where it is.
type mistake struct {
	line, col int
	msg       string
}

// inOrder joins the mistakes in the order of the file.
func inOrder(mistakes []mistake) error {
	slices.SortStableFunc(mistakes, func(a, b mistake) int {
		if a.line != b.line {
			return a.line - b.line
		}
		return a.col - b.col
	})
	errs := make([]error, len(mistakes))
	for i, m := range mistakes {
		errs[i] = errors.New(m.msg)
	}
	return errors.Join(errs...)
}

// fieldsOf maps the keys a watch may have, as the yaml tags of Watch spell
// them, to where each goes in w: a field added to Watch is a key of the
// file without a second list to keep.
func fieldsOf(w *Watch) map[string]any {
	v := reflect.ValueOf(w).Elem()
	fields := map[string]any{}
	for i := range v.NumField() {
		fields[v.Type().Field(i).Tag.Get("yaml")] = v.Field(i).Addr().Interface()
	}
	return fields
}

// kindOf says in words what a key's value must be.
func kindOf(key string) string {
	switch key {
	case "failed_checks":
		return "应为 true 或 false"
	case "kinds":
		return "应为发现类别的列表，如 [check, late]"
	}
	return "应为文字"
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}
