package build

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"perfsite/generator/diag"
	"perfsite/generator/internal/heapfloor"
	"perfsite/generator/linkcheck"
	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/opendata"
	"perfsite/generator/publish"
	"perfsite/generator/render"
	"perfsite/generator/score"
	theme "perfsite/themes/default"
)

// Summary describes a finished build.
type Summary struct {
	OutDir   string
	Pages    int   // HTML pages
	Files    int   // every file written
	Bytes    int64 // bytes written
	BasePath string
	Diags    *diag.List // warnings (and errors when the build failed)

	// PeakMemory is the most memory the build held from the system at once (bytes,
	// sampled): what a machine needs to build this site.
	PeakMemory int64
}

// Build validates, scores and renders the site into a staging folder, checks every
// internal link, and swaps the result in for the output folder. On any error the old
// output folder is left exactly as it was.
func Build(opts Options) (*Summary, error) {
	out := opts.OutDir
	if out == "" {
		out = filepath.Join(opts.SiteDir, "public")
	}
	stage, err := publish.Begin(out)
	if err != nil {
		return &Summary{Diags: &diag.List{}}, err
	}
	defer heapfloor.Start(heapGrowth)()
	m := startMeter(opts.Log)
	sum, err := generate(opts, stage, m)
	if err != nil {
		stage.Abort()
		sum.PeakMemory = int64(m.close())
		return sum, err
	}
	start := time.Now()
	err = stage.Commit()
	m.phase("publish", start)
	sum.PeakMemory = int64(m.close())
	if err != nil {
		return sum, err
	}
	sum.OutDir = out
	return sum, nil
}

// heapGrowth is how much a build's heap may grow between garbage collections
// at the least (see heapfloor): collecting less often saves processor time at a
// small site's expense of this much more memory, while a large site, whose live
// heap is bigger than this, keeps Go's default rule and its peak memory.
const heapGrowth = 256 << 20

// Memory is a build kept in memory, for the preview server.
type Memory struct {
	Summary
	Files map[string][]byte // output path → content
}

// InMemory builds the site without writing anything to disk.
func InMemory(opts Options) (*Memory, error) {
	w := &memWriter{files: map[string][]byte{}}
	m := startMeter(opts.Log)
	sum, err := generate(opts, w, m)
	sum.PeakMemory = int64(m.close())
	return &Memory{Summary: *sum, Files: w.files}, err
}

// destination is where a build's files go: pages whole, open data in pieces.
// WriteFile must not keep data once it returns: the collector hands pages'
// buffers back to render.
type destination interface {
	render.Writer
	opendata.Sink
}

type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

// WriteFile keeps a copy of data, which goes back to render once written.
func (m *memWriter) WriteFile(rel string, data []byte) error {
	return m.keep(rel, bytes.Clone(data))
}

// keep stores data, which is the memWriter's from now on.
func (m *memWriter) keep(rel string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[rel]; dup {
		return fmt.Errorf("two outputs would write %s", rel)
	}
	m.files[rel] = data
	return nil
}

func (m *memWriter) Create(rel string) (io.WriteCloser, error) {
	return memSink(m.keep).Create(rel)
}

// memSink is an opendata.Sink that gathers each file in memory and hands it to
// the function when it is complete.
type memSink func(rel string, data []byte) error

func (keep memSink) Create(rel string) (io.WriteCloser, error) {
	return &memFile{rel: rel, keep: keep}, nil
}

type memFile struct {
	bytes.Buffer
	rel  string
	keep memSink
}

func (f *memFile) Close() error { return f.keep(f.rel, f.Bytes()) }

// collector passes files on to the output and keeps what link checking needs: every
// path, and the links and ids of each HTML page, but not the page itself, so a
// build's memory does not grow with the size of its output. Writing and link
// extraction run on the other cores while rendering goes on; the order of
// finishing changes nothing, since pages are checked by path at the end.
type collector struct {
	inner destination
	jobs  chan file
	wg    sync.WaitGroup

	links *linkcheck.Extractor // shares the strings of pages' links and ids

	mu    sync.Mutex
	pages map[string]*linkcheck.Page
	paths map[string]bool
	bytes int64
	err   error // the first failed write
}

type file struct {
	rel     string
	data    []byte
	release func() // called once data is written and read, if set
}

func newCollector(inner destination) *collector {
	workers := runtime.GOMAXPROCS(0)
	c := &collector{
		inner: inner,
		jobs:  make(chan file, 4*workers), // bounds the pages waiting to be written
		links: linkcheck.NewExtractor(),
		pages: map[string]*linkcheck.Page{},
		paths: map[string]bool{},
	}
	for range workers {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			for f := range c.jobs {
				c.write(f)
			}
		}()
	}
	return c
}

