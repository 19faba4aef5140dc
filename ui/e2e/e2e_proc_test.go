//go:build linux

package e2e

// Building the binary once per test run, and reading what the kernel
// knows about the running program (/proc): CPU time and peak memory.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"unsafe"
)

// e2eBuild holds the binary built once for every end-to-end test.
var e2eBuild struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// TestMain removes the built binary and the private HOME afterwards.
func TestMain(m *testing.M) {
	code := m.Run()
	if e2eBuild.dir != "" {
		os.RemoveAll(e2eBuild.dir)
	}
	os.Exit(code)
}

// e2eBinary builds the program (go build -o) once per test binary run.
func e2eBinary(t testing.TB) string {
	t.Helper()
	e2eBuild.once.Do(func() {
		e2eBuild.dir, e2eBuild.err = os.MkdirTemp("", "infercost-e2e-")
		if e2eBuild.err != nil {
			return
		}
		for _, d := range []string{"home/.config", "home/.local/share", "home/.local/state"} {
			if e2eBuild.err = os.MkdirAll(filepath.Join(e2eBuild.dir, d), 0o700); e2eBuild.err != nil {
				return
			}
		}
		bin := filepath.Join(e2eBuild.dir, "infercost")
		// The command is the module root's main package, whatever the test's directory.
		cmd := exec.Command(goTool(), "build", "-o", bin, "infercost")
		if out, err := cmd.CombinedOutput(); err != nil {
			e2eBuild.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		e2eBuild.bin = bin
	})
	if e2eBuild.err != nil {
		t.Fatal(e2eBuild.err)
	}
	return e2eBuild.bin
}

// e2eHome is the private HOME every run gets (empty: no saved scenarios).
func e2eHome() string { return filepath.Join(e2eBuild.dir, "home") }

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(os.Getenv("GOROOT"), "bin", "go")
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times (100 on Linux
// for every architecture Go runs on).
const clockTicks = 100

// procCPU is the CPU time the process has used so far (all threads, user
// plus system), from /proc/PID/stat in 10 ms ticks, and the same from the
// scheduler's per-thread nanosecond counters when the kernel keeps them.
func procCPU(pid int) (ticksMS float64, schedNS int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0, 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	ticksMS = float64(ut+st) * 1000 / clockTicks
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	for _, p := range tasks {
		if b, err := os.ReadFile(p); err == nil {
			if ns, err := strconv.ParseInt(strings.Fields(string(b))[0], 10, 64); err == nil {
				schedNS += ns
			}
		}
	}
	return ticksMS, schedNS, nil
}

// procPeakRSS is VmHWM, the peak resident set size, in KiB.
func procPeakRSS(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

// readCooked reads the program's side of the terminal: line mode with
// echo, as it was before the program put it in raw mode?
func (s *ptySession) readCooked() (bool, error) {
	var tio syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, s.tty.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio)))
	if errno != 0 {
		return false, errno
	}
	return tio.Lflag&syscall.ICANON != 0 && tio.Lflag&syscall.ECHO != 0, nil
}

// Pid is the program's process id.
func (s *ptySession) Pid() int { return s.cmd.Process.Pid }
