// Package linkcheck finds the links of a built site that point to no page or file of it,
// or to an id its target page does not have, before the site is published.
//
// Only links within the site are checked: relative ones, and absolute paths under the
// site's base path. Links to other hosts, to other paths of the same host, and mailto:,
// tel: and other schemes are left alone, since a build cannot know whether they work.
package linkcheck

import (
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"perfsite/generator/internal/parallel"
)

// Broken is one link that leads nowhere.
type Broken struct {
	Page   string // output path of the page holding the link: "2024/market-regulation/index.html"
	Link   string // the link as the page has it (entities decoded)
	Reason string // what is wrong, in words for the people who fix it
}

// String formats b as `page: link "…" reason`.
func (b Broken) String() string {
	return b.Page + ": link " + strconv.Quote(b.Link) + " " + b.Reason
}

// Check returns the broken links of the HTML files among files, ordered by page and then
// by place in the page, each once per page. files maps output paths ("index.html",
// "2024/market-regulation/index.html", "assets/site.css") to contents; basePath is the path
// of the site's base_url ("/" or "/perf/").
//
// A link to a folder ("2024/") needs that folder's index.html, as does one without the
// trailing slash ("2024"), which web servers redirect. Paths are percent-decoded, so
// "/perf/%E6%8A%A5%E5%91%8A/" finds "报告/index.html". A #fragment must be the id of an
// element (or the name of an <a>) on its target page; "#" and "#top" always work.
func Check(files map[string][]byte, basePath string) []Broken {
	pages := map[string]*Page{}
	paths := make(map[string]bool, len(files))
	for name, content := range files {
		paths[name] = true
		if isHTML(name) {
			pages[name] = Extract(content)
		}
	}
	return CheckPages(pages, paths, basePath)
}

// Page is what checking needs from one HTML page: its links and the ids they may
// point to. It is much smaller than the page, so a build can extract it as each page
// is written and check every link at the end without keeping the pages.
type Page struct {
	links []string // in order, each once; links that are never checked are left out
	ids   []string // sorted, each once
	base  string   // href of the first <base> element, if any
}

// Extract reads the links and ids of one HTML page.
func Extract(doc []byte) *Page {
	return (*Extractor)(nil).Extract(doc)
}

// unchecked reports whether checking passes link over whatever the site holds:
// it is empty (the page itself), or leads to another site, or is a mailto:, tel:, …
// address, such as the "report a problem" link of each indicator.
func unchecked(link string) bool {
	return parsed(nil).unchecked(link)
}

// elsewhere reports whether link leads to another site or is a mailto:, tel:, …
// address.
func elsewhere(link string) bool {
	return parsed(nil).elsewhere(link)
}

// parsed remembers whether links lead elsewhere by the part url.Parse reads in full
// (see parseKey). A page's links to other sites differ mostly after that part ("report a
// problem" on each indicator row, a source's page on a statistics site), and
// url.Parse would read and copy each. A nil parsed remembers nothing.
type parsed map[string]bool

// maxParsed bounds a parsed: past it, it starts again.
const maxParsed = 256

func (p parsed) unchecked(link string) bool {
	return strings.TrimSpace(link) == "" || p.elsewhere(link)
}

// elsewhere is the package's elsewhere. Most of a page's links are paths, fragments
// or queries, which cannot have a scheme or host, so they skip url.Parse; a link
// that does not parse is not elsewhere: it is checked, and reported.
func (p parsed) elsewhere(link string) bool {
	link = strings.TrimSpace(link)
	if link == "" || link[0] == '#' || link[0] == '?' || link[0] == '/' && !strings.HasPrefix(link, "//") {
		return false
	}
	key, ok := parseKey(link)
	if p == nil || !ok {
		return parsesElsewhere(link)
	}
	e, ok := p[key]
	if !ok {
		if len(p) == maxParsed {
			clear(p)
		}
		e = parsesElsewhere(key)
		p[strings.Clone(key)] = e // key may be part of a page or a buffer
	}
	return e
}

