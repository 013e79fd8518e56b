package chart

import (
	"strconv"
	"strings"
)

// ID derives a chart id from the page's URL path and the chart's name, so ids
// are stable across builds (go-echarts would pick random ones) and usable both
// as an HTML id and as a JavaScript identifier: "c", then each run of ASCII
// letters and digits, joined by "_"; anything else separates runs, and a
// non-ASCII rune becomes its own run "x" + hex code point.
//
//	ID("2024/market-regulation/", "radar") == "c_2024_market_regulation_radar"
//	ID("departments/", "趋势")              == "c_departments_x8d8b_x52bf"
//
// Inputs that differ only in punctuation ("a-b", "a_b", "a/b") share an id;
// ids need only be unique on one page, where chart names differ by words.
func ID(page, name string) string {
	var b strings.Builder
	// Room for the id in one allocation, rather than growing it by doubling,
	// unless the text is not UTF-8: an ASCII byte takes at most two bytes, and
	// a rune of more at most 2.5 times its bytes.
	b.Grow(1 + 3*(len(page)+len(name)))
	b.WriteByte('c')
	sep := true // a "_" is due before the next run
	for _, part := range [2]string{page, name} {
		for _, r := range part {
			switch {
			case r < 0x80 && isAlnum(byte(r)):
				if sep {
					b.WriteByte('_')
					sep = false
				}
				b.WriteRune(r)
			case r < 0x80:
				sep = true
			default:
				var hex [8]byte
				b.WriteString("_x")
				b.Write(strconv.AppendInt(hex[:0], int64(r), 16))
				sep = true
			}
		}
		sep = true
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isIdent reports whether s is an ASCII JavaScript identifier without "$",
// which is also a valid HTML id and needs no escaping in a CSS selector.
func isIdent(s string) bool {
	if s == "" || '0' <= s[0] && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' {
			return false
		}
	}
	return true
}

// ident keeps an id that is already an identifier and derives one otherwise,
// so a builder never emits an id charts.js or a selector would choke on.
func ident(id string) string {
	if isIdent(id) {
		return id
	}
	return ID("", id)
}
