package load

import (
	"crypto/sha256"
	"sync"

	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// Cache keeps parsed scorecards between loads of one site, so that the preview
// parses and checks only the scorecards whose text — or whose scheme,
// departments.toml or "today" — changed. Scorecards are most of a site's files;
// the rest are re-parsed every time.
type Cache struct {
	mu     sync.Mutex
	cards  map[string]cachedCard // by file path
	Parsed int                   // scorecards parsed by the last load
	Reused int                   // scorecards taken from the cache by the last load

	// Unchanged, when set, vouches that a file (path relative to the site, forward
	// slashes) holds the same text as when this cache last saw it: the preview knows
	// from its watcher and from each file's size, times and inode. Such a scorecard
	// is taken from the cache without being read again, as long as its scheme,
	// departments.toml and day are unchanged too. Without it, or when it says
	// false, every scorecard is read and compared by its text. It is called from
	// several goroutines at once.
	Unchanged func(rel string) bool
}

type cachedCard struct {
	key     [32]byte
	context [32]byte // the cycle context the card was checked against
	card    *model.Scorecard
	diags   diag.List
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

// unread returns the cached parse of a scorecard that Unchanged vouches for, when
// it was checked against the same cycle context: the file need not be read.
func (c *Cache) unread(rel string, context [32]byte) (cachedCard, bool) {
	if c == nil || c.Unchanged == nil {
		return cachedCard{}, false
	}
	e, ok := c.cards[rel]
	if !ok || e.context != context || !c.Unchanged(rel) {
		return cachedCard{}, false
	}
	return e, true
}
