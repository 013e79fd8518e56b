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
		for _, name := range names[i*run : min((i+1)*run, len(names))] {
			found[i] = checkPage(found[i], name, pages[name], base, paths, pages)
		}
	})
	var broken []Broken
	for _, b := range found {
		broken = append(broken, b...)
	}
	return broken
}

// checkPage appends the broken links of page p, at output path name, to broken.
func checkPage(broken []Broken, name string, p *Page, base string, paths map[string]bool, pages map[string]*Page) []Broken {
	self := &url.URL{Path: base + name}
	if p.base != "" {
		if u, err := url.Parse(strings.TrimSpace(p.base)); err == nil {
			self = self.ResolveReference(u)
		}
	}
	for _, link := range p.links {
		if reason := check(link, name, self, base, paths, pages); reason != "" {
			broken = append(broken, Broken{Page: name, Link: link, Reason: reason})
		}
	}
	return broken
}

// check returns why link on page name is broken, or "" when it works or is not ours to check.
func check(link, name string, self *url.URL, base string, files map[string]bool, pages map[string]*Page) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return "" // the page itself
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
	p := target.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	var file string
	switch {
	case p+"/" == base:
		file = "index.html"
	case strings.HasPrefix(p, base):
		file = strings.TrimPrefix(p, base)
	case u.Path != "" && strings.HasPrefix(u.Path, "/"):
		return "" // another part of the same host: not this site's to check
	default:
		return "climbs out of the site (above " + base + "); remove a \"../\""
	}
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	if !files[file] {
		alt := path.Join(file, "index.html")
		if !files[alt] {
			return "points to no page or file of the site (looked for " + file + ")"
		}
		file = alt
	}
	frag := u.Fragment
	if frag == "" || strings.EqualFold(frag, "top") || !isHTML(file) {
		return ""
	}
	if !pages[file].has(frag) {
		if file == name {
			return "points to #" + frag + ", but this page has no element with that id"
		}
		return "points to #" + frag + ", but " + file + " has no element with that id"
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
