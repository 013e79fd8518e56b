package load

import (
	"strconv"
	"strings"
	"time"
)

// The TOML decoder (BurntSushi/toml) took most of a load's time: about 2 ms and 4,000
// allocations for a scorecard of 40 indicators (17 KB), as it hands each token from
// one goroutine to another and records type information the loader does not use.
// Site files, though, are written in a small and plain part of TOML:
//
//	key = value lines, [table] and [[array]] headers with bare keys, one-line
//	strings without escapes, decimal numbers, dates, true and false, arrays, and
//	one-line inline tables.
//
// decodePlain reads exactly that part, to the values the decoder gives, and gives
// up on anything else: other syntax (quoted or dotted keys, escapes, multi-line
// strings, times, hexadecimal or 1_000, inf and nan, …) and every mistake
// (duplicate keys, a table defined twice, bad dates, …). The decoder then reads the
// file and reports its problems in its own words, as it always has. decodePlain
// reads the same scorecard about 15 times faster (BenchmarkDecodePlain,
// BenchmarkDecodeTOML). FuzzDecodePlain checks that whatever it accepts, the decoder
// accepts too, with the same values.

// plainDate is the time zone of a local date, named as the decoder names it: table
// getters tell a date without a time by that name.
var plainDate = time.FixedZone("date-local", 0)

// maxPlainDepth is how deeply decodePlain follows arrays and inline tables, and
// how many parts a header may have, before giving up: text it accepts is never
// too deep for decode (tooDeep).
const maxPlainDepth = 8

type plainParser struct {
	s     string
	i     int
	depth int
	room  *room // where tables and arrays are made
	items []any // the values of the arrays being read, innermost last
}

// decodePlain decodes TOML text written in the plain part of TOML, or reports false.
// The text must be UTF-8, as normalise makes it. Its tables are made in r (nil:
// allocated).
func decodePlain(text string, r *room) (top *fields, ok bool) {
	defer func() {
		if recover() != nil {
			top, ok = nil, false // a slip of this parser must not become the user's problem
		}
	}()
	p := &plainParser{s: text, room: r}
	root := r.table(8)
	cur := root
	for {
		if !p.skipBlankLines() {
			return nil, false
		}
		if p.i >= len(p.s) {
			return root, true
		}
		if p.s[p.i] == '[' {
			if cur = p.header(root); cur == nil {
				return nil, false
			}
		} else if !p.keyValue(cur) {
			return nil, false
		}
		if !p.lineEnd() {
			return nil, false
		}
	}
}

// peek is the byte at the current offset, or 0 at the end.
func (p *plainParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *plainParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// skipBlankLines skips blanks, line ends and comments.
func (p *plainParser) skipBlankLines() bool {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n':
			p.i++
		case '#':
			if !p.comment() {
				return false
			}
		default:
			return true
		}
	}
	return true
}

// comment skips a comment up to its line end; TOML allows no control characters in it.
func (p *plainParser) comment() bool {
	for p.i++; p.i < len(p.s) && p.s[p.i] != '\n'; p.i++ {
		if isControlByte(p.s[p.i]) {
			return false
		}
	}
	return true
}

// isControlByte tells the control characters TOML refuses: all but tab, and line
// ends, which the callers deal with (a carriage return is left to the decoder).
func isControlByte(c byte) bool {
	return c < 0x20 && c != '\t' || c == 0x7f
}

// lineEnd reads what may follow a header or a value on its line: blanks, a comment,
// then the line end or the end of the text.
func (p *plainParser) lineEnd() bool {
	if p.i < len(p.s) && p.s[p.i] == '\n' {
		p.i++ // as nearly every line ends
		return true
	}
	p.skipSpace()
	if p.peek() == '#' && !p.comment() {
		return false
	}
	if p.i >= len(p.s) {
		return true
	}
	if p.s[p.i] == '\n' {
		p.i++
		return true
	}
	return false
}

// key reads a bare key.
func (p *plainParser) key() (string, bool) {
	j := p.i
	for j < len(p.s) && isBare(p.s[j]) {
		j++
	}
	if j == p.i {
		return "", false
	}
	k := p.s[p.i:j]
	p.i = j
	return k, true
}

// header reads a [table] or [[array]] header and returns the table that the lines
// below it fill. Every part of the name but the last must be an array of tables
// ([indicator.survey]: the survey of the last [[indicator]]); a [table] must be new.
func (p *plainParser) header(root *fields) *fields {
	start := p.i
	array := p.i+1 < len(p.s) && p.s[p.i+1] == '['
	if array {
		p.i += 2
	} else {
		p.i++
	}
	t := root
	for parts := 1; parts <= maxPlainDepth; parts++ {
		p.skipSpace()
		seg, ok := p.key()
		if !ok {
			return nil
		}
		p.skipSpace()
		if p.peek() != '.' {
			return p.open(t, seg, array, start)
		}
		p.i++
		i := t.index(seg)
		if i < 0 {
			return nil
		}
		if _, ok := t.list[i].val.(inTables); !ok {
			return nil
		}
		t = t.list[i].tables[len(t.list[i].tables)-1]
	}
	return nil
}

