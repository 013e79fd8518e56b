// Package score is the scoring arithmetic of SPEC §7: pure functions from a loaded
// site to results, in exact decimals. No I/O, no templates.
package score

import (
	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

// Indicator statuses.
const (
	Met     = "met"
	Near    = "near"
	Missed  = "missed"
	Pending = "pending"
)

// Checkpoint statuses (progress at a period).
const (
	OnTrack = "on_track"
	Behind  = "behind"
	AtRisk  = "at_risk"
)

// Trends across cycles.
const (
	Improving = "improving"
	Worsening = "worsening"
	Unchanged = "unchanged"
)

// Result is the scoring of every cycle of a site.
type Result struct {
	Cycles []*Cycle // same order as model.Site.Cycles (oldest first)
}

// Cycle is the scoring of one cycle.
type Cycle struct {
	ID          string
	Scheme      *model.Scheme
	Departments []*Department // every scorecard of the cycle (drafts included), sorted by department id
}

// Department is one department's result in one cycle.
type Department struct {
	ID     string
	Group  string
	Ranked bool // its group is ranked
	Draft  bool // provisional: never graded or ranked
	Card   *model.Scorecard

	Indicators []*Indicator // in Card.Indicators order
	Dimensions []*Dimension // in scheme order, every dimension of the scheme (points 0 when none)

	IndicatorScore decimal.D // Σ indicator scores
	BonusClaimed   decimal.D // Σ bonus points before the cap
	Bonus          decimal.D // counted: min(BonusClaimed, bonus_cap)
	PenaltyClaimed decimal.D
	Penalty        decimal.D
	VetoDeduct     decimal.D     // Σ deduct of the vetoes that apply (uncapped)
	Vetoes         []*model.Veto // rules that apply, in card order
	Counted        []decimal.D   // per Card.Adjustments entry: points that count after caps (veto: its deduct)
	Total          decimal.D     // never below 0

	Grade        string // "" for drafts, and when the total is below every grade's min
	GradeByScore string // the grade from total alone, before veto cap and quota
	VetoCapped   bool   // a veto lowered the grade
	QuotaDemoted bool   // a quota lowered the grade
	RankGroup    int    // 0: none (draft or unranked group)
	RankOverall  int    // 0: none

	Previous *Department // the same department in the previous cycle, if scored there

	past []Past // the indicators once Thin has let them go; see Pasts
}

// Indicator is one indicator's result.
type Indicator struct {
	*model.Indicator
	Fraction   decimal.D // f after clamping to [0, cap]
	Score      decimal.D // W × f, rounded to 2 decimals half away from zero
	Status     string    // met | near | missed | pending
	Derivation string    // e.g. "8 × (1.2 − 3)/(1 − 3) = 7.20"
	Progress   []Checkpoint
	Previous   *decimal.D // the actual of the same indicator id in the previous cycle
	Trend      string     // improving | worsening | unchanged | "" (no previous)
}

// Checkpoint is progress at one period of the scheme.
type Checkpoint struct {
	*model.PeriodValue           // the period and the value reached, as the scorecard gives them
	Expected           decimal.D // the milestone, or the target when there is none
	Fraction           decimal.D
	Status             string // on_track | behind | at_risk
	HasExpected        bool   // false when there is neither (bands, deduct, rating score the value alone)
}

// Dimension is a department's score on one dimension.
type Dimension struct {
	*model.Dimension
	Points decimal.D // Σ points of its indicators
	Score  decimal.D // Σ scores of its indicators
	Rate   decimal.D // Score / Points (exact), 0 when Points is 0
}
