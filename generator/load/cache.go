package load

import (
	"crypto/sha256"
	"sync"

	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// Cache keeps parsed scorecards between loads of one site, so that the preview
// re-reads every file but parses and checks only the scorecards whose text — or
// whose scheme, departments.toml or "today" — changed. Scorecards are most of a
// site's files; the rest are re-parsed every time.
type Cache struct {
	mu     sync.Mutex
	cards  map[string]cachedCard // by file path
	Parsed int                   // scorecards parsed by the last load
	Reused int                   // scorecards taken from the cache by the last load
}

type cachedCard struct {
	key   [32]byte
	card  *model.Scorecard
	diags diag.List
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{cards: map[string]cachedCard{}} }

// SiteCached is SiteAt with a cache. Cached scorecards keep the positions of their
// keys: callers must not strip them.
func SiteCached(dir string, today model.Date, c *Cache) (*model.Site, *diag.List) {
	l := newLoader(dir, today)
	l.cache = c
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.Parsed, c.Reused = 0, 0
	}
	l.load()
	return l.site, &l.diags
}

// cardKey fingerprints everything a scorecard's parse depends on.
func (l *loader) cardKey(cycleContext [32]byte, text []byte) [32]byte {
	h := sha256.New()
	h.Write(cycleContext[:])
	h.Write(text)
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// cycleContext fingerprints what every scorecard of a cycle is checked against:
// the scheme's text, departments.toml's text and the day.
func (l *loader) cycleContext(dirRel string) [32]byte {
	h := sha256.New()
	scheme, _ := l.read(dirRel + "/scheme.toml")
	depts, _ := l.read("data/departments.toml")
	h.Write([]byte(scheme))
	h.Write([]byte{0})
	h.Write([]byte(depts))
	h.Write([]byte{0})
	h.Write([]byte(l.today.String()))
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

func (c *Cache) get(rel string, key [32]byte) (cachedCard, bool) {
	if c == nil {
		return cachedCard{}, false
	}
	e, ok := c.cards[rel]
	return e, ok && e.key == key
}
