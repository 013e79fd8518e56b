// Package chart builds the site's charts: ECharts options made with go-echarts,
// rendered to JSON for a <script type="application/json"> block, and the same
// numbers as an HTML table so no figure lives only in a picture.
package chart

// Chart is one chart ready for a template.
type Chart struct {
	ID      string // a valid JS identifier, unique on its page, derived from page and name
	Title   string
	Summary string // one plain sentence saying what the chart shows
	Height  int    // CSS pixels of the drawing area
	Option  []byte // the ECharts option as JSON (html/template escapes it inside the script block)
	Table   Table
}

// Table is the chart's numbers as an accessible table.
type Table struct {
	Caption string
	Columns []string   // header cells
	Rows    [][]string // body cells; the first cell of a row is its header (th scope=row)
}

// Series is one named series of values, aligned with the chart's categories.
// A nil value is a gap (no data).
type Series struct {
	Name   string
	Values []*float64
	Text   []string // how each value reads in the table (exact published decimals); "" for gaps
}
