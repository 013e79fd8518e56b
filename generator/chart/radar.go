package chart

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// radarSymbols tells series apart without colour, with the second series'
// dashed line.
var radarSymbols = []string{"circle", "rect", "triangle", "diamond"}

// Radar compares series (a department and its group average, say) on the
// axes (dimensions), each axis running from 0 to its entry in maxes. The first series is
// filled, the others are dashed with their own marker shape, and a legend
// names them. The table has one row per axis: rowHeader, then one column per
// series. ECharts draws a nil value at the centre, as it would a zero, so the
// table's "—" is the only way to tell the two apart: keep gaps rare.
func Radar(id, title, summary, rowHeader string, axes []string, maxes []float64, series []Series) Chart {
	id = ident(id)
	indicators := make([]*opts.Indicator, len(axes))
	for i, a := range axes {
		ind := &opts.Indicator{Name: a}
		if i < len(maxes) {
			ind.Max = float32(maxes[i])
		}
		indicators[i] = ind
	}

	r := charts.NewRadar()
	r.SetGlobalOptions(append(base(id, title, summary),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithRadarComponentOpts(opts.RadarComponent{
			Indicator:   indicators,
			Shape:       "polygon",
			SplitNumber: 4,
			AxisName:    &opts.AxisName{Width: 72, Overflow: "break"},
		}),
	)...)

	columns := []string{rowHeader}
	for k, s := range series {
		columns = append(columns, s.Name)
		values := make([]any, len(axes))
		for i := range axes {
			values[i] = value(at(s, i))
		}
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
		r.AddSeries(s.Name, []opts.RadarData{{Name: s.Name, Value: values}}, style...)
	}

	rows := make([][]string, len(axes))
	for i, a := range axes {
		cells := make([]string, len(series))
		for k, s := range series {
			cells[k] = cell(s, i)
		}
		rows[i] = row(a, cells...)
	}

	option := encoder(r, func(m *node) {
		// Leave room around the polygon for the wrapped axis names on a
		// phone; RadarComponent has no radius field.
		if rc := m.get("radar"); rc != nil && rc.kind == kObject {
			rc.set("radius", text("62%"))
			rc.set("center", array(text("50%"), text("54%")))
		}
	})
	return Chart{
		ID:      id,
		Title:   title,
		Summary: summary,
		Height:  radarHigh,
		Option:  option,
		Table:   Table{Caption: title, Columns: columns, Rows: rows},
	}
}
