package render

import (
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"sort"
	"sync"
)

// Cache remembers each page's HTML with a fingerprint of everything its template
// sees — the page's data and the theme's files — so that a preview rebuild runs
// only the templates whose input changed: a narrative edit re-renders one page.
// Hashing a page's data costs a small fraction of executing its template.
// A Cache is safe for one Site call at a time.
type Cache struct {
	mu       sync.Mutex
	theme    [32]byte
	pages    map[string]cachedPage // by output file
	Rendered int                   // pages executed by the last Site call
	Reused   int                   // pages taken from the cache by the last Site call
}

type cachedPage struct {
	sum  [32]byte
	html []byte
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{pages: map[string]cachedPage{}} }

// themeSum fingerprints every file of the theme's layouts/ and i18n/ and of the
// site's overrides: a template or a string change invalidates every page.
func themeSum(th, overrides fs.FS) [32]byte {
	h := sha256.New()
	add := func(fsys fs.FS, root string) {
		if fsys == nil {
			return
		}
		var names []string
		fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, p)
			}
			return nil
		})
		sort.Strings(names)
		for _, n := range names {
			data, _ := fs.ReadFile(fsys, n)
			h.Write([]byte(n))
			h.Write([]byte{0})
			sum := sha256.Sum256(data)
			h.Write(sum[:])
		}
	}
	add(th, "layouts")
	add(th, "i18n")
	h.Write([]byte("overrides"))
	add(overrides, ".")
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// pageSum fingerprints what a page's template can see.
func pageSum(p *Page) ([32]byte, bool) {
	data, err := json.Marshal(struct {
		File string
		Page *Page
	}{p.File(), p})
	if err != nil {
		return [32]byte{}, false
	}
	return sha256.Sum256(data), true
}

// cacheRun is one Site call's use of a Cache: it holds the cache's lock, takes
// the HTML of unchanged pages and gathers the pages of this render, which
// replace the cache's content when the render succeeds. A nil *cacheRun caches
// nothing.
type cacheRun struct {
	c        *Cache
	mu       sync.Mutex // guards rendered and reused: pages are fingerprinted on every core
	next     map[string]cachedPage
	rendered int
	reused   int
}

// begin locks the cache for a render with the given theme fingerprint; a new
// theme empties it.
func (c *Cache) begin(theme [32]byte) *cacheRun {
	c.mu.Lock()
	if c.theme != theme {
		c.pages = map[string]cachedPage{}
		c.theme = theme
	}
	return &cacheRun{c: c, next: make(map[string]cachedPage, len(c.pages))}
}

// reuse fingerprints j's page and, when the cache has its HTML for that
// fingerprint, sets j.html and reports true.
func (r *cacheRun) reuse(j *job) bool {
	if r == nil {
		return false
	}
	sum, ok := pageSum(j.p)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !ok {
		r.rendered++
		return false
	}
	j.sum, j.summed = sum, true
	if prev, hit := r.c.pages[j.p.File()]; hit && prev.sum == sum {
		j.html = prev.html
		r.reused++
		return true
	}
	r.rendered++
	return false
}

// keep remembers a page that was written, unless it could not be fingerprinted.
// Only the writer calls it.
func (r *cacheRun) keep(j *job) {
	if r == nil || !j.summed {
		return
	}
	r.next[j.p.File()] = cachedPage{sum: j.sum, html: j.html}
}

// commit makes the pages of this render the cache's content.
func (r *cacheRun) commit() {
	if r == nil {
		return
	}
	r.c.pages = r.next
	r.c.Rendered, r.c.Reused = r.rendered, r.reused
}

// end unlocks the cache.
func (r *cacheRun) end() {
	if r != nil {
		r.c.mu.Unlock()
	}
}
