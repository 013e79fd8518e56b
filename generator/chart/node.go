package chart

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"perfsite/generator/internal/jsontext"
)

// kind is the type of a JSON value.
type kind uint8

const (
	kNull kind = iota
	kTrue
	kFalse
	kNumber
	kString
	kArray
	kObject
)

// node is one JSON value of an option being finished. Strings and member
// names are held decoded, as encoding/json decodes them (always valid UTF-8),
// once when read: a string read without escapes, nearly every one, is the
// text it was read from, not a copy. The writer gives them encoding/json's
// escaping without decoding them again on every chart. An array or object of
// a skeleton is frozen: it keeps its written bytes in text, which the writer
// copies, and its kids, which own copies to change.
type node struct {
	kind kind
	text string   // a number's text, a string's decoded value, or a frozen array's or object's bytes
	kids []member // an array's elements, or an object's members, in name order where this package makes them (a later one of a name wins)
}

// member is an element of an array or a member of an object.
type member struct {
	name string // an object member's decoded name; "" in an array
	node
}

// text is a string node of s, which must be printable ASCII without " or \
// (the patches' own words).
func text(s string) node {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c >= utf8.RuneSelf || c == '"' || c == '\\' {
			panic("chart: text needs escaping: " + strconv.Quote(s))
		}
	}
	return node{kind: kString, text: s}
}

func integer(i int) node { return node{kind: kNumber, text: strconv.Itoa(i)} }

func boolean(b bool) node {
	if b {
		return node{kind: kTrue}
	}
	return node{kind: kFalse}
}

func array(elems ...node) node {
	kids := make([]member, len(elems))
	for i, e := range elems {
		kids[i].node = e
	}
	return node{kind: kArray, kids: kids}
}

// object is an object node of name-value pairs; names as for text.
func object(pairs ...member) node { return node{kind: kObject, kids: pairs} }

func pair(name string, v node) member {
	text(name)
	return member{name: name, node: v}
}

// get returns the member of object n named name (the last, as a decoder
// keeps), or nil. The pointer is good until n's next set.
func (n *node) get(name string) *node {
	for i := len(n.kids) - 1; i >= 0; i-- {
		if n.kids[i].name == name {
			return &n.kids[i].node
		}
	}
	return nil
}

// set makes v the value of object n's member name. A new member goes where
// its name sorts, so that members kept in order stay so.
func (n *node) set(name string, v node) {
	if n.text != "" {
		panic("chart: setting " + name + " in a frozen object")
	}
	if o := n.get(name); o != nil {
		*o = v
		return
	}
	i := len(n.kids)
	for i > 0 && n.kids[i-1].name > name {
		i--
	}
	n.kids = slices.Insert(n.kids, i, pair(name, v))
}

// parser reads JSON that encoding/json wrote (any valid JSON, in fact) into
// nodes. Each array and object costs one allocation: their contents are
// gathered on a shared stack and copied out when they close.
type parser struct {
	src   string
	pos   int
	stack []member
}

// document reads src, which must be one JSON object.
func (p *parser) document() node {
	p.space()
	if p.pos >= len(p.src) || p.src[p.pos] != '{' {
		p.fail()
	}
	return p.value()
}

func (p *parser) fail() {
	panic("chart: reading an ECharts option: bad JSON at byte " + strconv.Itoa(p.pos))
}

