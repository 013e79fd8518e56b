package score

import (
	"reflect"
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

// grades is the usual four-step scale; quotas for 优秀 and 良好 may be nil.
func grades(excellent, good *decimal.D) []*model.Grade {
	return []*model.Grade{
		{Name: "优秀", Min: d("90"), Quota: excellent},
		{Name: "良好", Min: d("80"), Quota: good},
		{Name: "合格", Min: d("60")},
		{Name: "不合格", Min: d("0")},
	}
}

func scheme(gs []*model.Grade) *model.Scheme {
	return &model.Scheme{
		Total:      d("100"),
		Dimensions: []*model.Dimension{{ID: "public"}},
		Grades:     gs,
		Vetoes: []*model.Veto{
			{ID: "safety", MaxGrade: "合格"},
			{ID: "integrity", MaxGrade: "不合格", Deduct: d("5")},
			{ID: "mild", MaxGrade: "良好"},
		},
	}
}

// card is a scorecard whose single 100-point manual indicator scores total.
func card(dept, total string, adjs ...*model.Adjustment) *model.Scorecard {
	return &model.Scorecard{
		Department: dept,
		Indicators: []*model.Indicator{{ID: "overall", Dimension: "public", Points: d("100"),
			Method: model.Manual, Score: p(total), Justification: "test"}},
		Adjustments: adjs,
	}
}

func draft(c *model.Scorecard) *model.Scorecard { c.Draft = true; return c }

func veto(rule string) *model.Adjustment { return &model.Adjustment{Kind: model.VetoAdj, Rule: rule} }

// site is one cycle "2024" with ranked groups "econ" and "social" and unranked "special";
// a department's group is the part of its id before the first "-".
func site(sc *model.Scheme, cards ...*model.Scorecard) *model.Site {
	s := &model.Site{
		Groups: []*model.Group{{ID: "econ", Ranked: true}, {ID: "social", Ranked: true}, {ID: "special"}},
		Cycles: []*model.Cycle{{ID: "2024", Scheme: sc, Cards: cards}},
	}
	for _, c := range cards {
		g := c.Department
		for i := range g {
			if g[i] == '-' {
				g = g[:i]
				break
			}
		}
		s.Departments = append(s.Departments, &model.Department{ID: c.Department, Group: g})
	}
	return s
}

type wantDept struct {
	id, grade, byScore  string
	vetoed, demoted     bool
	rankGroup, rankOver int
}

func checkDepts(t *testing.T, c *Cycle, want []wantDept) {
	t.Helper()
	for _, w := range want {
		g := c.Department(w.id)
		if g == nil {
			t.Errorf("%s: missing", w.id)
			continue
		}
		if g.Grade != w.grade || g.GradeByScore != w.byScore || g.VetoCapped != w.vetoed || g.QuotaDemoted != w.demoted ||
			g.RankGroup != w.rankGroup || g.RankOverall != w.rankOver {
			t.Errorf("%s: got {%s %s vetoed=%v demoted=%v ranks %d %d}, want %+v",
				w.id, g.Grade, g.GradeByScore, g.VetoCapped, g.QuotaDemoted, g.RankGroup, g.RankOverall, w)
		}
	}
}

func TestGradesAndRanks(t *testing.T) {
	cases := []struct {
		name  string
		grade []*model.Grade
		cards []*model.Scorecard
		want  []wantDept
	}{
		{"a tie at the last place allowed drops as a whole",
			// n = 5, floor(0.2 × 5) = 1 place for 优秀; the two 95s tie for it, so both drop.
			grades(p("0.2"), nil),
			[]*model.Scorecard{card("econ-a", "95"), card("econ-b", "95"), card("econ-c", "85"), card("econ-d", "70"), card("econ-e", "50")},
			[]wantDept{
				{"econ-a", "良好", "优秀", false, true, 1, 1},
				{"econ-b", "良好", "优秀", false, true, 1, 1},
				{"econ-c", "良好", "良好", false, false, 3, 3},
				{"econ-d", "合格", "合格", false, false, 4, 4},
				{"econ-e", "不合格", "不合格", false, false, 5, 5},
			}},
		{"quotas cascade",
			// 优秀: 1 place (0.2 × 5) for a, b, c → b, c drop; 良好: 2 places (0.4 × 5)
			// for b 93, c 91, d 85, e 84 → d, e drop to 合格.
			grades(p("0.2"), p("0.4")),
			[]*model.Scorecard{card("econ-a", "96"), card("econ-b", "93"), card("econ-c", "91"), card("econ-d", "85"), card("econ-e", "84")},
			[]wantDept{
				{"econ-a", "优秀", "优秀", false, false, 1, 1},
				{"econ-b", "良好", "优秀", false, true, 2, 2},
				{"econ-c", "良好", "优秀", false, true, 3, 3},
				{"econ-d", "合格", "良好", false, true, 4, 4},
				{"econ-e", "合格", "良好", false, true, 5, 5},
			}},
		{"a cascaded tie drops as a whole too",
			// 优秀: 1 place, a 96 keeps it, b 93 drops; 良好: 2 places for b 93, c 88, d 88
			// → the second place ties c with d, so both drop to 合格.
			grades(p("0.2"), p("0.4")),
			[]*model.Scorecard{card("econ-a", "96"), card("econ-b", "93"), card("econ-c", "88"), card("econ-d", "88"), card("econ-e", "50")},
			[]wantDept{
				{"econ-a", "优秀", "优秀", false, false, 1, 1},
				{"econ-b", "良好", "优秀", false, true, 2, 2},
				{"econ-c", "合格", "良好", false, true, 3, 3},
				{"econ-d", "合格", "良好", false, true, 3, 3},
				{"econ-e", "不合格", "不合格", false, false, 5, 5},
			}},
		{"drafts are not graded, ranked or counted in n",
			// n = 4 finals: floor(0.4 × 4) = 1 place; with the draft it would be 2.
			grades(p("0.4"), nil),
			[]*model.Scorecard{card("econ-a", "95"), card("econ-b", "92"), card("econ-c", "85"), card("econ-d", "70"), draft(card("econ-x", "50"))},
			[]wantDept{
				{"econ-a", "优秀", "优秀", false, false, 1, 1},
				{"econ-b", "良好", "优秀", false, true, 2, 2},
				{"econ-c", "良好", "良好", false, false, 3, 3},
				{"econ-d", "合格", "合格", false, false, 4, 4},
				{"econ-x", "", "", false, false, 0, 0},
			}},
		{"vetoes cap grades and free quota places",
			// a is capped at 合格 by safety; b then is the only 优秀 holder (1 place of n = 5).
			// c: 88 − 5 = 83 by integrity, capped at 不合格. d: mild caps at 良好 but 70 is already worse.
			grades(p("0.2"), nil),
			[]*model.Scorecard{card("econ-a", "97", veto("safety")), card("econ-b", "94"),
				card("econ-c", "88", veto("integrity")), card("econ-d", "70", veto("mild")), card("econ-e", "60")},
			[]wantDept{
				{"econ-a", "合格", "优秀", true, false, 1, 1},
				{"econ-b", "优秀", "优秀", false, false, 2, 2},
				{"econ-c", "不合格", "良好", true, false, 3, 3},
				{"econ-d", "合格", "合格", false, false, 4, 4},
				{"econ-e", "合格", "合格", false, false, 5, 5},
			}},
		{"ties share a rank, per group and overall; unranked groups have no quota or rank",
			// econ: zeta 90, alpha 85, beta 85, delta 70 → 1, 2, 2, 4.
			// overall adds social-gamma 88 → zeta 1, gamma 2, alpha 3, beta 3, delta 5.
			// special-omega 99 alone: its group is unranked, so floor(0.2 × 1) = 0 does not apply.
			grades(p("0.2"), nil),
			[]*model.Scorecard{card("econ-alpha", "85"), card("econ-beta", "85"), card("econ-delta", "70"),
				card("econ-zeta", "89"), card("social-gamma", "88"), card("special-omega", "99")},
			[]wantDept{
				{"econ-zeta", "良好", "良好", false, false, 1, 1},
				{"social-gamma", "良好", "良好", false, false, 1, 2},
				{"econ-alpha", "良好", "良好", false, false, 2, 3},
				{"econ-beta", "良好", "良好", false, false, 2, 3},
				{"econ-delta", "合格", "合格", false, false, 4, 5},
				{"special-omega", "优秀", "优秀", false, false, 0, 0},
			}},
		{"a quota of no places demotes everyone holding the grade",
			// n = 4: floor(0.2 × 4) = 0.
			grades(p("0.2"), nil),
			[]*model.Scorecard{card("econ-a", "99"), card("econ-b", "91"), card("econ-c", "40"), card("econ-d", "30")},
			[]wantDept{
				{"econ-a", "良好", "优秀", false, true, 1, 1},
				{"econ-b", "良好", "优秀", false, true, 2, 2},
			}},
		{"a total below every min has no grade",
			[]*model.Grade{{Name: "优秀", Min: d("90")}, {Name: "合格", Min: d("60")}},
			[]*model.Scorecard{card("econ-a", "59.99")},
			[]wantDept{{"econ-a", "", "", false, false, 1, 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Site(site(scheme(c.grade), c.cards...))
			checkDepts(t, r.Cycle("2024"), c.want)
		})
	}
}

func TestRankingOrder(t *testing.T) {
	r := Site(site(scheme(grades(nil, nil)),
		card("econ-zeta", "90"), card("econ-beta", "85"), card("econ-alpha", "85"), card("econ-delta", "70"),
		card("social-gamma", "88"), card("special-omega", "99"), draft(card("econ-draft", "100"))))
	c := r.Cycle("2024")
	ids := func(ds []*Department) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return out
	}
	for _, tc := range []struct {
		group string
		want  []string
	}{
		{"econ", []string{"econ-zeta", "econ-alpha", "econ-beta", "econ-delta"}},
		{"", []string{"econ-zeta", "social-gamma", "econ-alpha", "econ-beta", "econ-delta"}},
		{"special", nil},
	} {
		got := ids(c.Ranking(tc.group))
		if len(got) != len(tc.want) {
			t.Errorf("Ranking(%q) = %v, want %v", tc.group, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Ranking(%q) = %v, want %v", tc.group, got, tc.want)
				break
			}
		}
	}
	// Departments are listed by id whatever the card order.
	got := ids(c.Departments)
	want := []string{"econ-alpha", "econ-beta", "econ-delta", "econ-draft", "econ-zeta", "social-gamma", "special-omega"}
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("Departments = %v, want %v", got, want)
		}
	}
}

