//go:build linux

// Package smallfs gives tests a small real filesystem to fill up: a tmpfs
// mounted on a temporary folder, so that a disk-full test meets the
// kernel's own ENOSPC where the program writes, not a fake.
package smallfs

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Mount mounts a tmpfs of size bytes on a new temporary folder, returns
// the folder and unmounts it when the test ends. Mounting needs root (or
// CAP_SYS_ADMIN): without it the test is skipped, saying so.
func Mount(t testing.TB, size int64) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, fmt.Sprintf("size=%d,mode=0755", size)); err != nil {
		t.Skipf("cannot mount a %d KiB tmpfs to fill up (%v): disk-full tests need root", size>>10, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// Free returns the bytes left for files on the filesystem holding dir.
func Free(t testing.TB, dir string) int64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * st.Bsize
}

// Fill writes a file into dir that leaves about leave bytes free on its
// filesystem, and returns a function that removes it: the space coming
// back.
func Fill(t testing.TB, dir string, leave int64) (free func()) {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n := Free(t, dir) - leave; n > 0 {
		chunk := make([]byte, 64<<10)
		for n > 0 {
			w, err := f.Write(chunk[:min(int64(len(chunk)), n)])
			if err != nil {
				t.Fatalf("fill %s: %v", dir, err)
			}
			n -= int64(w)
		}
	}
	return func() {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
}
