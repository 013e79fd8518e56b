package build

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"perfsite/generator/diag"
	"perfsite/generator/linkcheck"
	"perfsite/generator/render"
)

// Snapshot is one consistent version of a site for the preview: loaded, validated
// and scored, with the list of its output files, each made when it is first asked
// for and then kept. Making a snapshot renders nothing, so the preview's answer to
// an edit does not grow with the size of the site: it costs what changed — the
// scorecards and cycles that changed are parsed and scored again, the rest come
// from the Cache — plus the pages someone looks at.
//
// A page is rendered through the same render.Plan as a full build and an open
// data file by the same opendata code, so a snapshot's files are byte for byte
// those a build of the same inputs writes (the preview's tests compare every file
// of the example site). Open data is made a cycle at a time, when one of the
// cycle's files — or the data page, which shows every file's size and SHA-256, or
// SHA256SUMS — is asked for, and kept while the cycle's results are unchanged.
//
// Only the links of pages that are rendered are checked (Broken): the preview
// checks what someone looks at, perfsite build checks everything.
//
// A Snapshot is safe for concurrent use, and never changes once made.
type Snapshot struct {
	ID       string     // unique to this snapshot: pages carry it so that the preview knows which version an open page shows
	BasePath string     // "/" or "/perf/"
	Diags    *diag.List // warnings

	plan   *render.Plan
	data   *openData
	static map[string][]byte // output path → content
	paths  map[string]bool   // every output file

	mu    sync.Mutex
	files map[string]*output // made so far
	sums  sync.Once          // the data page's list of data files, filled in once
}

// output is one output file of a snapshot, made once.
type output struct {
	once  sync.Once
	data  []byte
	err   error
	links *linkcheck.Page // of an HTML page, once checked
}

// Snapshot loads, validates and scores the site in opts.SiteDir and plans its
// output, reusing the cache wherever the inputs are unchanged. changed are the
// paths the file watcher reported since the last snapshot (absolute); nil means
// they are unknown, and then every file is read. On invalid files the error is a
// *diag.Failure listing the problems.
func (c *Cache) Snapshot(opts Options, changed []string) (*Snapshot, error) {
	opts.Cache = c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forSite(opts.SiteDir)
	c.stamps.begin(changed)
	if changed == nil {
		c.stamps.prime("data") // every scorecard is read now: the next rebuild can skip the unchanged ones
	}
	if opts.Today.IsZero() {
		opts.Today = Today()
	}
	sum := &Summary{Diags: &diag.List{}}
	m := startMeter(opts.Log)
	defer m.close()
	s, r, err := prepare(opts, sum, m)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errors.New("the site could not be read")
	}
	start := time.Now()
	c.data = c.data.next(s, r, opendataOptions(opts))
	th, err := themeFS(opts.SiteDir, s.Config)
	if err != nil {
		return nil, err
	}
	ropts := render.Options{Drafts: opts.Drafts, Today: opts.Today, DataFiles: c.data.paths(), Version: Version, Theme: th}
	plan, err := render.NewPlan(s, r, ropts, siteFS(opts.SiteDir, "layouts"))
	if err != nil {
		return nil, err
	}
	if err := plan.Conflict(); err != nil {
		return nil, err
	}
	c.seq++
	snap := &Snapshot{
		ID:       fmt.Sprintf("%s%06x", c.epoch, c.seq%(1<<24)),
		BasePath: sum.BasePath,
		Diags:    sum.Diags,
		plan:     plan,
		data:     c.data,
		static:   map[string][]byte{},
		paths:    map[string]bool{},
		files:    map[string]*output{},
	}
	for _, rel := range plan.Files() {
		snap.paths[rel] = true
	}
	for _, f := range ropts.DataFiles {
		if snap.paths[f.Path] {
			return nil, fmt.Errorf("two outputs would write %s", f.Path)
		}
		snap.paths[f.Path] = true
	}
	if err := c.staticFiles(snap, th, opts.SiteDir, sum.Diags); err != nil {
		return nil, err
	}
	m.phase("plan", start)
	if err := sum.Diags.Err(); err != nil {
		return nil, err
	}
	return snap, nil
}

// forSite makes the caches the ones of the site in dir.
func (c *Cache) forSite(dir string) {
	if c.stamps != nil && c.dir == dir {
		return
	}
	c.dir = dir
	c.stamps = newStamps(dir)
	c.Load.Unchanged = c.stamps.unchanged
}

