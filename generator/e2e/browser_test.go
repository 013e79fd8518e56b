package e2e

import (
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"perfsite/generator/internal/browsertest"
)

// pageType is one kind of page of the site, by an example of it.
type pageType struct {
	name   string
	path   string // below the base URL
	charts bool   // the page draws charts (SPEC §9)
	status int    // the status the server answers: 404 for a made-up address
}

// pageTypes has one page of every type the site publishes.
var pageTypes = []pageType{
	{"home", "", true, http.StatusOK},
	{"cycle", "2023/", true, http.StatusOK},
	{"scorecard", "2024/market-regulation/", true, http.StatusOK},
	{"department history", "departments/market-regulation/", true, http.StatusOK},
	{"dimension", "2024/dimensions/finance/", true, http.StatusOK},
	{"methodology", "2024/methodology/", false, http.StatusOK},
	{"open data index", "data/", false, http.StatusOK},
	{"search", "search/", false, http.StatusOK},
	{"free page", "about/", false, http.StatusOK},
	{"departments index", "departments/", false, http.StatusOK},
	{"not found", "no-such-page/", false, http.StatusNotFound},
}

// view is one way a reader opens the pages, and what is checked that way.
type view struct {
	name     string
	opts     browsertest.Options
	overflow bool // no sideways scrolling
	keyboard bool // every link and control reached by Tab, with a visible focus
}

var views = []view{
	{
		name:     "phone light",
		opts:     browsertest.Options{Width: 375, Height: 812, Mobile: true, JavaScript: true, ColorScheme: "light"},
		overflow: true,
	},
	{
		name:     "desktop dark",
		opts:     browsertest.Options{Width: 1280, Height: 800, JavaScript: true, ColorScheme: "dark"},
		keyboard: true,
	},
}

// TestPages opens one page of every type of the example site in headless
// Chromium, on a 375-pixel phone in the light scheme and on a desktop in the
// dark one, and checks each page once per view: no console error, no failed
// request, no request to another host, every chart drawn with its table beside
// it, axe-core's WCAG 2.1 A and AA rules, and, on the phone, no sideways
// scrolling; on the desktop, every link and control reached by Tab in
// document order with a visible focus. Then it reads the scorecard and the
// home page with JavaScript off, and opens pages of the build made for a base
// URL with a path.
func TestPages(t *testing.T) {
	skipShort(t, "the browser checks")
	t.Parallel()
	root, perf := built(t)
	b := browsertest.NewBrowser(t)
	axe := browsertest.AxePath(t)
	base := browsertest.Serve(t, root.Dir, root.Prefix)

	t.Run("the checks catch a broken page", func(t *testing.T) { checkTheChecks(t, b, axe) })

	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel() // the two views share the browser, each page in its own tab
			for _, pt := range pageTypes {
				t.Run(pt.name, func(t *testing.T) {
					p := b.Open(t, base+pt.path, v.opts)
					defer p.Close()
					checkRequests(t, p, base, pt)
					checkCharts(t, p, pt.charts)
					if v.overflow {
						checkOverflow(t, p)
					}
					if v.keyboard {
						checkKeyboard(t, p)
					}
					for _, viol := range p.RunAxe(t, axe, browsertest.WCAG21AA) {
						t.Errorf("axe-core: %s", viol)
					}
				})
			}
		})
	}

	t.Run("without JavaScript", func(t *testing.T) {
		noJS := browsertest.Options{Width: 1280, Height: 800, ColorScheme: "light"}
		cycle := latestCycle(t, root.Dir)
		data := filepath.Join(root.Dir, "data", cycle)
		departments := readCSV(t, filepath.Join(data, "departments.csv"))

		t.Run("scorecard", func(t *testing.T) {
			const dept = "market-regulation"
			p := b.Open(t, base+cycle+"/"+dept+"/", noJS)
			defer p.Close()
			checkRequests(t, p, base, pageType{status: http.StatusOK})
			text := pageText(t, p)
			var want []figure
			for _, r := range departments.where("department", dept) {
				want = append(want, figure{"total", r["total"]})
			}
			for _, r := range readCSV(t, filepath.Join(data, "dimensions.csv")).where("department", dept) {
				want = append(want, figure{"dimension " + r["dimension"], r["score"]})
			}
			for _, r := range readCSV(t, filepath.Join(data, "indicators.csv")).where("department", dept) {
				want = append(want, figure{"indicator " + r["indicator"], r["score"]})
			}
			checkFigures(t, text, want, 1+4+10)
		})

		t.Run("home", func(t *testing.T) {
			p := b.Open(t, base, noJS)
			defer p.Close()
			checkRequests(t, p, base, pageType{status: http.StatusOK})
			var want []figure
			for _, r := range departments {
				want = append(want, figure{"total of " + r["department"], r["total"]})
			}
			checkFigures(t, pageText(t, p), want, 10)
		})
	})

	t.Run("under /perf/", func(t *testing.T) {
		perfBase := browsertest.Serve(t, perf.Dir, perf.Prefix)
		desktop := browsertest.Options{Width: 1280, Height: 800, JavaScript: true, ColorScheme: "light"}
		for _, pt := range []pageType{
			pageTypes[0], // home
			pageTypes[2], // scorecard
			pageTypes[7], // search
			{"not found, two folders deep", "no/such-page/", false, http.StatusNotFound},
		} {
			t.Run(pt.name, func(t *testing.T) {
				p := b.Open(t, perfBase+pt.path, desktop)
				defer p.Close()
				checkRequests(t, p, perfBase, pt)
				checkCharts(t, p, pt.charts)
				if pt.path == "search/" {
					checkSearch(t, p, perf.Prefix)
				}
			})
		}
	})
}

