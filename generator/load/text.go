package load

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"perfsite/generator/diag"
)

// Text from the files is shown to readers: on web pages, in feeds, in
// spreadsheets. Some characters are invisible there yet change what a reader
// sees, or cannot be shown at all; they are refused with the file and line, so
// the page never says something other than what the file seems to say:
//
//   - bidi embedding, override and isolate controls (U+202A–U+202E,
//     U+2066–U+2069): they reorder the text around them, so "abc\u202Edcba"
//     shows as "abcabcd" — the trick known as "Trojan source";
//   - control characters other than tab and line feed (C0, DEL, C1), which
//     HTML does not allow and a terminal may act on;
//   - noncharacters (U+FDD0–U+FDEF and U+xFFFE, U+xFFFF), which are not text.
//
// Left-to-right and right-to-left marks (U+200E, U+200F, U+061C), zero-width
// spaces and joiners (emoji need them) and every other character are kept and
// shown as they are.

// badRune finds the first refused character of s and its column (in characters,
// from 1), or returns col 0. Only bytes that can start a refused character are
// decoded, and characters are counted only when one is found: most text, Chinese
// included, has none.
func badRune(s string) (r rune, col int) {
	for i := 0; i < len(s); i++ {
		if !startsRefused[s[i]] {
			continue
		}
		// Such a byte is never inside another character's UTF-8, so a refused
		// character is found where ranging over s finds it, with as many before it.
		if r, _ := utf8.DecodeRuneInString(s[i:]); refused(r) {
			return r, utf8.RuneCountInString(s[:i]) + 1
		}
	}
	return 0, 0
}

// startsRefused tells the bytes that can start a refused character: control
// characters, and the first byte of the UTF-8 of U+0080–U+009F (0xC2), of
// U+202A–U+2069 (0xE2), of U+FDD0–U+FFFF (0xEF) and of characters beyond U+FFFF.
// A table, as badRune looks at every byte of every text value.
var startsRefused = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < 0x20 && c != '\t' && c != '\n' || c == 0x7f || c == 0xc2 || c == 0xe2 || c == 0xef || c >= 0xf0
	}
	return t
}()

func refused(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return true
	}
	return false
}

var bidiNames = map[rune]string{
	0x202a: "LEFT-TO-RIGHT EMBEDDING",
	0x202b: "RIGHT-TO-LEFT EMBEDDING",
	0x202c: "POP DIRECTIONAL FORMATTING",
	0x202d: "LEFT-TO-RIGHT OVERRIDE",
	0x202e: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
}

// refusal says what is wrong with r and how to fix it. The character itself is
// never repeated in the message: a terminal would act on it too.
func refusal(r rune) string {
	if name, ok := bidiNames[r]; ok {
		return fmt.Sprintf("the invisible character U+%04X %s, which changes the order in which the text around it is displayed, so the page could read differently from the file; delete it (your editor may not show it: retype the text around it)", r, name)
	}
	if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
		return fmt.Sprintf("the control character U+%04X, which a web page cannot show; delete it (look for a \\u%04X escape or an invisible character)", r, r)
	}
	return fmt.Sprintf("U+%04X, which is not a character; delete it", r)
}

// checkText reports a refused character in a text value read at key.
func (t *table) checkText(key, s string) {
	if r, col := badRune(s); col > 0 {
		t.refuseText(key, r, col)
	}
}

// refuseText reports the refused character r at column col of the value at key.
func (t *table) refuseText(key string, r rune, col int) {
	what := key
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		what = key[:i] // "evidence.1" → "evidence"
	}
	t.errorf(key, "%s contains %s (character %d of the value)", what, refusal(r), col)
}

// checkBody reports refused characters in Markdown text, one problem per line.
func checkBody(path string, body []byte, firstLine int, diags *diag.List) {
	for i, line := range strings.Split(string(body), "\n") {
		if r, col := badRune(line); col > 0 {
			diags.Errorf(diag.Pos{File: path, Line: firstLine + i, Col: col}, "this line contains %s", refusal(r))
		}
	}
}

// maxDepth is how deeply TOML may nest: brackets and braces inside one another,
// or the parts of one dotted key. Site files need three or four levels. The
// decoder's time grows much faster than the depth (10 000 nested inline tables
// take minutes), so deeper text is refused before it is decoded.
const maxDepth = 32

// tooDeep finds where text nests deeper than maxDepth, outside strings and
// comments: the line and column (in characters, from 1), or line 0.
func tooDeep(text string) (line, col int) {
	depth, dots := 0, 0
	line, start := 1, 0
	at := func(i int) (int, int) { return line, utf8.RuneCountInString(text[start:i]) + 1 }
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '\n':
			line, start, dots = line+1, i+1, 0
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			i = skipString(text, i, func(nl int) { line, start = line+1, nl+1 })
		case '[', '{':
			depth, dots = depth+1, 0
			if depth > maxDepth {
				return at(i)
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
			dots = 0
		case '=', ',':
			dots = 0
		case '.':
			dots++
			if dots > maxDepth {
				return at(i)
			}
		}
	}
	return 0, 0
}

// skipString returns the index of the last byte of the string that starts at
// text[i], calling newline for each line break inside a multi-line string. An
// unterminated string ends at the end of its line (or text): the decoder reports it.
func skipString(text string, i int, newline func(int)) int {
	q := text[i]
	basic := q == '"'
	if i+2 < len(text) && text[i+1] == q && text[i+2] == q {
		triple := text[i : i+3]
		for j := i + 3; j < len(text); j++ {
			switch {
			case basic && text[j] == '\\':
				if j+1 < len(text) && text[j+1] == '\n' {
					newline(j + 1)
				}
				j++
			case text[j] == '\n':
				newline(j)
			case strings.HasPrefix(text[j:], triple):
				return j + 2
			}
		}
		return len(text) - 1
	}
	for j := i + 1; j < len(text); j++ {
		switch {
		case basic && text[j] == '\\':
			if j+1 < len(text) && text[j+1] == '\n' {
				return j // a line break ends it anyway
			}
			j++
		case text[j] == '\n':
			return j - 1
		case text[j] == q:
			return j
		}
	}
	return len(text) - 1
}
