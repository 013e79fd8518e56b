package render

import (
	"errors"
	"fmt"
	"html/template"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	"perfsite/generator/decimal"
	"perfsite/generator/markdown"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// builder turns the loaded and scored site into the list of pages.
type builder struct {
	s    *model.Site
	opts Options
	tr   *i18n
	site *SiteInfo
	md   *markdown.Renderer

	basePath string // "/" or "/perf/"
	baseURL  string // "https://x.gov.cn/perf/"

	cycles  []*cycleData // oldest first, only cycles with a scheme
	depts   map[string]*model.Department
	groups  map[string]*model.Group
	content map[string]*model.Content // by path: "content/2024/_index.md"

	mu   sync.Mutex // guards errs and md: pages are built on every core
	errs []error

	chartScripts []string   // the scripts a page with charts loads
	noteLabels   noteLabels // see DefinitionItems

	ts         *templates        // the layouts, for fragments
	statuses   statusSet         // with their HTML: see prepareFragments
	methods    map[string]string // scoring methods in words, by method
	directions map[string]string // directions in words, by direction
}

// cycleData pairs a cycle's inputs with its results.
type cycleData struct {
	m    *model.Cycle
	r    *score.Cycle
	dims map[string]*model.Dimension
	byID map[string]*score.Department

	rankedIn      map[string]int         // ranked scorecards by group
	rankedOverall int                    // scorecards ranked overall
	averages      map[string][]decimal.D // by group: the average rate of each dimension over its final scorecards, in scheme order; none when the group has no final scorecard
	averageText   map[string][]string    // averages as published percentages
	averageDrawn  map[string][]*float64  // averages as a chart draws them
}

// fill sets the cycle's results, none when rc is nil, and what its pages look up
// in them.
func (cd *cycleData) fill(rc *score.Cycle) {
	if rc == nil {
		rc = &score.Cycle{ID: cd.m.ID, Scheme: cd.m.Scheme}
	}
	cd.r = rc
	cd.byID = make(map[string]*score.Department, len(rc.Departments))
	for _, d := range rc.Departments {
		cd.byID[d.ID] = d
	}
	cd.groupStats()
}

func newBuilder(s *model.Site, r *score.Result, opts Options, tr *i18n) (*builder, error) {
	u, err := url.Parse(s.Config.BaseURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("site.toml: base_url %q is not an absolute web address: write it like \"https://perf.example.gov.cn/\"", s.Config.BaseURL)
	}
	basePath := u.Path
	if !strings.HasSuffix(basePath, "/") {
		basePath += "/"
	}
	u.Path, u.RawPath, u.RawQuery, u.Fragment = basePath, "", "", ""
	b := &builder{
		s: s, opts: opts, tr: tr,
		basePath: basePath,
		baseURL:  u.String(),
		depts:    map[string]*model.Department{},
		groups:   map[string]*model.Group{},
		content:  map[string]*model.Content{},
		md:       markdown.New(s.Config.UnsafeHTML, basePath),
	}
	for _, d := range s.Departments {
		b.depts[d.ID] = d
	}
	for _, g := range s.Groups {
		b.groups[g.ID] = g
	}
	for _, c := range s.Content {
		if c.Draft && !opts.Drafts {
			continue
		}
		b.content[c.Path] = c
	}
	results := map[string]*score.Cycle{}
	if r != nil {
		for _, c := range r.Cycles {
			results[c.ID] = c
		}
	}
	for _, mc := range s.Cycles {
		if mc.Scheme == nil {
			continue
		}
		cd := &cycleData{m: mc, dims: map[string]*model.Dimension{}}
		for _, d := range mc.Scheme.Dimensions {
			cd.dims[d.ID] = d
		}
		cd.fill(results[mc.ID])
		b.cycles = append(b.cycles, cd)
	}
	// Known up front, so rows take them from a map; a text the theme lacks is
	// reported when a page needs it.
	b.methods, b.directions = map[string]string{}, map[string]string{}
	for _, m := range model.Methods {
		if text, err := tr.T("method_" + m); err == nil {
			b.methods[m] = text
		}
	}
	for _, d := range []string{model.Higher, model.Lower} {
		if text, err := tr.T("direction_" + d); err == nil {
			b.directions[d] = text
		}
	}
	b.site = &SiteInfo{
		Title:       s.Config.Title,
		Description: s.Config.Description,
		Lang:        tr.lang,
		Version:     opts.Version,
		BasePath:    basePath,
		BaseURL:     b.baseURL,
		SampleData:  s.Config.SampleData,
		Feedback:    s.Config.Feedback,
		License:     s.Config.OpenData.License,
		FeedURL:     b.url("feed.xml"),
		CSSURL:      b.url("assets/site.css"),
	}
	b.chartScripts = []string{b.url("assets/echarts/echarts.min.js"), b.url("assets/charts.js")}
	return b, nil
}

// url is the href of a path below the site root.
func (b *builder) url(rel string) string { return b.basePath + rel }

// abs is the absolute URL of a path below the site root.
func (b *builder) abs(rel string) string { return b.baseURL + rel }

// t is interface text for Go code; a missing key is remembered and fails the build.
func (b *builder) t(key string, args ...any) string {
	s, err := b.tr.T(key, args...)
	return b.textOrKey(key, s, err)
}

// tStrings is t for arguments that are all strings: see i18n.TStrings.
func (b *builder) tStrings(key string, args ...string) string {
	s, err := b.tr.TStrings(key, args...)
	return b.textOrKey(key, s, err)
}

// textOrKey is the text s of key, or key itself after remembering err.
func (b *builder) textOrKey(key, s string, err error) string {
	if err != nil {
		b.fail(err)
		return key
	}
	return s
}

// methodWord is a scoring method in words.
func (b *builder) methodWord(method string) string {
	if text, ok := b.methods[method]; ok {
		return text
	}
	return b.t("method_" + method)
}

// directionWord is an indicator's direction in words; none is "higher".
func (b *builder) directionWord(direction string) string {
	direction = orID(direction, model.Higher)
	if text, ok := b.directions[direction]; ok {
		return text
	}
	return b.t("direction_" + direction)
}

// fail remembers a problem found while building a page's model.
func (b *builder) fail(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errs = append(b.errs, err)
}

// failed reports whether building any page has failed so far.
func (b *builder) failed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.errs) > 0
}

