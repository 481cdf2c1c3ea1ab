package isolated

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel kill the worker when the process that
// started it dies, SIGKILL included: a killed index run leaves no worker
// parsing on (an OCR or a DOC can take a minute) after it. (The kernel
// sends the signal when the starting thread ends; the Go runtime ends a
// thread only under a goroutine that locked it and never unlocked it,
// which gongkai does not do.)
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
