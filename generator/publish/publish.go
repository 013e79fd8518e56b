// Package publish writes a build into a staging folder beside the output folder and
// swaps it in at once, so a failed or killed build never leaves a half-written site:
// readers see either the old tree or the new one.
package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Staging is a build in progress. WriteFile is safe for concurrent use.
type Staging struct {
	target string
	dir    string

	mu    sync.Mutex
	dirs  map[string]bool
	files map[string]bool
}

// stagePrefix names staging and retired trees: "<parent>/.<base>.stage-<pid>-<n>".
func stagePrefix(target string) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".stage-")
}

// Begin creates a staging folder for target (e.g. "site/public") on the same file
// system, after removing staging folders that earlier builds left behind when they
// were killed.
func Begin(target string) (*Staging, error) {
	target = filepath.Clean(target)
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the folder for %s: %w", target, err)
	}
	CleanStale(target)
	prefix := stagePrefix(target)
	for n := 0; ; n++ {
		dir := prefix + strconv.Itoa(os.Getpid()) + "-" + strconv.Itoa(n)
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			return &Staging{target: target, dir: dir, dirs: map[string]bool{".": true}, files: map[string]bool{}}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("cannot write beside %s: %w (check that the folder is writable and the disk is not full)", target, err)
		}
	}
}

// CleanStale removes staging folders of target whose process is gone. A swap by
// renames (exchangeByRename) cut short between its first two renames leaves no
// target and the old tree under "<stage>.swap": that tree is put back, not removed.
func CleanStale(target string) {
	prefix := stagePrefix(target)
	matches, _ := filepath.Glob(prefix + "*")
	for _, m := range matches {
		rest := strings.TrimPrefix(m, prefix)
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err == nil && pid > 0 && (pid == os.Getpid() || processAlive(pid)) {
			continue
		}
		if strings.HasSuffix(m, ".swap") {
			if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) && os.Rename(m, target) == nil {
				continue
			}
		}
		os.RemoveAll(m)
	}
}

// Dir is the staging folder.
func (s *Staging) Dir() string { return s.dir }

// WriteFile writes one output file; rel uses forward slashes and must stay inside the tree.
func (s *Staging) WriteFile(rel string, data []byte) error {
	clean := path.Clean(rel)
	if rel == "" || clean != rel || path.IsAbs(rel) || clean == "." || strings.HasPrefix(clean, "../") || clean == ".." {
		return fmt.Errorf("refusing to write %q: output paths must be plain relative paths", rel)
	}
	s.mu.Lock()
	if s.files[clean] {
		s.mu.Unlock()
		return fmt.Errorf("two outputs would write %s", clean)
	}
	s.files[clean] = true
	s.mu.Unlock()
	if err := s.makeDir(path.Dir(clean)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.dir, filepath.FromSlash(clean)), data, 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %w (is the disk full?)", clean, err)
	}
	return nil
}

// makeDir creates the folder dir of the tree and any missing parents. A folder is
// remembered once it exists, so each is made by one mkdir, without the stat calls
// of os.MkdirAll. Another writer may be making the same folder at the same time:
// the one that loses finds it made.
func (s *Staging) makeDir(dir string) error {
	s.mu.Lock()
	known := s.dirs[dir]
	s.mu.Unlock()
	if known {
		return nil
	}
	if err := s.makeDir(path.Dir(dir)); err != nil {
		return err
	}
	full := filepath.Join(s.dir, filepath.FromSlash(dir))
	if err := os.Mkdir(full, 0o755); err != nil {
		if info, statErr := os.Lstat(full); statErr != nil || !info.IsDir() {
			return fmt.Errorf("cannot create %s: %w", dir, err)
		}
	}
	s.mu.Lock()
	s.dirs[dir] = true
	s.mu.Unlock()
	return nil
}

// Create writes an output file in pieces, for one too large to hold whole; rel is
// checked as WriteFile checks it. The file is made empty by WriteFile, which also
// makes its folder, and then opened for the pieces.
func (s *Staging) Create(rel string) (io.WriteCloser, error) {
	if err := s.WriteFile(rel, nil); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(s.dir, filepath.FromSlash(rel)), os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", rel, err)
	}
	return &stagedFile{f: f, rel: rel}, nil
}

// stagedFile is a file being written by pieces; its errors name it.
type stagedFile struct {
	f   *os.File
	rel string
}

func (w *stagedFile) Write(b []byte) (int, error) {
	n, err := w.f.Write(b)
	if err != nil {
		err = fmt.Errorf("cannot write %s: %w (is the disk full?)", w.rel, err)
	}
	return n, err
}

func (w *stagedFile) Close() error {
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w (is the disk full?)", w.rel, err)
	}
	return nil
}

// Has reports whether rel was written.
func (s *Staging) Has(rel string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files[rel]
}

// Files returns the written paths (unsorted).
func (s *Staging) Files() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.files))
	for f := range s.files {
		out = append(out, f)
	}
	return out
}

// Abort discards the staging folder; the target is untouched.
func (s *Staging) Abort() {
	os.RemoveAll(s.dir)
}

// Commit replaces the target with the staging folder in one step and removes the old tree.
func (s *Staging) Commit() error {
	info, err := os.Lstat(s.target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(s.dir, s.target); err != nil {
			s.Abort()
			return fmt.Errorf("cannot move the new site into %s: %w", s.target, err)
		}
		return nil
	case err != nil:
		s.Abort()
		return fmt.Errorf("cannot read %s: %w", s.target, err)
	case !info.IsDir():
		s.Abort()
		return fmt.Errorf("%s exists and is not a folder; move it away or choose another output folder with -d", s.target)
	}
	if err := exchange(s.dir, s.target); err != nil {
		s.Abort()
		return fmt.Errorf("cannot swap the new site into %s: %w", s.target, err)
	}
	// s.dir now holds the old tree.
	os.RemoveAll(s.dir)
	return nil
}
