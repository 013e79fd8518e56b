package score

import (
	"math"
	"sort"
	"strconv"

	"perfsite/generator/decimal"
	"perfsite/generator/internal/parallel"
	"perfsite/generator/model"
)

// Site scores every cycle of s, oldest first, and links each department and
// indicator to the same id in the cycle before it (trends, change from last cycle).
//
// It takes no date: scoring does not depend on the day of the build (overdue
// rectifications are the site's to flag). Drafts are scored, and linked like any
// other scorecard; a caller that does not publish drafts leaves them out of s first.
// The input is assumed valid; gaps in it score 0 instead of failing.
func Site(s *model.Site) *Result {
	r := &Result{}
	if s == nil {
		return r
	}
	var prev *Cycle
	for _, mc := range s.Cycles {
		if mc == nil {
			continue
		}
		prev = Next(s, mc, prev)
		r.Cycles = append(r.Cycles, prev)
	}
	return r
}

// Next scores one cycle mc of s and links it to prev, the result of the cycle
// before it (nil for the first), as Site does for each cycle in turn. A build
// scores a large site this way, one cycle at a time; prev needs no more than its
// departments' totals, grades, ranks and indicator actuals.
func Next(s *model.Site, mc *model.Cycle, prev *Cycle) *Cycle {
	groups, depts := byID(s)
	scored := scoreCards(mc)
	c := cycle(mc, groups, depts, func(card *model.Scorecard, _ *model.Scheme) *Department { return scored[card] })
	if prev != nil {
		link(c, prev)
	}
	return c
}

// scoreCards scores each scorecard of a cycle alone, on every core: a scorecard's
// own scores depend on nothing else.
func scoreCards(mc *model.Cycle) map[*model.Scorecard]*Department {
	scheme := mc.Scheme
	if scheme == nil {
		scheme = &model.Scheme{}
	}
	ds := make([]*Department, len(mc.Cards))
	parallel.Each(len(mc.Cards), func(i int) {
		if mc.Cards[i] != nil {
			ds[i] = department(mc.Cards[i], scheme)
		}
	})
	scored := make(map[*model.Scorecard]*Department, len(ds))
	for i, d := range ds {
		scored[mc.Cards[i]] = d
	}
	return scored
}

// byID indexes the site's groups and departments by id.
func byID(s *model.Site) (map[string]*model.Group, map[string]*model.Department) {
	groups := map[string]*model.Group{}
	for _, g := range s.Groups {
		if g != nil {
			groups[g.ID] = g
		}
	}
	depts := map[string]*model.Department{}
	for _, d := range s.Departments {
		if d != nil {
			depts[d.ID] = d
		}
	}
	return groups, depts
}

// cycle scores one cycle: every scorecard, then grades and ranks per group. own
// scores one scorecard alone (department, or a cache of its results); it must
// return a Department that nothing else holds, since grading and ranking fill it in.
func cycle(mc *model.Cycle, groups map[string]*model.Group, depts map[string]*model.Department, own func(*model.Scorecard, *model.Scheme) *Department) *Cycle {
	c := &Cycle{ID: mc.ID, Scheme: mc.Scheme}
	scheme := mc.Scheme
	if scheme == nil {
		scheme = &model.Scheme{}
	}
	for _, card := range mc.Cards {
		if card == nil {
			continue
		}
		d := own(card, scheme)
		if md := depts[card.Department]; md != nil {
			d.Group = md.Group
			if g := groups[md.Group]; g != nil {
				d.Ranked = g.Ranked
			}
		}
		c.Departments = append(c.Departments, d)
	}
	sort.SliceStable(c.Departments, func(i, j int) bool { return c.Departments[i].ID < c.Departments[j].ID })
	grade(c.Departments, scheme)
	rank(c.Departments)
	return c
}

// department scores one scorecard alone: indicators, dimensions, adjustments and
// total. Group, grade and ranks need the rest of the cycle. Its indicators, their
// checkpoints and its dimensions are each made in one block.
func department(card *model.Scorecard, scheme *model.Scheme) *Department {
	d := &Department{ID: card.Department, Draft: card.Draft, Card: card}
	met, near := Thresholds(scheme)
	n := 0
	for _, in := range card.Indicators {
		if in != nil {
			n += min(len(in.Progress), len(scheme.Periods))
		}
	}
	work := &scratch{checkpoints: make([]Checkpoint, 0, n), words: words{b: make([]byte, 0, 512)}}
	results := make([]Indicator, len(card.Indicators))
	if len(card.Indicators) > 0 {
		d.Indicators = make([]*Indicator, len(card.Indicators))
	}
	for i, in := range card.Indicators {
		r := &results[i]
		score(r, in, met, near, scheme.Periods, card.Draft, work)
		d.Indicators[i] = r
		d.IndicatorScore = d.IndicatorScore.Add(r.Score)
	}
	dims := make([]Dimension, 0, len(scheme.Dimensions))
	for _, dim := range scheme.Dimensions {
		if dim == nil {
			continue
		}
		dims = append(dims, Dimension{Dimension: dim})
		sd := &dims[len(dims)-1]
		for _, r := range d.Indicators {
			if r.Dimension == dim.ID {
				sd.Points = sd.Points.Add(r.Points)
				sd.Score = sd.Score.Add(r.Score)
			}
		}
		if !sd.Points.IsZero() {
			sd.Rate = sd.Score.Quo(sd.Points)
		}
		d.Dimensions = append(d.Dimensions, sd)
	}
	adjust(d, card.Adjustments, scheme)
	d.Total = decimal.Max(zero, d.IndicatorScore.Add(d.Bonus).Sub(d.Penalty).Sub(d.VetoDeduct))
	return d
}

