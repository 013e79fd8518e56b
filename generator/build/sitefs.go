package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// insideFS is a folder of the site (layouts/, static/, a theme) read through
// os.DirFS, except that a link is followed only when it stays inside the site:
// the site folder is what gets published, and a link out of it could publish any
// file of the machine, or run any file as a template.
type insideFS struct {
	dir  string // the folder on disk
	name string // its name in the site, for messages ("static")
	site string // the site folder, links resolved, absolute
}

func newInsideFS(siteDir, name string) fs.FS {
	root, err := filepath.EvalSymlinks(siteDir)
	if err != nil {
		root = siteDir
	}
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	return insideFS{dir: filepath.Join(siteDir, name), name: filepath.ToSlash(name), site: root}
}

func (f insideFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	real, err := filepath.EvalSymlinks(filepath.Join(f.dir, filepath.FromSlash(name)))
	if err == nil {
		if abs, err := filepath.Abs(real); err == nil {
			real = abs
		}
		if r, err := filepath.Rel(f.site, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			rel := f.name
			if name != "." {
				rel += "/" + name
			}
			return nil, &fs.PathError{Op: "open", Path: rel, Err: &outsideError{target: real}}
		}
	}
	return os.DirFS(f.dir).Open(name)
}

// outsideError says that a link leads out of the site.
type outsideError struct{ target string }

func (e *outsideError) Error() string {
	return "it is a link to " + e.target + ", outside the site folder; links out of the site are not followed: copy the file or folder into the site instead"
}