// checkRequests reports console errors, failed requests and requests to any
// other address than the site's. The only failure allowed is the not-found
// page's own 404.
func checkRequests(t testing.TB, p *browsertest.Page, base string, pt pageType) {
	t.Helper()
	for _, e := range p.ConsoleErrors() {
		t.Errorf("console: %s", e)
	}
	own := false // the not-found page's own 404 was seen
	for _, f := range p.FailedRequests() {
		if pt.status == http.StatusNotFound && f == fmt.Sprintf("%d %s", pt.status, p.URL) {
			own = true
			continue
		}
		t.Errorf("failed request: %s", f)
	}
	if pt.status == http.StatusNotFound && !own {
		t.Errorf("%s did not answer 404", p.URL)
	}
	reqs := p.Requests()
	if len(reqs) == 0 || reqs[0] != p.URL {
		t.Errorf("the browser did not record the page's own request first: %q", reqs)
	}
	for _, r := range reqs {
		if !strings.HasPrefix(r, base) {
			t.Errorf("request outside the site %s: %s", base, r)
		}
	}
}

// checkOverflow reports a page wider than the viewport, naming what sticks out.
func checkOverflow(t testing.TB, p *browsertest.Page) {
	t.Helper()
	if p.HorizontalOverflow(t) {
		var wide []string
		p.Eval(t, wideJS, &wide)
		t.Errorf("the page scrolls sideways; too wide: %s", strings.Join(wide, ", "))
	}
}

// wideJS names the first elements that stick out to the right of the viewport.
const wideJS = `[...document.querySelectorAll('body *')]
	.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
	.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).replace(/\s+/g, '.') : ''))`