// staticFiles adds the theme's static/ and the site's static/ to the snapshot, as
// copyStatic writes them (both walk with eachStatic): a theme file at the address of a generated one is an
// error, and so is a site file at the address of either. Files on disk are read
// now, or taken from the last snapshot when unchanged, so the snapshot holds one
// version of each; the built-in theme's are read once.
func (c *Cache) staticFiles(snap *Snapshot, th fs.FS, siteDir string, diags *diag.List) error {
	taken := func(rel string) bool { return snap.paths[rel] }
	return eachStatic(th, siteDir, taken, diags, func(rel, src string, read func() ([]byte, error)) error {
		var data []byte
		var err error
		if src == "" {
			if data = c.themeRaw[rel]; data == nil {
				data, err = read()
				c.themeRaw[rel] = data
			}
		} else {
			data, err = c.stamps.read(src, read)
		}
		if err != nil {
			return err
		}
		snap.addStatic(rel, data)
		return nil
	})
}

// themeDir is the folder of a site's own theme, relative to the site: "themes/x".
func themeDir(th fs.FS) string {
	if in, ok := th.(insideFS); ok {
		return in.name
	}
	return "themes/?"
}

func (snap *Snapshot) addStatic(rel string, data []byte) {
	snap.paths[rel] = true
	snap.static[rel] = data
}

// Has reports whether rel is an output file of the snapshot.
func (snap *Snapshot) Has(rel string) bool { return snap.paths[rel] }

// Paths lists every output file of the snapshot, sorted.
func (snap *Snapshot) Paths() []string {
	out := make([]string, 0, len(snap.paths))
	for p := range snap.paths {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// File returns the content of an output file, making it the first time.
func (snap *Snapshot) File(rel string) ([]byte, error) {
	o := snap.output(rel)
	if o == nil {
		return nil, fmt.Errorf("%s is not an output file of this build", rel)
	}
	o.once.Do(func() { o.data, o.err = snap.make(rel) })
	return o.data, o.err
}

func (snap *Snapshot) output(rel string) *output {
	if !snap.paths[rel] {
		return nil
	}
	snap.mu.Lock()
	defer snap.mu.Unlock()
	o := snap.files[rel]
	if o == nil {
		o = &output{}
		snap.files[rel] = o
	}
	return o
}

func (snap *Snapshot) make(rel string) ([]byte, error) {
	if data, ok := snap.static[rel]; ok {
		return data, nil
	}
	if snap.data.has(rel) {
		return snap.data.file(rel)
	}
	if render.ShowsDataSums(rel) {
		var err error
		snap.sums.Do(func() {
			var files []render.DataFile
			if files, err = snap.data.files(); err == nil {
				snap.plan.SetDataFiles(files)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return snap.plan.Render(rel)
}

// Broken returns the broken links of an HTML page of the snapshot, rendering it
// (and, to check a link to an id on another page, that page) if need be.
func (snap *Snapshot) Broken(rel string) ([]linkcheck.Broken, error) {
	page, err := snap.links(rel)
	if err != nil {
		return nil, err
	}
	pages := map[string]*linkcheck.Page{rel: page}
	broken := linkcheck.CheckPages(pages, snap.paths, snap.BasePath)
	more := false
	for _, b := range broken {
		target := snap.target(rel, b.Link)
		if target == "" || pages[target] != nil {
			continue
		}
		if pages[target], err = snap.links(target); err != nil {
			return nil, err
		}
		more = true
	}
	if more {
		broken = linkcheck.CheckPages(pages, snap.paths, snap.BasePath)
	}
	out := broken[:0]
	for _, b := range broken {
		if b.Page == rel {
			out = append(out, b)
		}
	}
	return out, nil
}

// links returns the links and ids of an HTML page, extracted once.
func (snap *Snapshot) links(rel string) (*linkcheck.Page, error) {
	data, err := snap.File(rel)
	if err != nil {
		return nil, err
	}
	o := snap.output(rel)
	snap.mu.Lock()
	defer snap.mu.Unlock()
	if o.links == nil {
		o.links = linkcheck.Extract(data)
	}
	return o.links, nil
}

// target is the other HTML page of the snapshot that a link with a #fragment on
// page rel points into, or "". Its ids are needed to check the link.
func (snap *Snapshot) target(rel, link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Fragment == "" || u.Scheme != "" || u.Host != "" {
		return ""
	}
	t := (&url.URL{Path: snap.BasePath + rel}).ResolveReference(u)
	file, ok := strings.CutPrefix(t.Path, snap.BasePath)
	if !ok {
		return ""
	}
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	if !snap.paths[file] {
		file = path.Join(file, "index.html")
	}
	if file == rel || !snap.paths[file] || !strings.HasSuffix(file, ".html") {
		return ""
	}
	return file
}
