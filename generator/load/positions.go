package load

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"perfsite/generator/diag"
)

// Decoding keeps no positions for the keys, so this scanner reads the same text again,
// when a problem in the file is first reported, to map every key path to where it is
// written: "title", "indicator.3" (the fourth
// [[indicator]] header), "indicator.3.progress.Q2" (a key of an inline table) and
// "indicator.3.evidence.1" (an array element). Paths use the same numbering as the
// decoded tables, so a problem found in a decoded value can be pointed at its line.
//
// The scanner only runs on text the decoder accepted, but it never panics and always
// makes progress, whatever it is given.

// lineIndex turns byte offsets into lines and columns; columns count characters, not
// bytes, so Chinese text before a key does not shift the column an editor shows.
type lineIndex struct {
	text   string
	starts []int // byte offset where each line starts
	shift  int   // lines before the text in its file (front matter starts on line 2)
}

func newLineIndex(text string, shift int) *lineIndex {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{text: text, starts: starts, shift: shift}
}

// at returns the 1-based line and column of a byte offset.
func (x *lineIndex) at(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(x.text) {
		off = len(x.text)
	}
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1 + x.shift, utf8.RuneCountInString(x.text[x.starts[i]:off]) + 1
}

// runeCol converts a 1-based byte column of a 1-based line (without shift) to a
// character column.
func (x *lineIndex) runeCol(line, byteCol int) int {
	if line < 1 || line > len(x.starts) || byteCol < 1 {
		return byteCol
	}
	start := x.starts[line-1]
	end := len(x.text)
	if line < len(x.starts) {
		end = x.starts[line] - 1
	}
	stop := start + byteCol - 1
	if stop > end {
		stop = end
	}
	if stop < start {
		return 1
	}
	return utf8.RuneCountInString(x.text[start:stop]) + 1
}

// firstCol is the column of the first character of a 1-based line (without shift)
// that is not a blank.
func (x *lineIndex) firstCol(line int) int {
	if line < 1 || line > len(x.starts) {
		return 1
	}
	col := 1
	for i := x.starts[line-1]; i < len(x.text) && (x.text[i] == ' ' || x.text[i] == '\t'); i++ {
		col++
	}
	return col
}

// lineText is a 1-based line (without shift), without its leading blanks.
func (x *lineIndex) lineText(line int) string {
	if line < 1 || line > len(x.starts) {
		return ""
	}
	end := len(x.text)
	if line < len(x.starts) {
		end = x.starts[line] - 1
	}
	return strings.TrimLeft(x.text[x.starts[line-1]:end], " \t")
}

type posScanner struct {
	s      string
	i      int
	idx    *lineIndex
	file   string
	keys   map[string]diag.Pos
	arrays map[string]int // resolved path of an array of tables → how many elements so far
	table  string         // path of the current [table] or [[array]] element
}

// scanPositions maps the key paths of a TOML text to their positions. shift is the
// number of lines of the file before the text.
func scanPositions(file, text string, shift int) map[string]diag.Pos {
	p := &posScanner{
		s:      text,
		idx:    newLineIndex(text, shift),
		file:   file,
		keys:   map[string]diag.Pos{},
		arrays: map[string]int{},
	}
	p.top()
	return p.keys
}

func (p *posScanner) eof() bool { return p.i >= len(p.s) }

func (p *posScanner) peek(k int) byte {
	if p.i+k < len(p.s) {
		return p.s[p.i+k]
	}
	return 0
}

func (p *posScanner) record(path string, off int) {
	if path == "" {
		return
	}
	if _, ok := p.keys[path]; ok {
		return
	}
	line, col := p.idx.at(off)
	p.keys[path] = diag.Pos{File: p.file, Line: line, Col: col}
}

func join(base, key string) string {
	if base == "" {
		return key
	}
	return base + "." + key
}

// skipSpace skips blanks and tabs on the current line.
func (p *posScanner) skipSpace() {
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// skipBlank skips blanks, newlines and comments.
func (p *posScanner) skipBlank() {
	for !p.eof() {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		case '#':
			p.skipLine()
		default:
			return
		}
	}
}

// skipLine moves to the start of the next line.
func (p *posScanner) skipLine() {
	for !p.eof() && p.s[p.i] != '\n' {
		p.i++
	}
	if !p.eof() {
		p.i++
	}
}

func (p *posScanner) top() {
	for {
		p.skipBlank()
		if p.eof() {
			return
		}
		start := p.i
		if p.s[p.i] == '[' {
			p.header()
		} else {
			p.keyValue(p.table)
			p.skipSpace()
			if !p.eof() && p.s[p.i] == '#' {
				p.skipLine()
			}
		}
		if p.i == start {
			p.i++ // never stall on text the scanner does not understand
		}
	}
}

