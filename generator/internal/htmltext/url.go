package htmltext

import "strings"

// SafeURL reports whether html/template lets u stand as an address: u is
// relative or has an http, https or mailto scheme. Any other address is printed
// as "#ZgotmplZ".
func SafeURL(u string) bool {
	scheme, _, ok := strings.Cut(u, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// AppendURL appends u to dst as html/template prints an address that passed
// SafeURL in a quoted attribute: bytes a URL may not hold are percent-encoded
// (a valid %XX escape is kept), then & and + are escaped for the attribute.
func AppendURL(dst []byte, u string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		if urlKept[c] || c == '%' && i+2 < len(u) && hexDigit[u[i+1]] && hexDigit[u[i+2]] {
			continue
		}
		dst = append(dst, u[start:i]...)
		switch c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '+':
			dst = append(dst, "&#43;"...)
		default:
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	return append(dst, u[start:]...)
}

// urlKept is the bytes an address keeps as they are: those a URL keeps —
// letters, digits, the unreserved - . _ ~ and the reserved characters other
// than ' ( ) — but & and +, which the attribute escapes. A table, as a report
// link is long and mostly %XX escapes.
var urlKept = byteSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!#$*,/:;=?@[]")

var hexDigit = byteSet("0123456789abcdefABCDEF")

func byteSet(s string) (set [256]bool) {
	for i := 0; i < len(s); i++ {
		set[s[i]] = true
	}
	return set
}
