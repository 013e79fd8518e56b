package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"

	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/score"
	theme "perfsite/themes/default"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// today is the day the fixture is built on: the health bureau's rectification
// due 2025-01-31 is overdue, the market bureau's due 2025-12-31 is not.
var today = model.Date{Year: 2025, Month: 7, Day: 1}

// memWriter keeps the output in memory.
type memWriter map[string][]byte

func (m memWriter) WriteFile(rel string, data []byte) error {
	m[rel] = data
	return nil
}

func (m memWriter) html() []string {
	var out []string
	for rel := range m {
		if strings.HasSuffix(rel, ".html") {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// fixture loads testdata/site. With drafts false, draft scorecards are left
// out the way a build without --drafts does.
func fixture(t *testing.T, drafts bool) *model.Site {
	t.Helper()
	s, diags := load.SiteAt("testdata/site", today)
	if diags.HasErrors() {
		t.Fatalf("fixture does not load:\n%s", diags)
	}
	if !drafts {
		for _, c := range s.Cycles {
			var keep []*model.Scorecard
			for _, card := range c.Cards {
				if !card.Draft {
					keep = append(keep, card)
				}
			}
			c.Cards = keep
		}
	}
	return s
}

// exampleSite loads the example site at the repository root.
func exampleSite(t *testing.T) *model.Site {
	t.Helper()
	return loadSite(t, "../..")
}

func loadSite(t *testing.T, dir string) *model.Site {
	t.Helper()
	s, diags := load.SiteAt(dir, today)
	if diags.HasErrors() {
		t.Fatalf("%s does not load:\n%s", dir, diags)
	}
	return s
}

// testBuilder is the builder of s, with the theme's own interface text when tr
// is nil, and the default theme's templates with overrides, not yet prepared
// (prepareFragments): a test may add to them or look at them first.
func testBuilder(t *testing.T, s *model.Site, opts Options, tr *i18n, overrides fs.FS) (*builder, *templates) {
	t.Helper()
	if tr == nil {
		var err error
		if tr, err = loadI18n(theme.FS, s.Config.Language); err != nil {
			t.Fatal(err)
		}
	}
	b, err := newBuilder(s, score.Site(s), opts, tr)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := loadTemplates(theme.FS, overrides, b.funcs())
	if err != nil {
		t.Fatal(err)
	}
	return b, ts
}

// pageModels readies b's fragments with ts and builds the model of every page
// b makes, in order.
func pageModels(t *testing.T, b *builder, ts *templates) []*Page {
	t.Helper()
	if err := b.prepareFragments(ts); err != nil {
		t.Fatal(err)
	}
	var pages []*Page
	for _, sp := range b.specs() {
		p, err := b.page(sp)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	return pages
}

func renderSite(t *testing.T, s *model.Site, opts Options, overrides fs.FS) memWriter {
	t.Helper()
	if opts.Today.IsZero() {
		opts.Today = today
	}
	if opts.Version == "" {
		opts.Version = "1.2.3"
	}
	w := memWriter{}
	if err := Site(s, score.Site(s), opts, overrides, w); err != nil {
		t.Fatalf("Site: %v", err)
	}
	return w
}

func TestEveryPageIsWritten(t *testing.T) {
	finalPages := []string{
		"index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt",
		"search/index.html", "search/index.json", "data/index.html", "about/index.html",
		"departments/index.html", "departments/market/index.html", "departments/tax/index.html",
		"departments/commerce/index.html", "departments/health/index.html",
		"2023/index.html", "2023/methodology/index.html",
		"2023/market/index.html", "2023/tax/index.html", "2023/health/index.html",
		"2023/dimensions/public/index.html", "2023/dimensions/finance/index.html", "2023/dimensions/process/index.html",
		"2024/index.html", "2024/methodology/index.html",
		"2024/market/index.html", "2024/tax/index.html", "2024/health/index.html",
		"2024/dimensions/public/index.html", "2024/dimensions/finance/index.html", "2024/dimensions/process/index.html",
	}
	tests := []struct {
		name   string
		drafts bool
		want   []string
	}{
		{"final only", false, finalPages},
		{"with drafts", true, append(append([]string(nil), finalPages...), "2024/commerce/index.html")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := renderSite(t, fixture(t, tt.drafts), Options{Drafts: tt.drafts}, nil)
			var got []string
			for rel := range w {
				got = append(got, rel)
			}
			sort.Strings(got)
			want := append([]string(nil), tt.want...)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("files written:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

var (
	attrURL    = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	styleAttr  = regexp.MustCompile(`(?i)\sstyle\s*=`)
	eventAttr  = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	scriptTag  = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	jsonScript = regexp.MustCompile(`\btype="application/json"`)
	idAttr     = regexp.MustCompile(`\sid="([^"]*)"`)
)

func TestLinksUseTheBasePath(t *testing.T) {
	w := renderSite(t, fixture(t, true), Options{Drafts: true, DataFiles: []DataFile{{Path: "data/2024/departments.csv", Size: 10, SHA256: strings.Repeat("a", 64)}}}, nil)
	for _, rel := range w.html() {
		for _, m := range attrURL.FindAllStringSubmatch(string(w[rel]), -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			switch {
			case strings.HasPrefix(u, "/"):
				if !strings.HasPrefix(u, "/perf/") {
					t.Errorf("%s: internal link %q lacks the base path /perf/", rel, u)
					continue
				}
				// Links to pages must reach a page of this render; assets and
				// data files are copied by other stages.
				p := strings.TrimPrefix(strings.SplitN(u, "#", 2)[0], "/perf/")
				if strings.HasPrefix(p, "assets/") || strings.HasPrefix(p, "data/") && !strings.HasSuffix(p, "/") {
					continue
				}
				if strings.HasSuffix(p, "/") || p == "" {
					p += "index.html"
				}
				if _, ok := w[p]; !ok {
					t.Errorf("%s: link %q reaches no page", rel, u)
				}
			case strings.HasPrefix(u, "https://"), strings.HasPrefix(u, "mailto:"), strings.HasPrefix(u, "tel:"), strings.HasPrefix(u, "#"):
			default:
				t.Errorf("%s: unexpected link %q", rel, u)
			}
		}
		if rel != "404.html" && !bytes.Contains(w[rel], []byte(`<link rel="canonical" href="https://example.gov.cn/perf/`)) {
			t.Errorf("%s: no canonical link under https://example.gov.cn/perf/", rel)
		}
	}
	if !bytes.Contains(w["2024/market/index.html"], []byte(`href="/perf/data/2024/departments.csv"`)) {
		t.Errorf("the scorecard does not offer the cycle's data file for download")
	}
	if got := string(w["robots.txt"]); !strings.Contains(got, "Sitemap: https://example.gov.cn/perf/sitemap.xml\n") {
		t.Errorf("robots.txt has no Sitemap line with the absolute URL:\n%s", got)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(w["sitemap.xml"], &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	// Every HTML page but the not-found page, each once.
	if want := len(w.html()) - 1; len(sm.URLs) != want {
		t.Errorf("sitemap lists %d URLs, want %d", len(sm.URLs), want)
	}
	for _, u := range sm.URLs {
		if !strings.HasPrefix(u.Loc, "https://example.gov.cn/perf/") || !strings.HasSuffix(u.Loc, "/") {
			t.Errorf("sitemap URL %q is not an absolute page URL under the base", u.Loc)
		}
	}
}

func TestStrictContentSecurityPolicy(t *testing.T) {
	w := renderSite(t, fixture(t, true), Options{Drafts: true}, nil)
	for _, rel := range w.html() {
		page := string(w[rel])
		if styleAttr.MatchString(page) || strings.Contains(page, "<style") {
			t.Errorf("%s: has inline style", rel)
		}
		if m := eventAttr.FindString(page); m != "" {
			t.Errorf("%s: has an event handler attribute %q", rel, m)
		}
		hasCharts := strings.Contains(page, `data-chart-for=`)
		loadsECharts := strings.Contains(page, `<script defer src="/perf/assets/echarts/echarts.min.js"></script>`) &&
			strings.Contains(page, `<script defer src="/perf/assets/charts.js"></script>`)
		if hasCharts != loadsECharts {
			t.Errorf("%s: has charts %v but loads ECharts and charts.js %v", rel, hasCharts, loadsECharts)
		}
		for _, m := range scriptTag.FindAllStringSubmatch(page, -1) {
			attrs, body := m[1], m[2]
			switch {
			case jsonScript.MatchString(attrs):
				if strings.Contains(body, "<") {
					t.Errorf("%s: a JSON block contains '<': %.80s", rel, body)
				}
			case strings.Contains(attrs, "src=") && strings.Contains(attrs, "defer"):
				if strings.TrimSpace(body) != "" {
					t.Errorf("%s: script with src has a body", rel)
				}
			default:
				t.Errorf("%s: inline or blocking script <script%s>", rel, attrs)
			}
		}
		ids := map[string]bool{}
		for _, m := range idAttr.FindAllStringSubmatch(page, -1) {
			if ids[m[1]] {
				t.Errorf("%s: id %q is used twice", rel, m[1])
			}
			ids[m[1]] = true
		}
		if n := strings.Count(page, "<h1"); n != 1 {
			t.Errorf("%s: %d h1 headings, want 1", rel, n)
		}
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	const hostile = `<script>alert(1)</script>"onmouseover=alert(2) x`
	s := fixture(t, true)
	for _, d := range s.Departments {
		if d.ID == "market" {
			d.Name = "市场" + hostile
			d.ShortName = "监管" + hostile
			d.Description = hostile
		}
	}
	s.Config.Title = "县" + hostile
	w := renderSite(t, s, Options{Drafts: true}, nil)
	for rel, data := range w {
		page := string(data)
		if strings.Contains(page, "<script>alert") {
			t.Errorf("%s: the hostile text is not escaped", rel)
		}
		// Outside JSON blocks (where it is a JSON-escaped \" inside a string),
		// a quote before onmouseover would end an attribute.
		if strings.HasSuffix(rel, ".html") && strings.Contains(scriptTag.ReplaceAllString(page, ""), `"onmouseover`) {
			t.Errorf("%s: a raw quote ends an attribute before onmouseover", rel)
		}
	}
	page := string(w["2024/market/index.html"])
	for _, want := range []string{
		"市场&lt;script&gt;alert(1)&lt;/script&gt;&#34;onmouseover=alert(2) x", // text
		`aria-label="各维度得分率与同组平均（%） 市场&lt;script&gt;`,                        // attribute (chart label)
		`\u003cscript\u003ealert(1)\u003c/script\u003e`,                      // chart JSON
	} {
		if !strings.Contains(page, want) {
			t.Errorf("market page lacks the escaped form %q", want)
		}
	}
	var idx SearchIndex
	if err := json.Unmarshal(w["search/index.json"], &idx); err != nil {
		t.Fatalf("search index: %v", err)
	}
	if idx.Departments[0].Name != "市场"+hostile && idx.Departments[1].Name != "市场"+hostile {
		t.Errorf("the search index does not keep the name as data: %+v", idx.Departments[:2])
	}
	var feed struct {
		Title string `xml:"title"`
	}
	if err := xml.Unmarshal(w["feed.xml"], &feed); err != nil || feed.Title != "县"+hostile {
		t.Errorf("feed title = %q, %v; want the title as text", feed.Title, err)
	}
}

func TestRendersAreByteIdentical(t *testing.T) {
	a := renderSite(t, fixture(t, true), Options{Drafts: true}, nil)
	b := renderSite(t, fixture(t, true), Options{Drafts: true}, nil)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for rel := range a {
		if !bytes.Equal(a[rel], b[rel]) {
			t.Errorf("%s differs between two renders", rel)
		}
	}
}

func TestBanners(t *testing.T) {
	drafts := renderSite(t, fixture(t, true), Options{Drafts: true}, nil)
	finals := renderSite(t, fixture(t, false), Options{}, nil)
	provisional := map[string]bool{ // pages showing the draft scorecard of the commerce bureau
		"index.html": true, "2024/index.html": true, "2024/commerce/index.html": true,
		"departments/commerce/index.html":    true,
		"2024/dimensions/public/index.html":  true,
		"2024/dimensions/finance/index.html": true,
		"2024/dimensions/process/index.html": true,
	}
	for _, rel := range drafts.html() {
		got := bytes.Contains(drafts[rel], []byte("banner-provisional"))
		if got != provisional[rel] {
			t.Errorf("with drafts, %s: provisional banner %v, want %v", rel, got, provisional[rel])
		}
	}
	for _, rel := range finals.html() {
		if bytes.Contains(finals[rel], []byte("banner-provisional")) {
			t.Errorf("without drafts, %s has the provisional banner", rel)
		}
		if !bytes.Contains(finals[rel], []byte(`class="banner banner-sample"`)) {
			t.Errorf("%s lacks the sample-data banner", rel)
		}
		if !bytes.Contains(finals[rel], []byte(`<aside class="feedback"`)) || !bytes.Contains(finals[rel], []byte("mailto:perf@example.gov.cn")) {
			t.Errorf("%s lacks the feedback block", rel)
		}
	}
	s := fixture(t, false)
	s.Config.SampleData = false
	for rel, data := range renderSite(t, s, Options{}, nil) {
		if bytes.Contains(data, []byte("banner-sample")) {
			t.Errorf("sample_data = false, yet %s has the sample banner", rel)
		}
	}
}

// TestFigures checks published figures against values worked out by hand from
// testdata/site (see the comments there is no code for: the arithmetic below).
func TestFigures(t *testing.T) {
	w := renderSite(t, fixture(t, true), Options{Drafts: true}, nil)
	tests := []struct {
		page string
		want []string
	}{
		// market 2024: 30 (97.3/95 capped at 1) + 27.00 (90/100 × 30) + 36.00
		// (40 × (1.2−3)/(1−3)) = 93.00; bonus 3 capped at 2 → 95.00. Two final
		// scorecards in the ranked group, quota 0.5 → one 优秀: tax (96.60) keeps
		// it and market drops to 良好. 2023: 29.37 + 25.50 + 20.00 = 74.87 → +20.13.
		{"2024/market/index.html", []string{
			"<dd>95.00</dd>", "<dd>良好</dd>", "第 2 名（共 2 个）",
			"按总分可评“优秀”，因该等级名额已满，评为“良好”。",
			"▲ &#43;20.13", "<td class=\"num\">36.00</td>",
			"申报加分 3.00，计入 2.00", "加分超过上限",
			`<tr id="indicator-startup-days" class="critical">`,
			"mailto:perf@example.gov.cn?subject=" + url.PathEscape("2024 / 市场监督管理局 / 预算执行率"),
			"<td class=\"num\">0.8</td><td class=\"num\">1</td>", // target change
			"<td class=\"num\">1200</td>",                        // survey
			"企业开办用时继续缩短。",                                        // narrative
		}},
		// tax 2024: 30 + 27.60 + 40 = 97.60 − penalty 1 = 96.60, 优秀, first.
		{"2024/tax/index.html", []string{"<dd>96.60</dd>", "<dd>优秀</dd>", "第 1 名（共 2 个）", "▲ &#43;40.20"}},
		// health 2024: 30×90/95 = 28.42 + 25.50 + 40×0.8 = 32 → 85.92 − veto 2 =
		// 83.92, 良好 by score, capped at 合格; unranked, so no rank. 2023: 94.00.
		{"2024/health/index.html", []string{
			"<dd>83.92</dd>", "<dd>合格</dd>", "触发一票否决（安全生产一票否决），等级最高为“合格”。",
			"▼ −10.08", `<tr class="overdue">`, "有 1 项整改已超过期限仍未完成。",
		}},
		// 2024 home: 3 finals, average (95 + 96.60 + 83.92)/3 = 91.84.
		{"index.html", []string{"<dd>3</dd>", "<dd>91.84</dd>", "<td class=\"num\">1</td><th scope=\"row\"><a href=\"/perf/2024/tax/\">税务局</a>"}},
		{"2024/index.html", []string{"年度执行进度", "<tr><th scope=\"row\">Q2</th><td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">0</td></tr>"}},
		{"2024/commerce/index.html", []string{"这是一份草稿评分表", `status-pending`}},
		{"departments/market/index.html", []string{"<td class=\"num\">74.87</td>", "<td class=\"num\">95.00</td>", "市场监督管理局历年考评情况。", "status-improving"}},
		{"2024/dimensions/process/index.html", []string{"<td class=\"num\">90.0%</td>", "<td class=\"num\">100.0%</td>"}},
		{"search/index.html", []string{`href="/perf/departments/market/"`, `href="/perf/departments/tax/"`, `href="/perf/departments/commerce/"`, `href="/perf/departments/health/"`, `data-index="/perf/search/index.json"`, `<script defer src="/perf/assets/search.js"></script>`}},
	}
	for _, tt := range tests {
		page := string(w[tt.page])
		for _, want := range tt.want {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", tt.page, want)
			}
		}
	}
	if strings.Contains(string(w["2024/market/index.html"]), `class="overdue"`) {
		t.Errorf("market's rectification due 2025-12-31 is flagged overdue on 2025-07-01")
	}
	early := renderSite(t, fixture(t, true), Options{Drafts: true, Today: model.Date{Year: 2025, Month: 1, Day: 1}}, nil)
	if strings.Contains(string(early["2024/health/index.html"]), `class="overdue"`) {
		t.Errorf("health's rectification due 2025-01-31 is flagged overdue on 2025-01-01")
	}
}

func TestReportLinkToFeedbackForm(t *testing.T) {
	s := fixture(t, false)
	s.Config.Feedback.URL = "https://example.gov.cn/feedback?from=perf"
	w := renderSite(t, s, Options{}, nil)
	want := `href="https://example.gov.cn/feedback?from=perf&amp;cycle=2024&amp;department=market&amp;indicator=budget&amp;subject=`
	if !strings.Contains(string(w["2024/market/index.html"]), want) {
		t.Errorf("the report link does not go to the feedback form with the figure in its query (%s)", want)
	}
}

func TestMethodology(t *testing.T) {
	w := renderSite(t, fixture(t, true), Options{Drafts: true}, nil)
	page := string(w["2024/methodology/index.html"])
	used := []string{"比率法", "功效系数法", "分档计分", "达标计分", "满意度评分",
		"数值越低越好的指标：不允许值高于目标值", // the lower-is-better linear indicator
		"加分最多计入 2 分。", "扣分最多计入 3 分。", "安全生产一票否决", "名额绝不突破", "<td class=\"num\">50.0%</td>"}
	for _, want := range used {
		if !strings.Contains(page, want) {
			t.Errorf("methodology lacks %q", want)
		}
	}
	for _, unused := range []string{"扣分制", "评议打分"} {
		if strings.Contains(page, unused) {
			t.Errorf("methodology explains %q, which no indicator uses", unused)
		}
	}
}

func TestSearchIndexFindsBySubstring(t *testing.T) {
	w := renderSite(t, fixture(t, false), Options{}, nil)
	var idx SearchIndex
	if err := json.Unmarshal(w["search/index.json"], &idx); err != nil {
		t.Fatal(err)
	}
	find := func(q string) []string {
		var ids []string
		for _, d := range idx.Departments {
			if strings.Contains(strings.ToLower(d.Name+"\n"+d.ShortName+"\n"+d.ID), q) {
				ids = append(ids, d.ID)
			}
		}
		return ids
	}
	tests := []struct{ q, want string }{
		{"市场", "market"},
		{"监管局", "market"},
		{"tax", "tax"},
		{"卫生", "health"},
	}
	for _, tt := range tests {
		if got := strings.Join(find(tt.q), ","); got != tt.want {
			t.Errorf("search %q finds %q, want %q", tt.q, got, tt.want)
		}
	}
	found := false
	for _, in := range idx.Indicators {
		if in.Name == "企业开办平均用时" && in.Cycle == "2024" && in.URL == "/perf/2024/market/#indicator-startup-days" {
			found = true
		}
	}
	if !found {
		t.Errorf("the search index lacks market's 2024 indicator 企业开办平均用时 with its row link")
	}
}

func TestFeed(t *testing.T) {
	w := renderSite(t, fixture(t, false), Options{}, nil)
	var feed struct {
		Updated string `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(w["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"https://example.gov.cn/perf/about/ 2025-04-01T00:00:00Z",
		"https://example.gov.cn/perf/2024/#results 2025-03-31T00:00:00Z",
		"https://example.gov.cn/perf/2023/#results 2024-03-31T00:00:00Z",
		"https://example.gov.cn/perf/2024/methodology/#targets 2024-02-20T00:00:00Z",
		"https://example.gov.cn/perf/2023/methodology/#targets 2023-02-20T00:00:00Z",
	}
	var got []string
	for _, e := range feed.Entries {
		got = append(got, e.ID+" "+e.Updated)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("feed entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if feed.Updated != "2025-04-01T00:00:00Z" {
		t.Errorf("feed updated %q, want the newest entry's date", feed.Updated)
	}
}

func TestEnglish(t *testing.T) {
	s := fixture(t, false)
	s.Config.Language = "en"
	w := renderSite(t, s, Options{}, nil)
	page := string(w["2024/market/index.html"])
	for _, want := range []string{`<html lang="en">`, "Skip to content", "Report a problem", "2 of 2"} {
		if !strings.Contains(page, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
}

func TestI18nFilesHaveTheSameKeys(t *testing.T) {
	keys := map[string]map[string]string{}
	for _, lang := range languages {
		m := map[string]string{}
		if _, err := toml.DecodeFS(theme.FS, "i18n/"+lang+".toml", &m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		keys[lang] = m
	}
	for _, a := range languages {
		for _, b := range languages {
			for k := range keys[a] {
				if _, ok := keys[b][k]; !ok {
					t.Errorf("i18n/%s.toml has %q, i18n/%s.toml does not", a, k, b)
				}
			}
		}
	}
}

func TestOverrides(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    string // in 2024/market/index.html
		wantErr string
	}{
		{
			name:  "a partial",
			files: fstest.MapFS{"partials/footer.html": {Data: []byte(`{{define "footer"}}<footer>本县自有页脚 {{.Site.Title}}</footer>{{end}}`)}},
			want:  "<footer>本县自有页脚 青川县部门绩效考评公开</footer>",
		},
		{
			name:  "a page layout",
			files: fstest.MapFS{"scorecard.html": {Data: []byte(`{{define "main"}}<h1>{{.Data.Name}}</h1><p>自定义 {{.Data.Total}}</p>{{end}}`)}},
			want:  "<p>自定义 95.00</p>",
		},
		{
			// Statuses are made once per site through the partial, yet its override shows on every row.
			name:  "the status partial",
			files: fstest.MapFS{"partials/status.html": {Data: []byte(`{{define "status"}}<em class="mine-{{.Key}}">{{.Word}}</em>{{end}}`)}},
			want:  `<td>27.00</td><td><em class="mine-near">接近目标</em></td>`,
		},
		{
			name:  "the value partial",
			files: fstest.MapFS{"partials/value.html": {Data: []byte(`{{define "value"}}{{if .}}{{.}}{{else}}<i>空</i>{{end}}{{end}}`)}},
			want:  `<td>服务对象</td><td><i>空</i></td>`,
		},
		{
			name:    "a broken file",
			files:   fstest.MapFS{"partials/footer.html": {Data: []byte(`{{define "footer"}}{{.Site.Title}`)}},
			wantErr: "layouts/partials/footer.html (site)",
		},
		{
			name:    "an unknown text key",
			files:   fstest.MapFS{"partials/footer.html": {Data: []byte(`{{define "footer"}}{{t "no_such_key"}}{{end}}`)}},
			wantErr: `no text "no_such_key"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixture(t, false)
			w := memWriter{}
			err := Site(s, score.Site(s), Options{Today: today}, tt.files, w)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one naming %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(w["2024/market/index.html"]), tt.want) {
				t.Errorf("the override did not take: no %q", tt.want)
			}
			if !strings.Contains(string(w["2024/tax/index.html"]), `class="site-header"`) {
				t.Errorf("files the site does not override must come from the theme")
			}
		})
	}
}

// TestPartialsDefineTheirName keeps the override rule simple: the file
// partials/<name>.html defines the template <name> and nothing else, so a site
// overrides one piece by writing one file of that name.
func TestPartialsDefineTheirName(t *testing.T) {
	defines := regexp.MustCompile(`\{\{-?\s*define\s+"([^"]+)"`)
	entries, err := fs.ReadDir(theme.FS, "layouts/partials")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src, err := fs.ReadFile(theme.FS, "layouts/partials/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range defines.FindAllStringSubmatch(string(src), -1) {
			names = append(names, m[1])
		}
		if want := strings.TrimSuffix(e.Name(), ".html"); len(names) != 1 || names[0] != want {
			t.Errorf("partials/%s defines %q, want only %q", e.Name(), names, want)
		}
	}
}

func TestTwoSourcesForOneURL(t *testing.T) {
	s := fixture(t, false)
	s.Content = append(s.Content, &model.Content{Path: "content/2024.md", Title: "冲突", Body: []byte("x")})
	err := Site(s, score.Site(s), Options{Today: today}, nil, memWriter{})
	if err == nil || !strings.Contains(err.Error(), "2024/index.html") {
		t.Fatalf("error %v, want one naming 2024/index.html", err)
	}
}

func TestSiteWithoutCycles(t *testing.T) {
	s := fixture(t, false)
	s.Cycles = nil
	w := memWriter{}
	if err := Site(s, nil, Options{Today: today}, nil, w); err != nil {
		t.Fatal(err)
	}
	home := string(w["index.html"])
	if !strings.Contains(home, "青川县每年对县直部门开展绩效考评") {
		t.Errorf("the home page of a site without cycles lacks its narrative")
	}
	if strings.Contains(home, "/perf/2024/") {
		t.Errorf("the home page links to a cycle the site does not have")
	}
	if _, ok := w["departments/market/index.html"]; !ok {
		t.Errorf("departments get pages even before their first cycle")
	}
}

func TestBadBaseURL(t *testing.T) {
	s := fixture(t, false)
	s.Config.BaseURL = "perf/"
	err := Site(s, score.Site(s), Options{Today: today}, nil, memWriter{})
	if err == nil || !strings.Contains(err.Error(), "base_url") {
		t.Fatalf("error %v, want one about base_url", err)
	}
}

// TestGolden pins the HTML of three pages of the fixture. After an intended
// change, run `go test ./generator/render/ -update` and review the diff.
func TestGolden(t *testing.T) {
	w := renderSite(t, fixture(t, true), Options{Drafts: true, DataFiles: []DataFile{
		{Path: "data/2024/departments.csv", Size: 1234, SHA256: strings.Repeat("0", 64)},
	}}, nil)
	for _, g := range []struct{ page, golden string }{
		{"index.html", "home.html"},
		{"2024/market/index.html", "2024-market.html"},
		{"2024/methodology/index.html", "2024-methodology.html"},
	} {
		path := filepath.Join("testdata", "golden", g.golden)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, w[g.page], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./generator/render/ -update to create it)", err)
		}
		if !bytes.Equal(w[g.page], want) {
			t.Errorf("%s differs from %s; if the change is intended, run go test ./generator/render/ -update", g.page, path)
		}
	}
}
