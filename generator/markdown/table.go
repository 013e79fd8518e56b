package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// tableRenderer wraps each table in a scroll box, so a wide table scrolls sideways on a
// phone instead of widening the page. The box is focusable and named (WCAG 2.1.1: keyboard
// users must be able to scroll it); its name is the table's header row, which needs no
// translation. The table itself is drawn by the table extension.
type tableRenderer struct {
	table renderer.NodeRendererFunc
}

func newTableRenderer() renderer.NodeRenderer {
	var c capture
	extension.NewTableHTMLRenderer().RegisterFuncs(&c)
	return &tableRenderer{table: c.funcs[east.KindTable]}
}

// capture records the functions a node renderer registers.
type capture struct {
	funcs map[ast.NodeKind]renderer.NodeRendererFunc
}

func (c *capture) Register(k ast.NodeKind, f renderer.NodeRendererFunc) {
	if c.funcs == nil {
		c.funcs = map[ast.NodeKind]renderer.NodeRendererFunc{}
	}
	c.funcs[k] = f
}

func (t *tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTable, t.render)
}

func (t *tableRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		label := tableLabel(n, src)
		if label == "" {
			_, _ = w.WriteString(`<div class="table-scroll">` + "\n")
		} else {
			_, _ = w.WriteString(`<div class="table-scroll" tabindex="0" role="region" aria-label="`)
			_, _ = w.Write(util.EscapeHTML([]byte(label)))
			_, _ = w.WriteString("\">\n")
		}
		return t.table(w, src, n, entering)
	}
	status, err := t.table(w, src, n, entering)
	_, _ = w.WriteString("</div>\n")
	return status, err
}

// tableLabelLen is the most runes of a table's accessible name.
const tableLabelLen = 80

// tableLabel joins the text of the first row that has any, header first: "指标 / 目标 / 实际".
func tableLabel(table ast.Node, src []byte) string {
	for row := table.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			if s := plainText(c, src); s != "" {
				cells = append(cells, s)
			}
		}
		if len(cells) > 0 {
			return truncate(strings.Join(cells, " / "), tableLabelLen)
		}
	}
	return ""
}
