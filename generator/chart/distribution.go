package chart

import (
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Distribution is a column chart of how many departments got each grade, in
// the given order of names (best grade first, as the scheme lists them). Bars
// rather than a pie: counts are compared by length, and every count is
// printed above its bar. The table has columns rowHeader and valueHeader.
func Distribution(id, title, summary, rowHeader, valueHeader string, names []string, counts []int) Chart {
	id = ident(id)
	items := make([]item, len(names))
	rows := make([][]string, len(names))
	for i, n := range names {
		c := 0
		if i < len(counts) {
			c = counts[i]
		}
		items[i] = item{Value: c}
		rows[i] = row(n, strconv.Itoa(c))
	}

	bar := charts.NewBar()
	bar.SetGlobalOptions(append(base(id, title, summary),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{
			Show:        opts.Bool(true),
			Trigger:     "axis",
			AxisPointer: &opts.AxisPointer{Type: "shadow"},
		}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "28", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type:      "category",
			AxisLabel: &opts.AxisLabel{Width: 72, Overflow: "break"},
		}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}),
	)...)
	bar.SetXAxis(names).AddSeries(valueHeader, nil,
		data(items),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "48" }),
	)

	option := encoder(bar, func(m *node) {
		everyLabel(first(m, "xAxis"))
	})
	return made(id, title, summary, distHeight, option, Table{Caption: title, Columns: []string{rowHeader, valueHeader}, Rows: rows})
}
