package build

import (
	"io/fs"
	"syscall"
	"time"
)

// fileSig is what stat says about a file that changes whenever its content does,
// within the resolution of the clock: writing a file sets its change time, which no
// program can set back, and replacing it gives a new inode.
type fileSig struct {
	size     int64
	mode     fs.FileMode
	modified time.Time
	changed  time.Time // the later of the change and modification times
	inode    uint64
	device   uint64
}

func signature(info fs.FileInfo) fileSig {
	s := fileSig{size: info.Size(), mode: info.Mode(), modified: info.ModTime(), changed: info.ModTime()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		if c := time.Unix(st.Ctim.Unix()); c.After(s.changed) {
			s.changed = c
		}
		s.inode, s.device = st.Ino, uint64(st.Dev)
	}
	return s
}
