package chart

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"perfsite/generator/internal/jsontext"
)

// A skeleton is the option of one chart kind that go-echarts builds, reads
// and patches once per shape (number of series) from placeholder data, then
// freezes. A chart of that shape copies only the path to what it fills in
// (title, axis data, series names and data) and writes those parts; the rest
// is copied as written. Building each chart with go-echarts would cost
// reflection over every option struct (util.SetDefaultValue in each
// constructor and AddSeries), a marshalling and a reading: several times the
// filling. The kinds drawn on every page use one; the tests hold each option
// to go-echarts' own for the same data (see verify).
type skeleton struct {
	build func(n int) (builder, func(*node)) // go-echarts' chart of n placeholder series, and its patch
	mu    sync.Mutex
	trees map[int]node
}

// option fills a copy of the skeleton for n series and writes it.
func (s *skeleton) option(n int, fill func(m *node)) []byte {
	t := s.tree(n)
	size := len(t.text) + 512
	t = t.owned()
	fill(&t)
	return write(&t, size)
}

func (s *skeleton) tree(n int) node {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.trees[n]
	if !ok {
		c, patch := s.build(n)
		t = read(marshal(c), patch)
		freeze(&t)
		if s.trees == nil {
			s.trees = map[int]node{}
		}
		s.trees[n] = t
	}
	return t
}

// verify, set by the tests, is given each option made from a skeleton and
// go-echarts' chart for the same data, to encode the old way and compare.
var verify func(got []byte, reference func() (builder, func(*node)))

// freeze keeps, in every array and object of n, its written bytes.
func freeze(n *node) {
	if n.kind != kArray && n.kind != kObject {
		return
	}
	for i := range n.kids {
		freeze(&n.kids[i].node)
	}
	n.text = string(write(n, 64))
}

// owned is a copy of n that can be changed without changing n: unfrozen,
// with its own kids (which are still n's until owned in turn).
func (n node) owned() node {
	n.text = ""
	n.kids = slices.Clone(n.kids)
	return n
}

// own makes the member name of n, which must be owned, an owned copy and
// returns it; nil when n has none.
func (n *node) own(name string) *node {
	c := n.get(name)
	if c != nil {
		*c = c.owned()
	}
	return c
}

// ownFirst owns the array n[name] and its first element, and returns that
// element; nil when there is none.
func (n *node) ownFirst(name string) *node {
	a := n.own(name)
	if a == nil || len(a.kids) == 0 {
		return nil
	}
	return a.ownAt(0)
}

// ownAt makes element i of n, which must be owned, an owned copy and returns
// it.
func (n *node) ownAt(i int) *node {
	e := &n.kids[i].node
	*e = e.owned()
	return e
}

// fillBase fills in what base sets from the data: the title and the aria
// description.
func fillBase(m *node, title, summary string) {
	m.own("title").set("text", optional(title))
	m.own("aria").own("label").set("description", optional(label(title, summary)))
}

// str is a string node of s as encoding/json writes it (each byte that is
// not UTF-8 read as U+FFFD): s itself when that needs no escapes.
func str(s string) node {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == '"' || c == '\\' {
			return escaped(s)
		}
	}
	if !utf8.ValidString(s) {
		return escaped(s)
	}
	return node{kind: kString, text: s}
}

func escaped(s string) node {
	b := jsontext.AppendString(nil, s)
	return node{kind: kString, text: string(b[1 : len(b)-1])}
}

// textArray is an array of strings, or null for nil (as encoding/json writes a nil
// slice).
func textArray(ss []string) node {
	if ss == nil {
		return node{kind: kNull}
	}
	kids := make([]member, len(ss))
	for i, s := range ss {
		kids[i].node = str(s)
	}
	return node{kind: kArray, kids: kids}
}

// number is f as encoding/json writes a float of bits bits: like ES6, in
// exponent form below 1e-6 and from 1e21, without a padded exponent.
func number(f float64, bits int) node {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		panic("chart: " + strconv.FormatFloat(f, 'g', -1, bits) + " in an option") // as marshal would
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21)) {
		format = 'e'
	}
	b := strconv.AppendFloat(make([]byte, 0, 24), f, format, -1, bits)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1] // e-09 is e-9
		b = b[:n-1]
	}
	return node{kind: kNumber, text: string(b)}
}

// optional is a string node of s, or null (left out of an object) for "",
// as omitempty leaves it out.
func optional(s string) node {
	if s == "" {
		return node{kind: kNull}
	}
	return str(s)
}

// valueNode is value(v) as encoding/json writes it, without making it an any.
func valueNode(v *float64) node {
	if !present(v) {
		return str(gap)
	}
	return number(*v, 64)
}

// anyNode is a data value (see value) as encoding/json writes it.
func anyNode(v any) node {
	switch v := v.(type) {
	case float64:
		return number(v, 64)
	case float32:
		return number(float64(v), 32)
	case int:
		return integer(v)
	case string:
		return str(v)
	case []any:
		kids := make([]member, len(v))
		for i, e := range v {
			kids[i].node = anyNode(e)
		}
		return node{kind: kArray, kids: kids}
	}
	panic(fmt.Sprintf("chart: a %T in an option's data", v))
}
