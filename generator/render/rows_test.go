package render

import (
	"fmt"
	"strings"
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/hostile"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// rowsByTemplate is the tables as the default theme printed them through
// html/template before rows.go wrote their rows — a scorecard's seven, a
// department's history and trends, a cycle's ranking tables (on its page and
// the home page) and a dimension's table; rowsByEngine prints the same tables
// with rows.go. Both run in the same template set, with the theme's partials.
const rowsByTemplate = `{{define "rows-by-template"}}
{{- $none := .Site.None}}
{{- $critical := (status "critical").HTML}}
{{- $report := t "report_problem"}}
{{- $overdue := (status "overdue").HTML}}
{{- with .Data -}}
<tbody>
{{- range .Dimensions}}
<tr><th scope="row"><a href="{{.Link.URL}}">{{.Link.Text}}</a></th><td class="num">{{.Points}}</td><td class="num">{{.Score}}</td><td class="num">{{or .Rate $none}}</td><td class="num">{{or .GroupAvg $none}}</td></tr>
{{- end}}
</tbody>
<tbody>
{{- range .Indicators}}
<tr id="indicator-{{.ID}}"{{if .Critical}} class="critical"{{end}}><th scope="row">{{.Name}}{{if .Critical}} {{$critical}}{{end}}</th><td>{{.Dimension}}</td><td>{{or .Target $none}}</td><td>{{or .Actual $none}}</td><td>{{.Unit}}</td><td>{{.Points}}</td><td>{{or .Score $none}}</td><td>{{.Status.HTML}}</td><td>{{.Method}}: {{.Derivation}}</td><td>{{.Source}}</td><td>{{.Assessor}}</td><td>{{template "evidence" .Evidence}}</td><td>{{if .Report}}<a href="{{.Report}}">{{$report}}<span class="visually-hidden">{{.ReportAbout}}</span></a>{{end}}</td></tr>
{{- end}}
</tbody>
<dl class="definitions">
{{- $definition := print (t "definition") (t "colon")}}
{{- $limitations := print (t "limitations") (t "colon")}}
{{- $baseline := print (t "baseline") (t "colon")}}
{{- $note := print (t "note") (t "colon")}}
{{- range .Indicators}}
{{- if .HasNotes}}
<dt>{{.Name}}</dt>
{{- with .Definition}}<dd><span class="label">{{$definition}}</span>{{.}}</dd>{{end}}
{{- with .Limitations}}<dd><span class="label">{{$limitations}}</span>{{.}}</dd>{{end}}
{{- with .Baseline}}<dd><span class="label">{{$baseline}}</span>{{.}}</dd>{{end}}
{{- with .Note}}<dd><span class="label">{{$note}}</span>{{.}}</dd>{{end}}
{{- end}}
{{- end}}
</dl>
<tbody>
{{- range .Progress}}
<tr><th scope="row">{{.Indicator}}</th><td>{{.Period}}</td><td>{{or .Expected $none}}</td><td>{{.Value}}</td><td>{{.Unit}}</td><td>{{.Status.HTML}}</td></tr>
{{- end}}
</tbody>
<tbody>
{{- range .Adjustments}}
<tr><th scope="row">{{.Kind}}{{with .Rule}}<br>{{.}}{{end}}</th><td class="num">{{.Points}}</td><td class="num">{{or .Counted $none}}</td><td>{{.Reason}}</td><td>{{.Basis}}</td><td>{{with .Date}}<time datetime="{{.}}">{{.}}</time>{{end}}</td><td>{{template "evidence" .Evidence}}</td></tr>
{{- end}}
</tbody>
<tbody>
{{- range .Rectifications}}
<tr{{if .Overdue}} class="overdue"{{end}}><th scope="row">{{.Issue}}</th><td>{{.Action}}</td><td>{{.Owner}}</td><td>{{with .Due}}<time datetime="{{.}}">{{.}}</time>{{end}}</td><td>{{.Status.HTML}}{{if .Overdue}}<br>{{$overdue}}{{end}}</td><td>{{with .Done}}<time datetime="{{.}}">{{.}}</time>{{end}}</td><td>{{template "evidence" .Evidence}}</td></tr>
{{- end}}
</tbody>
<tbody>
{{- range .Surveys}}
<tr><th scope="row">{{.Indicator}}</th><td class="num">{{.Respondents}}</td><td>{{.Method}}</td><td>{{.ConductedBy}}</td></tr>
{{- end}}
</tbody>
{{- end}}
{{- end}}
{{define "trends-by-template"}}
{{- $none := .Site.None}}
{{- with .Data -}}
<tbody>
{{- range .Cycles}}
<tr{{if .Draft}} class="draft"{{end}}><th scope="row"><a href="{{.Link.URL}}">{{.Link.Text}}</a></th><td class="num">{{.Total}}</td><td>{{if .Draft}}<span class="tag">{{t "provisional"}}</span>{{else}}{{.Grade}}{{end}}</td><td class="num">{{or .RankGroup $none}}</td><td class="num">{{or .RankOverall $none}}</td><td>{{template "change" .Change}}</td></tr>
{{- end}}
</tbody>
<tbody>
{{- range .Trends}}
<tr><th scope="row">{{.Name}}</th><td>{{.Unit}}</td><td>{{.Direction}}</td>{{range .Values}}<td>{{or . $none}}</td>{{end}}<td>{{or .Trend.HTML $none}}</td></tr>
{{- end}}
</tbody>
{{- end}}
{{- end}}
{{define "ranking-by-template"}}
{{- with .Data -}}
{{- range .Groups}}
{{template "ranking-rows-by-template" .}}
{{- end}}
{{- end}}
{{- end}}
{{define "ranking-rows-by-template"}}<tbody>
{{- range .Rows}}
<tr{{if .Draft}} class="draft"{{end}}>
{{- if $.Ranked}}<td class="num">{{if .Rank}}{{.Rank}}{{else}}{{template "value" ""}}{{end}}</td>{{end -}}
<th scope="row"><a href="{{.Dept.URL}}">{{.Dept.Text}}</a></th><td class="num">{{.Total}}</td><td>{{if .Draft}}<span class="tag">{{t "provisional"}}</span>{{else}}{{.Grade}}{{end}}</td><td>{{template "change" .Change}}</td></tr>
{{- end}}
</tbody>
{{- end}}
{{define "dimension-by-template"}}
{{- $none := .Site.None}}
{{- with .Data -}}
<tbody>
{{- range .Rows}}
<tr{{if .Draft}} class="draft"{{end}}><th scope="row"><a href="{{.Dept.URL}}">{{.Dept.Text}}</a>{{if .Draft}} <span class="tag">{{t "provisional"}}</span>{{end}}</th><td>{{.Group}}</td><td class="num">{{.Points}}</td><td class="num">{{.Score}}</td><td class="num">{{or .Rate $none}}</td></tr>
{{- end}}
</tbody>
{{- end}}
{{- end}}`

const rowsByEngine = `{{define "rows-by-engine"}}
{{- with .Data -}}
<tbody>{{.DimensionRows}}
</tbody>
<tbody>{{.IndicatorRows}}
</tbody>
<dl class="definitions">{{.DefinitionItems}}
</dl>
<tbody>{{.ProgressRows}}
</tbody>
<tbody>{{.AdjustmentRows}}
</tbody>
<tbody>{{.RectificationRows}}
</tbody>
<tbody>{{.SurveyRows}}
</tbody>
{{- end}}
{{- end}}
{{define "trends-by-engine"}}
{{- with .Data -}}
<tbody>{{.HistoryRows}}
</tbody>
<tbody>{{.TrendRows}}
</tbody>
{{- end}}
{{- end}}
{{define "ranking-by-engine"}}
{{- with .Data -}}
{{- range .Groups}}
<tbody>{{.RankRows}}
</tbody>
{{- end}}
{{- end}}
{{- end}}
{{define "dimension-by-engine"}}
{{- with .Data -}}
<tbody>{{.DepartmentRows}}
</tbody>
{{- end}}
{{- end}}`

// checkRowsAsTemplate prints the long tables of every scorecard, department,
// cycle, home and dimension page of s both ways and fails where they differ. It returns how many pages of
// each layout it compared.
func checkRowsAsTemplate(t *testing.T, s *model.Site, opts Options) map[string]int {
	t.Helper()
	b, ts := testBuilder(t, s, opts, nil, nil)
	for i, src := range []string{rowsByTemplate, rowsByEngine} {
		if _, err := ts.shared.New(fmt.Sprint("rows-", i)).Parse(src); err != nil {
			t.Fatal(err)
		}
	}
	tables := map[string]string{"scorecard.html": "rows", "department.html": "trends",
		"cycle.html": "ranking", "home.html": "ranking", "dimension.html": "dimension"}
	pages := map[string]int{}
	for _, p := range pageModels(t, b, ts) {
		name, ok := tables[p.Layout]
		if !ok {
			continue
		}
		if d, ok := p.Data.(*ScorecardData); ok && len(d.Dimensions) > 1 {
			d.Dimensions[0].Rate, d.Dimensions[1].GroupAvg = "", "" // missing values, rare in the data
		}
		if d, ok := p.Data.(*DimensionData); ok && len(d.Rows) > 0 {
			d.Rows[0].Rate = "" // a dimension of no points, rare in the data
		}
		var want, got strings.Builder
		if err := ts.shared.ExecuteTemplate(&want, name+"-by-template", p); err != nil {
			t.Fatal(err)
		}
		if err := ts.shared.ExecuteTemplate(&got, name+"-by-engine", p); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: the rows differ from the template's\n got %s\nwant %s", p.Rel, got.String(), want.String())
		}
		pages[p.Layout]++
	}
	return pages
}

