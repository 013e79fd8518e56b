package hostile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"perfsite/generator/scaffold"
)

// Cycle is the id of the one cycle a hostile site has.
const Cycle = "2024"

// Departments are the ids of a hostile site's departments: two in a ranked group,
// one in an unranked group.
var Departments = []string{"finance-bureau", "market-regulation", "archives"}

// Scripted is what the Markdown of a hostile site runs when raw HTML and every
// link scheme are let through (unsafe_html = true): each attempt sets
// window.__rawhtml. Data fields try window.__pwned instead, so a test can tell a
// Markdown bypass, which unsafe_html allows, from an escaping failure.
const Scripted = "window.__rawhtml"

// Fields are the text fields written into a site, in writing order, each with the
// value it got.
type Fields struct {
	Names  []string
	Values map[string]string
	// Markdown lists the fields written as Markdown source (a paragraph, a
	// heading): Markdown rewrites them (quotes become typographic, * becomes
	// emphasis), so their text does not come through verbatim.
	Markdown map[string]bool
}

func (f *Fields) add(name, value string, markdown bool) string {
	if _, dup := f.Values[name]; dup {
		panic("hostile: field written twice: " + name)
	}
	f.Names = append(f.Names, name)
	f.Values[name] = value
	if markdown {
		f.Markdown[name] = true
	}
	return value
}

// Options shape a hostile site.
type Options struct {
	// Text gives the value of each field (named like "department.1.name").
	Text func(field string) string
	// UnsafeHTML sets site.toml's unsafe_html.
	UnsafeHTML bool
}

// Write creates a site in dir (which must be missing or empty) that starts as
// [scaffold.Site] and then has every text field of every file replaced by
// opts.Text(field): site settings, groups, departments, the scheme (title,
// dimensions, grades, veto rule, common indicators with a target change), three
// scorecards (own indicators of four methods with every descriptive field, a
// survey, a manual justification, target changes, bonus, penalty and veto
// adjustments, rectifications) and five Markdown pages (front matter, body,
// code block, links). It returns the fields written.
func Write(dir string, opts Options) (*Fields, error) {
	if err := scaffold.Site(dir); err != nil {
		return nil, err
	}
	// The scaffold's cycle is this year's; the hostile site has a fixed one.
	entries, err := os.ReadDir(filepath.Join(dir, "data"))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() {
			if err := os.RemoveAll(filepath.Join(dir, "data", e.Name())); err != nil {
				return nil, err
			}
		}
	}
	f := &Fields{Values: map[string]string{}, Markdown: map[string]bool{}}
	w := &writer{f: f, text: opts.Text}
	files := map[string]string{
		"site.toml":                      w.site(opts.UnsafeHTML),
		"data/departments.toml":          w.departments(),
		"data/" + Cycle + "/scheme.toml": w.scheme(),
	}
	for i, d := range Departments {
		files["data/"+Cycle+"/"+d+".toml"] = w.scorecard(i, d)
	}
	for _, page := range []string{"_index", "about", Cycle + "/_index", Cycle + "/" + Departments[1], "departments/" + Departments[0]} {
		files["content/"+page+".md"] = w.page(page)
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// writer builds the files, recording each field it fills.
type writer struct {
	f    *Fields
	text func(string) string
}

// s is a field as a TOML string.
func (w *writer) s(field string) string {
	return tomlString(w.f.add(field, w.text(field), false))
}

// list is a field as a TOML list of that field and a web address carrying it.
func (w *writer) evidence(field string) string {
	v := w.f.add(field, w.text(field), false)
	return "[" + tomlString(v) + `, "https://evidence.example.gov.cn/ref?q=` + tomlString(v)[1:] + "]"
}

func (w *writer) site(unsafe bool) string {
	return fmt.Sprintf(`title = %s
base_url = "https://perf.example.gov.cn/"
language = "zh-CN"
description = %s
sample_data = true
unsafe_html = %v

[feedback]
email = %s
phone = %s
url = "https://feedback.example.gov.cn/form?from=\"><script>window.__pwned=30</script>"

[open_data]
license = %s
`, w.s("site.title"), w.s("site.description"), unsafe,
		tomlString(w.f.add("feedback.email", "perf"+w.text("feedback.email")+"@example.gov.cn", false)),
		w.s("feedback.phone"), w.s("open_data.license"))
}

func (w *writer) departments() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[[group]]\nid = \"economic\"\nname = %s\nranked = true\n\n", w.s("group.0.name"))
	fmt.Fprintf(&b, "[[group]]\nid = \"support\"\nname = %s\nranked = false\n", w.s("group.1.name"))
	for i, d := range Departments {
		group := "economic"
		if i == 2 {
			group = "support"
		}
		p := fmt.Sprintf("department.%d.", i)
		fmt.Fprintf(&b, "\n[[department]]\nid = %q\nname = %s\nshort_name = %s\ngroup = %q\ndescription = %s\nwebsite = \"https://%s.example.gov.cn/?a=\\\"onmouseover=\\\"window.__pwned=31\"\n",
			d, w.s(p+"name"), w.s(p+"short_name"), group, w.s(p+"description"), d)
	}
	return b.String()
}

