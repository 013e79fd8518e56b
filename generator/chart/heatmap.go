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
	var drawn []heatCell
	table := make([][]string, len(rows))
	w := 1 + len(cols)
	cells := make([]string, w*len(rows)) // the table's rows, made at once: row(rowName, cells...) each
	for r, rowName := range rows {
		s := Series{}
		if r < len(values) {
			s.Values = values[r]
		}
		if r < len(text) {
			s.Text = text[r]
		}
		row := cells[w*r : w*(r+1) : w*(r+1)]
		row[0] = rowName
		for c := range cols {
			row[1+c] = cell(s, c)
			if v := at(s, c); present(v) {
				drawn = append(drawn, heatCell{r, c, *v})
			}
		}
		table[r] = row
	}
	option := heatMaps.option(len(cols), func(f *filling, m *node) {
		fillBase(f, m, title, summary)
		f.ownFirst(m, "xAxis").set("data", textArray(cols))
		f.ownFirst(m, "yAxis").set("data", textArray(rows))
		e := f.ownAt(f.own(m, "series"), 0)
		e.set("name", optional(title))
		e.set("data", heatNode(rows, cols, table, drawn))
	})
	if verify != nil {
		verify(option, func() (builder, func(*node)) {
			return heatMapChart(id, title, summary, rows, cols, heatItems(rows, cols, table, drawn))
		})
	}
	return made(id, title, summary, clampHeight(rowStep*len(rows)+heatFrame), option, Table{Caption: title, Columns: append([]string{rowHeader}, cols...), Rows: table})
}

// heatMaps is the heat map's skeleton, one shape for each number of columns
// (their labels' width depends on it): every cycle page draws one, with a row
// for each department.
var heatMaps = skeleton{build: func(n int) (builder, func(*node)) {
	cols := make([]string, n)
	var items []item
	if n > 0 {
		items = heatItems([]string{"r"}, cols, [][]string{{"r", "1"}}, []heatCell{{0, 0, 1}})
	}
	return heatMapChart("c", "t", "s", []string{"r"}, cols, items)
}}

// heatCell is a cell of a heat map that has a value: its row, column and value.
type heatCell struct {
	r, c int
	v    float64
}

// heatName is a cell's name, for the tooltip (which HTML-escapes names): its
// row, column and published text, from the table.
func heatName(rows, cols []string, table [][]string, x heatCell) string {
	return rows[x.r] + " · " + cols[x.c] + ": " + table[x.r][1+x.c]
}

// heatItems are the data items of the cells drawn, labelled with their text;
// nil when there are none.
func heatItems(rows, cols []string, table [][]string, drawn []heatCell) []item {
	if len(drawn) == 0 {
		return nil
	}
	items := make([]item, len(drawn))
	for i, x := range drawn {
		items[i] = item{Name: heatName(rows, cols, table, x), Value: []any{x.c, x.r, x.v}, Label: exact(table[x.r][1+x.c])}
	}
	return items
}

// heatNode is heatItems(…) as encoding/json writes them, made directly, the
// members in four blocks: the items, their members, their values and their labels.
func heatNode(rows, cols []string, table [][]string, drawn []heatCell) node {
	n := len(drawn)
	items, members, values, labels := make([]member, n), make([]member, 3*n), make([]member, 3*n), make([]member, n)
	for i, x := range drawn {
		v := values[3*i : 3*i+3 : 3*i+3]
		v[0].node, v[1].node, v[2].node = integer(x.c), integer(x.r), number(x.v, 64)
		labels[i] = member{name: "formatter", node: optional(table[x.r][1+x.c])}
		m := members[3*i : 3*i+3 : 3*i+3] // in name order
		m[0] = member{name: "label", node: node{kind: kObject, kids: labels[i : i+1 : i+1]}}
		m[1] = member{name: "name", node: optional(heatName(rows, cols, table, x))}
		m[2] = member{name: "value", node: node{kind: kArray, kids: v}}
		items[i].node = node{kind: kObject, kids: m}
	}
	if n == 0 {
		return node{kind: kNull} // as a nil []item marshals
	}
	return node{kind: kArray, kids: items}
}

// heatMapChart is the heat map as go-echarts builds it, and the patch that
// finishes its option: HeatMap's skeleton, and its reference in the tests.
func heatMapChart(id, title, summary string, rows, cols []string, items []item) (builder, func(*node)) {
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
	return hm, func(m *node) {
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
	}
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
