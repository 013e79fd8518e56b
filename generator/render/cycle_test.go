package render

import (
	"reflect"
	"testing"

	"perfsite/generator/score"
)

// TestProgressOverviewCountsEachPeriod holds progressOverview, one pass over
// the checkpoints, to a count per period of the scheme, on the example's
// cycles, with a period the scheme lists twice and one it lacks.
func TestProgressOverviewCountsEachPeriod(t *testing.T) {
	perPeriod := func(c *cycleData) []PeriodProgress {
		var out []PeriodProgress
		for _, period := range c.m.Scheme.Periods {
			pp := PeriodProgress{Period: period}
			for _, r := range c.r.Departments {
				for _, in := range r.Indicators {
					for _, cp := range in.Progress {
						if cp.Period == period {
							pp.count(cp.Status)
						}
					}
				}
			}
			out = append(out, pp)
		}
		return out
	}
	b, _ := testBuilder(t, exampleSite(t), Options{Drafts: true, Today: today}, nil, nil)
	checked := 0
	for _, c := range b.cycles {
		want := perPeriod(c)
		if got := progressOverview(c); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", c.m.ID, got, want)
		}
		for _, pp := range want {
			checked += pp.Total
		}
		periods := c.m.Scheme.Periods
		if len(periods) > 0 {
			c.m.Scheme.Periods = append([]string{"none", periods[len(periods)-1]}, periods...)
			if got, want := progressOverview(c), perPeriod(c); !reflect.DeepEqual(got, want) {
				t.Errorf("%s with %v: got %+v, want %+v", c.m.ID, c.m.Scheme.Periods, got, want)
			}
			c.m.Scheme.Periods = periods
		}
	}
	if checked == 0 {
		t.Error("the example has no checkpoints")
	}
	var pp PeriodProgress
	for _, st := range []string{score.OnTrack, score.Behind, score.AtRisk, score.AtRisk, ""} {
		pp.count(st)
	}
	if want := (PeriodProgress{OnTrack: 1, Behind: 1, AtRisk: 2, Total: 5}); pp != want {
		t.Errorf("count: %+v, want %+v", pp, want)
	}
}
