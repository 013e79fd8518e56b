package hostile

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"perfsite/generator/serve"
)

var (
	versionMark = regexp.MustCompile(`版本([0-9]+)号`)
	buildMark   = regexp.MustCompile(`data-build="([0-9a-f]+)"`)
)

// The preview server survives a storm of edits — whole rewrites, files written in
// two halves, editors' atomic saves, broken files fixed again — while it is
// read as fast as it answers, and never serves a half-built site: every response
// is complete (every page ends with </html>), none is a server error, and every
// page comes from one build (all version marks of the site title on a page
// agree, and a build id always goes with the same version).
func TestPreviewUnderEdits(t *testing.T) {
	requireFaults(t)
	dir, cycle := scaffoldSite(t)
	siteTOML := filepath.Join(dir, "site.toml")
	original, err := os.ReadFile(siteTOML)
	if err != nil {
		t.Fatal(err)
	}
	version := func(n int) []byte {
		return []byte(strings.Replace(strings.Replace(string(original),
			`title = "示例市部门绩效考评公开"`, fmt.Sprintf(`title = "示例市版本%d号"`, n), 1),
			`description = "`, fmt.Sprintf(`description = "版本%d号 `, n), 1))
	}
	if err := os.WriteFile(siteTOML, version(0), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, serve.Options{SiteDir: dir, Port: 0, Debounce: 20 * time.Millisecond, Ready: func(u string) { ready <- u }})
	}()
	defer func() { cancel(); <-done }()
	var root string
	select {
	case root = <-ready:
	case err := <-done:
		t.Fatalf("the preview server stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the preview server did not start")
	}

	const runFor = 6 * time.Second
	stop := make(chan struct{})
	var wg sync.WaitGroup

	// The editor.
	edits := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		card := filepath.Join(dir, "data", cycle, "market-regulation.toml")
		cardText, _ := os.ReadFile(card)
		about := filepath.Join(dir, "content", "about.md")
		for n := 1; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			text := version(n)
			switch n % 4 {
			case 0: // rewrite in place
				os.WriteFile(siteTOML, text, 0o644)
			case 1: // two halves, a pause between, as a slow editor writes
				f, err := os.OpenFile(siteTOML, os.O_WRONLY|os.O_TRUNC, 0o644)
				if err == nil {
					f.Write(text[:len(text)/2])
					time.Sleep(15 * time.Millisecond)
					f.Write(text[len(text)/2:])
					f.Close()
				}
			case 2: // atomic save: a temporary file renamed over the old one
				tmp := siteTOML + ".tmp"
				os.WriteFile(tmp, text, 0o644)
				os.Rename(tmp, siteTOML)
			case 3: // a broken scorecard, then fixed, and a page edited
				os.WriteFile(card, []byte("department = \"market-regulation\"\nstatus = \n"), 0o644)
				time.Sleep(30 * time.Millisecond)
				os.WriteFile(card, cardText, 0o644)
				os.WriteFile(about, []byte(fmt.Sprintf("+++\ntitle = \"关于%d\"\n+++\n正文%d\n", n, n)), 0o644)
				os.WriteFile(siteTOML, text, 0o644)
			}
			edits++
			time.Sleep(time.Duration(10+n%4*10) * time.Millisecond)
		}
	}()

	// The readers.
	paths := []string{"", cycle + "/", cycle + "/market-regulation/", cycle + "/methodology/", "departments/", "about/",
		"search/", "data/", "404.html", "feed.xml", "sitemap.xml", "search/index.json", "data/" + cycle + "/departments.csv", "assets/site.css"}
	var requests, pages atomic.Int64
	var mu sync.Mutex
	builds := map[string]string{} // build id → version
	var problems []string
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; requests.Load() < 200000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				p := paths[i%len(paths)]
				resp, err := client.Get(root + p)
				if err != nil {
					fail("GET /%s: %v", p, err)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				requests.Add(1)
				switch {
				case err != nil:
					fail("GET /%s: reading the body: %v", p, err)
					continue
				case resp.StatusCode >= 500:
					fail("GET /%s: %s", p, resp.Status)
					continue
				case resp.StatusCode != http.StatusOK && !(p == "404.html" && resp.StatusCode == http.StatusNotFound):
					fail("GET /%s: %s", p, resp.Status)
					continue
				case resp.ContentLength >= 0 && int64(len(body)) != resp.ContentLength:
					fail("GET /%s: %d bytes of %d", p, len(body), resp.ContentLength)
				}
				if !strings.HasSuffix(p, "/") && !strings.HasSuffix(p, ".html") {
					continue
				}
				pages.Add(1)
				page := string(body)
				if !strings.HasSuffix(strings.TrimSpace(page), "</html>") {
					fail("GET /%s: the page does not end with </html>", p)
				}
				marks := versionMark.FindAllStringSubmatch(page, -1)
				if len(marks) == 0 {
					fail("GET /%s: no version mark", p)
					continue
				}
				for _, m := range marks[1:] {
					if m[1] != marks[0][1] {
						fail("GET /%s: marks of versions %s and %s on one page", p, marks[0][1], m[1])
						break
					}
				}
				id := buildMark.FindStringSubmatch(page)
				if id == nil {
					fail("GET /%s: no build id", p)
					continue
				}
				mu.Lock()
				if v, ok := builds[id[1]]; ok && v != marks[0][1] {
					if len(problems) < 20 {
						problems = append(problems, fmt.Sprintf("GET /%s: build %s served as version %s and as version %s", p, id[1], v, marks[0][1]))
					}
				} else {
					builds[id[1]] = marks[0][1]
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(runFor)
	close(stop)
	wg.Wait()

	for _, p := range problems {
		t.Error(p)
	}
	if len(builds) < 5 {
		t.Errorf("only %d builds were served during %d edits; the test shows little", len(builds), edits)
	}
	t.Logf("%d requests (%d pages) during %d edits, served from %d builds", requests.Load(), pages.Load(), edits, len(builds))
}
