// Package browsertest is test support for end-to-end checks of built pages: it
// serves a folder over loopback HTTP, opens pages in headless Chromium, records
// what a reader's browser would complain about (console errors, uncaught
// exceptions, failed requests), and runs the page checks the site promises:
// no horizontal overflow on a phone, a visible focus indicator on every
// focusable element, axe-core accessibility rules, and the Nu HTML Checker.
//
// The browser is driven with chromedp over the Chrome DevTools Protocol, so
// these tests stay inside `go test`: no Node test runner, no WebDriver server,
// no second test framework. Node's npm is used only to pin and fetch two
// checkers that have no Go equivalent, vnu-jar and axe-core (see package.json
// at the repository root).
//
// Everything outside Go is found at a fixed place and installed by .ci/install:
//
//	/usr/bin/chromium                                Debian package chromium
//	java                                             Debian package default-jre-headless
//	node_modules/vnu-jar/build/dist/vnu.jar          npm ci (or env VNU_JAR)
//	node_modules/axe-core/axe.min.js                 npm ci (or env AXE_JS)
//
// When one is missing, a test skips and says what to install; under CI=true it
// fails instead, so a CI run can never pass by skipping. See [Require].
package browsertest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// installHint is what a developer runs to get every dependency of this package.
const installHint = "run .ci/install as root (apt-get install chromium default-jre-headless fonts-noto-cjk; npm ci)"

// Require makes sure that what, a program name (looked up in PATH) or a file
// path (anything containing a slash), exists, and returns its path. When it is
// missing, the test is skipped with a message that names it and says how to
// install it; when the environment has CI=true, the test fails instead.
func Require(t testing.TB, what, install string) string {
	t.Helper()
	var (
		path string
		err  error
	)
	if strings.ContainsRune(what, '/') {
		path = what
		_, err = os.Stat(what)
	} else {
		path, err = exec.LookPath(what)
	}
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("browsertest: %s is missing (%v); install it: %s", what, err, install)
	} else {
		t.Skipf("browsertest: skipped because %s is missing (%v); install it: %s", what, err, install)
	}
	return ""
}

// RepoRoot returns the repository root: the nearest folder above the test's
// working directory that holds go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("browsertest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// toolPath returns the value of the environment variable env when set, or else
// rel under the repository root; either way it must exist (see Require).
func toolPath(t testing.TB, env, rel string) string {
	t.Helper()
	if p := os.Getenv(env); p != "" {
		return Require(t, p, "point $"+env+" at an existing file, or unset it to use node_modules")
	}
	return Require(t, filepath.Join(RepoRoot(t), filepath.FromSlash(rel)), installHint+"; or set "+env)
}

// AxePath returns the path of axe-core's axe.min.js:
// node_modules/axe-core/axe.min.js under the repository root, or $AXE_JS.
func AxePath(t testing.TB) string {
	t.Helper()
	return toolPath(t, "AXE_JS", "node_modules/axe-core/axe.min.js")
}

// VNUJar returns the path of the Nu HTML Checker:
// node_modules/vnu-jar/build/dist/vnu.jar under the repository root, or $VNU_JAR.
func VNUJar(t testing.TB) string {
	t.Helper()
	return toolPath(t, "VNU_JAR", "node_modules/vnu-jar/build/dist/vnu.jar")
}

// RunVNU checks the HTML files with the Nu HTML Checker
// (java -jar vnu.jar --errors-only --format gnu FILES…) and returns its error
// lines, one per problem, in the checker's order ("file":line.col-line.col:
// error: message). No lines means every file is valid HTML. A checker that
// cannot run at all fails the test.
func RunVNU(t testing.TB, files []string) []string {
	t.Helper()
	if len(files) == 0 {
		return nil
	}
	java := Require(t, "java", installHint)
	jar := VNUJar(t)
	args := append([]string{"-jar", jar, "--errors-only", "--format", "gnu"}, files...)
	cmd := exec.Command(java, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("browsertest: vnu: %v\n%s", err, out.String())
	}
	var lines []string
	for line := range strings.Lines(out.String()) {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	if err != nil && len(lines) == 0 {
		t.Fatalf("browsertest: vnu exited with status 1 and printed nothing")
	}
	return lines
}
