package linkcheck

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"perfsite/generator/internal/usage"
)

// extractSite extracts the pages of the built site in dir as a build does, and
// lists its files, by path within dir.
func extractSite(tb testing.TB, dir string) (map[string]*Page, map[string]bool) {
	e := NewExtractor()
	pages, paths := map[string]*Page{}, map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		paths[rel] = true
		if !isHTML(rel) {
			return nil
		}
		doc, err := os.ReadFile(p)
		pages[rel] = e.Extract(doc)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return pages, paths
}

// BenchmarkCheck checks a site of 1,000 scorecards whose links are those of a
// built one: navigation from the root, the page's sections, its neighbours.
func BenchmarkCheck(b *testing.B) {
	pages, paths := map[string]*Page{}, map[string]bool{}
	for _, f := range []string{"index.html", "2024/index.html", "data/index.html", "about/index.html", "assets/site.css", "assets/charts.js", "feed.xml"} {
		paths[f] = true
	}
	for i := range 1000 {
		dir := fmt.Sprintf("2024/department-%d/", i)
		paths[dir+"index.html"] = true
		paths[fmt.Sprintf("data/2024/department-%d.csv", i)] = true
		pages[dir+"index.html"] = &Page{
			links: []string{"/assets/site.css", "#main", "/", "/2024/", "/data/", "/about/", "/feed.xml",
				fmt.Sprintf("/2024/department-%d/", (i+1)%1000), fmt.Sprintf("/2024/department-%d/#indicator-3", (i+999)%1000),
				fmt.Sprintf("/data/2024/department-%d.csv", i), "/assets/charts.js"},
			ids: []string{"indicator-1", "indicator-2", "indicator-3", "main"},
		}
	}
	b.ReportAllocs()
	start := usage.CPU()
	for b.Loop() {
		if broken := CheckPages(pages, paths, "/"); len(broken) != 0 {
			b.Fatal(broken)
		}
	}
	b.ReportMetric((usage.CPU()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkCheckSite checks every link of a built site, extracted as a build does:
//
//	PERFSITE_LINKCHECK_SITE=/tmp/out go test ./generator/linkcheck -run '^$' -bench CheckSite
func BenchmarkCheckSite(b *testing.B) {
	dir := os.Getenv("PERFSITE_LINKCHECK_SITE")
	if dir == "" {
		b.Skip("PERFSITE_LINKCHECK_SITE names no built site")
	}
	pages, paths := extractSite(b, dir)
	b.ReportAllocs()
	start := usage.CPU()
	for b.Loop() {
		if broken := CheckPages(pages, paths, "/"); len(broken) != 0 {
			b.Fatal(broken[0])
		}
	}
	b.ReportMetric((usage.CPU()-start).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(pages)), "pages")
}
