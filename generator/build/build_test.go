package build

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"perfsite/generator/diag"
	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/opendata"
	"perfsite/generator/scaffold"
	theme "perfsite/themes/default"
)

var fixedDay = model.Date{Year: 2026, Month: 11, Day: 1}

func newSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := scaffold.Site(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// snapshot reads every file below dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = b
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, a, b map[string][]byte) {
	t.Helper()
	for k, v := range a {
		w, ok := b[k]
		if !ok {
			t.Errorf("%s only in the first tree", k)
		} else if !bytes.Equal(v, w) {
			t.Errorf("%s differs", k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			t.Errorf("%s only in the second tree", k)
		}
	}
}

func TestTwoBuildsAreByteIdentical(t *testing.T) {
	for _, site := range []string{newSite(t), exampleSite(t)} {
		out1 := filepath.Join(t.TempDir(), "a")
		out2 := filepath.Join(t.TempDir(), "b")
		if _, err := Build(Options{SiteDir: site, OutDir: out1, Today: fixedDay}); err != nil {
			t.Fatal(err)
		}
		if _, err := Build(Options{SiteDir: site, OutDir: out2, Today: fixedDay}); err != nil {
			t.Fatal(err)
		}
		a, b := snapshot(t, out1), snapshot(t, out2)
		if len(a) < 10 {
			t.Fatalf("only %d files built", len(a))
		}
		sameTree(t, a, b)
	}
}

// exampleSite is the repository's own example site.
func exampleSite(t *testing.T) string {
	t.Helper()
	root, _ := filepath.Abs("../..")
	if _, err := os.Stat(filepath.Join(root, "site.toml")); err != nil {
		t.Fatalf("example site missing: %v", err)
	}
	return root
}

func TestFailedBuildLeavesOldOutputUntouched(t *testing.T) {
	site := newSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{SiteDir: site, OutDir: out, Today: fixedDay}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)

	cases := []struct {
		name   string
		break_ func()
		undo   func()
	}{
		{
			// Fails after every page is rendered: the link check runs last.
			name: "broken link found after rendering",
			break_: func() {
				os.WriteFile(filepath.Join(site, "content", "broken.md"), []byte("+++\ntitle = \"x\"\n+++\n[gone](/no-such-page/)\n"), 0o644)
			},
			undo: func() { os.Remove(filepath.Join(site, "content", "broken.md")) },
		},
		{
			name: "template fails while rendering",
			break_: func() {
				os.MkdirAll(filepath.Join(site, "layouts"), 0o755)
				os.WriteFile(filepath.Join(site, "layouts", "page.html"), []byte(`{{define "main"}}{{.NoSuchField.X}}{{end}}`), 0o644)
			},
			undo: func() { os.RemoveAll(filepath.Join(site, "layouts")) },
		},
		{
			name: "invalid data",
			break_: func() {
				os.WriteFile(filepath.Join(site, "data", "departments.toml"), []byte("[[group]\n"), 0o644)
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.break_()
			if c.undo != nil {
				defer c.undo()
			}
			if _, err := Build(Options{SiteDir: site, OutDir: out, Today: fixedDay}); err == nil {
				t.Fatal("build succeeded")
			}
			sameTree(t, before, snapshot(t, out))
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.stage-*"))
			if len(left) > 0 {
				t.Errorf("staging folders left: %v", left)
			}
		})
	}
}

func TestBrokenLinkNamesThePage(t *testing.T) {
	site := newSite(t)
	os.WriteFile(filepath.Join(site, "content", "broken.md"), []byte("+++\ntitle = \"x\"\n+++\n[gone](/no-such-page/)\n"), 0o644)
	_, err := InMemory(Options{SiteDir: site, Today: fixedDay})
	var fail *diag.Failure
	if !errors.As(err, &fail) {
		t.Fatalf("err = %v, want a diagnostics failure", err)
	}
	msg := fail.List.String()
	if !strings.Contains(msg, "broken/index.html") || !strings.Contains(msg, "/no-such-page/") {
		t.Fatalf("diagnostics do not name the page and link:\n%s", msg)
	}
}

func TestVerifyPassesOnExampleAndFailsOnEditedCell(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{SiteDir: exampleSite(t), OutDir: out, Today: fixedDay}); err != nil {
		t.Fatal(err)
	}
	if probs := opendata.Verify(out); len(probs) != 0 {
		t.Fatalf("verify on a fresh build: %v", probs)
	}
	csv := filepath.Join(out, "data", "2024", "departments.csv")
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	cells := strings.Split(lines[1], ",")
	// The total column (10th): add one point.
	cells[9] = "1" + cells[9]
	lines[1] = strings.Join(cells, ",")
	os.WriteFile(csv, []byte(strings.Join(lines, "\n")), 0o644)
	probs := opendata.Verify(out)
	if len(probs) == 0 {
		t.Fatal("verify accepted an edited total")
	}
	found := false
	for _, p := range probs {
		if strings.Contains(p.String(), "departments.csv") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no problem names departments.csv: %v", probs)
	}
}

func TestBaseURLWithPath(t *testing.T) {
	m, err := InMemory(Options{SiteDir: newSite(t), BaseURL: "https://example.gov.cn/perf/", Today: fixedDay})
	if err != nil {
		t.Fatal(err)
	}
	if m.BasePath != "/perf/" {
		t.Fatalf("base path %q", m.BasePath)
	}
	home := string(m.Files["index.html"])
	if !strings.Contains(home, `href="/perf/assets/`) {
		t.Error("home page does not link its assets under /perf/")
	}
	if strings.Contains(home, `href="/assets/`) {
		t.Error("home page links assets outside /perf/")
	}
}

