package hostile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"perfsite/generator/cli"
	"perfsite/generator/publish"
	"perfsite/generator/synth"
)

// cliEnv names the environment variable that makes this test binary act as the
// perfsite command: its value is the arguments, separated by U+001F. Running the
// test binary itself (whose main is the same one call, cli.Main, as
// cmd/perfsite's) gives a real process to kill without compiling another.
const cliEnv = "PERFSITE_HOSTILE_CLI"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(cliEnv); ok {
		os.Exit(cli.Main(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// perfsite returns a command that runs perfsite with args, with a fixed build day.
func perfsite(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), cliEnv+"="+strings.Join(args, "\x1f"), "SOURCE_DATE_EPOCH=1743465600") // 2025-04-01
	return cmd
}

// requireFaults skips a fault-injection test with -short, saying so.
func requireFaults(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("fault-injection test skipped in -short mode")
	}
}

// stages lists the staging folders left beside out.
func stages(t *testing.T, out string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".stage-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameTree reports how b differs from a, or "".
func sameTree(a, b map[string][]byte) string {
	var diffs []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			diffs = append(diffs, k+" is missing")
		} else if !bytes.Equal(v, w) {
			diffs = append(diffs, k+" differs")
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diffs = append(diffs, k+" is new")
		}
	}
	if len(diffs) > 5 {
		diffs = append(diffs[:5], fmt.Sprintf("and %d more", len(diffs)-5))
	}
	return strings.Join(diffs, "; ")
}

// A build killed with SIGKILL at any moment leaves the old public/ exactly as it
// was; the next build cleans up what the killed one left and publishes.
func TestKilledBuild(t *testing.T) {
	requireFaults(t)
	dir := filepath.Join(t.TempDir(), "site")
	if err := synth.Write(dir, synth.Params{Departments: 30, Cycles: 2, Indicators: 30, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	start := time.Now()
	if b, err := perfsite("build", "-s", dir, "-d", out).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	full := time.Since(start)
	want := readTree(t, out)
	t.Logf("a full build takes %v and writes %d files", full, len(want))

	// Kill at fixed moments and at shares of a full build, so kills land in
	// loading, rendering, writing and publishing.
	var moments []time.Duration
	for _, ms := range []int{50, 150, 300} {
		moments = append(moments, time.Duration(ms)*time.Millisecond)
	}
	for _, share := range []float64{0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98} {
		moments = append(moments, time.Duration(share*float64(full)))
	}
	killed := 0
	for _, d := range moments {
		cmd := perfsite("build", "-s", dir, "-d", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(d)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled() {
			killed++
		} else {
			t.Logf("the build killed after %v had already finished (%v)", d, err)
		}
		if diff := sameTree(want, readTree(t, out)); diff != "" {
			t.Fatalf("after a kill at %v, public/ changed: %s", d, diff)
		}
	}
	if killed < len(moments)/2 {
		t.Errorf("only %d of %d builds were killed before they finished; the test shows little", killed, len(moments))
	}
	left := len(stages(t, out))
	if b, err := perfsite("build", "-s", dir, "-d", out).CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, b)
	}
	if diff := sameTree(want, readTree(t, out)); diff != "" {
		t.Errorf("the build after the kills differs: %s", diff)
	}
	if s := stages(t, out); len(s) > 0 {
		t.Errorf("staging folders left after a normal build: %v", s)
	}
	t.Logf("%d builds killed (%d moments); %d staging folders left by them were cleaned up", killed, len(moments), left)
}

// An output folder that cannot be created gives a clear error.
func TestOutputUnderAFile(t *testing.T) {
	dir, _ := scaffoldSite(t)
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, file, "not a folder\n")
	out := filepath.Join(file, "public")
	b, err := perfsite("build", "-s", dir, "-d", out).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1\n%s", err, b)
	}
	if msg := string(b); !strings.Contains(msg, "cannot create the folder for "+out) || !strings.Contains(msg, "not a directory") {
		t.Errorf("unclear error:\n%s", msg)
	}
}

