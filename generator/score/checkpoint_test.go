package score

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/synth"
)

// TestCheckpointsSameAsBefore scores every checkpoint of the example site and of a
// synthetic site both ways — checkpoint, which computes only the number, and
// oldCheckpoint, which scored a copy of the indicator through the text-writing
// fraction — and wants the same result for each, with every method met. It also
// wants each indicator's fraction and derivation text unchanged.
func TestCheckpointsSameAsBefore(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Params{Departments: 30, Cycles: 3, Indicators: 40, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	day := model.Date{Year: 2026, Month: 1, Day: 1}
	for _, site := range []struct{ name, dir string }{{"example", "../.."}, {"synth", dir}} {
		t.Run(site.name, func(t *testing.T) {
			s, diags := load.SiteAt(site.dir, day)
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			methods := map[string]int{} // checkpoints scored, by method
			n := 0
			for _, cy := range s.Cycles {
				met, near := Thresholds(cy.Scheme)
				for _, card := range cy.Cards {
					// A department's indicators share one scratch (derivations,
					// checkpoints): each must come out as when scored alone.
					dep := department(card, cy.Scheme)
					for i, in := range card.Indicators {
						if alone := Of(in, met, near, cy.Scheme.Periods, card.Draft); !reflect.DeepEqual(dep.Indicators[i], alone) {
							t.Errorf("%s/%s/%s: scored with its department %+v, alone %+v", cy.ID, card.Department, in.ID, dep.Indicators[i], alone)
						}
					}
					for _, in := range card.Indicators {
						want := oldFraction(in, actualOf(in), in.Achieved)
						c := fraction(in, in.Target, actualOf(in), in.Actual != nil, in.Achieved, &words{})
						got := oldCalc{raw: c.raw, expr: string(c.expr), frac: string(c.frac), fault: c.fault}
						if !reflect.DeepEqual(got, want) {
							t.Errorf("%s/%s/%s: fraction %+v, before %+v", cy.ID, card.Department, in.ID, got, want)
						}
						if r, old := Of(in, met, near, cy.Scheme.Periods, card.Draft), oldOf(in, met, near, card.Draft); r.Derivation != old.Derivation ||
							r.Score.Cmp(old.Score) != 0 || r.Fraction.Cmp(old.Fraction) != 0 || r.Status != old.Status {
							t.Errorf("%s/%s/%s: %s %s %s %q, before %s %s %s %q", cy.ID, card.Department, in.ID,
								r.Fraction, r.Score, r.Status, r.Derivation, old.Fraction, old.Score, old.Status, old.Derivation)
						}
						if _, ok := methods[in.Method]; !ok {
							methods[in.Method] = 0
						}
						for _, p := range cy.Scheme.Periods {
							for i := range in.Progress {
								if in.Progress[i].Period != p {
									continue
								}
								pv := &in.Progress[i]
								got, gotOK := checkpoint(in, pv, met, near)
								want, wantOK := oldCheckpoint(in, pv, met, near)
								if gotOK != wantOK || !reflect.DeepEqual(got, want) ||
									got.Expected.String() != want.Expected.String() || got.Fraction.String() != want.Fraction.String() {
									t.Errorf("%s/%s/%s %s: checkpoint %+v %v, before %+v %v",
										cy.ID, card.Department, in.ID, p, got, gotOK, want, wantOK)
								}
								if gotOK {
									methods[in.Method]++
									n++
								}
							}
						}
					}
				}
			}
			t.Logf("%d checkpoints; by method %v", n, methods)
			for _, m := range model.Methods {
				if _, ok := methods[m]; !ok {
					t.Errorf("no indicator scored by %s", m)
				} else if methods[m] == 0 && m != model.Manual {
					t.Errorf("no checkpoint scored by %s", m)
				}
			}
		})
	}
}

// TestBandSameAsSorted picks bands with many equal thresholds and wants band to
// choose the very band the sorting version chose.
func TestBandSameAsSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		bands := make([]model.Band, r.IntN(5))
		for i := range bands {
			bands[i] = model.Band{Threshold: decimal.Int(int64(r.IntN(6))), Fraction: decimal.Int(int64(i))}
		}
		a := decimal.Int(int64(r.IntN(8) - 1))
		for _, low := range []bool{false, true} {
			got, gotOK := band(bands, a, low)
			want, wantOK := oldBand(bands, a, low)
			if gotOK != wantOK || !reflect.DeepEqual(got, want) {
				t.Fatalf("band(%v, %s, %v) = %v %v, before %v %v", bands, a, low, got, gotOK, want, wantOK)
			}
		}
	}
}

// The scoring as it was before checkpoints stopped writing text, and before the
// derivation was written in one buffer: the reference for the tests above.