// parseKey returns the part of link that decides whether url.Parse takes it, and what
// for: up to the path after a host ("https://host"), or else up to the query. It
// reports false if the rest could matter: url.Parse refuses control characters
// anywhere, and bad escapes in a path or fragment, but reads a query no further.
func parseKey(link string) (string, bool) {
	end := strings.IndexByte(link, '?')
	if end < 0 {
		end = len(link)
	}
	if i := strings.Index(link[:end], "//"); i >= 0 {
		if j := strings.IndexByte(link[i+2:end], '/'); j >= 0 {
			end = i + 2 + j
		}
	}
	if strings.IndexByte(link[:end], '#') >= 0 {
		return "", false
	}
	rest, path := link[end:], link[end:]
	if q := strings.IndexByte(rest, '?'); q >= 0 {
		path = rest[:q] // a query's escapes are not read
	}
	if strings.IndexByte(path, '%') >= 0 || hasControlOrHash(rest) {
		return "", false
	}
	return link[:end], true
}

// hasControlOrHash reports whether s has a control character or a '#'. It reads
// eight bytes at a time: what it reads is mostly a long query, the one of a "report
// a problem" link on each indicator.
func hasControlOrHash(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// (x - ' '*ones) &^ x & highs flags a byte below ' ', and none if x has none.
		if (x-' '*ones)&^x&highs|zeroBytes(x^0x7f*ones)|zeroBytes(x^'#'*ones) != 0 {
			return true
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f || c == '#' {
			return true
		}
	}
	return false
}

func parsesElsewhere(link string) bool {
	u, err := url.Parse(link)
	return err == nil && (u.Scheme != "" || u.Host != "" || u.Opaque != "")
}

// has reports whether the page has an element with the given id.
func (p *Page) has(id string) bool {
	if p == nil {
		return false
	}
	i := sort.SearchStrings(p.ids, id)
	return i < len(p.ids) && p.ids[i] == id
}

// CheckPages is Check for pages already extracted: pages maps the output path of each
// HTML page to what Extract found in it, and paths holds every output path, HTML or not.
func CheckPages(pages map[string]*Page, paths map[string]bool, basePath string) []Broken {
	base := cleanBasePath(basePath)
	names := make([]string, 0, len(pages))
	for name := range pages {
		names = append(names, name)
	}
	sort.Strings(names)

	// Pages are checked on every core, a run of them at a time, and their broken
	// links joined in the order of the names.
	const run = 64
	found := make([][]Broken, (len(names)+run-1)/run)
	parallel.Each(len(found), func(i int) {
		c := checker{base: base, files: paths, pages: pages}
		for _, name := range names[i*run : min((i+1)*run, len(names))] {
			found[i] = c.page(found[i], name, pages[name])
		}
	})
	var broken []Broken
	for _, b := range found {
		broken = append(broken, b...)
	}
	return broken
}

// checker checks the links of pages, one at a time.
type checker struct {
	base  string          // the site's base path, cleaned: "/" or "/perf/"
	files map[string]bool // every output path
	pages map[string]*Page
	file  []byte // the output path a link leads to, kept from link to link
}

// page appends the broken links of page p, at output path name, to broken.
func (c *checker) page(broken []Broken, name string, p *Page) []Broken {
	self := &url.URL{Path: c.base + name}
	if p.base != "" {
		if u, err := url.Parse(strings.TrimSpace(p.base)); err == nil {
			self = self.ResolveReference(u)
		}
	}
	for _, link := range p.links {
		if reason := c.check(link, name, self, p.base == ""); reason != "" {
			broken = append(broken, Broken{Page: name, Link: link, Reason: reason})
		}
	}
	return broken
}

