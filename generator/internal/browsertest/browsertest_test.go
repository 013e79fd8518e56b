package browsertest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const site = "testdata/site"

// fakeTB records what Require asks of a test instead of stopping it.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Skipf(format string, args ...any)  { f.skipped = format }
func (f *fakeTB) Fatalf(format string, args ...any) { f.failed = format }

func TestRequire(t *testing.T) {
	if got := Require(t, "go", "install Go"); got == "" {
		t.Errorf("Require(go) found nothing")
	}
	if got := Require(t, site+"/index.html", "nothing"); got != site+"/index.html" {
		t.Errorf("Require(file) = %q", got)
	}

	t.Setenv("CI", "")
	f := &fakeTB{}
	Require(f, "no-such-program-browsertest", "apt-get install nothing")
	if f.skipped == "" || f.failed != "" {
		t.Errorf("outside CI, a missing program must skip: skipped=%q failed=%q", f.skipped, f.failed)
	}

	t.Setenv("CI", "true")
	f = &fakeTB{}
	Require(f, "/no/such/file", "nothing")
	if f.failed == "" || f.skipped != "" {
		t.Errorf("with CI=true, a missing file must fail: skipped=%q failed=%q", f.skipped, f.failed)
	}
}

func TestServe(t *testing.T) {
	base := Serve(t, site, "/perf/")
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/perf/") {
		t.Fatalf("base URL %q", base)
	}
	root := strings.TrimSuffix(base, "perf/")
	notFound, err := os.ReadFile(filepath.Join(site, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		url      string
		status   int
		contains string
	}{
		{base, 200, "Fixture: a good page"},
		{base + "style.css", 200, "prefers-color-scheme"},
		{base + "nope.html", 404, "Fixture not-found page"},
		{base + "nodir/", 404, "Fixture not-found page"},
		{base + "../browsertest.go", 404, ""},
		{root + "index.html", 404, "Fixture not-found page"},
		{root + "perf", 301, ""},
		{base + "nodir", 404, ""},
	} {
		resp, err := client.Get(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !bytes.Contains(body, []byte(tc.contains)) {
			t.Errorf("GET %s: %d, want %d with %q", tc.url, resp.StatusCode, tc.status, tc.contains)
		}
		if tc.status == 404 && tc.contains != "" && !bytes.Equal(body, notFound) {
			t.Errorf("GET %s: body is not 404.html", tc.url)
		}
	}
}

func TestBrowser(t *testing.T) {
	t.Parallel() // beside TestVNU: one waits on Chromium, the other on Java
	b := NewBrowser(t)
	base := Serve(t, site, "/")
	host := hostOf(t, base)

	t.Run("good page", func(t *testing.T) {
		p := b.Open(t, base, Desktop)
		if e := p.ConsoleErrors(); len(e) > 0 {
			t.Errorf("console errors on a good page: %q", e)
		}
		if f := p.FailedRequests(); len(f) > 0 {
			t.Errorf("failed requests on a good page: %q", f)
		}
		reqs := p.Requests()
		for _, want := range []string{base, base + "style.css", base + "draw.js"} {
			if !slices.Contains(reqs, want) {
				t.Errorf("requests %q lack %s", reqs, want)
			}
		}
		for _, r := range reqs {
			if !strings.HasPrefix(r, "data:") && hostOf(t, r) != host {
				t.Errorf("request to another host: %s", r)
			}
		}
		var drawn struct {
			Bars  string `json:"bars"`
			Alpha int    `json:"alpha"`
		}
		p.Eval(t, `(() => { const c = document.getElementById('bars');
			return {bars: c.dataset.drawn || '', alpha: c.getContext('2d').getImageData(20, 95, 1, 1).data[3]}; })()`, &drawn)
		if drawn.Bars != "3" || drawn.Alpha == 0 {
			t.Errorf("canvas not drawn by the local script: %+v", drawn)
		}
		if p.HorizontalOverflow(t) {
			t.Errorf("good page overflows at 1280px")
		}
		shot := filepath.Join(t.TempDir(), "shots", "index.png")
		p.Screenshot(t, shot)
		if png, err := os.ReadFile(shot); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("screenshot is not a PNG: %v", err)
		}
		p.Close()
		p.Close() // twice is fine
	})

	t.Run("phone overflow", func(t *testing.T) {
		if b.Open(t, base, Phone).HorizontalOverflow(t) {
			t.Errorf("good page overflows on a phone")
		}
		if !b.Open(t, base+"wide.html", Phone).HorizontalOverflow(t) {
			t.Errorf("wide page does not overflow on a phone")
		}
	})

	t.Run("console errors", func(t *testing.T) {
		errs := b.Open(t, base+"console-error.html", Desktop).ConsoleErrors()
		joined := strings.Join(errs, "\n")
		if !strings.Contains(joined, "console.error: deliberate console error 42") ||
			!strings.Contains(joined, "uncaught exception: Error: deliberate uncaught exception") ||
			!strings.Contains(joined, "console-error.js:") {
			t.Errorf("console errors not recorded with their source: %q", errs)
		}
		if errs := b.Open(t, base+"console-error.html", Options{}).ConsoleErrors(); len(errs) > 0 {
			t.Errorf("with JavaScript off the script must not run: %q", errs)
		}
		errs = b.Open(t, base+"csp.html", Desktop).ConsoleErrors()
		if len(errs) != 1 || !strings.HasPrefix(errs[0], "security error: ") || !strings.Contains(errs[0], "Content Security Policy") {
			t.Errorf("inline script blocked by the CSP not recorded: %q", errs)
		}
	})

	t.Run("failed requests", func(t *testing.T) {
		p := b.Open(t, base+"missing.html", Desktop)
		if f := p.FailedRequests(); !slices.Contains(f, "404 "+base+"missing.png") {
			t.Errorf("missing file not recorded: %q", f)
		}
		if f := b.Open(t, base+"no-such-page/", Desktop).FailedRequests(); !slices.Contains(f, "404 "+base+"no-such-page/") {
			t.Errorf("missing page not recorded: %q", f)
		}
	})

	t.Run("colour scheme and JavaScript", func(t *testing.T) {
		bg := func(o Options) (s string) {
			b.Open(t, base, o).Eval(t, `getComputedStyle(document.body).backgroundColor`, &s)
			return s
		}
		dark := Desktop
		dark.ColorScheme = "dark"
		if light, dark := bg(Desktop), bg(dark); light != "rgb(255, 255, 255)" || dark != "rgb(17, 17, 17)" {
			t.Errorf("background light %q, dark %q", light, dark)
		}
		var js string
		b.Open(t, base, Options{Width: 360, Height: 740}).Eval(t, `document.documentElement.dataset.js || 'off'`, &js)
		if js != "off" {
			t.Errorf("JavaScript ran with JavaScript off")
		}
	})

	t.Run("tab order and focus indicator", func(t *testing.T) {
		got := b.Open(t, base+"focus.html", Desktop).TabThrough(t, 10)
		var ids []string
		var shown []bool
		for _, f := range got {
			ids = append(ids, f.ID)
			shown = append(shown, f.Indicator)
		}
		if !slices.Equal(ids, []string{"first", "hidden-focus", "last"}) || !slices.Equal(shown, []bool{true, false, true}) {
			t.Errorf("tab order %v, indicators %v; got %+v", ids, shown, got)
		}
		if got[0].Href != "index.html" || got[0].Tag != "a" || got[0].Text != "Home" {
			t.Errorf("first focus %+v", got[0])
		}
	})

	t.Run("axe", func(t *testing.T) {
		axe := AxePath(t)
		if v := b.Open(t, base, Desktop).RunAxe(t, axe, nil); len(v) > 0 {
			t.Errorf("axe violations on the good page: %v", v)
		}
		v := b.Open(t, base+"bad-a11y.html", Options{}).RunAxe(t, axe, WCAG21AA)
		if len(v) != 1 || v[0].ID != "image-alt" || v[0].Impact != "critical" || v[0].Count != 1 ||
			len(v[0].Nodes) != 1 || !strings.HasPrefix(v[0].Nodes[0].HTML, "<img") {
			t.Errorf("axe on a page with an img without alt: %v", v)
		}
	})
}

func TestVNU(t *testing.T) {
	t.Parallel()
	var valid []string
	for _, name := range []string{"index.html", "console-error.html", "missing.html", "wide.html", "focus.html", "csp.html", "404.html"} {
		valid = append(valid, filepath.Join(site, name))
	}
	errs := RunVNU(t, append(valid, filepath.Join(site, "invalid.html")))
	if len(errs) == 0 {
		t.Fatalf("vnu found no error in invalid.html")
	}
	for _, e := range errs {
		if !strings.Contains(e, "invalid.html") || !strings.Contains(e, "error") {
			t.Errorf("vnu error outside invalid.html: %s", e)
		}
	}
	joined := strings.Join(errs, "\n")
	if !strings.Contains(joined, "title") || !strings.Contains(joined, "span") {
		t.Errorf("vnu missed the missing <title> or the stray </span>: %q", errs)
	}
}

func hostOf(t *testing.T, s string) string {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}
