package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	gongkai "github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/index"
	"github.com/gongkai/gongkai/internal/atomicfile"
)

// Files in the data directory.
const (
	stateFile = "watch-state.json" // what each watch has seen, and its feed
	bookFile  = "watches.json"     // the watches added on the command line
	lockFile  = "watches.lock"     // held while either is read and rewritten
)

// MaxItems is how many new matches a watch's feed keeps, newest first.
const MaxItems = 200

// State is what every watch has seen, and its feed.
type State struct {
	Watches map[string]*Seen `json:"watches"`
}

// Seen is one watch's memory: the definition it was last checked with, the
// reports and findings it has matched so far, and the new matches of its
// checks after the first, for its feed.
type Seen struct {
	Watch    Watch     `json:"watch"`
	Since    time.Time `json:"since"`    // its first check, which recorded what matched then
	Checked  time.Time `json:"checked"`  // its last check
	Reports  []string  `json:"reports"`  // ids of every report it has matched, sorted
	Findings []string  `json:"findings"` // Finding.Key of every finding it has matched, sorted
	Items    []Item    `json:"items"`    // new matches, newest first, at most MaxItems
}

// Item is a new match: a report or a finding, and when a check first saw it.
type Item struct {
	Found   time.Time        `json:"found"`
	Report  *index.Hit       `json:"report,omitempty"`
	Finding *gongkai.Finding `json:"finding,omitempty"`
}

// Key is what the item is about: "report|ID" or "finding|" + Finding.Key.
func (it Item) Key() string {
	if it.Report != nil {
		return "report|" + it.Report.ID
	}
	return "finding|" + it.Finding.Key()
}

// ReadState reads what the watches of data directory dir have seen; an
// empty state when no watch has been checked there.
func ReadState(dir string) (*State, error) {
	st := &State{Watches: map[string]*Seen{}}
	if err := readJSON(filepath.Join(dir, stateFile), st); err != nil {
		return nil, err
	}
	if st.Watches == nil {
		st.Watches = map[string]*Seen{}
	}
	return st, nil
}

// Added reads the watches added on the command line to data directory dir.
func Added(dir string) ([]Watch, error) {
	var ws []Watch
	err := readJSON(filepath.Join(dir, bookFile), &ws)
	return ws, err
}

// readJSON decodes the file at path into v; a file that does not exist
// leaves v as it is.
func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("watch: %s: %w", path, err)
	}
	return nil
}

// writeJSON replaces the file at path with v, atomically: a crash leaves
// the old file or the new one, never a part of either.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if err := atomicfile.Write(path, filepath.Dir(path), filepath.Base(path)+".*.tmp", data); err != nil {
		return fmt.Errorf("watch: write %s: %w", path, err)
	}
	return nil
}

// Add saves w among the watches of data directory dir; a watch of that name
// already there is an error.
func Add(dir string, w Watch) error {
	if err := w.Err(); err != nil {
		return err
	}
	return locked(dir, func() error {
		ws, err := Added(dir)
		if err != nil {
			return err
		}
		for _, have := range ws {
			if have.Name == w.Name {
				return fmt.Errorf("已有名为 %s 的监视：先 gongkai watch rm %s", w.Name, w.Name)
			}
		}
		return writeJSON(filepath.Join(dir, bookFile), append(ws, w))
	})
}

// Remove forgets the watch called name in data directory dir: its
// definition, if it was added on the command line, and what it has seen.
// A name neither holds is an error.
func Remove(dir, name string) error {
	return locked(dir, func() error {
		ws, err := Added(dir)
		if err != nil {
			return err
		}
		st, err := ReadState(dir)
		if err != nil {
			return err
		}
		kept := []Watch{}
		for _, w := range ws {
			if w.Name != name {
				kept = append(kept, w)
			}
		}
		_, checked := st.Watches[name]
		if len(kept) == len(ws) && !checked {
			return fmt.Errorf("没有名为 %s 的监视", name)
		}
		if len(kept) != len(ws) {
			if err := writeJSON(filepath.Join(dir, bookFile), kept); err != nil {
				return err
			}
		}
		if checked {
			delete(st.Watches, name)
			return writeJSON(filepath.Join(dir, stateFile), st)
		}
		return nil
	})
}
