package hostile

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"perfsite/generator/build"
	"perfsite/generator/internal/browsertest"
	"perfsite/generator/serve"
)

// csp is the policy every page carries (themes/default/layouts/base.html).
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self' mailto:"

// buildExample builds the example site at the repository root into a temporary folder.
func buildExample(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{SiteDir: browsertest.RepoRoot(t), OutDir: out, Today: today}); err != nil {
		t.Fatalf("the example site does not build: %v", err)
	}
	return out
}

// Every page carries the policy once, in <head> before any script or stylesheet,
// so it covers them all.
func TestEveryPageHasCSP(t *testing.T) {
	files := readTree(t, buildExample(t))
	pages := 0
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		if !strings.HasSuffix(rel, ".html") {
			continue
		}
		pages++
		toks, err := tokenize(string(files[rel]))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		n, beforeAssets := 0, true
		for _, tok := range toks {
			if tok.kind != startToken {
				continue
			}
			if tok.name == "script" || tok.name == "link" || tok.name == "style" {
				beforeAssets = false
			}
			if v, _ := tok.attr("http-equiv"); tok.name == "meta" && strings.EqualFold(v, "content-security-policy") {
				n++
				if c, _ := tok.attr("content"); c != csp {
					t.Errorf("%s: policy %q, want %q", rel, c, csp)
				}
				if !beforeAssets {
					t.Errorf("%s: the policy comes after a script or stylesheet", rel)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d Content-Security-Policy elements, want 1", rel, n)
		}
	}
	if pages < 20 {
		t.Fatalf("only %d pages", pages)
	}
}

// chartReport says how the charts of a page were drawn.
type chartReport struct {
	Charts int      `json:"charts"` // drawing areas
	Drawn  int      `json:"drawn"`  // of them, with a canvas that has visible pixels
	Blank  []string `json:"blank"`  // ids of the others
}

const chartsJS = `(() => {
	const r = {charts: 0, drawn: 0, blank: []};
	for (const el of document.querySelectorAll('.chart-drawing')) {
		r.charts++;
		const c = el.querySelector('canvas');
		let ink = false;
		if (c && c.width > 0 && c.height > 0) {
			const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
			for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) { ink = true; break; } }
		}
		if (ink) r.drawn++; else r.blank.push(el.id);
	}
	return r;
})()`

// Under the policy, the example site works in a browser: charts are drawn,
// search finds a department, and no page reports an error or a violation. The
// preview server's reload script, from the same origin, passes too. Skipped
// with -short; under CI=true a missing browser fails it.
func TestExampleSiteUnderCSP(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	out := buildExample(t)
	b := browsertest.NewBrowser(t)
	base := browsertest.Serve(t, out, "/")
	for _, page := range []string{"", "departments/market-regulation/", "2024/market-regulation/", "2024/dimensions/public/", "search/"} {
		p := b.Open(t, base+page, browsertest.Desktop)
		var r chartReport
		p.Eval(t, chartsJS, &r)
		if page != "search/" && r.Charts == 0 {
			t.Errorf("/%s: no charts", page)
		}
		if r.Drawn != r.Charts {
			t.Errorf("/%s: %d of %d charts drawn; blank: %v", page, r.Drawn, r.Charts, r.Blank)
		}
		checkClean(t, p, base, "/"+page)
		p.Close()
	}

	p := b.Open(t, base+"search/", browsertest.Desktop)
	hits := search(t, p, "市场")
	if len(hits) == 0 || !strings.Contains(strings.Join(hits, "\n"), "市场监督管理局") {
		t.Errorf("searching 市场 found %q, want 市场监督管理局", hits)
	}
	checkClean(t, p, base, "/search/ after searching")

	t.Run("preview server", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan string, 1)
		done := make(chan error, 1)
		go func() {
			done <- serve.Run(ctx, serve.Options{SiteDir: browsertest.RepoRoot(t), Port: 0, Ready: func(u string) { ready <- u }})
		}()
		t.Cleanup(func() { cancel(); <-done })
		var root string
		select {
		case root = <-ready:
		case err := <-done:
			t.Fatalf("the preview server stopped: %v", err)
		case <-time.After(60 * time.Second):
			t.Fatal("the preview server did not start within 60 s")
		}
		p := b.Open(t, root+"2024/market-regulation/", browsertest.Desktop)
		var r chartReport
		p.Eval(t, chartsJS, &r)
		if r.Charts == 0 || r.Drawn != r.Charts {
			t.Errorf("preview: %d of %d charts drawn", r.Drawn, r.Charts)
		}
		reload := false
		for _, u := range p.Requests() {
			reload = reload || strings.HasSuffix(u, "__perfsite/livereload.js")
		}
		if !reload {
			t.Errorf("the preview page did not load the reload script: %v", p.Requests())
		}
		checkClean(t, p, root, "preview /2024/market-regulation/")
	})
}
