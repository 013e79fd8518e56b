// Package decimal is exact decimal arithmetic for scoring.
//
// Every input number is read as the shortest decimal that round-trips its float64,
// so 97.3 is exactly 97.3; sums, products and quotients are exact rationals, and only
// Round loses anything. That is what lets every published total equal the sum of its
// published parts, to the cent.
package decimal

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// D is an exact rational number. The zero value is 0. Values are immutable.
//
// A value is held in one of three forms, and which one follows from the value alone.
// The compact form, coef / 10^scale, holds every number a site is likely to contain
// and most sums, products and rounded results, without touching the heap. A value
// that has no compact form — a quotient that never ends, like 97.3/95, or one that
// needs more than an int64 or maxScale places — is a fraction in lowest terms: held
// as two 64-bit integers when they fit (one small allocation, where a big.Rat took
// three and five times the bytes), else as a big.Rat.
//
// D is two words, since a large site's model and scores hold millions of them.
type D struct {
	// coef is the coefficient of the compact form; 0 for a rational form.
	coef int64
	// f says which form: nil for the compact form with scale 0 (so that the zero value
	// is 0), &scales[s] for scale s, or a form of its own holding the rational value.
	// With no trailing zero in coef when scale > 0, each value has exactly one
	// representation, and == on compact values is equality.
	f *form
}

// form is a compact scale shared by every value that has it, or a rational value.
type form struct {
	// scale is the compact form's places, 1 … maxScale; rational for a rational value.
	scale int
	// A rational value, which has no compact form, is num/den in lowest terms with
	// den > 1 when both fit; else den is 0 and big holds it. They are set once, when
	// the form is made, and never modified. A compact form's den is 10^scale, the
	// denominator of its values (see fraction).
	num int64
	den uint64
	big *big.Rat
}

// rational is the scale of a rational form; below every compact one, so that
// d.scale()|e.scale() >= 0 says both are compact.
const rational = -1

// maxScale is the most decimal places of the compact form; 10^maxScale fits an int64.
const maxScale = 18

// scales are the forms of compact values with 1 … maxScale places; scales[0] is unused,
// as scale 0 is a nil form. scaleForms points at them by scale, nil for 0, so that
// making a compact value takes no branch.
var (
	scales     [maxScale + 1]form
	scaleForms [maxScale + 1]*form
)

func init() {
	for i := 1; i <= maxScale; i++ {
		scales[i].scale, scales[i].den = i, pow10s[i]
		scaleForms[i] = &scales[i]
	}
}

// pow10s holds 10⁰ … 10¹⁹, every power of ten a uint64 holds.
var pow10s = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

var zero = new(big.Rat)

// compactD returns coef / 10^scale, which must have no trailing zero when scale > 0
// and 0 ≤ scale ≤ maxScale.
func compactD(coef int64, scale int) D { return D{coef: coef, f: scaleForms[scale]} }

// scale returns the places of a compact d, or rational.
func (d D) scale() int {
	if d.f == nil {
		return 0
	}
	return d.f.scale
}

// isRational reports whether d has no compact form: a fraction of two int64s or a
// big.Rat.
func (d D) isRational() bool { return d.f != nil && d.f.scale == rational }

// small returns num/den, which must be in lowest terms with no compact form.
func small(num int64, den uint64) D { return D{f: &form{scale: rational, num: num, den: den}} }

// rat returns d as a *big.Rat, which callers must not modify.
func (d D) rat() *big.Rat {
	if d.isRational() {
		if d.f.big != nil {
			return d.f.big
		}
		// num/den is in lowest terms already, so it is written straight into the Rat
		// (whose Denom is a reference once it holds an integer) rather than through
		// SetFrac, which would reduce it again.
		r := new(big.Rat).SetInt64(d.f.num)
		r.Denom().SetUint64(d.f.den)
		return r
	}
	if d.coef == 0 {
		return zero
	}
	return new(big.Rat).SetFrac64(d.coef, int64(pow10s[d.scale()]))
}

// compact returns coef / 10^scale (scale ≤ maxScale) in its form.
func compact(coef int64, scale int) D { return compactD(trim(coef, scale)) }

// trim drops the trailing zeros of coef / 10^scale.
func trim(coef int64, scale int) (int64, int) {
	for scale > 0 && coef%10 == 0 {
		coef /= 10
		scale--
	}
	return coef, scale
}

