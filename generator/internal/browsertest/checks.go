package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// HorizontalOverflow reports whether the page is wider than the viewport
// (document.scrollingElement.scrollWidth > innerWidth), so that a reader would
// have to scroll sideways. Open the page with [Phone] to check it on a phone.
func (p *Page) HorizontalOverflow(t testing.TB) bool {
	t.Helper()
	var over bool
	p.Eval(t, `document.scrollingElement.scrollWidth > window.innerWidth`, &over)
	return over
}

// FocusInfo describes the element that has the keyboard focus.
type FocusInfo struct {
	Tag       string `json:"tag"`       // lower-case tag name
	ID        string `json:"id"`        // id attribute
	Href      string `json:"href"`      // href attribute of a link
	Text      string `json:"text"`      // visible text, value or aria-label, cut to 80 characters
	Outline   string `json:"outline"`   // computed outline: style width colour
	BoxShadow string `json:"boxShadow"` // computed box-shadow
	// Indicator is true when the focus is visible: an outline that is not
	// none and not 0px wide, or a box-shadow.
	Indicator bool `json:"indicator"`
}

func (f FocusInfo) String() string {
	s := "<" + f.Tag
	if f.ID != "" {
		s += " id=" + f.ID
	}
	if f.Href != "" {
		s += " href=" + f.Href
	}
	return s + "> " + f.Text
}

const focusJS = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement) return null;
	const seen = window.__browsertestSeen || (window.__browsertestSeen = new WeakSet());
	if (seen.has(el)) return {again: true};
	seen.add(el);
	const cs = getComputedStyle(el);
	const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.getAttribute('title') || '')
		.trim().replace(/\s+/g, ' ');
	return {
		tag: el.tagName.toLowerCase(),
		id: el.id || '',
		href: el.getAttribute('href') || '',
		text: text.length > 80 ? text.slice(0, 80) + '…' : text,
		outline: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor,
		boxShadow: cs.boxShadow,
		indicator: (cs.outlineStyle !== 'none' && cs.outlineWidth !== '0px') || cs.boxShadow !== 'none',
	};
})()`

// TabThrough starts at the top of the page and presses Tab up to max times
// (real key events), recording the focused element after each press. It stops
// early when the focus leaves the page or comes back to an element it already
// visited, so the result is the page's tab order.
func (p *Page) TabThrough(t testing.TB, max int) []FocusInfo {
	t.Helper()
	p.Eval(t, `(() => {
		if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
		window.__browsertestSeen = new WeakSet();
		window.scrollTo(0, 0);
		return true;
	})()`, nil)
	var order []FocusInfo
	for range max {
		p.do(t, "pressing Tab", chromedp.KeyEvent(kb.Tab))
		var cur *struct {
			FocusInfo
			Again bool `json:"again"`
		}
		p.Eval(t, focusJS, &cur)
		if cur == nil || cur.Again {
			break
		}
		order = append(order, cur.FocusInfo)
	}
	return order
}

// Violation is one axe-core rule that the page breaks.
type Violation struct {
	ID      string          `json:"id"`     // rule id, such as "image-alt"
	Impact  string          `json:"impact"` // minor, moderate, serious or critical
	Help    string          `json:"help"`
	HelpURL string          `json:"helpUrl"`
	Nodes   []ViolationNode `json:"nodes"` // the first 10 offending elements
	Count   int             `json:"count"` // how many elements break the rule
}

// ViolationNode is one element that breaks a rule.
type ViolationNode struct {
	Target []string `json:"target"` // CSS selectors (shadow or frame paths joined by " >>> ")
	HTML   string   `json:"html"`   // the element's markup, cut to 200 characters
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %d elements): %s", v.ID, v.Impact, v.Count, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n\t%s: %s", strings.Join(n.Target, ", "), n.HTML)
	}
	return b.String()
}

// WCAG21AA are the axe-core tags of the rules for WCAG 2.1 level AA.
var WCAG21AA = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// RunAxe injects axe-core (the file axeJSPath, see [AxePath]) into the page and
// runs the rules that carry one of tags (nil means [WCAG21AA]), returning the
// violations. It works on pages opened with JavaScript off too: axe needs
// timers, so script execution is switched on while it runs (the page's own
// scripts, skipped at load, stay unrun) and off again afterwards.
func (p *Page) RunAxe(t testing.TB, axeJSPath string, tags []string) []Violation {
	t.Helper()
	if len(tags) == 0 {
		tags = WCAG21AA
	}
	src, err := os.ReadFile(axeJSPath)
	if err != nil {
		t.Fatalf("browsertest: reading axe-core: %v", err)
	}
	if p.noJS {
		p.do(t, "enabling scripts for axe", call(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}))
		defer p.do(t, "disabling scripts after axe", call(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}))
	}
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src)+"\n;true")); err != nil {
		t.Fatalf("browsertest: injecting axe-core: %v", err)
	}
	tagJSON, _ := json.Marshal(tags)
	run := `axe.run(document, {runOnly: {type: 'tag', values: ` + string(tagJSON) + `}, resultTypes: ['violations']})
	.then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl, count: v.nodes.length,
		nodes: v.nodes.slice(0, 10).map(n => ({
			target: n.target.map(x => Array.isArray(x) ? x.join(' >>> ') : String(x)),
			html: n.html.length > 200 ? n.html.slice(0, 200) + '…' : n.html,
		})),
	})))`
	var out []Violation
	p.Eval(t, run, &out)
	return out
}
