package chart

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Palette is the series colours. Each has at least 3:1 contrast against a
// white page and against a near-black one (#121212), as WCAG 1.4.11 asks of
// graphics, so one option reads in light and dark mode alike. Blue and orange
// come first: a pair told apart with any colour vision.
var Palette = []string{
	"#3a78c9", // blue
	"#d0641a", // orange
	"#2e8b57", // green
	"#a35bbf", // purple
	"#c2417a", // magenta
	"#1e8f8f", // teal
	"#8c7a1a", // olive
	"#6e7b8b", // slate
}

// heatColors is the heat map's scale from 0 to 100 %, the light end of
// ColorBrewer's YlGnBu: dark cell text (heatText) reads on every step at 7:1
// or better, whatever the page's colour scheme.
var (
	heatColors = []string{"#ffffd9", "#c7e9b4", "#7fcdbb", "#41b6c4"}
	heatText   = "#1a1a1a"
)

// gap is ECharts' value for "no data": a bar is left out, a line breaks.
const gap = "-"

// Layout sizes in CSS pixels; the drawing grows with its categories so labels
// never overlap and a phone can show every department.
const (
	barStep    = 24 // one horizontal bar
	barFrame   = 56 // value axis and padding around the bars
	rowStep    = 28 // one heat-map row
	heatFrame  = 120
	minHeight  = 160
	lineHeight = 320
	distHeight = 280
	radarHigh  = 360
)

// item is one data item. go-echarts' typed data items lack a per-item label
// for most chart types, and the label must show the published decimals
// ("85.50"), which ECharts' number formatting would shorten.
type item struct {
	Name  string      `json:"name,omitempty"`
	Value any         `json:"value"`
	Label *opts.Label `json:"label,omitempty"`
}

// data makes a series option that sets the series' data items.
func data(items []item) charts.SeriesOpts {
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = items })
}

// exact labels a data item with its exact published text.
func exact(s string) *opts.Label {
	return &opts.Label{Formatter: s}
}

// present reports whether v is a number to draw: not a gap, not NaN or ±Inf
// (which JSON cannot carry).
func present(v *float64) bool {
	return v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0)
}

// value is v for ECharts, or the gap marker.
func value(v *float64) any {
	if !present(v) {
		return gap
	}
	return *v
}

// noData is how a gap reads in a table.
const noData = "—"

// cell is how the i-th value of s reads in a table and on a label: its Text,
// else the number in shortest form, else noData.
func cell(s Series, i int) string {
	if i < len(s.Text) && s.Text[i] != "" {
		return s.Text[i]
	}
	if i < len(s.Values) && present(s.Values[i]) {
		return strconv.FormatFloat(*s.Values[i], 'f', -1, 64)
	}
	return noData
}

// at is s's i-th value, nil when s is shorter.
func at(s Series, i int) *float64 {
	if i < len(s.Values) {
		return s.Values[i]
	}
	return nil
}

// base is what every chart shares: a stable id, the palette, a transparent
// background (the page's own shows through, light or dark), the title only
// for ECharts' aria text (the figure's caption shows it), and an aria
// description that matches the drawing's aria-label.
func base(id, title, summary string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{
			ChartID:         id,
			BackgroundColor: "transparent",
			Theme:           "white", // go-echarts writes "color" only for this theme
		}),
		charts.WithColorsOpts(Palette),
		charts.WithTitleOpts(opts.Title{Show: opts.Bool(false), Title: title}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(false)}),
		charts.WithAriaOpts(&opts.Aria{
			Enabled: opts.Bool(true),
			Label:   &opts.AriaLabel{Enabled: opts.Bool(true), Description: label(title, summary)},
		}),
	}
}

// builder is what the go-echarts charts have in common.
type builder interface {
	Validate()
	JSON() map[string]any
}

// encoder is what the builders encode options with: encode. A variable so
// the tests can check every chart of a whole site against encoding/json.
var encoder = encode