// adjust counts bonuses and penalties in file order until their caps are used up,
// and applies the veto rules named by the card.
func adjust(d *Department, adjs []*model.Adjustment, scheme *model.Scheme) {
	vetoes := map[string]*model.Veto{}
	for _, v := range scheme.Vetoes {
		if v != nil {
			vetoes[v.ID] = v
		}
	}
	d.Counted = make([]decimal.D, len(adjs))
	for i, a := range adjs {
		if a == nil {
			continue
		}
		switch a.Kind {
		case model.Bonus:
			d.Counted[i] = within(a.Points, d.Bonus, scheme.BonusCap)
			d.BonusClaimed = d.BonusClaimed.Add(a.Points)
			d.Bonus = d.Bonus.Add(d.Counted[i])
		case model.Penalty:
			d.Counted[i] = within(a.Points, d.Penalty, scheme.PenaltyCap)
			d.PenaltyClaimed = d.PenaltyClaimed.Add(a.Points)
			d.Penalty = d.Penalty.Add(d.Counted[i])
		case model.VetoAdj:
			if v := vetoes[a.Rule]; v != nil {
				d.Vetoes = append(d.Vetoes, v)
				d.Counted[i] = v.Deduct
				d.VetoDeduct = d.VetoDeduct.Add(v.Deduct)
			}
		}
	}
}

// within is how much of points still fits under limit when used is already counted.
func within(points, used decimal.D, limit *decimal.D) decimal.D {
	if limit == nil {
		return points
	}
	return decimal.Max(zero, decimal.Min(points, limit.Sub(used)))
}

// grade gives every final scorecard its grade: by total, capped by vetoes, then
// held to the quotas within each ranked group. Drafts stay ungraded.
func grade(ds []*Department, scheme *model.Scheme) {
	grades := scheme.Grades
	none := len(grades) // index meaning "no grade": the total is below every min
	idx := map[*Department]int{}
	for _, d := range ds {
		if d.Draft {
			continue
		}
		i := none
		for gi, g := range grades {
			if g != nil && g.Min.LessEq(d.Total) {
				i = gi
				break
			}
		}
		if i < none {
			d.GradeByScore = grades[i].Name
			for _, v := range d.Vetoes {
				if m := vetoCap(v, grades); m > i {
					i = m
					d.VetoCapped = true
				}
			}
		}
		idx[d] = i
	}

	byGroup := map[string][]*Department{}
	for _, d := range ds {
		if !d.Draft && d.Ranked {
			byGroup[d.Group] = append(byGroup[d.Group], d)
		}
	}
	for _, members := range byGroup {
		quota(members, grades, idx)
	}

	for d, i := range idx {
		if i < none {
			d.Grade = grades[i].Name
		}
	}
}

// vetoCap is the index of the best grade a vetoed department may hold; an unknown
// or missing max_grade means the lowest grade.
func vetoCap(v *model.Veto, grades []*model.Grade) int {
	for i, g := range grades {
		if g != nil && g.Name == v.MaxGrade {
			return i
		}
	}
	return len(grades) - 1
}

// quota applies each grade's quota to one ranked group, best grade first: of the
// holders ordered by total, at most floor(quota × n) keep the grade, and a tie at
// the last place kept drops as a whole; those dropped move to the next grade, whose
// own quota then applies. The lowest grade takes everyone who reaches it.
func quota(members []*Department, grades []*model.Grade, idx map[*Department]int) {
	n := decimal.Int(int64(len(members)))
	for gi := 0; gi < len(grades)-1; gi++ {
		g := grades[gi]
		if g == nil || g.Quota == nil {
			continue
		}
		var holders []*Department
		for _, d := range members {
			if idx[d] == gi {
				holders = append(holders, d)
			}
		}
		allowed := floor(g.Quota.Mul(n))
		if len(holders) <= allowed {
			continue
		}
		byTotal(holders)
		keep := max(allowed, 0)
		for keep > 0 && holders[keep-1].Total.Equal(holders[keep].Total) {
			keep--
		}
		for _, d := range holders[keep:] {
			idx[d] = gi + 1
			d.QuotaDemoted = true
		}
	}
}

