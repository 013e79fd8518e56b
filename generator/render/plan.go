package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"perfsite/generator/model"
	"perfsite/generator/score"
	theme "perfsite/themes/default"
)

// Plan is the list of output files of one render — every HTML page, then
// feed.xml, robots.txt, search/index.json and sitemap.xml — each able to render
// itself on demand.
//
// Making a plan costs little next to rendering: it loads the theme's strings and
// templates and lists the pages with their output files, but builds no page model
// and executes no template. Site renders every entry of a plan; the preview renders
// only the entries someone asks for. Both build a page's model and execute its
// template the same way, so they give the same bytes.
//
// A Plan is safe for concurrent use. Page models are built one at a time, since
// they share the plan's lists and counters; templates run side by side.
type Plan struct {
	b        *builder
	ts       *templates
	specs    []pageSpec     // the pages, sorted by output file
	index    map[string]int // output file → index in specs; machine files are not in it
	files    []string       // every output file, in the order Site writes them
	sitemap  []string       // the canonical address of each page, in output order
	conflict error          // two pages with one output file
	navErrs  []error        // interface text missing in the navigation, which every page shows

	mu      sync.Mutex // guards b: its models are built one at a time
	machine struct {
		once  sync.Once
		files map[string][]byte
	}
}

// machineNames are the files for programs, in the order Site writes them after the
// pages (see machineFiles).
var machineNames = []string{"feed.xml", "robots.txt", "search/index.json", "sitemap.xml"}

// NewPlan prepares the render of s: the errors it returns are those of the theme
// (strings, templates) and of the site's base URL. Pages' own errors (missing
// interface text, template errors) come from Render, or from Site.
func NewPlan(s *model.Site, r *score.Result, opts Options, overrides fs.FS) (*Plan, error) {
	b, ts, err := prepare(s, r, opts, overrides)
	if err != nil {
		return nil, err
	}
	p := &Plan{b: b, ts: ts, specs: b.specs(), navErrs: append([]error(nil), b.errs...)}
	p.index = make(map[string]int, len(p.specs))
	p.files = make([]string, 0, len(p.specs)+len(machineNames))
	for i, sp := range p.specs {
		if _, dup := p.index[sp.file]; dup && p.conflict == nil {
			p.conflict = samePlace(sp.file)
		}
		p.index[sp.file] = i
		p.files = append(p.files, sp.file)
		if rel, ok := pageRel(sp.file); ok {
			p.sitemap = append(p.sitemap, b.abs(rel))
		}
	}
	p.files = append(p.files, machineNames...)
	return p, nil
}

// prepare loads the theme's strings and templates and makes the builder of s's
// pages, with the navigation every page shows.
func prepare(s *model.Site, r *score.Result, opts Options, overrides fs.FS) (*builder, *templates, error) {
	th := opts.Theme
	if th == nil {
		th = theme.FS
	}
	tr, err := loadI18n(th, s.Config.Language)
	if err != nil {
		return nil, nil, err
	}
	b, err := newBuilder(s, r, opts, tr)
	if err != nil {
		return nil, nil, err
	}
	ts, err := loadTemplates(th, overrides, b.funcs())
	if err != nil {
		return nil, nil, err
	}
	if err := b.prepareFragments(ts); err != nil {
		return nil, nil, err
	}
	return b, ts, nil
}

// errCanonical is a layout or theme that changed a page's canonical address.
var errCanonical = errors.New("the pages' canonical addresses do not follow their output files: the sitemap and the preview would disagree with the pages")

// samePlace is the error of two pages with one output file.
func samePlace(file string) error {
	return fmt.Errorf("two pages would be published as %s: rename one of them (a content page, cycle, department or dimension id may not take another page's address)", file)
}

// pageRel is the address of the page written as file, below the site root, when
// the page has one of its own ("2024/" for "2024/index.html"); the not-found page
// has none. Page.Canonical follows the same rule (see builder.finish).
func pageRel(file string) (string, bool) {
	rel, ok := strings.CutSuffix(file, "index.html")
	return rel, ok && (rel == "" || strings.HasSuffix(rel, "/"))
}

// Files lists every output file of the plan, in the order Site writes them.
func (p *Plan) Files() []string { return p.files }

// Has reports whether rel is an output file of the plan.
func (p *Plan) Has(rel string) bool {
	if _, ok := p.index[rel]; ok {
		return true
	}
	for _, m := range machineNames {
		if m == rel {
			return true
		}
	}
	return false
}

// Conflict is the error of two pages that would be published at one address, or
// nil. Site reports it after the pages' own errors; the preview refuses the plan.
func (p *Plan) Conflict() error { return p.conflict }

// ShowsDataSums reports whether the page written as rel shows the sizes and
// SHA-256 of the open-data files (Options.DataFiles). Only the data page does;
// every other page uses their paths alone, so the preview can make a plan, and
// render any other page, before the open data exist — and fill the sums in with
// SetDataFiles when the data page is asked for.
func ShowsDataSums(rel string) bool { return rel == "data/index.html" }

// SetDataFiles replaces the open-data files that pages list (Options.DataFiles).
// Pages rendered afterwards show them; the paths must be the same as before, or
// pages rendered earlier would disagree with later ones.
func (p *Plan) SetDataFiles(files []DataFile) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.b.opts.DataFiles = files
}

// Render returns the content of one output file of the plan.
func (p *Plan) Render(rel string) ([]byte, error) {
	i, ok := p.index[rel]
	if !ok {
		if !p.Has(rel) {
			return nil, fmt.Errorf("%s is not an output file of this build", rel)
		}
		p.machine.once.Do(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.machine.files = map[string][]byte{}
			for _, f := range p.b.machineFiles(p.sitemap, nil) {
				p.machine.files[f.rel] = f.data
			}
		})
		return p.machine.files[rel], nil
	}
	page, err := p.model(i)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := p.ts.execute(&buf, page); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// model builds the model of the i-th page; interface text it misses, or that the
// navigation misses, is its error.
func (p *Plan) model(i int) (*Page, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.b.mu.Lock()
	n := len(p.b.errs)
	p.b.mu.Unlock()
	page, err := p.b.page(p.specs[i])
	if err != nil {
		return nil, err
	}
	p.b.mu.Lock()
	errs := append([]error(nil), p.b.errs[n:]...)
	p.b.errs = p.b.errs[:n]
	p.b.mu.Unlock()
	if len(errs) > 0 || len(p.navErrs) > 0 {
		return nil, errors.Join(append(append([]error(nil), p.navErrs...), errs...)...)
	}
	return page, nil
}

// writeAll renders every entry of the plan in order and writes it through w. The
// pages are built and executed as a stream (see builder.stream).
func (p *Plan) writeAll(w Writer) error {
	out := &onceWriter{w: w, seen: map[string]bool{}}
	sitemap, err := p.b.stream(p.ts, p.specs, p.conflict, out)
	if err != nil {
		return err
	}
	if !slices.Equal(sitemap, p.sitemap) {
		return errCanonical
	}
	for i, f := range p.b.machineFiles(p.sitemap, nil) {
		if i >= len(machineNames) || f.rel != machineNames[i] {
			return fmt.Errorf("the machine file %s is not in the plan's list of machine files", f.rel)
		}
		if err := out.write(f.rel, f.data); err != nil {
			return err
		}
	}
	return nil
}
