//go:build !linux

package isolated

import "os/exec"

// dieWithParent does nothing where the kernel cannot tie a child's life to
// its parent's: a worker then ends when its input does, after its document.
func dieWithParent(*exec.Cmd) {}
