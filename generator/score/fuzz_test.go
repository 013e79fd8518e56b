package score

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

// dec turns a fuzzed float into a decimal; ok is false for NaN and infinities.
func dec(f float64) (decimal.D, bool) {
	d, err := decimal.Float(f)
	return d, err == nil
}

// FuzzScore scores random indicators of valid shape — each method with the inputs
// validation lets through (SPEC §7), any numbers float64 can hold — and checks
// that Of does not panic, that the fraction lies in [0, cap], that the score is
// points × fraction rounded half away from zero to the cent (so at most points ×
// cap rounded), and that every
// checkpoint's fraction lies in [0, cap] too.
//
//	go test ./generator/score -run '^$' -fuzz FuzzScore -fuzzminimizetime 3s
func FuzzScore(f *testing.F) {
	// method, lower, points, target, floor, actual, lo, cap, per, maxDeduct, fail,
	// achieved, band thresholds and fractions, milestone, progress.
	f.Add(uint8(0), false, 10.0, 95.0, 0.0, 97.3, 0.0, 1.0, 0.0, 0.0, 0.0, false, 60.0, 80.0, 95.0, 0.6, 0.8, 1.0, 40.0, 46.0)
	f.Add(uint8(0), true, 8.0, 2.0, 0.0, 2.5, 0.0, 1.0, 0.0, 0.0, 0.0, false, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.2, 2.1)
	f.Add(uint8(1), true, 8.0, 1.0, 3.0, 1.2, 0.0, 1.0, 0.0, 0.0, 0.0, false, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.5, 1.4)
	f.Add(uint8(1), false, 10.0, 100.0, 60.0, 80.0, 0.6, 1.2, 0.0, 0.0, 0.0, false, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 70.0, 65.0)
	f.Add(uint8(2), false, 15.0, 0.0, 0.0, 90.0, 0.0, 1.0, 0.0, 0.0, 0.0, false, 60.0, 80.0, 95.0, 0.6, 0.8, 1.0, 0.0, 85.0)
	f.Add(uint8(3), false, 5.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.5, true, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0)
	f.Add(uint8(4), false, 5.0, 0.0, 0.0, 3.0, 0.0, 1.0, 0.5, 4.0, 0.0, false, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)
	f.Add(uint8(5), false, 30.0, 0.0, 0.0, 91.2, 0.0, 1.0, 0.0, 0.0, 0.0, false, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 88.0)
	f.Add(uint8(6), false, 3.0, 0.0, 0.0, 2.505, 0.0, 1.5, 0.0, 0.0, 0.0, false, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(uint8(0), false, 3.0, 100.0, 0.0, 83.5, 0.0, 1.0, 0.0, 0.0, 0.0, false, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(uint8(0), true, 1e308, 5e-324, 0.0, 1e-308, 0.0, 1e308, 0.0, 0.0, 0.0, false, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1e308, math.SmallestNonzeroFloat64)
	f.Fuzz(checkScore)
}

// TestScoreRandom is FuzzScore on random inputs, hostile ones included: negative,
// zero, halfway, tiny and huge values.
func TestScoreRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float64{0, -1, 1, 2.505, 0.005, -0.005, 97.3, 95, 100, 1e-9, 1e15, -1e15, 1e300, 5e-324, 0.1, 1.2, 3}
	v := func() float64 {
		switch rng.IntN(4) {
		case 0:
			return special[rng.IntN(len(special))]
		case 1:
			return float64(rng.IntN(20001)-10000) / 100
		case 2:
			return float64(rng.IntN(2001)-1000) / 1000
		}
		return float64(rng.IntN(300)) - 100
	}
	for range 30000 {
		checkScore(t, uint8(rng.IntN(256)), rng.IntN(2) == 0, v(), v(), v(), v(), v(), v(), v(), v(), v(),
			rng.IntN(2) == 0, v(), v(), v(), v(), v(), v(), v(), v())
		if t.Failed() {
			return
		}
	}
}

// checkScore scores one indicator made of the inputs, when they make a valid one,
// and checks its result; see FuzzScore.
func checkScore(t *testing.T, method uint8, low bool, points, target, floor, actual, lo, capf, per, maxDeduct, fail float64,
	achieved bool, b1, b2, b3, f1, f2, f3, milestone, progress float64) {
	in := &model.Indicator{ID: "x", Method: model.Methods[int(method)%len(model.Methods)], Direction: model.Higher}
	if low {
		in.Direction = model.Lower
	}
	var ok bool
	if in.Points, ok = dec(math.Abs(points)); !ok || in.Points.Sign() <= 0 {
		return
	}
	capv := decimal.Int(1)
	if c, ok := dec(capf); ok && c.Greater(capv) {
		capv = c
		in.Cap = &c
	}
	a, okA := dec(actual)
	t0, okT := dec(target)
	switch in.Method {
	case model.Ratio:
		if !okT || t0.Sign() <= 0 {
			return
		}
		in.Target = &t0
	case model.Linear:
		fl, okF := dec(floor)
		if !okT || !okF || t0.Equal(fl) || low != t0.Less(fl) {
			return
		}
		in.Target, in.Floor = &t0, &fl
		if l, ok := dec(math.Mod(math.Abs(lo), 1)); ok && !l.IsZero() {
			in.Lo = &l
		}
	case model.Bands:
		for _, b := range [][2]float64{{b1, f1}, {b2, f2}, {b3, f3}} {
			th, ok1 := dec(b[0])
			fr, ok2 := dec(b[1])
			if ok1 && ok2 && fr.Sign() >= 0 && !fr.Greater(capv) {
				in.Bands = append(in.Bands, model.Band{Threshold: th, Fraction: fr})
			}
		}
		sort.Slice(in.Bands, func(i, j int) bool { return in.Bands[i].Threshold.Less(in.Bands[j].Threshold) })
		for i := 1; i < len(in.Bands); i++ {
			if !in.Bands[i-1].Threshold.Less(in.Bands[i].Threshold) {
				return
			}
		}
		if len(in.Bands) == 0 {
			return
		}
	case model.PassFail:
		if okT {
			in.Target = &t0
		} else {
			in.Achieved = &achieved
		}
		if fl, ok := dec(math.Mod(math.Abs(fail), 1)); ok {
			in.Fail = &fl
		}
	case model.Deduct:
		p, ok := dec(per)
		if !ok || p.Sign() <= 0 {
			return
		}
		in.Per = &p
		if m, ok := dec(maxDeduct); ok && m.Sign() > 0 {
			in.MaxDeduct = &m
		}
		a = decimal.Max(a, decimal.Int(0))
	case model.Rating:
		a = decimal.Clamp(a, decimal.Int(0), decimal.Int(100))
	case model.Manual:
		a = decimal.Clamp(a, decimal.Int(0), in.Points.Mul(capv))
		in.Score, in.Justification = &a, "panel"
	}
	if okA && in.Method != model.Manual && !(in.Method == model.PassFail && in.Target == nil) {
		in.Actual = &a
	}
	periods := []string{"Q1", "Q2"}
	if m, ok := dec(milestone); ok {
		in.Milestones = model.PeriodValues{{Period: "Q1", Value: m}}
	}
	if v, ok := dec(progress); ok {
		in.Progress = model.PeriodValues{{Period: "Q1", Value: v}, {Period: "Q2", Value: v}}
	}

	r := Of(in, DefaultMet, DefaultNear, periods, false)
	if old := oldOf(in, DefaultMet, DefaultNear, false); r.Derivation != old.Derivation || r.Score.Cmp(old.Score) != 0 ||
		r.Fraction.Cmp(old.Fraction) != 0 || r.Status != old.Status {
		t.Fatalf("%s %s %s %q, before %s %s %s %q", r.Fraction, r.Score, r.Status, r.Derivation,
			old.Fraction, old.Score, old.Status, old.Derivation)
	}

	if !in.HasActual() {
		if r.Status != Missed || !r.Score.IsZero() {
			t.Fatalf("no actual: status %s, score %s", r.Status, r.Score)
		}
		return
	}
	if r.Fraction.Sign() < 0 || r.Fraction.Greater(capv) {
		t.Fatalf("fraction %s outside [0, %s]", r.Fraction, capv)
	}
	checkRounded(t, in.Points.Mul(r.Fraction), r.Score)
	// Points may have more decimals than a score: the most is W × cap rounded.
	if most := in.Points.Mul(capv).Round(2); r.Score.Sign() < 0 || r.Score.Greater(most) {
		t.Fatalf("score %s outside [0, %s]", r.Score, most)
	}
	switch r.Status {
	case Met, Near, Missed:
	default:
		t.Fatalf("status %q", r.Status)
	}
	if r.Derivation == "" {
		t.Fatal("no derivation")
	}
	for _, c := range r.Progress {
		if c.Fraction.Sign() < 0 || c.Fraction.Greater(capv) {
			t.Fatalf("checkpoint %s: fraction %s outside [0, %s]", c.Period, c.Fraction, capv)
		}
		switch c.Status {
		case OnTrack, Behind, AtRisk:
		default:
			t.Fatalf("checkpoint %s: status %q", c.Period, c.Status)
		}
	}
}

// checkRounded checks that score is exact rounded to the cent, half away from
// zero, without using Round: score is a whole number of cents, within half a cent
// of exact, and at exactly half a cent it lies further from zero.
func checkRounded(t *testing.T, exact, score decimal.D) {
	t.Helper()
	cents := score.Mul(decimal.Int(100))
	if !cents.Equal(decimal.MustParse(cents.Fixed(0))) {
		t.Fatalf("score %s is not a whole number of cents", score)
	}
	diff := score.Sub(exact)
	half := decimal.MustParse("0.005")
	switch c := decimal.Max(diff, diff.Neg()).Cmp(half); {
	case c > 0:
		t.Fatalf("score %s is more than half a cent from %s", score, exact)
	case c == 0 && diff.Sign() != exact.Sign():
		t.Fatalf("score %s: %s should round away from zero", score, exact)
	}
}
