package linkcheck

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
)

// The reference extractor: scan and elsewhere as they were before the fast paths of
// readTag and the remembered parses of links to other sites, with every value decoded
// by html.UnescapeString. Extract must give the very same pages; the tests compare the
// two.

// referenceExtract reads a page the plain way.
func referenceExtract(doc []byte) *Page {
	raw := readAll(refScan, doc)
	p := &Page{base: raw.base}
	for _, l := range raw.links {
		if !refUnchecked(l) && !slices.Contains(p.links, l) {
			p.links = append(p.links, l)
		}
	}
	for id := range raw.ids {
		p.ids = append(p.ids, id)
	}
	slices.Sort(p.ids)
	return p
}

func refUnchecked(link string) bool {
	return strings.TrimSpace(link) == "" || refElsewhere(link)
}

func refElsewhere(link string) bool {
	link = strings.TrimSpace(link)
	if link == "" || link[0] == '#' || link[0] == '?' || link[0] == '/' && !strings.HasPrefix(link, "//") {
		return false
	}
	u, err := url.Parse(link)
	return err == nil && (u.Scheme != "" || u.Host != "" || u.Opaque != "")
}

func refScan(doc []byte, attr attrFunc) {
	for i := 0; i < len(doc); {
		lt := bytes.IndexByte(doc[i:], '<')
		if lt < 0 || i+lt+1 >= len(doc) {
			break
		}
		i += lt
		rest := doc[i:]
		switch c := rest[1]; {
		case refIsLetter(c):
			name, n := refReadTag(rest, attr)
			i += n
			if raw := refRawTextName(name); raw != "" {
				i += refSkipRawText(doc[i:], raw)
			}
		case c == '/':
			i += 2
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return
			}
			i += 4 + end + 3
		case c == '!', c == '?':
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return
			}
			i += end + 1
		default:
			i++
		}
	}
}

func refRawTextName(tag []byte) string {
	if len(tag) < len("style") {
		return ""
	}
	for _, raw := range []string{"script", "style", "textarea", "title"} {
		if bytes.EqualFold(tag, []byte(raw)) {
			return raw
		}
	}
	return ""
}

func refAttrKind(name []byte) int {
	switch len(name) {
	case 2, 3, 4, 6:
	default:
		return otherAttr
	}
	switch {
	case bytes.EqualFold(name, []byte("href")), bytes.EqualFold(name, []byte("src")), bytes.EqualFold(name, []byte("action")):
		return hrefAttr
	case bytes.EqualFold(name, []byte("srcset")):
		return srcsetAttr
	case bytes.EqualFold(name, []byte("id")):
		return idAttr
	case bytes.EqualFold(name, []byte("name")):
		return nameAttr
	}
	return otherAttr
}

func refReadTag(s []byte, attr attrFunc) (name []byte, n int) {
	i := 1
	for i < len(s) && !refIsSpace(s[i]) && s[i] != '/' && s[i] != '>' {
		i++
	}
	name = s[1:i]
	for i < len(s) {
		for i < len(s) && (refIsSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) {
			break
		}
		if s[i] == '>' {
			return name, i + 1
		}
		start := i
		i++
		for i < len(s) && !refIsSpace(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=' {
			i++
		}
		kind := refAttrKind(s[start:i])
		var v []byte
		j := i
		for j < len(s) && refIsSpace(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '=' {
			i = j + 1
			for i < len(s) && refIsSpace(s[i]) {
				i++
			}
			switch {
			case i < len(s) && (s[i] == '"' || s[i] == '\''):
				q := s[i]
				end := bytes.IndexByte(s[i+1:], q)
				if end < 0 {
					return name, len(s)
				}
				v = s[i+1 : i+1+end]
				i += end + 2
			default:
				vs := i
				for i < len(s) && !refIsSpace(s[i]) && s[i] != '>' {
					i++
				}
				v = s[vs:i]
			}
		}
		if kind != otherAttr {
			attr(name, kind, v)
		}
	}
	return name, len(s)
}

func refSkipRawText(s []byte, name string) int {
	end := []byte("</" + name)
	for i := 0; ; {
		j := bytes.IndexByte(s[i:], '<')
		if j < 0 {
			return len(s)
		}
		i += j
		if len(s)-i >= len(end) && bytes.EqualFold(s[i:i+len(end)], end) {
			if k := i + len(end); k == len(s) || refIsSpace(s[k]) || s[k] == '>' || s[k] == '/' {
				return i
			}
		}
		i++
	}
}

func refIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func refIsLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
