// Package htmltext writes text as html/template prints a string in text or in
// a quoted attribute value, byte for byte, for the code that writes HTML
// without a template: the rows of the render package's tables and the chart
// package's tables. Printing through a template costs a reflective escaper
// call for every value.
package htmltext

import "strings"

// Write adds s to b as html/template prints it: NUL and " & ' + < > replaced,
// every other byte (invalid UTF-8 included) kept.
func Write(b *strings.Builder, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		repl := escapes[s[i]]
		if repl == "" {
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(repl)
		start = i + 1
	}
	b.WriteString(s[start:])
}

// Append appends s to dst as Write adds it.
func Append(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		repl := escapes[s[i]]
		if repl == "" {
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, repl...)
		start = i + 1
	}
	return append(dst, s[start:]...)
}

var escapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}