func TestRowsAsTemplatePrintedThemOnTheExample(t *testing.T) {
	n := checkRowsAsTemplate(t, exampleSite(t), Options{Drafts: true, Today: today})
	if n["scorecard.html"] < 40 || n["department.html"] < 10 || n["cycle.html"] < 2 || n["home.html"] != 1 || n["dimension.html"] < 8 {
		t.Errorf("compared %v pages; the example has more", n)
	}
}

// TestRowsAsTemplatePrintedThemWithHostileText puts each hostile string into
// every text the tables print (department, group and grade names included),
// and web addresses
// and report links that escaping treats differently, under both kinds of report
// link.
func TestRowsAsTemplatePrintedThemWithHostileText(t *testing.T) {
	cases, err := hostile.Corpus("../../testdata/hostile/strings.json")
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{"https://x.cn/a b?q='<\"中>'&r=1+2", "http://x.cn/%41%zz", "javascript:alert(1)"}
	for _, fb := range []model.Feedback{{URL: "https://f.cn/form?from=<site>&x='y'"}, {Email: "a+b@x.cn"}} {
		for i, c := range cases {
			s := fixture(t, true)
			s.Config.Feedback = fb
			text := c.String()
			for _, g := range s.Groups {
				g.Name += text
			}
			for _, d := range s.Departments {
				d.Name += text
			}
			for _, cy := range s.Cycles {
				cy.Scheme.Title += text
				for _, g := range cy.Scheme.Grades {
					g.Name += text
				}
				for _, v := range cy.Scheme.Vetoes {
					v.MaxGrade += text
				}
				for _, d := range cy.Scheme.Dimensions {
					d.Name += text
				}
				for _, card := range cy.Cards {
					for j, in := range card.Indicators {
						in.Name += text
						in.Unit = text
						in.Source, in.Assessor = text, text
						in.Definition, in.Limitations, in.Note = text, "", text
						in.Critical = j%2 == 0
						in.Evidence = []string{text, urls[(i+j)%len(urls)], "https://ok.cn/" + text}
						if j%3 == 0 {
							b := decimal.Int(1)
							in.Baseline = &b
						}
						if j%4 == 1 {
							in.Survey = &model.Survey{Respondents: int64(j), Method: text, ConductedBy: text}
						}
					}
					for j, a := range card.Adjustments {
						a.Reason, a.Basis = text, text
						a.Evidence = []string{text, urls[(i+j)%len(urls)]}
					}
					for j, x := range card.Rectifications {
						x.Issue, x.Action, x.Owner = text, text, text
						x.Evidence = []string{urls[(i+j)%len(urls)], text}
					}
				}
			}
			if n := checkRowsAsTemplate(t, s, Options{Drafts: true, Today: today}); n["scorecard.html"] == 0 || n["department.html"] == 0 || n["cycle.html"] == 0 || n["home.html"] == 0 || n["dimension.html"] == 0 {
				t.Fatalf("%s: compared %v pages", c.Name, n)
			}
			if t.Failed() {
				t.Fatalf("case %s, feedback %+v: see above", c.Name, fb)
			}
		}
	}
}