// oldCalc is a calc with its expressions as strings.
type oldCalc struct {
	raw               decimal.D
	expr, frac, fault string
}

// oldOf is Of's indicator result, without progress.
func oldOf(in *model.Indicator, met, near decimal.D, draft bool) *Indicator {
	r := &Indicator{Indicator: in}
	if !in.HasActual() {
		if draft {
			r.Status, r.Derivation = Pending, "—"
		} else {
			r.Status, r.Derivation = Missed, "— → 0.00"
		}
		return r
	}
	c := oldFraction(in, actualOf(in), in.Achieved)
	if c.fault != "" {
		r.Status, r.Derivation = Missed, "cannot be scored: "+c.fault
		return r
	}
	capf := capOf(in)
	r.Fraction = decimal.Clamp(c.raw, zero, capf)
	r.Score = in.Points.Mul(r.Fraction).Round(2)
	r.Status = grade3(r.Fraction, met, near, Met, Near, Missed)
	r.Derivation = oldExplain(in, c, r.Fraction, r.Score, capf)
	return r
}

func oldExplain(in *model.Indicator, c oldCalc, f, score, capf decimal.D) string {
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

func num(d decimal.D) string {
	if d.Sign() < 0 {
		return "(−" + d.Neg().String() + ")"
	}
	return d.String()
}

func fixed(d decimal.D) string {
	s := d.Fixed(2)
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

func oldFraction(in *model.Indicator, a decimal.D, achieved *bool) oldCalc {
	w := num(in.Points)
	switch in.Method {
	case model.Ratio:
		if in.Target == nil || in.Target.Sign() <= 0 {
			return oldCalc{fault: "a ratio needs a target above 0"}
		}
		t := *in.Target
		if !lower(in) {
			return oldCalc{raw: a.Quo(t), expr: w + " × " + num(a) + "/" + num(t), frac: num(a) + "/" + num(t)}
		}
		if a.IsZero() {
			capf := capOf(in)
			return oldCalc{raw: capf, expr: "0 → " + w + " × " + num(capf)}
		}
		return oldCalc{raw: t.Quo(a), expr: w + " × " + num(t) + "/" + num(a), frac: num(t) + "/" + num(a)}

	case model.Linear:
		if in.Target == nil || in.Floor == nil || in.Target.Equal(*in.Floor) {
			return oldCalc{fault: "linear needs a target and a different floor"}
		}
		t, f := *in.Target, *in.Floor
		p := a.Sub(f).Quo(t.Sub(f))
		ratio := "(" + num(a) + " − " + num(f) + ")/(" + num(t) + " − " + num(f) + ")"
		if p.Sign() <= 0 {
			return oldCalc{raw: zero, expr: ratio + " ≤ 0 → " + w + " × 0"}
		}
		if in.Lo == nil || in.Lo.IsZero() {
			return oldCalc{raw: p, expr: w + " × " + ratio, frac: ratio}
		}
		lo := *in.Lo
		rest := one.Sub(lo)
		frac := num(lo) + " + " + num(rest) + " × " + ratio
		return oldCalc{raw: lo.Add(rest.Mul(p)), expr: w + " × (" + frac + ")", frac: frac}

	case model.Bands:
		if len(in.Bands) == 0 {
			return oldCalc{fault: "bands has no bands"}
		}
		b, ok := oldBand(in.Bands, a, lower(in))
		if !ok {
			edge, cmp := in.Bands[0].Threshold, " < "
			for _, x := range in.Bands {
				if lower(in) && x.Threshold.Greater(edge) || !lower(in) && x.Threshold.Less(edge) {
					edge = x.Threshold
				}
			}
			if lower(in) {
				cmp = " > "
			}
			return oldCalc{raw: zero, expr: num(a) + cmp + num(edge) + " → " + w + " × 0"}
		}
		cmp := " ≥ "
		if lower(in) {
			cmp = " ≤ "
		}
		return oldCalc{raw: b.Fraction, expr: num(a) + cmp + num(b.Threshold) + " → " + w + " × " + num(b.Fraction)}

	case model.PassFail:
		fail := zero
		if in.Fail != nil {
			fail = *in.Fail
		}
		var why string
		met := false
		switch {
		case achieved != nil && *achieved:
			met, why = true, "✔"
		case in.Actual != nil && in.Target != nil:
			t := *in.Target
			if lower(in) {
				met = a.LessEq(t)
				why = num(a) + pick(met, " ≤ ", " > ") + num(t)
			} else {
				met = a.Cmp(t) >= 0
				why = num(a) + pick(met, " ≥ ", " < ") + num(t)
			}
		case achieved != nil:
			why = "✘"
		default:
			return oldCalc{fault: "pass_fail needs a target or achieved"}
		}
		if met {
			return oldCalc{raw: one, expr: why + " → " + w + " × 1"}
		}
		return oldCalc{raw: fail, expr: why + " → " + w + " × " + num(fail)}

	case model.Deduct:
		if in.Per == nil {
			return oldCalc{fault: "deduct needs per"}
		}
		if in.Points.Sign() <= 0 {
			return oldCalc{fault: "deduct needs points above 0"}
		}
		md := in.Points
		if in.MaxDeduct != nil {
			md = *in.MaxDeduct
		}
		d := decimal.Min(in.Per.Mul(a), md)
		return oldCalc{
			raw:  in.Points.Sub(d).Quo(in.Points),
			expr: w + " − min(" + num(*in.Per) + " × " + num(a) + ", " + num(md) + ")",
		}

	case model.Rating:
		return oldCalc{raw: a.Quo(hundred), expr: w + " × " + num(a) + "/100", frac: num(a) + "/100"}

	case model.Manual:
		if in.Points.Sign() <= 0 {
			return oldCalc{fault: "manual needs points above 0"}
		}
		return oldCalc{raw: a.Quo(in.Points), expr: num(a)}
	}
	return oldCalc{fault: "unknown method " + `"` + in.Method + `"`}
}

func oldBand(bands []model.Band, a decimal.D, low bool) (model.Band, bool) {
	bs := append([]model.Band(nil), bands...)
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].Threshold.Less(bs[j].Threshold) })
	if low {
		for _, b := range bs {
			if b.Threshold.Cmp(a) >= 0 {
				return b, true
			}
		}
		return model.Band{}, false
	}
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i].Threshold.LessEq(a) {
			return bs[i], true
		}
	}
	return model.Band{}, false
}

