// Package decimal is exact decimal arithmetic for scoring.
//
// Every input number is read as the shortest decimal that round-trips its float64,
// so 97.3 is exactly 97.3; sums, products and quotients are exact rationals, and only
// Round loses anything. That is what lets every published total equal the sum of its
// published parts, to the cent.
package decimal

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// D is an exact rational number. The zero value is 0. Values are immutable.
type D struct{ r *big.Rat }

var zero = new(big.Rat)

func (d D) rat() *big.Rat {
	if d.r == nil {
		return zero
	}
	return d.r
}

// Int returns i as a decimal.
func Int(i int64) D { return D{new(big.Rat).SetInt64(i)} }

// Float returns the shortest decimal that round-trips f. It fails on NaN and ±Inf.
func Float(f float64) (D, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return D{}, fmt.Errorf("%v is not a number that can be scored", f)
	}
	return MustParse(strconv.FormatFloat(f, 'g', -1, 64)), nil
}

// Parse reads a decimal written as digits with an optional sign, point and exponent.
func Parse(s string) (D, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "/") {
		return D{}, fmt.Errorf("%q is not a decimal number", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return D{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return D{r}, nil
}

// MustParse is Parse for constants; it panics on bad input.
func MustParse(s string) D {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d D) Add(e D) D { return D{new(big.Rat).Add(d.rat(), e.rat())} }
func (d D) Sub(e D) D { return D{new(big.Rat).Sub(d.rat(), e.rat())} }
func (d D) Mul(e D) D { return D{new(big.Rat).Mul(d.rat(), e.rat())} }
func (d D) Neg() D    { return D{new(big.Rat).Neg(d.rat())} }

// Quo returns d / e; it panics when e is 0, which callers rule out by validation.
func (d D) Quo(e D) D { return D{new(big.Rat).Quo(d.rat(), e.rat())} }

// Cmp compares d and e: -1, 0 or +1.
func (d D) Cmp(e D) int { return d.rat().Cmp(e.rat()) }
func (d D) Sign() int   { return d.rat().Sign() }
func (d D) IsZero() bool {
	return d.Sign() == 0
}
func (d D) Equal(e D) bool   { return d.Cmp(e) == 0 }
func (d D) Less(e D) bool    { return d.Cmp(e) < 0 }
func (d D) LessEq(e D) bool  { return d.Cmp(e) <= 0 }
func (d D) Greater(e D) bool { return d.Cmp(e) > 0 }

// Min returns the smaller of d and e.
func Min(d, e D) D {
	if d.Cmp(e) <= 0 {
		return d
	}
	return e
}

// Max returns the larger of d and e.
func Max(d, e D) D {
	if d.Cmp(e) >= 0 {
		return d
	}
	return e
}

// Clamp limits d to [lo, hi].
func Clamp(d, lo, hi D) D { return Max(lo, Min(d, hi)) }

// Sum adds the values.
func Sum(ds ...D) D {
	s := new(big.Rat)
	for _, d := range ds {
		s.Add(s, d.rat())
	}
	return D{s}
}

// Round rounds to the given number of decimal places, half away from zero.
func (d D) Round(places int) D {
	r := d.rat()
	if r.IsInt() && places >= 0 {
		return d
	}
	scale := pow10(places)
	n := new(big.Int).Mul(r.Num(), scale)
	den := r.Denom()
	q, m := new(big.Int).QuoRem(new(big.Int).Abs(n), den, new(big.Int))
	if m.Lsh(m, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if n.Sign() < 0 {
		q.Neg(q)
	}
	return D{new(big.Rat).SetFrac(q, scale)}
}

// powers holds 10⁰ … 10¹⁹, the scales of everyday rounding, made once.
var powers = func() []*big.Int {
	out := make([]*big.Int, 20)
	p := big.NewInt(1)
	for i := range out {
		out[i] = new(big.Int).Set(p)
		p.Mul(p, big.NewInt(10))
	}
	return out
}()

// pow10 is 10^n; callers must not modify it.
func pow10(n int) *big.Int {
	if n >= 0 && n < len(powers) {
		return powers[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// Fixed formats d rounded to exactly places decimals (half away from zero), e.g. "7.20".
func (d D) Fixed(places int) string {
	// FloatString rounds half away from zero, as Round does.
	s := d.rat().FloatString(places)
	if s[0] == '-' && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return s
}

// Exact reports whether d has a finite decimal expansion.
func (d D) Exact() bool {
	_, ok := d.places()
	return ok
}

// places is the number of decimal places of d's expansion, and whether it ends:
// a fraction in lowest terms ends exactly when its denominator is 2^a × 5^b, and
// then has max(a, b) places.
func (d D) places() (int, bool) {
	den := d.rat().Denom()
	if den.IsUint64() {
		u := den.Uint64()
		twos := bits.TrailingZeros64(u)
		u >>= twos
		fives := 0
		for u%5 == 0 {
			u /= 5
			fives++
		}
		return max(twos, fives), u == 1
	}
	twos := int(den.TrailingZeroBits())
	rest := new(big.Int).Rsh(den, uint(twos))
	fives := 0
	five, m := big.NewInt(5), new(big.Int)
	for {
		q, r := new(big.Int).QuoRem(rest, five, m)
		if r.Sign() != 0 {
			break
		}
		rest = q
		fives++
	}
	return max(twos, fives), rest.Cmp(big.NewInt(1)) == 0
}

// String writes d as a plain decimal without exponent or trailing zeros when its
// expansion is finite ("97.3", "100", "0.005"); otherwise rounded to 10 places.
func (d D) String() string {
	if places, ok := d.places(); ok {
		return d.Fixed(places)
	}
	return strings.TrimRight(strings.TrimRight(d.Fixed(10), "0"), ".")
}

// Float64 returns the nearest float64, for charts and display only.
func (d D) Float64() float64 {
	f, _ := d.rat().Float64()
	return f
}

// MarshalText writes String(), so JSON and TOML encoders get an exact value.
func (d D) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