// TestReportHrefAsHref holds the report links printed from their shared parts
// to the same links printed whole by href, for feedback forms and e-mails
// whose addresses escaping treats differently (an unsafe scheme, none, a "%"
// before the query), and cycles, departments and indicators named with the
// hostile strings.
func TestReportHrefAsHref(t *testing.T) {
	cases, err := hostile.Corpus("../../testdata/hostile/strings.json")
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"", "2024", "a b+c&d%41:e/f?g#h", "中文 名称", "\xff%", "%4"}
	for _, c := range cases {
		words = append(words, c.String())
	}
	feedbacks := []model.Feedback{
		{URL: "https://f.cn/form?from=<site>&x='y'"}, {URL: "javascript:alert(1)"}, {URL: "/feedback/"},
		{URL: "https://f.cn/a%41%"}, {URL: "HTTPS://f.cn/?q=%4"}, {URL: "f.cn/a:b"},
		{Email: "a+b@x.cn"}, {Email: "a&b%41@x.cn?cc=c:d"}, {Email: "<x>"},
	}
	b, _ := testBuilder(t, fixture(t, false), Options{Today: today}, nil, nil)
	dept := b.s.Departments[0]
	fast := 0
	for _, fb := range feedbacks {
		b.s.Config.Feedback = fb
		for i, word := range words {
			dept.Name = word
			l := b.reportLinks(words[(i+1)%len(words)], dept.ID, new(reportNames))
			for j := range 8 {
				id, name := words[(i+j)%len(words)], words[(7*i+j)%len(words)]
				in := &score.Indicator{Indicator: &model.Indicator{ID: id, Name: name}}
				var tx texts
				link := l.link(in, &tx)
				var got, want markup
				got.reportHref(&l, link)
				want.href(link)
				if string(got.b) != string(want.b) {
					t.Fatalf("%+v, %q: got %s, want %s", fb, link, string(got.b), string(want.b))
				}
				if l.prefixHref != "" {
					fast++
				}
			}
		}
	}
	if fast == 0 {
		t.Error("no link was printed from its parts")
	}
}
