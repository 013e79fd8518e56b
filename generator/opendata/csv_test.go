package opendata

import (
	"math/rand/v2"
	"testing"

	"perfsite/generator/decimal"
)

// The texts numText makes are the ones String, exact, cents and share make, and
// stay so while many more are made after them, over many builders.
func TestNumTextKeepsItsTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0))
	var nums numText
	type made struct {
		got, want string
	}
	var all []made
	for range 20000 {
		d := decimal.Int(r.Int64N(2_000_001) - 1_000_000).Quo(decimal.Int([]int64{1, 3, 8, 100, 1000, 7}[r.IntN(6)]))
		if r.IntN(50) == 0 {
			d = d.Mul(decimal.MustParse("1e-30")) // longer than a compact value
		}
		all = append(all, made{nums.num(d), d.String()}, made{nums.cents(d), cents(d)}, made{nums.share(d), share(d)},
			made{nums.exact(&d), exact(&d)}, made{nums.exact(nil), ""})
	}
	for i, m := range all {
		if m.got != m.want {
			t.Fatalf("text %d is %q, want %q", i, m.got, m.want)
		}
	}
}
