package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/remotecommand"
	utilexec "k8s.io/utils/exec"
)

// ExecInContainer runs a command in a container this runtime runs, as a kubelet does for `kubectl exec`:
// in the container's network, UTS and mount namespaces (nsenter into its first process's), as its user
// with its groups, working directory and environment (`localkube-runtime become`), with or without a
// terminal. name is NAMESPACE/POD.
func (r *podRuntime) ExecInContainer(ctx context.Context, name string, _ types.UID, container string, argv []string,
	in io.Reader, out, errOut io.WriteCloser, tty bool, resize <-chan remotecommand.TerminalSize, _ time.Duration) error {
	namespace, pod, _ := strings.Cut(name, "/")
	w := r.workerOf(namespace, pod)
	if w == nil {
		return fmt.Errorf("pod %s is not run by localkube-runtime", name)
	}
	pid, spec, running := w.container()
	if !running {
		return fmt.Errorf("container %s of pod %s is not running", container, name)
	}
	if len(argv) == 0 {
		return fmt.Errorf("no command to run")
	}
	args := append([]string{"--target", strconv.Itoa(pid), "--mount", "--uts", "--net", "--", r.cfg.Self, "become", spec, "--"}, argv...)
	cmd := exec.CommandContext(ctx, "nsenter", args...)
	cmd.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	var err error
	if tty {
		err = runWithTerminal(cmd, in, out, resize)
	} else {
		cmd.Stdin, cmd.Stdout, cmd.Stderr = in, out, errOut
		err = cmd.Run()
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return utilexec.CodeExitError{Err: err, Code: exit.ExitCode()}
	}
	return err
}

// runBecome is `localkube-runtime become SPEC -- ARGV...`, run by nsenter inside a container's namespaces.
func runBecome(args []string) error {
	if len(args) < 3 || args[1] != "--" {
		return fmt.Errorf("usage: localkube-runtime become SPEC_FILE -- COMMAND [ARG...]")
	}
	spec, err := readSpec(args[0])
	if err != nil {
		return err
	}
	return become(spec, args[2:])
}

// runWithTerminal runs the command on a new pseudo-terminal (its controlling terminal, in a session of its
// own), copying the caller's input to it and its output back, and following the caller's window size.
func runWithTerminal(cmd *exec.Cmd, in io.Reader, out io.Writer, resize <-chan remotecommand.TerminalSize) error {
	master, slave, err := openPty()
	if err != nil {
		return err
	}
	defer master.Close()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		slave.Close()
		return err
	}
	slave.Close()
	go func() {
		for size := range resize {
			ws := unix.Winsize{Row: size.Height, Col: size.Width}
			_ = unix.IoctlSetWinsize(int(master.Fd()), unix.TIOCSWINSZ, &ws)
		}
	}()
	if in != nil {
		go func() { _, _ = io.Copy(master, in) }()
	}
	copied := make(chan struct{})
	go func() {
		// Reading the master ends with EIO once the command and its children have closed the terminal.
		_, _ = io.Copy(out, master)
		close(copied)
	}()
	err = cmd.Wait()
	select {
	case <-copied:
	case <-time.After(2 * time.Second):
	}
	return err
}

// openPty opens a new pseudo-terminal pair through /dev/ptmx.
func openPty() (*os.File, *os.File, error) {
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("opening a terminal: %w", err)
	}
	var unlock int32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); errno != 0 {
		master.Close()
		return nil, nil, fmt.Errorf("unlocking the terminal: %w", errno)
	}
	n, err := unix.IoctlGetUint32(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("naming the terminal: %w", err)
	}
	slave, err := os.OpenFile(filepath.Join("/dev/pts", strconv.Itoa(int(n))), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("opening the terminal's other side: %w", err)
	}
	return master, slave, nil
}
