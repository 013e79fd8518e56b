package render

import (
	"html/template"
	"maps"
	"slices"
	"sort"

	"perfsite/generator/chart"
	"perfsite/generator/decimal"
	"perfsite/generator/score"
)

// CycleData is the home page (layout home.html, the newest cycle) and each
// cycle's page (cycle.html): headline figures, rankings, charts, narrative.
type CycleData struct {
	ID               string
	Title            string        // the scheme's title
	Link             Link          // the cycle's own page
	HomeNarrative    template.HTML // home page only: content/_index.md
	Narrative        template.HTML // content/<cycle>/_index.md
	TargetsPublished string        // dates, "" when not given
	ResultsPublished string
	Assessed         int    // final scorecards
	Drafts           int    // provisional scorecards
	Average          string // average total of the final scorecards, "" when none
	Grades           []GradeCount
	Groups           []*GroupRanking // ranked groups first, in departments.toml order; then unranked ones
	GradeChart       *chart.Chart
	HeatChart        *chart.Chart
	Dimensions       []Link
	Methodology      Link
	Data             Link
	Progress         []PeriodProgress // cycle page only
	Cycles           []Link           // every cycle, newest first
}

// GradeCount is how many final scorecards hold a grade.
type GradeCount struct {
	Name  string
	Count int
}

// GroupRanking is one group's table.
type GroupRanking struct {
	ID     string
	Name   string
	Ranked bool
	Rows   []RankRow
	Chart  *chart.Chart
	b      *builder // for the table's rows: see rows.go
}

// RankRow is one department in a ranking table.
type RankRow struct {
	ID     string
	Rank   int // 0: not ranked (draft or unranked group)
	Dept   Link
	Total  string
	Grade  string // "" for drafts
	Draft  bool
	Change Change
}

// PeriodProgress counts the checkpoints of one period by status.
type PeriodProgress struct {
	Period  string
	OnTrack int
	Behind  int
	AtRisk  int
	Total   int
}

func (b *builder) cyclePage(c *cycleData, home bool, links *cycleLinks) *Page {
	id := c.m.ID
	sch := c.m.Scheme
	d := &CycleData{
		ID:               id,
		Title:            sch.Title,
		Link:             Link{URL: b.url(id + "/"), Text: sch.Title},
		TargetsPublished: sch.TargetsPublished.String(),
		ResultsPublished: sch.ResultsPublished.String(),
		Methodology:      Link{URL: b.url(id + "/methodology/"), Text: b.t("methodology_title", sch.Title)},
		Data:             Link{URL: b.url("data/"), Text: b.t("data_title")},
	}
	if d.Title == "" {
		d.Title = id
		d.Link.Text = id
	}
	d.Narrative, _ = b.narrative("content/" + id + "/_index.md")
	for i := len(b.cycles) - 1; i >= 0; i-- {
		oc := b.cycles[i]
		d.Cycles = append(d.Cycles, Link{URL: b.url(oc.m.ID + "/"), Text: oc.m.ID})
	}
	for _, dim := range sch.Dimensions {
		d.Dimensions = append(d.Dimensions, Link{URL: b.dimensionURL(id, dim.ID), Text: dim.Name})
	}

	provisional := false
	sum := decimal.Int(0)
	gradeCount := map[string]int{}
	for _, r := range c.r.Departments {
		if r.Draft {
			d.Drafts++
			provisional = true
			continue
		}
		d.Assessed++
		sum = sum.Add(r.Total)
		gradeCount[r.Grade]++
	}
	if d.Assessed > 0 {
		d.Average = points(sum.Quo(decimal.Int(int64(d.Assessed))))
	}
	for _, g := range sch.Grades {
		d.Grades = append(d.Grades, GradeCount{Name: g.Name, Count: gradeCount[g.Name]})
	}
	d.Groups = b.rankings(c, links)
	for _, g := range d.Groups {
		g.Chart = b.rankingChart(c, g, home)
	}
	d.GradeChart = b.gradeChart(c, d.Grades, home)
	d.HeatChart = b.heatChart(c, d.Groups, home)

	p := &Page{
		Rel:         id + "/",
		Layout:      "cycle.html",
		Title:       d.Title,
		Provisional: provisional,
		Crumbs:      b.crumbs(Link{Text: d.Title}),
		Data:        d,
	}
	if home {
		d.HomeNarrative, _ = b.narrative("content/_index.md")
		p.Rel, p.Layout, p.Title, p.Crumbs = "", "home.html", b.s.Config.Title, nil
	} else {
		d.Progress = progressOverview(c)
		if nc := b.content["content/"+id+"/_index.md"]; nc != nil && nc.Description != "" {
			p.Description = nc.Description
		}
	}
	p.Charts = d.GradeChart != nil || d.HeatChart != nil
	for _, g := range d.Groups {
		p.Charts = p.Charts || g.Chart != nil
	}
	return p
}