// WriteFile queues a file for writing. A path written twice is refused at once; a
// failed write is returned by the next WriteFile or by close.
func (c *collector) WriteFile(rel string, data []byte) error {
	return c.WriteFileThen(rel, data, nil)
}

// WriteFileThen is WriteFile for a page whose buffer goes back to render: release
// is called once the file is written and its links extracted (render.Recycler).
func (c *collector) WriteFileThen(rel string, data []byte, release func()) error {
	if err := c.take(rel, len(data)); err != nil {
		return err
	}
	c.jobs <- file{rel, data, release}
	return nil
}

// Create begins a file that is written in pieces (the open data). It is not
// queued: its pieces are written as they come, by the caller. It has no links to
// extract, not being a page.
func (c *collector) Create(rel string) (io.WriteCloser, error) {
	if err := c.take(rel, 0); err != nil {
		return nil, err
	}
	w, err := c.inner.Create(rel)
	if err != nil {
		return nil, err
	}
	return &countedFile{WriteCloser: w, c: c}, nil
}

// take claims the path rel for a file of size bytes, refusing a path already
// taken and, after a failed write, any path.
func (c *collector) take(rel string, size int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	if c.paths[rel] {
		return fmt.Errorf("two outputs would write %s", rel)
	}
	c.paths[rel] = true
	c.bytes += int64(size)
	return nil
}

// countedFile adds the bytes written to it to its collector's count.
type countedFile struct {
	io.WriteCloser
	c *collector
}

func (f *countedFile) Write(b []byte) (int, error) {
	n, err := f.WriteCloser.Write(b)
	f.c.mu.Lock()
	f.c.bytes += int64(n)
	f.c.mu.Unlock()
	return n, err
}

