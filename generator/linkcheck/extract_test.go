package linkcheck

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// rawPage is every link and id of a page in the order scan meets them, repeats and
// links that are never checked included.
type rawPage struct {
	links []string
	ids   map[string]bool
	base  string
}

// scanAll reads a page the plain way, decoding every value: what Extract must agree with.
func scanAll(doc []byte) rawPage {
	return readAll(func(doc []byte, attr attrFunc) { scan(doc, attr, nil) }, doc)
}

// readAll reads a page with the given scanner, decoding every value.
func readAll(scan func([]byte, attrFunc), doc []byte) rawPage {
	p := rawPage{ids: map[string]bool{}}
	scan(doc, func(tag []byte, kind int, raw []byte) {
		v := html.UnescapeString(string(raw))
		switch {
		case kind == hrefAttr && bytes.EqualFold(tag, []byte("base")):
			if p.base == "" {
				p.base = v
			}
		case kind == hrefAttr:
			p.links = append(p.links, v)
		case kind == srcsetAttr:
			p.links = append(p.links, srcset(v)...)
		case kind == idAttr, kind == nameAttr && bytes.EqualFold(tag, []byte("a")):
			p.ids[v] = true
		}
	})
	return p
}

// want is what Extract keeps of a page: its links in order, each once, less those
// checking passes over; its ids, sorted.
func (p rawPage) want() (links, ids []string) {
	for _, l := range p.links {
		if !unchecked(l) && !slices.Contains(links, l) {
			links = append(links, l)
		}
	}
	for id := range p.ids {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return links, ids
}

// samplePage has what a scorecard page has: navigation, repeated links, a
// "report a problem" link per indicator, entities, a srcset and a <base>.
func samplePage(dept string, indicators int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><base href="/2024/"><link href="/assets/site.css" rel="stylesheet"></head><body>`+
		`<nav><a href="/">首页</a><a href="/2024/">2024</a><a href="/data/">数据</a><a href="https://other.example/">外</a><a href="tel:12345">电话</a></nav><main id="main">`)
	for i := range indicators {
		fmt.Fprintf(&b, `<tr id="indicator-%d"><td><a href="#indicator-%d">%d</a></td>`+
			`<td><a href="mailto:perf@example.gov.cn?subject=%s&amp;indicator=%d">报告问题</a>`+
			`<a href="https://example.gov.cn/feedback?department=%s&amp;indicator=%d">反馈</a></td></tr>`, i, i, i, dept, i, dept, i)
	}
	fmt.Fprintf(&b, `<img src="/assets/logo.png" srcset="/assets/logo.png 1x, /assets/logo@2x.png 2x"><a href="/2024/?a=1&amp;b=2">q</a><a href="">self</a><a href=" ">blank</a>`+
		`<a name="old" id="c_%s"></a><a href="/data/">数据</a><p id="main"></p></main></body></html>`, dept)
	return []byte(b.String())
}

func TestExtractKeepsCheckedLinks(t *testing.T) {
	docs := [][]byte{samplePage("finance", 3)}
	for _, f := range []string{"index.html", "2024/market-regulation/index.html", "search/index.html"} {
		docs = append(docs, site()[f])
	}
	// Pages of a built site, when one is at hand:
	// PERFSITE_LINKCHECK_SITE=/tmp/out go test ./generator/linkcheck
	if dir := os.Getenv("PERFSITE_LINKCHECK_SITE"); dir != "" {
		docs = slices.AppendSeq(docs, maps.Values(htmlFiles(t, dir, 0)))
	}
	e := NewExtractor()
	for i, doc := range docs {
		raw := scanAll(doc)
		links, ids := raw.want()
		p := e.Extract(doc)
		if !slices.Equal(p.links, links) || !slices.Equal(p.ids, ids) || p.base != raw.base {
			t.Errorf("page %d: links %q ids %q base %q\nwant %q %q %q", i, p.links, p.ids, p.base, links, ids, raw.base)
		}
		if one := Extract(doc); !reflect.DeepEqual(one, p) {
			t.Errorf("page %d: Extract and Extractor.Extract differ: %v %v", i, one, p)
		}
	}
	p := Extract(docs[0])
	want := []string{"/assets/site.css", "/", "/2024/", "/data/", "#indicator-0", "#indicator-1", "#indicator-2", "/assets/logo.png", "/assets/logo@2x.png", "/2024/?a=1&b=2"}
	if !slices.Equal(p.links, want) {
		t.Errorf("links %q, want %q", p.links, want)
	}
	if p.base != "/2024/" || !p.has("old") || !p.has("c_finance") || !p.has("indicator-2") || p.has("indicator-3") {
		t.Errorf("base %q ids %q", p.base, p.ids)
	}
}

// Links Extract leaves out change no check: with some files gone, a site's pages
// as extracted and as read in full, every link kept, have the same broken links.
func TestExtractChecksAlike(t *testing.T) {
	files := site()
	files["x/index.html"] = samplePage("finance", 3)
	files["2024/y/index.html"] = []byte(`<a href="../../">up</a><a href="../market-regulation/#预算">ok</a><a href="../market-regulation/#gone">bad</a>` +
		`<a href="/2024/">root</a><a href="https://x.example/%zz">bad escape</a><a href="">self</a><a href="#">top</a>`)
	if dir := os.Getenv("PERFSITE_LINKCHECK_SITE"); dir != "" {
		maps.Copy(files, htmlFiles(t, dir, 0))
	}
	paths := map[string]bool{}
	for name := range files {
		paths[name] = len(name)%5 != 0 // lose a fifth of the site
	}
	e := NewExtractor()
	extracted, full := map[string]*Page{}, map[string]*Page{}
	for name, doc := range files {
		if !isHTML(name) {
			continue
		}
		extracted[name] = e.Extract(doc)
		raw := scanAll(doc)
		p := &Page{base: raw.base}
		for _, l := range raw.links {
			if !slices.Contains(p.links, l) {
				p.links = append(p.links, l)
			}
		}
		_, p.ids = raw.want()
		full[name] = p
	}
	for _, base := range []string{"/", "/perf/"} {
		got, want := CheckPages(extracted, paths, base), CheckPages(full, paths, base)
		if len(want) < 3 || !reflect.DeepEqual(got, want) {
			t.Errorf("base %s: broken links\n%v\nwant\n%v", base, got, want)
		}
	}
}

// htmlFiles reads up to max HTML files under dir (all of them if max is 0), by path
// within dir.
func htmlFiles(t testing.TB, dir string, max int) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isHTML(p) || max > 0 && len(files) == max {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func same(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }

func TestExtractorShares(t *testing.T) {
	e := NewExtractor()
	a, b := e.Extract(samplePage("finance", 2)), e.Extract(samplePage("audit", 2))
	if len(a.links) != len(b.links) || len(a.links) < 5 {
		t.Fatalf("links %q and %q", a.links, b.links)
	}
	for i := range a.links {
		if a.links[i] != b.links[i] || !same(a.links[i], b.links[i]) {
			t.Errorf("link %q of one page and %q of the other are not one string", a.links[i], b.links[i])
		}
	}
	if a.ids[1] != "indicator-0" || b.ids[1] != a.ids[1] || !same(a.ids[1], b.ids[1]) {
		t.Errorf("ids %q and %q: not shared", a.ids, b.ids)
	}
	// Separate extractors share nothing: a page's strings do not outlive its extractor's use.
	if c := NewExtractor().Extract(samplePage("finance", 2)); same(c.links[0], a.links[0]) {
		t.Error("two extractors share a string")
	}
	// A string met first inside a srcset is copied out of it, not kept with it.
	p := NewExtractor().Extract([]byte(`<img srcset="/a.png 1x, /b.png 2x">`))
	if len(p.links) != 2 || len(p.links[1]) != len("/b.png") || p.links[1] != "/b.png" {
		t.Errorf("srcset links %q", p.links)
	}
}

// A page's bytes may be reused for the next page once Extract returns (a build
// recycles its page buffers): nothing it found may be part of them.
func TestExtractKeepsNothingOfThePage(t *testing.T) {
	for _, shared := range []*Extractor{nil, NewExtractor()} {
		pages := [][]byte{
			samplePage("finance", 3),
			[]byte(`<base href="/x/"><a href="a.html?q=1&amp;r=2" id="é">x</a><img srcset="/a.png 1x, /b.png 2x"><a href="https://other.example/p?x=&#43;">o</a>`),
		}
		for _, doc := range pages {
			want := NewExtractor().Extract(bytes.Clone(doc))
			got := shared.Extract(doc)
			for i := range doc {
				doc[i] = 'x'
			}
			wl, wi, wb := want.Parts()
			gl, gi, gb := got.Parts()
			if !slices.Equal(gl, wl) || !slices.Equal(gi, wi) || gb != wb {
				t.Errorf("after the page was overwritten: links %q ids %q base %q, want %q %q %q", gl, gi, gb, wl, wi, wb)
			}
		}
	}
}

// Pages are extracted on several goroutines at once; run with -race.
func TestExtractorConcurrent(t *testing.T) {
	e := NewExtractor()
	pages := make([]*Page, 64)
	var wg sync.WaitGroup
	for i := range pages {
		wg.Go(func() { pages[i] = e.Extract(samplePage(fmt.Sprint("d", i%5), 10+i%7)) })
	}
	wg.Wait()
	for i, p := range pages {
		links, ids := scanAll(samplePage(fmt.Sprint("d", i%5), 10+i%7)).want()
		if !slices.Equal(p.links, links) || !slices.Equal(p.ids, ids) {
			t.Fatalf("page %d: links %q ids %q, want %q %q", i, p.links, p.ids, links, ids)
		}
		if !same(p.links[0], pages[0].links[0]) {
			t.Errorf("page %d: %q not shared", i, p.links[0])
		}
	}
}

// BenchmarkExtractSite extracts every page of a built site, as a build does, and
// reports the memory the extracted pages hold:
//
//	PERFSITE_LINKCHECK_SITE=/tmp/out go test ./generator/linkcheck -run '^$' -bench ExtractSite
func BenchmarkExtractSite(b *testing.B) {
	dir := os.Getenv("PERFSITE_LINKCHECK_SITE")
	if dir == "" {
		b.Skip("PERFSITE_LINKCHECK_SITE names no built site")
	}
	docs := slices.Collect(maps.Values(htmlFiles(b, dir, 0)))
	size := 0
	for _, d := range docs {
		size += len(d)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var held uint64
	for b.Loop() {
		var before, after runtime.MemStats
		b.StopTimer() // the collections are for held-MiB, not part of extracting
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		e := NewExtractor()
		pages := make([]*Page, len(docs))
		for i, d := range docs {
			pages[i] = e.Extract(d)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.StartTimer()
		held = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(pages)
	}
	b.ReportMetric(float64(held)/(1<<20), "held-MiB")
	b.ReportMetric(float64(len(docs)), "pages")
}

// BenchmarkExtractScorecard reads a page with a scorecard's links: navigation, one
// fragment and two "report a problem" links per indicator.
func BenchmarkExtractScorecard(b *testing.B) {
	doc := samplePage("finance", 40)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	e := NewExtractor()
	for b.Loop() {
		e.Extract(doc)
	}
}

func TestUnescapeCommon(t *testing.T) {
	for _, tt := range []struct {
		v  string
		ok bool
	}{
		{"/a?x=1&amp;y=2", true},
		{"q=2024&#43;%2F&#43;x", true},
		{"&#043;&#32;&#126;", true},
		{"no entities", true},
		{"&#x2F;perf", false},
		{"&#43", false},
		{"&#;", false},
		{"&#31;", false},
		{"&#127;", false},
		{"&#99999;", false},
		{"&lt;", false},
		{"&ampx", false},
		{"a &", false},
	} {
		got, ok := unescapeCommon([]byte("junk"), []byte(tt.v))
		if ok != tt.ok {
			t.Errorf("unescapeCommon(%q) ok = %v", tt.v, ok)
		}
		if want := "junk" + html.UnescapeString(tt.v); ok && string(got) != want {
			t.Errorf("unescapeCommon(%q) = %q, want %q", tt.v, got, want)
		}
	}
}

// Whatever unescapeCommon decodes, it decodes as html.UnescapeString does.
func FuzzUnescapeCommon(f *testing.F) {
	for _, s := range []string{"&amp;", "&#43;", "&#0043;a", "&#x41;", "&amp", "&#1234567;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if got, ok := unescapeCommon(nil, []byte(v)); ok && string(got) != html.UnescapeString(v) {
			t.Errorf("unescapeCommon(%q) = %q, html.UnescapeString says %q", v, got, html.UnescapeString(v))
		}
	})
}

// hostile are pages written to trip a scanner up: malformed and unclosed tags,
// unquoted and odd attributes, upper case, raw text, comments, entities, names
// that fold to ours only under Unicode case folding ("ſrc"), links to other sites
// that differ only after their '?' or that do not parse.
var hostile = []string{
	``, `<`, `<a`, `<a `, `<a href`, `<a href=`, `<a href="`, `<a href='/x`, `<a href=/x`, `<a/href=/x>`, `</`, `<!`, `<!--`, `<!-- x --`, `<?x`,
	`<a href="/a"<a href="/b">`, `<a href="/a" href="/b" id=x id="y">`, `<a href = /a id = b >`, `<a href=/a/>`, `<a href="/a"/id="b">`,
	`<A HREF="/A" ID="B" NAME="C"></A><IMG SRC="/i.png" SRCSET="/j.png 2x"><FORM ACTION="/f"></FORM>`,
	`<a =href="/no" 'id'="x" "href"=/y>`, `<a hreF="/a" Id="b" nAmE="c">`, `<a href id>`, `<a href= id=x>`,
	`<img ſrc="/s"><a hreſ="/h" ıd="i"><baſe href="/b/"><a href="x">`, `<ſcript><a href="/no"></ſcript><a href="/yes">`, `<a href="/K" id="K">`,
	`<script>'<a href="/no">'</script ><a href="/yes"><script src="/s.js"></script><SCRIPT>x</script/><a href="/y2">`,
	`<script><a href="/no">`, `<style>x</styles><a href="/no"></style><a href="/yes">`, `<textarea><a href="/no"></TEXTAREA><title>a</title><a href="/t">`,
	`<scripts><a href="/yes"></scripts><stylex id="s">`, `<!-- <a href="/no"> -- > --><a href="/yes"><!doctype html><!-x><a href="/z">`,
	`<a href="/a?x=1&amp;y=&#50;&lt;&#x2F;&quot;&nbsp;&notanentity;&#0;&#99999999;&#10;" id="&amp;&#43;&#x41;">`,
	`<p>href="/no" id="no" 1 < 2 <3 a<b <-> <= <a href="/yes">`,
	`<base href="/one/"><base href="/two/"><a href="x"><BASE HREF=" /three/ ">`, `<base href><base href="/b/">`,
	`<a href="https://x.example/f?a=1"><a href="https://x.example/f?a=2"><a href="https://x.example/f?a=%zz"><a href="https://x.example/%zz?a=1">`,
	`<a href="https://x.example/f?a=1#%zz"><a href="https://x.example/f#a?%zz"><a href="https://x.example/f?a=&#10;"><a href="https://x.example/f?a=&#127;b"><a href="https://x.example/f?a=&#10;b">`,
	`<a href="mailto:a@b.c?s=1"><a href="mailto:a@b.c?s=2"><a href="tel:1?x"><a href="x:y?z"><a href="1x:y?z"><a href=":y?z"><a href="*?z"><a href="//h?x"><a href="/?x"><a href="??x"><a href=" https://x.example/f ?a=1 ">`,
	`<a href="https://x y/f?a=1"><a href="https://[::1/f?a=1"><a href="https://u@x.example/?a"><a href="https://x.example?"><a href="HTTPS://X.example/f?a=3"><a href="https://x.example/f?">`,
	`<img srcset=" /a.png 1x,, /b.png, /c.png 2x , https://x.example/d.png?1 3x"><source srcset="">`,
	"<a\thref=\"/t\"\nid=\"n\"\f\rname=r>\x00<a href=\"/\x00\" id=\"\x7f\">",
	`<td><span class="x > y" title='a "b" c'><a href="/after-quotes">`, `<tr id="r1"><td id=r2><td/id=r3><td id='r4'/>`,
	`<a href="/已"><p id="预算">`, "<a href=\"/\xff\xfe\" id=\"\xc5\">",
	`<img ſrcset="/a.png 1x" srcſet="/b.png 1x" ſrcſet="/c.png 1x" SrCsEt="/d.png 1x"><a nAME="n" iD=i ACTION=/f hreff=/no hre=/no i=/no>`,
	"<a \xc5\xbfrc=/s \xc5=/no \xe2\x84\xaaa=/no \x80href=/no h\x80ref=/no>", `<a id="x"<b href="/b">`, `</h2></td ></a<b href="/x"></1a><a href="/y"></><a href="/z"></a\x00><a href="/w"></é><a href="/v">`, `<td><span class="x" aria-hidden="true">◐</span></td></tr><tr>`,
}

// boundaries are pages whose '<'s and quotes fall on every position of the words
// the scanner reads at once, before and after the short runs it reads itself.
func boundaries() []string {
	var docs []string
	for k := range 48 {
		pad := strings.Repeat("é", k/2) + strings.Repeat("x", k%2)
		docs = append(docs, pad+`<a href="`+pad+`" id='`+pad+`<'>`+pad+`</a>`+pad+`<b>`+pad,
			pad+`<a href="https://x.example/?`+pad+`&#35;"><a href="/`+pad+`%zz">`+pad+`<`)
	}
	return docs
}

// Extract finds what the reference extractor finds, in pages of every kind, and the
// links it keeps check alike.
func TestExtractMatchesReference(t *testing.T) {
	docs := map[string][]byte{"sample.html": samplePage("finance", 40)}
	for i, s := range hostile {
		docs[fmt.Sprintf("hostile/%d.html", i)] = []byte(s)
	}
	for i, s := range boundaries() {
		docs[fmt.Sprintf("boundaries/%d.html", i)] = []byte(s)
	}
	for name, doc := range site() {
		docs[name] = doc
	}
	if dir := os.Getenv("PERFSITE_LINKCHECK_SITE"); dir != "" {
		maps.Copy(docs, htmlFiles(t, dir, 0))
	}
	e := NewExtractor()
	got, want := map[string]*Page{}, map[string]*Page{}
	paths := map[string]bool{}
	for name, doc := range docs {
		paths[name] = len(name)%5 != 0
		if !isHTML(name) {
			continue
		}
		got[name], want[name] = e.Extract(doc), referenceExtract(doc)
		if !reflect.DeepEqual(got[name], want[name]) {
			t.Errorf("%s: %q\nextracted %v\nwant %v", name, doc, got[name], want[name])
		}
		if one := Extract(doc); !reflect.DeepEqual(one, want[name]) {
			t.Errorf("%s: %q\nExtract %v\nwant %v", name, doc, one, want[name])
		}
	}
	for _, base := range []string{"/", "/perf/"} {
		if g, w := CheckPages(got, paths, base), CheckPages(want, paths, base); !reflect.DeepEqual(g, w) {
			t.Errorf("base %s: broken links\n%v\nwant\n%v", base, g, w)
		}
	}
}

// Whatever the page, Extract finds what the reference extractor finds.
func FuzzExtract(f *testing.F) {
	for _, s := range append(hostile, boundaries()...) {
		f.Add(s)
	}
	f.Add(string(samplePage("finance", 2)))
	e := NewExtractor()
	f.Fuzz(func(t *testing.T, doc string) {
		want := referenceExtract([]byte(doc))
		if got := e.Extract([]byte(doc)); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: extracted %v, want %v", doc, got, want)
		}
		if got := Extract([]byte(doc)); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: Extract %v, want %v", doc, got, want)
		}
	})
}

