package markdown

import (
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func render(t *testing.T, r *Renderer, src string) Doc {
	t.Helper()
	d, err := r.Render([]byte(src))
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return d
}

func TestHeadingIDs(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Heading
	}{
		{"chinese", "## 预算执行情况", []Heading{{2, "预算执行情况", "预算执行情况"}}},
		{"duplicates", "# 概况\n\n## 概况\n\n### 概况",
			[]Heading{{1, "概况", "概况"}, {2, "概况-1", "概况"}, {3, "概况-2", "概况"}}},
		{"punctuation and case", "## Hello, World!", []Heading{{2, "hello-world", "Hello, World!"}}},
		{"mixed scripts and spaces", "## 2024 年度  Budget", []Heading{{2, "2024-年度-budget", "2024 年度 Budget"}}},
		{"full-width punctuation dropped", "## 预算（调整后）：执行", []Heading{{2, "预算调整后执行", "预算（调整后）：执行"}}},
		{"hyphen and underscore kept", "## market-regulation_2024", []Heading{{2, "market-regulation_2024", "market-regulation_2024"}}},
		{"only punctuation", "## ？！…", []Heading{{2, "section", "？！…"}}},
		{"empty heading", "##", []Heading{{2, "section", ""}}},
		{"generated id does not take a written one", "## a-1\n\n## a\n\n## a",
			[]Heading{{2, "a-1", "a-1"}, {2, "a", "a"}, {2, "a-2", "a"}}},
		{"markup and link address left out", "## *重点* `工作` 见[附表](t.csv)",
			[]Heading{{2, "重点-工作-见附表", "重点 工作 见附表"}}},
		{"setext", "年度总结\n====", []Heading{{1, "年度总结", "年度总结"}}},
	}
	r := New(false, "/")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := render(t, r, tt.src)
			if !reflect.DeepEqual(d.Headings, tt.want) {
				t.Fatalf("headings = %#v, want %#v", d.Headings, tt.want)
			}
			for _, h := range tt.want {
				if !strings.Contains(string(d.HTML), ` id="`+h.ID+`"`) {
					t.Errorf("HTML lacks id %q:\n%s", h.ID, d.HTML)
				}
			}
		})
	}
}

func TestIDsArePerDocument(t *testing.T) {
	r := New(false, "/")
	for i := 0; i < 2; i++ {
		d := render(t, r, "## 概况")
		if d.Headings[0].ID != "概况" {
			t.Fatalf("render %d: id %q, want 概况 (ids must not carry over between documents)", i, d.Headings[0].ID)
		}
	}
}

func TestFootnotes(t *testing.T) {
	d := render(t, New(false, "/"), "执行率 97.6%。[^1]\n\n[^1]: 来源：财政局。\n")
	for _, want := range []string{
		`<sup id="fnref:1"><a href="#fn:1"`,
		`<li id="fn:1">`,
		`来源：财政局。`,
		`href="#fnref:1"`,
	} {
		if !strings.Contains(string(d.HTML), want) {
			t.Errorf("HTML lacks %q:\n%s", want, d.HTML)
		}
	}
	if d.Summary != "执行率 97.6%。" {
		t.Errorf("summary %q should leave out the footnote mark", d.Summary)
	}
}

func TestGFM(t *testing.T) {
	src := "| 指标 | 目标 |\n|---|---:|\n| 执行率 | 95% |\n\n" +
		"~~旧~~新\n\n" +
		"- [x] 已完成\n- [ ] 未完成\n\n" +
		"见 https://example.gov.cn/a 。\n"
	html := string(render(t, New(false, "/"), src).HTML)
	for _, want := range []string{
		`<div class="table-scroll" tabindex="0" role="region" aria-label="指标 / 目标">` + "\n<table>",
		"</table>\n</div>",
		`<th class="align-right">目标</th>`,
		`<del>旧</del>新`,
		`<input checked="" disabled="" type="checkbox"> 已完成`,
		`<input disabled="" type="checkbox"> 未完成`,
		`<a href="https://example.gov.cn/a">https://example.gov.cn/a</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
}

// TestTableAlignmentIsAClass checks that column alignment, on header and body cells
// alike, becomes a class of the theme's stylesheet and never a style attribute, which
// a Content-Security-Policy without 'unsafe-inline' styles would block.
func TestTableAlignmentIsAClass(t *testing.T) {
	src := "| 名称 | 状态 | 得分 | 备注 |\n|:---|:---:|---:|---|\n| 执行率 | 达标 | 9.5 | 无 |\n"
	html := string(render(t, New(false, "/"), src).HTML)
	for _, want := range []string{
		`<th class="align-left">名称</th>`,
		`<th class="align-center">状态</th>`,
		`<th class="align-right">得分</th>`,
		"<th>备注</th>",
		`<td class="align-left">执行率</td>`,
		`<td class="align-center">达标</td>`,
		`<td class="align-right">9.5</td>`,
		"<td>无</td>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	for _, bad := range []string{"style=", "align=\""} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML has %s:\n%s", bad, html)
		}
	}
}

func TestTableLabel(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"header", "| a | b |\n|---|---|\n| 1 | 2 |", `aria-label="a / b"`},
		{"empty header uses first row", "| | |\n|---|---|\n| 1 | 2 |", `aria-label="1 / 2"`},
		{"escaped", "| a \"&\" b |\n|---|\n| 1 |", `aria-label="a “&amp;” b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := string(render(t, New(false, "/"), tt.src).HTML)
			if !strings.Contains(html, tt.want) {
				t.Fatalf("HTML lacks %q:\n%s", tt.want, html)
			}
		})
	}
	long := "| " + strings.Repeat("长", 100) + " |\n|---|\n| 1 |"
	html := string(render(t, New(false, "/"), long).HTML)
	want := `aria-label="` + strings.Repeat("长", tableLabelLen-1) + `…"`
	if !strings.Contains(html, want) {
		t.Fatalf("long header label not cut to %d runes:\n%s", tableLabelLen, html)
	}
}