// open makes the table a header names: a new [table], or the next [[array]] entry.
// The header starts at offset at.
func (p *plainParser) open(parent *fields, name string, array bool, at int) *fields {
	if p.peek() != ']' {
		return nil
	}
	p.i++
	if array {
		if p.peek() != ']' {
			return nil
		}
		p.i++
	}
	t := p.room.table(p.linesBelow())
	t.at = int32(at)
	i := parent.index(name)
	switch {
	case !array && i < 0:
		parent.addField(field{key: name, at: int32(at), val: t})
	case array && i < 0:
		parent.addField(field{key: name, at: int32(at), val: inTables{}, tables: []*fields{t}})
	case array:
		f := &parent.list[i]
		if _, ok := f.val.(inTables); !ok {
			return nil
		}
		f.tables = append(f.tables, t)
	default:
		return nil // a table defined twice, or a key and a table of one name
	}
	return t
}

// linesBelow counts the lines from the current offset to the next header (at most
// 64): room for the keys of the table a header opens.
func (p *plainParser) linesBelow() int {
	// One pass, line by line: a header's lines are few, and searching for the next
	// header and then counting the lines up to it went over them twice.
	rest := p.s[p.i:]
	for n := 1; n < 64; n++ {
		j := strings.IndexByte(rest, '\n')
		if j < 0 {
			return n // the last line
		}
		rest = rest[j+1:]
		if rest != "" && rest[0] == '[' {
			return n
		}
	}
	return 64
}

// keyValue reads key = value into t.
func (p *plainParser) keyValue(t *fields) bool {
	at := p.i
	k, ok := p.key()
	if !ok {
		return false
	}
	if strings.HasPrefix(p.s[p.i:], " = ") {
		p.i += 3 // as nearly every key is written
	} else {
		p.skipSpace()
		if p.peek() != '=' {
			return false
		}
		p.i++
		p.skipSpace()
	}
	f := field{key: k, at: int32(at)}
	switch c := p.peek(); {
	case c == '"' || c == '\'':
		f.val = inText{}
		f.text, f.clean, ok = p.str(c)
	case isNumberStart(c):
		f.val, f.num, ok = p.numberOrDate()
	default:
		f.val, ok = p.value()
		if in, ok := f.val.(*fields); ok {
			in.at = int32(at)
		}
	}
	if !ok {
		return false
	}
	if t.index(k) >= 0 {
		return false // written twice
	}
	t.addField(f)
	return true
}

// value reads one value. What follows it is checked by the caller.
func (p *plainParser) value() (any, bool) {
	switch c := p.peek(); {
	case c == '"' || c == '\'':
		s, _, ok := p.str(c)
		return s, ok
	case c == '[':
		return p.array()
	case c == '{':
		return p.inlineTable()
	case c == 't':
		return true, p.word("true")
	case c == 'f':
		return false, p.word("false")
	case isNumberStart(c):
		v, x, ok := p.numberOrDate()
		if _, float := v.(inFloat); float {
			return x, ok
		}
		return v, ok
	}
	return nil, false
}

func isNumberStart(c byte) bool {
	return c >= '0' && c <= '9' || c == '+' || c == '-'
}

func (p *plainParser) word(w string) bool {
	if len(p.s)-p.i < len(w) || p.s[p.i:p.i+len(w)] != w {
		return false
	}
	p.i += len(w)
	return true
}

// str reads a one-line string without escapes, between quotes q. clean tells that
// no byte of it starts a character badRune refuses.
func (p *plainParser) str(q byte) (s string, clean, ok bool) {
	if p.i+2 < len(p.s) && p.s[p.i+1] == q && p.s[p.i+2] == q {
		return "", false, false // a multi-line string
	}
	start := p.i + 1
	n := strings.IndexByte(p.s[start:], q)
	if n < 0 {
		return "", false, false
	}
	s, clean = p.s[start:start+n], true
	for i := 0; i < len(s); i++ {
		k := strBytes[s[i]]
		if k == 0 {
			continue
		}
		if k&strStop != 0 || k&strEscape != 0 && q == '"' {
			return "", false, false // an escape, a line end or a control character
		}
		if k&strRefused != 0 {
			clean = false
		}
	}
	p.i = start + n + 1
	if len(s) > maxShared && p.room != nil {
		p.room.long += len(s)
	}
	return s, clean, true
}

// strBytes tells what each byte means to str, in one look-up for every byte of
// every string: most bytes mean nothing (0).
var strBytes = func() (t [256]uint8) {
	for c := range 256 {
		if isControlByte(byte(c)) {
			t[c] |= strStop
		}
		if c == '\\' {
			t[c] |= strEscape
		}
		if startsRefused[c] {
			t[c] |= strRefused
		}
	}
	return t
}()

const (
	strStop    = 1 << iota // a control character: the decoder's to report
	strEscape              // starts an escape in a "…" string
	strRefused             // may start a character badRune refuses
)

