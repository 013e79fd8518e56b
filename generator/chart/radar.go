package chart

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// radarSymbols tells series apart without colour, with the second series'
// dashed line.
var radarSymbols = []string{"circle", "rect", "triangle", "diamond"}

// radars is the radar chart's skeleton: every scorecard page draws one. Its
// placeholders give every member a fill sets a value, so that setting it
// replaces the value rather than inserting a member.
var radars = skeleton{build: func(n int) (builder, func(*node)) {
	return radarChart("c", "t", "s", []string{"a"}, []float64{1}, placeholders(n))
}}

// placeholders are n series with a name and no values.
func placeholders(n int) []Series {
	series := make([]Series, n)
	for k := range series {
		series[k].Name = "n"
	}
	return series
}

// Radar compares series (a department and its group average, say) on the
// axes (dimensions), each axis running from 0 to its entry in maxes. The first series is
// filled, the others are dashed with their own marker shape, and a legend
// names them. The table has one row per axis: rowHeader, then one column per
// series. ECharts draws a nil value at the centre, as it would a zero, so the
// table's "—" is the only way to tell the two apart: keep gaps rare.
func Radar(id, title, summary, rowHeader string, axes []string, maxes []float64, series []Series) Chart {
	id = ident(id)
	option := radars.option(len(series), func(f *filling, m *node) {
		fillBase(f, m, title, summary)
		names := make([]string, len(series))
		for k, s := range series {
			names[k] = s.Name
		}
		if len(series) == 0 {
			names = nil // go-echarts' legend data is the names it appended
		}
		f.own(m, "legend").set("data", textArray(names))
		f.own(m, "radar").set("indicator", indicatorsNode(axes, maxes))
		all := f.own(m, "series")
		for k, s := range series {
			e := f.ownAt(all, k)
			e.set("name", optional(s.Name))
			// One block for the data: [{"name": …, "value": [values…]}].
			block := make([]member, 3+len(axes))
			obj, values := block[:2:2], block[3:]
			for i := range values {
				values[i].node = valueNode(at(s, i))
			}
			obj[0] = member{name: "name", node: optional(s.Name)}
			obj[1] = member{name: "value", node: node{kind: kArray, kids: values}}
			block[2].node = node{kind: kObject, kids: obj}
			e.set("data", node{kind: kArray, kids: block[2:3:3]})
		}
	})
	if verify != nil {
		verify(option, func() (builder, func(*node)) { return radarChart(id, title, summary, axes, maxes, series) })
	}

	return made(id, title, summary, radarHigh, option, seriesTable(title, rowHeader, axes, series))
}

// indicators are the radar's axes, each running from 0 to its max.
func indicators(axes []string, maxes []float64) []*opts.Indicator {
	inds := make([]*opts.Indicator, len(axes))
	for i, a := range axes {
		ind := &opts.Indicator{Name: a}
		if i < len(maxes) {
			ind.Max = float32(maxes[i])
		}
		inds[i] = ind
	}
	return inds
}

// indicatorsNode is indicators(axes, maxes) as encoding/json writes it, its
// members made in one block, in name order: null when there are none (omitempty), and each
// max left out when 0.
func indicatorsNode(axes []string, maxes []float64) node {
	if len(axes) == 0 {
		return node{kind: kNull}
	}
	inds, pairs := make([]member, len(axes)), make([]member, 2*len(axes))
	for i, a := range axes {
		top := node{kind: kNull} // omitempty
		if i < len(maxes) && float32(maxes[i]) != 0 {
			top = number(float64(float32(maxes[i])), 32)
		}
		p := pairs[2*i : 2*i+2 : 2*i+2]
		p[0] = member{name: "max", node: top}
		p[1] = member{name: "name", node: optional(a)}
		inds[i].node = node{kind: kObject, kids: p}
	}
	return node{kind: kArray, kids: inds}
}

// radarValues are s's values on the axes.
func radarValues(axes []string, s Series) []any {
	values := make([]any, len(axes))
	for i := range axes {
		values[i] = value(at(s, i))
	}
	return values
}

// radarChart is the radar chart as go-echarts builds it, and the patch that
// finishes its option: Radar's skeleton, and its reference in the tests.
func radarChart(id, title, summary string, axes []string, maxes []float64, series []Series) (builder, func(*node)) {
	r := charts.NewRadar()
	r.SetGlobalOptions(append(base(id, title, summary),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithRadarComponentOpts(opts.RadarComponent{
			Indicator:   indicators(axes, maxes),
			Shape:       "polygon",
			SplitNumber: 4,
			AxisName:    &opts.AxisName{Width: 72, Overflow: "break"},
		}),
	)...)
	for k, s := range series {
		style := []charts.SeriesOpts{
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
				ss.Symbol = radarSymbols[k%len(radarSymbols)]
				ss.SymbolSize = 7
			}),
		}
		if k == 0 {
			style = append(style, charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.2)}),
				charts.WithLineStyleOpts(opts.LineStyle{Width: 2}))
		} else {
			style = append(style, charts.WithLineStyleOpts(opts.LineStyle{Width: 2, Type: "dashed"}))
		}
		r.AddSeries(s.Name, []opts.RadarData{{Name: s.Name, Value: radarValues(axes, s)}}, style...)
	}
	return r, func(m *node) {
		// Leave room around the polygon for the wrapped axis names on a
		// phone; RadarComponent has no radius field.
		if rc := m.get("radar"); rc != nil && rc.kind == kObject {
			rc.set("radius", text("62%"))
			rc.set("center", array(text("50%"), text("54%")))
		}
	}
}
