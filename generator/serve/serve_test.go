package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"perfsite/generator/scaffold"
)

// preview starts a server on a free loopback port for a fresh scaffolded site.
type preview struct {
	t      *testing.T
	ctx    context.Context
	site   string
	srv    *Server
	root   string     // http://127.0.0.1:port/
	events chan Event // of the first open page
}

// startPreview serves a fresh scaffolded site and opens the given pages (URL
// paths): their event streams say which page they show, as the reload script's do.
func startPreview(t *testing.T, pages ...string) *preview {
	t.Helper()
	site := filepath.Join(t.TempDir(), "site")
	if err := scaffold.Site(site); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(site, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(site, "static", "extra.css"), "body { margin: 0 }\n")
	return servePreview(t, site, pages...)
}

func servePreview(t *testing.T, site string, pages ...string) *preview {
	t.Helper()
	srv, err := New(Options{SiteDir: site, Debounce: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("first build failed: %v", err)
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
	t.Cleanup(func() {
		cancel()
		<-done
	})
	p := &preview{t: t, ctx: ctx, site: site, srv: srv, root: <-ready}
	if len(pages) == 0 {
		pages = []string{"/"}
	}
	for i, page := range pages {
		events, _ := p.open(page, "")
		if i == 0 {
			p.events = events
		}
	}
	return p
}

// open connects an event stream as the page at urlPath of the given build does,
// and returns its events after the hello event, and that.
func (p *preview) open(urlPath, build string) (chan Event, Event) {
	p.t.Helper()
	q := url.Values{"page": {urlPath}, "build": {build}}
	req, _ := http.NewRequestWithContext(p.ctx, "GET", p.root+"__perfsite/events?"+q.Encode(), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	events := make(chan Event, 32)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "data: ") {
				var ev Event
				if json.Unmarshal([]byte(line[6:]), &ev) == nil {
					events <- ev
				}
			}
		}
	}()
	hello := nextOf(p.t, events)
	if hello.Type != "hello" {
		p.t.Fatalf("first event = %q, want hello", hello.Type)
	}
	return events, hello
}

func (p *preview) next() Event {
	p.t.Helper()
	return nextOf(p.t, p.events)
}

