package linkcheck

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// site is a small built site served under /perf/; each case adds one page to it.
func site() map[string][]byte {
	return map[string][]byte{
		"index.html":                        []byte(`<!DOCTYPE html><html><body><main id="main">首页</main></body></html>`),
		"2024/index.html":                   []byte(`<h1 id="overview">2024</h1>`),
		"2024/market-regulation/index.html": []byte(`<h2 id="预算执行情况">预算执行情况</h2><h2 id="预算">预算</h2><a name="old-anchor"></a><sup id="fnref:1"></sup>`),
		"报告/index.html":                     []byte(`<p>报告</p>`),
		"assets/site.css":                   []byte(`body{}`),
		"assets/logo.png":                   []byte{0x89, 'P', 'N', 'G'},
		"data/2024/departments.csv":         []byte("\ufeffcycle,department\n"),
		"search/index.html":                 []byte(`<form></form>`),
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		base string
		page string // output path of the page under test
		html string
		want []string // the broken links, in order
	}{
		{"absolute path under base", "/perf/", "x/index.html", `<a href="/perf/2024/">a</a>`, nil},
		{"site root without slash", "/perf/", "x/index.html", `<a href="/perf">a</a>`, nil},
		{"missing page", "/perf/", "x/index.html", `<a href="/perf/2023/">a</a>`, []string{"/perf/2023/"}},
		{"relative", "/perf/", "2024/x/index.html", `<a href="../market-regulation/">a</a>`, nil},
		{"relative to file", "/perf/", "2024/x/index.html", `<a href="./../market-regulation/index.html">a</a>`, nil},
		{"relative up to root", "/perf/", "2024/x/index.html", `<a href="../../">a</a>`, nil},
		{"relative missing", "/perf/", "2024/x/index.html", `<a href="../market/">a</a>`, []string{"../market/"}},
		{"relative climbs out of base", "/perf/", "2024/x/index.html", `<a href="../../../other/">a</a>`, []string{"../../../other/"}},
		{"folder without slash", "/perf/", "x/index.html", `<a href="/perf/2024">a</a>`, nil},
		{"file", "/perf/", "x/index.html", `<link rel="stylesheet" href="/perf/assets/site.css">`, nil},
		{"missing file", "/perf/", "x/index.html", `<script src="/perf/assets/charts.js"></script>`, []string{"/perf/assets/charts.js"}},
		{"query and fragment of a file", "/perf/", "x/index.html", `<a href="/perf/data/2024/departments.csv?dl=1#row">a</a>`, nil},
		{"chinese percent-encoded", "/perf/", "x/index.html", `<a href="/perf/%E6%8A%A5%E5%91%8A/">a</a>`, nil},
		{"chinese as is", "/perf/", "x/index.html", `<a href="/perf/报告/">a</a>`, nil},
		{"chinese missing", "/perf/", "x/index.html", `<a href="/perf/%E6%8A%A5/">a</a>`, []string{"/perf/%E6%8A%A5/"}},
		{"base path missing from link is another part of the host", "/perf/", "x/index.html", `<a href="/2024/">a</a>`, nil},
		{"other host", "/perf/", "x/index.html", `<a href="https://example.org/nowhere/">a</a><a href="//cdn.example/x.js">b</a>`, nil},
		{"other schemes", "/perf/", "x/index.html", `<a href="mailto:perf@example.gov.cn?subject=2024">a</a><a href="tel:12345">b</a>`, nil},
		{"root base", "/", "x/index.html", `<a href="/2024/">a</a><a href="/2023/">b</a>`, []string{"/2023/"}},
		{"empty base is root", "", "x/index.html", `<a href="/2024/">a</a>`, nil},
		{"fragment on same page", "/perf/", "x/index.html", `<h2 id="a">A</h2><a href="#a">a</a>`, nil},
		{"fragment missing on same page", "/perf/", "x/index.html", `<h2 id="a">A</h2><a href="#b">a</a>`, []string{"#b"}},
		{"top and empty fragment", "/perf/", "x/index.html", `<a href="#top">a</a><a href="#">b</a>`, nil},
		{"fragment on other page", "/perf/", "x/index.html", `<a href="/perf/2024/market-regulation/#预算执行情况">a</a>`, nil},
		{"percent-encoded fragment", "/perf/", "x/index.html", `<a href="/perf/2024/market-regulation/#%E9%A2%84%E7%AE%97">a</a>`, nil},
		{"fragment with colon", "/perf/", "x/index.html", `<a href="/perf/2024/market-regulation/#fnref:1">a</a>`, nil},
		{"fragment names an anchor", "/perf/", "x/index.html", `<a href="/perf/2024/market-regulation/#old-anchor">a</a>`, nil},
		{"fragment missing on other page", "/perf/", "x/index.html", `<a href="/perf/2024/market-regulation/#不存在">a</a>`, []string{"/perf/2024/market-regulation/#不存在"}},
		{"srcset", "/perf/", "x/index.html", `<img src="/perf/assets/logo.png" srcset="/perf/assets/logo.png 1x, /perf/assets/logo@2x.png 2x" alt="">`, []string{"/perf/assets/logo@2x.png"}},
		{"form action", "/perf/", "x/index.html", `<form action="/perf/search/"></form><form action="/perf/find/"></form>`, []string{"/perf/find/"}},
		{"reported once per page", "/perf/", "x/index.html", `<a href="/perf/no/">a</a><a href="/perf/no/">b</a>`, []string{"/perf/no/"}},
		{"entities decoded", "/perf/", "x/index.html", `<a href="/perf/2024/?a=1&amp;b=2">a</a><a href="&#x2F;perf&#x2F;nope/">b</a>`, []string{"/perf/nope/"}},
		{"script and comment content ignored", "/perf/", "x/index.html", `<script type="application/json">{"a":"<a href=\"/perf/no/\">"}</script><!-- <a href="/perf/no2/"> -->`, nil},
		{"base element", "/perf/", "x/index.html", `<base href="/perf/2024/"><a href="market-regulation/">a</a>`, nil},
		{"bad percent-encoding", "/perf/", "x/index.html", `<a href="/perf/%zz/">a</a>`, []string{"/perf/%zz/"}},
		{"empty href is the page", "/perf/", "x/index.html", `<a href="">a</a>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := site()
			files[tt.page] = []byte(tt.html)
			var got []string
			for _, b := range Check(files, tt.base) {
				if b.Page != tt.page {
					t.Errorf("fixture page %s reported broken: %v", b.Page, b)
					continue
				}
				if b.Reason == "" {
					t.Errorf("%v has no reason", b)
				}
				got = append(got, b.Link)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("broken = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckOrderAndMessages(t *testing.T) {
	files := site()
	files["index.html"] = []byte(`<a href="/perf/zz/">z</a><a href="/perf/aa/">a</a><a href="#nope">n</a>`)
	files["2024/index.html"] = []byte(`<a href="../../up/">u</a><a href="market-regulation/#x">x</a>`)
	got := Check(files, "/perf/")
	want := []Broken{
		{"2024/index.html", "../../up/", `climbs out of the site (above /perf/); remove a "../"`},
		{"2024/index.html", "market-regulation/#x", "points to #x, but 2024/market-regulation/index.html has no element with that id"},
		{"index.html", "/perf/zz/", "points to no page or file of the site (looked for zz/index.html)"},
		{"index.html", "/perf/aa/", "points to no page or file of the site (looked for aa/index.html)"},
		{"index.html", "#nope", "points to #nope, but this page has no element with that id"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%v\nwant\n%v", got, want)
	}
	s := got[2].String()
	if s != `index.html: link "/perf/zz/" points to no page or file of the site (looked for zz/index.html)` {
		t.Errorf("String() = %s", s)
	}
}

func TestCheckIgnoresNonHTML(t *testing.T) {
	files := map[string][]byte{
		"index.html":      []byte(`<p>ok</p>`),
		"feed.xml":        []byte(`<link href="/perf/nowhere/"/>`),
		"assets/site.css": []byte(`a{background:url(/perf/nowhere.png)}`),
	}
	if got := Check(files, "/perf/"); len(got) != 0 {
		t.Fatalf("got %v, want nothing", got)
	}
}

func TestScan(t *testing.T) {
	tests := []struct {
		name  string
		html  string
		links []string
		ids   []string
	}{
		{"double quoted", `<a href="/a" id="x"><p id="预算">`, []string{"/a"}, []string{"x", "预算"}},
		{"single quoted", `<a href='/a b'>`, []string{"/a b"}, nil},
		{"unquoted", `<a href=/a/ class=x>`, []string{"/a/"}, nil},
		{"unquoted at tag end", `<a href=/a>t</a>`, []string{"/a"}, nil},
		{"upper case and spaces around =", `<A HREF = "/a" ID= 'b'>`, []string{"/a"}, []string{"b"}},
		{"entities", `<a href="/a?x=1&amp;y=&#50;">`, []string{"/a?x=1&y=2"}, nil},
		{"boolean attribute before", `<input disabled src="/i.png">`, []string{"/i.png"}, nil},
		{"self-closing", `<img src="/i.png"/><img src=/j.png />`, []string{"/i.png", "/j.png"}, nil},
		{"quote inside other value", `<a title='say "href=/x"' href="/y">`, []string{"/y"}, nil},
		{"srcset", `<img srcset="/a.png 1x,/b.png 2x, /c.png">`, []string{"/a.png", "/b.png", "/c.png"}, nil},
		{"srcset with widths", `<source srcset=" /a.png 480w , /b.png 960w ">`, []string{"/a.png", "/b.png"}, nil},
		{"name only on a", `<a name="n"></a><input name="q">`, nil, []string{"n"}},
		{"comment", `<!-- <a href="/no"> --><a href="/yes">`, []string{"/yes"}, nil},
		{"script", `<script>var s = '<a href="/no">';</script><a href="/yes">`, []string{"/yes"}, nil},
		{"script end tag upper case", `<script>x</SCRIPT ><a href="/yes">`, []string{"/yes"}, nil},
		{"style", `<style>a[href="/no"]{}</style>`, nil, nil},
		{"title", `<title><a href="/no"></title>`, nil, nil},
		{"text less-than", `<p>1 < 2 and a<b</p><a href="/yes">`, []string{"/yes"}, nil},
		{"end tags and doctype", `<!DOCTYPE html></p><a href="/yes">`, []string{"/yes"}, nil},
		{"unterminated", `<a href="/no`, nil, nil},
		{"unterminated after a link", `<a href="/yes" title="no`, []string{"/yes"}, nil},
		{"upper-case tag names", `<A NAME="n"></A><SCRIPT>'<a href="/no">'</SCRIPT><a href="/yes">`, []string{"/yes"}, []string{"n"}},
		{"attribute without value", `<a href id=x>`, []string{""}, []string{"x"}},
		{"names that only start like ours", `<a hreflang="zh" identity="i" named="m" href="/y">`, []string{"/y"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := scanAll([]byte(tt.html))
			if !reflect.DeepEqual(p.links, tt.links) {
				t.Errorf("links = %q, want %q", p.links, tt.links)
			}
			var ids []string
			for id := range p.ids {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			if !reflect.DeepEqual(ids, tt.ids) {
				t.Errorf("ids = %q, want %q", ids, tt.ids)
			}
		})
	}
}

// BenchmarkExtract reads a page shaped like a scorecard: many table rows whose tags
// carry classes and aria attributes, and a few links and ids.
func BenchmarkExtract(b *testing.B) {
	var page strings.Builder
	page.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><title>t</title><link rel="stylesheet" href="/assets/site.css"></head><body><main id="main">`)
	for i := range 400 {
		fmt.Fprintf(&page, `<tr class="row status-met"><th scope="row" id="i%d"><a href="/2024/x/#i%d">指标</a></th><td class="num">9.50</td><td class="num" aria-label="得分">10 × min(97.3/95, 1) = 10.00</td></tr>`, i, i)
	}
	page.WriteString(`</main><script src="/assets/charts.js"></script></body></html>`)
	doc := []byte(page.String())
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		Extract(doc)
	}
}

// hasControlOrHash finds what a plain loop finds, wherever in a word it is.
func TestHasControlOrHash(t *testing.T) {
	for _, bg := range []byte{'a', ' ', '!', '"', '$', '~', 0x80, 0xa3, 0xff} {
		for n := range 20 {
			for i := -1; i < n; i++ {
				for _, c := range []byte{0, 1, '\t', 0x1f, '#', 0x7f, ' ', '"', '$', 0x80, 0x9f, 0xff} {
					b := bytes.Repeat([]byte{bg}, n)
					if i >= 0 {
						b[i] = c
					}
					want := slices.ContainsFunc(b, func(c byte) bool { return c < ' ' || c == 0x7f || c == '#' })
					if got := hasControlOrHash(string(b)); got != want {
						t.Errorf("hasControlOrHash(%q) = %v", b, got)
					}
				}
			}
		}
	}
}

func TestElsewhere(t *testing.T) {
	tests := []struct {
		link string
		want bool
	}{
		{"/perf/2024/", false},
		{" /perf/2024/ ", false},
		{"#main", false},
		{"?page=2", false},
		{"../2023/", false},
		{"", false},
		{"/perf/%zz/", false},
		{"//cdn.example/x.js", true},
		{" //cdn.example/x.js", true},
		{"https://example.org/", true},
		{"HTTPS://example.org/", true},
		{"mailto:perf@example.gov.cn", true},
		{"tel:12345", true},
		{"https://example.org/%zz", false}, // does not parse: checked, and reported
	}
	for _, tt := range tests {
		if got := elsewhere(tt.link); got != tt.want {
			t.Errorf("elsewhere(%q) = %v, want %v", tt.link, got, tt.want)
		}
	}
}

// A parsed that has seen one link answers for the next as url.Parse does, though
// the two share their scheme and host, or all before their '?'.
func FuzzParsedElsewhere(f *testing.F) {
	for _, l := range []string{"https://x.example/f?a=1", "https://x.example/f?a=%zz#%zz", "https://x.example/f?a=\x7f", "mailto:a@b?s", "a:b?c", "*?x", "https://x y/?a", "//h?x", "/?x", "x?y#z",
		"https://x.example/a/b%zz?c", "https://x.example/%E6?c", "https://x.example/a%", "https://x.example/a%4", "HTTPS://x.example:80/", "https://u:p@x.example/",
		"//x.example/a", "x:/a//b/c%", "mailto:a//b/%zz", "*//a/b", "a//b/c", "x:y?a//b/%zz", "https://x.example/a#b", "https://x.example/a\x01", "https:///a", "https://[::1]:8/", "A:#?%"} {
		for _, other := range []string{"https://x.example/f?b=2", "https://x.example/g", "https://x.example"} {
			f.Add(l, other)
			f.Add(other, l)
		}
	}
	f.Fuzz(func(t *testing.T, first, second string) {
		p := parsed{}
		if got, want := p.elsewhere(first), refElsewhere(first); got != want {
			t.Errorf("elsewhere(%q) = %v, want %v", first, got, want)
		}
		if got, want := p.elsewhere(second), refElsewhere(second); got != want {
			t.Errorf("after %q: elsewhere(%q) = %v, want %v", first, second, got, want)
		}
	})
}

func TestBrokenString(t *testing.T) {
	b := Broken{Page: "报告/index.html", Link: "/perf/预算/", Reason: "points to no page or file of the site (looked for 预算/index.html)"}
	s := b.String()
	for _, want := range []string{"报告/index.html: ", `"/perf/预算/"`, "looked for 预算/index.html"} {
		if !strings.Contains(s, want) {
			t.Errorf("%s lacks %s", s, want)
		}
	}
}

// A build extracts each page as it is written and checks at the end without the pages.
func TestExtractThenCheckPages(t *testing.T) {
	files := site()
	files["x/index.html"] = []byte(`<a href="https://other.example/">o</a><a href="mailto:a@b.c">m</a>` +
		`<a href="/perf/2024/#overview">ok</a><a href="/perf/2024/#gone">bad</a><a href="/perf/2024/#gone">again</a>` +
		`<a href="../报告/">ok</a><img src="/perf/assets/missing.png">`)
	pages := map[string]*Page{}
	paths := map[string]bool{}
	for name, data := range files {
		paths[name] = true
		if strings.HasSuffix(name, ".html") {
			pages[name] = Extract(data)
		}
	}
	x := pages["x/index.html"]
	if len(x.links) != 4 {
		t.Errorf("extracted links %q: want the 4 distinct links within the site", x.links)
	}
	if !pages["2024/market-regulation/index.html"].has("old-anchor") || pages["2024/index.html"].has("gone") {
		t.Error("ids of extracted pages are wrong")
	}
	var got []string
	for _, b := range CheckPages(pages, paths, "/perf/") {
		got = append(got, b.Page+" "+b.Link)
	}
	want := []string{"x/index.html /perf/2024/#gone", "x/index.html /perf/assets/missing.png"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("broken: %q, want %q", got, want)
	}
	if !reflect.DeepEqual(Check(files, "/perf/"), CheckPages(pages, paths, "/perf/")) {
		t.Error("Check and CheckPages disagree")
	}
}

// TestBrokenLinksComeInPageOrder checks that pages checked on every core still
// report in the order of their paths, and each page's links in its own order.
func TestBrokenLinksComeInPageOrder(t *testing.T) {
	pages := map[string]*Page{}
	paths := map[string]bool{}
	var want []string
	for i := range 1000 {
		name := fmt.Sprintf("p%04d/index.html", i)
		paths[name] = true
		html := `<a href="/ok/">ok</a>`
		if i%7 == 0 {
			html += fmt.Sprintf(`<a href="/gone-%d/b/">b</a><a href="/gone-%d/a/">a</a>`, i, i)
			want = append(want, fmt.Sprintf("%s /gone-%d/b/", name, i), fmt.Sprintf("%s /gone-%d/a/", name, i))
		}
		pages[name] = Extract([]byte(html))
	}
	paths["ok/index.html"] = true
	var got []string
	for _, b := range CheckPages(pages, paths, "/") {
		got = append(got, b.Page+" "+b.Link)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("broken links in this order:\n%q\nwant\n%q", got, want)
	}
}
