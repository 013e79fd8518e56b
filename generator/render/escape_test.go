package render

import (
	"html/template"
	"strings"
	"testing"

	"perfsite/generator/hostile"
)

// printedByTemplate is how html/template prints s as text, in a quoted
// attribute and as a whole href.
var printedByTemplate = template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p><a href="{{.}}">`))

func printedByMarkup(s string) string {
	var m markup
	m.tag(`<p title="`)
	m.text(s)
	m.tag(`">`)
	m.text(s)
	m.tag(`</p><a href="`)
	m.href(s)
	m.tag(`">`)
	return string(m.b)
}

func checkEscapesLikeTemplate(t *testing.T, s string) {
	t.Helper()
	var want strings.Builder
	if err := printedByTemplate.Execute(&want, s); err != nil {
		t.Fatal(err)
	}
	if got := printedByMarkup(s); got != want.String() {
		t.Errorf("%q:\n got %s\nwant %s", s, got, want.String())
	}
}

// escapeCases are strings whose escaping differs in each branch of text and href.
var escapeCases = []string{
	"", "plain", "中文 单位", `<script>alert(1)</script>"onmouseover=alert(2) x`, "a'b\"c&d+e<f>g",
	"\x00nul", "\xff\xfe not UTF-8 \xe4\xb8", "javascript:alert(1)", "JavaScript:alert(1)", " javascript:x",
	"data:text/html,<b>", "vbscript:x", "mailto:a@b.cn?subject=%E4%B8%AD 文", "MAILTO:x", "HTTPS://X.cn/a b",
	"http://x.cn/?a=1&b=2+3#frag", "/path/'(x)'/{y}|`z`^\\", "%", "%4", "%41", "%4g", "%zz%", "100%", "a%41",
	"./a:b", "a/b:c", ":x", "?q=a:b", "#top", "~-._!$*,;=@[]", "\t\n\r\v\f", "\u2028\u202e\ufeff",
}

func TestMarkupEscapesLikeHTMLTemplate(t *testing.T) {
	for _, s := range escapeCases {
		checkEscapesLikeTemplate(t, s)
	}
	cases, err := hostile.Corpus("../../testdata/hostile/strings.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		checkEscapesLikeTemplate(t, c.String())
	}
	// Random bytes, weighted towards the ones escaping treats specially.
	for _, s := range hostile.EscapeBytes(1, 2, 2000) {
		checkEscapesLikeTemplate(t, s)
	}
}

func FuzzMarkupEscapesLikeHTMLTemplate(f *testing.F) {
	for _, s := range escapeCases {
		f.Add(s)
	}
	f.Fuzz(checkEscapesLikeTemplate)
}
