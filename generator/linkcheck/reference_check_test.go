package linkcheck

import (
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
)

// The reference check: CheckPages as it was before links were resolved without
// url.Parse where the answer is certain. Every link is parsed and resolved against
// its page with ResolveReference, one page after another. CheckPages must give the
// very same broken links, in the same order and words; the tests compare the two.

// referenceCheckPages checks pages the plain way.
func referenceCheckPages(pages map[string]*Page, paths map[string]bool, basePath string) []Broken {
	base := cleanBasePath(basePath)
	var broken []Broken
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		p := pages[name]
		self := &url.URL{Path: base + name}
		if p.base != "" {
			if u, err := url.Parse(strings.TrimSpace(p.base)); err == nil {
				self = self.ResolveReference(u)
			}
		}
		for _, link := range p.links {
			if reason := refCheck(link, name, self, base, paths, pages); reason != "" {
				broken = append(broken, Broken{Page: name, Link: link, Reason: reason})
			}
		}
	}
	return broken
}

// refCheck returns why link on page name is broken, or "".
func refCheck(link, name string, self *url.URL, base string, files map[string]bool, pages map[string]*Page) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		msg := err.Error()
		if e, ok := err.(*url.Error); ok {
			msg = e.Err.Error()
		}
		return "is not a valid address (" + msg + "); check its spelling and any % signs"
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return ""
	}
	target := self.ResolveReference(u)
	if target.Host != "" || target.Scheme != "" {
		return ""
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
		return ""
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
	if frag == "" || strings.EqualFold(frag, "top") || !(strings.HasSuffix(file, ".html") || strings.HasSuffix(file, ".htm")) {
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