// buildErr is every problem found while building the models, each once and in
// order of their text: pages are built in parallel, in no fixed order.
func (b *builder) buildErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	seen := map[string]bool{}
	var msgs []string
	byMsg := map[string]error{}
	for _, err := range b.errs {
		if m := err.Error(); !seen[m] {
			seen[m] = true
			msgs = append(msgs, m)
			byMsg[m] = err
		}
	}
	sort.Strings(msgs)
	errs := make([]error, len(msgs))
	for i, m := range msgs {
		errs[i] = byMsg[m]
	}
	return errors.Join(errs...)
}

func (b *builder) funcs() template.FuncMap {
	return template.FuncMap{
		"t":      b.tr.T,
		"url":    b.url,
		"abs":    b.abs,
		"status": b.statusFunc,
	}
}

// statusFunc is status for templates: an unknown key fails the page.
func (b *builder) statusFunc(key string) (Status, error) {
	if st, ok := b.statuses.get(key); ok {
		return st, nil
	}
	word, err := b.tr.T("status_" + key)
	if err != nil {
		return Status{}, err
	}
	st := Status{Key: strings.ReplaceAll(key, "_", "-"), Icon: statusIcons[key], Word: word}
	st.HTML, err = b.ts.fragment("status", st)
	return st, err
}

// latest is the newest cycle, or nil when the site has none.
func (b *builder) latest() *cycleData {
	if len(b.cycles) == 0 {
		return nil
	}
	return b.cycles[len(b.cycles)-1]
}

// narrative renders a content file's Markdown, or returns "" when there is none.
func (b *builder) narrative(path string) (template.HTML, *model.Content) {
	c := b.content[path]
	if c == nil {
		return "", nil
	}
	b.mu.Lock()
	doc, err := b.md.Render(c.Body)
	b.mu.Unlock()
	if err != nil {
		b.fail(fmt.Errorf("%s: the Markdown could not be rendered: %v", c.Path, err))
		return "", c
	}
	return doc.HTML, c
}

// pageSpec is one HTML page before its model is built: its output file, known
// up front so pages can be ordered and duplicates found without holding every
// page's model, and how to build the model.
type pageSpec struct {
	file  string
	build func() *Page
}

// specs lists every HTML page, sorted by output file.
func (b *builder) specs() []pageSpec {
	var ps []pageSpec
	for _, c := range b.cycles {
		ps = append(ps, b.cycleSpecs(c)...)
	}
	ps = append(ps, b.siteSpecs()...)
	sortSpecs(ps)
	return ps
}

func sortSpecs(ps []pageSpec) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].file < ps[j].file })
}

// cycleSpecs lists the pages of one cycle, and the home page when it is the
// newest: the pages that need its scorecards and their results.
func (b *builder) cycleSpecs(c *cycleData) []pageSpec {
	var ps []pageSpec
	add := func(rel string, build func() *Page) {
		ps = append(ps, pageSpec{file: rel + "index.html", build: build})
	}
	links := b.cycleLinks(c)
	if c == b.latest() {
		add("", func() *Page { return b.cyclePage(c, true, links) })
	}
	cid := c.m.ID
	add(cid+"/", func() *Page { return b.cyclePage(c, false, links) })
	add(cid+"/methodology/", func() *Page { return b.methodologyPage(c) })
	for _, d := range c.r.Departments {
		add(cid+"/"+d.ID+"/", func() *Page { return b.scorecardPage(c, d, links) })
	}
	for _, dim := range c.m.Scheme.Dimensions {
		add(cid+"/dimensions/"+dim.ID+"/", func() *Page { return b.dimensionPage(c, dim, links) })
	}
	return ps
}