func TestAdjustments(t *testing.T) {
	bonus := func(pts string) *model.Adjustment { return &model.Adjustment{Kind: model.Bonus, Points: d(pts)} }
	penalty := func(pts string) *model.Adjustment { return &model.Adjustment{Kind: model.Penalty, Points: d(pts)} }
	cases := []struct {
		name                    string
		bonusCap, penaltyCap    *decimal.D
		score                   string
		adjs                    []*model.Adjustment
		counted                 []string
		claimedB, bonus         string
		claimedP, penalty, veto string
		total                   string
	}{
		{"caps counted in file order",
			// bonus 3 + 2 fill the cap of 5, the third (1) counts 0; penalties 1.5 + 0.5 of 1 reach 2.
			// total = 80 + 5 − 2 − 5 (integrity) = 78.
			p("5"), p("2"), "80",
			[]*model.Adjustment{bonus("3"), penalty("1.5"), bonus("2"), bonus("1"), penalty("1"), veto("integrity")},
			[]string{"3", "1.5", "2", "0", "0.5", "5"},
			"6", "5", "2.5", "2", "5", "78"},
		{"a bonus straddling the cap counts in part",
			p("5"), nil, "80",
			[]*model.Adjustment{bonus("4"), bonus("2"), penalty("3"), penalty("4")},
			[]string{"4", "1", "3", "4"},
			"6", "5", "7", "7", "0", "78"}, // 80 + 5 − 7
		{"no caps",
			nil, nil, "70.25",
			[]*model.Adjustment{bonus("3"), bonus("4.5"), penalty("0.75")},
			[]string{"3", "4.5", "0.75"},
			"7.5", "7.5", "0.75", "0.75", "0", "77"}, // 70.25 + 7.5 − 0.75
		{"total never below 0",
			nil, nil, "3",
			[]*model.Adjustment{penalty("10")},
			[]string{"10"},
			"0", "0", "10", "10", "0", "0"},
		{"veto deduct is not capped",
			p("1"), p("1"), "4",
			[]*model.Adjustment{veto("integrity"), veto("integrity")},
			[]string{"5", "5"},
			"0", "0", "0", "0", "10", "0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := scheme(grades(nil, nil))
			sc.BonusCap, sc.PenaltyCap = c.bonusCap, c.penaltyCap
			r := Site(site(sc, card("econ-a", c.score, c.adjs...)))
			g := r.Cycle("2024").Department("econ-a")
			if len(g.Counted) != len(c.counted) {
				t.Fatalf("Counted = %v, want %v", g.Counted, c.counted)
			}
			for i := range c.counted {
				if !g.Counted[i].Equal(d(c.counted[i])) {
					t.Errorf("Counted[%d] = %s, want %s", i, g.Counted[i], c.counted[i])
				}
			}
			for _, f := range []struct {
				name string
				got  decimal.D
				want string
			}{
				{"BonusClaimed", g.BonusClaimed, c.claimedB}, {"Bonus", g.Bonus, c.bonus},
				{"PenaltyClaimed", g.PenaltyClaimed, c.claimedP}, {"Penalty", g.Penalty, c.penalty},
				{"VetoDeduct", g.VetoDeduct, c.veto}, {"Total", g.Total, c.total},
				{"IndicatorScore", g.IndicatorScore, c.score},
			} {
				if !f.got.Equal(d(f.want)) {
					t.Errorf("%s = %s, want %s", f.name, f.got, f.want)
				}
			}
		})
	}
}

