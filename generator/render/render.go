// Package render writes a scored site as HTML pages and the few machine files
// that go with them (Atom feed, sitemap, robots.txt, search index), through
// the templates of a theme that a site's own layouts/ may override.
//
// Rendering has two steps. First the site model is built: a sorted list of
// pages, each with its URL, its layout (template file) and the plain values that
// layout shows. Then every page is executed with html/template. Templates see
// nothing but a *Page, so a site can rewrite any layout without knowing Go.
package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"sync"

	"perfsite/generator/model"
	"perfsite/generator/score"
	theme "perfsite/themes/default"
)

// Options are the build's choices that pages show.
type Options struct {
	Drafts    bool       // draft scorecards were included: their pages carry the provisional banner
	Today     model.Date // the day rectifications are counted overdue from
	DataFiles []DataFile // the open-data files listed on /data/ and offered as downloads
	Version   string     // the generator's version, for <meta name="generator">
	Theme     fs.FS      // a theme's root folder (layouts/, i18n/); nil: the built-in default theme
	Cache     *Cache     // reuse the HTML of pages whose input did not change (the preview); nil: render all
}

// DataFile is one published open-data file.
type DataFile struct {
	Path   string // relative to the site root, forward slashes: "data/2024/departments.csv"
	Size   int    // bytes
	SHA256 string // lower-case hex
}

// Writer stores one output file. rel is relative to the output root, with
// forward slashes, e.g. "2024/market-regulation/index.html".
type Writer interface {
	WriteFile(rel string, data []byte) error
}

// Site renders every page of the site (SPEC §9) and writes it through w, along
// with feed.xml, sitemap.xml, robots.txt, 404.html and search/index.json.
// overrides is the site's layouts/ folder, or nil: a file there replaces the
// theme's file of the same relative name.
//
// The same inputs give the same bytes: nothing depends on map order or the clock.
func Site(s *model.Site, r *score.Result, opts Options, overrides fs.FS, w Writer) error {
	th := opts.Theme
	if th == nil {
		th = theme.FS
	}
	tr, err := loadI18n(th, s.Config.Language)
	if err != nil {
		return err
	}
	b, err := newBuilder(s, r, opts, tr)
	if err != nil {
		return err
	}
	ts, err := loadTemplates(th, overrides, b.funcs())
	if err != nil {
		return err
	}
	pages, err := b.pages()
	if err != nil {
		return err
	}
	out := &onceWriter{w: w, seen: map[string]bool{}}
	var html [][]byte
	if opts.Cache != nil {
		html, err = opts.Cache.executeCached(ts, pages, themeSum(th, overrides))
	} else {
		html, err = executeAll(ts, pages)
	}
	if err != nil {
		return err
	}
	for i, p := range pages {
		if err := out.write(p.File(), html[i]); err != nil {
			return err
		}
	}
	for _, f := range b.machineFiles(pages) {
		if err := out.write(f.rel, f.data); err != nil {
			return err
		}
	}
	return nil
}

// executeAll runs the pages' templates on every core; the results come back in
// page order, so what is written, and in which order, never depends on timing.
func executeAll(ts *templates, pages []*Page) ([][]byte, error) {
	out := make([][]byte, len(pages))
	errs := make([]error, len(pages))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var buf bytes.Buffer
				errs[i] = ts.execute(&buf, pages[i])
				out[i] = buf.Bytes()
			}
		}()
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	// A broken template fails every page that uses it: name the first, count the rest.
	var first error
	failed := 0
	for _, err := range errs {
		if err != nil {
			if first == nil {
				first = err
			}
			failed++
		}
	}
	if failed > 1 {
		return nil, fmt.Errorf("%w (and %d more pages)", first, failed-1)
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

// onceWriter refuses to write the same file twice: two sources publishing one
// URL (a free page named like a cycle, say) is an error, never a silent overwrite.
type onceWriter struct {
	w    Writer
	seen map[string]bool
}

func (o *onceWriter) write(rel string, data []byte) error {
	if o.seen[rel] {
		return fmt.Errorf("two pages would be published as %s: rename one of them (a content page, cycle, department or dimension id may not take another page's address)", rel)
	}
	o.seen[rel] = true
	if err := o.w.WriteFile(rel, data); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	return nil
}

// sortedKeys returns the keys of m in order, so output never depends on map order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
