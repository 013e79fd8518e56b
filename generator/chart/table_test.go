package chart_test

import (
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"perfsite/generator/chart"
	"perfsite/generator/hostile"
)

// tableByTemplate is the chart partial's table as it was printed through
// html/template before Table.HeadCells and Table.BodyRows wrote it; tableByEngine
// is the same part of the partial now.
const (
	tableByTemplate = `<thead><tr>{{range .Table.Columns}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Table.Rows}}
<tr>{{range $i, $c := .}}{{if $i}}<td>{{$c}}</td>{{else}}<th scope="row">{{$c}}</th>{{end}}{{end}}</tr>
{{- end}}
</tbody>`
	tableByEngine = `<thead><tr>{{.Table.HeadCells}}</tr></thead>
<tbody>{{.Table.BodyRows}}
</tbody>`
)

// chartPartials parses the theme's chart partial and the same partial with
// its table printed by the template.
func chartPartials(t *testing.T) (engine, reference *template.Template) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "layouts", "partials", "chart.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), tableByEngine) {
		t.Fatalf("the chart partial does not print its table as tableByEngine")
	}
	ref := strings.Replace(string(src), tableByEngine, tableByTemplate, 1)
	return template.Must(template.New("chart.html").Parse(string(src))), template.Must(template.New("chart.html").Parse(ref))
}

// hostileCharts has a chart for every hostile string, the string in every
// caption, column and cell, and charts with empty, ragged and missing parts.
func hostileCharts(t *testing.T) []chart.Chart {
	t.Helper()
	cases, err := hostile.Corpus("../../testdata/hostile/strings.json")
	if err != nil {
		t.Fatal(err)
	}
	charts := []chart.Chart{
		{ID: "c_empty"},
		{ID: "c_no_rows", Table: chart.Table{Caption: "表", Columns: []string{"部门", "总分"}}},
		{ID: "c_ragged", Table: chart.Table{Columns: []string{"a"}, Rows: [][]string{{}, {"x"}, {"x", "", "z"}, nil}}},
	}
	for _, c := range cases {
		s := c.String()
		charts = append(charts, chart.Chart{ID: "c_x", Title: s, Summary: s, Table: chart.Table{
			Caption: s,
			Columns: []string{s, "总分 " + s, ""},
			Rows:    [][]string{{s, s, s}, {"甲局", "", s + "&amp;"}, {"", "82.78", "<td>"}},
		}})
	}
	return charts
}

func TestTableRowsLikeTemplate(t *testing.T) {
	engine, reference := chartPartials(t)
	for _, c := range hostileCharts(t) {
		var got, want strings.Builder
		if err := engine.ExecuteTemplate(&got, "chart", c); err != nil {
			t.Fatal(err)
		}
		if err := reference.ExecuteTemplate(&want, "chart", c); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", c.Title, got.String(), want.String())
		}
	}
}