func TestDimensions(t *testing.T) {
	sc := scheme(grades(nil, nil))
	sc.Dimensions = []*model.Dimension{{ID: "finance"}, {ID: "public"}, {ID: "growth"}}
	c := &model.Scorecard{Department: "econ-a", Indicators: []*model.Indicator{
		{ID: "budget", Dimension: "public", Points: d("10"), Method: model.Ratio, Target: p("95"), Actual: p("97.3")}, // 10.00
		{ID: "complaints", Dimension: "finance", Points: d("5"), Method: model.Deduct, Per: p("0.5"), Actual: p("3")}, // 3.50
		{ID: "survey", Dimension: "public", Points: d("10"), Method: model.Rating, Actual: p("86.5")},                 // 8.65
		{ID: "share", Dimension: "public", Points: d("3"), Method: model.Ratio, Target: p("100"), Actual: p("83.5")},  // 2.51
	}}
	g := Site(site(sc, c)).Cycle("2024").Department("econ-a")
	want := []struct{ id, points, score, rate string }{
		{"finance", "5", "3.5", "0.7"},
		{"public", "23", "21.16", "0.92"}, // 10 + 8.65 + 2.51 = 21.16; 21.16/23 = 0.92
		{"growth", "0", "0", "0"},
	}
	if len(g.Dimensions) != len(want) {
		t.Fatalf("%d dimensions, want %d", len(g.Dimensions), len(want))
	}
	for i, w := range want {
		got := g.Dimensions[i]
		if got.ID != w.id || !got.Points.Equal(d(w.points)) || !got.Score.Equal(d(w.score)) || !got.Rate.Equal(d(w.rate)) {
			t.Errorf("dimension %d = {%s %s %s %s}, want %+v", i, got.ID, got.Points, got.Score, got.Rate, w)
		}
	}
	if !g.IndicatorScore.Equal(d("24.66")) || !g.Total.Equal(d("24.66")) { // 21.16 + 3.5
		t.Errorf("indicator score %s, total %s; want 24.66", g.IndicatorScore, g.Total)
	}
	if g.Dimension("public") != g.Dimensions[1] || g.Dimension("nope") != nil {
		t.Error("Dimension lookup")
	}
	if g.Indicator("survey") != g.Indicators[2] || g.Indicator("nope") != nil {
		t.Error("Indicator lookup")
	}
}

