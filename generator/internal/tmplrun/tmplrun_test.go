package tmplrun

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"testing"

	"perfsite/generator/hostile"
)

type item struct {
	X    string
	N    int
	Tags []string
}

type word string

type stringer struct{ s string }

func (s stringer) String() string { return "S(" + s.s + ")" }

type ptrStringer struct{ s string }

func (p *ptrStringer) String() string { return "P(" + p.s + ")" }

type failure struct{}

func (failure) Error() string { return "failure <&>" }

type formatted struct{}

func (formatted) Format(f fmt.State, verb rune) { fmt.Fprint(f, "formatted") }

type status struct {
	Key  string
	HTML template.HTML
}

type data struct {
	Name, Empty string
	N, Zero     int
	U           uint
	B           bool
	H           template.HTML
	URL         template.URL
	JS          template.JS
	CSS         template.CSS
	Any, Nil    any
	P, NilP     *data
	S, None     []string
	Items       []item
	M           map[string]string
	F           float64
	W           word
	St          stringer
	PS          ptrStringer
	Err         failure
	Fmt         formatted
	secret      string
}

func (d *data) Rows() template.HTML { return template.HTML("<tr><td>" + d.Name + "</td></tr>") }
func (d *data) Upper() string       { return strings.ToUpper(d.Name) }
func (d data) Count() int           { return len(d.S) }
func (d *data) Check() (string, error) {
	if d.Name == "fail" {
		return "", errors.New("check failed")
	}
	return "checked " + d.Name, nil
}
func (d *data) With(s string) string { return d.Name + s }

// Table has an Append twin, as the engine's rows do; Twinned's twin prints
// something else, to show which one Run calls.
func (d *data) Table() template.HTML { return template.HTML("<tr>" + d.Name + "</tr>") }
func (d *data) AppendTable(b []byte) []byte {
	return append(append(append(b, "<tr>"...), d.Name...), "</tr>"...)
}
func (d *data) Checked() (template.HTML, error) {
	b, err := d.AppendChecked(nil)
	return template.HTML(b), err
}
func (d *data) AppendChecked(b []byte) ([]byte, error) {
	if d.Name == "fail" {
		return b, errors.New("checked table failed")
	}
	return append(b, "<td>ok</td>"...), nil
}
func (d *data) Twinned() template.HTML        { return "made by the method" }
func (d *data) AppendTwinned(b []byte) []byte { return append(b, "made by the twin"...) }
func (d *data) OddTwin() template.HTML        { return "odd" }
func (d *data) AppendOddTwin(b []byte) string { return "not a twin" }
func (d *data) Panics() string                { panic("method panicked") }

var funcs = template.FuncMap{
	"t": func(key string, args ...any) (string, error) {
		if key == "missing" {
			return "", errors.New("no text " + key)
		}
		return key + fmt.Sprint(args...), nil
	},
	"url": func(p string) string { return "/base/" + p },
	"status": func(key string) (status, error) {
		return status{key, template.HTML(`<b class="` + key + `">` + key + `</b>`)}, nil
	},
	"pair":  func(a string, b any) string { return a + "=" + fmt.Sprint(b) },
	"words": func(ws ...any) []any { return ws },
}

func newData(name string) *data {
	d := &data{
		Name: name, N: 1234, U: 7, B: true, H: "<i>h</i>", URL: "javascript:ok()", JS: `{"a":"\u003c"}`, CSS: "color:red",
		Any: "any " + name, S: []string{"a", name}, F: 1.5, W: word(name), St: stringer{name}, PS: ptrStringer{name},
		Items: []item{{X: name, N: 1, Tags: []string{"x", "y"}}, {X: "two", N: 2}}, M: map[string]string{"k": name}, secret: "s",
	}
	d.P = &data{Name: "inner " + name, S: []string{"i"}}
	return d
}