func nextOf(t *testing.T, events chan Event) Event {
	t.Helper()
	select {
	case ev := <-events:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	return Event{}
}

// quiet asserts no event arrives for a while.
func (p *preview) quiet(d time.Duration) {
	p.t.Helper()
	select {
	case ev := <-p.events:
		p.t.Fatalf("unexpected event %+v", ev)
	case <-time.After(d):
	}
}

func (p *preview) get(urlPath string) (int, string) {
	p.t.Helper()
	resp, err := http.Get(strings.TrimSuffix(p.root, "/") + urlPath)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

const aboutPage = "/about/"

func aboutText(body string) string {
	return "+++\ntitle = \"关于本网站\"\n+++\n" + body + "\n"
}

func TestPlainWriteReloadsThatPage(t *testing.T) {
	p := startPreview(t, aboutPage, "/")
	write(t, filepath.Join(p.site, "content", "about.md"), aboutText("新的说明文字 plain-write"))
	ev := p.next()
	if ev.Type != "reload" || !has(ev.Pages, aboutPage) {
		t.Fatalf("event = %+v, want reload of %s", ev, aboutPage)
	}
	if has(ev.Pages, "/") {
		t.Errorf("a narrative edit of one page reloaded the home page too: %v", ev.Pages)
	}
	if code, body := p.get(aboutPage); code != 200 || !strings.Contains(body, "plain-write") {
		t.Fatalf("GET %s = %d, new text missing", aboutPage, code)
	}
}

func TestAtomicRenameOverSave(t *testing.T) {
	p := startPreview(t, aboutPage)
	tmp := filepath.Join(p.site, "content", ".about.md.tmp123")
	write(t, tmp, aboutText("原子保存 atomic-save"))
	if err := os.Rename(tmp, filepath.Join(p.site, "content", "about.md")); err != nil {
		t.Fatal(err)
	}
	ev := p.next()
	if ev.Type != "reload" || !has(ev.Pages, aboutPage) {
		t.Fatalf("event = %+v, want reload of %s", ev, aboutPage)
	}
	if _, body := p.get(aboutPage); !strings.Contains(body, "atomic-save") {
		t.Fatal("page does not show the saved text")
	}
	p.quiet(300 * time.Millisecond)
}

func TestVimStyleBackupSave(t *testing.T) {
	p := startPreview(t, aboutPage)
	file := filepath.Join(p.site, "content", "about.md")
	// vim with backupcopy=no: probe file 4913, rename the original to a backup,
	// write a new file, remove the backup.
	write(t, filepath.Join(p.site, "content", "4913"), "")
	os.Remove(filepath.Join(p.site, "content", "4913"))
	if err := os.Rename(file, file+"~"); err != nil {
		t.Fatal(err)
	}
	write(t, file, aboutText("vim 保存 vim-save"))
	os.Remove(file + "~")
	ev := p.next()
	if ev.Type != "reload" || !has(ev.Pages, aboutPage) {
		t.Fatalf("event = %+v, want one reload of %s", ev, aboutPage)
	}
	p.quiet(300 * time.Millisecond)
	if _, body := p.get(aboutPage); !strings.Contains(body, "vim-save") {
		t.Fatal("page does not show the saved text")
	}
}

func TestNewCycleFolderIsWatched(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := scaffold.Site(site); err != nil {
		t.Fatal(err)
	}
	year := latestCycle(t, site)
	next := fmt.Sprint(year + 1)
	p := servePreview(t, site, "/"+next+"/finance-bureau/") // not found yet
	dir := filepath.Join(p.site, "data", next)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	scheme, _ := os.ReadFile(filepath.Join(p.site, "data", fmt.Sprint(year), "scheme.toml"))
	card, _ := os.ReadFile(filepath.Join(p.site, "data", fmt.Sprint(year), "finance-bureau.toml"))
	write(t, filepath.Join(dir, "scheme.toml"), string(scheme))
	write(t, filepath.Join(dir, "finance-bureau.toml"), string(card))
	// Wait for the build that has the new cycle; a warning build may come first.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ev := p.next()
		if ev.Type == "reload" && has(ev.Pages, "/"+next+"/finance-bureau/") {
			if code, _ := p.get("/" + next + "/finance-bureau/"); code != 200 {
				t.Fatalf("new scorecard page answers %d", code)
			}
			return
		}
	}
	t.Fatal("no reload with the new cycle's page")
}

func latestCycle(t *testing.T, site string) int {
	entries, _ := os.ReadDir(filepath.Join(site, "data"))
	best := 0
	for _, e := range entries {
		var y int
		if _, err := fmt.Sscan(e.Name(), &y); err == nil && e.IsDir() && y > best {
			best = y
		}
	}
	if best == 0 {
		t.Fatal("no cycle folder")
	}
	return best
}

func TestDeletedFileRemovesItsPage(t *testing.T) {
	p := startPreview(t, aboutPage)
	if err := os.Remove(filepath.Join(p.site, "content", "about.md")); err != nil {
		t.Fatal(err)
	}
	ev := p.next()
	if ev.Type != "reload" || !has(ev.Pages, aboutPage) {
		t.Fatalf("event = %+v, want reload of the removed page", ev)
	}
	if code, _ := p.get(aboutPage); code != 404 {
		t.Fatalf("removed page answers %d, want 404", code)
	}
}

func TestCSSEditSwapsStylesheet(t *testing.T) {
	p := startPreview(t)
	write(t, filepath.Join(p.site, "static", "extra.css"), "body { margin: 1px }\n")
	ev := p.next()
	if ev.Type != "css" || !has(ev.Styles, "/extra.css") || len(ev.Pages) != 0 {
		t.Fatalf("event = %+v, want a css event for /extra.css only", ev)
	}
	if _, body := p.get("/extra.css"); !strings.Contains(body, "1px") {
		t.Fatal("new stylesheet not served")
	}
}

func TestInvalidEditShowsErrorsThenFixReloads(t *testing.T) {
	p := startPreview(t)
	year := latestCycle(t, p.site)
	card := filepath.Join(p.site, "data", fmt.Sprint(year), "finance-bureau.toml")
	good, _ := os.ReadFile(card)
	bad := strings.Replace(string(good), "actual = 96.5", "actual = nan", 1)
	if bad == string(good) {
		t.Fatal("fixture changed: no actual = 96.5 line")
	}
	_, before := p.get("/" + fmt.Sprint(year) + "/finance-bureau/")
	write(t, card, bad)
	ev := p.next()
	if ev.Type != "errors" || len(ev.Errors) == 0 || !ev.Kept {
		t.Fatalf("event = %+v, want errors, the last good build kept", ev)
	}
	e := ev.Errors[0]
	wantFile := "data/" + fmt.Sprint(year) + "/finance-bureau.toml"
	if e.File != wantFile || e.Line != 6 {
		t.Errorf("error at %s:%d, want %s:6 (the actual = nan line)", e.File, e.Line, wantFile)
	}
	// The last good build is still served.
	if code, body := p.get("/" + fmt.Sprint(year) + "/finance-bureau/"); code != 200 || body != before {
		t.Error("the last good page is not served unchanged while the data is invalid")
	}
	write(t, card, string(good))
	ev = p.next()
	if ev.Type != "reload" || !has(ev.Pages, "*") {
		t.Fatalf("after the fix, event = %+v, want a reload of every page", ev)
	}
}

func TestReloadScriptOnlyInServedPages(t *testing.T) {
	p := startPreview(t)
	_, body := p.get("/")
	if !strings.Contains(body, "__perfsite/livereload.js") {
		t.Fatal("served page lacks the reload script")
	}
	snap, _ := p.srv.current()
	for _, name := range snap.Paths() {
		data, err := snap.File(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "livereload") {
			t.Fatalf("built file %s contains the reload script", name)
		}
	}
}

func TestHostHeaderAndPathEscapes(t *testing.T) {
	p := startPreview(t)
	req, _ := http.NewRequest("GET", p.root, nil)
	req.Host = "evil.example:80"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Host header answered %d, want 403", resp.StatusCode)
	}
	for _, bad := range []string{"/../site.toml", "/%2e%2e/site.toml", "/data/../../site.toml", "/site.toml"} {
		if code, body := p.get(bad); code == 200 && strings.Contains(body, "base_url") {
			t.Errorf("%s served a file outside the build", bad)
		}
	}
}
