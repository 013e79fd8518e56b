package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"testing"
	"testing/fstest"
	"text/template/parse"

	"perfsite/generator/hostile"
	"perfsite/generator/model"
	"perfsite/generator/synth"
	theme "perfsite/themes/default"
)

// literalsLayout prints literal calls of t, url and abs in every context
// html/template escapes differently; the ones markup cannot reproduce must be
// left to the page.
const literalsLayout = `{{define "main"}}<h1 title="{{t "nav_home"}}">{{t "nav_home"}}</h1>
<p data-x={{t "nav_home"}} class="a {{t "nav_home"}} b">{{t "nav_home"}} {{t "nav_home" "x" "<y>"}} {{t "nav_home" | print}}</p>
<a href="{{url "a b/<x>?q='1'&r=+%41%zz"}}">{{abs "x"}}</a><a href="{{abs "javascript:alert(1)"}}">x</a><a href="/x/{{url "y z?"}}">y</a>
<a href="{{url "mailto:a+b@x.cn"}}#{{url "#x y"}}">z</a><img src="{{url "a.png"}}" srcset="{{url "a.png"}} 1x" alt="">
<textarea>{{t "nav_home"}}</textarea>
<script type="application/json">{{t "nav_home"}}</script>
<p onclick="f({{t "nav_home"}}, '{{t "nav_home"}}')">{{url ""}}</p>
{{end}}`

// checkFoldedAsUnfolded executes every page of s, with the interface text tr
// (the theme's when nil), with the default theme's layouts and overrides folded
// and printed by tmplrun where it can, and as parsed and printed by
// html/template, and fails where they differ. It returns how many pages of each
// layout it compared, and the layouts tmplrun left to html/template.
func checkFoldedAsUnfolded(t *testing.T, s *model.Site, tr *i18n, overrides fs.FS) (map[string]int, []string) {
	t.Helper()
	b, folded := testBuilder(t, s, Options{Drafts: true, Today: today}, tr, overrides)
	parsed, err := loadTemplates(theme.FS, overrides, b.funcs())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.prepareFragments(folded); err != nil { // folded on first use
		t.Fatal(err)
	}
	pages := map[string]int{}
	for _, sp := range b.specs() {
		p, err := b.page(sp)
		if err != nil {
			t.Fatal(err)
		}
		var want, got bytes.Buffer
		wantErr, gotErr := parsed.execute(&want, p), folded.execute(&got, p)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: error %v, want %v", p.Rel, gotErr, wantErr)
		}
		if got.String() != want.String() {
			t.Errorf("%s: the folded layout printed\n%s\nwant\n%s", p.Rel, got.String(), want.String())
		}
		pages[p.Layout]++
	}
	var declined []string
	for layout := range pages {
		if folded.ready[layout].run.Declined() {
			declined = append(declined, layout)
		}
	}
	return pages, declined
}

func TestFoldedLayoutsPrintAsParsedOnTheExample(t *testing.T) {
	n, declined := checkFoldedAsUnfolded(t, exampleSite(t), nil, nil)
	if n["scorecard.html"] < 40 {
		t.Errorf("compared %v pages; the example has more", n)
	}
	if declined != nil {
		t.Errorf("tmplrun left the pages of %v to html/template", declined)
	}
}

// TestRunPrintsEveryPageOfASyntheticSite compares tmplrun with html/template
// on every page of a synthetic site, drafts included, whose data takes every
// branch the generator writes, and checks it printed them all.
func TestRunPrintsEveryPageOfASyntheticSite(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Params{Departments: 12, Cycles: 3, Indicators: 12, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	n, declined := checkFoldedAsUnfolded(t, loadSite(t, dir), nil, nil)
	if n["scorecard.html"] < 30 || n["department.html"] < 12 {
		t.Errorf("compared %v pages; the site has more", n)
	}
	if declined != nil {
		t.Errorf("tmplrun left the pages of %v to html/template", declined)
	}
}

// TestFoldedLayoutsPrintAsParsedWithHostileText appends each hostile string to
// every interface text, with a page layout that prints literals in every context.
func TestFoldedLayoutsPrintAsParsedWithHostileText(t *testing.T) {
	cases, err := hostile.Corpus("../../testdata/hostile/strings.json")
	if err != nil {
		t.Fatal(err)
	}
	s := fixture(t, true)
	base, err := loadI18n(theme.FS, s.Config.Language)
	if err != nil {
		t.Fatal(err)
	}
	overrides := fstest.MapFS{"page.html": {Data: []byte(literalsLayout)}}
	for _, c := range cases {
		tr := &i18n{lang: base.lang, text: maps.Clone(base.text)}
		for k, v := range tr.text {
			tr.text[k] = v + c.String()
		}
		n, declined := checkFoldedAsUnfolded(t, s, tr, overrides)
		if n["page.html"] == 0 || n["scorecard.html"] == 0 {
			t.Fatalf("%s: compared %v pages", c.Name, n)
		}
		// The literals layout has actions tmplrun does not print (an
		// unquoted attribute, a script); the theme's are all its own.
		if !slices.Equal(declined, []string{"page.html"}) {
			t.Errorf("%s: tmplrun left the pages of %v to html/template", c.Name, declined)
		}
		if t.Failed() {
			t.Fatalf("case %s: see above", c.Name)
		}
	}
}

// TestFoldingLeavesFewCalls checks that folding happens: the scorecard layout
// keeps only the calls with page values.
func TestFoldingLeavesFewCalls(t *testing.T) {
	b, ts := testBuilder(t, fixture(t, true), Options{Today: today}, nil, nil)
	before := actions(ts.pages["scorecard.html"].Lookup("main").Tree.Root)
	if err := b.prepareFragments(ts); err != nil {
		t.Fatal(err)
	}
	if now := actions(ts.pages["scorecard.html"].Lookup("main").Tree.Root); now != before {
		t.Errorf("the scorecard layout was folded before its first use: %d actions, %d before", now, before)
	}
	ts.layout("scorecard.html")
	after := actions(ts.pages["scorecard.html"].Lookup("main").Tree.Root)
	if after > before-60 {
		t.Errorf("the scorecard layout has %d actions after folding, %d before", after, before)
	}
}

// actions counts the actions of l and of the lists within it.
func actions(l *parse.ListNode) int {
	if l == nil {
		return 0
	}
	n := 0
	for _, node := range l.Nodes {
		switch node := node.(type) {
		case *parse.ActionNode:
			n++
		case *parse.IfNode:
			n += actions(node.List) + actions(node.ElseList)
		case *parse.RangeNode:
			n += actions(node.List) + actions(node.ElseList)
		case *parse.WithNode:
			n += actions(node.List) + actions(node.ElseList)
		}
	}
	return n
}