// cases are templates and whether Run prints them (true) or leaves them to
// html/template (false).
var cases = []struct {
	tmpl    string
	handled bool
}{
	{`<p>{{.Name}}</p>`, true},
	{`<p title="{{.Name}}" class='{{.Name}}'>x</p>`, true},
	{`<p title={{.Name}}>x</p>`, false}, // unquoted: html/template's own escaper
	{`<a href="{{.Name}}">x</a><a href="{{.URL}}">y</a><a href='{{url .Name}}'>z</a>`, true},
	{`<a href="/x/{{.Name}}?q={{.Name}}">x</a>`, false},
	{`<title>{{.Name}}</title><textarea>{{.Name}}</textarea>`, true},
	{`<title>{{.H}}</title>`, false},
	{`<p title="{{.H}}">x</p>`, false},
	{`<div>{{.H}}</div>{{.URL}} {{.JS}}`, true},
	{`{{.CSS}}`, false},
	{`<script type="application/json">{{.JS}}</script>`, true},
	{`<script type="application/json">{{.Name}}</script>`, false},
	{`<script>var x = {{.Name}};</script>`, false},
	{`<style>p { color: {{.Name}} }</style>`, false},
	{`{{.N}} {{.Zero}} {{.U}} {{.B}} {{.W}} {{.St}} {{.Err}} {{.Any}} {{.P.PS}}`, false},
	{`{{.N}} {{.Zero}} {{.U}} {{.B}} {{.W}} {{.St}} {{.Err}} {{.Any}}`, true},
	{`{{.PS}}`, false}, // fmt prints the struct: its String needs a pointer
	{`{{.F}}`, false},
	{`{{.Fmt}}`, false},
	{`{{.Nil}}`, false},
	{`{{.NilP}}`, false},
	{`{{.NilP.Name}}`, false},
	{`{{.secret}}`, false},
	{`{{.Missing}}`, false},
	{`{{.M.k}}`, false},
	{`{{.S}}`, false},
	{`{{.Rows}}{{.Upper}}{{.Count}}{{.P.Upper}}{{(.P).Name}}{{.Check}}`, true},
	{`{{.With "x"}}`, false},
	{`{{.Table}}{{.Checked}}{{.OddTwin}}{{with .P}}{{.Table}}{{end}}{{range .Items}}{{$.Table}}{{end}}`, true},
	{`<p title="{{.Table}}">x</p>`, false},
	{`{{.Panics}}`, false},
	{`{{if .Name}}yes{{else}}no{{end}}{{if .Empty}}yes{{else if .N}}n{{end}}{{if .None}}x{{end}}{{if .NilP}}x{{end}}{{if .Nil}}x{{end}}{{if .St}}st{{end}}`, true},
	{`{{with .Name}}[{{.}}]{{end}}{{with .Empty}}x{{else with .P}}{{.Name}}{{end}}{{with $x := .N}}{{$x}}{{.}}{{end}}`, true},
	{`{{range .S}}<li>{{.}}</li>{{end}}{{range .None}}x{{else}}none{{end}}{{range $i, $e := .Items}}{{$i}}:{{$e.X}}:{{.N}}:{{$.Name}}{{range .Tags}}[{{.}}{{$e.X}}]{{end}}{{end}}{{range $e := .S}}{{$e}}{{end}}`, true},
	{`{{range .M}}{{.}}{{end}}`, false},
	{`{{range .S}}{{break}}{{end}}`, false},
	{`{{range .NilP}}{{end}}`, false},
	{`{{$x := .Name}}{{$x}}{{$x = "changed"}}{{$x}}{{if true}}{{$x = "in if"}}{{$y := 1}}{{$y}}{{end}}{{$x}}`, true},
	{`{{and .Name .N}} {{and .Empty .N}} {{or .Empty .Name}} {{or .Empty .Zero}} {{if and .B (ne .Name "x")}}and{{end}}{{if or .Empty .None}}x{{end}}`, true},
	{`{{not .S}} {{not .Empty}} {{len .S}} {{len .Name}} {{if gt (len .S) 1}}many{{end}}{{if lt .Name "zzz"}}lt{{end}}{{if ge .N 1234}}ge{{end}}{{if le .U .U}}le{{end}}`, true},
	{`{{le .U 7}}`, false}, // mixed signs: text/template's rule
	{`{{eq .Name "a" "b" .Name}} {{eq .N 1}} {{ne .B false}} {{eq .W "x"}}`, true},
	{`{{eq .N "1"}}`, false},
	{`{{lt .B true}}`, false},
	{`{{eq .F 1.5}}`, false},
	{`{{len .N}}`, false},
	{`{{index .S 0}}`, false},
	{`{{printf "%s/%d/%v" .Name .N .B}} {{.Name | printf "%q"}} {{printf "%v" .F}}`, true},
	{`{{t "key" .N .Name}} {{t "bare"}} {{.Name | t "piped"}} {{url .Name}} {{(status "ok").HTML}} {{(status .Name).Key}}`, true},
	{`{{pair .Name .N}} {{pair "a" .Any}} {{pair .Name 1}}`, true},
	{`{{pair .W 1}}`, false},
	{`{{t "missing"}}`, false},
	{`{{words .N}}`, false},
	{`{{define "x"}}<b title="{{.}}">{{.}}</b>{{end}}{{template "x" .Name}}{{template "x" .N}}{{block "y" .}}<i>{{.Name}}</i>{{end}}`, true},
	{`{{define "x"}}{{.}}{{end}}<p title="{{template "x" .Name}}">x</p>`, false},
	{`{{define "r"}}{{if .}}{{.Name}}{{template "r" .P}}{{end}}{{end}}{{template "r" .}}`, true},
	{"{{/* a comment */}}a {{- .Name -}} b", true},
	{`{{.Name}}{{.Empty}}{{"literal"}}{{1}}{{true}}`, true},
	{`{{1.5}}`, false},
	{`{{nil}}`, false},
}

