package render

import (
	"html/template"
	"slices"
	"unsafe"

	"perfsite/generator/internal/htmltext"
)

// markup builds HTML that html/template would have printed, for the few tables
// long enough that printing them through a template dominates a large site's
// build (see rows.go). It can only add escaped text, escaped addresses, tags
// written as constants in this package, and fragments the theme's own partials
// made. Its escaping is html/template's, byte for byte (escape_test.go executes
// html/template on the same strings).
type markup struct {
	b []byte // html() hands it out as a string without copying: nothing writes to it after
}

// grow makes room for n more bytes.
func (m *markup) grow(n int) { m.b = slices.Grow(m.b, n) }

// tag adds markup written in this package: never pass it data.
func (m *markup) tag(s string) { m.b = append(m.b, s...) }

// fragment adds HTML made by executing a theme partial, or by markup before.
func (m *markup) fragment(h template.HTML) { m.b = append(m.b, h...) }

// text adds s as html/template prints a string in text or in a quoted attribute
// value.
func (m *markup) text(s string) { m.b = htmltext.Append(m.b, s) }

// textOr adds s, or the missing-value fragment when s is "" (a template's
// {{or .X $none}}).
func (m *markup) textOr(s string, none template.HTML) {
	if s == "" {
		m.fragment(none)
		return
	}
	m.text(s)
}

// href adds u as html/template prints a whole href="{{.}}" value: an address
// with a scheme other than http, https or mailto becomes "#ZgotmplZ"; bytes a URL
// may not hold are percent-encoded (a valid %XX escape is kept); then & and +
// are escaped for the attribute.
func (m *markup) href(u string) {
	if !htmltext.SafeURL(u) {
		u = "#ZgotmplZ"
	}
	m.hrefText(u)
}

// hrefText adds u as href does once u's scheme is known to be safe: a part of
// an address, cut anywhere but inside a %XX escape.
func (m *markup) hrefText(u string) { m.b = htmltext.AppendURL(m.b, u) }

// html is what m holds, which must not be added to afterwards (see htmlOf).
func (m *markup) html() template.HTML { return htmlOf(m.b) }

// htmlOf is b as HTML sharing its bytes, as a strings.Builder's String does:
// b must not change afterwards.
func htmlOf(b []byte) template.HTML {
	return template.HTML(unsafe.String(unsafe.SliceData(b), len(b)))
}

func byteSet(s string) (set [256]bool) {
	for i := 0; i < len(s); i++ {
		set[s[i]] = true
	}
	return set
}