// enter and leave bound the depth of arrays and inline tables.
func (p *plainParser) enter() bool {
	p.depth++
	return p.depth <= maxPlainDepth
}

func (p *plainParser) leave() { p.depth-- }

// array reads [v, …]; it may span lines and hold comments.
func (p *plainParser) array() (any, bool) {
	if !p.enter() {
		return nil, false
	}
	defer p.leave()
	p.i++
	// The values are gathered in p.items, then moved to a list of their number.
	base := len(p.items)
	defer func() { p.items = p.items[:base] }()
	for {
		if !p.skipBlankLines() {
			return nil, false
		}
		if p.peek() == ']' {
			p.i++
			return p.room.list(p.items[base:]), true
		}
		if p.peek() == '{' {
			return nil, false // tables in an array are left to the decoder
		}
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		p.items = append(p.items, v)
		if !p.skipBlankLines() {
			return nil, false
		}
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return p.room.list(p.items[base:]), true
		default:
			return nil, false
		}
	}
}

// inlineTable reads { k = v, … } written on one line, without a comma after the
// last value.
func (p *plainParser) inlineTable() (any, bool) {
	if !p.enter() {
		return nil, false
	}
	defer p.leave()
	p.i++
	t := p.room.table(4)
	p.skipSpace()
	if p.peek() == '}' {
		p.i++
		return t, true
	}
	for {
		p.skipSpace()
		if !p.keyValue(t) {
			return nil, false
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return t, true
		default:
			return nil, false
		}
	}
}

// numberOrDate reads a decimal integer (int64), a decimal float or a local date
// written 2024-02-20. A float is returned in x, with v inFloat, for a field to hold
// unboxed.
func (p *plainParser) numberOrDate() (v any, x float64, ok bool) {
	start := p.i
	if c := p.s[p.i]; c == '+' || c == '-' {
		p.i++
	}
	n := p.digits()
	if n == 0 || n > 1 && p.s[p.i-n] == '0' {
		return nil, 0, false // no digits, or leading zeros
	}
	if n == 4 && p.i == start+4 && p.peek() == '-' {
		v, ok := p.date(start)
		return v, 0, ok
	}
	float := false
	if p.peek() == '.' {
		p.i++
		if p.digits() == 0 {
			return nil, 0, false
		}
		float = true
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if p.digits() == 0 {
			return nil, 0, false
		}
		float = true
	}
	tok := p.s[start:p.i]
	if float {
		if f, ok := shortFloat(tok); ok {
			return inFloat{}, f, true
		}
		f, err := strconv.ParseFloat(tok, 64)
		return inFloat{}, f, err == nil
	}
	if i, ok := shortInt(tok); ok {
		return i, 0, true
	}
	i, err := strconv.ParseInt(tok, 10, 64)
	return i, 0, err == nil
}

// shortFloat reads a number numberOrDate found, like -97.3, of at most 15 digits
// and without an exponent, as strconv.ParseFloat does but in fewer steps: its
// digits make an integer below 2^53 and its decimals a power of ten up to 10^15,
// both exact as float64s, and their quotient is rounded as reading the decimal is.
// It reports false for any other number.
func shortFloat(tok string) (float64, bool) {
	neg := tok[0] == '-'
	if tok[0] == '+' || neg {
		tok = tok[1:]
	}
	var m uint64
	digits, decimals := 0, -1
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if decimals >= 0 {
				decimals++
			}
		case c == '.' && decimals < 0:
			decimals = 0
		default:
			return 0, false // an exponent
		}
	}
	if digits > 15 || decimals < 0 {
		return 0, false
	}
	f := float64(m) / exactPowers[decimals]
	if neg {
		f = -f
	}
	return f, true
}

// exactPowers are the powers of ten a float64 holds exactly, up to 10^15.
var exactPowers = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// shortInt reads an integer numberOrDate found, of at most 18 digits (which
// cannot overflow), as strconv.ParseInt does but in fewer steps. It reports
// false for a longer one.
func shortInt(tok string) (int64, bool) {
	neg := tok[0] == '-'
	if tok[0] == '+' || neg {
		tok = tok[1:]
	}
	if len(tok) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(tok); i++ {
		n = n*10 + int64(tok[i]-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// digits skips decimal digits and says how many there were.
func (p *plainParser) digits() int {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	return p.i - start
}

// date reads the rest of a local date whose year starts at start. A date followed
// by a time is left to the decoder (the caller finds the time where it expects the
// line end).
func (p *plainParser) date(start int) (any, bool) {
	if len(p.s)-start < 10 {
		return nil, false
	}
	d := p.s[start : start+10]
	for k := 0; k < 10; k++ {
		if (k == 4 || k == 7) != (d[k] == '-') || d[k] != '-' && (d[k] < '0' || d[k] > '9') {
			return nil, false
		}
	}
	year, _ := strconv.Atoi(d[0:4])
	month, _ := strconv.Atoi(d[5:7])
	day, _ := strconv.Atoi(d[8:10])
	if year < 1 || month < 1 || month > 12 || day < 1 || day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return nil, false
	}
	p.i = start + 10
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, plainDate), true
}
