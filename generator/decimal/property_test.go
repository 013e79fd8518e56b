package decimal

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// The reference is plain big.Rat arithmetic, written the slow and obvious way: what
// D computed before it had a compact form.

// refParse reads s as big.Rat does, refusing fractions, as Parse promises.
func refParse(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "/") {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// refPlaces is the length of r's decimal expansion and whether it ends.
func refPlaces(r *big.Rat) (int, bool) {
	den := new(big.Int).Set(r.Denom())
	fives := 0
	five, m := big.NewInt(5), new(big.Int)
	twos := int(den.TrailingZeroBits())
	den.Rsh(den, uint(twos))
	for new(big.Int).QuoRem(den, five, m); m.Sign() == 0; new(big.Int).QuoRem(den, five, m) {
		den.Quo(den, five)
		fives++
	}
	return max(twos, fives), den.Cmp(big.NewInt(1)) == 0
}

// refCompact is the compact form r must have, if any: the integer r × 10^places for
// the fewest places that make it one, when that fits an int64 and places ≤ maxScale.
func refCompact(r *big.Rat) (coef int64, scale int, ok bool) {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(maxScale), nil)
	if r.Denom().Cmp(limit) > 0 { // r × 10^maxScale is no integer
		return 0, 0, false
	}
	places, ends := refPlaces(r)
	if !ends || places > maxScale {
		return 0, 0, false
	}
	c := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)))
	if !c.IsInt() || !c.Num().IsInt64() {
		return 0, 0, false
	}
	return c.Num().Int64(), places, true
}