// chartJS describes every chart of the page: the element its options are for,
// what was drawn in it and how many rows its table has.
const chartJS = `[...document.querySelectorAll('script[type="application/json"][data-chart-for]')].map(s => {
	const id = s.getAttribute('data-chart-for');
	const el = document.getElementById(id);
	const r = {id: id, found: !!el, kind: '', width: 0, height: 0, painted: 0, colours: 0, edge: 0, rows: -1};
	if (!el) return r;
	const fig = el.closest('figure');
	const table = fig && (fig.querySelector('table.chart-table') || fig.querySelector('table'));
	if (table) r.rows = table.querySelectorAll('tbody tr').length;
	const c = el.querySelector('canvas');
	const svg = el.querySelector('svg');
	if (c) {
		r.kind = 'canvas'; r.width = c.width; r.height = c.height;
		if (c.width && c.height) {
			const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
			const colours = new Set();
			for (let i = 0; i < d.length; i += 4) {
				if (d[i + 3] === 0) continue;
				r.painted++;
				const x = (i / 4) % c.width;
				if (x === 0 || x === c.width - 1) r.edge++;
				if (colours.size < 16) colours.add(((d[i] * 256 + d[i + 1]) * 256 + d[i + 2]) * 256 + d[i + 3]);
			}
			r.colours = colours.size;
		}
	} else if (svg) {
		const box = svg.getBoundingClientRect();
		r.kind = 'svg'; r.width = Math.round(box.width); r.height = Math.round(box.height);
		r.painted = svg.querySelectorAll('path, text, rect, circle, line, polyline, polygon').length;
		r.colours = r.painted ? 2 : 0;
	}
	return r;
})`

