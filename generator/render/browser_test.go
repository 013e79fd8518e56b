package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"perfsite/generator/internal/browsertest"
	theme "perfsite/themes/default"
)

// dirWriter writes the output into a folder.
type dirWriter string

func (d dirWriter) WriteFile(rel string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// TestInBrowser opens the fixture's pages, with the theme's CSS and scripts,
// in headless Chromium on a phone and a desktop, light and dark, with and
// without JavaScript, and checks what a reader would meet: valid HTML (Nu
// HTML Checker), no errors, no failed request, no request to another host, no
// sideways scrolling on a 360-pixel phone, WCAG 2.1 AA by axe-core, a visible
// focus on every keyboard stop, and a search that works. Skipped with -short.
func TestInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	dir := t.TempDir()
	s := fixture(t, true)
	opts := Options{Drafts: true, Today: today, Version: "test"}
	w := renderSite(t, s, opts, nil)
	for rel, data := range w {
		if err := dirWriter(dir).WriteFile(rel, data); err != nil {
			t.Fatal(err)
		}
	}
	err := fs.WalkDir(theme.FS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme.FS, p)
		if err != nil {
			return err
		}
		return dirWriter(dir).WriteFile(strings.TrimPrefix(p, "static/"), data)
	})
	if err != nil {
		t.Fatal(err)
	}

	var files []string
	for _, rel := range w.html() {
		files = append(files, filepath.Join(dir, filepath.FromSlash(rel)))
	}
	for _, line := range browsertest.RunVNU(t, files) {
		t.Errorf("invalid HTML: %s", line)
	}

	b := browsertest.NewBrowser(t)
	base := browsertest.Serve(t, dir, "/perf/")
	axe := browsertest.AxePath(t)
	pages := []string{
		"", "2024/", "2024/market/", "2024/health/", "2024/commerce/", "2024/methodology/",
		"2024/dimensions/process/", "departments/", "departments/market/", "data/", "search/", "about/", "404.html",
	}
	dark := browsertest.Phone
	dark.ColorScheme = "dark"
	noJS := browsertest.Desktop
	noJS.JavaScript = false
	views := []struct {
		name  string
		opts  browsertest.Options
		axe   bool
		pages []string
	}{
		{"phone", browsertest.Phone, true, pages},
		{"phone dark", dark, true, pages},
		{"desktop", browsertest.Desktop, false, pages},
		{"desktop without JavaScript", noJS, false, []string{"", "2024/market/", "search/"}},
	}
	t.Run("pages", func(t *testing.T) {
		for _, v := range views {
			t.Run(v.name, func(t *testing.T) {
				t.Parallel()
				for _, page := range v.pages {
					checkPage(t, b, base, page, v.opts, v.axe, axe)
				}
			})
		}
	})

	t.Run("keyboard focus is visible", func(t *testing.T) {
		p := b.Open(t, base+"2024/market/", browsertest.Desktop)
		stops := p.TabThrough(t, 400)
		if len(stops) < 20 {
			t.Fatalf("only %d focus stops on the scorecard", len(stops))
		}
		if stops[0].Href != "#main" {
			t.Errorf("the first stop is %s, want the skip link", stops[0])
		}
		for _, f := range stops {
			if !f.Indicator {
				t.Errorf("no visible focus on %s (outline %s)", f, f.Outline)
			}
		}
	})

	t.Run("search", func(t *testing.T) {
		p := b.Open(t, base+"search/", browsertest.Desktop)
		var hrefs []string
		p.Eval(t, `new Promise((resolve, reject) => {
			const input = document.getElementById('search-input');
			input.value = '市场';
			input.dispatchEvent(new Event('input'));
			let n = 0;
			const poll = () => {
				const links = [...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'));
				if (links.length || ++n > 50) return resolve(links);
				setTimeout(poll, 20);
			};
			poll();
		})`, &hrefs)
		want := "/perf/departments/market/"
		if len(hrefs) == 0 || hrefs[0] != want {
			t.Errorf("searching 市场 found %q, want %s first", hrefs, want)
		}
		var hidden bool
		p.Eval(t, `document.querySelector('form.search').hidden`, &hidden)
		if hidden {
			t.Errorf("with JavaScript the search form stays hidden")
		}

		q := b.Open(t, base+"search/", noJS)
		var list int
		q.Eval(t, `document.querySelectorAll('ul.departments a[href$="/"]').length`, &list)
		q.Eval(t, `document.querySelector('form.search').hidden`, &hidden)
		if !hidden || list < 4 {
			t.Errorf("without JavaScript: form hidden %v, %d department links; want the form hidden and every department listed", hidden, list)
		}
	})
}

// checkPage opens one page and reports what a reader would meet.
func checkPage(t *testing.T, b *browsertest.Browser, base, page string, opts browsertest.Options, runAxe bool, axe string) {
	t.Helper()
	p := b.Open(t, base+page, opts)
	defer p.Close()
	where := "/perf/" + page
	if errs := p.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("%s: console errors:\n%s", where, strings.Join(errs, "\n"))
	}
	if failed := p.FailedRequests(); len(failed) > 0 {
		t.Errorf("%s: failed requests:\n%s", where, strings.Join(failed, "\n"))
	}
	for _, r := range p.Requests() {
		if !strings.HasPrefix(r, base) {
			t.Errorf("%s: requested %s outside the site", where, r)
		}
	}
	if p.HorizontalOverflow(t) {
		var wide []string
		p.Eval(t, `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className)`, &wide)
		t.Errorf("%s: the page scrolls sideways (%s)", where, strings.Join(wide, ", "))
	}
	if runAxe {
		for _, v := range p.RunAxe(t, axe, nil) {
			t.Errorf("%s: %s", where, v)
		}
	}
}
