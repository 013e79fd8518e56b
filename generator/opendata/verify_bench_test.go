package opendata

import (
	"os"
	"path/filepath"
	"testing"

	"perfsite/generator/internal/benchsite"
	"perfsite/generator/internal/usage"
	"perfsite/generator/score"
)

// BenchmarkVerify checks the open data of a synthetic site, written once to a
// temporary folder as a build writes it:
//
//	PERFSITE_BENCH_SITES=/tmp/benchsites go test ./generator/opendata -run '^$' -bench Verify -benchtime 1x
//
// It reads the site n1000-c3-k40-s1 (or $PERFSITE_BENCH_SITE) under
// $PERFSITE_BENCH_SITES; without it, it is skipped.
func BenchmarkVerify(b *testing.B) {
	s := benchsite.Load(b, benchsite.Named("n1000-c3-k40-s1"))
	dir := b.TempDir()
	for _, f := range Files(s, score.Site(s), Options{Drafts: true, Today: benchsite.Day}) {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s = nil
	b.ReportAllocs()
	start := usage.CPU()
	for b.Loop() {
		if ps := Verify(dir); len(ps) > 0 {
			b.Fatalf("%d problems, the first: %s", len(ps), ps[0])
		}
	}
	if used := usage.CPU() - start; used > 0 {
		b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/op")
	}
}
