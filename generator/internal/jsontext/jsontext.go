// Package jsontext writes JSON strings byte for byte as encoding/json writes them
// (HTML escaping on), for the writers that produce JSON without reflection: the open
// data and the chart options.
package jsontext

import "unicode/utf8"

// htmlSafe marks the ASCII bytes encoding/json writes as they are: printable, and
// none of " \ < > &.
var htmlSafe = func() (safe [utf8.RuneSelf]bool) {
	for b := ' '; b < utf8.RuneSelf; b++ {
		switch b {
		case '"', '\\', '<', '>', '&':
		default:
			safe[b] = true
		}
	}
	return safe
}()

const hexDigits = "0123456789abcdef"

// AppendString appends s quoted as encoding/json quotes strings: \" \\ \b \f \n
// \r \t, other control bytes and < > & as \u00XX, U+2028 and U+2029 as \u2028 and
// \u2029, and each byte that is not UTF-8 as \ufffd.
//
// It reads s once. Most of the text it is given is ASCII and Chinese, and most
// strings need no escape at all: plainRun passes over what is written as it is in
// a loop that keeps little else in registers, and a string that is all such is
// copied whole. The rest is read on from where the run ends; there too a
// three-byte character that cannot be U+2028 or U+2029 and needs no closer check
// of its second byte (see plain3) is passed over without decoding it.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	n := plainRun(s)
	if n == len(s) {
		dst = append(dst, s...)
		return append(dst, '"')
	}
	start := 0
	for i := n; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if htmlSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscaped(dst, b)
			i++
			start = i
			continue
		}
		if plain3(s, i) {
			i += 3
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// plainRun is the length of the run at the start of s that is written as it is
// and known so without decoding: ASCII bytes that need no escape, and valid
// characters that plainLen accepts. Most strings are one such run, which is then
// copied whole.
func plainRun(s string) int {
	i := 0
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if !htmlSafe[b] {
				return i
			}
			i++
			continue
		}
		switch plainLen[b] {
		case 3:
			if !plain3(s, i) {
				return i
			}
			i += 3
		case 2:
			if i+1 >= len(s) || (s[i+1]^0x80)&0xC0 != 0 {
				return i
			}
			i += 2
		default:
			return i
		}
	}
	return i
}

// plainLen is, by lead byte, the length of a character that is written as it is
// whatever its continuation bytes, as long as they are continuation bytes (10xxxxxx):
// 2 for C2 … DF (U+0080 … U+07FF, × and ÷ among them), 3 for E1, E3 … EC, EE
// and EF (every Chinese character). E0 and ED allow only some second bytes, and E2
// begins U+2028 and U+2029; these and four-byte characters are decoded.
var plainLen = func() (n [256]byte) {
	for b := 0xC2; b <= 0xDF; b++ {
		n[b] = 2
	}
	for b := 0xE1; b <= 0xEF; b++ {
		if b != 0xE2 && b != 0xED {
			n[b] = 3
		}
	}
	return n
}()

// plain3 reports whether s holds at i a valid three-byte character that is written
// as it is: a lead byte plainLen gives 3, and two continuation bytes. That is
// every Chinese character.
func plain3(s string, i int) bool {
	return i+2 < len(s) && plainLen[s[i]] == 3 && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80
}

// appendEscaped appends the escape of an ASCII byte that is not written as it is.
func appendEscaped(dst []byte, b byte) []byte {
	switch b {
	case '\\', '"':
		return append(dst, '\\', b)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
}
