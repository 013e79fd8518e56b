package render

import (
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

// TestDimensionRangesInOnePass holds the methodology's range of points per
// dimension, read in one pass over the scorecards, to the range read over
// them once for each dimension, on the example's cycles, with a dimension
// no indicator has, one listed twice, and no scorecards.
func TestDimensionRangesInOnePass(t *testing.T) {
	rangeOf := func(cards []*model.Scorecard, id string) string {
		var lo, hi *decimal.D
		for _, card := range cards {
			sum := decimal.Int(0)
			for _, in := range card.Indicators {
				if in.Dimension == id {
					sum = sum.Add(in.Points)
				}
			}
			if lo == nil || sum.Less(*lo) {
				lo = &sum
			}
			if hi == nil || sum.Greater(*hi) {
				v := sum
				hi = &v
			}
		}
		if lo == nil {
			return ""
		}
		if lo.Equal(*hi) {
			return exact(*lo)
		}
		return exact(*lo) + "–" + exact(*hi)
	}
	b, _ := testBuilder(t, exampleSite(t), Options{Drafts: true, Today: today}, nil, nil)
	check := func(c *cycleData) {
		t.Helper()
		d := b.methodologyPage(c).Data.(*MethodologyData)
		if len(d.Dimensions) != len(c.m.Scheme.Dimensions) {
			t.Fatalf("%s: %d dimensions, want %d", c.m.ID, len(d.Dimensions), len(c.m.Scheme.Dimensions))
		}
		for i, dim := range c.m.Scheme.Dimensions {
			if got, want := d.Dimensions[i].Range, rangeOf(c.m.Cards, dim.ID); got != want {
				t.Errorf("%s, %s: range %q, want %q", c.m.ID, dim.ID, got, want)
			}
		}
	}
	ranges := 0
	for _, c := range b.cycles {
		check(c)
		dims, cards := c.m.Scheme.Dimensions, c.m.Cards
		if len(dims) > 0 && rangeOf(cards, dims[0].ID) != rangeOf(cards[:1], dims[0].ID) {
			ranges++ // some dimension's points differ between scorecards
		}
		c.m.Scheme.Dimensions = append([]*model.Dimension{{ID: "none", Name: "none"}}, dims...)
		if len(dims) > 0 {
			c.m.Scheme.Dimensions = append(c.m.Scheme.Dimensions, dims[len(dims)-1])
		}
		check(c)
		c.m.Cards = nil
		check(c)
		c.m.Scheme.Dimensions, c.m.Cards = dims, cards
	}
	if ranges == 0 {
		t.Error("no cycle of the example has a dimension whose points differ between scorecards")
	}
}
