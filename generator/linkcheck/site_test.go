package linkcheck_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"perfsite/generator/build"
	"perfsite/generator/linkcheck"
	"perfsite/generator/model"
	"perfsite/generator/synth"
)

// The pages of the example site and of a synthetic one, as built, extract as the
// reference extractor reads them, and check alike.
func TestExtractBuiltSites(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "synth")
	if err := synth.Write(gen, synth.Params{Departments: 10, Cycles: 3, Indicators: 40, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	for _, site := range []string{"../..", gen} {
		out := filepath.Join(t.TempDir(), "public")
		_, err := build.Build(build.Options{SiteDir: site, OutDir: out, Today: model.Date{Year: 2026, Month: 1, Day: 1}})
		if err != nil {
			t.Fatal(err)
		}
		compareBuilt(t, out)
	}
}

func compareBuilt(t *testing.T, dir string) {
	e := linkcheck.NewExtractor()
	got, want := map[string]*linkcheck.Page{}, map[string]*linkcheck.Page{}
	paths := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		paths[rel] = len(rel)%7 != 0 // lose some files, for broken links to report
		if filepath.Ext(p) != ".html" {
			return nil
		}
		doc, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		got[rel], want[rel] = e.Extract(doc), linkcheck.ReferenceExtract(doc)
		if !reflect.DeepEqual(parts(got[rel]), parts(want[rel])) {
			t.Errorf("%s: extracted %q\nwant %q", rel, parts(got[rel]), parts(want[rel]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 20 {
		t.Fatalf("%s: only %d pages", dir, len(got))
	}
	g, w := linkcheck.CheckPages(got, paths, "/"), linkcheck.CheckPages(want, paths, "/")
	if len(w) == 0 || !reflect.DeepEqual(g, w) {
		t.Errorf("%s: %d broken links, want %d: %v", dir, len(g), len(w), g)
	}
	// Every link is checked as the reference checks it, under the base path the
	// site was built for and under one its links miss.
	for _, base := range []string{"/", "/perf/"} {
		if g, w := linkcheck.CheckPages(got, paths, base), linkcheck.ReferenceCheckPages(got, paths, base); !reflect.DeepEqual(g, w) {
			t.Errorf("%s, base path %s: %d broken links, the reference finds %d: %v", dir, base, len(g), len(w), g)
		}
	}
}

func parts(p *linkcheck.Page) []any {
	links, ids, base := p.Parts()
	return []any{links, ids, base}
}