// encode turns a go-echarts chart into option JSON: Validate, then JSON(),
// marshalled by encoding/json, then read back into a node tree so that what
// go-echarts cannot express can be set (patch), and written again as
// encoding/json would write the same values decoded into maps: object keys
// sorted, members that are null (unset go-echarts fields) left out, strings
// HTML-escaped, numbers in their exact text. Reading and writing with
// encoding/json cost several times the first marshalling (reflection and a
// map a member).
func encode(c builder, patch func(*node)) []byte {
	return finish(marshal(c), patch)
}

// marshal is go-echarts' option for c as encoding/json writes it.
func marshal(c builder) []byte {
	c.Validate()
	raw, err := json.Marshal(c.JSON())
	if err != nil {
		// Only NaN, ±Inf or a func could fail, and value() keeps them out.
		panic("chart: marshalling an ECharts option: " + err.Error())
	}
	return raw
}

// finish reads the marshalled option raw, sets what go-echarts cannot
// express, and writes the option.
func finish(raw []byte, patch func(*node)) []byte {
	m := read(raw, patch)
	return write(&m, len(raw)+128)
}

// read reads the marshalled option raw into nodes and sets what go-echarts
// cannot express.
func read(raw []byte, patch func(*node)) node {
	p := parser{src: string(raw)}
	m := p.document()
	// Tooltips drawn on the canvas, not as HTML: ECharts' HTML tooltips carry
	// inline style attributes, which a strict Content-Security-Policy blocks.
	// Confined, so a tooltip never widens a phone's page.
	if t := m.get("tooltip"); t != nil && t.kind == kObject {
		t.set("renderMode", text("richText"))
		t.set("confine", boolean(true))
	}
	if patch != nil {
		patch(&m)
	}
	return m
}

// write writes m, with room for size bytes.
func write(m *node, size int) []byte {
	w := writer{buf: make([]byte, 0, size)}
	w.value(m)
	return w.buf
}

// first returns the first element of the array m[key] when it is an object,
// or nil.
func first(m *node, key string) *node {
	if a := m.get(key); a != nil && a.kind == kArray && len(a.kids) > 0 && a.kids[0].kind == kObject {
		return &a.kids[0].node
	}
	return nil
}

// child returns m[key] as an object, making it when missing.
func child(m *node, key string) *node {
	if o := m.get(key); o != nil && o.kind == kObject {
		return o
	}
	m.set(key, node{kind: kObject})
	return m.get(key)
}

// everyLabel makes a category axis show every label: go-echarts types
// axisLabel.interval as a string, and ECharts needs the number 0.
func everyLabel(axis *node) {
	if axis != nil {
		child(axis, "axisLabel").set("interval", integer(0))
	}
}

// made is the chart a constructor made, with the option it wrote.
func made(id, title, summary string, height int, option []byte, table Table) Chart {
	return Chart{ID: id, Title: title, Summary: summary, Height: height, Option: option, written: option, Table: table}
}

// clampHeight keeps a computed height at least minHeight.
func clampHeight(h int) int {
	return max(h, minHeight)
}

// row builds a table row: its header, then cells.
func row(head string, cells ...string) []string {
	return append([]string{head}, cells...)
}

// seriesTable is the table of series over labels: one row per label, headed
// rowHeader, then one column per series.
func seriesTable(caption, rowHeader string, labels []string, series []Series) Table {
	columns := make([]string, 1, 1+len(series))
	columns[0] = rowHeader
	for _, s := range series {
		columns = append(columns, s.Name)
	}
	// The rows are made in one block: row(l, cells...) each.
	w := 1 + len(series)
	rows, cells := make([][]string, len(labels)), make([]string, w*len(labels))
	for i, l := range labels {
		r := cells[w*i : w*(i+1) : w*(i+1)]
		r[0] = l
		for k, s := range series {
			r[1+k] = cell(s, i)
		}
		rows[i] = r
	}
	return Table{Caption: caption, Columns: columns, Rows: rows}
}
