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
	for i := next(s, 0); i < len(s); i = next(s, i+1) {
		b.WriteString(s[start:i])
		b.WriteString(escapes[s[i]])
		start = i + 1
	}
	b.WriteString(s[start:])
}

// Append appends s to dst as Write adds it.
func Append(dst []byte, s string) []byte {
	start := 0
	for i := next(s, 0); i < len(s); i = next(s, i+1) {
		dst = append(dst, s[start:i]...)
		dst = append(dst, escapes[s[i]]...)
		start = i + 1
	}
	return append(dst, s[start:]...)
}

// next returns the index of the first byte of s from i on that is replaced, or
// len(s).
//
// Every byte replaced is below 0x40, and the text of a Chinese site is mostly
// bytes of 0x80 and over: eight bytes none of which is below 0x40 are passed
// over at once instead of looked up one by one (the tests compare the two).
func next(s string, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(s); i += 8 {
		// Whether any of the eight bytes is below 0x40: subtracting 0x40 from
		// each borrows into the top bit of one that is, unless that bit was
		// set already (a byte of 0x80 or more).
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		if (x-0x40*ones)&^x&highs == 0 {
			continue
		}
		for j := i; j < i+8; j++ {
			if escapes[s[j]] != "" {
				return j
			}
		}
	}
	for ; i < len(s); i++ {
		if escapes[s[i]] != "" {
			return i
		}
	}
	return len(s)
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
