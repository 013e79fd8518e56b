package chart

import (
	"html/template"
	"strings"

	"perfsite/generator/internal/htmltext"
)

// A chart's table has a row per category and a cell per series: on a cycle's
// page a row per department. Printed cell by cell through the chart partial,
// each cell cost html/template a reflective escaper call, so the partial prints
// the header cells and the body rows whole, written here with html/template's
// escaping (tested against the template markup they replace). A theme that
// wants other table markup ranges over Table.Columns and Table.Rows itself.

// HeadCells is the header cells, each a <th scope="col">.
func (t Table) HeadCells() template.HTML {
	var b strings.Builder
	for _, c := range t.Columns {
		b.WriteString(`<th scope="col">`)
		htmltext.Write(&b, c)
		b.WriteString("</th>")
	}
	return template.HTML(b.String())
}

// BodyRows is the body rows, each after a newline: the first cell of a row
// as its header (th scope=row), the others as <td>.
func (t Table) BodyRows() template.HTML {
	var b strings.Builder
	b.Grow(len(t.Rows) * (16 + 24*len(t.Columns)))
	for _, row := range t.Rows {
		b.WriteString("\n<tr>")
		for i, c := range row {
			if i == 0 {
				b.WriteString(`<th scope="row">`)
				htmltext.Write(&b, c)
				b.WriteString("</th>")
				continue
			}
			b.WriteString("<td>")
			htmltext.Write(&b, c)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	return template.HTML(b.String())
}