func TestRawHTMLDropped(t *testing.T) {
	tests := []string{
		"<script>alert(1)</script>",
		"段落 <img src=x onerror=alert(1)> 文字",
		"<div onclick=\"alert(1)\">x</div>",
		"<a href=\"javascript:alert(1)\">x</a>",
		"<iframe src=\"https://evil.example\"></iframe>",
	}
	r := New(false, "/")
	for _, src := range tests {
		d := render(t, r, src)
		html := strings.ToLower(string(d.HTML))
		for _, bad := range []string{"<script", "<img", "onerror", "onclick", "<iframe", "javascript:", "<div", "<a "} {
			if strings.Contains(html, bad) {
				t.Errorf("%q: output contains %q:\n%s", src, bad, d.HTML)
			}
		}
		if len(d.Links) != 0 {
			t.Errorf("%q: links %q, want none", src, d.Links)
		}
	}
}

// Every one of these must lose its link (or image) but keep its text.
var dangerousLinks = []struct {
	name, src string
}{
	{"plain", "[点我](javascript:alert(1))"},
	{"mixed case", "[点我](JaVaScRiPt:alert(1))"},
	{"decimal entity", "[点我](&#106;avascript:alert(1))"},
	{"hex entity", "[点我](&#x6A;&#x61;vascript:alert(1))"},
	{"named entity colon", "[点我](javascript&colon;alert(1))"},
	{"spaces before, in angle brackets", "[点我](<  JaVaScRiPt:alert(1)>)"},
	{"tab inside", "[点我](java&#9;script:alert(1))"},
	{"newline inside", "[点我](java&#10;script:alert(1))"},
	{"percent-encoded tab", "[点我](java%09script:alert(1))"},
	{"vbscript", "[点我](VBScript:msgbox(1))"},
	{"data html", "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"},
	{"data image", "[点我](data:image/png;base64,iVBORw0KGgo=)"},
	{"data mixed case", "[点我](DaTa:image/svg+xml;base64,PHN2Zz4=)"},
	{"file", "[点我](file:///etc/passwd)"},
	{"reference", "[点我][r]\n\n[r]: javascript:alert(1)"},
	{"reference with title", "[点我][r]\n\n[r]: <java&#x09;script:alert(1)> \"t\""},
	{"autolink", "<javascript:alert(1)> 点我"},
	{"autolink upper", "<JAVASCRIPT:alert(1)> 点我"},
	{"autolink data", "<data:text/html,x> 点我"},
	{"image", "![点我](javascript:alert(1))"},
	{"image data", "![点我](data:image/gif;base64,R0lGODlhAQABAAAAACw=)"},
	{"image entity", "![点我](&#x64;ata:image/png;base64,AAAA)"},
}

func TestDangerousLinksNeutralised(t *testing.T) {
	r := New(false, "/")
	for _, tt := range dangerousLinks {
		t.Run(tt.name, func(t *testing.T) {
			d := render(t, r, tt.src)
			html := string(d.HTML)
			if strings.Contains(html, "<a") || strings.Contains(html, "<img") {
				t.Errorf("link or image kept:\n%s", html)
			}
			if len(d.Links) != 0 {
				t.Errorf("links %q, want none", d.Links)
			}
			if !strings.Contains(html, "点我") {
				t.Errorf("text lost:\n%s", html)
			}
		})
	}
}

