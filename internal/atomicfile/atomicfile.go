// Package atomicfile replaces a file so that a crash at any moment leaves
// either its old content or its new content, never a part of either: the
// raw store's documents and the watches' state are written this way.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write puts data at path: into a new file in tmpDir (named by pattern, as
// os.CreateTemp names; tmpDir must be on path's file system), synced, then
// renamed over path, and path's directory synced so the rename lasts.
func Write(path, tmpDir, pattern string, data []byte) error {
	f, err := os.CreateTemp(tmpDir, pattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
