package linkcheck

import (
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"perfsite/generator/internal/usage"
)

// hostileLinks are links a hand-written layout or a slip in content may hold: every
// way a link can leave the plain form most links of a site have ("/2024/x/").
var hostileLinks = []string{
	"", " ", "/", "//", "///", "/perf", "/perf/", "/perf//", "/perf/2024", "/perf/2024/", " /perf/2024/ ", "\t/perf/2024/\n",
	"/perf/2024/market-regulation/", "/perf/2024/market-regulation/index.html", "/perf/2023/", "/perf/index.html", "/perf/search",
	"/perf/assets/site.css", "/perf/assets/site.css/", "/perf/assets/", "/perf/data/2024/departments.csv", "/perf/data/2024/departments.csv#row",
	"/2024/", "/2024/market-regulation/", "/assets/site.css", "/index.html", "/other/", "/perfx/", "/pe", "/PERF/2024/",
	"//host", "//host/perf/2024/", "//perf/2024/", "/perf//2024/", "/perf/2024//", "/perf/2024//market-regulation/",
	"/a/../b", "/perf/x/../2024/", "/perf/2024/..", "/perf/2024/../", "/perf/..", "/perf/../perf/2024/", "/..", "/../", "/../perf/",
	"/perf/./2024/", "/perf/2024/.", "/perf/.", "/.", "/./perf/", "/perf/.../", "/perf/..a/", "/perf/a../", "/perf/.a/", "/perf/2024/.htaccess",
	"/%2e%2e/", "/perf/%2e%2e/perf/2024/", "/perf/%2E/2024/", "/perf/%32024/", "/perf/%32%30%32%34/", "/perf/2024%2F", "/perf/2024%2fmarket-regulation/",
	"/perf/%E6%8A%A5%E5%91%8A/", "/perf/%e6%8a%a5%e5%91%8a/", "/perf/报告/", "/perf/报告", "/perf/%E6%8A%A5/", "/perf/%zz/", "/perf/%", "/perf/%4", "/%", "/%00",
	"?q", "?", "/perf/?q", "/perf/2024/?a=1&b=2", "/perf/2024?x", "/perf/2024/?#x", "/perf/2024/?q#overview", "/perf/?%zz", "/perf/2024/?a=/../b",
	"#", "#top", "#TOP", "#Top", "#main", "#a", "#nope", "#预算", "#%E9%A2%84%E7%AE%97", "#%zz", "#a#b", "#a b", "#fn:1", "#a%20b", "#\xff", "#\u00a0",
	"/perf/2024/#overview", "/perf/2024/#Overview", "/perf/2024/#", "/perf/2024/#top", "/perf/2024#overview", "/perf/2024/index.html#overview",
	"/perf/2024/market-regulation/#预算执行情况", "/perf/2024/market-regulation/#%E9%A2%84%E7%AE%97", "/perf/2024/market-regulation/#fnref:1",
	"/perf/2024/market-regulation/#old-anchor", "/perf/2024/market-regulation/#不存在", "/perf/2024/market-regulation/#a#b", "/perf/assets/site.css#x",
	"mailto:perf@example.gov.cn", "MAILTO:x", "tel:12345", "javascript:alert(1)", "JavaScript:void(0)", "data:text/html,<a>", "https://example.org/",
	"http://x.gov.cn/perf/2024/", "https:", "https:/perf/2024/", "https:perf", "x:y", "a:b/c", ":", ":/perf/", "1a:b", "/a:b", "/perf/a:b/", "./a:b",
	"\\", "\\perf\\2024\\", "/perf\\2024/", "\\\\host\\x", "/\\host", "\\/host",
	"/perf/a b/", "/perf/a%20b/", "/perf/a+b/", "/perf/a;b/", "/perf/a@b/", "/perf/a=b/", "/perf/a$b/", "/perf/a,b/", "/perf/a'b/", "/perf/a(b)/",
	"/perf/a*b/", "/perf/a!b/", "/perf/a\"b/", "/perf/a<b/", "/perf/a>b/", "/perf/a{b}/", "/perf/a|b/", "/perf/a^b/", "/perf/a`b/", "/perf/[a]/",
	"/perf/~user/", "/perf/a~/", "/perf/A-Z_0.9~/", "/perf/ä/", "/perf/\xff/", "/perf/\xc3/", "/perf/\u00a0/", "/perf/\u3000/", "/perf/a\x00/", "/perf/a\x7f/",
	"/perf/a\x01b/", "/perf/2024/#\x01", "/*", "*",
	"2024/", "2024", "./2024/", "../", "..", ".", "./", "../..", "../../", "../../../", "../2024/", "market-regulation/", "market-regulation/#预算",
	"./../market-regulation/index.html", "sub/page.html", "a/../b/", "%2e%2e/", "index.html", "index.html#main", "报告/", "a b/", "../报告/",
	"/perf/" + strings.Repeat("a/", 500), "/perf/" + strings.Repeat("../", 500), strings.Repeat("/perf/2024", 100), "/perf/2024/#" + strings.Repeat("x", 1000),
}