func TestDraftIndicatorsPending(t *testing.T) {
	c := &model.Scorecard{Department: "econ-a", Draft: true, Indicators: []*model.Indicator{
		{ID: "budget", Dimension: "public", Points: d("10"), Method: model.Ratio, Target: p("95")},
		{ID: "survey", Dimension: "public", Points: d("10"), Method: model.Rating, Actual: p("90")},
	}}
	g := Site(site(scheme(grades(nil, nil)), c)).Cycle("2024").Department("econ-a")
	if s := g.Indicators[0]; s.Status != Pending || !s.Score.IsZero() {
		t.Errorf("no actual: %s %s, want pending 0", s.Status, s.Score)
	}
	if !g.Total.Equal(d("9")) || g.Grade != "" || g.RankGroup != 0 || g.RankOverall != 0 {
		t.Errorf("draft: total %s grade %q ranks %d %d; want 9, ungraded, unranked", g.Total, g.Grade, g.RankGroup, g.RankOverall)
	}
}

func TestTrendsAcrossCycles(t *testing.T) {
	ind := func(id, method, dir, actual string) *model.Indicator {
		in := &model.Indicator{ID: id, Dimension: "public", Points: d("10"), Method: method, Direction: dir,
			Target: p("1"), Floor: p("3"), Per: p("1")}
		if method == model.Ratio {
			in.Target, in.Floor = p("95"), nil
		}
		if actual != "" {
			in.Actual = p(actual)
		}
		return in
	}
	newSite := func() *model.Site {
		old := &model.Scorecard{Department: "econ-a", Evaluated: model.Date{Year: 2024, Month: 2, Day: 1}, Indicators: []*model.Indicator{
			ind("days", model.Linear, model.Lower, "1.5"),
			ind("wait", model.Linear, model.Lower, "1"),
			ind("budget", model.Ratio, "", "98"),
			ind("rate", model.Ratio, model.Higher, "90"),
			ind("complaints", model.Deduct, model.Lower, "3"),
			ind("later", model.Ratio, "", ""),
		}}
		cur := &model.Scorecard{Department: "econ-a", Indicators: []*model.Indicator{
			ind("days", model.Linear, model.Lower, "1.2"),     // lower and fell: improving
			ind("wait", model.Linear, model.Lower, "1.3"),     // lower and rose: worsening
			ind("budget", model.Ratio, "", "97.3"),            // higher by default and fell: worsening
			ind("rate", model.Ratio, model.Higher, "92"),      // higher and rose: improving
			ind("complaints", model.Deduct, model.Lower, "3"), // same: unchanged
			ind("later", model.Ratio, "", "96"),               // no previous actual
			ind("new", model.Ratio, "", "96"),                 // not there before
		}}
		sc := scheme(grades(nil, nil))
		return &model.Site{
			Groups:      []*model.Group{{ID: "econ", Ranked: true}},
			Departments: []*model.Department{{ID: "econ-a", Group: "econ"}, {ID: "econ-b", Group: "econ"}},
			Cycles: []*model.Cycle{
				{ID: "2023", Scheme: sc, Cards: []*model.Scorecard{old}},
				{ID: "2024", Scheme: sc, Cards: []*model.Scorecard{cur, card("econ-b", "80")}},
			},
		}
	}
	want := map[string]struct{ prev, trend string }{
		"days": {"1.5", Improving}, "wait": {"1", Worsening}, "budget": {"98", Worsening},
		"rate": {"90", Improving}, "complaints": {"3", Unchanged}, "later": {"", ""}, "new": {"", ""},
	}
	check := func(t *testing.T, a, a0 *Department) {
		t.Helper()
		if a.Previous != a0 || a0.Previous != nil {
			t.Error("department links wrong")
		}
		for _, in := range a.Indicators {
			w := want[in.ID]
			prev := ""
			if in.Previous != nil {
				prev = in.Previous.String()
			}
			if prev != w.prev || in.Trend != w.trend {
				t.Errorf("%s: previous %q trend %q, want %q %q", in.ID, prev, in.Trend, w.prev, w.trend)
			}
		}
	}

	// Scored a cycle at a time, against the cycle before it thinned, the same.
	t.Run("thinned", func(t *testing.T) {
		s := newSite()
		c0 := Next(s, s.Cycles[0], nil)
		a0 := c0.Department("econ-a")
		before := a0.Pasts()
		c0.Thin()
		if a0.Indicators != nil || a0.Dimensions != nil || len(a0.Card.Indicators) != 0 || len(s.Cycles[0].Cards[0].Indicators) != 0 {
			t.Error("Thin kept the indicators")
		}
		if got := a0.Pasts(); !reflect.DeepEqual(got, before) || len(got) != 6 || got[2].ID != "budget" || got[2].Actual.String() != "98" {
			t.Errorf("Pasts after Thin = %+v, want %+v", got, before)
		}
		if a0.Card.Evaluated.String() != "2024-02-01" || a0.Card.Department != "econ-a" {
			t.Errorf("Thin lost the scorecard's department or date: %+v", a0.Card)
		}
		c := Next(s, s.Cycles[1], c0)
		check(t, c.Department("econ-a"), a0)
	})

	s := newSite()
	r := Site(s)
	if len(r.Cycles) != 2 || r.Cycles[0].ID != "2023" || r.Latest().ID != "2024" || r.Cycle("2025") != nil {
		t.Fatalf("cycles out of order or lookup wrong")
	}
	a, a0 := r.Cycle("2024").Department("econ-a"), r.Cycle("2023").Department("econ-a")
	check(t, a, a0)
	if r.Cycle("2024").Department("econ-b").Previous != nil {
		t.Error("econ-b is linked to a cycle it was not in")
	}
	if h := r.History("econ-a"); len(h) != 2 || h[0] != a0 || h[1] != a {
		t.Errorf("History(econ-a) = %v", h)
	}
	if h := r.History("econ-b"); len(h) != 1 {
		t.Errorf("History(econ-b) has %d entries, want 1", len(h))
	}
}

func TestSiteNeverPanics(t *testing.T) {
	if r := Site(nil); r == nil || len(r.Cycles) != 0 {
		t.Error("Site(nil)")
	}
	s := &model.Site{Cycles: []*model.Cycle{nil, {ID: "2024", Cards: []*model.Scorecard{
		nil,
		{Department: "ghost", Indicators: []*model.Indicator{nil}, Adjustments: []*model.Adjustment{nil, veto("unknown")}},
	}}}}
	c := Site(s).Cycle("2024")
	g := c.Department("ghost")
	if g == nil || g.Ranked || g.Grade != "" || !g.Total.IsZero() || len(g.Counted) != 2 {
		t.Errorf("ghost department: %+v", g)
	}
}
