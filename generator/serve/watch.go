package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchedDirs are the site folders whose changes trigger a rebuild; site.toml is
// watched through the site folder itself.
var watchedDirs = []string{"data", "content", "layouts", "static", "themes"}

// watcher turns file-system events under a site into debounced "something changed"
// signals carrying the changed paths. fsnotify is not recursive, so every folder is
// added, and folders created later are added (and their files treated as created).
type watcher struct {
	site    string
	fsw     *fsnotify.Watcher
	changes chan []string // one batch per burst
	warn    func(string)
}

func newWatcher(site string, debounce time.Duration, warn func(string)) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{site: site, fsw: fsw, changes: make(chan []string, 1), warn: warn}
	if err := fsw.Add(site); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		w.addTree(filepath.Join(site, d))
	}
	go w.loop(debounce)
	return w, nil
}

// addTree watches dir and every folder below it; it returns the files found, so a
// folder that appeared with files already inside counts them as created.
func (w *watcher) addTree(dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil // never follow links out of the site
		}
		if d.IsDir() {
			if p != dir && (d.Name() == "public" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if err := w.fsw.Add(p); err != nil {
				w.addFailed(p, err)
			}
			return nil
		}
		files = append(files, p)
		return nil
	})
	return files
}

func (w *watcher) addFailed(p string, err error) {
	if errors.Is(err, syscall.ENOSPC) {
		w.warn("cannot watch " + p + ": the system's limit of watched folders is reached; raise it with: sudo sysctl fs.inotify.max_user_watches=524288")
		return
	}
	w.warn("cannot watch " + p + ": " + err.Error())
}

// relevant says whether an event should trigger a rebuild.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	name := filepath.Base(ev.Name)
	if editorTemp(name) {
		return false
	}
	rel, err := filepath.Rel(w.site, ev.Name)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	if !strings.Contains(rel, "/") {
		return rel == "site.toml" || isWatchedDir(rel)
	}
	return isWatchedDir(strings.SplitN(rel, "/", 2)[0])
}

func isWatchedDir(name string) bool {
	for _, d := range watchedDirs {
		if d == name {
			return true
		}
	}
	return false
}

// editorTemp recognises the scratch files editors write while saving.
func editorTemp(name string) bool {
	switch {
	case name == "4913", strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"),
		strings.HasSuffix(name, ".swx"), strings.HasPrefix(name, ".#"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasPrefix(name, ".goutputstream-"), strings.HasSuffix(name, "___jb_tmp___"),
		strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	return false
}

func (w *watcher) loop(debounce time.Duration) {
	var pending []string
	var timer <-chan time.Time
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if !w.relevant(ev) {
				continue
			}
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Write) {
				info, err := os.Lstat(ev.Name)
				if err != nil && ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Create) {
					continue // written, then already gone: a temp file
				}
				if err == nil && info.IsDir() {
					pending = append(pending, w.addTree(ev.Name)...)
				}
			}
			pending = append(pending, ev.Name)
			timer = time.After(debounce)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: watch everything again and rebuild everything.
				for _, d := range watchedDirs {
					w.addTree(filepath.Join(w.site, d))
				}
				pending = append(pending, w.site)
				timer = time.After(debounce)
				continue
			}
			w.warn("watching: " + err.Error())
		case <-timer:
			batch := pending
			pending, timer = nil, nil
			select {
			case w.changes <- batch:
			default:
				// A rebuild is already queued: merge into it.
				old := <-w.changes
				w.changes <- append(old, batch...)
			}
		}
	}
}

func (w *watcher) close() { w.fsw.Close() }
