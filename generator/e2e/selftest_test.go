package e2e

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"perfsite/generator/internal/browsertest"
)

// recorder collects what a check reports instead of failing the test, so a
// check can be shown to catch what it looks for.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// expect runs check on a recorder and fails t unless every one of want is a
// part of some reported problem.
func expect(t *testing.T, name string, check func(tb testing.TB), want ...string) {
	t.Helper()
	r := &recorder{TB: t}
	check(r)
	all := strings.Join(r.errs, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("%s did not report %q on the broken page; it reported:\n%s", name, w, all)
		}
	}
}

// checkTheChecks opens testdata/broken, a page with one of each problem, and
// shows that every check of TestPages reports its problem there: a gate that
// cannot fail would pass any site.
func checkTheChecks(t *testing.T, b *browsertest.Browser, axe string) {
	base := browsertest.Serve(t, filepath.Join("testdata", "broken"), "/")
	phone := browsertest.Options{Width: 375, Height: 812, Mobile: true, JavaScript: true, ColorScheme: "light"}
	p := b.Open(t, base, phone)
	defer p.Close()

	expect(t, "checkRequests", func(tb testing.TB) { checkRequests(tb, p, base, pageType{status: http.StatusOK}) },
		"console: console.error: broken on purpose",
		"failed request: 404 "+base+"missing.png",
		"request outside the site "+base+": http://localhost:1/elsewhere.png")
	expect(t, "checkCharts", func(tb testing.TB) { checkCharts(tb, p, true) },
		"chart options for #absent, but no element with that id",
		"chart #blank has no table with rows",
		"chart #blank: the canvas is blank",
		"chart #undrawn: nothing drawn")
	expect(t, "checkOverflow", func(tb testing.TB) { checkOverflow(tb, p) },
		"the page scrolls sideways; too wide: div.wide")
	expect(t, "checkKeyboard", func(tb testing.TB) { checkKeyboard(tb, p) },
		"<a href=#first> Jumps the queue has a positive tabindex",
		"Tab stop 1 is <a href=#first>",
		"no visible focus on <a href=#nowhere>")
	text := pageText(t, p)
	expect(t, "checkFigures", func(tb testing.TB) {
		checkFigures(tb, text, []figure{{"total", "92.19"}, {"indicator", "4.80"}, {"dimension", "3.5"}}, 3)
	}, "total 92.19 is not on the page", "indicator 4.80 is not on the page")
	expect(t, "checkFigures", func(tb testing.TB) { checkFigures(tb, text, []figure{{"dimension", "3.5"}}, 2) },
		"only 1 figures in the open data to look for, want at least 2")
	var ids []string
	for _, v := range p.RunAxe(t, axe, browsertest.WCAG21AA) {
		ids = append(ids, v.ID)
	}
	if !strings.Contains(strings.Join(ids, " "), "button-name") {
		t.Errorf("axe-core did not report the empty button; it reported %q", ids)
	}
}
