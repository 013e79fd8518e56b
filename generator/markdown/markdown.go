// Package markdown turns the narrative Markdown of content files into HTML that is safe to
// place in a page, and reports what the page needs around it: the headings (for a table of
// contents), the links (for the site's link check) and a summary (for meta descriptions and
// the feed).
//
// Safe by default: raw HTML is omitted, and links or images whose scheme is javascript:,
// vbscript:, data: or file: are neutralised (the link keeps its text, the image its alt text).
// A site that sets unsafe_html = true gets raw HTML and every scheme exactly as written.
package markdown

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Doc is one rendered Markdown document.
type Doc struct {
	HTML     template.HTML
	Headings []Heading
	// Links lists every href and src value of HTML, in order of first appearance, once each,
	// as a browser reads them (entities decoded, percent-encoding kept). In unsafe mode the
	// links inside raw HTML are listed only when written as href="…" or src="…".
	Links []string
	// Summary is the first top-level paragraph as plain text, at most SummaryLen runes.
	Summary string
}

// Heading is one heading of a document, with the id its HTML element carries.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// SummaryLen is the most runes Doc.Summary holds, a length search engines show in full.
const SummaryLen = 160

// Renderer converts Markdown to HTML. It is safe for concurrent use: goldmark's parser and
// renderer keep per-document state only in the parse context and the AST of each call.
type Renderer struct {
	md       goldmark.Markdown
	unsafe   bool
	basePath string
}

// New returns a Renderer. unsafeHTML is site.toml's unsafe_html. basePath is the path of the
// site's base_url ("/" or "/perf/"): a link written site-root-relative, such as
// "/2024/market-regulation/", is published as basePath+"2024/market-regulation/", so narrative
// keeps working when the site moves under a path. Links starting with "//" are left alone,
// and so are links inside raw HTML.
func New(unsafeHTML bool, basePath string) *Renderer {
	htmlOpts := []renderer.Option{}
	if unsafeHTML {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			// Literal characters rather than entities, so plain text needs no decoding.
			extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation][]byte{
				extension.LeftSingleQuote:  []byte("‘"),
				extension.RightSingleQuote: []byte("’"),
				extension.LeftDoubleQuote:  []byte("“"),
				extension.RightDoubleQuote: []byte("”"),
				extension.EnDash:           []byte("–"),
				extension.EmDash:           []byte("—"),
				extension.Ellipsis:         []byte("…"),
				extension.LeftAngleQuote:   []byte("«"),
				extension.RightAngleQuote:  []byte("»"),
				extension.Apostrophe:       []byte("’"),
			})),
			extension.NewCJK(
				extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksCSS3Draft),
				extension.WithEscapedSpace(),
			),
		),
		goldmark.WithRendererOptions(htmlOpts...),
		// Column alignment becomes a class (see prepare), not a style attribute, which
		// the site's Content-Security-Policy (style-src 'self') would block.
		goldmark.WithRendererOptions(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(newTableRenderer(), 100), // before the table extension's 500
		)),
	)
	return &Renderer{md: md, unsafe: unsafeHTML, basePath: cleanBasePath(basePath)}
}

// Render converts one document. Heading ids are unique within the document.
func (r *Renderer) Render(src []byte) (Doc, error) {
	root := r.md.Parser().Parse(text.NewReader(src))
	var doc Doc
	r.prepare(root, src, &doc)
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, src, root); err != nil {
		return Doc{}, err
	}
	doc.HTML = template.HTML(buf.String())
	doc.Links = scanLinks(buf.Bytes())
	return doc, nil
}
