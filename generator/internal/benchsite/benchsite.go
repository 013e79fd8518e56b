// Package benchsite loads, for benchmarks, the synthetic sites that the build
// benchmarks keep under $PERFSITE_BENCH_SITES (folders such as n1000-c3-k40-s1,
// written by generator/synth).
package benchsite

import (
	"os"
	"path/filepath"
	"testing"

	"perfsite/generator/load"
	"perfsite/generator/model"
)

// Day is the day the benchmarks load and write the sites as of.
var Day = model.Date{Year: 2026, Month: 1, Day: 1}

// Load loads the site in the folder name under $PERFSITE_BENCH_SITES as of Day.
// Without that variable it skips b; a site with errors fails it.
func Load(b testing.TB, name string) *model.Site {
	b.Helper()
	root := os.Getenv("PERFSITE_BENCH_SITES")
	if root == "" {
		b.Skip("PERFSITE_BENCH_SITES is not set")
	}
	s, diags := load.SiteAt(filepath.Join(root, name), Day)
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	return s
}

// Named is the folder $PERFSITE_BENCH_SITE names, or else name: a benchmark of
// one site may be pointed at another size.
func Named(name string) string {
	if n := os.Getenv("PERFSITE_BENCH_SITE"); n != "" {
		return n
	}
	return name
}