func (c *collector) write(f file) {
	err := c.inner.WriteFile(f.rel, f.data)
	var page *linkcheck.Page
	if err == nil && strings.HasSuffix(f.rel, ".html") {
		page = c.links.Extract(f.data)
	}
	if f.release != nil {
		f.release()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil && c.err == nil {
		c.err = err
	}
	if page != nil {
		c.pages[f.rel] = page
	}
}

// taken reports whether rel was written.
func (c *collector) taken(rel string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paths[rel]
}

// close waits for every queued file and returns the first error.
func (c *collector) close() error {
	if c.jobs != nil {
		close(c.jobs)
		c.wg.Wait()
		c.jobs = nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func generate(opts Options, w destination, m *meter) (*Summary, error) {
	sum := &Summary{Diags: &diag.List{}}
	var src cycles
	if opts.Cache != nil {
		opts.Cache.mu.Lock()
		defer opts.Cache.mu.Unlock()
		opts.Cache.forSite(opts.SiteDir)
		opts.Cache.stamps.begin(nil) // no watcher: every scorecard is read
		s, r, err := prepare(opts, sum, m)
		if err != nil || s == nil {
			return sum, err
		}
		src = &scored{s: s, r: r}
	} else {
		staged, err := stage(opts, sum, m)
		if err != nil || staged == nil {
			return sum, err
		}
		src = staged
	}
	s := src.site()
	diags := sum.Diags

	c := newCollector(w)
	defer c.close()
	today := opts.today()
	data := opendata.NewWriter(s, opendata.Options{Drafts: opts.Drafts, Today: today}, c)
	th, err := themeFS(opts.SiteDir, s.Config)
	if err != nil {
		return sum, err
	}
	ropts := render.Options{Drafts: opts.Drafts, Today: today, Version: Version, Theme: th}
	pages, err := render.NewStaged(s, ropts, siteFS(opts.SiteDir, "layouts"), c)
	if err != nil {
		return sum, err
	}
	// Each cycle in turn: its open data and its pages, at the same time. The
	// pages link to the cycle's files but need neither their sizes nor their
	// sums (only the data page shows those, and it comes last): either alone
	// left a core idle at its end, waiting for its slowest part.
	for {
		rc, err := src.next(m)
		if err != nil {
			return sum, err
		}
		if rc == nil {
			break
		}
		start := time.Now()
		files := dataFiles(data.Files())
		for _, p := range opendata.CyclePaths(rc.ID) {
			files = append(files, render.DataFile{Path: p})
		}
		written := make(chan error, 1)
		go func() { written <- data.Cycle(rc) }()
		err = pages.Cycle(rc, files)
		if err := <-written; err != nil {
			return sum, err
		}
		if err != nil {
			return sum, err
		}
		m.phase("data+pages", start, rc.ID)
		src.done(rc)
	}
	if err := src.finish(); err != nil {
		return sum, err
	}

	start := time.Now()
	files, err := data.Finish()
	if err != nil {
		return sum, err
	}
	if err := pages.Finish(dataFiles(files)); err != nil {
		return sum, err
	}
	m.phase("render", start, "site")

	start = time.Now()
	if err := copyStatic(th, c, diags, opts.SiteDir); err != nil {
		return sum, err
	}
	m.phase("static", start)
	start = time.Now()
	if err := c.close(); err != nil {
		return sum, err
	}
	m.phase("write", start) // what was still queued when rendering ended
	if diags.HasErrors() {
		return sum, diags.Err()
	}

	start = time.Now()
	for _, b := range linkcheck.CheckPages(c.pages, c.paths, sum.BasePath) {
		diags.Errorf(diag.Pos{File: "public/" + b.Page}, "link to %s points to no page or file of the site; fix the link in the content or template that makes this page", b.Link)
	}
	m.phase("links", start)
	if diags.HasErrors() {
		return sum, diags.Err()
	}
	sum.Pages = len(c.pages)
	sum.Files = len(c.paths)
	sum.Bytes = c.bytes
	return sum, nil
}

// dataFiles lists open-data files as pages show them.
func dataFiles(files []opendata.File) []render.DataFile {
	out := make([]render.DataFile, len(files))
	for i, f := range files {
		out[i] = render.DataFile{Path: f.Path, Size: f.Size, SHA256: hex.EncodeToString(f.SHA256[:])}
	}
	return out
}

// cycles hands a build the scored cycles of a site, oldest first.
type cycles interface {
	site() *model.Site
	// next is the next cycle, loaded and scored; nil when there is no other.
	next(m *meter) (*score.Cycle, error)
	// done is called when the cycle's open data and pages are written.
	done(c *score.Cycle)
	// finish returns the problems of the site once every cycle was taken.
	finish() error
}

// scored is a site loaded and scored whole (through the preview's caches).
type scored struct {
	s *model.Site
	r *score.Result
	i int
}

func (w *scored) site() *model.Site { return w.s }

func (w *scored) next(*meter) (*score.Cycle, error) {
	if w.i == len(w.r.Cycles) {
		return nil, nil
	}
	w.i++
	return w.r.Cycles[w.i-1], nil
}

func (w *scored) done(*score.Cycle) {}
func (w *scored) finish() error     { return nil }

// staged is a site read a cycle at a time: each cycle's scorecards are read and
// scored when the build comes to it, and let go once its open data and pages are
// written, keeping what later pages need (score.Cycle.Thin). A site of thousands
// of departments over many cycles is built holding one cycle's scorecards.
type staged struct {
	s      *model.Site
	load   *load.Staged
	drafts bool
	i      int
	prev   *score.Cycle
}

// stage reads what a build needs before the first cycle (site.toml,
// departments, content, the schemes) and sets sum's diagnostics and base path.
// It returns nil, with no error, when there is nothing to build.
func stage(opts Options, sum *Summary, m *meter) (*staged, error) {
	start := time.Now()
	s, st := load.Stage(opts.SiteDir, opts.today())
	sum.Diags = st.Diags() // the list grows as cycles are read
	m.phase("load", start, "site")
	if sum.Diags.HasErrors() || s == nil {
		return nil, st.Finish().Err()
	}
	if err := setBase(opts, s, sum); err != nil {
		return nil, err
	}
	return &staged{s: s, load: st, drafts: opts.Drafts}, nil
}

func (g *staged) site() *model.Site { return g.s }

func (g *staged) next(m *meter) (*score.Cycle, error) {
	if g.i == len(g.s.Cycles) {
		return nil, nil
	}
	mc := g.s.Cycles[g.i]
	g.i++
	start := time.Now()
	g.load.Cards(mc)
	m.phase("load", start, mc.ID)
	if g.load.Diags().HasErrors() {
		// The build has failed: read the rest for their problems, and stop.
		return nil, g.finish()
	}
	if !g.drafts {
		mc.Cards = withoutDrafts(mc.Cards)
	}
	for _, card := range mc.Cards {
		forget(card)
	}
	start = time.Now()
	g.prev = score.Next(g.s, mc, g.prev)
	m.phase("score", start, mc.ID)
	return g.prev, nil
}

func (g *staged) done(c *score.Cycle) { c.Thin() }

func (g *staged) finish() error {
	if diags := g.load.Finish(); diags.HasErrors() {
		return diags.Err()
	}
	return nil
}

// prepare loads, validates and scores the whole site through the preview's caches
// (opts.Cache), and sets sum's diagnostics and base path. The site is nil, with
// no error, when there is nothing to build.
func prepare(opts Options, sum *Summary, m *meter) (*model.Site, *score.Result, error) {
	start := time.Now()
	s, diags := load.SiteCached(opts.SiteDir, opts.today(), opts.Cache.Load)
	sum.Diags = diags
	m.phase("load", start)
	if diags.HasErrors() || s == nil {
		return nil, nil, diags.Err()
	}
	// Cached scorecards keep their positions, for the next load's messages.
	if err := setBase(opts, s, sum); err != nil {
		return nil, nil, err
	}
	if !opts.Drafts {
		s = WithoutDrafts(s)
	}
	start = time.Now()
	r := opts.Cache.score.Site(s)
	m.phase("score", start)
	return s, r, nil
}

// setBase applies --base-url to the site and sets the summary's base path.
func setBase(opts Options, s *model.Site, sum *Summary) error {
	if opts.BaseURL != "" {
		u, err := url.Parse(opts.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url %q is not an absolute http(s) URL such as https://example.gov.cn/perf/", opts.BaseURL)
		}
		if !strings.HasSuffix(opts.BaseURL, "/") {
			opts.BaseURL += "/"
		}
		s.Config.BaseURL = opts.BaseURL
	}
	if u, err := url.Parse(s.Config.BaseURL); err == nil {
		sum.BasePath = u.Path
		if sum.BasePath == "" {
			sum.BasePath = "/"
		}
	}
	return nil
}

// forget drops where each key of the scorecard was written. Positions serve to
// report problems in the files, which load has done; afterwards a problem is
// named by file alone. They take more memory than the rest of a loaded site.
func forget(card *model.Scorecard) {
	if card.Src != nil {
		card.Src.Keys = nil
	}
}

// themeFS finds the theme: the site's own themes/<name>/ when present, else the
// built-in default.
func themeFS(siteDir string, cfg model.Config) (fs.FS, error) {
	name := cfg.Theme
	if name == "" {
		name = "default"
	}
	if th := siteFS(siteDir, filepath.Join("themes", name)); th != nil {
		if _, err := fs.Stat(th, "."); err != nil {
			return nil, err // a link out of the site
		}
		return th, nil
	}
	if name == "default" {
		return theme.FS, nil
	}
	return nil, fmt.Errorf("site.toml: theme %q not found: expected a folder themes/%s/ in the site, or use theme = \"default\"", name, name)
}

// copyStatic copies the theme's static/ and then the site's static/ into the output.
func copyStatic(th fs.FS, w *collector, diags *diag.List, siteDir string) error {
	return eachStatic(th, siteDir, w.taken, diags, func(rel, _ string, read func() ([]byte, error)) error {
		data, err := read()
		if err != nil {
			return err
		}
		return w.WriteFile(rel, data)
	})
}

// eachStatic walks the theme's static/ and then the site's, in order, with the rules
// a build and the preview share: a file at the address of one the site generates (or,
// for the site's files, of a theme file already taken) is an error, and anything in the
// site's static/ that is not a regular file is left out. use is given each file to
// publish: its address, where it is in the site folder ("" for the built-in theme,
// whose files never change) and how to read it.
func eachStatic(th fs.FS, siteDir string, taken func(rel string) bool, diags *diag.List, use func(rel, src string, read func() ([]byte, error)) error) error {
	themeStatic, err := fs.Sub(th, "static")
	if err != nil {
		return err
	}
	files, err := sortedFiles(themeStatic, ".")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, f := range files {
		src := ""
		if th != theme.FS {
			src = themeDir(th) + "/static/" + f
		}
		if taken(f) {
			return fmt.Errorf("the theme's static/%s would replace a page the site generates at the same address; rename the page or the file", f)
		}
		if err := use(f, src, func() ([]byte, error) { return fs.ReadFile(themeStatic, f) }); err != nil {
			return err
		}
	}
	site := siteFS(siteDir, "static")
	if site == nil {
		return nil
	}
	if files, err = sortedFiles(site, "."); err != nil {
		return err
	}
	for _, f := range files {
		if taken(f) {
			diags.Errorf(diag.Pos{File: "static/" + f}, "static/%s would replace a file the site generates at the same URL; rename or remove it", f)
			continue
		}
		info, err := os.Lstat(filepath.Join(siteDir, "static", filepath.FromSlash(f)))
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if err := use(f, "static/"+f, func() ([]byte, error) { return fs.ReadFile(site, f) }); err != nil {
			return err
		}
	}
	return nil
}
