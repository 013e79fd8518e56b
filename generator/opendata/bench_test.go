package opendata

import (
	"io"
	"testing"

	"perfsite/generator/internal/benchsite"
	"perfsite/generator/internal/usage"
	"perfsite/generator/score"
)

// BenchmarkWrite makes the open data of a synthetic site that was loaded and scored
// once, writing every file
// to a sink that drops it:
//
//	PERFSITE_BENCH_SITES=/tmp/benchsites go test ./generator/opendata -run '^$' -bench Write -benchtime 3x
//
// It reads the site n1000-c3-k40-s1 (or $PERFSITE_BENCH_SITE, a folder name under
// $PERFSITE_BENCH_SITES) that the build benchmarks write; without it, it is skipped.
func BenchmarkWrite(b *testing.B) {
	s := benchsite.Load(b, benchsite.Named("n1000-c3-k40-s1"))
	r := score.Site(s)
	opt := Options{Today: benchsite.Day}
	b.ReportAllocs()
	start := usage.CPU()
	size := 0
	for b.Loop() {
		files, err := Write(s, r, opt, discard{})
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, f := range files {
			size += f.Size
		}
	}
	if used := usage.CPU() - start; used > 0 {
		b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/op")
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB/op")
}

// discard is a Sink that drops what is written to it.
type discard struct{}

func (discard) Create(string) (io.WriteCloser, error) { return nopCloser{io.Discard}, nil }
