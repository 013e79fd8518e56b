package e2e

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"perfsite/generator/build"
	"perfsite/generator/model"
)

// today fixes the "as of" day of the builds, so overdue marks and every page
// are the same on any day the tests run.
var today = model.Date{Year: 2026, Month: 11, Day: 1}

// perfBaseURL is the base URL of the second build, whose path every link and
// asset must respect.
const perfBaseURL = "https://example.gov.cn/perf/"

// site is one build of the example site.
type site struct {
	Dir    string // the built public folder
	Prefix string // URL path it is served under: "/" or "/perf/"
}

var (
	// rootSite is built with site.toml's own base URL and served at "/";
	// perfSite with perfBaseURL and served at "/perf/".
	rootSite, perfSite site
	buildErr           error
)

// TestMain builds the example site twice, once for the whole test binary, into
// a temporary folder that it removes afterwards.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "perfsite-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	buildErr = buildBoth(tmp)
	return m.Run()
}

// buildBoth builds the two sites side by side.
func buildBoth(tmp string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	rootSite = site{Dir: filepath.Join(tmp, "root"), Prefix: "/"}
	perfSite = site{Dir: filepath.Join(tmp, "perf"), Prefix: "/perf/"}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, o := range []build.Options{
		{SiteDir: root, OutDir: rootSite.Dir, Today: today},
		{SiteDir: root, OutDir: perfSite.Dir, Today: today, BaseURL: perfBaseURL},
	} {
		wg.Go(func() {
			if _, err := build.Build(o); err != nil {
				errs[i] = fmt.Errorf("building the example site (base URL %q) into %s: %w", o.BaseURL, o.OutDir, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// built returns the two builds, failing the test when they could not be made.
func built(t *testing.T) (root, perf site) {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return rootSite, perfSite
}

// repoRoot is the nearest folder above the working directory with go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// skipShort skips a test that needs the browser or the HTML checker in -short mode.
func skipShort(t *testing.T, what string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("%s skipped in -short mode; run `go test ./generator/e2e/` without -short (after `bash .ci/install`)", what)
	}
}

// htmlFiles lists every .html file of a build, sorted.
func htmlFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// table is an open-data CSV file read into maps by column name.
type table []map[string]string

// readCSV reads a CSV of the open data (UTF-8 with a byte order mark, one header row).
func readCSV(t *testing.T, path string) table {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) < 2 {
		t.Fatalf("%s: no rows", path)
	}
	var out table
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, name := range recs[0] {
			row[name] = rec[i]
		}
		out = append(out, row)
	}
	return out
}

// where returns the rows whose column col is v.
func (tb table) where(col, v string) table {
	var out table
	for _, r := range tb {
		if r[col] == v {
			out = append(out, r)
		}
	}
	return out
}

// latestCycle is the last cycle of the open data, as the home page shows it:
// cycle ids are years, so the last in order.
func latestCycle(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	var cycles []string
	for _, e := range entries {
		if e.IsDir() {
			cycles = append(cycles, e.Name())
		}
	}
	if len(cycles) == 0 {
		t.Fatalf("%s/data has no cycle folders", dir)
	}
	sort.Strings(cycles)
	return cycles[len(cycles)-1]
}