// seenHostile are pages whose tags are passed over once seen: a tag seen whole and
// then met cut short by the document's end, or running on past where it ended
// before; quoted '>'s; raw-text elements with attributes; the same bytes in a
// comment, in raw text and in upper case; tags that fill the slots of seenTags.
var seenHostile = []string{
	`<span class="x">`, `<span class="x">a`, `<span class="x"`, `<span class="x`, `<span class="x>`, `<span class="x><a href="/no">"><a href="/yes">`,
	`<a x="y>"><a href="/a">`, `<a x="y>`, `<a x="y>`, `<a x="y><a href="/no">"><a href="/yes">`, `<a x='y>`, `<a x='y><a id="no">' id="q">`,
	`<script type="t">`, `<script type="t"><a href="/no"></script><a href="/yes">`, `<script type="t">`,
	`<title lang="zh"><a href="/no"></title>`, `<textarea rows="2"><a href="/no">`, `<style media="all">x`,
	`<!-- <span class="x"><a href="/no"> --><span class="x"><a href="/yes">`, `<SPAN CLASS="x"><Span class="x">`,
	`<td class="num">9</td><td class="num"><a href="/c">`, `<td class="num" id="n">`, `<td class="num"/id="m">`,
	`<a hreflang="zh">`, `<a hreflang="zh" href="/d">`, `<a name="n" title="t">`, `<b name="n" title="t">`,
	`<p x=">`, `<p x=">" id="z">`, `<p x=a>b>`, `<p x=a>b id=y>`, `<p        >`, `<p  id=a  >`,
	strings.Repeat(`<i class="c">`, 3) + `<i class="c" id="d">`,
	`<div class="` + strings.Repeat("w", 70) + `">` + `<div class="` + strings.Repeat("w", 70) + `" id="long">`,
}

