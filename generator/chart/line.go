package chart

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// lineSymbols tells series apart without colour.
var lineSymbols = []string{"circle", "rect", "triangle", "diamond", "roundRect", "pin", "arrow", "emptyCircle"}

// maxLabelled is how many series a line chart may have and still label its
// points; more would print numbers over numbers (the table has them all).
const maxLabelled = 2

// lines is the line chart's skeleton: department pages draw one per key
// indicator. Its placeholders are those of radars.
var lines = skeleton{build: func(n int) (builder, func(*node)) {
	return lineChart("c", "t", "s", []string{"x"}, placeholders(n))
}}

// Line draws series over xs (cycles): totals over time, indicator trends. A
// nil value breaks the line (connectNulls is off): a missing year is not
// bridged as if it were known. The table has one row per x: rowHeader, then
// one column per series.
func Line(id, title, summary, rowHeader string, xs []string, series []Series) Chart {
	id = ident(id)
	option := lines.option(len(series), func(f *filling, m *node) {
		fillBase(f, m, title, summary)
		f.ownFirst(m, "xAxis").set("data", textArray(xs))
		all := f.own(m, "series")
		for k, s := range series {
			e := f.ownAt(all, k)
			e.set("name", optional(s.Name))
			e.set("data", dataNode(len(xs), nil, s, len(series) <= maxLabelled))
		}
	})
	if verify != nil {
		verify(option, func() (builder, func(*node)) { return lineChart(id, title, summary, xs, series) })
	}

	return made(id, title, summary, lineHeight, option, seriesTable(title, rowHeader, xs, series))
}

// lineItems are s's data items over xs, their points labelled when the
// chart's n series are few enough.
func lineItems(xs []string, s Series, n int) []item {
	items := make([]item, len(xs))
	for i := range xs {
		items[i] = item{Value: value(at(s, i))}
		if n <= maxLabelled && present(at(s, i)) {
			items[i].Label = exact(cell(s, i))
		}
	}
	return items
}

// dataNode is the array of data items of s's first n values, or of its values
// at order[k] when order is not nil: lineItems(…) or barItems(…) as
// encoding/json writes them, made directly, the members in three blocks. A value
// is labelled with its text when labelled and it has one.
func dataNode(n int, order []int, s Series, labelled bool) node {
	items, members, labels := make([]member, n), make([]member, 2*n), make([]member, n)
	for k := range n {
		i := k
		if order != nil {
			i = order[k]
		}
		v := at(s, i)
		m := members[2*k : 2*k+1 : 2*k+1] // in name order: "label", "value"
		if labelled && present(v) {
			labels[k] = member{name: "formatter", node: optional(cell(s, i))}
			m = members[2*k : 2*k+2 : 2*k+2]
			m[0] = member{name: "label", node: node{kind: kObject, kids: labels[k : k+1 : k+1]}}
		}
		m[len(m)-1] = member{name: "value", node: valueNode(v)}
		items[k].node = node{kind: kObject, kids: m}
	}
	return node{kind: kArray, kids: items}
}

// lineChart is the line chart as go-echarts builds it, and the patch that
// finishes its option: Line's skeleton, and its reference in the tests.
func lineChart(id, title, summary string, xs []string, series []Series) (builder, func(*node)) {
	l := charts.NewLine()
	legend := opts.Legend{Show: opts.Bool(len(series) > 1), Type: "scroll", Top: "0"}
	top := "8"
	if len(series) > 1 {
		top = "40"
	}
	l.SetGlobalOptions(append(base(id, title, summary),
		charts.WithLegendOpts(legend),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: top, Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(true)}),
	)...)
	l.SetXAxis(xs)
	for k, s := range series {
		l.AddSeries(s.Name, nil,
			data(lineItems(xs, s, len(series))),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(series) <= maxLabelled), Position: "top"}),
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
				ss.ConnectNulls = opts.Bool(false)
				ss.ShowSymbol = opts.Bool(true)
				ss.Symbol = lineSymbols[k%len(lineSymbols)]
				ss.SymbolSize = 7
			}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 2}),
		)
	}
	return l, func(m *node) {
		everyLabel(first(m, "xAxis"))
		// The y axis fits the data (scale), with room above and below so
		// the lowest and highest points and their labels clear the frame.
		if y := first(m, "yAxis"); y != nil {
			y.set("boundaryGap", array(text("15%"), text("15%")))
		}
		if len(series) > maxLabelled {
			return
		}
		// Labels never overlap one another.
		if series := m.get("series"); series != nil {
			for i := range series.kids {
				series.kids[i].set("labelLayout", object(pair("hideOverlap", boolean(true))))
			}
		}
	}
}