// pageBases are the hrefs of <base> elements the pages of hostileSite have: none,
// and ones that keep the site's host, change it or climb.
var pageBases = []string{"", "/perf/2024/", "https://x.gov.cn/perf/", "../", "sub/", "//h/", "/", "%zz", "#x", "?q", "/perf/%E6%8A%A5%E5%91%8A/"}

// hostileSite is the site of TestCheck with pages that hold every hostile link,
// at paths plain and odd, with and without a <base>, and what files it has.
func hostileSite() (map[string]*Page, map[string]bool) {
	pages, paths := map[string]*Page{}, map[string]bool{}
	for name, content := range site() {
		paths[name] = true
		if isHTML(name) {
			pages[name] = Extract(content)
		}
	}
	dirs := []string{"", "2024/", "2024/market-regulation/", "报告/", "a b/", "%41/", "x/../", "./", "a//b/", "search/"}
	for i, base := range pageBases {
		for _, dir := range dirs {
			for _, file := range []string{fmt.Sprintf("hostile%d.html", i), fmt.Sprintf("hostile%d/index.html", i)} {
				name := dir + file
				paths[name] = true
				pages[name] = &Page{links: hostileLinks, ids: []string{"a", "fn:1", "main", "预算"}, base: base}
			}
		}
	}
	return pages, paths
}

// basePaths are the base paths a site's base_url may have.
var basePaths = []string{"/", "/perf/", "", "perf", "/perf/2024", "/perf/报告/", "/a b/"}

// CheckPages reports every hostile link as the reference does, on every page and
// under every base path; so does it every link of a built site, when one is at hand:
//
//	PERFSITE_LINKCHECK_SITE=/tmp/out go test ./generator/linkcheck -run CheckMatchesReference
func TestCheckMatchesReference(t *testing.T) {
	pages, paths := hostileSite()
	if dir := os.Getenv("PERFSITE_LINKCHECK_SITE"); dir != "" {
		built, builtPaths := extractSite(t, dir)
		for name := range builtPaths {
			paths[name] = len(name)%7 != 0 // lose some files, for broken links to report
		}
		for name, p := range built {
			pages[name] = p
		}
	}
	for _, base := range basePaths {
		got, want := CheckPages(pages, paths, base), referenceCheckPages(pages, paths, base)
		if len(want) < 1000 {
			t.Errorf("base path %q: only %d broken links", base, len(want))
		}
		for i := range max(len(got), len(want)) {
			if i >= len(got) || i >= len(want) || got[i] != want[i] {
				t.Fatalf("base path %q: broken link %d of %d:\n%v\nwant %d:\n%v", base, i, len(got), at(got, i), len(want), at(want, i))
			}
		}
	}
}

func at(b []Broken, i int) any {
	if i < len(b) {
		return b[i]
	}
	return "none"
}

// plainLink takes the links most pages are made of, and leaves to url.Parse those
// whose path or fragment resolving could change.
func TestPlainLink(t *testing.T) {
	const self = "/perf/2024/x/index.html"
	tests := []struct {
		link, path, frag string
		ok               bool
	}{
		{"/", "/", "", true},
		{"/2024/market-regulation/", "/2024/market-regulation/", "", true},
		{"/assets/echarts/echarts.min.js", "/assets/echarts/echarts.min.js", "", true},
		{"/a.b/c~d_e-f/.x/x./..y/", "/a.b/c~d_e-f/.x/x./..y/", "", true},
		{"/perf", "/perf", "", true},
		{"#main", self, "main", true},
		{"#", self, "", true},
		{"/2024/#fn:1", "/2024/", "fn:1", true},
		{"/2024/#预算 a#b", "/2024/", "预算 a#b", true},
		{"2024/", "", "", false},
		{"../2024/", "", "", false},
		{"//host/", "", "", false},
		{"/a//b/", "", "", false},
		{"/a/../b", "", "", false},
		{"/a/..", "", "", false},
		{"/./a", "", "", false},
		{"/a/.", "", "", false},
		{"/%2e%2e/", "", "", false},
		{"/a?q", "", "", false},
		{"/a#%41", "", "", false},
		{"/a#b\x01", "", "", false},
		{"/a b/", "", "", false},
		{"/报告/", "", "", false},
		{"/a\\b", "", "", false},
		{"/a:b", "", "", false},
		{"mailto:a@b", "", "", false},
		{"javascript:x", "", "", false},
		{"?q", "", "", false},
	}
	for _, tt := range tests {
		p, frag, ok := plainLink(tt.link, self)
		if p != tt.path || frag != tt.frag || ok != tt.ok {
			t.Errorf("plainLink(%q) = %q, %q, %v; want %q, %q, %v", tt.link, p, frag, ok, tt.path, tt.frag, tt.ok)
		}
	}
	if _, _, ok := plainLink("#main", "/perf/a b/index.html"); ok {
		t.Error("a fragment of a page whose path has a space is plain")
	}
	for _, link := range hostileLinks {
		samePlainLink(t, strings.TrimSpace(link), self)
	}
}

