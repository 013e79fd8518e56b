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

// executeCached executes the pages whose fingerprint is not in the cache and
// takes the others' HTML from it; the cache then holds exactly these pages.
func (c *Cache) executeCached(ts *templates, pages []*Page, theme [32]byte) ([][]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.theme != theme {
		c.pages = map[string]cachedPage{}
		c.theme = theme
	}
	out := make([][]byte, len(pages))
	sums := make([][32]byte, len(pages))
	known := make([]bool, len(pages))
	var todo []*Page
	var todoIdx []int
	for i, p := range pages {
		sum, ok := pageSum(p)
		sums[i], known[i] = sum, ok
		if prev, hit := c.pages[p.File()]; ok && hit && prev.sum == sum {
			out[i] = prev.html
			continue
		}
		todo = append(todo, p)
		todoIdx = append(todoIdx, i)
	}
	html, err := executeAll(ts, todo)
	if err != nil {
		return nil, err
	}
	for j, i := range todoIdx {
		out[i] = html[j]
	}
	next := make(map[string]cachedPage, len(pages))
	for i, p := range pages {
		if known[i] {
			next[p.File()] = cachedPage{sum: sums[i], html: out[i]}
		}
	}
	c.pages = next
	c.Rendered, c.Reused = len(todo), len(pages)-len(todo)
	return out, nil
}
