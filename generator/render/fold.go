package render

import (
	"html/template"
	"io"
	"slices"
	"strings"
	"text/template/parse"
)

// Interface text and site addresses written as literals in a layout —
// {{t "col_total"}}, {{url "data/"}} — print the same on every page of a build,
// yet html/template calls the function and then its escaper, both through
// reflection, on every page: on a scorecard that was ≈80 calls and a third of
// its allocations. foldConstants does them once per build: after html/template
// has escaped a page layout, before its first page, each such action becomes
// the text it prints.
//
// Only actions whose escaping markup reproduces are folded (printed as text, in
// a quoted attribute or RCDATA, or as a whole URL attribute); any other action,
// or a call that fails, such as a missing text, is left for the page to run.
// Layouts are untouched: a site's own layouts get the same treatment.

// foldable are the template functions whose result depends on their arguments
// alone during a build.
var foldable = map[string]bool{"t": true, "url": true, "abs": true}

// foldEscapes are the escaper chains html/template appends that markup
// reproduces, by their names joined with "|".
var foldEscapes = map[string]func(*markup, string){
	"_html_template_htmlescaper":   (*markup).text,
	"_html_template_attrescaper":   (*markup).text,
	"_html_template_rcdataescaper": (*markup).text,
	"_html_template_urlfilter|_html_template_urlnormalizer|_html_template_attrescaper": (*markup).href,
}

// foldConstants folds the constant actions of the page layout t. funcs must be
// the functions the layouts were parsed with.
func foldConstants(t *template.Template, funcs template.FuncMap) {
	// html/template escapes base and all it calls on the first execution,
	// before running it; with no page that run stops at the first field,
	// and a template error comes back again from each page's execution.
	_ = t.ExecuteTemplate(io.Discard, "base", (*Page)(nil))
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			foldList(tt.Tree.Root, funcs)
		}
	}
}

// foldList folds the actions of l and of the lists within it, and joins runs of
// text into one node.
func foldList(l *parse.ListNode, funcs template.FuncMap) {
	if l == nil {
		return
	}
	nodes := make([]parse.Node, 0, len(l.Nodes))
	text := func(pos parse.Pos, s []byte) {
		if last := len(nodes) - 1; last >= 0 {
			if t, ok := nodes[last].(*parse.TextNode); ok {
				nodes[last] = &parse.TextNode{NodeType: parse.NodeText, Pos: t.Pos, Text: slices.Concat(t.Text, s)}
				return
			}
		}
		nodes = append(nodes, &parse.TextNode{NodeType: parse.NodeText, Pos: pos, Text: s})
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			text(n.Pos, n.Text)
			continue
		case *parse.ActionNode:
			if s, ok := fold(n.Pipe, funcs); ok {
				text(n.Pos, []byte(s))
				continue
			}
		case *parse.IfNode:
			foldList(n.List, funcs)
			foldList(n.ElseList, funcs)
		case *parse.RangeNode:
			foldList(n.List, funcs)
			foldList(n.ElseList, funcs)
		case *parse.WithNode:
			foldList(n.List, funcs)
			foldList(n.ElseList, funcs)
		}
		nodes = append(nodes, n)
	}
	l.Nodes = nodes
}

// fold returns what the escaped pipeline p prints when it is a call of a
// foldable function with literal strings, followed by escapers markup knows.
func fold(p *parse.PipeNode, funcs template.FuncMap) (string, bool) {
	if len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return "", false
	}
	call := p.Cmds[0].Args
	fn, ok := call[0].(*parse.IdentifierNode)
	if !ok || !foldable[fn.Ident] {
		return "", false
	}
	var args []string
	for _, a := range call[1:] {
		s, ok := a.(*parse.StringNode)
		if !ok {
			return "", false
		}
		args = append(args, s.Text)
	}
	var escapers []string
	for _, c := range p.Cmds[1:] {
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || len(c.Args) != 1 {
			return "", false
		}
		escapers = append(escapers, id.Ident)
	}
	escape := foldEscapes[strings.Join(escapers, "|")]
	if escape == nil {
		return "", false
	}
	s, ok := callString(funcs[fn.Ident], args)
	if !ok {
		return "", false
	}
	var m markup
	escape(&m, s)
	return string(m.html()), true
}

// callString calls a foldable function as a template would with args.
func callString(fn any, args []string) (string, bool) {
	switch f := fn.(type) {
	case func(string) string:
		if len(args) == 1 {
			return f(args[0]), true
		}
	case func(string, ...any) (string, error):
		if len(args) >= 1 {
			rest := make([]any, len(args)-1)
			for i, a := range args[1:] {
				rest[i] = a
			}
			s, err := f(args[0], rest...)
			return s, err == nil
		}
	}
	return "", false
}
