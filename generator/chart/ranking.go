package chart

import (
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// rankings is the ranking chart's skeleton: every cycle and dimension page
// draws one, with a bar for each department.
var rankings = skeleton{build: func(int) (builder, func(*node)) {
	return rankingChart("c", "t", "s", "n", []string{"c"}, barItems([]int{0}, Series{Values: []*float64{new(float64)}}))
}}

// Ranking is a horizontal bar chart of one value per category (a total per
// department), highest at the top, each bar labelled with its published text.
// Categories are ordered by value, highest first, keeping the given order
// among equals and putting gaps last; the table lists them in the same order
// with columns rowHeader and valueHeader (s.Name when valueHeader is empty).
//
// The drawing grows by barStep pixels a bar so 40 and more departments stay
// readable, and long names are cut with "…" (the table and the tooltip keep
// them whole) so a 360-pixel phone shows every label.
func Ranking(id, title, summary, rowHeader, valueHeader string, categories []string, s Series) Chart {
	id = ident(id)
	if valueHeader == "" {
		valueHeader = s.Name
	}
	name := s.Name
	if name == "" {
		name = valueHeader
	}

	order := make([]int, len(categories))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		va, vb := at(s, a), at(s, b)
		switch pa, pb := present(va), present(vb); {
		case !pa && !pb:
			return 0
		case !pa:
			return 1
		case !pb:
			return -1
		case *va > *vb:
			return -1
		case *va < *vb:
			return 1
		}
		return 0
	})

	cats := make([]string, len(order))
	rows, cells := make([][]string, len(order)), make([]string, 2*len(order))
	for k, i := range order {
		cats[k] = categories[i]
		rows[k] = cells[2*k : 2*k+2 : 2*k+2] // row(categories[i], cell(s, i))
		rows[k][0], rows[k][1] = categories[i], cell(s, i)
	}
	option := rankings.option(0, func(f *filling, m *node) {
		fillBase(f, m, title, summary)
		f.ownFirst(m, "yAxis").set("data", textArray(cats))
		e := f.ownAt(f.own(m, "series"), 0)
		e.set("name", optional(name))
		e.set("data", dataNode(len(order), order, s, true))
	})
	if verify != nil {
		verify(option, func() (builder, func(*node)) { return rankingChart(id, title, summary, name, cats, barItems(order, s)) })
	}
	return made(id, title, summary, clampHeight(barStep*len(cats)+barFrame), option, Table{Caption: title, Columns: []string{rowHeader, valueHeader}, Rows: rows})
}

// barItems are the data items of s's values in order, each labelled with its
// text when it has a value.
func barItems(order []int, s Series) []item {
	items := make([]item, len(order))
	for k, i := range order {
		items[k] = item{Value: value(at(s, i))}
		if present(at(s, i)) {
			items[k].Label = exact(cell(s, i))
		}
	}
	return items
}

// rankingChart is the ranking chart as go-echarts builds it, and the patch
// that finishes its option: Ranking's skeleton, and its reference in the tests.
func rankingChart(id, title, summary, name string, cats []string, items []item) (builder, func(*node)) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(base(id, title, summary),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{
			Show:        opts.Bool(true),
			Trigger:     "axis",
			AxisPointer: &opts.AxisPointer{Type: "shadow"},
		}),
		// Room on the right for the value labels, which containLabel ignores.
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "56", Top: "8", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:    "category",
			Inverse: opts.Bool(true), // first category at the top
			AxisLabel: &opts.AxisLabel{
				Width:    112,
				Overflow: "truncate",
				Ellipsis: "…",
			},
		}),
	)...)
	bar.SetXAxis(cats).
		AddSeries(name, nil,
			data(items),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}),
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "20" }),
		).
		XYReversal()
	return bar, func(m *node) {
		everyLabel(first(m, "yAxis"))
	}
}