// rankings groups a cycle's departments into ranking tables: each group in
// departments.toml order, ranked groups first. A ranked group lists its final
// scorecards by rank (ties by id); an unranked group by total, highest first.
// Drafts come last, by id, unranked.
func (b *builder) rankings(c *cycleData, links *cycleLinks) []*GroupRanking {
	byGroup := map[string][]*score.Department{}
	for _, r := range c.r.Departments {
		byGroup[r.Group] = append(byGroup[r.Group], r)
	}
	var out []*GroupRanking
	var t texts // a row for each scorecard of the cycle
	add := func(id string) {
		rs := byGroup[id]
		if len(rs) == 0 {
			return
		}
		delete(byGroup, id)
		g := &GroupRanking{ID: id, Name: id, b: b}
		if mg := b.groups[id]; mg != nil {
			g.Name, g.Ranked = mg.Name, mg.Ranked
		}
		sorted := append([]*score.Department(nil), rs...)
		sort.SliceStable(sorted, func(i, j int) bool {
			x, y := sorted[i], sorted[j]
			if x.Draft != y.Draft {
				return !x.Draft
			}
			if x.Draft {
				return x.ID < y.ID
			}
			if g.Ranked && x.RankGroup != y.RankGroup {
				return x.RankGroup < y.RankGroup
			}
			if cmp := x.Total.Cmp(y.Total); cmp != 0 {
				return cmp > 0
			}
			return x.ID < y.ID
		})
		g.Rows = make([]RankRow, 0, len(sorted))
		for _, r := range sorted {
			g.Rows = append(g.Rows, RankRow{
				ID:     r.ID,
				Rank:   r.RankGroup,
				Dept:   Link{URL: links.scorecardURL(b, c.m.ID, r.ID), Text: b.deptName(r.ID)},
				Total:  t.points(r.Total),
				Grade:  r.Grade,
				Draft:  r.Draft,
				Change: b.change(r),
			})
		}
		out = append(out, g)
	}
	for _, ranked := range []bool{true, false} {
		for _, g := range b.s.Groups {
			if g.Ranked == ranked {
				add(g.ID)
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(byGroup)) { // groups departments.toml does not name
		add(id)
	}
	return out
}

// progressOverview counts, per period of the scheme, the checkpoints of every
// scorecard of the cycle by status, in one pass over them.
func progressOverview(c *cycleData) []PeriodProgress {
	periods := c.m.Scheme.Periods
	if len(periods) == 0 {
		return nil
	}
	out := make([]PeriodProgress, len(periods))
	index := make(map[string]int, len(periods))
	for i := len(periods) - 1; i >= 0; i-- { // a period named twice counts in each
		out[i].Period = periods[i]
		index[periods[i]] = i
	}
	for _, r := range c.r.Departments {
		for _, in := range r.Indicators {
			for _, cp := range in.Progress {
				if k, ok := index[cp.Period]; ok {
					out[k].count(cp.Status)
				}
			}
		}
	}
	for i, p := range periods {
		if k := index[p]; k != i {
			out[i] = out[k]
		}
	}
	return out
}

// count adds a checkpoint of the status.
func (pp *PeriodProgress) count(status string) {
	pp.Total++
	switch status {
	case score.OnTrack:
		pp.OnTrack++
	case score.Behind:
		pp.Behind++
	case score.AtRisk:
		pp.AtRisk++
	}
}

// deptName is a department's full name, or its id when departments.toml lacks it.
func (b *builder) deptName(id string) string {
	if d := b.depts[id]; d != nil && d.Name != "" {
		return d.Name
	}
	return id
}

// deptLabel is the short name for charts.
func (b *builder) deptLabel(id string) string {
	if d := b.depts[id]; d != nil {
		return d.Label()
	}
	return id
}
