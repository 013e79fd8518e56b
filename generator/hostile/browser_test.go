package hostile

import (
	"encoding/json"
	"strings"
	"testing"

	"perfsite/generator/internal/browsertest"
)

// pageReport is what a hostile page did in the browser.
type pageReport struct {
	Pwned bool   `json:"pwned"` // a data field's script ran
	Raw   bool   `json:"raw"`   // a Markdown script ran
	Text  string `json:"text"`  // the page's visible text
	// RawScript says a script element holding Markdown's raw script is in the
	// document.
	RawScript bool `json:"rawScript"`
}

const reportJS = `({
	pwned: typeof window.__pwned !== 'undefined',
	raw: typeof window.__rawhtml !== 'undefined',
	text: document.body.innerText,
	rawScript: [...document.scripts].some(s => s.textContent.includes('__rawhtml')),
})`

// TestHostilePagesInBrowser opens the pages of a site whose every field tries to
// run script (the corpus entry "combined") in headless Chromium with JavaScript
// on, and checks that nothing ran, nothing failed, nothing was requested from
// elsewhere, and the hostile text is shown as text. It then searches for the
// payload, since the search page builds its results in the browser. Skipped
// with -short; under CI=true a missing browser fails it.
func TestHostilePagesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	payload := combined(t)
	_, out, err := site(t, payload, false)
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.NewBrowser(t)
	base := browsertest.Serve(t, out, "/")
	for _, page := range []string{"", "2024/", "2024/market-regulation/", "2024/finance-bureau/", "2024/archives/",
		"2024/methodology/", "2024/dimensions/process/", "departments/", "departments/market-regulation/", "data/", "about/", "search/", "404.html"} {
		p := b.Open(t, base+page, browsertest.Desktop)
		var r pageReport
		p.Eval(t, reportJS, &r)
		if r.Pwned || r.Raw {
			t.Errorf("/%s: hostile script ran (data field %v, Markdown %v)", page, r.Pwned, r.Raw)
		}
		if !strings.Contains(r.Text, "window.__pwned=10") {
			t.Errorf("/%s: the hostile text is not shown as text", page)
		}
		checkClean(t, p, base, "/"+page)
		p.Close()
	}

	p := b.Open(t, base+"search/", browsertest.Desktop)
	hits := search(t, p, "<script>window.__pwned")
	if len(hits) == 0 || !strings.Contains(hits[0], "<script>window.__pwned=10</script>") {
		t.Errorf("searching for the payload found %q; want it shown as text", hits)
	}
	var r pageReport
	p.Eval(t, reportJS, &r)
	if r.Pwned {
		t.Errorf("search results ran the payload")
	}
	checkClean(t, p, base, "/search/ after searching")
}

// With unsafe_html = true, Markdown's raw script reaches the page, and the
// Content-Security-Policy still stops it, reporting the violation.
func TestCSPStopsUnsafeMarkdown(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	_, out, err := siteWith(t, func(field string) string { return Tag("普通文字", field) }, true)
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.NewBrowser(t)
	base := browsertest.Serve(t, out, "/")
	p := b.Open(t, base+"about/", browsertest.Desktop)
	var r pageReport
	p.Eval(t, reportJS, &r)
	if r.Raw {
		t.Errorf("the raw <script> of the Markdown ran despite the Content-Security-Policy")
	}
	if !r.RawScript {
		t.Errorf("the raw <script> did not reach the page, so this test shows nothing")
	}
	if errs := strings.Join(p.ConsoleErrors(), "\n"); !strings.Contains(errs, "Content Security Policy") {
		t.Errorf("no Content-Security-Policy violation reported; console:\n%s", errs)
	}
}

// checkClean fails the test for console errors, failed requests and requests to
// another host.
func checkClean(t *testing.T, p *browsertest.Page, base, where string) {
	t.Helper()
	if errs := p.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("%s: console errors:\n%s", where, strings.Join(errs, "\n"))
	}
	if failed := p.FailedRequests(); len(failed) > 0 {
		t.Errorf("%s: failed requests:\n%s", where, strings.Join(failed, "\n"))
	}
	for _, r := range p.Requests() {
		if !strings.HasPrefix(r, base) {
			t.Errorf("%s: requested %s, outside the site", where, r)
		}
	}
}

// search types query into the search page's box and returns the result links' text,
// waiting up to two seconds for them.
func search(t *testing.T, p *browsertest.Page, query string) []string {
	t.Helper()
	q, _ := json.Marshal(query)
	var hits []string
	p.Eval(t, `new Promise(resolve => {
		const input = document.querySelector('form.search input[type=search]') || document.getElementById('search-input');
		input.value = `+string(q)+`;
		input.dispatchEvent(new Event('input'));
		let n = 0;
		const poll = () => {
			const found = [...document.querySelectorAll('#search-results a')].map(a => a.textContent);
			if (found.length || ++n > 100) return resolve(found);
			setTimeout(poll, 20);
		};
		poll();
	})`, &hits)
	return hits
}
