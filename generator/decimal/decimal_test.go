package decimal

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestFloatIsShortestDecimal(t *testing.T) {
	d, err := Float(97.3)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Equal(MustParse("97.3")) {
		t.Fatalf("97.3 read as %s", d)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := Float(bad); err == nil {
			t.Errorf("Float(%v) accepted", bad)
		}
	}
}

func TestRoundHalfAwayFromZero(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2.505", "2.51"}, {"-2.505", "-2.51"}, {"2.5049999", "2.50"},
		{"7.2", "7.20"}, {"0.005", "0.01"}, {"-0.004", "0.00"}, {"10", "10.00"},
	}
	for _, c := range cases {
		if got := MustParse(c.in).Fixed(2); got != c.want {
			t.Errorf("Fixed(%s) = %s, want %s", c.in, got, c.want)
		}
	}
	// 3 × 83.5 / 100 computed exactly, not in float64 (where it is 2.5049999…).
	got := Int(3).Mul(MustParse("83.5")).Quo(Int(100)).Round(2)
	if got.String() != "2.51" {
		t.Errorf("3 × 83.5/100 rounded = %s, want 2.51", got)
	}
}

func TestStringExactAndRepeating(t *testing.T) {
	cases := []struct {
		d    D
		want string
	}{
		{MustParse("97.30"), "97.3"}, {Int(100), "100"}, {MustParse("1e-3"), "0.001"},
		{Int(1).Quo(Int(3)), "0.3333333333"}, {Int(2).Quo(Int(3)), "0.6666666667"}, {D{}, "0"},
	}
	for _, c := range cases {
		if got := c.d.String(); got != c.want {
			t.Errorf("String = %q, want %q", got, c.want)
		}
	}
	if Int(1).Quo(Int(3)).Exact() || !MustParse("0.125").Exact() {
		t.Error("Exact misjudged a finite or repeating decimal")
	}
}

func TestArithmeticIsExact(t *testing.T) {
	// 0.1 + 0.2 is 0.3 exactly here, unlike float64.
	if s := MustParse("0.1").Add(MustParse("0.2")); !s.Equal(MustParse("0.3")) {
		t.Fatalf("0.1+0.2 = %s", s)
	}
	if Min(Int(2), Int(3)).String() != "2" || Max(Int(2), Int(3)).String() != "3" {
		t.Fatal("Min/Max wrong")
	}
	if Clamp(MustParse("1.2"), Int(0), Int(1)).String() != "1" {
		t.Fatal("Clamp wrong")
	}
	if _, err := Parse("1/3"); err == nil {
		t.Fatal("fractions must not parse")
	}
}

// TestStringMatchesDefinition checks String and Fixed against their definitions,
// computed the slow way: the fewest places whose rounding gives d back, else 10.
func TestStringMatchesDefinition(t *testing.T) {
	slow := func(d D) string {
		for places := 0; places <= 12; places++ {
			if d.Round(places).Equal(d) {
				return d.Round(places).rat().FloatString(places)
			}
		}
		return strings.TrimRight(strings.TrimRight(d.Round(10).rat().FloatString(10), "0"), ".")
	}
	for den := int64(1); den <= 160; den++ {
		for num := int64(-400); num <= 400; num += 7 {
			d := Int(num).Quo(Int(den))
			if got, want := d.String(), slow(d); got != want && want != "-0" {
				t.Fatalf("%d/%d: String = %s, want %s", num, den, got, want)
			}
			for places := 0; places <= 3; places++ {
				want := d.Round(places).rat().FloatString(places)
				if strings.Trim(want, "-0.") == "" {
					want = strings.TrimPrefix(want, "-")
				}
				if got := d.Fixed(places); got != want {
					t.Fatalf("%d/%d: Fixed(%d) = %s, want %s", num, den, places, got, want)
				}
			}
		}
	}
	big := MustParse("1e-30").Add(Int(1))
	if got, want := big.String(), "1."+strings.Repeat("0", 29)+"1"; got != want || !big.Exact() {
		t.Errorf("1 + 1e-30 = %s (exact %t), want %s", got, big.Exact(), want)
	}
}

// TestTwoWords keeps D at two words: a large site holds millions of them.
func TestTwoWords(t *testing.T) {
	if got := unsafe.Sizeof(D{}); got != 16 {
		t.Fatalf("decimal.D is %d bytes, want 16", got)
	}
}

// TestCompactDoesNotAllocate shows that arithmetic whose operands and result are all
// compact stays off the heap.
func TestCompactDoesNotAllocate(t *testing.T) {
	a, b, c := MustParse("97.3"), MustParse("-0.125"), Int(8)
	var d D
	var n int
	allocs := testing.AllocsPerRun(100, func() {
		d = a.Add(b).Sub(c).Mul(b).Neg()
		d = d.Quo(c).Add(Sum(a, b, c)).Round(2)
		d = Clamp(d, b, a)
		n = d.Cmp(a) + d.Sign()
		d, _ = Float(0.3)
		d = d.Add(MustParse("1e-18"))
	})
	if allocs != 0 {
		t.Errorf("compact arithmetic made %v allocations, want 0", allocs)
	}
	if want := MustParse("0.300000000000000001"); d != want || n != 1 {
		t.Errorf("got %s and %d, want %s and 1", d, n, want)
	}
}