func oldCheckpoint(in *model.Indicator, pv *model.PeriodValue, met, near decimal.D) (Checkpoint, bool) {
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
		at := *in
		at.Target, at.Actual, at.Achieved = &c.Expected, &v, nil
		unusable := in.Method == model.Ratio && c.Expected.Sign() <= 0 ||
			in.Method == model.Linear && (in.Floor == nil || !agrees(c.Expected, *in.Floor, lower(in)))
		if unusable {
			raw = zero
			if lower(in) && v.LessEq(c.Expected) || !lower(in) && v.Cmp(c.Expected) >= 0 {
				raw = one
			}
			break
		}
		raw = oldFraction(&at, v, nil).raw
	case model.Bands, model.Deduct, model.Rating:
		k := oldFraction(in, v, nil)
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

// TestFindSameAsIndex wants find to give the index slices.IndexFunc gives, for
// every period (known or not) and every starting guess, on lists that name each
// period once in any order: sorted, reversed, shuffled, with gaps.
func TestFindSameAsIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	pool := []string{"Q1", "Q2", "Q3", "Q4", "H1", "H2", "M1", "M10", "M2", "", "q1", "Q1 "}
	for range 5000 {
		names := slices.Clone(pool)
		r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		l := make(model.PeriodValues, r.IntN(len(names)+1))
		for i := range l {
			l[i] = model.PeriodValue{Period: strings.Clone(names[i]), Value: decimal.Int(int64(i))}
		}
		if r.IntN(2) == 0 {
			sort.Slice(l, func(i, j int) bool { return l[i].Period < l[j].Period })
		}
		for _, p := range pool {
			want := slices.IndexFunc(l, func(e model.PeriodValue) bool { return e.Period == p })
			for next := range len(l) + 2 {
				if got := find(l, p, next); got != want {
					t.Fatalf("find(%v, %q, %d) = %d, want %d", l, p, next, got, want)
				}
			}
		}
	}
}

// FuzzFind is TestFindSameAsIndex on any list of distinct periods (the fields of
// list, first of each kept) and any period and guess.
//
//	go test ./generator/score -run '^$' -fuzz FuzzFind
func FuzzFind(f *testing.F) {
	f.Add("Q1,Q2,Q3,Q4", "Q3", 2)
	f.Add("Q2,Q4", "Q4", 1)
	f.Add("M1,M10,M2", "M2", 1)
	f.Add(",Q1", "", 0)
	f.Fuzz(func(t *testing.T, list, p string, next int) {
		var l model.PeriodValues
		for _, name := range strings.Split(list, ",") {
			if !slices.ContainsFunc(l, func(e model.PeriodValue) bool { return e.Period == name }) {
				l = append(l, model.PeriodValue{Period: name})
			}
		}
		next = max(next, 0) % (len(l) + 2)
		want := slices.IndexFunc(l, func(e model.PeriodValue) bool { return e.Period == p })
		if got := find(l, p, next); got != want {
			t.Fatalf("find(%v, %q, %d) = %d, want %d", l, p, next, got, want)
		}
	})
}
