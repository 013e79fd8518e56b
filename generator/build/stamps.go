package build

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// stamps tells the preview which files of a site are unchanged since a rebuild
// last read them, without reading them again: a file is unchanged when the
// watcher did not name it (nor a folder above it) and stat finds the same
// signature as when the file was last read — size, modification and change times,
// inode. Either one alone could miss a change: the watcher misses what happens in a
// folder it could not watch, and a signature proves nothing about a file written
// twice within one tick of the file system's clock. So a file whose change time
// was within racyWindow of the moment it was looked at is "racy" (as git says) and
// read again at the next rebuild, whatever its signature says.
//
// A missed change is worse than a slow rebuild: anything unsure — a link, an
// error, a file never seen — counts as changed.
type stamps struct {
	dir string

	mu    sync.Mutex
	named map[string]bool // site-relative paths the watcher reported since the last rebuild
	all   bool            // the watcher lost events, or no list was given: everything may have changed
	cards map[string]stamp
	files map[string]stampedFile
}

type stamp struct {
	sig  fileSig
	racy bool
}

type stampedFile struct {
	stamp
	data []byte
}

// racyWindow is how close to the moment a file was looked at its change time must
// be for its signature to be distrusted. Clock ticks are milliseconds; a second
// leaves room for clocks that disagree a little, as on a network file system.
const racyWindow = time.Second

func newStamps(dir string) *stamps {
	return &stamps{dir: dir, all: true, cards: map[string]stamp{}, files: map[string]stampedFile{}}
}

// begin starts a rebuild: changed are the paths the watcher reported since the
// last one (absolute, or relative to the site); nil means "unknown: anything".
func (st *stamps) begin(changed []string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.named, st.all = map[string]bool{}, changed == nil
	for _, p := range changed {
		rel, err := filepath.Rel(st.dir, p)
		if !filepath.IsAbs(p) {
			rel, err = filepath.Clean(p), nil
		}
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			st.all = true // the site itself, or something outside it
			continue
		}
		st.named[filepath.ToSlash(rel)] = true
	}
}

// prime takes the stamp of every file in the folders below dir (relative to the
// site) that has none yet. A build reads every file after this, so each stamp is
// older than the content read: the next rebuild can vouch for the file.
func (st *stamps) prime(dir string) {
	entries, err := os.ReadDir(filepath.Join(st.dir, filepath.FromSlash(dir)))
	if err != nil {
		return
	}
	for _, e := range entries {
		rel := dir + "/" + e.Name()
		if e.IsDir() || e.Type()&os.ModeSymlink != 0 {
			if sub, err := os.ReadDir(filepath.Join(st.dir, filepath.FromSlash(rel))); err == nil {
				for _, f := range sub {
					st.primeFile(rel + "/" + f.Name())
				}
			}
			continue
		}
		st.primeFile(rel)
	}
}

func (st *stamps) primeFile(rel string) {
	s, ok := st.look(rel)
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, known := st.cards[rel]; ok && !known {
		st.cards[rel] = s
	}
}

// isNamed reports whether the watcher named rel or a folder above it.
func (st *stamps) isNamed(rel string) bool {
	if st.all {
		return true
	}
	for p := rel; ; {
		if st.named[p] {
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// look takes the stamp of rel now; ok is false when it is no regular file.
func (st *stamps) look(rel string) (stamp, bool) {
	now := time.Now()
	info, err := os.Lstat(filepath.Join(st.dir, filepath.FromSlash(rel)))
	if err != nil || !info.Mode().IsRegular() {
		return stamp{}, false
	}
	s := stamp{sig: signature(info)}
	s.racy = !s.sig.changed.Before(now.Add(-racyWindow))
	return s, true
}

// unchanged is load.Cache.Unchanged: it vouches for a scorecard that is the same
// as when load last read it. It records the file's stamp each time, before load
// reads the file when it says no, so a change after that stamp shows at the next
// rebuild.
func (st *stamps) unchanged(rel string) bool {
	now, ok := st.look(rel)
	st.mu.Lock()
	defer st.mu.Unlock()
	old, known := st.cards[rel]
	if !ok {
		delete(st.cards, rel)
		return false
	}
	st.cards[rel] = now
	return known && !old.racy && old.sig == now.sig && !st.isNamed(rel)
}

// read returns the content of the site file rel, through read when it may have
// changed since the last call, else as it was then.
func (st *stamps) read(rel string, read func() ([]byte, error)) ([]byte, error) {
	now, ok := st.look(rel)
	st.mu.Lock()
	old, known := st.files[rel]
	same := ok && known && !old.racy && old.sig == now.sig && !st.isNamed(rel)
	st.mu.Unlock()
	if same {
		return old.data, nil
	}
	data, err := read()
	st.mu.Lock()
	defer st.mu.Unlock()
	if err != nil || !ok {
		delete(st.files, rel)
		return data, err
	}
	st.files[rel] = stampedFile{stamp: now, data: data}
	return data, nil
}
