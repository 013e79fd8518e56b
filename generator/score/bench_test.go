package score

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"perfsite/generator/internal/usage"
	"perfsite/generator/load"
	"perfsite/generator/model"
)

// BenchmarkDepartments scores every scorecard of a synthetic site of N departments
// × 3 cycles × 40 indicators alone, one after the other on one core, as each core
// does in scoreCards:
//
//	PERFSITE_BENCH_SITES=/tmp/benchsites go test ./generator/score -run '^$' -bench 'Departments/N=1000$'
func BenchmarkDepartments(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			s := benchSite(b, n)
			b.ReportAllocs()
			start := usage.CPU()
			for b.Loop() {
				for _, c := range s.Cycles {
					for _, card := range c.Cards {
						department(card, c.Scheme)
					}
				}
			}
			b.ReportMetric((usage.CPU()-start).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// benchSite loads the site nN-c3-k40-s1 that the build benchmarks write under
// $PERFSITE_BENCH_SITES, and skips the benchmark without it.
func benchSite(b *testing.B, n int) *model.Site {
	root := os.Getenv("PERFSITE_BENCH_SITES")
	if root == "" {
		b.Skip("PERFSITE_BENCH_SITES is not set")
	}
	s, diags := load.SiteAt(filepath.Join(root, fmt.Sprintf("n%d-c3-k40-s1", n)), model.Date{Year: 2026, Month: 1, Day: 1})
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	return s
}
