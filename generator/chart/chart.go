// Package chart builds the site's charts: ECharts options made with go-echarts,
// rendered to JSON for a <script type="application/json"> block, and the same
// numbers as an HTML table so no figure lives only in a picture.
//
// The options are go-echarts' own JSON map (after Validate), marshalled with
// encoding/json, never its Script or Option HTML output, which switches HTML
// escaping off, and finished (see encode) with encoding/json's bytes: keys
// sorted, <, > and & written as \u003c, \u003e and \u0026, so the bytes are
// the same for the same input and no label can end the script element.
// Line, Radar, Ranking and HeatMap, drawn on every department, scorecard,
// cycle and dimension page, fill their data into a skeleton of that option
// made once per shape (see skeleton), byte for byte what the whole path would
// write.
// Formatters are ECharts string templates: an option holds no JavaScript.
//
// html/template treats <script type="application/json"> as JavaScript: a
// []byte there would be written as a base64 string and a string as a quoted
// JS string. So a template writes [Chart.OptionJS], a template.JS that lands
// verbatim; OptionJS re-escapes <, > and & itself, so its safety does not rest
// on how Option was made. The theme partial "chart" (layouts/partials/
// chart.html) renders a Chart and themes/default/static/assets/charts.js draws
// it; without JavaScript the table carries every number.
package chart

import (
	"bytes"
	"encoding/json"
	"html/template"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Chart is one chart ready for a template.
type Chart struct {
	ID      string // a valid JS identifier, unique on its page, derived from page and name
	Title   string
	Summary string // one plain sentence saying what the chart shows
	Height  int    // CSS pixels of the drawing area
	Option  []byte // the ECharts option as JSON, HTML-significant characters escaped; write it with OptionJS
	Table   Table

	written []byte // the Option this package wrote; see OptionJS
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

// OptionJS returns the option for a <script type="application/json"> block in
// an html/template. It is template.JS so the JSON lands verbatim rather than
// quoted as a string; <, > and & are escaped again here, and an option that is
// not valid JSON becomes null, so the block can never be ended or broken from
// the data. The option a constructor wrote is valid and escaped by
// construction (its writer makes encoding/json's bytes) and is not read again
// while Option holds it: checking it was ≈3 % of rendering a large site.
// Replace Option to change it, never its bytes in place: that is also why the
// option a constructor wrote is shared with the page rather than copied (its
// copies were 2 % of what a large site's build allocated).
func (c Chart) OptionJS() template.JS {
	if c.ownOption() {
		return template.JS(unsafe.String(&c.Option[0], len(c.Option)))
	}
	if !json.Valid(c.Option) {
		return "null"
	}
	b := c.Option
	// Three byte searches: ContainsAny with U+2028 and U+2029 in its set reads
	// the option rune by rune, several times slower.
	if bytes.ContainsAny(b, "<>&") || bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029")) {
		var buf bytes.Buffer
		json.HTMLEscape(&buf, b) // also escapes U+2028 and U+2029
		b = buf.Bytes()
	}
	return template.JS(b)
}

// ownOption reports whether Option is still the option a constructor wrote:
// the same bytes in memory.
func (c Chart) ownOption() bool {
	return len(c.Option) > 0 && len(c.Option) == len(c.written) && &c.Option[0] == &c.written[0]
}

// Label is the chart's accessible name: its title and summary as one text,
// used for the drawing's aria-label and ECharts' own aria description.
func (c Chart) Label() string {
	return label(c.Title, c.Summary)
}

func label(title, summary string) string {
	switch {
	case title == "":
		return summary
	case summary == "":
		return title
	}
	last, _ := utf8.DecodeLastRuneInString(title)
	switch {
	case unicode.IsPunct(last):
		return title + " " + summary
	case last >= 0x2E80: // CJK scripts: a full stop without a space
		return title + "。" + summary
	}
	return title + ". " + summary
}