func (w *writer) scheme() string {
	var b strings.Builder
	fmt.Fprintf(&b, `title = %s
total = 100
targets_published = 2024-02-20
results_published = 2025-03-31
periods = ["Q1", "Q2", "Q3", "Q4"]
bonus_cap = 5
penalty_cap = 10
`, w.s("scheme.title"))
	for _, d := range []string{"public", "finance", "process", "learning"} {
		fmt.Fprintf(&b, "\n[[dimension]]\nid = %q\nname = %s\ndescription = %s\n", d, w.s("dimension."+d+".name"), w.s("dimension."+d+".description"))
	}
	grades := make([]string, 4)
	for i, min := range []int{90, 80, 60, 0} {
		grades[i] = w.s(fmt.Sprintf("grade.%d.name", i))
		fmt.Fprintf(&b, "\n[[grade]]\nname = %s\nmin = %d\n", grades[i], min)
		if i == 0 {
			b.WriteString("quota = 0.5\n")
		}
	}
	fmt.Fprintf(&b, "\n[[veto]]\nid = \"work-safety\"\nname = %s\nmax_grade = %s\ndeduct = 5\n", w.s("veto.name"), grades[2])
	fmt.Fprintf(&b, `
[[indicator]]
id = "budget-execution"
name = %s
dimension = "finance"
unit = %s
points = 20
method = "ratio"
target = 95
definition = %s
source = %s
assessor = %s
note = %s
limitations = %s
evidence = %s
milestones = { Q2 = 40, Q4 = 95 }

[[indicator.target_change]]
from = 90
to = 95
date = 2024-06-30
reason = %s
approved_by = %s

[[indicator]]
id = "satisfaction"
name = %s
dimension = "public"
unit = %s
points = 30
method = "rating"
`, w.s("common.budget.name"), w.s("common.budget.unit"), w.s("common.budget.definition"),
		w.s("common.budget.source"), w.s("common.budget.assessor"), w.s("common.budget.note"),
		w.s("common.budget.limitations"), w.evidence("common.budget.evidence"),
		w.s("common.budget.target_change.reason"), w.s("common.budget.target_change.approved_by"),
		w.s("common.satisfaction.name"), w.s("common.satisfaction.unit"))
	return b.String()
}

