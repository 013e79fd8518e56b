package score

import (
	"fmt"
	"testing"

	"perfsite/generator/internal/benchsite"
	"perfsite/generator/internal/usage"
)

// BenchmarkDepartments scores every scorecard of a synthetic site of N departments
// × 3 cycles × 40 indicators alone, one after the other on one core, as each core
// does in scoreCards:
//
//	PERFSITE_BENCH_SITES=/tmp/benchsites go test ./generator/score -run '^$' -bench 'Departments/N=1000$'
func BenchmarkDepartments(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			s := benchsite.Load(b, fmt.Sprintf("n%d-c3-k40-s1", n))
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
