package linkcheck

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// Extractor extracts the pages of one site. Most pages link to the same few hundred
// addresses and carry the same ids, and a build keeps every page's links until the
// end, so the pages it extracts share one copy of each string. It is safe for
// concurrent use. A nil Extractor shares nothing: for a page read on its own.
type Extractor struct {
	links table // only links that are checked
	ids   table
}

// table holds one copy of each string put in it; a nil table holds none.
type table struct {
	mu sync.Mutex
	m  map[string]string
}

// NewExtractor returns an Extractor with nothing shared yet.
func NewExtractor() *Extractor {
	return &Extractor{}
}

// Extract reads the links and ids of one HTML page.
func (e *Extractor) Extract(doc []byte) *Page {
	b := builders.Get().(*builder)
	if e != nil {
		b.sharedLinks, b.sharedIDs = &e.links, &e.ids
	}
	scan(doc, b.attr, &b.seen)
	p := &Page{base: b.base, links: firsts(b.links, e != nil), ids: sortedSet(b.ids)}
	clear(b.links) // the pool is not to keep them alive
	clear(b.ids)
	b.sharedLinks, b.sharedIDs = nil, nil
	b.links, b.ids, b.base = b.links[:0], b.ids[:0], ""
	builders.Put(b)
	return p
}

// builder gathers one page's links and ids; its slices are reused from page to page.
type builder struct {
	sharedLinks, sharedIDs *table

	links  []string // in order, with repeats
	ids    []string
	base   string
	buf    []byte   // a value with its entities decoded
	attr   attrFunc // b.add, made once
	parsed parsed   // kept from page to page
	seen   seenTags // kept from page to page: most pages have the same tags
}

var builders = sync.Pool{New: func() any {
	b := &builder{parsed: parsed{}}
	b.attr = b.add
	return b
}}

// add takes one attribute from scan.
func (b *builder) add(tag []byte, kind int, v []byte) {
	switch kind {
	case hrefAttr:
		if len(tag) >= len("base") && bytes.EqualFold(tag, []byte("base")) { // most are "a"
			if b.base == "" {
				b.base = html.UnescapeString(string(v))
			}
			return
		}
		b.link(v)
	case srcsetAttr:
		for _, u := range srcset(html.UnescapeString(string(v))) {
			b.linkString(u)
		}
	case idAttr:
		b.id(v)
	case nameAttr:
		if bytes.EqualFold(tag, []byte("a")) {
			b.id(v)
		}
	}
}

// link records a link as written. It is checked for leading elsewhere, and looked
// up, before any copy is made: a page's links are mostly ones dropped or ones met
// before.
func (b *builder) link(v []byte) {
	v = b.text(v)
	b.linkString(unsafe.String(unsafe.SliceData(v), len(v))) // copied if kept
}

// linkString records a decoded link, unless checking would pass it over anyway.
func (b *builder) linkString(link string) {
	if !b.parsed.unchecked(link) {
		b.links = append(b.links, b.sharedLinks.share(link))
	}
}

// id records an id as written.
func (b *builder) id(v []byte) {
	v = b.text(v)
	b.ids = append(b.ids, b.sharedIDs.share(unsafe.String(unsafe.SliceData(v), len(v))))
}

// text returns v with entities decoded, in b.buf if v has any.
func (b *builder) text(v []byte) []byte {
	if bytes.IndexByte(v, '&') < 0 {
		return v
	}
	d, ok := unescapeCommon(b.buf[:0], v)
	b.buf = d
	if !ok {
		return []byte(html.UnescapeString(string(v)))
	}
	return d
}

// unescapeCommon appends v to dst with the entities html/template writes in
// attributes decoded: &amp; and decimal references to printable ASCII ("&#43;").
// It reports false at any other entity, which html.UnescapeString must decode.
func unescapeCommon(dst, v []byte) ([]byte, bool) {
	for {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			return append(dst, v...), true
		}
		dst = append(dst, v[:i]...)
		v = v[i:]
		switch {
		case bytes.HasPrefix(v, []byte("&amp;")):
			dst = append(dst, '&')
			v = v[len("&amp;"):]
		case len(v) > 2 && v[1] == '#':
			n, j := 0, 2
			for j < len(v) && j < 6 && '0' <= v[j] && v[j] <= '9' {
				n = n*10 + int(v[j]-'0')
				j++
			}
			if j == 2 || j == len(v) || v[j] != ';' || n < 0x20 || n > 0x7e {
				return dst, false
			}
			dst = append(dst, byte(n))
			v = v[j+1:]
		default:
			return dst, false
		}
	}
}

// share returns the copy of s in t, adding one if t has none; s is looked up
// without a copy.
func (t *table) share(s string) string {
	if t == nil {
		return strings.Clone(s) // s may be part of a page, a buffer or a srcset
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if c, ok := t.m[s]; ok {
		return c
	}
	if t.m == nil {
		t.m = map[string]string{}
	}
	s = strings.Clone(s)
	t.m[s] = s
	return s
}

// firsts returns links without repeats, in order of first appearance, in a slice
// of its own; links is overwritten. Shared links are one copy each, so that their
// repeats are told by where they are, without reading them.
func firsts(links []string, shared bool) []string {
	out := links[:0]
	switch {
	case len(links) <= 64 && shared: // most pages: cheaper than a map
		for _, l := range links {
			if !slices.ContainsFunc(out, func(o string) bool { return unsafe.StringData(o) == unsafe.StringData(l) && len(o) == len(l) }) {
				out = append(out, l)
			}
		}
	case len(links) <= 64:
		for _, l := range links {
			if !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	default:
		seen := make(map[string]bool, len(links))
		for _, l := range links {
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	return clone(out)
}

// sortedSet returns ids sorted and without repeats, in a slice of its own; ids is
// overwritten.
func sortedSet(ids []string) []string {
	slices.Sort(ids)
	return clone(slices.Compact(ids))
}

// clone copies s into a slice of its own, nil if s is empty.
func clone(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}