func init() {
	for i := range 600 { // more tags than seenTags has slots
		seenHostile = append(seenHostile, fmt.Sprintf(`<p class="c%d">`, i), fmt.Sprintf(`<p class="c%d" id="i%d">`, i, i))
	}
}

// scanSeen scans one document after another with one seenTags, and reads each as
// readAll does.
func scanSeen(docs ...string) []rawPage {
	var seen seenTags
	pages := make([]rawPage, len(docs))
	for i, doc := range docs {
		pages[i] = readAll(func(doc []byte, attr attrFunc) { scan(doc, attr, &seen) }, []byte(doc))
	}
	return pages
}

// A document scanned after others, with the tags they left in seenTags, reads as
// the reference scanner reads it alone.
func TestScanSeen(t *testing.T) {
	docs := slices.Concat(seenHostile, hostile, boundaries(), []string{string(samplePage("finance", 5))})
	pages := scanSeen(docs...)
	for i, doc := range docs {
		if want := readAll(refScan, []byte(doc)); !reflect.DeepEqual(pages[i], want) {
			t.Errorf("%q after %d documents: read %v, want %v", doc, i, pages[i], want)
		}
	}
	for _, a := range slices.Concat(seenHostile[:40], hostile) {
		for _, b := range slices.Concat(seenHostile[:40], hostile) {
			if got, want := scanSeen(a, b)[1], readAll(refScan, []byte(b)); !reflect.DeepEqual(got, want) {
				t.Errorf("%q after %q: read %v, want %v", b, a, got, want)
			}
		}
	}
}

// Whatever the documents before it, a document reads as the reference scanner
// reads it.
func FuzzScanSeen(f *testing.F) {
	for _, s := range slices.Concat(seenHostile[:40], hostile) {
		f.Add(s, s+s)
	}
	f.Fuzz(func(t *testing.T, first, second string) {
		for _, docs := range [][]string{{first, second}, {second, first}, {first + second, first, second}} {
			pages := scanSeen(docs...)
			for i, doc := range docs {
				if want := readAll(refScan, []byte(doc)); !reflect.DeepEqual(pages[i], want) {
					t.Errorf("%q after %q: read %v, want %v", doc, docs[:i], pages[i], want)
				}
			}
		}
	})
}