// ofRat returns the value of r in its form; r becomes the value's own, never to be
// modified again.
func ofRat(r *big.Rat) D {
	if num, den := r.Num(), r.Denom(); num.IsInt64() && den.IsUint64() {
		n, m := num.Int64(), den.Uint64()
		if d, ok := compactOf(n < 0, abs(n), m); ok {
			return d
		}
		return small(n, m)
	}
	return D{f: &form{scale: rational, big: r}}
}

// fromFraction returns n/m (m > 0), negated when neg, in its form.
func fromFraction(neg bool, n, m uint64) D {
	g := gcd(n, m)
	n, m = n/g, m/g
	if d, ok := compactOf(neg, n, m); ok {
		return d
	}
	if num, ok := signed(n, neg); ok {
		return small(num, m)
	}
	r := new(big.Rat).SetUint64(n) // lowest terms already: see rat
	if neg {
		r.Neg(r)
	}
	r.Denom().SetUint64(m)
	return D{f: &form{scale: rational, big: r}}
}

// compactOf returns the compact form of n/m in lowest terms, negated when neg, if it
// has one. The fraction ends after exactly places digits, so its coefficient
// n × 10^places/m is the only one there is.
func compactOf(neg bool, n, m uint64) (D, bool) {
	places, ok := terminating(m)
	if !ok || places > maxScale {
		return D{}, false
	}
	hi, c := bits.Mul64(n, pow10s[places]/m)
	v, fits := signed(c, neg)
	if !fits || hi != 0 {
		return D{}, false
	}
	return compactD(v, places), true
}

// fraction returns d as num/den with 64-bit integers (den > 0), when it can be: for
// every value but one held as a big.Rat, which is so because it cannot be. A compact
// form keeps its 10^scale as den. With no call in it, fraction is inlined where
// quotients and comparisons start.
func (d D) fraction() (num int64, den uint64, ok bool) {
	switch {
	case d.f == nil:
		return d.coef, 1, true
	case d.f.scale == rational:
		return d.f.num, d.f.den, d.f.big == nil
	}
	return d.coef, d.f.den, true
}

// abs is |c| as a uint64, which holds even |math.MinInt64|.
func abs(c int64) uint64 {
	if c < 0 {
		return -uint64(c)
	}
	return uint64(c)
}

// signed returns the magnitude m with a minus sign when neg, and whether it fits an int64.
func signed(m uint64, neg bool) (int64, bool) {
	if neg {
		return int64(-m), m <= 1<<63
	}
	return int64(m), m <= math.MaxInt64
}

// mulPow10 returns m × 10^k and whether it fits a uint64.
func mulPow10(m uint64, k int) (uint64, bool) {
	if k >= len(pow10s) {
		return 0, m == 0
	}
	hi, lo := bits.Mul64(m, pow10s[k])
	return lo, hi == 0
}

// terminating reports whether 1/den has a finite decimal expansion, and its number of
// places: a fraction in lowest terms ends exactly when its denominator is 2^a × 5^b,
// and then has max(a, b) places.
func terminating(den uint64) (int, bool) {
	twos := bits.TrailingZeros64(den)
	den >>= twos
	fives := 0
	for den%5 == 0 {
		den /= 5
		fives++
	}
	return max(twos, fives), den == 1
}

// Int returns i as a decimal.
func Int(i int64) D { return D{coef: i} }

// Float returns the shortest decimal that round-trips f. It fails on NaN and ±Inf.
func Float(f float64) (D, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return D{}, fmt.Errorf("%v is not a number that can be scored", f)
	}
	if d, ok := floatCompact(f); ok {
		return d, nil
	}
	return floatByText(f), nil
}

// floatCompact is Float for the numbers files hold, like 97.3, without writing them
// as text: it finds the first k ≤ 15 for which m / 10^k is f, with m an integer of
// at most 15 digits. A decimal of at most 15 significant digits is the only one of
// so few that rounds to its float64 (DBL_DIG), so m / 10^k is the shortest that
// round-trips. m and 10^k are exact float64s, and their quotient is rounded as
// reading the decimal is.
func floatCompact(f float64) (D, bool) {
	for k := 0; k <= 15; k++ {
		m := f * float64(pow10s[k])
		if math.Abs(m) >= 1e15 {
			return D{}, false
		}
		if r := math.Round(m); r/float64(pow10s[k]) == f {
			return compact(int64(r), k), true
		}
	}
	return D{}, false
}