// The preview's caches must never hide a problem: a page edited to hold a broken
// link is checked again even though every other page's links come from the cache.
func TestCachedRebuildStillChecksEditedLinks(t *testing.T) {
	site := newSite(t)
	c := NewCache()
	opts := Options{SiteDir: site, Today: fixedDay, Cache: c}
	if _, err := InMemory(opts); err != nil {
		t.Fatal(err)
	}
	about := filepath.Join(site, "content", "about.md")
	good, _ := os.ReadFile(about)
	os.WriteFile(about, append(append([]byte{}, good...), []byte("\n[gone](/no-such-page/)\n")...), 0o644)
	_, err := InMemory(opts)
	var fail *diag.Failure
	if !errors.As(err, &fail) || !strings.Contains(fail.List.String(), "/no-such-page/") {
		t.Fatalf("cached rebuild missed the broken link: %v", err)
	}
	if c.Load.Parsed != 0 || c.Load.Reused == 0 {
		t.Errorf("a narrative edit parsed %d scorecards and reused %d, want none parsed", c.Load.Parsed, c.Load.Reused)
	}
	os.WriteFile(about, good, 0o644)
	if _, err := InMemory(opts); err != nil {
		t.Fatalf("after the fix: %v", err)
	}
}

// A file of static/ may not take the address of a generated page or of a theme
// file; the build and the preview both name it, and the build publishes nothing.
func TestStaticFileAtAGeneratedAddress(t *testing.T) {
	for _, rel := range []string{"index.html", "assets/site.css"} {
		t.Run(rel, func(t *testing.T) {
			site := newSite(t)
			path := filepath.Join(site, "static", filepath.FromSlash(rel))
			os.MkdirAll(filepath.Dir(path), 0o755)
			os.WriteFile(path, []byte("mine"), 0o644)
			want := "static/" + rel + ": error: static/" + rel + " would replace a file the site generates"
			out := filepath.Join(t.TempDir(), "public")
			_, err := Build(Options{SiteDir: site, OutDir: out, Today: fixedDay})
			var fail *diag.Failure
			if !errors.As(err, &fail) || !strings.Contains(fail.List.String(), want) {
				t.Fatalf("build: err = %v, want %q", err, want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("build published %s anyway", out)
			}
			_, err = NewCache().Snapshot(Options{SiteDir: site, Today: fixedDay}, nil)
			if !errors.As(err, &fail) || !strings.Contains(fail.List.String(), want) {
				t.Fatalf("preview: err = %v, want %q", err, want)
			}
		})
	}
}

// A site's own theme may not put a static file where the site generates a page.
func TestThemeStaticFileAtAPageAddress(t *testing.T) {
	site := newSite(t)
	th := filepath.Join(site, "themes", "civic")
	if err := os.CopyFS(th, theme.FS); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(th, "static", "index.html"), []byte("theirs"), 0o644)
	cfg := filepath.Join(site, "site.toml")
	text, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append([]byte("theme = \"civic\"\n"), text...), 0o644)
	for name, run := range map[string]func() error{
		"build":   func() error { _, err := InMemory(Options{SiteDir: site, Today: fixedDay}); return err },
		"preview": func() error { _, err := NewCache().Snapshot(Options{SiteDir: site, Today: fixedDay}, nil); return err },
	} {
		if err := run(); err == nil || !strings.Contains(err.Error(), "static/index.html would replace a page") {
			t.Errorf("%s: err = %v, want the theme's static/index.html named", name, err)
		}
	}
}

// A build reads and publishes one cycle before it reads the next. A scorecard
// broken in a later cycle still fails the whole build, after earlier cycles'
// pages were made: every broken file is named, once, with the warnings, and the
// old output stays as it was.
func TestBrokenLaterCycleFailsTheWholeBuild(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(exampleSite(t))); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(site, "public"))
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{SiteDir: site, OutDir: out, Today: fixedDay}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	cycles, _ := filepath.Glob(filepath.Join(site, "data", "20*"))
	if len(cycles) < 2 {
		t.Fatalf("the example site has %d cycles, want at least 2", len(cycles))
	}
	last := filepath.Join(cycles[len(cycles)-1], "agriculture.toml")
	orig, err := os.ReadFile(last)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(last, append(orig, "\n[[indicator]\n"...), 0o644)
	_, whole := load.SiteAt(site, fixedDay)

	sum, err := Build(Options{SiteDir: site, OutDir: out, Today: fixedDay})
	var fail *diag.Failure
	if !errors.As(err, &fail) {
		t.Fatalf("build gave %v, want a list of problems", err)
	}
	rel := filepath.ToSlash(strings.TrimPrefix(last, site+string(filepath.Separator)))
	if n := strings.Count(fail.List.String(), rel+":"); n != 1 {
		t.Errorf("%s named %d times in:\n%s", rel, n, fail.List)
	}
	if got, want := sum.Diags.String(), whole.String(); got != want {
		t.Errorf("the build reported\n%s\nloading the whole site reports\n%s", got, want)
	}
	sameTree(t, before, snapshot(t, out))
}
