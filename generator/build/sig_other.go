//go:build !linux

package build

import (
	"io/fs"
	"time"
)

// fileSig is what stat says about a file that changes whenever its content does,
// within the resolution of the clock. Without the change time and inode (read on
// Linux only), a file given back an old modification time is only seen to change
// when the watcher names it.
type fileSig struct {
	size     int64
	mode     fs.FileMode
	modified time.Time
	changed  time.Time
}

func signature(info fs.FileInfo) fileSig {
	return fileSig{size: info.Size(), mode: info.Mode(), modified: info.ModTime(), changed: info.ModTime()}
}
