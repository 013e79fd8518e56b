package render

import (
	"slices"
	"strings"

	"perfsite/generator/chart"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// DimensionData is every department on one dimension in one cycle (layout dimension.html).
type DimensionData struct {
	Cycle       Link
	CycleID     string
	ID          string
	Name        string
	Description string
	Rows        []DimensionRank // by rate, highest first; drafts last
	Chart       *chart.Chart
	Others      []Link   // the cycle's other dimensions
	b           *builder // for the table's rows: see rows.go
}

// DimensionRank is one department's result on the dimension.
type DimensionRank struct {
	ID     string
	Dept   Link // the scorecard page
	Group  string
	Points string
	Score  string
	Rate   string
	Draft  bool
}

func (b *builder) dimensionPage(c *cycleData, dim *model.Dimension, links *cycleLinks) *Page {
	cid := c.m.ID
	d := &DimensionData{
		Cycle:       Link{URL: b.url(cid + "/"), Text: orID(c.m.Scheme.Title, cid)},
		CycleID:     cid,
		ID:          dim.ID,
		Name:        dim.Name,
		Description: dim.Description,
		b:           b,
	}
	for _, o := range c.m.Scheme.Dimensions {
		if o.ID != dim.ID {
			d.Others = append(d.Others, Link{URL: b.dimensionURL(cid, o.ID), Text: o.Name})
		}
	}
	type entry struct {
		r   *score.Department
		dim *score.Dimension
	}
	es := make([]entry, 0, len(c.r.Departments))
	provisional := false
	for _, r := range c.r.Departments {
		for _, sd := range r.Dimensions {
			if sd.ID == dim.ID {
				es = append(es, entry{r, sd})
			}
		}
		provisional = provisional || r.Draft
	}
	slices.SortStableFunc(es, func(x, y entry) int {
		if x.r.Draft != y.r.Draft {
			if x.r.Draft {
				return 1
			}
			return -1
		}
		if c := y.dim.Rate.Cmp(x.dim.Rate); c != 0 {
			return c
		}
		return strings.Compare(x.r.ID, y.r.ID)
	})
	if len(es) > 0 {
		d.Rows = make([]DimensionRank, 0, len(es))
	}
	var t texts // a row for each scorecard of the cycle
	drawn := make([]*float64, len(es))
	rates := make([]float64, len(es)) // the drawn rates, made at once
	for i, e := range es {
		rate := ""
		if e.dim.Points.Sign() > 0 {
			p100 := e.dim.Rate.Mul(hundred)
			rate, rates[i] = t.percentage(p100), drawnPercentage(p100)
			drawn[i] = &rates[i]
		}
		group := e.r.Group
		if g := b.groups[group]; g != nil {
			group = g.Name
		}
		d.Rows = append(d.Rows, DimensionRank{
			ID:     e.r.ID,
			Dept:   Link{URL: links.scorecardURL(b, cid, e.r.ID), Text: b.deptName(e.r.ID)},
			Group:  group,
			Points: t.exact(e.dim.Points),
			Score:  t.points(e.dim.Score),
			Rate:   rate,
			Draft:  e.r.Draft,
		})
	}
	d.Chart = b.dimensionChart(c, dim, d.Rows, drawn)
	return &Page{
		Rel:         cid + "/dimensions/" + dim.ID + "/",
		Layout:      "dimension.html",
		Title:       b.tStrings("dimension_title", dim.Name, orID(c.m.Scheme.Title, cid)),
		Description: dim.Description,
		Provisional: provisional,
		Charts:      d.Chart != nil,
		Crumbs:      b.crumbs(d.Cycle, Link{Text: dim.Name}),
		Data:        d,
	}
}