// floatByText is Float for any finite f: its shortest decimal, written and read.
func floatByText(f float64) D {
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], f, 'g', -1, 64)
	if d, ok := parseCompact(s); ok {
		return d
	}
	return MustParse(string(s))
}

// Parse reads a decimal written as digits with an optional sign, point and exponent.
func Parse(s string) (D, error) {
	s = strings.TrimSpace(s)
	if d, ok := parseCompact(s); ok {
		return d, nil
	}
	if s == "" || strings.ContainsAny(s, "/") {
		return D{}, fmt.Errorf("%q is not a decimal number", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return D{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return ofRat(r), nil
}

// parseCompact reads the common spelling of a number — an optional sign, digits with
// an optional point, and an optional exponent of at most four digits — when its value
// has a compact form. Anything else is left to big.Rat, which also decides what is
// malformed; everything this accepts, big.Rat reads as the same value.
func parseCompact[T string | []byte](s T) (D, bool) {
	i, n := 0, len(s)
	neg := false
	if i < n && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var m uint64
	digits, frac, point := 0, 0, false
	for ; i < n; i++ {
		c := s[i]
		if c == '.' && !point {
			point = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		if m > (math.MaxUint64-9)/10 {
			return D{}, false
		}
		m = m*10 + uint64(c-'0')
		digits++
		if point {
			frac++
		}
	}
	if digits == 0 {
		return D{}, false
	}
	exp := 0
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		expNeg := false
		if i < n && (s[i] == '+' || s[i] == '-') {
			expNeg = s[i] == '-'
			i++
		}
		start := i
		for ; i < n && i-start < 5 && s[i] >= '0' && s[i] <= '9'; i++ {
			exp = exp*10 + int(s[i]-'0')
		}
		if i == start || i-start > 4 {
			return D{}, false
		}
		if expNeg {
			exp = -exp
		}
	}
	if i != n {
		return D{}, false
	}
	if m == 0 {
		return D{}, true
	}
	scale := frac - exp
	if scale < 0 {
		var ok bool
		if m, ok = mulPow10(m, -scale); !ok {
			return D{}, false
		}
		scale = 0
	}
	for scale > 0 && m%10 == 0 {
		m /= 10
		scale--
	}
	c, ok := signed(m, neg)
	if !ok || scale > maxScale {
		return D{}, false
	}
	return compactD(c, scale), true
}

// MustParse is Parse for constants; it panics on bad input.
func MustParse(s string) D {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d D) Add(e D) D {
	if s, ok := addSmall(d, e); ok {
		return s
	}
	return viaRat((*big.Rat).Add, d, e)
}

// addSmall returns d + e, and whether it was worked out in 64-bit integers.
func addSmall(d, e D) (D, bool) {
	if ds, es := d.scale(), e.scale(); ds|es >= 0 {
		if a, b, scale, ok := align(d.coef, ds, e.coef, es); ok {
			if s := a + b; (a^s)&(b^s) >= 0 { // no overflow
				return compact(s, scale), true
			}
		}
	}
	return addFractions(d, e, false)
}

// Total is a running sum. Terms are added as Add adds them until the sum no
// longer fits 64-bit integers; from then on the numerators of terms with the same
// denominator are added up apart, and Value adds those sums over their common
// denominator. A group's average rate sums a thousand
// fractions of unlike denominators, whose common denominator is huge: a big.Rat
// addition per term cost microseconds each.
type Total struct {
	d    D                // the sum while it fits
	nums map[uint64]int64 // after: numerators by denominator
	rest *big.Rat         // terms whose numerator sum would overflow, or that are not fractions of 64-bit integers
}

// Add adds e to the total.
func (t *Total) Add(e D) {
	if t.nums == nil {
		if s, ok := addSmall(t.d, e); ok {
			t.d = s
			return
		}
		t.nums, t.rest = map[uint64]int64{}, new(big.Rat)
		t.add(t.d)
	}
	t.add(e)
}

func (t *Total) add(e D) {
	if n, den, ok := e.fraction(); ok {
		sum := t.nums[den]
		if s := sum + n; (sum^s)&(n^s) >= 0 { // no overflow
			t.nums[den] = s
			return
		}
	}
	t.rest.Add(t.rest, e.rat())
}

// Value is the sum so far, in its form (as Add's).
func (t *Total) Value() D {
	if t.nums == nil {
		return t.d
	}
	// Over the least common multiple of the denominators, each a machine
	// word, the numerators add as integers, and the sum is reduced once.
	lcm := big.NewInt(1)
	var den, g, term big.Int
	for d := range t.nums {
		den.SetUint64(d)
		g.GCD(nil, nil, lcm, &den)
		lcm.Mul(lcm.Quo(lcm, &g), &den)
	}
	num := new(big.Int)
	for d, n := range t.nums {
		term.Quo(lcm, den.SetUint64(d))
		num.Add(num, term.Mul(&term, g.SetInt64(n)))
	}
	r := new(big.Rat).SetFrac(num, lcm)
	return ofRat(r.Add(r, t.rest))
}

func (d D) Sub(e D) D {
	if ds, es := d.scale(), e.scale(); ds|es >= 0 {
		if a, b, scale, ok := align(d.coef, ds, e.coef, es); ok {
			if s := a - b; (a^b)&(a^s) >= 0 { // no overflow
				return compact(s, scale)
			}
		}
	}
	if s, ok := addFractions(d, e, true); ok {
		return s
	}
	return viaRat((*big.Rat).Sub, d, e)
}

// addFractions returns d + e, or d − e when sub, as a/b ± c/d = (ad ± cb)/bd in 64-bit
// integers, and whether they held every step: a fraction's sum (as in lo + (1 − lo) × p)
// without a big.Rat.
func addFractions(d, e D, sub bool) (D, bool) {
	an, ad, ok := d.fraction()
	if !ok {
		return D{}, false
	}
	bn, bd, ok := e.fraction()
	if !ok {
		return D{}, false
	}
	xh, x := bits.Mul64(abs(an), bd)
	yh, y := bits.Mul64(abs(bn), ad)
	mh, m := bits.Mul64(ad, bd)
	if xh|yh|mh != 0 {
		return D{}, false
	}
	xneg, yneg := an < 0, (bn < 0) != sub
	switch {
	case xneg == yneg:
		s, carry := bits.Add64(x, y, 0)
		if carry != 0 {
			return D{}, false
		}
		return fromFraction(xneg, s, m), true
	case x >= y:
		return fromFraction(xneg, x-y, m), true
	}
	return fromFraction(yneg, y-x, m), true
}

// viaRat returns op(d, e) computed with big.Rat, in its form.
func viaRat(op func(z, x, y *big.Rat) *big.Rat, d, e D) D {
	return ofRat(op(new(big.Rat), d.rat(), e.rat()))
}

// align returns the coefficients of the compact dc / 10^ds and ec / 10^es over their
// common scale, and whether they fit.
func align(dc int64, ds int, ec int64, es int) (a, b int64, scale int, ok bool) {
	switch {
	case ds < es:
		a, ok = scaleUp(dc, es-ds)
		return a, ec, es, ok
	case ds > es:
		b, ok = scaleUp(ec, ds-es)
		return dc, b, ds, ok
	}
	return dc, ec, ds, true
}

// scaleUp returns c × 10^k and whether it fits an int64.
func scaleUp(c int64, k int) (int64, bool) {
	m, ok := mulPow10(abs(c), k)
	if !ok {
		return 0, false
	}
	return signed(m, c < 0)
}

func (d D) Mul(e D) D {
	if ds, es := d.scale(), e.scale(); ds|es >= 0 {
		hi, m := bits.Mul64(abs(d.coef), abs(e.coef))
		if c, ok := signed(m, (d.coef < 0) != (e.coef < 0)); ok && hi == 0 {
			if c, scale := trim(c, ds+es); scale <= maxScale {
				return compactD(c, scale)
			}
		}
	}
	if an, ad, ok := d.fraction(); ok {
		if bn, bd, ok := e.fraction(); ok {
			hn, n := bits.Mul64(abs(an), abs(bn))
			hd, m := bits.Mul64(ad, bd)
			if hn == 0 && hd == 0 {
				return fromFraction((an < 0) != (bn < 0), n, m)
			}
		}
	}
	return viaRat((*big.Rat).Mul, d, e)
}

func (d D) Neg() D {
	switch {
	case !d.isRational() && d.coef != math.MinInt64:
		return D{coef: -d.coef, f: d.f}
	case d.isRational() && d.f.big == nil:
		return fromFraction(d.f.num > 0, abs(d.f.num), d.f.den)
	}
	return ofRat(new(big.Rat).Neg(d.rat()))
}

// Quo returns d / e; it panics when e is 0, which callers rule out by validation.
func (d D) Quo(e D) D {
	if e.IsZero() {
		panic("division by zero")
	}
	if an, ad, ok := d.fraction(); ok {
		if bn, bd, ok := e.fraction(); ok {
			hn, n := bits.Mul64(abs(an), bd)
			hd, m := bits.Mul64(ad, abs(bn))
			if hn == 0 && hd == 0 {
				return fromFraction((an < 0) != (bn < 0), n, m)
			}
		}
	}
	return viaRat((*big.Rat).Quo, d, e)
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Cmp compares d and e: -1, 0 or +1. Two compact values compare by their
// coefficients, brought to one scale when theirs differ, with no fraction made of
// either: scoring compares a value with its cap and thresholds millions of times.
func (d D) Cmp(e D) int {
	if ds, es := d.scale(), e.scale(); ds|es >= 0 {
		if ds == es {
			return cmp.Compare(d.coef, e.coef)
		}
		return cmpFractions(d.coef, pow10s[ds], e.coef, pow10s[es])
	}
	if an, ad, ok := d.fraction(); ok {
		if bn, bd, ok := e.fraction(); ok {
			return cmpFractions(an, ad, bn, bd)
		}
	}
	if ds, es := d.Sign(), e.Sign(); ds != es || ds == 0 {
		return cmp.Compare(ds, es)
	}
	return d.rat().Cmp(e.rat())
}

// cmpFractions compares an/ad with bn/bd (ad, bd > 0) by cross-multiplying in 128 bits.
func cmpFractions(an int64, ad uint64, bn int64, bd uint64) int {
	sign := cmp.Compare(an, 0)
	if bs := cmp.Compare(bn, 0); sign != bs || sign == 0 {
		return cmp.Compare(sign, bs)
	}
	ahi, alo := bits.Mul64(abs(an), bd)
	bhi, blo := bits.Mul64(abs(bn), ad)
	c := cmp.Compare(ahi, bhi)
	if c == 0 {
		c = cmp.Compare(alo, blo)
	}
	return sign * c
}

// Sign is -1, 0 or +1: the sign of the coefficient, or of a rational's numerator.
// It is small enough to be inlined, as every number a derivation writes asks it.
func (d D) Sign() int {
	n := d.coef
	if d.isRational() {
		if d.f.big != nil {
			return d.f.big.Sign()
		}
		n = d.f.num
	}
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

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
	var t Total
	for _, d := range ds {
		t.Add(d)
	}
	return t.Value()
}

// Round rounds to the given number of decimal places, half away from zero. Fewer than
// 0 places count as 0.
func (d D) Round(places int) D {
	places = max(places, 0)
	if !d.isRational() {
		return d.roundCompact(places)
	}
	if num, den, ok := d.fraction(); ok {
		if q, ok := roundFraction(num, den, places); ok {
			return q
		}
	}
	r := d.rat()
	if r.IsInt() {
		return ofRat(r)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	n := new(big.Int).Mul(r.Num(), scale)
	den := r.Denom()
	q, m := new(big.Int).QuoRem(new(big.Int).Abs(n), den, new(big.Int))
	if m.Lsh(m, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if n.Sign() < 0 {
		q.Neg(q)
	}
	return ofRat(new(big.Rat).SetFrac(q, scale))
}

// roundCompact is Round of a compact value.
func (d D) roundCompact(places int) D {
	scale := d.scale()
	if places >= scale {
		return d
	}
	p := pow10s[scale-places]
	m := abs(d.coef)
	q, rest := m/p, m%p
	if rest >= p-rest {
		q++
	}
	c, _ := signed(q, d.coef < 0) // |q| ≤ |coef|/10 + 1 fits
	return compact(c, places)
}

// roundFraction is Round of num/den (den > 0) when the result fits the compact form;
// otherwise ok is false.
func roundFraction(num int64, dv uint64, places int) (D, bool) {
	if places > maxScale {
		return D{}, false
	}
	hi, lo := bits.Mul64(abs(num), pow10s[places])
	if hi >= dv { // the quotient would not fit 64 bits
		return D{}, false
	}
	q, rest := bits.Div64(hi, lo, dv)
	if rest >= dv-rest {
		q++
		if q == 0 {
			return D{}, false
		}
	}
	c, ok := signed(q, num < 0)
	if !ok {
		return D{}, false
	}
	return compact(c, places), true
}

// Fixed formats d rounded to exactly places decimals (half away from zero), e.g. "7.20".
func (d D) Fixed(places int) string {
	var buf [40]byte
	return string(d.AppendFixed(buf[:0], places))
}

// AppendFixed appends Fixed(places) to buf, for writers that would copy the string
// into a buffer anyway.
func (d D) AppendFixed(buf []byte, places int) []byte {
	places = max(places, 0)
	if r := d.Round(places); !r.isRational() {
		return r.appendCompact(buf, places)
	}
	// FloatString rounds half away from zero, as Round does.
	s := d.rat().FloatString(places)
	if s[0] == '-' && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return append(buf, s...)
}

// appendCompact appends the compact d written with places decimals, places ≥ d.scale.
// The sign, digits and point are written last digit first into an array that holds
// every compact value, and appended in one piece; the zeros of places beyond the
// scale follow.
func (d D) appendCompact(buf []byte, places int) []byte {
	scale := d.scale()
	var text [24]byte // sign, 19 digits or "0." and 18, point
	i := len(text)
	m := abs(d.coef)
	for range scale {
		i--
		text[i] = byte('0' + m%10)
		m /= 10
	}
	if places > 0 {
		i--
		text[i] = '.'
	}
	for {
		i--
		text[i] = byte('0' + m%10)
		m /= 10
		if m == 0 {
			break
		}
	}
	if d.coef < 0 {
		i--
		text[i] = '-'
	}
	buf = append(buf, text[i:]...)
	for range places - scale {
		buf = append(buf, '0')
	}
	return buf
}

// Exact reports whether d has a finite decimal expansion.
func (d D) Exact() bool {
	_, ok := d.places()
	return ok
}

// places is the number of decimal places of d's expansion, and whether it ends.
func (d D) places() (int, bool) {
	if s := d.scale(); s != rational {
		return s, true
	}
	if d.f.big == nil {
		return terminating(d.f.den)
	}
	den := d.f.big.Denom()
	if den.IsUint64() {
		return terminating(den.Uint64())
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
	var buf [40]byte
	return string(d.Append(buf[:0]))
}

// Append appends String() to buf, for writers that would copy the string into a
// buffer anyway. It makes no string for a value of the compact form, nor for one
// without an end whose rounding to 10 places has that form (most fractions).
func (d D) Append(buf []byte) []byte {
	if s := d.scale(); s != rational {
		return d.appendCompact(buf, s)
	}
	if places, ok := d.places(); ok {
		return d.AppendFixed(buf, places)
	}
	// Fixed(10) always has a point, so trimming zeros stops at it.
	buf = d.AppendFixed(buf, 10)
	for buf[len(buf)-1] == '0' {
		buf = buf[:len(buf)-1]
	}
	if buf[len(buf)-1] == '.' {
		buf = buf[:len(buf)-1]
	}
	return buf
}

// Float64 returns the nearest float64, for charts and display only.
func (d D) Float64() float64 {
	// Both coef and 10^scale are exact float64s here, and one division of exact
	// operands is correctly rounded.
	if s := d.scale(); s != rational && abs(d.coef) <= 1<<53 {
		return float64(d.coef) / float64(pow10s[s])
	}
	if num, den, ok := d.fraction(); ok && abs(num) <= 1<<53 && den <= 1<<53 {
		return float64(num) / float64(den)
	}
	f, _ := d.rat().Float64()
	return f
}

// MarshalText writes String(), so JSON and TOML encoders get an exact value.
func (d D) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
