package score

import (
	"bytes"
	"slices"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

var (
	zero    = decimal.Int(0)
	one     = decimal.Int(1)
	hundred = decimal.Int(100)
)

// Default status thresholds on the earned fraction (SPEC §5 status).
var (
	DefaultMet  = decimal.Int(1)
	DefaultNear = decimal.MustParse("0.8")
)

// Thresholds returns the scheme's status thresholds. A zero value counts as left
// out and gets its default (1 for met, 0.8 for near): a threshold of 0 would call
// everything met or near, which no scheme means.
func Thresholds(s *model.Scheme) (met, near decimal.D) {
	met, near = DefaultMet, DefaultNear
	if s == nil {
		return met, near
	}
	if !s.StatusMet.IsZero() {
		met = s.StatusMet
	}
	if !s.StatusNear.IsZero() {
		near = s.StatusNear
	}
	return met, near
}

// Of scores one indicator (SPEC §7): the fraction f clamped to [0, cap], the
// score W × f rounded once to 2 decimals, the status and the derivation in words.
//
// An indicator without an actual scores 0: it is pending on a draft and missed on a
// final scorecard (which validation does not let through). Inputs the method needs
// but lacks (no target, a zero divisor) score 0 as missed rather than fail, with the
// reason in Derivation; validation reports them properly.
//
// Progress is scored at each of periods (the scheme's order) found in in.Progress;
// see checkpoint for how each method reads a period. Previous and Trend are left to
// Site, which knows the previous cycle.
func Of(in *model.Indicator, met, near decimal.D, periods []string, draft bool) *Indicator {
	r := &Indicator{}
	score(r, in, met, near, periods, draft, &scratch{})
	return r
}

// scratch is what scoring a department's indicators one after the other shares:
// the block their checkpoints are taken from, refilled when it runs out, and the
// buffer their derivations are written in. A department's checkpoints are made at
// once, and its derivations cost one string each.
type scratch struct {
	checkpoints []Checkpoint
	words       words
}

// score is Of, writing into r, a zero Indicator.
func score(r *Indicator, in *model.Indicator, met, near decimal.D, periods []string, draft bool, s *scratch) {
	if in == nil {
		in = &model.Indicator{}
	}
	r.Indicator, r.Progress = in, progress(in, met, near, periods, &s.checkpoints)
	if !in.HasActual() {
		if draft {
			r.Status, r.Derivation = Pending, "—"
		} else {
			r.Status, r.Derivation = Missed, "— → 0.00"
		}
		return
	}
	x := &s.words
	x.b = x.b[:0]
	c := fraction(in, in.Target, actualOf(in), in.Actual != nil, in.Achieved, x)
	if c.fault != "" {
		r.Status, r.Derivation = Missed, "cannot be scored: "+c.fault
		return
	}
	capf := capOf(in)
	r.Fraction = decimal.Clamp(c.raw, zero, capf)
	value := in.Points.Mul(c.raw)
	if r.Fraction == c.raw { // not clamped: W × f is the value already made
		r.Score = value.Round(2)
	} else {
		r.Score = in.Points.Mul(r.Fraction).Round(2)
	}
	r.Status = grade3(r.Fraction, met, near, Met, Near, Missed)
	r.Derivation = explain(x, in, c, r.Fraction, value, r.Score, capf)
}

// calc is a method's unclamped fraction and the arithmetic that gave it.
type calc struct {
	raw   decimal.D
	expr  []byte // W × … written out; for manual, the score given
	frac  []byte // the fraction's own expression, for writing a clamp as min(…)/max(…)
	fault string // why the indicator cannot be scored; "" when it can
}

// words is where an indicator's derivation is written: the expressions of its
// calc and then the derivation itself, in one buffer, so that the derivation's
// string is the only copy made. Each part is a piece of the buffer, not changed
// until the buffer is emptied for the next indicator.
type words struct{ b []byte }

// at is where the next part begins, for from.
func (x *words) at() int { return len(x.b) }

// from is what was written since at.
func (x *words) from(at int) []byte { return x.b[at:len(x.b):len(x.b)] }

func (x *words) str(s string) { x.b = append(x.b, s...) }

func (x *words) bytes(p []byte) { x.b = append(x.b, p...) }

// num writes an exact input for a derivation; negatives in brackets with a true minus.
func (x *words) num(d decimal.D) {
	if d.Sign() < 0 {
		x.str("(−")
		x.b = d.Neg().Append(x.b)
		x.str(")")
		return
	}
	x.b = d.Append(x.b)
}

// cents writes a score to 2 decimals as Fixed does, with a minus sign.
func (x *words) cents(d decimal.D) { x.b = d.AppendFixed(x.b, 2) }

// fixed writes a result to 2 decimals with a true minus sign.
func (x *words) fixed(d decimal.D) {
	var buf [40]byte
	s := d.AppendFixed(buf[:0], 2)
	if rest, neg := bytes.CutPrefix(s, []byte("-")); neg {
		x.str("−")
		s = rest
	}
	x.bytes(s)
}

// quotient writes "a/b".
func (x *words) quotient(a, b decimal.D) []byte {
	at := x.at()
	x.num(a)
	x.str("/")
	x.num(b)
	return x.from(at)
}

// times writes "w × f".
func (x *words) times(w, f []byte) []byte {
	at := x.at()
	x.bytes(w)
	x.str(" × ")
	x.bytes(f)
	return x.from(at)
}

// then writes "why → w × f", a method's verdict and the fraction it gives.
func (x *words) then(why, w []byte, f decimal.D) []byte {
	at := x.at()
	x.bytes(why)
	x.str(" → ")
	x.bytes(w)
	x.str(" × ")
	x.num(f)
	return x.from(at)
}

// compared writes "a op b".
func (x *words) compared(a decimal.D, op string, b decimal.D) []byte {
	at := x.at()
	x.num(a)
	x.str(op)
	x.num(b)
	return x.from(at)
}

func actualOf(in *model.Indicator) decimal.D {
	if in.Method == model.Manual && in.Score != nil {
		return *in.Score
	}
	if in.Actual != nil {
		return *in.Actual
	}
	return zero
}

func capOf(in *model.Indicator) decimal.D {
	if in.Cap != nil {
		return *in.Cap
	}
	return one
}

func lower(in *model.Indicator) bool { return in.Direction == model.Lower }

// fraction applies the indicator's method to the value a against the target t (nil
// when there is none); hasActual says whether a was reported and achieved is
// pass_fail's yes or no. The method's other parameters come from in. The expression
// (expr, frac) is written in x only when x is not nil: raw and fault do not depend
// on it.
func fraction(in *model.Indicator, t *decimal.D, a decimal.D, hasActual bool, achieved *bool, x *words) calc {
	var c calc
	var w []byte
	if x != nil {
		at := x.at()
		x.num(in.Points)
		w = x.from(at)
	}
	switch in.Method {
	case model.Ratio:
		if t == nil || t.Sign() <= 0 {
			return calc{fault: "a ratio needs a target above 0"}
		}
		switch {
		case !lower(in):
			c.raw = a.Quo(*t)
			if x != nil {
				c.frac = x.quotient(a, *t)
				c.expr = x.times(w, c.frac)
			}
		case a.IsZero():
			c.raw = capOf(in)
			if x != nil {
				c.expr = x.then([]byte("0"), w, c.raw)
			}
		default:
			c.raw = t.Quo(a)
			if x != nil {
				c.frac = x.quotient(*t, a)
				c.expr = x.times(w, c.frac)
			}
		}
		return c

	case model.Linear:
		if t == nil || in.Floor == nil || t.Equal(*in.Floor) {
			return calc{fault: "linear needs a target and a different floor"}
		}
		f := *in.Floor
		p := a.Sub(f).Quo(t.Sub(f))
		var ratio []byte
		if x != nil {
			at := x.at()
			x.str("(")
			x.num(a)
			x.str(" − ")
			x.num(f)
			x.str(")/(")
			x.num(*t)
			x.str(" − ")
			x.num(f)
			x.str(")")
			ratio = x.from(at)
		}
		switch {
		case p.Sign() <= 0:
			c.raw = zero
			if x != nil {
				at := x.at()
				x.bytes(ratio)
				x.str(" ≤ 0")
				c.expr = x.then(x.from(at), w, zero)
			}
		case in.Lo == nil || in.Lo.IsZero():
			c.raw = p
			if x != nil {
				c.expr, c.frac = x.times(w, ratio), ratio
			}
		default:
			lo := *in.Lo
			rest := one.Sub(lo)
			c.raw = lo.Add(rest.Mul(p))
			if x != nil {
				at := x.at()
				x.num(lo)
				x.str(" + ")
				x.num(rest)
				x.str(" × ")
				x.bytes(ratio)
				c.frac = x.from(at)
				at = x.at()
				x.bytes(w)
				x.str(" × (")
				x.bytes(c.frac)
				x.str(")")
				c.expr = x.from(at)
			}
		}
		return c

	case model.Bands:
		if len(in.Bands) == 0 {
			return calc{fault: "bands has no bands"}
		}
		b, ok := band(in.Bands, a, lower(in))
		if !ok {
			c.raw = zero
			if x != nil {
				edge, cmp := in.Bands[0].Threshold, " < "
				for _, e := range in.Bands {
					if lower(in) && e.Threshold.Greater(edge) || !lower(in) && e.Threshold.Less(edge) {
						edge = e.Threshold
					}
				}
				if lower(in) {
					cmp = " > "
				}
				c.expr = x.then(x.compared(a, cmp, edge), w, zero)
			}
			return c
		}
		c.raw = b.Fraction
		if x != nil {
			cmp := " ≥ "
			if lower(in) {
				cmp = " ≤ "
			}
			c.expr = x.then(x.compared(a, cmp, b.Threshold), w, b.Fraction)
		}
		return c

	case model.PassFail:
		var why []byte
		met := false
		switch {
		case achieved != nil && *achieved:
			met = true
			why = []byte("✔")
		case hasActual && t != nil:
			if lower(in) {
				met = a.LessEq(*t)
				if x != nil {
					why = x.compared(a, pick(met, " ≤ ", " > "), *t)
				}
			} else {
				met = a.Cmp(*t) >= 0
				if x != nil {
					why = x.compared(a, pick(met, " ≥ ", " < "), *t)
				}
			}
		case achieved != nil:
			why = []byte("✘")
		default:
			return calc{fault: "pass_fail needs a target or achieved"}
		}
		c.raw = one
		if !met {
			c.raw = zero
			if in.Fail != nil {
				c.raw = *in.Fail
			}
		}
		if x != nil {
			c.expr = x.then(why, w, c.raw)
		}
		return c

	case model.Deduct:
		if in.Per == nil {
			return calc{fault: "deduct needs per"}
		}
		if in.Points.Sign() <= 0 {
			return calc{fault: "deduct needs points above 0"}
		}
		md := in.Points
		if in.MaxDeduct != nil {
			md = *in.MaxDeduct
		}
		d := decimal.Min(in.Per.Mul(a), md)
		c.raw = in.Points.Sub(d).Quo(in.Points)
		if x != nil {
			at := x.at()
			x.bytes(w)
			x.str(" − min(")
			x.num(*in.Per)
			x.str(" × ")
			x.num(a)
			x.str(", ")
			x.num(md)
			x.str(")")
			c.expr = x.from(at)
		}
		return c

	case model.Rating:
		c.raw = a.Quo(hundred)
		if x != nil {
			c.frac = x.quotient(a, hundred)
			c.expr = x.times(w, c.frac)
		}
		return c

	case model.Manual:
		if in.Points.Sign() <= 0 {
			return calc{fault: "manual needs points above 0"}
		}
		c.raw = a.Quo(in.Points)
		if x != nil {
			at := x.at()
			x.num(a)
			c.expr = x.from(at)
		}
		return c
	}
	return calc{fault: "unknown method " + `"` + in.Method + `"`}
}

// band finds the band that a reaches: the highest threshold ≤ a (higher is better)
// or the lowest threshold ≥ a (lower is better). Among bands with equal thresholds
// it takes the last one listed (higher is better) or the first (lower is better),
// as a stable sort by threshold would.
func band(bands []model.Band, a decimal.D, low bool) (model.Band, bool) {
	best := -1
	for i, b := range bands {
		if low {
			if b.Threshold.Cmp(a) >= 0 && (best < 0 || b.Threshold.Less(bands[best].Threshold)) {
				best = i
			}
		} else if b.Threshold.LessEq(a) && (best < 0 || b.Threshold.Cmp(bands[best].Threshold) >= 0) {
			best = i
		}
	}
	if best < 0 {
		return model.Band{}, false
	}
	return bands[best], true
}

// explain writes the derivation in arithmetic alone, so it reads the same in every
// language: the method's expression and its value W × raw to 2 decimals; a clamped
// fraction f is written as min(f, cap) or max(f, 0) when the method has a fraction
// expression, else as "→ score". A manual score is the score given, then the
// justification. It is written after c's expressions in x.
func explain(x *words, in *model.Indicator, c calc, f, value, score, capf decimal.D) string {
	at := x.at()
	clamped := !f.Equal(c.raw)
	switch {
	case in.Method == model.Manual:
		x.bytes(c.expr)
		if clamped || !value.Round(2).Equal(value) {
			x.str(" → ")
			x.cents(score)
		}
	case clamped && len(c.frac) > 0 && c.raw.Sign() < 0:
		x.num(in.Points)
		x.str(" × max(")
		x.bytes(c.frac)
		x.str(", 0) = ")
		x.cents(score)
	case clamped && len(c.frac) > 0:
		x.num(in.Points)
		x.str(" × min(")
		x.bytes(c.frac)
		x.str(", ")
		x.num(capf)
		x.str(") = ")
		x.cents(score)
	default:
		x.bytes(c.expr)
		x.str(" = ")
		x.fixed(value)
		if clamped {
			x.str(" → ")
			x.cents(score)
		}
	}
	if in.Method == model.Manual && in.Justification != "" {
		x.str(" (")
		x.str(in.Justification)
		x.str(")")
	}
	return string(x.from(at))
}

// progress scores each period of the scheme for which the indicator reports a value,
// taking the checkpoints from the block *checkpoints (see score).
func progress(in *model.Indicator, met, near decimal.D, periods []string, checkpoints *[]Checkpoint) []Checkpoint {
	start, next := -1, 0
	for _, p := range periods {
		i := find(in.Progress, p, next)
		if i < 0 {
			continue
		}
		next = i + 1
		if c, ok := checkpoint(in, &in.Progress[i], met, near); ok {
			if start < 0 {
				if n := min(len(in.Progress), len(periods)); cap(*checkpoints)-len(*checkpoints) < n {
					*checkpoints = make([]Checkpoint, 0, n)
				}
				start = len(*checkpoints)
			}
			*checkpoints = append(*checkpoints, c)
		}
	}
	if start < 0 {
		return nil
	}
	return (*checkpoints)[start:len(*checkpoints):len(*checkpoints)]
}

// find is the index of period p in l, or -1. l names each period once, mostly in
// the scheme's order (both are Q1 … Q4), so the entry after the one found for the
// period before, at next, is tried before the whole list: one comparison per period
// instead of half the list's.
func find(l model.PeriodValues, p string, next int) int {
	if next < len(l) && l[next].Period == p {
		return next
	}
	return slices.IndexFunc(l, func(e model.PeriodValue) bool { return e.Period == p })
}

// checkpoint scores the value reached at a period (pv) against Expected: the period's
// milestone, or the target when there is none.
//
//   - ratio, linear, pass_fail: the method with Expected as the target. Without an
//     expected value there is nothing to measure against, so no checkpoint. When
//     the method cannot use Expected (ratio with Expected ≤ 0; linear with Expected
//     at the floor or on its wrong side), v counts as on track when it is at least
//     as good as Expected in the indicator's direction, else as 0.
//   - bands, deduct, rating: these have no target, so the method scores v itself
//     (the same bands; the same deduction for the events so far; v/100). Expected
//     is still shown when there is a milestone or target.
//   - manual: a panel's score has no in-year value; no checkpoint.
//
// The status reads the clamped fraction like an indicator's: on track at or above
// the met threshold, behind at or above near, else at risk.
func checkpoint(in *model.Indicator, pv *model.PeriodValue, met, near decimal.D) (Checkpoint, bool) {
	p, v := pv.Period, pv.Value
	c := Checkpoint{PeriodValue: pv}
	if m, ok := in.Milestones.Get(p); ok {
		c.Expected, c.HasExpected = m, true
	} else if in.Target != nil {
		c.Expected, c.HasExpected = *in.Target, true
	}
	var raw decimal.D
	switch in.Method {
	case model.Ratio, model.Linear, model.PassFail:
		if !c.HasExpected {
			return c, false
		}
		unusable := in.Method == model.Ratio && c.Expected.Sign() <= 0 ||
			in.Method == model.Linear && (in.Floor == nil || !agrees(c.Expected, *in.Floor, lower(in)))
		if unusable {
			raw = zero
			if lower(in) && v.LessEq(c.Expected) || !lower(in) && v.Cmp(c.Expected) >= 0 {
				raw = one
			}
			break
		}
		raw = fraction(in, &c.Expected, v, true, nil, nil).raw
	case model.Bands, model.Deduct, model.Rating:
		k := fraction(in, in.Target, v, in.Actual != nil, nil, nil)
		if k.fault != "" {
			return c, false
		}
		raw = k.raw
	default:
		return c, false
	}
	c.Fraction = decimal.Clamp(raw, zero, capOf(in))
	c.Status = grade3(c.Fraction, met, near, OnTrack, Behind, AtRisk)
	return c, true
}

// agrees reports whether target t lies on the better side of floor f.
func agrees(t, f decimal.D, low bool) bool {
	if low {
		return t.Less(f)
	}
	return t.Greater(f)
}

// grade3 sorts fraction f into one of three statuses by the met and near thresholds.
func grade3(f, met, near decimal.D, hi, mid, lo string) string {
	switch {
	case f.Cmp(met) >= 0:
		return hi
	case f.Cmp(near) >= 0:
		return mid
	}
	return lo
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
