package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"perfsite/generator/build"
)

// reloadTag is the script the preview puts into every page it serves.
var reloadTag = regexp.MustCompile(`<script src="[^"]*__perfsite/livereload\.js" data-build="([0-9a-f]+)" defer></script>`)

// bare is a served page without the reload script, as a build writes it.
func bare(page string) string { return reloadTag.ReplaceAllString(page, "") }

// setActual sets the first "actual = " of a scorecard to value.
func setActual(t *testing.T, file, value string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("\nactual = "))
	if i < 0 {
		t.Fatalf("%s has no actual", file)
	}
	i += len("\nactual = ")
	end := i + bytes.IndexByte(b[i:], '\n')
	write(t, file, string(b[:i])+value+string(b[end:]))
}

// Editing one scorecard reloads the open pages whose HTML changed — the edited
// department's among them — and no other open page.
func TestScorecardEditReloadsOnlyChangedPages(t *testing.T) {
	site := copyExample(t)
	entries, err := os.ReadDir(filepath.Join(site, "data", "2024"))
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{"/2024/market-regulation/"} // the edited one first: p.events is its stream
	for _, e := range entries {
		if id := strings.TrimSuffix(e.Name(), ".toml"); id != e.Name() && id != "scheme" && id != "market-regulation" {
			pages = append(pages, "/2024/"+id+"/")
		}
	}
	p := servePreview(t, site, pages...)
	before := map[string]string{}
	for _, pg := range pages {
		_, body := p.get(pg)
		before[pg] = bare(body)
	}
	card := filepath.Join(site, "data", "2024", "market-regulation.toml")
	old, _ := os.ReadFile(card)
	setActual(t, card, "93.9")
	if bytes.Equal(old, mustRead(t, card)) {
		t.Fatal("the edit changed nothing")
	}
	ev := p.next()
	if ev.Type != "reload" {
		t.Fatalf("event = %+v, want reload", ev)
	}
	var want []string
	for _, pg := range pages {
		_, body := p.get(pg)
		if bare(body) != before[pg] {
			want = append(want, pg)
		}
	}
	sort.Strings(want)
	got := append([]string(nil), ev.Pages...)
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("reloaded %v, but the pages that changed are %v", got, want)
	}
	if !has(ev.Pages, "/2024/market-regulation/") {
		t.Error("the edited department's page was not reloaded")
	}
	if len(want) == len(pages) {
		t.Error("every open page changed: the test shows nothing about unchanged ones")
	}
}