// scorecard writes department i's scorecard. The first department overrides the
// scheme's descriptive fields of the common indicator; the others inherit them.
func (w *writer) scorecard(i int, id string) string {
	p := fmt.Sprintf("card.%d.", i)
	var b strings.Builder
	fmt.Fprintf(&b, "department = %q\nstatus = \"final\"\nevaluated = 2025-02-15\n", id)
	fmt.Fprintf(&b, "\n[[indicator]]\nid = \"budget-execution\"\nactual = %s\nprogress = { Q1 = 20.5, Q2 = 46, Q3 = 71.2, Q4 = 97.3 }\n", []string{"97.3", "93", "80"}[i])
	if i == 0 {
		fmt.Fprintf(&b, "source = %s\nassessor = %s\nnote = %s\nlimitations = %s\nevidence = %s\n",
			w.s(p+"budget.source"), w.s(p+"budget.assessor"), w.s(p+"budget.note"), w.s(p+"budget.limitations"), w.evidence(p+"budget.evidence"))
	}
	fmt.Fprintf(&b, "\n[[indicator]]\nid = \"satisfaction\"\nactual = %s\n\n[indicator.survey]\nrespondents = 1200\nmethod = %s\nconducted_by = %s\n",
		[]string{"91.2", "88.4", "75"}[i], w.s(p+"survey.method"), w.s(p+"survey.conducted_by"))
	fmt.Fprintf(&b, `
[[indicator]]
id = "startup-days"
name = %s
dimension = "process"
unit = %s
points = 20
method = "linear"
direction = "lower"
target = 1.0
floor = 3.0
baseline = 2.0
actual = %s
milestones = { Q2 = 1.5, Q4 = 1.0 }
progress = { Q2 = 1.4, Q4 = 1.2 }
source = %s
assessor = %s
definition = %s
limitations = %s
evidence = %s
note = %s
critical = true

[[indicator.target_change]]
from = 0.8
to = 1.0
date = 2024-06-30
reason = %s
approved_by = %s

[[indicator]]
id = "reform-plan"
name = %s
dimension = "learning"
unit = %s
points = 15
method = "manual"
score = %s
justification = %s

[[indicator]]
id = "training"
name = %s
dimension = "learning"
points = 15
method = "bands"
bands = [[60, 0.6], [80, 0.8], [95, 1]]
actual = %s
`, w.s(p+"own.name"), w.s(p+"own.unit"), []string{"1.2", "1.5", "2.5"}[i],
		w.s(p+"own.source"), w.s(p+"own.assessor"), w.s(p+"own.definition"), w.s(p+"own.limitations"),
		w.evidence(p+"own.evidence"), w.s(p+"own.note"),
		w.s(p+"own.target_change.reason"), w.s(p+"own.target_change.approved_by"),
		w.s(p+"manual.name"), w.s(p+"manual.unit"), []string{"12.5", "14", "9"}[i], w.s(p+"manual.justification"),
		w.s(p+"bands.name"), []string{"90", "96", "70"}[i])
	for j, kind := range []string{"bonus", "penalty"} {
		q := fmt.Sprintf("%sadjustment.%d.", p, j)
		fmt.Fprintf(&b, "\n[[adjustment]]\nkind = %q\npoints = %s\nreason = %s\nbasis = %s\ndate = 2024-11-05\nevidence = %s\n",
			kind, []string{"1", "0.5"}[j], w.s(q+"reason"), w.s(q+"basis"), w.evidence(q+"evidence"))
	}
	if i == 1 {
		q := p + "adjustment.2."
		fmt.Fprintf(&b, "\n[[adjustment]]\nkind = \"veto\"\nrule = \"work-safety\"\nreason = %s\nbasis = %s\ndate = 2024-08-01\n", w.s(q+"reason"), w.s(q+"basis"))
	}
	for j, st := range []string{"in_progress", "done"} {
		q := fmt.Sprintf("%srectification.%d.", p, j)
		fmt.Fprintf(&b, "\n[[rectification]]\nissue = %s\naction = %s\nowner = %s\ndue = 2025-06-30\nstatus = %q\nevidence = %s\n",
			w.s(q+"issue"), w.s(q+"action"), w.s(q+"owner"), st, w.evidence(q+"evidence"))
		if st == "done" {
			b.WriteString("done = 2025-05-20\n")
		}
	}
	return b.String()
}

// page writes a Markdown page: hostile front matter, the payload as Markdown
// (paragraph and heading), verbatim in a code block, and links and raw HTML
// that would run script if let through.
func (w *writer) page(name string) string {
	p := "content." + name + "."
	front := fmt.Sprintf("+++\ntitle = %s\ndescription = %s\ndate = 2025-03-01\n+++\n", w.s(p+"title"), w.s(p+"description"))
	if name == "_index" || strings.HasSuffix(name, "/_index") {
		front = strings.Replace(front, "date = 2025-03-01\n", "", 1)
	}
	para := w.f.add(p+"paragraph", w.text(p+"paragraph"), true)
	heading := w.f.add(p+"heading", w.text(p+"heading"), true)
	code := w.f.add(p+"code", w.text(p+"code"), false)
	// The code block comes first: a paragraph such as "<!--" starts a raw HTML
	// block that runs to the end of the document (and is left out).
	return front + "\n~~~~~~~~\n" + code + "\n~~~~~~~~\n\n## " + strings.ReplaceAll(heading, "\n", " ") + "\n\n" + para + "\n\n" +
		"[a javascript link](javascript:" + Scripted + "=1) and [a data link](data:text/html,%3Cscript%3E" + Scripted + "=2%3C/script%3E) and <javascript:" + Scripted + "=3>\n\n" +
		"[a spaced link]( JaVaScRiPt:" + Scripted + "=4 ) and ![an image](data:image/svg+xml,%3Csvg%20onload=" + Scripted + "=5%3E)\n\n" +
		"<script>" + Scripted + "=6</script>\n\n" +
		"<img src=\"/assets/favicon.svg\" alt=\"\" onerror=\"" + Scripted + "=7\">\n\n" +
		"Inline <a href=\"javascript:" + Scripted + "=8\">raw link</a> and <b onclick=\"" + Scripted + "=9\">raw bold</b>.\n"
}
