package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// prepare adjusts the parsed tree before rendering: quotes in Chinese text, heading ids,
// link safety and base path, table column alignment as classes; and fills doc's headings and summary.
func (r *Renderer) prepare(root ast.Node, src []byte, doc *Doc) {
	var (
		blocks   []ast.Node // blocks holding inline content
		headings []*ast.Heading
		firstPar *ast.Paragraph
		links    []ast.Node
	)
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
			blocks = append(blocks, n)
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.Paragraph:
			if firstPar == nil && n.Parent() == root && plainText(n, src) != "" {
				firstPar = n
			}
		case *ast.Link, *ast.Image, *ast.AutoLink:
			links = append(links, n)
		case *east.TableCell:
			// .align-left, .align-center and .align-right are in the theme's site.css.
			if n.Alignment != east.AlignNone {
				n.SetAttributeString("class", []byte("align-"+n.Alignment.String()))
			}
		}
		return ast.WalkContinue, nil
	})

	for _, b := range blocks {
		fixCJKQuotes(b, src)
	}
	ids := newIDs()
	for _, h := range headings {
		t := plainText(h, src)
		id := ids.generate(t)
		h.SetAttributeString("id", []byte(id))
		doc.Headings = append(doc.Headings, Heading{Level: h.Level, ID: id, Text: t})
	}
	if firstPar != nil {
		doc.Summary = truncate(plainText(firstPar, src), SummaryLen)
	}
	for _, l := range links {
		r.fixLink(l, src)
	}
}
