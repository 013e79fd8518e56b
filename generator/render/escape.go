package render

import (
	"html/template"
	"strings"

	"perfsite/generator/internal/htmltext"
)

// markup builds HTML that html/template would have printed, for the few tables
// long enough that printing them through a template dominates a large site's
// build (see rows.go). It can only add escaped text, escaped addresses, tags
// written as constants in this package, and fragments the theme's own partials
// made. Its escaping is html/template's, byte for byte (escape_test.go executes
// html/template on the same strings).
type markup struct {
	b strings.Builder // grows without zeroing, and html() does not copy
}

// tag adds markup written in this package: never pass it data.
func (m *markup) tag(s string) { m.b.WriteString(s) }

// fragment adds HTML made by executing a theme partial.
func (m *markup) fragment(h template.HTML) { m.b.WriteString(string(h)) }

// text adds s as html/template prints a string in text or in a quoted attribute
// value.
func (m *markup) text(s string) { htmltext.Write(&m.b, s) }

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
	if !safeScheme(u) {
		u = "#ZgotmplZ"
	}
	m.hrefText(u)
}

// hrefText adds u as href does once u's scheme is known to be safe: a part of
// an address, cut anywhere but inside a %XX escape.
func (m *markup) hrefText(u string) {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		if hrefKept[c] || c == '%' && i+2 < len(u) && hexDigit[u[i+1]] && hexDigit[u[i+2]] {
			continue
		}
		m.b.WriteString(u[start:i])
		switch c {
		case '&':
			m.b.WriteString("&amp;")
		case '+':
			m.b.WriteString("&#43;")
		default:
			m.b.Write([]byte{'%', hex[c>>4], hex[c&15]})
		}
		start = i + 1
	}
	m.b.WriteString(u[start:])
}

// safeScheme reports whether u is relative or has an http, https or mailto scheme.
func safeScheme(u string) bool {
	scheme, _, ok := strings.Cut(u, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// hrefKept is the bytes an href keeps as they are: those a URL keeps —
// letters, digits, the unreserved - . _ ~ and the reserved characters other
// than ' ( ) — but & and +, which the attribute escapes. Tables, as a report
// link is long and mostly %XX escapes.
var hrefKept = byteSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!#$*,/:;=?@[]")

var hexDigit = byteSet("0123456789abcdefABCDEF")

func byteSet(s string) (set [256]bool) {
	for i := 0; i < len(s); i++ {
		set[s[i]] = true
	}
	return set
}

func (m *markup) html() template.HTML { return template.HTML(m.b.String()) }