// floor is the largest integer not above d, saturating for absurd sizes.
func floor(d decimal.D) int {
	r := d.Round(0)
	if r.Greater(d) {
		r = r.Sub(one)
	}
	i, err := strconv.Atoi(r.String())
	if err != nil {
		return math.MaxInt
	}
	return i
}

// byTotal orders departments by total, highest first, ties by id.
func byTotal(ds []*Department) {
	sort.SliceStable(ds, func(i, j int) bool {
		if c := ds[i].Total.Cmp(ds[j].Total); c != 0 {
			return c > 0
		}
		return ds[i].ID < ds[j].ID
	})
}

// rank numbers the final scorecards of ranked groups by total, within their group
// and over all of them; ties share a rank (1, 2, 2, 4).
func rank(ds []*Department) {
	var all []*Department
	byGroup := map[string][]*Department{}
	for _, d := range ds {
		if !d.Draft && d.Ranked {
			all = append(all, d)
			byGroup[d.Group] = append(byGroup[d.Group], d)
		}
	}
	number(all, func(d *Department, r int) { d.RankOverall = r })
	for _, g := range byGroup {
		number(g, func(d *Department, r int) { d.RankGroup = r })
	}
}

func number(ds []*Department, set func(*Department, int)) {
	ds = append([]*Department(nil), ds...)
	byTotal(ds)
	r := 0
	for i, d := range ds {
		if i == 0 || !d.Total.Equal(ds[i-1].Total) {
			r = i + 1
		}
		set(d, r)
	}
}

// link connects c to the cycle before it: each department to its previous result,
// and each indicator to the previous actual of the same id, read as a trend.
func link(c, prev *Cycle) {
	for _, d := range c.Departments {
		linkDepartment(d, prev)
	}
}

// linkDepartment connects one department of a cycle to the cycle before it.
func linkDepartment(d *Department, prev *Cycle) {
	p := prev.Department(d.ID)
	if p == nil {
		return
	}
	d.Previous = p
	for _, in := range d.Indicators {
		prevActual := p.actual(in.ID)
		if prevActual == nil {
			continue
		}
		in.Previous = prevActual // values never change, so one is shared
		in.Trend = trend(in.Indicator, *prevActual)
	}
}

// trend reads the change from the previous actual through the indicator's direction.
func trend(in *model.Indicator, prev decimal.D) string {
	if in.Actual == nil {
		return ""
	}
	c := in.Actual.Cmp(prev)
	if lower(in) {
		c = -c
	}
	switch {
	case c > 0:
		return Improving
	case c < 0:
		return Worsening
	}
	return Unchanged
}

// Cycle returns the cycle with the given id, or nil.
func (r *Result) Cycle(id string) *Cycle {
	for _, c := range r.Cycles {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// Latest returns the newest cycle, or nil when there is none.
func (r *Result) Latest() *Cycle {
	if len(r.Cycles) == 0 {
		return nil
	}
	return r.Cycles[len(r.Cycles)-1]
}

// History returns a department's results across cycles, oldest first, for the
// cycles in which it has a scorecard.
func (r *Result) History(id string) []*Department {
	var out []*Department
	for _, c := range r.Cycles {
		if d := c.Department(id); d != nil {
			out = append(out, d)
		}
	}
	return out
}

// Department returns the department's result in this cycle, or nil.
func (c *Cycle) Department(id string) *Department {
	i := sort.Search(len(c.Departments), func(i int) bool { return c.Departments[i].ID >= id })
	if i < len(c.Departments) && c.Departments[i].ID == id {
		return c.Departments[i]
	}
	return nil
}

// Ranking returns the ranked departments of a group (all ranked groups when group
// is ""), by rank, ties by department id. It is empty for an unranked group.
func (c *Cycle) Ranking(group string) []*Department {
	var out []*Department
	for _, d := range c.Departments {
		if !d.Draft && d.Ranked && (group == "" || d.Group == group) {
			out = append(out, d)
		}
	}
	byTotal(out)
	return out
}

// Indicator returns the result of the indicator with the given id, or nil.
func (d *Department) Indicator(id string) *Indicator {
	for _, in := range d.Indicators {
		if in.ID == id {
			return in
		}
	}
	return nil
}

// Dimension returns the department's score on the given dimension, or nil.
func (d *Department) Dimension(id string) *Dimension {
	for _, dim := range d.Dimensions {
		if dim.ID == id {
			return dim
		}
	}
	return nil
}