// header reads "[a.b]" or "[[a.b]]" and makes it the current table.
func (p *posScanner) header() {
	start := p.i
	array := p.peek(1) == '['
	if array {
		p.i += 2
	} else {
		p.i++
	}
	p.skipSpace()
	segs := p.key()
	p.skipSpace()
	for !p.eof() && p.s[p.i] == ']' {
		p.i++
	}
	p.skipSpace()
	if !p.eof() && p.s[p.i] == '#' {
		p.skipLine()
	}
	if len(segs) == 0 {
		return
	}
	path := ""
	for k, seg := range segs {
		path = join(path, seg)
		last := k == len(segs)-1
		if last && array {
			n := p.arrays[path]
			p.arrays[path] = n + 1
			p.record(path, start)
			path = join(path, strconv.Itoa(n))
			continue
		}
		if n, ok := p.arrays[path]; ok && n > 0 {
			path = join(path, strconv.Itoa(n-1))
		}
	}
	p.record(path, start)
	p.table = path
}

// key reads a possibly dotted key and returns its segments.
func (p *posScanner) key() []string {
	var segs []string
	for !p.eof() {
		p.skipSpace()
		if p.eof() {
			break
		}
		c := p.s[p.i]
		var seg string
		switch {
		case c == '"':
			seg = p.basicString()
		case c == '\'':
			seg = p.literalString()
		case isBare(c):
			j := p.i
			for j < len(p.s) && isBare(p.s[j]) {
				j++
			}
			seg = p.s[p.i:j]
			p.i = j
		default:
			return segs
		}
		segs = append(segs, seg)
		p.skipSpace()
		if !p.eof() && p.s[p.i] == '.' {
			p.i++
			continue
		}
		break
	}
	return segs
}

func isBare(c byte) bool {
	return bareBytes[c]
}

// bareBytes tells the bytes of bare keys, in one look-up for each byte of each key.
var bareBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
	}
	return t
}()

// basicString reads a one-line "…" string and returns its unescaped text.
func (p *posScanner) basicString() string {
	start := p.i
	p.i++
	for !p.eof() {
		switch p.s[p.i] {
		case '\\':
			p.i += 2
			continue
		case '"':
			p.i++
			raw := p.s[start:p.i]
			if u, err := strconv.Unquote(raw); err == nil {
				return u
			}
			return raw[1 : len(raw)-1]
		case '\n':
			return p.s[start+1 : p.i]
		}
		p.i++
	}
	if start+1 <= len(p.s) {
		return p.s[start+1:]
	}
	return ""
}

// literalString reads a one-line '…' string.
func (p *posScanner) literalString() string {
	start := p.i + 1
	p.i++
	for !p.eof() && p.s[p.i] != '\'' && p.s[p.i] != '\n' {
		p.i++
	}
	end := p.i
	if !p.eof() && p.s[p.i] == '\'' {
		p.i++
	}
	if start > end {
		return ""
	}
	return p.s[start:end]
}

// multiline skips a multi-line string, basic or literal; its three opening quotes are at p.i.
func (p *posScanner) multiline(q byte) {
	delim := strings.Repeat(string(q), 3)
	p.i += 3
	for !p.eof() {
		if q == '"' && p.s[p.i] == '\\' {
			p.i += 2
			continue
		}
		if strings.HasPrefix(p.s[p.i:], delim) {
			p.i += 3
			// Up to two more quotes may close the string as part of its content.
			for k := 0; k < 2 && !p.eof() && p.s[p.i] == q; k++ {
				p.i++
			}
			return
		}
		p.i++
	}
}

// keyValue reads "key = value" inside the table at base.
func (p *posScanner) keyValue(base string) {
	start := p.i
	segs := p.key()
	if len(segs) == 0 {
		return
	}
	path := base
	for _, seg := range segs {
		path = join(path, seg)
		p.record(path, start)
	}
	p.skipSpace()
	if p.eof() || p.s[p.i] != '=' {
		return
	}
	p.i++
	p.skipSpace()
	p.value(path)
}

// value skips one value, recording the positions of the keys and elements inside it.
func (p *posScanner) value(path string) {
	if p.eof() {
		return
	}
	switch c := p.s[p.i]; c {
	case '"', '\'':
		if strings.HasPrefix(p.s[p.i:], strings.Repeat(string(c), 3)) {
			p.multiline(c)
		} else if c == '"' {
			p.basicString()
		} else {
			p.literalString()
		}
	case '[':
		p.i++
		for n := 0; ; n++ {
			p.skipBlank()
			if p.eof() {
				return
			}
			if p.s[p.i] == ']' {
				p.i++
				return
			}
			start := p.i
			el := join(path, strconv.Itoa(n))
			p.record(el, start)
			p.value(el)
			p.skipBlank()
			if p.eof() {
				return
			}
			switch p.s[p.i] {
			case ',':
				p.i++
			case ']':
				p.i++
				return
			default:
				if p.i == start {
					p.i++
				}
			}
		}
	case '{':
		p.i++
		for {
			p.skipBlank()
			if p.eof() {
				return
			}
			if p.s[p.i] == '}' {
				p.i++
				return
			}
			start := p.i
			p.keyValue(path)
			p.skipBlank()
			if p.eof() {
				return
			}
			switch p.s[p.i] {
			case ',':
				p.i++
			case '}':
				p.i++
				return
			default:
				if p.i == start {
					p.i++
				}
			}
		}
	default:
		for !p.eof() {
			switch p.s[p.i] {
			case ',', ']', '}', '\n', '#':
				return
			}
			p.i++
		}
	}
}
