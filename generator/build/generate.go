package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"perfsite/generator/diag"
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
	sum, err := generate(opts, stage)
	if err != nil {
		stage.Abort()
		return sum, err
	}
	start := time.Now()
	if err := stage.Commit(); err != nil {
		return sum, err
	}
	phase(opts.Log, "publish", start)
	sum.OutDir = out
	return sum, nil
}

// Memory is a build kept in memory, for the preview server.
type Memory struct {
	Summary
	Files map[string][]byte // output path → content
}

// InMemory builds the site without writing anything to disk.
func InMemory(opts Options) (*Memory, error) {
	w := &memWriter{files: map[string][]byte{}}
	sum, err := generate(opts, w)
	return &Memory{Summary: *sum, Files: w.files}, err
}

type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memWriter) WriteFile(rel string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[rel]; dup {
		return fmt.Errorf("two outputs would write %s", rel)
	}
	m.files[rel] = data
	return nil
}

// collector passes files on and remembers what link checking needs.
type collector struct {
	inner render.Writer
	mu    sync.Mutex
	html  map[string][]byte
	paths map[string][]byte // every path; content kept only for HTML
	bytes int64
}

func (c *collector) WriteFile(rel string, data []byte) error {
	if err := c.inner.WriteFile(rel, data); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bytes += int64(len(data))
	if strings.HasSuffix(rel, ".html") {
		c.html[rel] = data
		c.paths[rel] = data
	} else {
		c.paths[rel] = nil
	}
	return nil
}

func generate(opts Options, w render.Writer) (*Summary, error) {
	sum := &Summary{Diags: &diag.List{}}
	start := time.Now()
	s, diags := load.SiteAt(opts.SiteDir, opts.today())
	sum.Diags = diags
	phase(opts.Log, "load", start)
	if diags.HasErrors() || s == nil {
		return sum, diags.Err()
	}
	if opts.BaseURL != "" {
		u, err := url.Parse(opts.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return sum, fmt.Errorf("--base-url %q is not an absolute http(s) URL such as https://example.gov.cn/perf/", opts.BaseURL)
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
	if !opts.Drafts {
		s = WithoutDrafts(s)
	}
	start = time.Now()
	r := score.Site(s)
	phase(opts.Log, "score", start)

	c := &collector{inner: w, html: map[string][]byte{}, paths: map[string][]byte{}}
	start = time.Now()
	today := opts.today()
	var dataFiles []render.DataFile
	for _, f := range opendata.Files(s, r, opendata.Options{Drafts: opts.Drafts, Today: today}) {
		if err := c.WriteFile(f.Path, f.Data); err != nil {
			return sum, err
		}
		h := sha256.Sum256(f.Data)
		dataFiles = append(dataFiles, render.DataFile{Path: f.Path, Size: len(f.Data), SHA256: hex.EncodeToString(h[:])})
	}
	phase(opts.Log, "open data", start)

	start = time.Now()
	th, err := themeFS(opts.SiteDir, s.Config)
	if err != nil {
		return sum, err
	}
	ropts := render.Options{Drafts: opts.Drafts, Today: today, DataFiles: dataFiles, Version: Version, Theme: th}
	if err := render.Site(s, r, ropts, siteFS(opts.SiteDir, "layouts"), c); err != nil {
		return sum, err
	}
	phase(opts.Log, "render", start)

	start = time.Now()
	if err := copyStatic(th, c, diags, opts.SiteDir); err != nil {
		return sum, err
	}
	phase(opts.Log, "static", start)
	if diags.HasErrors() {
		return sum, diags.Err()
	}

	start = time.Now()
	for _, b := range linkcheck.Check(c.paths, sum.BasePath) {
		diags.Errorf(diag.Pos{File: "public/" + b.Page}, "link to %s points to no page or file of the site; fix the link in the content or template that makes this page", b.Link)
	}
	phase(opts.Log, "links", start)
	if diags.HasErrors() {
		return sum, diags.Err()
	}
	sum.Pages = len(c.html)
	sum.Files = len(c.paths)
	sum.Bytes = c.bytes
	return sum, nil
}

// themeFS finds the theme: the site's own themes/<name>/ when present, else the
// built-in default.
func themeFS(siteDir string, cfg model.Config) (fs.FS, error) {
	name := cfg.Theme
	if name == "" {
		name = "default"
	}
	if th := siteFS(siteDir, filepath.Join("themes", name)); th != nil {
		return th, nil
	}
	if name == "default" {
		return theme.FS, nil
	}
	return nil, fmt.Errorf("site.toml: theme %q not found: expected a folder themes/%s/ in the site, or use theme = \"default\"", name, name)
}

// copyStatic copies the theme's static/ and then the site's static/ into the output;
// a site file that would replace a generated page is an error.
func copyStatic(th fs.FS, w *collector, diags *diag.List, siteDir string) error {
	themeStatic, err := fs.Sub(th, "static")
	if err != nil {
		return err
	}
	files, err := sortedFiles(themeStatic, ".")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, f := range files {
		data, err := fs.ReadFile(themeStatic, f)
		if err != nil {
			return err
		}
		if err := w.WriteFile(f, data); err != nil {
			return err
		}
	}
	site := siteFS(siteDir, "static")
	if site == nil {
		return nil
	}
	files, err = sortedFiles(site, ".")
	if err != nil {
		return err
	}
	for _, f := range files {
		w.mu.Lock()
		_, taken := w.paths[f]
		w.mu.Unlock()
		if taken {
			diags.Errorf(diag.Pos{File: "static/" + f}, "static/%s would replace a file the site generates at the same URL; rename or remove it", f)
			continue
		}
		info, err := os.Lstat(filepath.Join(siteDir, "static", filepath.FromSlash(f)))
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		data, err := fs.ReadFile(site, f)
		if err != nil {
			return err
		}
		if err := w.WriteFile(f, data); err != nil {
			return err
		}
	}
	return nil
}