// TestEqualCompactValuesAreIdentical shows that == and map keys agree with Equal on
// compact values, whichever scale they were computed at.
func TestEqualCompactValuesAreIdentical(t *testing.T) {
	seen := map[D]string{}
	for places := 0; places <= maxScale; places++ {
		for _, s := range []string{"0", "1", "-1", "0.5", "97.3", "123.456789", "1e-18"} {
			d := MustParse(s)
			// The same value reached through a product that carries places extra digits.
			p := MustParse("1e-" + strconv.Itoa(places)).Mul(d).Mul(Int(int64(pow10s[places])))
			if p != d {
				t.Fatalf("%s reached at %d places is held as %+v, not %+v", s, places, p, d)
			}
			if prev, ok := seen[p]; ok && prev != s {
				t.Fatalf("%s and %s share a map key", prev, s)
			}
			seen[p] = s
		}
	}
	if len(seen) != 7 {
		t.Fatalf("%d distinct keys, want 7", len(seen))
	}
	if MustParse("0.5") == MustParse("0.05") || MustParse("0.5") == MustParse("5") {
		t.Fatal("different values at different scales compare ==")
	}
}

// stringByFixed is what String writes, by Fixed: a value that ends with all its
// places, else 10 places without trailing zeros.
func stringByFixed(d D) string {
	if places, ok := d.places(); ok {
		return d.Fixed(places)
	}
	return strings.TrimRight(strings.TrimRight(d.Fixed(10), "0"), ".")
}

// Append and AppendFixed write what String and Fixed return, after what the buffer
// holds; of a compact value without allocating.
func TestAppendIsString(t *testing.T) {
	values := []D{{}, Int(-7), MustParse("97.3"), MustParse("-0.005"), MustParse("1e-18"), MustParse("-9223372036854775808"),
		MustParse("1e-30").Add(Int(1)), MustParse("123456789012345678901234567890.5"), Int(1).Quo(Int(3)), Int(-20).Quo(Int(3)),
		MustParse("-0.0000000000001").Quo(Int(3))}
	for den := int64(1); den <= 40; den++ {
		for num := int64(-100); num <= 100; num += 9 {
			values = append(values, Int(num).Quo(Int(den)))
		}
	}
	for _, d := range values {
		if got, want := string(d.Append([]byte("x"))), "x"+d.String(); got != want {
			t.Errorf("Append = %q, want %q", got, want)
		}
		if got, want := d.String(), stringByFixed(d); got != want {
			t.Errorf("String = %q, want %q", got, want)
		}
		for places := -1; places <= 12; places++ {
			if got, want := string(d.AppendFixed([]byte("x"), places)), "x"+d.Fixed(places); got != want {
				t.Errorf("AppendFixed(%d) = %q, want %q", places, got, want)
			}
		}
	}
	r := rand.New(rand.NewPCG(12, 0))
	for range 20000 {
		num, den := r.Int64N(2_000_000_001)-1_000_000_000, 1+r.Int64N([]int64{7, 1000, 1_000_000_000}[r.IntN(3)])
		d := Int(num).Quo(Int(den))
		if r.IntN(10) == 0 {
			d = d.Mul(MustParse("1e-12"))
		}
		if got, want := string(d.Append([]byte("x"))), "x"+stringByFixed(d); got != want {
			t.Fatalf("%d/%d: Append = %q, want %q", num, den, got, want)
		}
	}
	d, buf := MustParse("-97.305"), make([]byte, 0, 64)
	if allocs := testing.AllocsPerRun(100, func() { buf = d.AppendFixed(d.Append(buf[:0]), 6) }); allocs != 0 {
		t.Errorf("Append and AppendFixed of a compact value made %v allocations, want 0", allocs)
	}
	third := Int(-20).Quo(Int(3))
	if allocs := testing.AllocsPerRun(100, func() { buf = third.Append(buf[:0]) }); allocs != 0 {
		t.Errorf("Append of %s made %v allocations, want 0", third, allocs)
	}
}

// referenceCompact is appendCompact as it was first written: the digits formatted
// by strconv, then copied around the point.
func referenceCompact(d D, places int) string {
	var buf []byte
	if d.coef < 0 {
		buf = append(buf, '-')
	}
	ds := strconv.FormatUint(abs(d.coef), 10)
	whole := len(ds) - d.scale()
	if whole > 0 {
		buf = append(buf, ds[:whole]...)
	} else {
		buf = append(buf, '0')
	}
	if places == 0 {
		return string(buf)
	}
	buf = append(buf, '.')
	for ; whole < 0; whole++ {
		buf = append(buf, '0')
	}
	buf = append(buf, ds[whole:]...)
	for i := d.scale(); i < places; i++ {
		buf = append(buf, '0')
	}
	return string(buf)
}

// appendCompact writes what the reference writes for every scale, with more
// places than the scale or as many, for coefficients of every length and sign,
// the extremes among them.
func TestAppendCompactAsReference(t *testing.T) {
	coefs := []int64{0, 1, -1, 9, 10, 99, 100, -105, 973, 123456789, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	r := rand.New(rand.NewPCG(7, 0))
	for range 3000 {
		coefs = append(coefs, r.Int64()>>r.IntN(64), -(r.Int64() >> r.IntN(64)))
	}
	for _, c := range coefs {
		for scale := 0; scale <= maxScale; scale++ {
			d := D{coef: c, f: scaleForms[scale]}
			for places := scale; places <= scale+3; places++ {
				if scale > 0 && places == 0 {
					continue
				}
				if got, want := string(d.appendCompact([]byte("x"), places)), "x"+referenceCompact(d, places); got != want {
					t.Fatalf("%d at scale %d with %d places: %q, want %q", c, scale, places, got, want)
				}
			}
		}
	}
}
