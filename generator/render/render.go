// Package render writes a scored site as HTML pages and the few machine files
// that go with them (Atom feed, sitemap, robots.txt, search index), through
// the templates of a theme that a site's own layouts/ may override.
//
// Each page has two steps. First its model is built: its URL, its layout
// (template file) and the plain values that layout shows. Then it is executed
// with html/template. Templates see nothing but a *Page, so a site can rewrite
// any layout without knowing Go. Pages go through both steps and out to the
// Writer a few at a time, in the order of their output files, so the memory a
// render needs does not grow with the number of pages.
package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"

	"perfsite/generator/model"
	"perfsite/generator/score"
)

// Options are the build's choices that pages show.
type Options struct {
	Drafts    bool       // draft scorecards were included: their pages carry the provisional banner
	Today     model.Date // the day rectifications are counted overdue from
	DataFiles []DataFile // the open-data files listed on /data/ and offered as downloads
	Version   string     // the generator's version, for <meta name="generator">
	Theme     fs.FS      // a theme's root folder (layouts/, i18n/); nil: the built-in default theme
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

// A Recycler is a Writer that hands each page's bytes back when it is done with
// them. Pages are executed into buffers taken from a pool: a Recycler gets the
// buffer itself, a plain Writer a copy at the page's size. At n1000 the copies
// were 0.28 GB, a fifth of all a build allocates.
type Recycler interface {
	Writer
	// WriteFileThen is WriteFile, except that it may go on reading data after it
	// returns. It calls release once, when it no longer reads data, unless it
	// returns an error.
	WriteFileThen(rel string, data []byte, release func()) error
}

// pageBuffers holds the buffers pages are executed into for a Recycler.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Site renders every page of the site (SPEC §9) and writes it through w, along
// with feed.xml, sitemap.xml, robots.txt, 404.html and search/index.json: every
// entry of the site's Plan, in order. overrides is the site's layouts/ folder, or
// nil: a file there replaces the theme's file of the same relative name.
//
// The same inputs give the same bytes: nothing depends on map order or the clock.
func Site(s *model.Site, r *score.Result, opts Options, overrides fs.FS, w Writer) error {
	p, err := NewPlan(s, r, opts, overrides)
	if err != nil {
		return err
	}
	return p.writeAll(w)
}

// A job is one page on its way from its spec to the Writer.
type job struct {
	spec pageSpec
	p    *Page
	html *bytes.Buffer // the page, from pageBuffers; nil when there is none
	err  error         // building the model went wrong: no page may be written
	tmpl error         // executing the template went wrong
	done chan struct{} // closed when the job is finished, well or not
}

// stream builds, executes and writes the pages, in the order of specs: on
// every core a worker builds a page's model and executes its template, and
// each page is written as soon as it and the pages before it are done. Only a
// few pages are held at any time, so memory does not grow with the site. It
// returns the canonical URLs of the pages in output order, for the sitemap.
//
// The errors are the same as if every page were built first and then executed:
// interface text missing in Go code, then template errors (the first, with a
// count of the others), then two pages with one address. Once any is found no
// further page is written.
func (b *builder) stream(ts *templates, specs []pageSpec, dup error, out *onceWriter) ([]string, error) {

	// stop is set at the first error of any kind: no page is written after it.
	// Pages are still built, to report every missing text at once, and
	// executed, to count the failing templates, unless a write failed or a
	// text is missing (skip).
	var stop, skip atomic.Bool
	stop.Store(dup != nil)

	workers := min(runtime.GOMAXPROCS(0), max(len(specs), 1))
	work := make(chan *job, 2*workers)
	// order bounds the pages held at once. The writer takes pages in order,
	// so while one slow page (a cycle's page, the home page) is made, the
	// other workers go on only as far as order lets them: with 4 pages a
	// worker they soon waited, and rendering used 1.85 of 2 cores; with 32,
	// 1.93 (N=1,000), for about 15 MiB more at the peak.
	order := make(chan *job, 32*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				b.run(j, ts, &skip)
				close(j.done)
			}
		}()
	}

	// The writer takes pages in order. It stops writing at the first error of
	// any kind but goes on counting failed templates.
	var (
		sitemap   []string
		buildErr  error // a page built with another file than listed
		writeErr  error
		first     error // the first template error
		failed    int
		writerEnd = make(chan struct{})
	)
	go func() {
		defer close(writerEnd)
		for j := range order {
			<-j.done
			switch {
			case j.err != nil:
				if buildErr == nil {
					buildErr = j.err
				}
				stop.Store(true)
				skip.Store(true)
				continue
			case j.p.Canonical != "":
				sitemap = append(sitemap, j.p.Canonical)
			}
			if j.tmpl != nil {
				if first == nil {
					first = j.tmpl
				}
				failed++
				stop.Store(true)
			}
			if stop.Load() || j.html == nil || b.failed() {
				j.recycle()
				continue
			}
			if err := out.writeJob(j); err != nil {
				j.recycle()
				writeErr = err
				stop.Store(true)
				skip.Store(true)
				continue
			}
		}
	}()

	for _, sp := range specs {
		j := &job{spec: sp, done: make(chan struct{})}
		order <- j
		work <- j
	}
	close(work)
	close(order)
	wg.Wait()
	<-writerEnd

	switch {
	case buildErr != nil:
		return nil, buildErr
	case b.failed():
		return nil, b.buildErr()
	case failed > 1:
		return nil, fmt.Errorf("%w (and %d more pages)", first, failed-1)
	case first != nil:
		return nil, first
	case dup != nil:
		return nil, dup
	case writeErr != nil:
		return nil, writeErr
	}
	return sitemap, nil
}

// run builds the model of j's page and, unless pages are skipped, executes its
// template into a buffer of pageBuffers.
func (b *builder) run(j *job, ts *templates, skip *atomic.Bool) {
	if j.p, j.err = b.page(j.spec); j.err != nil {
		return
	}
	if skip.Load() || b.failed() {
		return
	}
	j.html = pageBuffers.Get().(*bytes.Buffer)
	j.html.Reset()
	if j.tmpl = ts.execute(j.html, j.p); j.tmpl != nil {
		j.recycle()
	}
	if r, ok := j.p.Data.(recycler); ok {
		r.recycle()
	}
}

// recycle returns j's page, if it has one, to the pool.
func (j *job) recycle() {
	if j.html != nil {
		pageBuffers.Put(j.html)
		j.html = nil
	}
}

// onceWriter refuses to write the same file twice: two sources publishing one
// URL (a free page named like a cycle, say) is an error, never a silent overwrite.
type onceWriter struct {
	w    Writer
	seen map[string]bool
}

func (o *onceWriter) write(rel string, data []byte) error {
	if err := o.claim(rel); err != nil {
		return err
	}
	if err := o.w.WriteFile(rel, data); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	return nil
}

// claim marks rel as written, refusing it the second time.
func (o *onceWriter) claim(rel string) error {
	if o.seen[rel] {
		return samePlace(rel)
	}
	o.seen[rel] = true
	return nil
}

// writeJob writes j's page: its buffer goes to a Recycler, which hands it back;
// a plain Writer gets a copy, and the buffer goes back at once.
func (o *onceWriter) writeJob(j *job) error {
	r, ok := o.w.(Recycler)
	if !ok {
		defer j.recycle()
		return o.write(j.p.File(), bytes.Clone(j.html.Bytes()))
	}
	rel := j.p.File()
	if err := o.claim(rel); err != nil {
		return err
	}
	buf := j.html
	j.html = nil
	if err := r.WriteFileThen(rel, buf.Bytes(), func() { pageBuffers.Put(buf) }); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	return nil
}