func (p *parser) space() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// next skips space and consumes c when it comes next.
func (p *parser) next(c byte) bool {
	p.space()
	if p.pos < len(p.src) && p.src[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *parser) literal(word string, v node) node {
	if !strings.HasPrefix(p.src[p.pos:], word) {
		p.fail()
	}
	p.pos += len(word)
	return v
}

func (p *parser) value() node {
	p.space()
	if p.pos >= len(p.src) {
		p.fail()
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return node{kind: kObject, kids: p.items('}', true)}
	case c == '[':
		return node{kind: kArray, kids: p.items(']', false)}
	case c == '"':
		return node{kind: kString, text: decoded(p.str())}
	case c == 't':
		return p.literal("true", node{kind: kTrue})
	case c == 'f':
		return p.literal("false", node{kind: kFalse})
	case c == 'n':
		return p.literal("null", node{kind: kNull})
	case c == '-' || '0' <= c && c <= '9':
		start := p.pos
		for p.pos < len(p.src) && strings.IndexByte("+-.0123456789Ee", p.src[p.pos]) >= 0 {
			p.pos++
		}
		return node{kind: kNumber, text: p.src[start:p.pos]}
	}
	p.fail()
	return node{}
}

// items reads the elements of an array, or the members of an object when
// named, up to the closing byte.
func (p *parser) items(closing byte, named bool) []member {
	p.pos++
	base := len(p.stack)
	if !p.next(closing) {
		for {
			var m member
			if named {
				p.space()
				m.name = decoded(p.str())
				if !p.next(':') {
					p.fail()
				}
			}
			m.node = p.value() // before the append: it uses the stack too
			p.stack = append(p.stack, m)
			if p.next(closing) {
				break
			}
			if !p.next(',') {
				p.fail()
			}
		}
	}
	kids := slices.Clone(p.stack[base:])
	p.stack = p.stack[:base]
	if named { // in the order the writer writes them: see writer.object
		slices.SortStableFunc(kids, func(a, b member) int { return strings.Compare(a.name, b.name) })
	}
	return kids
}

// str reads a string and returns its escaped content.
func (p *parser) str() string {
	if p.pos >= len(p.src) || p.src[p.pos] != '"' {
		p.fail()
	}
	p.pos++
	start := p.pos
	for {
		end := strings.IndexByte(p.src[p.pos:], '"')
		if end < 0 {
			p.fail()
		}
		end += p.pos
		// The quote ends the string unless an odd run of backslashes
		// escapes it.
		k := end
		for k > start && p.src[k-1] == '\\' {
			k--
		}
		p.pos = end + 1
		if (end-k)%2 == 0 {
			return p.src[start:end]
		}
	}
}

// decoded is the string whose escaped content is raw, as encoding/json
// decodes it.
func decoded(raw string) string {
	if strings.IndexByte(raw, '\\') < 0 && utf8.ValidString(raw) {
		return raw
	}
	var b []byte
	for i := 0; i < len(raw); {
		r, n := unescape(raw[i:])
		b = utf8.AppendRune(b, r)
		i += n
	}
	return string(b)
}

// unescape reads the character at the start of escaped string content s and
// returns it with the bytes it took, as encoding/json's decoder reads it: a
// byte that is not UTF-8, a lone or mismatched surrogate, is U+FFFD.
func unescape(s string) (rune, int) {
	if s[0] != '\\' {
		if s[0] < utf8.RuneSelf {
			return rune(s[0]), 1
		}
		return utf8.DecodeRuneInString(s) // RuneError, 1 for a stray byte
	}
	if len(s) < 2 {
		return utf8.RuneError, len(s)
	}
	switch s[1] {
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r := hex4(s)
		if r < 0 {
			return utf8.RuneError, len(s)
		}
		if utf16.IsSurrogate(r) {
			if d := utf16.DecodeRune(r, hex4(s[6:])); d != utf8.RuneError {
				return d, 12
			}
			return utf8.RuneError, 6
		}
		return r, 6
	}
	return rune(s[1]), 2 // " \ /
}

// hex4 reads \uXXXX at the start of s, or returns -1.
func hex4(s string) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	v, err := strconv.ParseUint(s[2:6], 16, 16)
	if err != nil {
		return -1
	}
	return rune(v)
}

// writer writes nodes as encoding/json writes the same values decoded into
// map[string]any (with numbers as json.Number) and HTML escaping on.
type writer struct {
	buf   []byte
	order []int32 // shared scratch: the sorted member order of open objects
}

func (w *writer) value(n *node) {
	switch n.kind {
	case kNull:
		w.buf = append(w.buf, "null"...)
	case kTrue:
		w.buf = append(w.buf, "true"...)
	case kFalse:
		w.buf = append(w.buf, "false"...)
	case kNumber:
		w.buf = append(w.buf, n.text...)
	case kString:
		w.str(n.text)
	case kArray:
		if n.text != "" {
			w.buf = append(w.buf, n.text...)
			return
		}
		w.buf = append(w.buf, '[')
		for i := range n.kids {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.value(&n.kids[i].node)
		}
		w.buf = append(w.buf, ']')
	case kObject:
		if n.text != "" {
			w.buf = append(w.buf, n.text...)
			return
		}
		w.object(n.kids)
	}
}

// object writes members sorted by name, as encoding/json sorts map keys, the
// last of each name only, and leaves out nulls. The members of an object
// read, set or made in this package are kept sorted by name, and are written
// in their order.
func (w *writer) object(ms []member) {
	if !strictlySorted(ms) {
		w.unsorted(ms)
		return
	}
	w.buf = append(w.buf, '{')
	comma := false
	for i := range ms {
		comma = w.member(&ms[i], comma)
	}
	w.buf = append(w.buf, '}')
}

// strictlySorted reports whether each name of ms comes after the one before.
func strictlySorted(ms []member) bool {
	for i := 1; i < len(ms); i++ {
		if ms[i-1].name >= ms[i].name {
			return false
		}
	}
	return true
}

// unsorted is object for members out of order or named twice.
func (w *writer) unsorted(ms []member) {
	base := len(w.order)
	for i := range ms {
		w.order = append(w.order, int32(i))
	}
	order := w.order[base:]
	slices.SortStableFunc(order, func(a, b int32) int { return strings.Compare(ms[a].name, ms[b].name) })
	w.buf = append(w.buf, '{')
	comma := false
	for k, i := range order {
		if k+1 < len(order) && ms[order[k+1]].name == ms[i].name {
			continue
		}
		comma = w.member(&ms[i], comma)
	}
	w.buf = append(w.buf, '}')
	w.order = w.order[:base]
}

// member writes m after a comma when one is due, unless it is null, and
// says whether a comma is due after it.
func (w *writer) member(m *member, comma bool) bool {
	if m.kind == kNull {
		return comma
	}
	if comma {
		w.buf = append(w.buf, ',')
	}
	w.str(m.name)
	w.buf = append(w.buf, ':')
	w.value(&m.node)
	return true
}

// str writes the decoded string s as encoding/json writes it.
func (w *writer) str(s string) {
	w.buf = jsontext.AppendString(w.buf, s)
}