func refRound(r *big.Rat, places int) *big.Rat {
	places = max(places, 0)
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	n := new(big.Int).Mul(r.Num(), scale)
	q, m := new(big.Int).QuoRem(new(big.Int).Abs(n), r.Denom(), new(big.Int))
	if m.Lsh(m, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if n.Sign() < 0 {
		q.Neg(q)
	}
	return new(big.Rat).SetFrac(q, scale)
}

func refFloat64(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

func refFixed(r *big.Rat, places int) string {
	s := r.FloatString(places)
	if s[0] == '-' && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return s
}

func refString(r *big.Rat) string {
	if places, ok := refPlaces(r); ok {
		return refFixed(r, places)
	}
	return strings.TrimRight(strings.TrimRight(refFixed(r, 10), "0"), ".")
}

// checkValue fails unless d is want, in the one form the value has.
func checkValue(t *testing.T, what string, d D, want *big.Rat) {
	t.Helper()
	if d.rat().Cmp(want) != 0 {
		t.Fatalf("%s = %s, want %s", what, d.rat().RatString(), want.RatString())
	}
	coef, scale, ok := refCompact(want)
	switch {
	case ok && d != compactForm(coef, scale):
		t.Fatalf("%s = %s held as {%d %+v}, want compact {%d %d}", what, want.RatString(), d.coef, d.f, coef, scale)
	case !ok && !d.isRational():
		t.Fatalf("%s = %s held as compact {%d %d}, which cannot hold it", what, want.RatString(), d.coef, d.scale())
	case !ok && d.coef != 0:
		t.Fatalf("%s = %s held as a rational with coefficient %d", what, want.RatString(), d.coef)
	case !ok && fits64(want) && (d.f.big != nil || d.f.num != want.Num().Int64() || d.f.den != want.Denom().Uint64()):
		t.Fatalf("%s = %s held as {%d/%d big %v}, want the fraction of 64-bit integers", what, want.RatString(), d.f.num, d.f.den, d.f.big)
	case !ok && !fits64(want) && (d.f.big == nil || d.f.den != 0):
		t.Fatalf("%s = %s held as %d/%d, which cannot hold it", what, want.RatString(), d.f.num, d.f.den)
	}
}

// fits64 reports whether r's numerator fits an int64 and its denominator a uint64.
func fits64(r *big.Rat) bool { return r.Num().IsInt64() && r.Denom().IsUint64() }

// compactForm is the representation of coef / 10^scale, written out from the
// definition of D: no form for scale 0, else the shared form of that scale.
func compactForm(coef int64, scale int) D {
	if scale == 0 {
		return D{coef: coef}
	}
	return D{coef: coef, f: &scales[scale]}
}

// sample is a value with its reference.
type sample struct {
	name string
	d    D
	ref  *big.Rat
}

// samples returns values of every kind: edge cases, random decimals of mixed scales
// and signs, values near the int64 limits and the 18 places, float64 inputs down to
// 5e-324 and up to 1e308, and quotients that never end. n random ones are added.
func samples(t *testing.T, rng *rand.Rand, n int) []sample {
	var texts []string
	texts = append(texts, "0", "-0", "0.0", "+0", "1", "-1", "97.3", "97.30", "0.005", "-0.004", "2.505",
		"100", "1e3", "1.5E-3", "00012.50", ".5", "5.", "9223372036854775807", "-9223372036854775808",
		"9223372036854775808", "-9223372036854775809", "18446744073709551616", "0.000000000000000001",
		"1e-18", "1e-19", "-1e-19", "123456789012345678.9", "1.000000000000000000000000001",
		"1e-30", "1e308", "5e-324", "0x1p-2", "1_000", "1e9999", "0e12345")
	for s := 0; s <= 19; s++ {
		for _, c := range []string{"9223372036854775807", "9223372036854775806", "4611686018427387904", "1", "3"} {
			if s < len(c) {
				texts = append(texts, c[:len(c)-s]+"."+c[len(c)-s:], "-"+c[:len(c)-s]+"."+c[len(c)-s:])
			}
		}
	}
	for range n {
		texts = append(texts, randomText(rng))
	}
	var out []sample
	for _, s := range texts {
		d, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		ref, _ := refParse(s)
		out = append(out, sample{"Parse(" + s + ")", d, ref})
	}
	floats := []float64{97.3, 0.1, 0.2, 1e308, -1e308, 5e-324, -5e-324, math.Copysign(0, -1), math.MaxFloat64,
		1 << 53, 1<<53 + 2, 1 << 63, -(1 << 63), 1e18, 1e19, 1e-18, 1e-19, 123.456, 1e21, 1.2345e-7}
	for range n / 4 {
		floats = append(floats, float64(rng.IntN(2_000_000)-1_000_000)/100)
		if f := math.Float64frombits(rng.Uint64()); !math.IsNaN(f) && !math.IsInf(f, 0) {
			floats = append(floats, f)
		}
	}
	for _, f := range floats {
		d, err := Float(f)
		if err != nil {
			t.Fatalf("Float(%v): %v", f, err)
		}
		ref, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
		out = append(out, sample{fmt.Sprintf("Float(%v)", f), d, ref})
	}
	for _, i := range []int64{0, 7, -7, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
		out = append(out, sample{fmt.Sprintf("Int(%d)", i), Int(i), new(big.Rat).SetInt64(i)})
	}
	// Quotients that never end, and ones that end beyond the compact form.
	for _, q := range [][2]string{{"97.3", "95"}, {"1", "3"}, {"-2", "3"}, {"1", "7e-10"}, {"9223372036854775807", "3"},
		{"6000000000000000001", "3"}, {"1", "1024"}, {"1", "524288"}, {"1", "1048576"}, {"3", "-1e20"}} {
		a, b := MustParse(q[0]), MustParse(q[1])
		ra, _ := refParse(q[0])
		rb, _ := refParse(q[1])
		out = append(out, sample{q[0] + "/" + q[1], a.Quo(b), new(big.Rat).Quo(ra, rb)})
	}
	for _, s := range out {
		checkValue(t, s.name, s.d, s.ref)
	}
	return out
}

// randomText writes a random decimal: up to 19 digits, up to 25 places, sometimes
// with an exponent, sometimes negative.
func randomText(rng *rand.Rand) string {
	digits := strconv.FormatUint(rng.Uint64()>>rng.UintN(64), 10)
	if rng.IntN(4) == 0 {
		digits = strings.Repeat("9", 1+rng.IntN(19))
	}
	places := rng.IntN(26)
	if places > 0 {
		digits = strings.Repeat("0", max(0, places-len(digits)+1)) + digits
		digits = digits[:len(digits)-places] + "." + digits[len(digits)-places:]
	}
	if rng.IntN(5) == 0 {
		digits += "e" + strconv.Itoa(rng.IntN(41)-20)
	}
	if rng.IntN(2) == 0 {
		digits = "-" + digits
	}
	return digits
}

// bigForm is d held as a big.Rat although it may have a compact form: every method must
// still give the same answers.
func bigForm(s sample) sample {
	return sample{"big " + s.name, D{f: &form{scale: rational, big: new(big.Rat).Set(s.ref)}}, s.ref}
}

// smallForm is d held as a fraction of 64-bit integers although it may have a compact
// form, when it fits one; else d's big form.
func smallForm(s sample) sample {
	if !fits64(s.ref) {
		return bigForm(s)
	}
	return sample{"small " + s.name, D{f: &form{scale: rational, num: s.ref.Num().Int64(), den: s.ref.Denom().Uint64()}}, s.ref}
}

func checkUnary(t *testing.T, s sample) {
	t.Helper()
	if got, want := s.d.Sign(), s.ref.Sign(); got != want {
		t.Fatalf("%s.Sign() = %d, want %d", s.name, got, want)
	}
	if got, want := s.d.IsZero(), s.ref.Sign() == 0; got != want {
		t.Fatalf("%s.IsZero() = %t", s.name, got)
	}
	_, ends := refPlaces(s.ref)
	if got := s.d.Exact(); got != ends {
		t.Fatalf("%s.Exact() = %t", s.name, got)
	}
	want := refString(s.ref)
	if got := s.d.String(); got != want {
		t.Fatalf("%s.String() = %s, want %s", s.name, got, want)
	}
	if got, _ := s.d.MarshalText(); string(got) != want {
		t.Fatalf("%s.MarshalText() = %s, want %s", s.name, got, want)
	}
	if got, _ := json.Marshal(s.d); string(got) != strconv.Quote(want) {
		t.Fatalf("json of %s = %s, want %q", s.name, got, want)
	}
	for places := -1; places <= 20; places++ {
		if got, want := s.d.Fixed(places), refFixed(s.ref, places); got != want {
			t.Fatalf("%s.Fixed(%d) = %s, want %s", s.name, places, got, want)
		}
		checkValue(t, fmt.Sprintf("%s.Round(%d)", s.name, places), s.d.Round(places), refRound(s.ref, places))
	}
	if got, want := s.d.Float64(), refFloat64(s.ref); got != want || math.Signbit(got) != math.Signbit(want) {
		t.Fatalf("%s.Float64() = %v, want %v", s.name, got, want)
	}
	checkValue(t, s.name+".Neg()", s.d.Neg(), new(big.Rat).Neg(s.ref))
}

func checkBinary(t *testing.T, x, y sample) {
	t.Helper()
	name := x.name + " and " + y.name
	checkValue(t, x.name+" + "+y.name, x.d.Add(y.d), new(big.Rat).Add(x.ref, y.ref))
	checkValue(t, x.name+" − "+y.name, x.d.Sub(y.d), new(big.Rat).Sub(x.ref, y.ref))
	checkValue(t, x.name+" × "+y.name, x.d.Mul(y.d), new(big.Rat).Mul(x.ref, y.ref))
	if y.ref.Sign() != 0 {
		checkValue(t, x.name+" / "+y.name, x.d.Quo(y.d), new(big.Rat).Quo(x.ref, y.ref))
	}
	c := x.ref.Cmp(y.ref)
	if got := x.d.Cmp(y.d); got != c {
		t.Fatalf("Cmp of %s = %d, want %d", name, got, c)
	}
	if x.d.Equal(y.d) != (c == 0) || x.d.Less(y.d) != (c < 0) || x.d.LessEq(y.d) != (c <= 0) || x.d.Greater(y.d) != (c > 0) {
		t.Fatalf("Equal/Less/LessEq/Greater of %s disagree with Cmp %d", name, c)
	}
	lo, hi := x.ref, y.ref
	if c > 0 {
		lo, hi = hi, lo
	}
	if Min(x.d, y.d).rat().Cmp(lo) != 0 || Max(x.d, y.d).rat().Cmp(hi) != 0 {
		t.Fatalf("Min/Max of %s wrong", name)
	}
}

// TestAgainstRat checks every operation on every kind of value, in both forms, against
// big.Rat.
func TestAgainstRat(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := samples(t, rng, 150)
	for _, s := range vals {
		checkUnary(t, s)
		checkUnary(t, bigForm(s))
		checkUnary(t, smallForm(s))
	}
	// Every pair (every eighth with -short); a fifth of them in all four combinations
	// of forms as well.
	step := 1
	if testing.Short() {
		step = 8
	}
	for i, x := range vals {
		for j, y := range vals {
			if (i*len(vals)+j)%step != 0 {
				continue
			}
			checkBinary(t, x, y)
			if (i+j)%5 == 0 {
				checkBinary(t, bigForm(x), y)
				checkBinary(t, x, bigForm(y))
				checkBinary(t, bigForm(x), bigForm(y))
				checkBinary(t, smallForm(x), y)
				checkBinary(t, x, smallForm(y))
				checkBinary(t, smallForm(x), bigForm(y))
			}
		}
	}
	sum, ref := Sum(), new(big.Rat)
	for _, s := range vals {
		sum = Sum(sum, s.d)
		ref.Add(ref, s.ref)
	}
	checkValue(t, "Sum", sum, ref)
}

// TestOneFormPerValue shows that values reached different ways are held the same way,
// so even == agrees with Equal on compact values.
func TestOneFormPerValue(t *testing.T) {
	pairs := [][2]D{
		{MustParse("97.30"), mustFloat(t, 97.3)},
		{MustParse("0.3"), MustParse("0.1").Add(MustParse("0.2"))},
		{Int(1), Int(1).Quo(Int(3)).Mul(Int(3))},
		{MustParse("2.5"), MustParse("0.5").Mul(Int(5))},
		{MustParse("1"), MustParse("1.00000000000000000000000001").Round(2)},
		{Int(0), mustFloat(t, math.Copysign(0, -1))},
		{D{}, MustParse("-0.0e5")},
		{MustParse("0.125"), Int(1).Quo(Int(8))},
		{MustParse("-9223372036854775808"), Int(math.MinInt64)},
		{MustParse("1e18"), Int(1_000_000_000_000_000_000)},
	}
	for _, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("%s held as %+v and as %+v", p[0], p[0], p[1])
		}
	}
	if q := MustParse("97.3").Quo(Int(95)); !q.isRational() {
		t.Error("97.3/95 never ends, yet was held compact")
	}
	if d := MustParse("1e-19"); !d.isRational() {
		t.Error("1e-19 has 19 places, yet was held compact")
	}
}

