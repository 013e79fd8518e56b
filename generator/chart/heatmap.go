package chart

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// HeatMap is a grid of rates in percent (0 to 100): one row per department,
// one column per dimension, each cell coloured on a continuous scale and
// labelled with its published text (text[r][c]; the number when that is
// empty). A nil value leaves the cell blank. Rows run top to bottom in the
// given order; the drawing grows by rowStep pixels a row and column names
// wrap, so it fits a phone. The table has rowHeader, then the columns.
func HeatMap(id, title, summary, rowHeader string, rows, cols []string, values [][]*float64, text [][]string) Chart {
	id = ident(id)
	var items []item
	table := make([][]string, len(rows))
	for r, rowName := range rows {
		s := Series{}
		if r < len(values) {
			s.Values = values[r]
		}
		if r < len(text) {
			s.Text = text[r]
		}
		cells := make([]string, len(cols))
		for c, colName := range cols {
			cells[c] = cell(s, c)
			if v := at(s, c); present(v) {
				items = append(items, item{
					// Named for the tooltip, which HTML-escapes names.
					Name:  rowName + " · " + colName + ": " + cells[c],
					Value: []any{c, r, *v},
					Label: exact(cells[c]),
				})
			}
		}
		table[r] = row(rowName, cells...)
	}

	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(append(base(id, title, summary),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "8", Bottom: "48", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type:      "category",
			Position:  "top",
			Data:      cols,
			AxisLabel: &opts.AxisLabel{Width: colLabelWidth(len(cols)), Overflow: "break"},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "category",
			Inverse:   opts.Bool(true), // first row at the top
			Data:      rows,
			AxisLabel: &opts.AxisLabel{Width: 96, Overflow: "truncate", Ellipsis: "…"},
		}),
		charts.WithVisualMapOpts(opts.VisualMap{
			Type:       "continuous",
			Calculable: opts.Bool(false),
			Min:        0,
			Max:        100,
			Orient:     "horizontal",
			Left:       "center",
			Bottom:     "0",
			Text:       []string{"100", "0"},
			InRange:    &opts.VisualMapInRange{Color: heatColors},
		}),
	)...)
	hm.AddSeries(title, nil,
		data(items),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Color: heatText}),
	)

	option := encoder(hm, func(m *node) {
		everyLabel(first(m, "xAxis"))
		everyLabel(first(m, "yAxis"))
		// Rates are 0–100 whatever the data: pin the scale (go-echarts
		// drops a zero min) and size its bar to fit a phone.
		if vm := first(m, "visualMap"); vm != nil {
			vm.set("min", integer(0))
			vm.set("max", integer(100))
			vm.set("itemHeight", integer(160))
			vm.set("itemWidth", integer(14))
		}
	})
	return made(id, title, summary, clampHeight(rowStep*len(rows)+heatFrame), option, Table{Caption: title, Columns: append([]string{rowHeader}, cols...), Rows: table})
}

// colLabelWidth is the width at which a column name wraps: its share of the
// 240 pixels a phone leaves beside the row names, less a gap, so names never
// run into each other (two Chinese characters a line for six columns).
func colLabelWidth(n int) int {
	if n == 0 {
		return 96
	}
	return min(96, max(24, 240/n-8))
}