func TestDangerous(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"javascript:alert(1)", true},
		{"  JaVaScRiPt:alert(1)", true},
		{"java\tscript:alert(1)", true},
		{"java\nscr\ript:alert(1)", true},
		{"\x01\x1fjavascript:x", true},
		{"%20javascript:x", true},
		{"vbscript:x", true},
		{"data:,x", true},
		{"DATA:image/png;base64,AA", true},
		{"file:///etc/passwd", true},
		{"https://example.gov.cn/", false},
		{"mailto:perf@example.gov.cn", false},
		{"tel:12345", false},
		{"/javascript:x", false},
		{"./data:x", false},
		{"#javascript:x", false},
		{"?data:x", false},
		{"javascripts:x", false},
		{"datax:y", false},
		{"%6Aavascript:x", false},
		{"", false},
		{"javascript", false},
	}
	for _, tt := range tests {
		if got := dangerous([]byte(tt.url)); got != tt.want {
			t.Errorf("dangerous(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

func TestSafeLinksKept(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"[a](https://example.gov.cn/x)", `<a href="https://example.gov.cn/x">a</a>`},
		{"[a](mailto:perf@example.gov.cn)", `<a href="mailto:perf@example.gov.cn">a</a>`},
		{"[a](tel:12345)", `<a href="tel:12345">a</a>`},
		{"[a](../x/)", `<a href="../x/">a</a>`},
		{"<perf@example.gov.cn>", `<a href="mailto:perf@example.gov.cn">perf@example.gov.cn</a>`},
	}
	for _, tt := range tests {
		html := string(render(t, New(false, "/"), tt.src).HTML)
		if !strings.Contains(html, tt.want) {
			t.Errorf("%q: HTML lacks %q:\n%s", tt.src, tt.want, html)
		}
	}
}

func TestUnsafe(t *testing.T) {
	r := New(true, "/")
	tests := []struct {
		src, want string
	}{
		{"<script>alert(1)</script>", "<script>alert(1)</script>"},
		{"段落 <abbr title=\"国内生产总值\">GDP</abbr>", `<abbr title="国内生产总值">GDP</abbr>`},
		{"[x](javascript:alert(1))", `<a href="javascript:alert(1)">x</a>`},
		{"![x](data:image/png;base64,AAAA)", `<img src="data:image/png;base64,AAAA" alt="x">`},
	}
	for _, tt := range tests {
		html := string(render(t, r, tt.src).HTML)
		if !strings.Contains(html, tt.want) {
			t.Errorf("%q: HTML lacks %q:\n%s", tt.src, tt.want, html)
		}
	}
}

func TestBasePath(t *testing.T) {
	tests := []struct {
		name, base, src, want string
	}{
		{"root-relative", "/perf/", "[a](/2024/market-regulation/)", `href="/perf/2024/market-regulation/"`},
		{"base without slashes", "perf", "[a](/2024/)", `href="/perf/2024/"`},
		{"base without trailing slash", "/a/b", "[a](/2024/)", `href="/a/b/2024/"`},
		{"site root", "/perf/", "[a](/)", `href="/perf/"`},
		{"with fragment", "/perf/", "[a](/2024/#indicators)", `href="/perf/2024/#indicators"`},
		{"image", "/perf/", "![图](/assets/logo.png)", `src="/perf/assets/logo.png"`},
		{"reference", "/perf/", "[a][r]\n\n[r]: /data/", `href="/perf/data/"`},
		{"chinese path", "/perf/", "[a](/报告/)", `href="/perf/%E6%8A%A5%E5%91%8A/"`},
		{"entity slash", "/perf/", "[a](&#47;x/)", `href="/perf/x/"`},
		{"protocol-relative untouched", "/perf/", "[a](//cdn.example/x)", `href="//cdn.example/x"`},
		{"backslash not taken for a slash", "/perf/", `[a](/\\evil.example/)`, `href="/perf/%5Cevil.example/"`},
		{"absolute untouched", "/perf/", "[a](https://example.gov.cn/x)", `href="https://example.gov.cn/x"`},
		{"relative untouched", "/perf/", "[a](../x/)", `href="../x/"`},
		{"fragment untouched", "/perf/", "[a](#top)", `href="#top"`},
		{"root base untouched", "/", "[a](/2024/)", `href="/2024/"`},
		{"empty base is root", "", "[a](/2024/)", `href="/2024/"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := string(render(t, New(false, tt.base), tt.src).HTML)
			if !strings.Contains(html, tt.want) {
				t.Fatalf("HTML lacks %q:\n%s", tt.want, html)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	long := strings.Repeat("字", 200)
	tests := []struct {
		name, src, want string
	}{
		{"after heading", "# 标题\n\n第一段。\n\n第二段。", "第一段。"},
		{"markup removed", "总分 **92.35**，等级*优秀*，见[方案](/m/)和 `x.csv`。", "总分 92.35，等级优秀，见方案和 x.csv。"},
		{"chinese lines join", "第一行\n第二行", "第一行第二行"},
		{"english lines get a space", "first line\nsecond line", "first line second line"},
		{"mixed line break joins", "中文\nEnglish", "中文English"},
		{"entities and escapes", "A &amp; B \\*C\\*", "A & B *C*"},
		{"typographer", `他说 "你好" -- 然后...`, "他说 “你好” – 然后…"},
		{"raw html left out", "前 <b>粗</b> 后", "前 粗 后"},
		{"image alt", "![图一](a.png) 说明", "图一 说明"},
		{"top level only", "> 引用\n\n正文。", "正文。"},
		{"no paragraph", "# 标题\n\n- 列表", ""},
		{"long", long, strings.Repeat("字", SummaryLen-1) + "…"},
		{"exactly max", long[:SummaryLen*len("字")], long[:SummaryLen*len("字")]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := render(t, New(false, "/"), tt.src)
			if d.Summary != tt.want {
				t.Fatalf("summary %q, want %q", d.Summary, tt.want)
			}
			if n := utf8.RuneCountInString(d.Summary); n > SummaryLen {
				t.Fatalf("summary has %d runes", n)
			}
		})
	}
}

func TestLinks(t *testing.T) {
	src := "[a](/x?a=1&b=2) ![i](/img/a.png \"t\") [again](/x?a=1&b=2) [c](../报告/) <https://example.gov.cn/>\n\n注[^1]\n\n[^1]: 说明"
	d := render(t, New(false, "/perf/"), src)
	want := []string{
		"/perf/x?a=1&b=2",
		"/perf/img/a.png",
		"../%E6%8A%A5%E5%91%8A/",
		"https://example.gov.cn/",
		"#fn:1",
		"#fnref:1",
	}
	if !reflect.DeepEqual(d.Links, want) {
		t.Fatalf("links\n got %q\nwant %q", d.Links, want)
	}
}

func TestScanLinksSkipsOtherAttributes(t *testing.T) {
	got := scanLinks([]byte(`<a title="x href=" href="/a">y</a><img alt=" src=" src="/b.png">`))
	want := []string{"/a", "/b.png"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestCJKQuotes(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"部门'的'事项", "部门‘的’事项"},
		{"'优'和'良'", "‘优’和‘良’"},
		{"他说：'好'。", "他说：‘好’。"},
		{"it's 'Tom's plan'", "it’s ‘Tom’s plan’"},
		{"中文'English'中文", "中文‘English’中文"},
		{"项目\"数字政府\"建设", "项目\"数字政府\"建设"},
		{"「优」『良』“中”", "「优」『良』“中”"},
	}
	for _, tt := range tests {
		d := render(t, New(false, "/"), tt.src)
		if d.Summary != tt.want {
			t.Errorf("%q: got %q, want %q", tt.src, d.Summary, tt.want)
		}
	}
}

// Render is called from parallel page builds; run with -race.
func TestConcurrentRender(t *testing.T) {
	src, err := os.ReadFile("testdata/bench.md")
	if err != nil {
		t.Fatal(err)
	}
	r := New(false, "/perf/")
	want := render(t, r, string(src))
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				d, err := r.Render(src)
				if err != nil || !reflect.DeepEqual(d, want) {
					errs <- "concurrent render differs from a sequential one"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestBenchDoc(t *testing.T) {
	src, err := os.ReadFile("testdata/bench.md")
	if err != nil {
		t.Fatal(err)
	}
	d := render(t, New(false, "/perf/"), string(src))
	ids := map[string]bool{}
	for _, h := range d.Headings {
		if ids[h.ID] {
			t.Errorf("duplicate id %q", h.ID)
		}
		ids[h.ID] = true
	}
	for _, want := range []string{"预算执行情况", "分季度进展", "公众参与"} {
		if !ids[want] {
			t.Errorf("no heading id %q in %v", want, d.Headings)
		}
	}
	for _, l := range d.Links {
		if strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "/perf/") {
			t.Errorf("root-relative link %q lacks the base path", l)
		}
	}
	if got := strings.Count(string(d.HTML), `<div class="table-scroll"`); got != 3 {
		t.Errorf("%d table boxes, want 3", got)
	}
}

func BenchmarkRender(b *testing.B) {
	src, err := os.ReadFile("testdata/bench.md")
	if err != nil {
		b.Fatal(err)
	}
	r := New(false, "/perf/")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(src); err != nil {
			b.Fatal(err)
		}
	}
}
