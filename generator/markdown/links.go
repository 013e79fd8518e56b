package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// cleanBasePath makes p start and end with "/"; "" means the site root.
func cleanBasePath(p string) string {
	p = strings.Trim(p, "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// fixLink neutralises a dangerous link or image (unless unsafe) and puts the base path in
// front of a site-root-relative one.
func (r *Renderer) fixLink(n ast.Node, src []byte) {
	switch n := n.(type) {
	case *ast.AutoLink:
		if !r.unsafe && dangerous(n.URL(src)) {
			s := ast.NewString(n.Label(src))
			s.SetRaw(true) // shown as written, like an autolink's label
			n.Parent().ReplaceChild(n.Parent(), n, s)
		}
	case *ast.Link:
		n.Destination = r.fixDestination(n, n.Destination)
	case *ast.Image:
		n.Destination = r.fixDestination(n, n.Destination)
	}
}

// fixDestination returns the destination to render for link or image n; a dangerous one
// is replaced by its content (a link's text, an image's alt text) and nil returned.
func (r *Renderer) fixDestination(n ast.Node, dest []byte) []byte {
	// The renderer resolves entities and escapes before writing the URL: judge that form.
	url := util.URLEscape(dest, true)
	if !r.unsafe && dangerous(url) {
		unwrap(n)
		return nil
	}
	if r.basePath != "/" && len(url) > 0 && url[0] == '/' && (len(url) == 1 || url[1] != '/') {
		// Prefix the source form, which the renderer will resolve the same way.
		return append([]byte(r.basePath[:len(r.basePath)-1]), dest...)
	}
	return dest
}

// unwrap replaces n by its children.
func unwrap(n ast.Node) {
	p := n.Parent()
	for c := n.FirstChild(); c != nil; c = n.FirstChild() {
		p.InsertBefore(p, n, c)
	}
	p.RemoveChild(p, n)
}

// dangerous reports whether a browser would run or embed url as script or data: whether
// its scheme is javascript, vbscript, data or file. Browsers ignore ASCII tab and newline
// inside a scheme and control characters and spaces before it, and match it in any case, so
// the check does too, and also skips percent-encoded ones ("java%09script:"), which a
// browser would not run but which no honest link contains.
func dangerous(url []byte) bool {
	var scheme []byte
	for i := 0; i < len(url) && len(scheme) <= 16; i++ {
		c := url[i]
		switch {
		case c <= ' ' || c == 0x7f:
			continue
		case c == '%' && i+2 < len(url) && hexByte(url[i+1], url[i+2]) <= ' ':
			i += 2
			continue
		case c == ':':
			switch string(scheme) {
			case "javascript", "vbscript", "data", "file":
				return true
			}
			return false
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '-', c == '.':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			return false
		}
		scheme = append(scheme, c)
	}
	return false
}

// hexByte decodes two hex digits, or returns 0xff when they are not hex.
func hexByte(a, b byte) byte {
	unhex := func(c byte) int {
		switch {
		case '0' <= c && c <= '9':
			return int(c - '0')
		case 'a' <= c && c <= 'f':
			return int(c-'a') + 10
		case 'A' <= c && c <= 'F':
			return int(c-'A') + 10
		}
		return -1
	}
	h, l := unhex(a), unhex(b)
	if h < 0 || l < 0 {
		return 0xff
	}
	return byte(h<<4 | l)
}

// scanLinks lists the href and src values of rendered HTML. goldmark escapes '"' in text
// and attribute values and quotes every attribute with it, so each `="` starts an attribute
// value that ends at the next '"'.
func scanLinks(out []byte) []string {
	var links []string
	seen := map[string]bool{}
	for {
		j := bytes.Index(out, []byte(`="`))
		if j < 0 {
			return links
		}
		name := out[:j]
		out = out[j+2:]
		end := bytes.IndexByte(out, '"')
		if end < 0 {
			return links
		}
		if bytes.HasSuffix(name, []byte(" href")) || bytes.HasSuffix(name, []byte(" src")) {
			v := html.UnescapeString(string(out[:end]))
			if !seen[v] {
				seen[v] = true
				links = append(links, v)
			}
		}
		out = out[end+1:]
	}
}
