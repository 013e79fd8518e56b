package markdown

import (
	"strconv"
	"strings"
	"unicode"
)

// ids hands out heading ids unique within one document. goldmark's own generator drops
// every non-ASCII letter, which leaves Chinese headings with ids like "heading-1"; here
// letters and digits of any script are kept, so "## 预算执行情况" links as #预算执行情况.
// Ids come from the heading's text as rendered, not its Markdown source, so the address of a
// link inside a heading does not leak into the id.
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// generate returns the id for a heading with text t: letters, digits and combining marks of
// any script, '-' and '_' are kept, ASCII letters lower-cased, runs of spaces become one '-',
// everything else is dropped. An empty result becomes "section"; a taken one gets "-1", "-2", ….
func (s *ids) generate(t string) string {
	base := slug(t)
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return id
}

func slug(t string) string {
	var b strings.Builder
	space := false
	for _, r := range t {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-' || r == '_':
		default:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte('-')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
