package serve

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"perfsite/generator/internal/browsertest"
)

// copyExample copies the repository's example site (site.toml, data/, content/).
func copyExample(t testing.TB) string {
	t.Helper()
	root := browsertest.RepoRoot(t)
	dst := filepath.Join(t.TempDir(), "site")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"site.toml", "data", "content"} {
		src := filepath.Join(root, name)
		err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			target := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// poll evaluates js until it yields true or the time is up; evaluations that land
// while the page reloads are retried.
func poll(t *testing.T, p *browsertest.Page, js string, within time.Duration) bool {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		var ok bool
		if err := p.TryEval(js, &ok); err == nil && ok {
			return true
		}
		time.Sleep(150 * time.Millisecond)
	}
	return false
}

func TestBrowserReloadKeepsScrollAndShowsErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	b := browsertest.NewBrowser(t)
	site := copyExample(t)
	srv, err := New(Options{SiteDir: site, Debounce: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	srv.opts.Ready = func(u string) { ready <- u }
	done := make(chan error, 1)
	go func() { done <- srv.serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	root := <-ready

	t0 := time.Now()
	page := b.Open(t, root+"2024/market-regulation/", browsertest.Desktop)
	t.Logf("opened after %v", time.Since(t0))
	if !poll(t, page, `document.querySelector('script[src$="livereload.js"]') !== null`, 5*time.Second) {
		t.Fatal("served page has no reload script")
	}
	// Wait until the event stream is connected before editing.
	deadline := time.Now().Add(5 * time.Second)
	for srv.Clients() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	page.Eval(t, `window.scrollTo(0, 1500), window.scrollY`, nil)
	var y float64
	page.Eval(t, `window.scrollY`, &y)
	if y < 1400 {
		t.Fatalf("page too short to test scrolling (scrollY %v)", y)
	}

	narrative := filepath.Join(site, "content", "2024", "market-regulation.md")
	old, err := os.ReadFile(narrative)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(narrative, append(old, []byte("\n\n浏览器实时预览标记 live-marker-7319\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if !poll(t, page, `document.body.textContent.includes('live-marker-7319')`, 15*time.Second) {
		t.Fatal("the edited narrative never appeared on the open page")
	}
	if !poll(t, page, `Math.abs(window.scrollY - 1500) < 5`, 3*time.Second) {
		var now float64
		page.Eval(t, `window.scrollY`, &now)
		t.Fatalf("scroll position not kept: %v, want 1500", now)
	}

	t.Logf("narrative shown after %v", time.Since(t0))
	card := filepath.Join(site, "data", "2024", "market-regulation.toml")
	good, _ := os.ReadFile(card)
	lines := strings.Split(string(good), "\n")
	line := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "actual = ") {
			lines[i] = "actual = nan"
			line = i + 1
			break
		}
	}
	if line == 0 {
		t.Fatal("no actual line in the scorecard")
	}
	os.WriteFile(card, []byte(strings.Join(lines, "\n")), 0o644)
	want := "data/2024/market-regulation.toml:" + strconv.Itoa(line)
	if !poll(t, page, `(function(){var o=document.getElementById('perfsite-errors');return !!o && o.textContent.includes('`+want+`')})()`, 15*time.Second) {
		var text string
		page.TryEval(`(document.getElementById('perfsite-errors')||{}).textContent||''`, &text)
		t.Fatalf("overlay does not show %s; overlay text: %q", want, text)
	}
	t.Logf("overlay shown after %v", time.Since(t0))
	os.WriteFile(card, good, 0o644)
	if !poll(t, page, `document.getElementById('perfsite-errors') === null && document.body.textContent.includes('live-marker-7319')`, 15*time.Second) {
		t.Fatal("the overlay did not go away after the fix")
	}
	t.Logf("fixed after %v", time.Since(t0))
	if errs := page.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