func mustFloat(t *testing.T, f float64) D {
	t.Helper()
	d, err := Float(f)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// FuzzAgainstRat compares parsing and arithmetic with big.Rat on any two inputs.
func FuzzAgainstRat(f *testing.F) {
	for _, s := range [][2]string{{"97.3", "95"}, {"9223372036854775807", "-1"}, {"-9223372036854775808", "0.1"},
		{"1e-18", "1e18"}, {"5e-324", "1e308"}, {".5", "5."}, {"0x10", "1_0"}, {"1/3", "3"}, {" 7 ", "1e+05"},
		{"123456789.123456789", "0.000000001"}, {"-0", "00"}, {"1e", "e1"}} {
		f.Add(s[0], s[1], 2)
	}
	f.Fuzz(func(t *testing.T, a, b string, places int) {
		places %= 25
		x, errX := Parse(a)
		rx, okX := refParse(a)
		if (errX == nil) != okX {
			t.Fatalf("Parse(%q) error %v, big.Rat accepts it: %t", a, errX, okX)
		}
		y, errY := Parse(b)
		ry, okY := refParse(b)
		if (errY == nil) != okY {
			t.Fatalf("Parse(%q) error %v, big.Rat accepts it: %t", b, errY, okY)
		}
		if !okX || !okY {
			return
		}
		// Keep the reference's own arithmetic affordable.
		if len(rx.Num().Bits())+len(rx.Denom().Bits())+len(ry.Num().Bits())+len(ry.Denom().Bits()) > 64 {
			return
		}
		sx, sy := sample{a, x, rx}, sample{b, y, ry}
		checkValue(t, a, x, rx)
		checkValue(t, b, y, ry)
		checkBinary(t, sx, sy)
		checkBinary(t, bigForm(sx), sy)
		checkBinary(t, smallForm(sx), smallForm(sy))
		if got, want := x.Fixed(places), refFixed(rx, places); got != want {
			t.Fatalf("%s.Fixed(%d) = %s, want %s", a, places, got, want)
		}
		checkValue(t, fmt.Sprintf("%s.Round(%d)", a, places), x.Round(places), refRound(rx, places))
		if got, want := x.String(), refString(rx); got != want {
			t.Fatalf("%s.String() = %s, want %s", a, got, want)
		}
	})
}

// Float gives what writing f as its shortest text and reading that gives, for the
// numbers files hold and for every other kind: long, tiny, huge, halfway, and the
// floats next to short decimals.
func TestFloatIsTheShortestText(t *testing.T) {
	fs := []float64{0, math.Copysign(0, -1), 0.5, -0.5, 97.3, 0.1 + 0.2, 1e15, 1e15 - 1, 999999999999999.9, 1e-15, 1.5e-15,
		5e-324, math.SmallestNonzeroFloat64, math.MaxFloat64, 1 << 53, 1<<53 + 2, 123456789012345.6, 0.000001, 1e22, 1e-7}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		digits := rng.IntN(18) + 1
		m := rng.Int64N(int64(pow10s[digits]))
		x, _ := strconv.ParseFloat(fmt.Sprintf("%de%d", m, -rng.IntN(20)), 64)
		if rng.IntN(2) == 0 {
			x = -x
		}
		fs = append(fs, x, math.Nextafter(x, math.Inf(1)), math.Nextafter(x, math.Inf(-1)), math.Float64frombits(rng.Uint64()))
	}
	for _, f := range fs {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		got, _ := Float(f)
		if want := floatByText(f); got != want && !(got.isRational() && got.Equal(want)) {
			t.Fatalf("Float(%v) = %v, want %v", f, got, want)
		}
	}
}

