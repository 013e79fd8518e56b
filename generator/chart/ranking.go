package chart

import (
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

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
	items := make([]item, len(order))
	rows := make([][]string, len(order))
	for k, i := range order {
		cats[k] = categories[i]
		items[k] = item{Value: value(at(s, i))}
		if present(at(s, i)) {
			items[k].Label = exact(cell(s, i))
		}
		rows[k] = row(categories[i], cell(s, i))
	}

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

	option := encoder(bar, func(m *node) {
		everyLabel(first(m, "yAxis"))
	})
	return Chart{
		ID:      id,
		Title:   title,
		Summary: summary,
		Height:  clampHeight(barStep*len(cats) + barFrame),
		Option:  option,
		written: option,
		Table:   Table{Caption: title, Columns: []string{rowHeader, valueHeader}, Rows: rows},
	}
}