// siteSpecs lists the pages that are not a cycle's: those spanning cycles, which
// need no more of a cycle than score.Cycle.Thin keeps, and the free pages.
func (b *builder) siteSpecs() []pageSpec {
	var ps []pageSpec
	add := func(rel string, build func() *Page) {
		ps = append(ps, pageSpec{file: rel + "index.html", build: build})
	}
	if b.latest() == nil {
		add("", b.emptyHome)
	}
	add("departments/", b.departmentsPage)
	for _, d := range b.s.Departments {
		add("departments/"+d.ID+"/", func() *Page { return b.departmentPage(d) })
	}
	add("data/", b.dataPage)
	add("search/", b.searchPage)
	ps = append(ps, pageSpec{file: "404.html", build: b.notFoundPage})
	for _, c := range b.freeContent() {
		add(freeRel(c), func() *Page { return b.freePage(c) })
	}
	return ps
}

// page builds the model of one page and fills in what every page has.
func (b *builder) page(sp pageSpec) (*Page, error) {
	p := sp.build()
	b.finish(p)
	if p.File() != sp.file {
		return nil, fmt.Errorf("the page /%s was listed as %s but built as %s", p.Rel, sp.file, p.File())
	}
	return p, nil
}

// finish fills what every page has from its Rel and the site.
func (b *builder) finish(p *Page) {
	p.Site = b.site
	p.URL = b.url(p.Rel)
	p.parts = b.ts.layout(p.Layout)
	if p.file == "" {
		p.Canonical = b.abs(p.Rel)
	}
	if p.Description == "" {
		p.Description = b.s.Config.Description
	}
	if p.Charts {
		// Shared by the pages without scripts of their own; its capacity is its
		// length, so an append copies it.
		p.Scripts = append(b.chartScripts[:len(b.chartScripts):len(b.chartScripts)], p.Scripts...)
	}
}

// crumbs returns the breadcrumbs from the home page to the page itself.
func (b *builder) crumbs(trail ...Link) []Link {
	return append([]Link{{URL: b.url(""), Text: b.t("nav_home")}}, trail...)
}

// nav is the site's main navigation.
func (b *builder) nav() []Link {
	var nav []Link
	if l := b.latest(); l != nil {
		nav = append(nav,
			Link{URL: b.url(l.m.ID + "/"), Text: b.t("nav_cycle", l.m.ID)},
			Link{URL: b.url(l.m.ID + "/methodology/"), Text: b.t("nav_methodology")},
		)
	}
	nav = append(nav,
		Link{URL: b.url("departments/"), Text: b.t("nav_departments")},
		Link{URL: b.url("data/"), Text: b.t("nav_data")},
		Link{URL: b.url("search/"), Text: b.t("nav_search")},
	)
	for _, c := range b.freeContent() {
		nav = append(nav, Link{URL: b.url(freeRel(c)), Text: b.contentTitle(c)})
	}
	return nav
}

// freeContent lists the free pages (content/<page>.md), by weight then path.
func (b *builder) freeContent() []*model.Content {
	var out []*model.Content
	for _, p := range slices.Sorted(maps.Keys(b.content)) {
		rest, ok := strings.CutPrefix(p, "content/")
		if !ok || strings.Contains(rest, "/") || !strings.HasSuffix(rest, ".md") || rest == "_index.md" {
			continue
		}
		out = append(out, b.content[p])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Weight < out[j].Weight })
	return out
}

func freeRel(c *model.Content) string {
	return strings.TrimSuffix(strings.TrimPrefix(c.Path, "content/"), ".md") + "/"
}

func (b *builder) contentTitle(c *model.Content) string {
	if c.Title != "" {
		return c.Title
	}
	return strings.TrimSuffix(freeRel(c), "/")
}

func (b *builder) freePage(c *model.Content) *Page {
	body, _ := b.narrative(c.Path)
	title := b.contentTitle(c)
	return &Page{
		Rel:         freeRel(c),
		Layout:      "page.html",
		Title:       title,
		Description: c.Description,
		Crumbs:      b.crumbs(Link{Text: title}),
		Data:        &PageData{Body: body, Date: c.Date.String()},
	}
}

func (b *builder) notFoundPage() *Page {
	return &Page{
		file:   "404.html",
		Layout: "404.html",
		Title:  b.t("notfound_title"),
		Crumbs: b.crumbs(Link{Text: b.t("notfound_title")}),
		Data:   &NotFoundData{Departments: b.url("departments/"), Search: b.url("search/")},
	}
}

// emptyHome is the home page of a site with no cycle yet.
func (b *builder) emptyHome() *Page {
	body, _ := b.narrative("content/_index.md")
	return &Page{
		Layout: "page.html",
		Title:  b.s.Config.Title,
		Data:   &PageData{Body: body},
	}
}
