// Package build runs the whole pipeline — load, validate, score, render, publish —
// and is what the command line and the preview server call.
//
// Build and InMemory make every file and check every link. They read, score and
// publish one cycle at a time (load.Staged, score.Next, opendata.Writer,
// render.Staged), letting each cycle go but for what later pages need
// (score.Cycle.Thin), so a site of thousands of departments over many years is
// built holding one cycle's scorecards. The preview instead makes a Snapshot
// after each edit: the whole site loaded and scored through a Cache that keeps
// what the edit left unchanged, and a render.Plan of the output files, each made
// when first asked for. Both build each page's model and open data with the same
// code, so they give the same bytes (tested: a snapshot's files are the build's).
//
// A Cache learns which files are unchanged without reading them from the file
// watcher's paths and from stat (see stamps): a file is read again when the
// watcher names it, when its size, times or inode changed, or when it changed so
// recently that its times cannot tell a second write from the first.
package build

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"

	"perfsite/generator/diag"
	"perfsite/generator/load"
	"perfsite/generator/model"
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
	Cache   *Cache     // the preview's caches: parsed scorecards and scores are reused where their inputs are unchanged; nil: none
}

// Cache holds what one build of a site can hand to the next — parsed scorecards,
// scores, open data and static files, each reused only when its inputs are
// unchanged — for the preview, which builds the same site again after every edit
// (see Snapshot). One build or snapshot uses a Cache at a time.
type Cache struct {
	Load *load.Cache

	mu       sync.Mutex // held by each build or snapshot
	stamps   *stamps    // which files are unchanged since the last snapshot; set by the first one
	score    *score.Cache
	data     *openData         // the open data of the last snapshot, made on demand
	themeRaw map[string][]byte // files of the built-in theme's static/, read once
	epoch    string            // random, so build ids differ from one preview server to the next
	seq      int               // snapshots made
	dir      string            // the site the caches are for
}

// NewCache returns empty caches for a series of builds (the preview server).
func NewCache() *Cache {
	return &Cache{Load: load.NewCache(), score: score.NewCache(), themeRaw: map[string][]byte{}, epoch: randomHex(3)}
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
		cc.Cards = withoutDrafts(c.Cards)
		out.Cycles[i] = &cc
	}
	return &out
}

// withoutDrafts is the final scorecards of cards, in a new list.
func withoutDrafts(cards []*model.Scorecard) []*model.Scorecard {
	var out []*model.Scorecard
	for _, card := range cards {
		if !card.Draft {
			out = append(out, card)
		}
	}
	return out
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

// randomHex is n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