// A parent folder that cannot be written to gives a clear error and keeps the
// old output. Root writes through chmod, so as root the parent is made
// read-only with a read-only bind mount instead.
func TestReadOnlyParent(t *testing.T) {
	requireFaults(t)
	dir, _ := scaffoldSite(t)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if b, err := perfsite("build", "-s", dir, "-d", out).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	want := readTree(t, out)
	writeAppend(t, filepath.Join(dir, "site.toml"), "# changed\n")
	replace(t, filepath.Join(dir, "content", "about.md"), "## 数据来源", "## 数据来源（新）")
	if os.Geteuid() == 0 {
		if err := unix.Mount(parent, parent, "", unix.MS_BIND, ""); err != nil {
			skipOutsideCI(t, "cannot bind-mount as root: %v", err)
		}
		t.Cleanup(func() { unix.Unmount(parent, unix.MNT_DETACH) })
		if err := unix.Mount("", parent, "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY, ""); err != nil {
			skipOutsideCI(t, "cannot make a bind mount read-only: %v", err)
		}
	} else {
		if err := os.Chmod(parent, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(parent, 0o755) })
	}
	b, err := perfsite("build", "-s", dir, "-d", out).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1\n%s", err, b)
	}
	if msg := string(b); !strings.Contains(msg, "cannot write beside "+out) || !strings.Contains(msg, "writable") {
		t.Errorf("unclear error:\n%s", msg)
	}
	if diff := sameTree(want, readTree(t, out)); diff != "" {
		t.Errorf("the old output changed: %s", diff)
	}
}

// skipOutsideCI skips, or under CI=true fails: CI runs as root and can mount.
func skipOutsideCI(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: this test must run)", msg)
	}
	t.Skipf("skipped: %s; run as root (or in CI) to inject this fault", msg)
}

// A disk that fills up during a build gives a clear error, keeps the old output
// and leaves no staging folder. The disk is a small tmpfs, which needs root;
// without it the test is skipped, except under CI=true, where it fails.
func TestFullDisk(t *testing.T) {
	requireFaults(t)
	dir, _ := scaffoldSite(t)
	probe := filepath.Join(t.TempDir(), "public")
	if b, err := perfsite("build", "-s", dir, "-d", probe).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	var size int64
	for _, data := range readTree(t, probe) {
		size += int64(len(data)) + 4096 // each file takes at least a page
	}
	// Room for one output and half of a second: the first build fits, the
	// second runs out of space while it writes its staging folder.
	disk := t.TempDir()
	if err := unix.Mount("tmpfs", disk, "tmpfs", 0, fmt.Sprintf("size=%d", size+size/2+64<<10)); err != nil {
		skipOutsideCI(t, "cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(disk, unix.MNT_DETACH) })
	out := filepath.Join(disk, "public")
	if b, err := perfsite("build", "-s", dir, "-d", out).CombinedOutput(); err != nil {
		t.Fatalf("first build on the small disk: %v\n%s", err, b)
	}
	want := readTree(t, out)
	replace(t, filepath.Join(dir, "content", "about.md"), "## 数据来源", "## 数据来源（新）")
	b, err := perfsite("build", "-s", dir, "-d", out).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1\n%s", err, b)
	}
	if msg := string(b); !strings.Contains(msg, "no space left on device") || !strings.Contains(msg, "disk") || !strings.Contains(msg, "not changed") {
		t.Errorf("unclear error:\n%s", msg)
	}
	if diff := sameTree(want, readTree(t, out)); diff != "" {
		t.Errorf("the old output changed: %s", diff)
	}
	if s := stages(t, out); len(s) > 0 {
		t.Errorf("the failed build left %v", s)
	}
}

// deadPID returns a process id that no process has.
func deadPID(t *testing.T) int {
	t.Helper()
	for pid := 4_000_000; pid > 1000; pid -= 7919 {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return pid
		}
	}
	t.Fatal("no free process id")
	return 0
}

// Where the file system cannot exchange two folders in one step, publishing
// swaps them by renames: public → <stage>.swap, <stage> → public, <stage>.swap →
// <stage>. A build killed after the first rename leaves no public/: the next
// build puts the old tree back instead of deleting it as a stale stage.
func TestInterruptedSwapIsRecovered(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "public")
	stage := filepath.Join(parent, fmt.Sprintf(".public.stage-%d-0", deadPID(t)))
	writeFile(t, filepath.Join(stage+".swap", "index.html"), "old site")
	writeFile(t, filepath.Join(stage, "index.html"), "new site")
	publish.CleanStale(target)
	if b, err := os.ReadFile(filepath.Join(target, "index.html")); err != nil || string(b) != "old site" {
		t.Errorf("public/index.html = %q, %v; want the old site back", b, err)
	}
	if s := stages(t, target); len(s) > 0 {
		t.Errorf("left behind: %v", s)
	}

	// With public/ present (killed after the second rename), both are stale.
	stage = filepath.Join(parent, fmt.Sprintf(".public.stage-%d-1", deadPID(t)))
	writeFile(t, filepath.Join(stage+".swap", "index.html"), "older site")
	publish.CleanStale(target)
	if b, _ := os.ReadFile(filepath.Join(target, "index.html")); string(b) != "old site" {
		t.Errorf("public/index.html = %q, want it untouched", b)
	}
	if s := stages(t, target); len(s) > 0 {
		t.Errorf("left behind: %v", s)
	}
}