// check returns why link on page name is broken, or "" when it works or is not ours
// to check. Links resolve against self, the page's own path unless a <base> changed
// it (own is false then).
func (c *checker) check(link, name string, self *url.URL, own bool) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return "" // the page itself
	}
	if own {
		if p, frag, ok := plainLink(link, self.Path); ok {
			return c.find(p, frag, link[0] == '/', name)
		}
	}
	u, err := url.Parse(link)
	if err != nil {
		return "is not a valid address (" + plainURLError(err) + "); check its spelling and any % signs"
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "" // another site, or mailto:, tel:, …
	}
	target := self.ResolveReference(u)
	if target.Host != "" || target.Scheme != "" {
		return "" // a <base> sent it elsewhere
	}
	return c.find(target.Path, u.Fragment, strings.HasPrefix(u.Path, "/"), name)
}

// plainLink returns the path and fragment that url.Parse and ResolveReference give
// link on a page at path self with no <base>, when they are certain without either:
// link is a plain path from the root (see plainPath) or only a fragment of a page
// whose path is plain, and its fragment has no escape or control character. Most
// of a site's links are such, and the same few hundred recur on every page:
// parsing each would cost more than the rest of its check.
func plainLink(link, self string) (p, frag string, ok bool) {
	p, frag, _ = strings.Cut(link, "#")
	if p == "" {
		p = self
	}
	if !plainPath(p) {
		return "", "", false
	}
	for i := range len(frag) {
		if c := frag[i]; c == '%' || c < ' ' || c == 0x7f {
			return "", "", false
		}
	}
	return p, frag, true
}

// plainPath reports whether p is a path from the root that url.Parse and
// ResolveReference leave as it is: of ASCII letters, digits, "-._~" and "/", none
// of which is escaped, with no "//", which may be read as a host, and no "." or
// ".." segment, which resolving removes.
func plainPath(p string) bool {
	if !strings.HasPrefix(p, "/") {
		return false
	}
	for i := 1; i < len(p); i++ {
		switch c := p[i]; {
		case classes[c]&pathByte == 0:
			return false
		case c == '/' && p[i-1] == '/':
			return false
		case c == '.' && p[i-1] == '/' && dotSegment(p[i:]):
			return false
		}
	}
	return true
}

// dotSegment reports whether s, a path from the start of a segment on, starts with
// a "." or ".." segment.
func dotSegment(s string) bool {
	seg, _, _ := strings.Cut(s, "/")
	return seg == "." || seg == ".."
}

// find returns why a link to path p, resolved, and fragment frag is broken, or "".
// rooted tells whether the link was a path from the root, which may lead to another
// part of the host rather than out of the site.
func (c *checker) find(p, frag string, rooted bool, name string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	var file string
	switch {
	case len(p) == len(c.base)-1 && strings.HasPrefix(c.base, p): // the base path without its final "/"
		file = "index.html"
	case strings.HasPrefix(p, c.base):
		file = p[len(c.base):]
	case rooted:
		return "" // another part of the same host: not this site's to check
	default:
		return "climbs out of the site (above " + c.base + "); remove a \"../\""
	}
	// The file is looked for, and named, in c.file rather than a string of its own:
	// most links are to folders, whose index.html the link lacks.
	index := file == "" || strings.HasSuffix(file, "/")
	c.file = append(c.file[:0], file...)
	if index {
		c.file = append(c.file, "index.html"...)
	}
	if !c.files[string(c.file)] {
		alt := path.Join(string(c.file), "index.html")
		if !c.files[alt] {
			return "points to no page or file of the site (looked for " + string(c.file) + ")"
		}
		c.file, index = append(c.file[:0], alt...), true
	}
	if frag == "" || strings.EqualFold(frag, "top") || !index && !isHTML(file) {
		return ""
	}
	if !c.pages[string(c.file)].has(frag) {
		if string(c.file) == name {
			return "points to #" + frag + ", but this page has no element with that id"
		}
		return "points to #" + frag + ", but " + string(c.file) + " has no element with that id"
	}
	return ""
}

func isHTML(name string) bool {
	return strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".htm")
}

// cleanBasePath makes p start and end with "/"; "" means the site root.
func cleanBasePath(p string) string {
	p = strings.Trim(p, "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// plainURLError drops the Go-specific prefix of a url.Parse error.
func plainURLError(err error) string {
	if e, ok := err.(*url.Error); ok {
		return e.Err.Error()
	}
	return err.Error()
}
