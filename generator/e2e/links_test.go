package e2e

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"perfsite/generator/internal/browsertest"
)

// TestPerfLinksResolve serves the build made for https://example.gov.cn/perf/
// under /perf/ and crawls it (see crawl). It needs no browser, so it runs with
// -short too.
func TestPerfLinksResolve(t *testing.T) {
	_, perf := built(t)
	c := crawl(t, perf.Dir, perf.Prefix)
	if c.pages < 20 {
		t.Errorf("the crawl reached only %d pages; the example site has many more", c.pages)
	}
	t.Logf("followed %d addresses (%d pages); left %d links to other hosts unchecked", len(c.seen), c.pages, c.external)
}

// TestCrawlCatchesBrokenLinks crawls testdata/brokenlinks, a small site with
// one of each broken link, and checks that the crawl reports every one.
func TestCrawlCatchesBrokenLinks(t *testing.T) {
	r := &recorder{TB: t}
	crawl(r, filepath.Join("testdata", "brokenlinks"), "/perf/")
	all := strings.Join(r.errs, "\n")
	for _, want := range []string{
		"/perf/missing/, which answers 404 Not Found",
		`links to "/elsewhere/", which leaves the base path /perf/`,
		`/perf/page/#nope, but that page has no element with id "nope"`,
		"/perf/page, which answers 301 Moved Permanently to page/",
		"/perf/gone.css, which answers 404 Not Found",
		"links to https://example.gov.cn/other/, outside the site's base URL",
		"no link of the site leads to orphan/index.html",
		"/perf/assets/site.css links to", // its url() of a missing image
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the crawl did not report %q; it reported:\n%s", want, all)
		}
	}
	for _, bad := range []string{"#here", "#top", "robots.txt, which answers"} {
		if strings.Contains(all, bad) {
			t.Errorf("the crawl reported a working link (%s):\n%s", bad, all)
		}
	}
}

