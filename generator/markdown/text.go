package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// plainText is the text a reader sees in n: markup, raw HTML and footnote marks removed,
// entities and escapes resolved, white space collapsed. A line break beside a Chinese (or
// other East Asian wide) character joins without a space, as the HTML renders it.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				v := c.Segment.Value(src)
				if !c.IsRaw() {
					v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
				}
				b.Write(v)
				if c.SoftLineBreak() || c.HardLineBreak() {
					b.WriteByte('\n')
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.CodeSpan:
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if t, ok := t.(*ast.Text); ok {
						b.Write(t.Segment.Value(src))
					}
				}
			case *ast.AutoLink:
				b.Write(c.Label(src))
			case *ast.RawHTML, *east.FootnoteLink:
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return collapseSpace(b.String())
}

// collapseSpace trims s and turns each run of white space into one space, or into nothing
// when the run holds a line break and touches an East Asian wide character.
func collapseSpace(s string) string {
	var b strings.Builder
	var run strings.Builder
	var prev rune = -1
	for _, r := range s {
		if unicode.IsSpace(r) && r != '\u3000' {
			run.WriteRune(r)
			continue
		}
		if run.Len() > 0 && prev >= 0 {
			joined := strings.ContainsRune(run.String(), '\n') &&
				(util.IsEastAsianWideRune(prev) || util.IsEastAsianWideRune(r))
			if !joined {
				b.WriteByte(' ')
			}
		}
		run.Reset()
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// truncate cuts s to at most max runes, ending a cut text with "…".
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	return strings.TrimRightFunc(string(r), unicode.IsSpace) + "…"
}

// fixCJKQuotes repairs the typographer's single quotes in Chinese text. It reads a ' between
// two letters as an apostrophe (it's), which in 部门'的'事项 gives ’的’. No Chinese word
// holds an apostrophe, so a ' between two letters where at least one is East Asian wide is
// a quote: it opens unless one is open. Double quotes need no help: between Chinese
// characters goldmark leaves them as typed.
func fixCJKQuotes(block ast.Node, src []byte) {
	var leaves []ast.Node
	var collect func(ast.Node)
	collect = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.(type) {
			case *ast.Text, *ast.String, *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink:
				leaves = append(leaves, c)
			default:
				collect(c)
			}
		}
	}
	collect(block)

	open := false
	for i, n := range leaves {
		s, ok := n.(*ast.String)
		if !ok || !s.IsCode() {
			continue
		}
		switch string(s.Value) {
		case "‘":
			open = true
		case "’":
			before, after := edgeRune(leaves, i-1, src, false), edgeRune(leaves, i+1, src, true)
			apostrophe := unicode.IsLetter(before) && unicode.IsLetter(after)
			switch {
			case apostrophe && (util.IsEastAsianWideRune(before) || util.IsEastAsianWideRune(after)):
				if !open {
					s.Value = []byte("‘")
				}
				open = !open
			case !apostrophe:
				open = false
			}
		}
	}
}

// edgeRune is the first (or last) character of leaves[i], or -1 when there is none or it
// is not plain text.
func edgeRune(leaves []ast.Node, i int, src []byte, first bool) rune {
	if i < 0 || i >= len(leaves) {
		return -1
	}
	var v []byte
	switch n := leaves[i].(type) {
	case *ast.Text:
		v = n.Segment.Value(src)
		if !first && (n.SoftLineBreak() || n.HardLineBreak()) {
			return '\n'
		}
	case *ast.String:
		v = n.Value
	default:
		return -1
	}
	var r rune
	if first {
		r, _ = utf8.DecodeRune(v)
	} else {
		r, _ = utf8.DecodeLastRune(v)
	}
	if r == utf8.RuneError {
		return -1
	}
	return r
}
