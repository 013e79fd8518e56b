package decimal

import "testing"

// The inputs of a typical scorecard: actuals, targets, weights and progress.
var benchFloats = []float64{97.3, 95, 0.85, 1234.5, 100, 12.75, 3, 88.88, 0.005, 4200}

func benchValues(b *testing.B) []D {
	out := make([]D, len(benchFloats))
	for i, f := range benchFloats {
		d, err := Float(f)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = d
	}
	return out
}

var sink D
var sinkString string

func BenchmarkParse(b *testing.B) {
	in := []string{"97.3", "95", "0.85", "1234.5", "100", "12.75", "-3", "88.88", "0.005", "4.2e3"}
	for b.Loop() {
		for _, s := range in {
			sink = MustParse(s)
		}
	}
}

func BenchmarkFloat(b *testing.B) {
	for b.Loop() {
		for _, f := range benchFloats {
			sink, _ = Float(f)
		}
	}
}

func BenchmarkAdd(b *testing.B) {
	vs := benchValues(b)
	for b.Loop() {
		sink = Sum(vs...)
	}
}

func BenchmarkMul(b *testing.B) {
	vs := benchValues(b)
	for b.Loop() {
		for i := 1; i < len(vs); i++ {
			sink = vs[i-1].Mul(vs[i])
		}
	}
}

// BenchmarkQuoRound is an indicator's score: points × actual/target, rounded.
func BenchmarkQuoRound(b *testing.B) {
	vs := benchValues(b)
	points := Int(5)
	for b.Loop() {
		for i := 1; i < len(vs); i++ {
			sink = points.Mul(vs[i-1].Quo(vs[i])).Round(2)
		}
	}
}

func BenchmarkString(b *testing.B) {
	vs := benchValues(b)
	for b.Loop() {
		for _, d := range vs {
			sinkString = d.String()
		}
	}
}

func BenchmarkFixed(b *testing.B) {
	vs := benchValues(b)
	for b.Loop() {
		for _, d := range vs {
			sinkString = d.Fixed(2)
		}
	}
}

// BenchmarkStringQuotient writes fractions that do not end (97.3/95 and the like).
func BenchmarkStringQuotient(b *testing.B) {
	vs := benchValues(b)
	var qs []D
	for i := 1; i < len(vs); i++ {
		qs = append(qs, vs[i-1].Quo(vs[i]))
	}
	for b.Loop() {
		for _, d := range qs {
			sinkString = d.String()
		}
	}
}