func mustRead(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// After a scorecard edit the data page shows the new SHA-256 of the edited cycle's
// files, which are served with that content.
func TestDataPageShowsNewChecksumsAfterEdit(t *testing.T) {
	site := copyExample(t)
	p := servePreview(t, site, "/data/")
	files := []string{"/data/2024/indicators.csv", "/data/2024/cycle.json", "/data/SHA256SUMS"}
	old := map[string]string{}
	for _, f := range files {
		_, body := p.get(f)
		old[f] = sha(body)
	}
	if _, page := p.get("/data/"); !strings.Contains(page, old[files[1]]) {
		t.Fatal("the data page does not show the SHA-256 of cycle.json before the edit")
	}
	setActual(t, filepath.Join(site, "data", "2024", "market-regulation.toml"), "91.7")
	if ev := p.next(); ev.Type != "reload" || !has(ev.Pages, "/data/") {
		t.Fatalf("event = %+v, want a reload of /data/", ev)
	}
	_, page := p.get("/data/")
	for _, f := range files {
		_, body := p.get(f)
		now := sha(body)
		if now == old[f] {
			t.Errorf("%s did not change", f)
		}
		if !strings.Contains(page, now) {
			t.Errorf("the data page lacks the new SHA-256 of %s", f)
		}
		if strings.Contains(page, old[f]) {
			t.Errorf("the data page still shows the old SHA-256 of %s", f)
		}
	}
	if sums := p.getBody("/data/SHA256SUMS"); !strings.Contains(sums, sha(p.getBody("/data/2024/cycle.json"))+"  2024/cycle.json") {
		t.Error("SHA256SUMS does not list the new cycle.json")
	}
}

func (p *preview) getBody(urlPath string) string {
	_, body := p.get(urlPath)
	return body
}

// While scorecards are edited and the site rebuilt, every page served is complete
// and from one snapshot: each build id goes with one version of the data, on
// every page that shows it.
func TestPagesServedDuringRebuildsAreFromOneSnapshot(t *testing.T) {
	site := copyExample(t)
	p := servePreview(t, site, "/2024/market-regulation/")
	card := filepath.Join(site, "data", "2024", "market-regulation.toml")
	pages := []string{"/2024/market-regulation/", "/departments/market-regulation/", "/2024/market-regulation/"}
	version := regexp.MustCompile(`9[0-9]\.0[0-9]{2}7`)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]string{} // build id → version
	var problems []string
	for w := range 3 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				pg := pages[(i+w)%len(pages)]
				code, body := p.get(pg)
				mu.Lock()
				switch id := reloadTag.FindStringSubmatch(body); {
				case code != 200 || !strings.HasSuffix(strings.TrimSpace(body), "</html>"):
					problems = append(problems, fmt.Sprintf("%s: status %d, complete %v", pg, code, strings.HasSuffix(strings.TrimSpace(body), "</html>")))
				case id == nil:
					problems = append(problems, pg+": no build id")
				default:
					marks := map[string]bool{}
					for _, m := range version.FindAllString(body, -1) {
						marks[m] = true
					}
					v := ""
					for m := range marks {
						v = m
					}
					if len(marks) > 1 {
						problems = append(problems, fmt.Sprintf("%s: versions %v on one page", pg, marks))
					}
					if prev, ok := seen[id[1]]; ok && prev != v && v != "" && prev != "" {
						problems = append(problems, fmt.Sprintf("build %s served as %q and as %q", id[1], prev, v))
					}
					if v != "" {
						seen[id[1]] = v
					}
				}
				mu.Unlock()
			}
		})
	}
	for n := range 12 {
		setActual(t, card, fmt.Sprintf("9%d.0%02d7", n%10, n))
		time.Sleep(time.Duration(30+n%3*40) * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	for _, pr := range problems[:min(len(problems), 10)] {
		t.Error(pr)
	}
	if len(seen) < 4 {
		t.Errorf("only %d builds showed a version mark: the test shows little", len(seen))
	}
}

// Every file the preview serves is the file a build writes, byte for byte, but
// for the reload script in pages.
func TestPreviewServesTheBuildsFiles(t *testing.T) {
	site := copyExample(t)
	p := servePreview(t, site, "/")
	built, err := build.InMemory(build.Options{SiteDir: site})
	if err != nil {
		t.Fatal(err)
	}
	snap, _ := p.srv.current()
	if got, want := len(snap.Paths()), len(built.Files); got != want {
		t.Errorf("the preview has %d files, the build %d", got, want)
	}
	for rel, want := range built.Files {
		code, body := p.get("/" + rel)
		if code != 200 {
			t.Errorf("/%s: status %d", rel, code)
			continue
		}
		if strings.HasSuffix(rel, ".html") {
			if !reloadTag.MatchString(body) {
				t.Errorf("/%s has no reload script", rel)
			}
			body = bare(body)
		}
		if body != string(want) {
			t.Errorf("/%s differs from the build's", rel)
		}
	}
}

// A broken link on an open page fails the rebuild like invalid data: the page
// keeps showing the last good build with the errors over it. A page nobody had
// open is served, and shows its broken links when it is opened.
func TestBrokenLinksOfOpenPages(t *testing.T) {
	p := startPreview(t, aboutPage)
	about := filepath.Join(p.site, "content", "about.md")
	_, good := p.get(aboutPage)
	write(t, about, aboutText("[gone](/no-such-page/)"))
	ev := p.next()
	if ev.Type != "errors" || !ev.Kept || len(ev.Errors) != 1 || !strings.Contains(ev.Errors[0].Message, "/no-such-page/") ||
		ev.Errors[0].File != "public/about/index.html" {
		t.Fatalf("event = %+v, want one error naming the link on public/about/index.html", ev)
	}
	if _, body := p.get(aboutPage); body != good {
		t.Error("the page with the broken link replaced the last good one")
	}
	write(t, about, aboutText("fixed"))
	if ev := p.next(); ev.Type != "reload" || !has(ev.Pages, "*") {
		t.Fatalf("after the fix, event = %+v, want a reload of every page", ev)
	}

	// Nobody has the free page open: its broken link does not stop the rebuild.
	write(t, filepath.Join(p.site, "content", "other.md"), "+++\ntitle = \"别处\"\n+++\n[gone](/no-such-page/)\n")
	if ev := p.next(); ev.Type != "reload" {
		t.Fatalf("event = %+v, want a reload", ev)
	}
	code, body := p.get("/other/")
	id := reloadTag.FindStringSubmatch(body)
	if code != 200 || id == nil {
		t.Fatalf("GET /other/ = %d", code)
	}
	_, hello := p.open("/other/", id[1])
	if hello.Kept || len(hello.Errors) != 1 || !strings.Contains(hello.Errors[0].Message, "/no-such-page/") {
		t.Errorf("hello of the page with a broken link = %+v, want its broken link", hello)
	}
	if _, hello := p.open(aboutPage, id[1]); len(hello.Errors) != 0 {
		t.Errorf("hello of a page without problems = %+v", hello)
	}
}

// A page whose template fails is answered with the error, in a page that shows it
// over itself and reloads when a rebuild fixes it; other pages are served.
func TestPageThatCannotBeRendered(t *testing.T) {
	p := startPreview(t, "/")
	layouts := filepath.Join(p.site, "layouts")
	if err := os.MkdirAll(layouts, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(layouts, "page.html"), `{{define "main"}}{{.Data.NoSuchField}}{{end}}`)
	deadline := time.Now().Add(10 * time.Second)
	code, body := 0, ""
	for time.Now().Before(deadline) {
		if code, body = p.get(aboutPage); code == 500 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code != 500 || !strings.Contains(body, "NoSuchField") || !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
		t.Fatalf("GET %s = %d, want 500 with the template error in a complete page:\n%s", aboutPage, code, body)
	}
	id := reloadTag.FindStringSubmatch(body)
	if id == nil {
		t.Fatal("the error page has no reload script")
	}
	if code, _ := p.get("/"); code != 200 {
		t.Errorf("the home page answers %d", code)
	}
	events, hello := p.open(aboutPage, id[1])
	if len(hello.Errors) != 1 || !strings.Contains(hello.Errors[0].Message, "NoSuchField") {
		t.Errorf("hello = %+v, want the template error", hello)
	}
	os.Remove(filepath.Join(layouts, "page.html"))
	if ev := nextOf(t, events); ev.Type != "reload" || !has(ev.Pages, aboutPage) {
		t.Fatalf("after the fix, event = %+v, want a reload of %s", ev, aboutPage)
	}
	if code, _ := p.get(aboutPage); code != 200 {
		t.Errorf("after the fix GET %s = %d", aboutPage, code)
	}
}
