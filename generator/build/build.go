// Package build runs the whole pipeline — load, validate, score, render, publish —
// and is what the command line and the preview server call.
package build

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"perfsite/generator/diag"
	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/render"
	"perfsite/generator/score"
)

// Version is the generator's version, printed by `perfsite version` and in page metadata.
var Version = "0.1.0"

// Options control a build.
type Options struct {
	SiteDir string     // the site folder (site.toml inside)
	OutDir  string     // default: <SiteDir>/public
	BaseURL string     // overrides site.toml's base_url when set
	Drafts  bool       // publish draft scorecards, marked provisional
	Today   model.Date // "as of" day for overdue actions; zero: Today()
	Log     io.Writer  // progress and phase times; nil: quiet
	Cache   *Cache     // the preview's caches: only changed scorecards are parsed and changed pages rendered; nil: none
}

// Cache holds what one build can hand to the next build of the same site: parsed
// scorecards and rendered pages, each reused only when its inputs are unchanged.
type Cache struct {
	Load   *load.Cache
	Render *render.Cache
	links  *linkCache
}

// NewCache returns empty caches for a series of builds (the preview server).
func NewCache() *Cache {
	return &Cache{Load: load.NewCache(), Render: render.NewCache(), links: &linkCache{pages: map[string]linkEntry{}}}
}

// Today is the day builds count overdue actions from: SOURCE_DATE_EPOCH when set
// (reproducible builds), else the current UTC date.
func Today() model.Date {
	t := time.Now().UTC()
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			t = time.Unix(n, 0).UTC()
		}
	}
	return model.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

func (o *Options) today() model.Date {
	if o.Today.IsZero() {
		return Today()
	}
	return o.Today
}

// Check loads, validates and scores a site without writing anything.
// The result is nil when the files have errors.
func Check(siteDir string, today model.Date) (*model.Site, *score.Result, *diag.List) {
	if today.IsZero() {
		today = Today()
	}
	s, diags := load.SiteAt(siteDir, today)
	if diags.HasErrors() || s == nil {
		return s, nil, diags
	}
	return s, score.Site(s), diags
}

// WithoutDrafts returns a copy of the site whose cycles hold only final scorecards.
func WithoutDrafts(s *model.Site) *model.Site {
	out := *s
	out.Cycles = make([]*model.Cycle, len(s.Cycles))
	for i, c := range s.Cycles {
		cc := *c
		cc.Cards = nil
		for _, card := range c.Cards {
			if !card.Draft {
				cc.Cards = append(cc.Cards, card)
			}
		}
		out.Cycles[i] = &cc
	}
	return &out
}

// sortedFiles lists the regular files of fsys below root, sorted, as slash paths relative to root.
func sortedFiles(fsys fs.FS, root string) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel := p
			if root != "." {
				rel = p[len(root)+1:]
			}
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// siteFS opens a folder of the site, or nil when it does not exist. Links in it
// (the folder itself included) are followed only inside the site (insideFS).
func siteFS(dir, name string) fs.FS {
	p := filepath.Join(dir, name)
	if info, err := os.Stat(p); err == nil && info.IsDir() {
		return newInsideFS(dir, name)
	}
	return nil
}