type chartInfo struct {
	ID      string `json:"id"`
	Found   bool   `json:"found"`
	Kind    string `json:"kind"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Painted int    `json:"painted"`
	Colours int    `json:"colours"`
	Rows    int    `json:"rows"`
	Edge    int    `json:"edge"`
}

// checkCharts checks that every chart is drawn (a canvas or SVG of non-zero
// size with at least two distinct pixel values, so more than an empty
// background) and has a table with rows. With JavaScript off only the tables
// are checked.
func checkCharts(t testing.TB, p *browsertest.Page, want bool) {
	t.Helper()
	var charts []chartInfo
	p.Eval(t, chartJS, &charts)
	if want && len(charts) == 0 {
		t.Errorf("no chart on a page that should have charts")
	}
	var js bool
	p.Eval(t, `!!window.echarts`, &js)
	for _, c := range charts {
		switch {
		case !c.Found:
			t.Errorf("chart options for #%s, but no element with that id", c.ID)
			continue
		case c.Rows <= 0:
			t.Errorf("chart #%s has no table with rows beside it (rows %d)", c.ID, c.Rows)
		}
		if !js {
			continue
		}
		switch {
		case c.Kind == "":
			t.Errorf("chart #%s: nothing drawn (no canvas or svg)", c.ID)
		case c.Width == 0 || c.Height == 0:
			t.Errorf("chart #%s: the %s is %d×%d", c.ID, c.Kind, c.Width, c.Height)
		case c.Painted == 0 || c.Colours < 2:
			t.Errorf("chart #%s: the %s is blank (%d painted pixels, %d colours)", c.ID, c.Kind, c.Painted, c.Colours)
		case c.Edge > 0:
			t.Errorf("chart #%s: the drawing touches the left or right edge of its %d-pixel-wide %s (%d pixels), so part of it is cut off", c.ID, c.Width, c.Kind, c.Edge)
		}
	}
}

// focusablesJS lists the elements that should be in the tab order, in
// document order, described as browsertest's FocusInfo describes the focus.
const focusablesJS = `[...document.querySelectorAll('a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable]')]
	.filter(el => {
		if (el.tabIndex < 0 || el.matches(':disabled') || el.closest('[inert]')) return false;
		if (el.tagName === 'INPUT' && el.type === 'hidden') return false;
		if (el.tagName === 'SUMMARY' && (el.parentElement.tagName !== 'DETAILS' || el.parentElement.querySelector(':scope > summary') !== el)) return false;
		const closed = el.closest('details:not([open])');
		if (closed) {
			const summary = closed.querySelector(':scope > summary');
			if (!summary || !summary.contains(el)) return false;
		}
		if (!el.getClientRects().length) return false;
		return el.checkVisibility({visibilityProperty: true});
	})
	.map(el => {
		const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.getAttribute('title') || '')
			.trim().replace(/\s+/g, ' ');
		return {
			tag: el.tagName.toLowerCase(),
			id: el.id || '',
			href: el.getAttribute('href') || '',
			text: text.length > 80 ? text.slice(0, 80) + '…' : text,
			positive: el.tabIndex > 0,
		};
	})`

// tabCap bounds the Tab presses on one page; the first tabCap focusable
// elements must all be reached in order.
const tabCap = 400

// checkKeyboard presses Tab through the page and checks that the stops are the
// page's focusable elements in document order (no positive tabindex, nothing
// skipped, nothing extra), each with a visible focus indicator.
func checkKeyboard(t testing.TB, p *browsertest.Page) {
	t.Helper()
	var want []struct {
		browsertest.FocusInfo
		Positive bool `json:"positive"`
	}
	p.Eval(t, focusablesJS, &want)
	if len(want) == 0 {
		t.Errorf("no focusable element on the page")
		return
	}
	stops := p.TabThrough(t, min(len(want)+1, tabCap))
	n := min(len(want), tabCap)
	for _, w := range want {
		if w.Positive {
			t.Errorf("%s has a positive tabindex, which breaks the reading order", w.FocusInfo)
		}
	}
	for i := range n {
		if i >= len(stops) {
			t.Errorf("Tab stopped after %d of %d focusable elements; never reached %s", len(stops), len(want), want[i].FocusInfo)
			break
		}
		if got := stops[i]; got.Tag != want[i].Tag || got.Href != want[i].Href || got.ID != want[i].ID || got.Text != want[i].Text {
			t.Errorf("Tab stop %d is %s, want %s (the next focusable element in document order)", i+1, got, want[i].FocusInfo)
			break
		}
	}
	if len(want) < tabCap && len(stops) > len(want) {
		t.Errorf("Tab reached %d stops, but the page has %d focusable elements; extra stop: %s", len(stops), len(want), stops[len(want)])
	}
	t.Logf("Tab: %d stops, %d focusable elements", len(stops), len(want))
	for _, s := range stops {
		if !s.Indicator {
			t.Errorf("no visible focus on %s (outline %s, box-shadow %s)", s, s.Outline, s.BoxShadow)
		}
	}
}

// pageText is the page's text as a reader sees it (innerText: nothing hidden).
func pageText(t testing.TB, p *browsertest.Page) string {
	t.Helper()
	var text string
	p.Eval(t, `document.body.innerText`, &text)
	return text
}

// figure is one number of the open data that a page must show.
type figure struct {
	what, value string
}

// checkFigures checks that each figure appears in the text as a number of its
// own (not as part of a longer one), and that there were at least min figures
// to look for, so an empty data file cannot pass.
func checkFigures(t testing.TB, text string, want []figure, min int) {
	t.Helper()
	n := 0
	for _, f := range want {
		if f.value == "" {
			continue
		}
		n++
		re := regexp.MustCompile(`(^|[^0-9.])` + regexp.QuoteMeta(f.value) + `($|[^0-9])`)
		if !re.MatchString(text) {
			t.Errorf("%s %s is not on the page without JavaScript", f.what, f.value)
		}
	}
	if n < min {
		t.Errorf("only %d figures in the open data to look for, want at least %d", n, min)
	}
}

// checkSearch types a department's name into the search form and checks that
// the results link under the base path, which proves the index loaded.
func checkSearch(t testing.TB, p *browsertest.Page, prefix string) {
	t.Helper()
	var hrefs []string
	p.Eval(t, `new Promise(resolve => {
		const input = document.querySelector('form.search input[type=search]');
		if (!input) return resolve([]);
		input.value = '市场监督';
		input.dispatchEvent(new Event('input'));
		let n = 0;
		const poll = () => {
			const links = [...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'));
			if (links.length || ++n > 100) return resolve(links);
			setTimeout(poll, 20);
		};
		poll();
	})`, &hrefs)
	if len(hrefs) == 0 {
		t.Errorf("searching 市场监督 found nothing")
	}
	for _, h := range hrefs {
		if !strings.HasPrefix(h, prefix) {
			t.Errorf("search result %s is not under %s", h, prefix)
		}
	}
	for _, f := range p.FailedRequests() {
		t.Errorf("failed request while searching: %s", f)
	}
}
