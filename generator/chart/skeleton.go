package chart

import (
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// A skeleton is the option of one chart kind that go-echarts builds, reads
// and patches once per shape (number of series; of columns for a heat map)
// from placeholder data, then freezes. A chart of that shape copies only the
// path to what it fills in (title, axis data, series names and data) and
// writes those parts; the rest is copied as written. Building each chart with go-echarts would cost
// reflection over every option struct (util.SetDefaultValue in each
// constructor and AddSeries), a marshalling and a reading: several times the
// filling. Every kind but the grade distribution (one a cycle) uses one; the
// tests hold each option to go-echarts' own for the same data (see verify).
type skeleton struct {
	build  func(n int) (builder, func(*node)) // go-echarts' chart of n placeholder series, and its patch
	mu     sync.Mutex
	shapes map[int]*shape
}

// shape is the frozen option of one shape, and how many members a fill owns:
// the same paths each time, so the first fill tells.
type shape struct {
	tree  node
	owned atomic.Int64
}

// option fills a copy of the skeleton for n series and writes it.
func (s *skeleton) option(n int, fill func(f *filling, m *node)) []byte {
	sh := s.shape(n)
	f := &filling{block: make([]member, 0, sh.owned.Load())}
	t := f.owned(sh.tree)
	fill(f, &t)
	sh.owned.Store(int64(len(f.block)))
	return write(&t, len(sh.tree.text)+512)
}

func (s *skeleton) shape(n int) *shape {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, ok := s.shapes[n]
	if !ok {
		c, patch := s.build(n)
		sh = &shape{tree: read(marshal(c), patch)}
		freeze(&sh.tree)
		if s.shapes == nil {
			s.shapes = map[int]*shape{}
		}
		s.shapes[n] = sh
	}
	return sh
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

// filling is a copy of a skeleton being filled in. The kids of the nodes it
// owns are copied into one block, each copy's capacity its length, so that a
// member set later in one does not land in the next.
type filling struct {
	block []member
}

// owned is a copy of n that can be changed without changing n: unfrozen,
// with its own kids (which are still n's until owned in turn).
func (f *filling) owned(n node) node {
	n.text = ""
	at := len(f.block)
	f.block = append(f.block, n.kids...)
	n.kids = f.block[at:len(f.block):len(f.block)]
	return n
}

// own makes the member name of n, which must be owned, an owned copy and
// returns it; nil when n has none.
func (f *filling) own(n *node, name string) *node {
	c := n.get(name)
	if c != nil {
		*c = f.owned(*c)
	}
	return c
}

// ownFirst owns the array n[name] and its first element, and returns that
// element; nil when there is none.
func (f *filling) ownFirst(n *node, name string) *node {
	a := f.own(n, name)
	if a == nil || len(a.kids) == 0 {
		return nil
	}
	return f.ownAt(a, 0)
}

// ownAt makes element i of n, which must be owned, an owned copy and returns
// it.
func (f *filling) ownAt(n *node, i int) *node {
	e := &n.kids[i].node
	*e = f.owned(*e)
	return e
}

// fillBase fills in what base sets from the data: the title and the aria
// description.
func fillBase(f *filling, m *node, title, summary string) {
	f.own(m, "title").set("text", optional(title))
	f.own(f.own(m, "aria"), "label").set("description", optional(label(title, summary)))
}

// str is a string node of s as encoding/json writes it and decodes it again:
// each byte that is not UTF-8 read as U+FFFD.
func str(s string) node {
	if utf8.ValidString(s) {
		return node{kind: kString, text: s}
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, r)
		i += n
	}
	return node{kind: kString, text: string(b)}
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
