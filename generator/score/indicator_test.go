package score

import (
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

func d(s string) decimal.D { return decimal.MustParse(s) }

func p(s string) *decimal.D {
	v := d(s)
	return &v
}

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

var quarters = []string{"Q1", "Q2", "Q3", "Q4"}

// Every expectation below is worked out by hand; the comment on each case shows how.
func TestOf(t *testing.T) {
	highBands := []model.Band{{Threshold: d("90"), Fraction: d("1")}, {Threshold: d("60"), Fraction: d("0.6")}, {Threshold: d("80"), Fraction: d("0.8")}}
	lowBands := []model.Band{{Threshold: d("0"), Fraction: d("1")}, {Threshold: d("2"), Fraction: d("0.5")}, {Threshold: d("5"), Fraction: d("0.2")}}
	cases := []struct {
		name     string
		in       model.Indicator
		draft    bool
		fraction string
		score    string
		status   string
		explain  string
	}{
		// SPEC §7 worked examples.
		{"ratio capped", // 97.3/95 = 1.024… → 1; 10 × 1
			model.Indicator{Points: d("10"), Method: model.Ratio, Target: p("95"), Actual: p("97.3")},
			false, "1", "10.00", Met, "10 × min(97.3/95, 1) = 10.00"},
		{"ratio lower", // 2/2.5 = 0.8; 8 × 0.8 = 6.4
			model.Indicator{Points: d("8"), Method: model.Ratio, Direction: model.Lower, Target: p("2"), Actual: p("2.5")},
			false, "0.8", "6.40", Near, "8 × 2/2.5 = 6.40"},
		{"linear lower", // (1.2−3)/(1−3) = 0.9; 8 × 0.9 = 7.2
			model.Indicator{Points: d("8"), Method: model.Linear, Direction: model.Lower, Target: p("1"), Floor: p("3"), Actual: p("1.2")},
			false, "0.9", "7.20", Near, "8 × (1.2 − 3)/(1 − 3) = 7.20"},
		{"linear with lo", // p = 20/40 = 0.5; 0.6 + 0.4 × 0.5 = 0.8
			model.Indicator{Points: d("10"), Method: model.Linear, Lo: p("0.6"), Target: p("100"), Floor: p("60"), Actual: p("80")},
			false, "0.8", "8.00", Near, "10 × (0.6 + 0.4 × (80 − 60)/(100 − 60)) = 8.00"},
		{"ratio half away from zero", // 3 × 0.835 = 2.505 → 2.51
			model.Indicator{Points: d("3"), Method: model.Ratio, Target: p("100"), Actual: p("83.5")},
			false, "0.835", "2.51", Near, "3 × 83.5/100 = 2.51"},
		{"deduct", // (5 − min(1.5, 5))/5 = 0.7
			model.Indicator{Points: d("5"), Method: model.Deduct, Direction: model.Lower, Per: p("0.5"), Actual: p("3")},
			false, "0.7", "3.50", Missed, "5 − min(0.5 × 3, 5) = 3.50"},

		// ratio
		{"ratio lower, actual 0 earns the cap",
			model.Indicator{Points: d("8"), Method: model.Ratio, Direction: model.Lower, Target: p("2"), Actual: p("0")},
			false, "1", "8.00", Met, "0 → 8 × 1 = 8.00"},
		{"ratio cap 1.2 reached", // 130/100 = 1.3 → 1.2
			model.Indicator{Points: d("10"), Method: model.Ratio, Cap: p("1.2"), Target: p("100"), Actual: p("130")},
			false, "1.2", "12.00", Met, "10 × min(130/100, 1.2) = 12.00"},
		{"ratio cap 1.2 not reached", // 110/100 = 1.1
			model.Indicator{Points: d("10"), Method: model.Ratio, Cap: p("1.2"), Target: p("100"), Actual: p("110")},
			false, "1.1", "11.00", Met, "10 × 110/100 = 11.00"},
		{"direction left out is higher", // 50/100
			model.Indicator{Points: d("4"), Method: model.Ratio, Target: p("100"), Actual: p("50")},
			false, "0.5", "2.00", Missed, "4 × 50/100 = 2.00"},

		// linear
		{"linear below the floor", // p = −10/40 ≤ 0
			model.Indicator{Points: d("10"), Method: model.Linear, Target: p("100"), Floor: p("60"), Actual: p("50")},
			false, "0", "0.00", Missed, "(50 − 60)/(100 − 60) ≤ 0 → 10 × 0 = 0.00"},
		{"linear at the floor with lo earns nothing", // p = 0 → 0, not lo
			model.Indicator{Points: d("10"), Method: model.Linear, Lo: p("0.6"), Target: p("100"), Floor: p("60"), Actual: p("60")},
			false, "0", "0.00", Missed, "(60 − 60)/(100 − 60) ≤ 0 → 10 × 0 = 0.00"},
		{"linear beyond target", // p = 60/40 = 1.5 → 1
			model.Indicator{Points: d("10"), Method: model.Linear, Target: p("100"), Floor: p("60"), Actual: p("120")},
			false, "1", "10.00", Met, "10 × min((120 − 60)/(100 − 60), 1) = 10.00"},

		// bands (given out of order on purpose)
		{"bands higher", // highest threshold ≤ 85 is 80
			model.Indicator{Points: d("10"), Method: model.Bands, Bands: highBands, Actual: p("85")},
			false, "0.8", "8.00", Near, "85 ≥ 80 → 10 × 0.8 = 8.00"},
		{"bands higher on a threshold",
			model.Indicator{Points: d("10"), Method: model.Bands, Bands: highBands, Actual: p("90")},
			false, "1", "10.00", Met, "90 ≥ 90 → 10 × 1 = 10.00"},
		{"bands higher below all",
			model.Indicator{Points: d("10"), Method: model.Bands, Bands: highBands, Actual: p("59")},
			false, "0", "0.00", Missed, "59 < 60 → 10 × 0 = 0.00"},
		{"bands lower", // lowest threshold ≥ 3 is 5; 6 × 0.2
			model.Indicator{Points: d("6"), Method: model.Bands, Direction: model.Lower, Bands: lowBands, Actual: p("3")},
			false, "0.2", "1.20", Missed, "3 ≤ 5 → 6 × 0.2 = 1.20"},
		{"bands lower best",
			model.Indicator{Points: d("6"), Method: model.Bands, Direction: model.Lower, Bands: lowBands, Actual: p("0")},
			false, "1", "6.00", Met, "0 ≤ 0 → 6 × 1 = 6.00"},
		{"bands lower above all",
			model.Indicator{Points: d("6"), Method: model.Bands, Direction: model.Lower, Bands: lowBands, Actual: p("6")},
			false, "0", "0.00", Missed, "6 > 5 → 6 × 0 = 0.00"},

		// pass_fail
		{"pass_fail met",
			model.Indicator{Points: d("5"), Method: model.PassFail, Target: p("1"), Actual: p("1")},
			false, "1", "5.00", Met, "1 ≥ 1 → 5 × 1 = 5.00"},
		{"pass_fail fail fraction", // not met → fail 0.5
			model.Indicator{Points: d("5"), Method: model.PassFail, Target: p("1"), Fail: p("0.5"), Actual: p("0")},
			false, "0.5", "2.50", Missed, "0 < 1 → 5 × 0.5 = 2.50"},
		{"pass_fail lower met",
			model.Indicator{Points: d("5"), Method: model.PassFail, Direction: model.Lower, Target: p("3"), Actual: p("2")},
			false, "1", "5.00", Met, "2 ≤ 3 → 5 × 1 = 5.00"},
		{"pass_fail lower not met",
			model.Indicator{Points: d("5"), Method: model.PassFail, Direction: model.Lower, Target: p("3"), Actual: p("4")},
			false, "0", "0.00", Missed, "4 > 3 → 5 × 0 = 0.00"},
		{"pass_fail achieved",
			model.Indicator{Points: d("5"), Method: model.PassFail, Achieved: yes()},
			false, "1", "5.00", Met, "✔ → 5 × 1 = 5.00"},
		{"pass_fail not achieved",
			model.Indicator{Points: d("5"), Method: model.PassFail, Achieved: no()},
			false, "0", "0.00", Missed, "✘ → 5 × 0 = 0.00"},

		// deduct
		{"deduct hits max_deduct", // min(2 × 3, 4) = 4; (5 − 4)/5 = 0.2
			model.Indicator{Points: d("5"), Method: model.Deduct, Per: p("2"), MaxDeduct: p("4"), Actual: p("3")},
			false, "0.2", "1.00", Missed, "5 − min(2 × 3, 4) = 1.00"},
		{"deduct all points", // min(0.5 × 12, 5) = 5 → 0
			model.Indicator{Points: d("5"), Method: model.Deduct, Per: p("0.5"), Actual: p("12")},
			false, "0", "0.00", Missed, "5 − min(0.5 × 12, 5) = 0.00"},
		{"deduct never below 0", // min(10, 8) = 8; (5 − 8)/5 = −0.6 → 0
			model.Indicator{Points: d("5"), Method: model.Deduct, Per: p("2"), MaxDeduct: p("8"), Actual: p("5")},
			false, "0", "0.00", Missed, "5 − min(2 × 5, 8) = −3.00 → 0.00"},
		{"deduct none", // no events: full points
			model.Indicator{Points: d("5"), Method: model.Deduct, Per: p("0.5"), Actual: p("0")},
			false, "1", "5.00", Met, "5 − min(0.5 × 0, 5) = 5.00"},

		// rating
		{"rating", // 86.5/100 = 0.865
			model.Indicator{Points: d("10"), Method: model.Rating, Actual: p("86.5")},
			false, "0.865", "8.65", Near, "10 × 86.5/100 = 8.65"},

		// manual
		{"manual",
			model.Indicator{Points: d("5"), Method: model.Manual, Score: p("4.5"), Justification: "panel review"},
			false, "0.9", "4.50", Near, "4.5 (panel review)"},
		{"manual rounded", // 4.555 → 4.56; 4.555/5 = 0.911
			model.Indicator{Points: d("5"), Method: model.Manual, Score: p("4.555"), Justification: "panel"},
			false, "0.911", "4.56", Near, "4.555 → 4.56 (panel)"},

		// no actual
		{"draft without actual",
			model.Indicator{Points: d("10"), Method: model.Ratio, Target: p("95")},
			true, "0", "0", Pending, "—"},
		{"draft manual without score",
			model.Indicator{Points: d("5"), Method: model.Manual},
			true, "0", "0", Pending, "—"},
		{"final without actual",
			model.Indicator{Points: d("10"), Method: model.Ratio, Target: p("95")},
			false, "0", "0", Missed, "— → 0.00"},
		{"draft with actual is scored",
			model.Indicator{Points: d("4"), Method: model.Ratio, Target: p("100"), Actual: p("50")},
			true, "0.5", "2.00", Missed, "4 × 50/100 = 2.00"},

		// inputs validation would reject: no panic, 0
		{"ratio without target",
			model.Indicator{Points: d("10"), Method: model.Ratio, Actual: p("5")},
			false, "0", "0", Missed, "cannot be scored: a ratio needs a target above 0"},
		{"linear floor equals target",
			model.Indicator{Points: d("10"), Method: model.Linear, Target: p("5"), Floor: p("5"), Actual: p("5")},
			false, "0", "0", Missed, "cannot be scored: linear needs a target and a different floor"},
		{"unknown method",
			model.Indicator{Points: d("10"), Method: "guess", Actual: p("5")},
			false, "0", "0", Missed, `cannot be scored: unknown method "guess"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			r := Of(&in, DefaultMet, DefaultNear, nil, c.draft)
			if !r.Fraction.Equal(d(c.fraction)) {
				t.Errorf("fraction = %s, want %s", r.Fraction, c.fraction)
			}
			if !r.Score.Equal(d(c.score)) {
				t.Errorf("score = %s, want %s", r.Score, c.score)
			}
			if r.Status != c.status {
				t.Errorf("status = %q, want %q", r.Status, c.status)
			}
			if r.Derivation != c.explain {
				t.Errorf("derivation = %q\n                  want %q", r.Derivation, c.explain)
			}
			if r.Indicator != &in {
				t.Error("result does not carry its input")
			}
		})
	}
}

func TestOfCustomThresholds(t *testing.T) {
	cases := []struct{ actual, status string }{
		{"96", Met},    // 0.96 ≥ 0.95
		{"95", Met},    // equal counts
		{"94.9", Near}, // ≥ 0.7
		{"70", Near},
		{"69.99", Missed},
	}
	for _, c := range cases {
		in := &model.Indicator{Points: d("10"), Method: model.Ratio, Target: p("100"), Actual: p(c.actual)}
		if got := Of(in, d("0.95"), d("0.7"), nil, false).Status; got != c.status {
			t.Errorf("actual %s: status %q, want %q", c.actual, got, c.status)
		}
	}
}

func TestOfNilIndicator(t *testing.T) {
	r := Of(nil, DefaultMet, DefaultNear, quarters, false)
	if r == nil || r.Indicator == nil || !r.Score.IsZero() || r.Status != Missed {
		t.Fatalf("nil indicator: %+v", r)
	}
}

func TestThresholds(t *testing.T) {
	met, near := Thresholds(&model.Scheme{})
	if !met.Equal(d("1")) || !near.Equal(d("0.8")) {
		t.Errorf("defaults = %s, %s; want 1, 0.8", met, near)
	}
	met, near = Thresholds(&model.Scheme{StatusMet: d("0.9"), StatusNear: d("0.6")})
	if !met.Equal(d("0.9")) || !near.Equal(d("0.6")) {
		t.Errorf("set = %s, %s; want 0.9, 0.6", met, near)
	}
}

type wantCP struct {
	period, expected string
	hasExpected      bool
	fraction, status string
}

func TestProgress(t *testing.T) {
	highBands := []model.Band{{Threshold: d("60"), Fraction: d("0.6")}, {Threshold: d("80"), Fraction: d("0.8")}, {Threshold: d("90"), Fraction: d("1")}}
	cases := []struct {
		name string
		in   model.Indicator
		met  string
		want []wantCP
	}{
		{"ratio: milestone, else target; unknown periods ignored",
			model.Indicator{Method: model.Ratio, Target: p("100"),
				Milestones: model.PeriodValues{{Period: "Q2", Value: d("50")}},
				Progress:   model.PeriodValues{{Period: "Q4", Value: d("101")}, {Period: "Q1", Value: d("20")}, {Period: "Q2", Value: d("45")}, {Period: "Q9", Value: d("1")}}},
			"1",
			[]wantCP{
				{"Q1", "100", true, "0.2", AtRisk}, // 20/100
				{"Q2", "50", true, "0.9", Behind},  // 45/50
				{"Q4", "100", true, "1", OnTrack},  // 101/100 → 1
			}},
		{"linear lower against milestone and target",
			model.Indicator{Method: model.Linear, Direction: model.Lower, Target: p("1"), Floor: p("3"),
				Milestones: model.PeriodValues{{Period: "Q2", Value: d("1.5")}},
				Progress:   model.PeriodValues{{Period: "Q2", Value: d("1.4")}, {Period: "Q4", Value: d("1.2")}}},
			"1",
			[]wantCP{
				{"Q2", "1.5", true, "1", OnTrack}, // (1.4−3)/(1.5−3) = 16/15 → 1
				{"Q4", "1", true, "0.9", Behind},  // (1.2−3)/(1−3) = 0.9
			}},
		{"linear milestone at the floor compares directly",
			model.Indicator{Method: model.Linear, Direction: model.Lower, Target: p("1"), Floor: p("3"),
				Milestones: model.PeriodValues{{Period: "Q1", Value: d("3")}, {Period: "Q2", Value: d("3")}},
				Progress:   model.PeriodValues{{Period: "Q1", Value: d("2.8")}, {Period: "Q2", Value: d("3.2")}}},
			"1",
			[]wantCP{
				{"Q1", "3", true, "1", OnTrack}, // 2.8 ≤ 3
				{"Q2", "3", true, "0", AtRisk},  // 3.2 > 3
			}},
		{"pass_fail against milestones",
			model.Indicator{Method: model.PassFail, Target: p("10"),
				Milestones: model.PeriodValues{{Period: "Q2", Value: d("10")}, {Period: "Q3", Value: d("5")}},
				Progress:   model.PeriodValues{{Period: "Q2", Value: d("12")}, {Period: "Q3", Value: d("4")}}},
			"1",
			[]wantCP{
				{"Q2", "10", true, "1", OnTrack},
				{"Q3", "5", true, "0", AtRisk},
			}},
		{"ratio without target or milestone has no checkpoints",
			model.Indicator{Method: model.Ratio, Progress: model.PeriodValues{{Period: "Q1", Value: d("20")}}},
			"1", nil},
		{"bands score the value",
			model.Indicator{Method: model.Bands, Bands: highBands,
				Progress: model.PeriodValues{{Period: "Q2", Value: d("85")}, {Period: "Q3", Value: d("50")}}},
			"1",
			[]wantCP{
				{"Q2", "0", false, "0.8", Behind}, // band 80
				{"Q3", "0", false, "0", AtRisk},   // below 60
			}},
		{"deduct scores the events so far",
			model.Indicator{Points: d("5"), Method: model.Deduct, Per: p("0.5"),
				Progress: model.PeriodValues{{Period: "Q2", Value: d("1")}}},
			"1",
			[]wantCP{{"Q2", "0", false, "0.9", Behind}}}, // (5 − 0.5)/5
		{"rating with its own met threshold",
			model.Indicator{Method: model.Rating, Target: p("90"),
				Progress: model.PeriodValues{{Period: "Q2", Value: d("95")}, {Period: "Q3", Value: d("85")}, {Period: "Q4", Value: d("79")}}},
			"0.9",
			[]wantCP{
				{"Q2", "90", true, "0.95", OnTrack}, // 0.95 ≥ 0.9
				{"Q3", "90", true, "0.85", Behind},  // ≥ 0.8
				{"Q4", "90", true, "0.79", AtRisk},
			}},
		{"manual has no checkpoints",
			model.Indicator{Points: d("5"), Method: model.Manual, Progress: model.PeriodValues{{Period: "Q2", Value: d("3")}}},
			"1", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			got := Of(&in, d(c.met), DefaultNear, quarters, true).Progress
			if len(got) != len(c.want) {
				t.Fatalf("%d checkpoints, want %d: %+v", len(got), len(c.want), got)
			}
			for i, w := range c.want {
				g := got[i]
				if g.Period != w.period || g.HasExpected != w.hasExpected || !g.Expected.Equal(d(w.expected)) ||
					!g.Fraction.Equal(d(w.fraction)) || g.Status != w.status {
					t.Errorf("checkpoint %d = {%s %s %v %s %s}, want %+v",
						i, g.Period, g.Expected, g.HasExpected, g.Fraction, g.Status, w)
				}
				if v, _ := in.Progress.Get(w.period); !g.Value.Equal(v) {
					t.Errorf("checkpoint %d value %s, want %s", i, g.Value, v)
				}
			}
		})
	}
}