// crawl serves the build in dir under prefix and follows, from the home page,
// from the not-found page at a made-up address and from robots.txt, every link
// and asset of the site: in HTML (href, src, srcset, action, the search form's
// data-index), in CSS (url()), absolute URLs of perfBaseURL in any text file
// (sitemap, feed, robots.txt, canonical links) and the page URLs of the search
// index. Every one must answer 200 without a redirect (only the made-up address
// answers 404), stay under prefix, and have the id its #fragment names; and
// every page and data file of the build must be reached.
func crawl(t testing.TB, dir, prefix string) *crawler {
	t.Helper()
	base := browsertest.Serve(t, dir, prefix)
	c := &crawler{
		t:        t,
		served:   mustParse(t, base),
		public:   mustParse(t, perfBaseURL),
		notFound: base + "no-such-page/",
		seen:     map[string]bool{},
		ids:      map[string]map[string]bool{},
	}
	c.add(base, "(start)")
	c.add(c.notFound, "(a made-up address)")
	c.add(base+"robots.txt", "(crawlers look for it by name)")
	for len(c.queue) > 0 {
		l := c.queue[0]
		c.queue = c.queue[1:]
		c.fetch(l)
	}
	for _, f := range c.frags {
		ids, ok := c.ids[f.target]
		if !ok {
			continue // not an HTML page: reported when it failed to load
		}
		if f.frag != "" && f.frag != "top" && !ids[f.frag] {
			t.Errorf("%s links to %s#%s, but that page has no element with id %q", f.from, f.target, f.frag, f.frag)
		}
	}

	// Every page and data file must be reachable from the home page, or no reader finds it.
	var unreached []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		u := base + rel
		if dir, ok := strings.CutSuffix(rel, "index.html"); ok {
			u = base + dir
		}
		// The not-found page answers any address; assets are found by the pages that
		// use them, and licence files beside a library need no link.
		if !c.seen[u] && rel != "404.html" && !strings.HasPrefix(rel, "assets/") {
			unreached = append(unreached, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(unreached)
	for _, rel := range unreached {
		t.Errorf("no link of the site leads to %s", rel)
	}
	return c
}

func mustParse(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// crawler walks the served site breadth first.
type crawler struct {
	t        testing.TB
	served   *url.URL // where the site is served: http://127.0.0.1:port/perf/
	public   *url.URL // the base URL it was built for
	notFound string   // the one address that must answer 404
	queue    []link
	seen     map[string]bool            // addresses queued, without fragment
	ids      map[string]map[string]bool // HTML page → its ids and anchor names
	frags    []link                     // links with a fragment, checked at the end
	pages    int
	external int
}

// link is one reference found on a page.
type link struct {
	from, target, frag string
}

var (
	attrRe     = regexp.MustCompile(`\s(href|src|action|poster|data-index)="([^"]*)"`)
	srcsetRe   = regexp.MustCompile(`\ssrcset="([^"]*)"`)
	idRe       = regexp.MustCompile(`\s(?:id|name)="([^"]*)"`)
	cssURLRe   = regexp.MustCompile(`url\(\s*['"]?([^'")]+)`)
	atomIDRe   = regexp.MustCompile(`<id>[^<]*</id>`)
	jsonURLRe  = regexp.MustCompile(`"url"\s*:\s*"([^"]*)"`)
	absoluteRe = regexp.MustCompile(regexp.QuoteMeta(perfBaseURL) + `[^\s"'<>)]*`)
)

// add resolves ref against the page from and queues it when it is an address of
// the served site that was not seen yet.
func (c *crawler) add(ref, from string) {
	t := c.t
	r, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		t.Errorf("%s: bad link %q: %v", from, ref, err)
		return
	}
	u := r
	if !strings.HasPrefix(from, "(") { // a page, not a seed
		u = mustParse(t, from).ResolveReference(r)
	}
	switch u.Scheme {
	case "http", "https":
	default:
		return // mailto:, tel:, data:
	}
	if u.Host == c.public.Host && strings.HasPrefix(u.Path, c.public.Path) {
		// An absolute link to the published site: check the served copy.
		u.Scheme, u.Host = c.served.Scheme, c.served.Host
		u.Path = c.served.Path + strings.TrimPrefix(u.Path, c.public.Path)
		u.RawPath = ""
	}
	if u.Host == c.public.Host {
		t.Errorf("%s links to %s, outside the site's base URL %s", from, ref, perfBaseURL)
		return
	}
	if u.Host != c.served.Host {
		c.external++
		return
	}
	if !strings.HasPrefix(u.Path, c.served.Path) {
		t.Errorf("%s links to %q, which leaves the base path %s (resolves to %s)", from, ref, c.served.Path, u.Path)
		return
	}
	frag := u.Fragment
	u.Fragment, u.RawFragment = "", ""
	target := u.String()
	if r.Fragment != "" || strings.HasSuffix(ref, "#") {
		c.frags = append(c.frags, link{from: from, target: target, frag: frag})
	}
	if c.seen[target] {
		return
	}
	c.seen[target] = true
	c.queue = append(c.queue, link{from: from, target: target})
}

// noRedirect is an HTTP client that reports redirects instead of following them:
// every URL of the site ends in "/", so a link needs none.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// fetch loads one address, checks its status and queues what it links to.
func (c *crawler) fetch(l link) {
	t := c.t
	resp, err := noRedirect.Get(l.target)
	if err != nil {
		t.Errorf("%s → %s: %v", l.from, l.target, err)
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Errorf("%s → %s: %v", l.from, l.target, err)
		return
	}
	want := http.StatusOK
	if l.target == c.notFound {
		want = http.StatusNotFound
	}
	if resp.StatusCode != want {
		extra := ""
		if loc := resp.Header.Get("Location"); loc != "" {
			extra = " to " + loc
		}
		t.Errorf("%s links to %s, which answers %s%s (want %d)", l.from, l.target, resp.Status, extra, want)
		return
	}

	p := mustParse(t, l.target).Path
	ext := path.Ext(p)
	if strings.HasSuffix(p, "/") {
		ext = ".html"
	}
	s := string(body)
	var refs []string
	switch ext {
	case ".html":
		c.pages++
		ids := map[string]bool{}
		for _, m := range idRe.FindAllStringSubmatch(s, -1) {
			ids[html.UnescapeString(m[1])] = true
		}
		c.ids[l.target] = ids
		for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
			refs = append(refs, html.UnescapeString(m[2]))
		}
		for _, m := range srcsetRe.FindAllStringSubmatch(s, -1) {
			for cand := range strings.SplitSeq(html.UnescapeString(m[1]), ",") {
				if f := strings.Fields(cand); len(f) > 0 {
					refs = append(refs, f[0])
				}
			}
		}
	case ".css":
		for _, m := range cssURLRe.FindAllStringSubmatch(s, -1) {
			refs = append(refs, m[1])
		}
	case ".json":
		for _, m := range jsonURLRe.FindAllStringSubmatch(s, -1) {
			refs = append(refs, m[1])
		}
	}
	if ext == ".xml" {
		// An Atom <id> names an entry; it need not lead anywhere.
		s = atomIDRe.ReplaceAllString(s, "")
	}
	switch ext {
	case ".html", ".css", ".json", ".xml", ".txt":
		for _, m := range absoluteRe.FindAllString(s, -1) {
			refs = append(refs, html.UnescapeString(m))
		}
	}
	for _, r := range slices.Compact(refs) {
		c.add(r, l.target)
	}
}