// samePlainLink fails t if plainLink takes link, on a page at path self with no
// <base>, and url.Parse and ResolveReference give another path or fragment.
func samePlainLink(t *testing.T, link, self string) {
	p, frag, ok := plainLink(link, self)
	if !ok || link == "" { // an empty link is the page itself, and never resolved
		return
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Errorf("plainLink takes %q, which does not parse: %v", link, err)
		return
	}
	target := (&url.URL{Path: self}).ResolveReference(u)
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" || target.Scheme != "" || target.Host != "" ||
		target.Path != p || u.Fragment != frag || strings.HasPrefix(u.Path, "/") != (link[0] == '/') {
		t.Errorf("plainLink(%q) = %q, %q; url gives %#v resolved to %#v", link, p, frag, u, target)
	}
}

// Whatever the link, and whatever page holds it, CheckPages reports it as the
// reference does.
func FuzzCheck(f *testing.F) {
	for _, l := range hostileLinks {
		f.Add(l, uint8(0))
	}
	for i := range pageBases {
		f.Add("/perf/2024/", uint8(i))
		f.Add("#main", uint8(i))
	}
	f.Add("/perf/2024/", uint8(len(pageBases)))
	sitePages, sitePaths := map[string]*Page{}, map[string]bool{}
	for name, content := range site() {
		sitePaths[name] = true
		if isHTML(name) {
			sitePages[name] = Extract(content)
		}
	}
	names := []string{"x/index.html", "2024/market-regulation/index.html", "a b/index.html", "x/../y.html", "index.html"}
	f.Fuzz(func(t *testing.T, link string, page uint8) {
		pages, paths := maps.Clone(sitePages), maps.Clone(sitePaths)
		name := names[int(page)/len(pageBases)%len(names)]
		paths[name] = true
		pages[name] = &Page{links: []string{link}, ids: []string{"main", "预算"}, base: pageBases[int(page)%len(pageBases)]}
		samePlainLink(t, strings.TrimSpace(link), "/perf/"+name)
		for _, base := range basePaths[:3] {
			if got, want := CheckPages(pages, paths, base), referenceCheckPages(pages, paths, base); !reflect.DeepEqual(got, want) {
				t.Errorf("base path %q, %s with <base href=%q>: %q\nbroken %v\nwant %v", base, name, pages[name].base, link, got, want)
			}
		}
	})
}

// extractSite extracts the pages of the built site in dir as a build does, and
// lists its files, by path within dir.
func extractSite(tb testing.TB, dir string) (map[string]*Page, map[string]bool) {
	e := NewExtractor()
	pages, paths := map[string]*Page{}, map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		paths[rel] = true
		if !isHTML(rel) {
			return nil
		}
		doc, err := os.ReadFile(p)
		pages[rel] = e.Extract(doc)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return pages, paths
}

// BenchmarkCheck checks a site of 1,000 scorecards whose links are those of a
// built one: navigation from the root, the page's sections, its neighbours.
func BenchmarkCheck(b *testing.B) {
	pages, paths := map[string]*Page{}, map[string]bool{}
	for _, f := range []string{"index.html", "2024/index.html", "data/index.html", "about/index.html", "assets/site.css", "assets/charts.js", "feed.xml"} {
		paths[f] = true
	}
	for i := range 1000 {
		dir := fmt.Sprintf("2024/department-%d/", i)
		paths[dir+"index.html"] = true
		paths[fmt.Sprintf("data/2024/department-%d.csv", i)] = true
		pages[dir+"index.html"] = &Page{
			links: []string{"/assets/site.css", "#main", "/", "/2024/", "/data/", "/about/", "/feed.xml",
				fmt.Sprintf("/2024/department-%d/", (i+1)%1000), fmt.Sprintf("/2024/department-%d/#indicator-3", (i+999)%1000),
				fmt.Sprintf("/data/2024/department-%d.csv", i), "/assets/charts.js"},
			ids: []string{"indicator-1", "indicator-2", "indicator-3", "main"},
		}
	}
	b.ReportAllocs()
	start := usage.CPU()
	for b.Loop() {
		if broken := CheckPages(pages, paths, "/"); len(broken) != 0 {
			b.Fatal(broken)
		}
	}
	b.ReportMetric((usage.CPU()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkCheckSite checks every link of a built site, extracted as a build does:
//
//	PERFSITE_LINKCHECK_SITE=/tmp/out go test ./generator/linkcheck -run '^$' -bench CheckSite
func BenchmarkCheckSite(b *testing.B) {
	dir := os.Getenv("PERFSITE_LINKCHECK_SITE")
	if dir == "" {
		b.Skip("PERFSITE_LINKCHECK_SITE names no built site")
	}
	pages, paths := extractSite(b, dir)
	b.ReportAllocs()
	start := usage.CPU()
	for b.Loop() {
		if broken := CheckPages(pages, paths, "/"); len(broken) != 0 {
			b.Fatal(broken[0])
		}
	}
	b.ReportMetric((usage.CPU()-start).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(pages)), "pages")
}
