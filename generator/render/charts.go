package render

import (
	"perfsite/generator/chart"
	"perfsite/generator/decimal"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// The charts of the pages. Each returns nil when there is too little to draw;
// the page's tables carry the numbers either way.

var hundred = decimal.Int(100)

func pct(rate decimal.D) *float64 {
	f := pctOf(rate)
	return &f
}

// pctOf is a rate as a percentage to 1 decimal, as charts draw it.
func pctOf(rate decimal.D) float64 { return drawnPercentage(rate.Mul(hundred)) }

// drawnPercentage is pctOf of a rate already multiplied by 100.
func drawnPercentage(p decimal.D) float64 { return p.Round(1).Float64() }

func cyclePageRel(c *cycleData, home bool) string {
	if home {
		return ""
	}
	return c.m.ID + "/"
}

// rankingChart is one group's totals as bars, final scorecards only (drafts have no rank).
func (b *builder) rankingChart(c *cycleData, g *GroupRanking, home bool) *chart.Chart {
	n := len(g.Rows)
	cats := make([]string, 0, n)
	s := chart.Series{Name: b.t("col_total"), Values: make([]*float64, 0, n), Text: make([]string, 0, n)}
	totals := make([]float64, n) // the drawn totals, made at once
	for i, row := range g.Rows {
		if row.Draft {
			continue
		}
		totals[i] = c.byID[row.ID].Total.Float64()
		cats = append(cats, b.deptLabel(row.ID))
		s.Values = append(s.Values, &totals[i])
		s.Text = append(s.Text, row.Total)
	}
	if len(cats) == 0 {
		return nil
	}
	title := b.tStrings("chart_ranking_title", g.Name)
	if !g.Ranked {
		title = b.tStrings("chart_unranked_title", g.Name)
	}
	top := g.Rows[0]
	ch := chart.Ranking(chart.ID(cyclePageRel(c, home), "ranking "+g.ID), title,
		b.t("chart_ranking_summary", len(cats), top.Dept.Text, top.Total),
		b.t("col_department"), b.t("col_total"), cats, s)
	return &ch
}

// gradeChart is how many final scorecards got each grade.
func (b *builder) gradeChart(c *cycleData, grades []GradeCount, home bool) *chart.Chart {
	n := 0
	var names []string
	var counts []int
	most := -1
	for i, g := range grades {
		names = append(names, g.Name)
		counts = append(counts, g.Count)
		n += g.Count
		if most < 0 || g.Count > grades[most].Count {
			most = i
		}
	}
	if n == 0 {
		return nil
	}
	ch := chart.Distribution(chart.ID(cyclePageRel(c, home), "grades"), b.t("chart_grades_title"),
		b.t("chart_grades_summary", n, grades[most].Name, grades[most].Count),
		b.t("col_grade"), b.t("col_departments"), names, counts)
	return &ch
}

// heatChart is every scorecard's rate on every dimension, in the order of the
// ranking tables (groups, from rankings).
func (b *builder) heatChart(c *cycleData, groups []*GroupRanking, home bool) *chart.Chart {
	dims := c.m.Scheme.Dimensions
	if len(dims) == 0 || len(c.r.Departments) == 0 {
		return nil
	}
	cols := make([]string, 0, len(dims))
	for _, d := range dims {
		cols = append(cols, d.Name)
	}
	n := len(c.r.Departments)
	rows, values, text := make([]string, 0, n), make([][]*float64, 0, n), make([][]string, 0, n)
	cells := makeHeatCells(n * len(dims))
	var t texts // a cell for each scorecard of the cycle on each dimension
	for _, g := range groups {
		for _, row := range g.Rows {
			r := c.byID[row.ID]
			label := b.deptLabel(row.ID)
			if r.Draft {
				label = b.tStrings("draft_label", label)
			}
			rows = append(rows, label)
			vs, ts, drawn := cells.next(len(dims))
			for i, sd := range r.Dimensions {
				if i < len(dims) && sd.Points.Sign() > 0 {
					p100 := sd.Rate.Mul(hundred)
					drawn[i] = drawnPercentage(p100)
					vs[i], ts[i] = &drawn[i], t.percentage(p100)
				}
			}
			values = append(values, vs)
			text = append(text, ts)
		}
	}
	ch := chart.HeatMap(chart.ID(cyclePageRel(c, home), "heatmap"), b.t("chart_heat_title"),
		b.t("chart_heat_summary", len(rows), len(cols)), b.t("col_department"), rows, cols, values, text)
	return &ch
}

// heatCells are the cells of heatChart's rows, made at once: a cycle has a row
// for each of its thousands of scorecards.
type heatCells struct {
	values []*float64
	text   []string
	drawn  []float64
}

func makeHeatCells(n int) heatCells {
	return heatCells{make([]*float64, n), make([]string, n), make([]float64, n)}
}

// next takes the cells of a row of n, making more if the rows outnumber those
// the cells were made for.
func (hc *heatCells) next(n int) ([]*float64, []string, []float64) {
	if len(hc.values) < n {
		*hc = makeHeatCells(n)
	}
	vs, ts, fs := hc.values[:n:n], hc.text[:n:n], hc.drawn[:n:n]
	hc.values, hc.text, hc.drawn = hc.values[n:], hc.text[n:], hc.drawn[n:]
	return vs, ts, fs
}

// dimensionRate is a scorecard's rate on one dimension, as the table and the
// chart show it; a dimension without points has none.
type dimensionRate struct {
	scored bool
	text   string
	drawn  *float64
}

// radarChart compares a scorecard's dimension rates (rates, in the order of
// r.Dimensions) with its group's average (nil when the group has none).
// It needs three dimensions with points; fewer make no polygon.
func (b *builder) radarChart(c *cycleData, r *score.Department, rates []dimensionRate, avgText []string, avgDrawn []*float64) *chart.Chart {
	n := len(r.Dimensions)
	axes, maxes := make([]string, 0, n), make([]float64, 0, n)
	own := chart.Series{Name: b.deptLabel(r.ID), Values: make([]*float64, 0, n), Text: make([]string, 0, n)}
	group := chart.Series{Name: b.t("group_average")}
	if avgText != nil {
		group.Values, group.Text = make([]*float64, 0, n), make([]string, 0, n)
	}
	for i, sd := range r.Dimensions {
		if !rates[i].scored {
			continue
		}
		axes = append(axes, sd.Name)
		maxes = append(maxes, 100)
		own.Values = append(own.Values, rates[i].drawn)
		own.Text = append(own.Text, rates[i].text)
		if avgText != nil && i < len(avgText) {
			group.Values = append(group.Values, avgDrawn[i])
			group.Text = append(group.Text, avgText[i])
		}
	}
	if len(axes) < 3 {
		return nil
	}
	series := append(make([]chart.Series, 0, 2), own) // with room for the group's
	if avgText != nil {
		series = append(series, group)
	}
	ch := chart.Radar(chart.ID(c.m.ID+"/"+r.ID+"/", "radar"), b.t("chart_radar_title"),
		b.tStrings("chart_radar_summary", b.deptName(r.ID)), b.t("col_dimension"), axes, maxes, series)
	return &ch
}

// totalsChart is a department's total over the cycles; it needs two cycles.
func (b *builder) totalsChart(id string, rows []HistoryRow, results []*score.Department) *chart.Chart {
	if len(rows) < 2 {
		return nil
	}
	n := len(rows)
	xs, totals := make([]string, n), make([]float64, n)
	s := chart.Series{Name: b.t("col_total"), Values: make([]*float64, n), Text: make([]string, n)}
	for i, row := range rows {
		totals[i] = results[i].Total.Float64()
		xs[i], s.Values[i], s.Text[i] = row.Cycle, &totals[i], row.Total
	}
	first, last := rows[0], rows[len(rows)-1]
	ch := chart.Line(chart.ID("departments/"+id+"/", "totals"), b.t("chart_totals_title"),
		b.tStrings("chart_totals_summary", first.Cycle, first.Total, last.Cycle, last.Total),
		b.t("col_cycle"), xs, []chart.Series{s})
	return &ch
}

// trendChart is one key indicator's actual (and target) over the cycles; nil when
// fewer than two cycles have an actual.
func (b *builder) trendChart(dept string, in *score.Past, cycles []string, actual, target chart.Series, withTarget bool) *chart.Chart {
	n, first, last := 0, -1, -1
	for i, v := range actual.Values {
		if v != nil {
			n++
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if n < 2 {
		return nil
	}
	actual.Name, target.Name = b.t("col_actual"), b.t("col_target")
	series := append(make([]chart.Series, 0, 2), actual) // with room for the target
	if withTarget {
		series = append(series, target)
	}
	title := in.Name
	if in.Unit != "" {
		title = b.tStrings("chart_trend_title", in.Name, in.Unit)
	}
	ch := chart.Line(chart.ID("departments/"+dept+"/", "trend_"+in.ID), title,
		b.tStrings("chart_trend_summary", in.Name, cycles[first], actual.Text[first], cycles[last], actual.Text[last], b.directionWord(in.Direction)),
		b.t("col_cycle"), cycles, series)
	return &ch
}

// dimensionChart is the final scorecards' rates on one dimension as bars:
// drawn holds each row's rate as drawn, nil for a dimension without points.
func (b *builder) dimensionChart(c *cycleData, dim *model.Dimension, rows []DimensionRank, drawn []*float64) *chart.Chart {
	cats := make([]string, 0, len(rows))
	s := chart.Series{Name: b.t("col_rate"), Values: make([]*float64, 0, len(rows)), Text: make([]string, 0, len(rows))}
	for i, row := range rows {
		if row.Draft || drawn[i] == nil {
			continue
		}
		cats = append(cats, b.deptLabel(row.ID))
		s.Values = append(s.Values, drawn[i])
		s.Text = append(s.Text, row.Rate)
	}
	if len(cats) == 0 {
		return nil
	}
	ch := chart.Ranking(chart.ID(c.m.ID+"/dimensions/"+dim.ID+"/", "rates"), b.tStrings("chart_dimension_title", dim.Name),
		b.t("chart_dimension_summary", dim.Name, len(cats)), b.t("col_department"), b.t("col_rate"), cats, s)
	return &ch
}
