package score

import (
	"slices"
	"strings"

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
	if in == nil {
		in = &model.Indicator{}
	}
	r := &Indicator{Indicator: in, Progress: progress(in, met, near, periods)}
	if !in.HasActual() {
		if draft {
			r.Status, r.Derivation = Pending, "—"
		} else {
			r.Status, r.Derivation = Missed, "— → 0.00"
		}
		return r
	}
	c := fraction(in, in.Target, actualOf(in), in.Actual != nil, in.Achieved, true)
	if c.fault != "" {
		r.Status, r.Derivation = Missed, "cannot be scored: "+c.fault
		return r
	}
	capf := capOf(in)
	r.Fraction = decimal.Clamp(c.raw, zero, capf)
	r.Score = in.Points.Mul(r.Fraction).Round(2)
	r.Status = grade3(r.Fraction, met, near, Met, Near, Missed)
	r.Derivation = explain(in, c, r.Fraction, r.Score, capf)
	return r
}

// calc is a method's unclamped fraction and the arithmetic that gave it.
type calc struct {
	raw   decimal.D
	expr  string // W × … written out; for manual, the score given
	frac  string // the fraction's own expression, for writing a clamp as min(…)/max(…)
	fault string // why the indicator cannot be scored; "" when it can
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
// (expr, frac) is written only when text is set: raw and fault do not depend on it.
func fraction(in *model.Indicator, t *decimal.D, a decimal.D, hasActual bool, achieved *bool, text bool) calc {
	var c calc
	var w string
	if text {
		w = num(in.Points)
	}
	switch in.Method {
	case model.Ratio:
		if t == nil || t.Sign() <= 0 {
			return calc{fault: "a ratio needs a target above 0"}
		}
		switch {
		case !lower(in):
			c.raw = a.Quo(*t)
			if text {
				c.frac = num(a) + "/" + num(*t)
				c.expr = w + " × " + c.frac
			}
		case a.IsZero():
			c.raw = capOf(in)
			if text {
				c.expr = "0 → " + w + " × " + num(c.raw)
			}
		default:
			c.raw = t.Quo(a)
			if text {
				c.frac = num(*t) + "/" + num(a)
				c.expr = w + " × " + c.frac
			}
		}
		return c

	case model.Linear:
		if t == nil || in.Floor == nil || t.Equal(*in.Floor) {
			return calc{fault: "linear needs a target and a different floor"}
		}
		f := *in.Floor
		p := a.Sub(f).Quo(t.Sub(f))
		var ratio string
		if text {
			ratio = "(" + num(a) + " − " + num(f) + ")/(" + num(*t) + " − " + num(f) + ")"
		}
		switch {
		case p.Sign() <= 0:
			c.raw = zero
			if text {
				c.expr = ratio + " ≤ 0 → " + w + " × 0"
			}
		case in.Lo == nil || in.Lo.IsZero():
			c.raw = p
			if text {
				c.expr, c.frac = w+" × "+ratio, ratio
			}
		default:
			lo := *in.Lo
			rest := one.Sub(lo)
			c.raw = lo.Add(rest.Mul(p))
			if text {
				c.frac = num(lo) + " + " + num(rest) + " × " + ratio
				c.expr = w + " × (" + c.frac + ")"
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
			if text {
				edge, cmp := in.Bands[0].Threshold, " < "
				for _, x := range in.Bands {
					if lower(in) && x.Threshold.Greater(edge) || !lower(in) && x.Threshold.Less(edge) {
						edge = x.Threshold
					}
				}
				if lower(in) {
					cmp = " > "
				}
				c.expr = num(a) + cmp + num(edge) + " → " + w + " × 0"
			}
			return c
		}
		c.raw = b.Fraction
		if text {
			cmp := " ≥ "
			if lower(in) {
				cmp = " ≤ "
			}
			c.expr = num(a) + cmp + num(b.Threshold) + " → " + w + " × " + num(b.Fraction)
		}
		return c

	case model.PassFail:
		var why string
		met := false
		switch {
		case achieved != nil && *achieved:
			met = true
			if text {
				why = "✔"
			}
		case hasActual && t != nil:
			if lower(in) {
				met = a.LessEq(*t)
				if text {
					why = num(a) + pick(met, " ≤ ", " > ") + num(*t)
				}
			} else {
				met = a.Cmp(*t) >= 0
				if text {
					why = num(a) + pick(met, " ≥ ", " < ") + num(*t)
				}
			}
		case achieved != nil:
			if text {
				why = "✘"
			}
		default:
			return calc{fault: "pass_fail needs a target or achieved"}
		}
		if met {
			c.raw = one
			if text {
				c.expr = why + " → " + w + " × 1"
			}
			return c
		}
		c.raw = zero
		if in.Fail != nil {
			c.raw = *in.Fail
		}
		if text {
			c.expr = why + " → " + w + " × " + num(c.raw)
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
		if text {
			c.expr = w + " − min(" + num(*in.Per) + " × " + num(a) + ", " + num(md) + ")"
		}
		return c

	case model.Rating:
		c.raw = a.Quo(hundred)
		if text {
			c.frac = num(a) + "/100"
			c.expr = w + " × " + c.frac
		}
		return c

	case model.Manual:
		if in.Points.Sign() <= 0 {
			return calc{fault: "manual needs points above 0"}
		}
		c.raw = a.Quo(in.Points)
		if text {
			c.expr = num(a)
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
// language: the method's expression and its value to 2 decimals; a clamped fraction
// is written as min(f, cap) or max(f, 0) when the method has a fraction expression,
// else as "→ score". A manual score is the score given, then the justification.
func explain(in *model.Indicator, c calc, f, score, capf decimal.D) string {
	var b strings.Builder
	value := in.Points.Mul(c.raw)
	clamped := !f.Equal(c.raw)
	switch {
	case in.Method == model.Manual:
		b.WriteString(c.expr)
		if clamped || !value.Round(2).Equal(value) {
			b.WriteString(" → " + score.Fixed(2))
		}
	case clamped && c.frac != "" && c.raw.Sign() < 0:
		b.WriteString(num(in.Points) + " × max(" + c.frac + ", 0) = " + score.Fixed(2))
	case clamped && c.frac != "":
		b.WriteString(num(in.Points) + " × min(" + c.frac + ", " + num(capf) + ") = " + score.Fixed(2))
	default:
		b.WriteString(c.expr + " = " + fixed(value))
		if clamped {
			b.WriteString(" → " + score.Fixed(2))
		}
	}
	if in.Method == model.Manual && in.Justification != "" {
		b.WriteString(" (" + in.Justification + ")")
	}
	return b.String()
}

// progress scores each period of the scheme for which the indicator reports a value.
func progress(in *model.Indicator, met, near decimal.D, periods []string) []Checkpoint {
	var out []Checkpoint
	for _, p := range periods {
		i := slices.IndexFunc(in.Progress, func(e model.PeriodValue) bool { return e.Period == p })
		if i < 0 {
			continue
		}
		if c, ok := checkpoint(in, &in.Progress[i], met, near); ok {
			if out == nil {
				out = make([]Checkpoint, 0, min(len(in.Progress), len(periods)))
			}
			out = append(out, c)
		}
	}
	return out
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
		raw = fraction(in, &c.Expected, v, true, nil, false).raw
	case model.Bands, model.Deduct, model.Rating:
		k := fraction(in, in.Target, v, in.Actual != nil, nil, false)
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

// num writes an exact input for a derivation; negatives in brackets with a true minus.
func num(d decimal.D) string {
	if d.Sign() < 0 {
		return "(−" + d.Neg().String() + ")"
	}
	return d.String()
}

// fixed writes a result to 2 decimals with a true minus sign.
func fixed(d decimal.D) string {
	s := d.Fixed(2)
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