// compare executes tmpl with d by html/template and by Run and fails where
// they differ, or where Run prints or declines against handled.
func compare(t *testing.T, tmpl string, d *data, handled bool) {
	t.Helper()
	ht, err := template.New("page").Funcs(funcs).Parse(tmpl)
	if err != nil {
		t.Fatalf("%s: %v", tmpl, err)
	}
	var want strings.Builder
	wantErr := ht.Execute(&want, d) // escapes the set
	set := New(ht, funcs)
	got, ok := set.Run([]byte("kept:"), "page", d)
	switch {
	case ok != handled:
		t.Errorf("%s with %q: Run printed it %v, want %v (html/template: %.200q, %v)", tmpl, d.Name, ok, handled, want.String(), wantErr)
	case ok && wantErr != nil:
		t.Errorf("%s with %q: Run printed %q where html/template fails: %v", tmpl, d.Name, got, wantErr)
	case ok && string(got) != "kept:"+want.String():
		t.Errorf("%s with %q:\n got %q\nwant %q", tmpl, d.Name, got, "kept:"+want.String())
	case !ok && string(got) != "kept:":
		t.Errorf("%s: a page Run declined left %q", tmpl, got)
	}
}

func TestRunPrintsAsHTMLTemplate(t *testing.T) {
	for _, c := range cases {
		compare(t, c.tmpl, newData("name"), c.handled)
	}
}

// hostileTemplate prints a string in every context Run prints.
const hostileTemplate = `<title>{{.Name}}</title><p title="{{.Name}}" data-w='{{.W}}'>{{.Name}} {{.St}}</p>` +
	`<a href="{{.Name}}">{{url .Name}}</a><a href="{{url .Name}}">{{t .Name .Name}}</a><textarea>{{.W}}</textarea>` +
	`{{if eq .Name "a"}}a{{end}}{{range .S}}{{.}}{{end}}{{.Any}}`

func checkHostile(t *testing.T, s string) {
	t.Helper()
	compare(t, hostileTemplate, newData(s), true)
}

func TestRunEscapesHostileStrings(t *testing.T) {
	corpus, err := hostile.Corpus("../../../testdata/hostile/strings.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range corpus {
		checkHostile(t, c.String())
	}
	// Random bytes, weighted towards the ones escaping treats specially.
	for _, s := range hostile.EscapeBytes(3, 4, 2000) {
		checkHostile(t, s)
	}
}

func FuzzRunEscapes(f *testing.F) {
	for _, s := range []string{"", "a", "javascript:x", "%zz", "<&>\"'+", "\xff", "mailto:a@b"} {
		f.Add(s)
	}
	f.Fuzz(checkHostile)
}

// TestRunDeclinesAfterGivingUp checks that a set stops trying after a page it
// could not print, but not after a page that failed on its data.
func TestRunDeclinesAfterGivingUp(t *testing.T) {
	ht := template.Must(template.New("page").Funcs(funcs).Parse(`{{.Check}}{{if .B}}{{.F}}{{end}}`))
	_ = ht.Execute(&strings.Builder{}, newData("x"))
	set := New(ht, funcs)
	failing := newData("fail")
	failing.B = false
	if _, ok := set.Run(nil, "page", failing); ok {
		t.Fatal("Run printed a page whose method failed")
	}
	plain := newData("x")
	plain.B = false
	if out, ok := set.Run(nil, "page", plain); !ok || string(out) != "checked x" {
		t.Fatalf("after a failed page Run printed %q, %v", out, ok)
	}
	if _, ok := set.Run(nil, "page", newData("x")); ok {
		t.Fatal("Run printed a float")
	}
	if _, ok := set.Run(nil, "page", plain); ok || !set.Declined() {
		t.Fatal("Run kept trying after a page it could not print")
	}
}