// TestTotal adds rates of unlike denominators (score / points, as a group's
// average sums them), then every sample, and checks each running value, and
// that values taken earlier stay as they were.
func TestTotal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var total Total
	ref := new(big.Rat)
	var taken []D
	var takenRef []*big.Rat
	add := func(d D, r *big.Rat) {
		total.Add(d)
		ref.Add(ref, r)
		v := total.Value()
		checkValue(t, "Total", v, ref)
		if rng.IntN(10) == 0 {
			taken, takenRef = append(taken, v), append(takenRef, new(big.Rat).Set(ref))
		}
	}
	for range 3000 {
		score := MustParse(fmt.Sprintf("%d.%02d", rng.IntN(10), rng.IntN(100)))
		points := Int(int64(1 + rng.IntN(12)))
		add(score.Quo(points), new(big.Rat).Quo(score.rat(), points.rat()))
	}
	for _, s := range samples(t, rng, 150) {
		add(s.d, s.ref)
	}
	// Numerators of one denominator that overflow together, and terms of no
	// 64-bit fraction, go to the big.Rat.
	for _, text := range []string{"9223372036854775807", "9223372036854775807", "-9223372036854775808", "1e-30", "18446744073709551616"} {
		d := MustParse(text)
		add(d, d.rat())
	}
	if total.nums == nil || total.rest.Sign() == 0 {
		t.Error("the total never outgrew 64-bit integers, or never needed its big.Rat: that part went untested")
	}
	for i, v := range taken {
		checkValue(t, "an earlier Total", v, takenRef[i])
	}
	var empty Total
	checkValue(t, "an empty Total", empty.Value(), new(big.Rat))
}