// TestRunOnManyGoroutines runs one set from several goroutines at once, as
// pages are rendered, each learning the places of its types: with -race it
// checks that the places are shared safely.
func TestRunOnManyGoroutines(t *testing.T) {
	ht := template.Must(template.New("page").Funcs(funcs).Parse(`{{range $i, $e := .Items}}{{$i}}:{{$e.X}}{{.N}}{{end}}{{.Rows}}{{.P.Upper}}{{(status .Name).Key}}` + hostileTemplate))
	var want strings.Builder
	if err := ht.Execute(&want, newData("x")); err != nil {
		t.Fatal(err)
	}
	set := New(ht, funcs)
	done := make(chan string)
	for range 8 {
		go func() {
			out, ok := set.Run(nil, "page", newData("x"))
			if !ok {
				out = []byte("declined")
			}
			done <- string(out)
		}()
	}
	for range 8 {
		if got := <-done; got != want.String() {
			t.Errorf("got %q, want %q", got, want.String())
		}
	}
}

// TestRunCallsAppendTwins checks that a method printed whole in text is
// printed by its Append twin, and that a twin's error fails the page without
// turning the set off.
func TestRunCallsAppendTwins(t *testing.T) {
	ht := template.Must(template.New("page").Funcs(funcs).Parse(`[{{.Twinned}}]{{.Checked}}`))
	_ = ht.Execute(&strings.Builder{}, newData("x"))
	set := New(ht, funcs)
	if out, ok := set.Run(nil, "page", newData("x")); !ok || string(out) != "[made by the twin]<td>ok</td>" {
		t.Errorf("Run printed %q, %v", out, ok)
	}
	if out, ok := set.Run([]byte("kept"), "page", newData("fail")); ok || string(out) != "kept" || set.Declined() {
		t.Errorf("a twin's error: Run printed %q, %v; declined %v", out, ok, set.Declined())
	}
}

// TestPlaceRemembersOnlyItsOwn looks names up on several types, in an order
// that makes names share slots of the recent places: names of one text
// recentPlaces bytes apart, equal names at different addresses, and one name on
// different types. Every place must be placeOf's for its type and name.
func TestPlaceRemembersOnlyItsOwn(t *testing.T) {
	s := New(template.Must(template.New("p").Parse(`{{.Name}}`)), nil)
	var names []string
	for _, name := range []string{"Name", "N", "Upper", "Count", "Table", "Rows", "Missing", "secret", "X", "Tags"} {
		// Three copies of name in one text, each in the same slot.
		text := []byte(strings.Repeat(" ", 3*recentPlaces))
		for i := range 3 {
			copy(text[i*recentPlaces:], name)
		}
		str := string(text)
		for i := range 3 {
			names = append(names, str[i*recentPlaces:i*recentPlaces+len(name)])
		}
		names = append(names, strings.Clone(name), name)
	}
	// The first names of two texts in one slot.
	one, two := strings.Repeat("Name", recentPlaces), strings.Repeat("Rows", recentPlaces)
	for i := range 3 {
		names = append(names, one[i*recentPlaces:i*recentPlaces+4], two[i*recentPlaces:i*recentPlaces+4])
	}
	types := []reflect.Type{reflect.TypeFor[*data](), reflect.TypeFor[data](), reflect.TypeFor[*item](), reflect.TypeFor[item]()}
	for round := range 3 {
		for i, name := range names {
			for j := range types {
				typ := types[(i+j+round)%len(types)]
				got, want := s.place(typ, name), placeOf(typ, name)
				if got.t != typ || got.name != name || !samePlace(got, want) {
					t.Fatalf("place(%v, %q) = %+v, want %+v", typ, name, got, want)
				}
			}
		}
	}
}

// samePlace reports whether a and b are the same place; methods are compared
// by their code.
func samePlace(a, b *place) bool {
	sameFunc := func(f, g reflect.Value) bool {
		return f.IsValid() == g.IsValid() && (!f.IsValid() || f.Pointer() == g.Pointer())
	}
	return a.t == b.t && a.name == b.name && sameFunc(a.method, b.method) && a.errResult == b.errResult &&
		sameFunc(a.twin, b.twin) && slices.Equal(a.field, b.field) && a.refused == b.refused
}
