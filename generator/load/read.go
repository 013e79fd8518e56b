package load

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"
	"unsafe"

	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// maxFileSize is the largest file read. Larger ones are refused unread: no real
// scorecard or page comes near it, and reading one would only slow every build.
const maxFileSize = 8 << 20

// readStatus says what became of a read.
type readStatus int

const (
	readOK      readStatus = iota
	readMissing            // the file does not exist (callers decide if that is a problem)
	readFailed             // a problem was reported
)

// read returns the text of a site file (rel uses forward slashes), with a BOM removed
// and CRLF line ends turned into LF. It refuses large files, files that are not UTF-8
// and links that lead out of the site.
func (l *loader) read(rel string) (string, readStatus) {
	buf := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(buf)
	data, st := l.readInto(rel, buf)
	if st != readOK {
		return "", st
	}
	return string(data), readOK
}

// readInto is read into *buf, which it may grow: the text is valid until *buf is
// used again. A scorecard the cache already has is then never copied.
func (l *loader) readInto(rel string, buf *[]byte) ([]byte, readStatus) {
	abs, info, st := l.resolve(rel)
	if st != readOK {
		return nil, st
	}
	if info.IsDir() {
		l.diags.Errorf(diag.Pos{File: rel}, "%s is a folder, but a file is expected here", rel)
		return nil, readFailed
	}
	if !info.Mode().IsRegular() {
		l.diags.Errorf(diag.Pos{File: rel}, "%s is not a regular file", rel)
		return nil, readFailed
	}
	if info.Size() > maxFileSize {
		l.diags.Errorf(diag.Pos{File: rel}, "file is too large (%s); files over 8 MiB are refused: split it into smaller files", mib(info.Size()))
		return nil, readFailed
	}
	data, err := readFile(abs, info.Size(), *buf)
	if cap(data) <= maxFileSize+1 {
		*buf = data[:0] // keep a grown buffer for the next file
	}
	if err != nil {
		l.diags.Errorf(diag.Pos{File: rel}, "cannot read the file: %v", plainErr(err))
		return nil, readFailed
	}
	if len(data) > maxFileSize {
		l.diags.Errorf(diag.Pos{File: rel}, "file is too large (over 8 MiB); files over 8 MiB are refused: split it into smaller files")
		return nil, readFailed
	}
	data, ok := normaliseBytes(rel, data, &l.diags)
	if !ok {
		return nil, readFailed
	}
	return data, readOK
}

// borrowText is data seen as text without copying it: a load reads tens of
// megabytes of scorecards, and each copy would be garbage once its file is checked.
// The text is valid only while data is, so nothing read from it may outlive the
// read buffer: card keeps nothing of the text but through doc.keep, which copies,
// and its messages are formatted anew. (TestBorrowedText checks a site read so
// against the same site read from copies.)
func borrowText(data []byte) string {
	return unsafe.String(unsafe.SliceData(data), len(data))
}

// fileSource is a Source for the site file rel, whose text is text. Its positions
// are found in the file read again: a load reads tens of megabytes of scorecards,
// few of which have a problem to point at, so their text is not kept for that. A
// file that has changed since gives no positions; problems are then named by the
// file alone.
func (l *loader) fileSource(rel, text string) *model.Source {
	dir, root := l.dir, l.root
	sum := maphash.String(textSeed, text)
	return model.NewSource(rel, func() map[string]diag.Pos {
		again := &loader{dir: dir, root: root}
		text, st := again.read(rel)
		if st != readOK || maphash.String(textSeed, text) != sum {
			return map[string]diag.Pos{}
		}
		return scanPositions(rel, text, 0)
	})
}

// textSeed seeds the checksums that tell a file read again is unchanged.
var textSeed = maphash.MakeSeed()

// readBuffers hold file bytes until they are turned into text, or until a
// scorecard checked in them (borrowText) is done with: a load reads thousands of
// files of similar size.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// readFile reads at most maxFileSize+1 bytes of a file into buf, which it grows
// when needed. size is what the file's size was when it was looked at: with room
// for one byte more, one read takes the whole file and a second finds its end.
func readFile(abs string, size int64, buf []byte) ([]byte, error) {
	// A regular file reads the same in non-blocking mode, and opened so, it is not
	// switched to that mode and back: four system calls fewer, for every file.
	f, err := os.OpenFile(abs, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return buf[:0], err
	}
	defer f.Close()
	want := int(min(size, maxFileSize)) + 1
	if cap(buf) < want {
		buf = make([]byte, 0, want)
	}
	data := buf[:0]
	for len(data) <= maxFileSize {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew since it was looked at
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
	return data, nil
}

// resolve finds a site path on disk. A link is followed only when it stays inside the
// site: the site folder is what gets published, and a link out of it could publish any
// file of the machine.
func (l *loader) resolve(rel string) (string, fs.FileInfo, readStatus) {
	abs := filepath.Join(l.dir, filepath.FromSlash(rel))
	info, err := os.Lstat(abs)
	if err != nil {
		if os.IsNotExist(err) {
			return abs, nil, readMissing
		}
		l.diags.Errorf(diag.Pos{File: rel}, "cannot read %s: %v", rel, plainErr(err))
		return abs, nil, readFailed
	}
	if info.Mode()&fs.ModeSymlink == 0 {
		return abs, info, readOK
	}
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		l.diags.Errorf(diag.Pos{File: rel}, "%s is a link to a file that does not exist; remove the link or copy the file in its place", rel)
		return abs, nil, readFailed
	}
	if !l.inside(target) {
		l.diags.Errorf(diag.Pos{File: rel}, "%s is a link to %s, outside the site folder; links out of the site are not followed: copy the file into the site instead", rel, target)
		return abs, nil, readFailed
	}
	info, err = os.Stat(target)
	if err != nil {
		l.diags.Errorf(diag.Pos{File: rel}, "cannot read %s: %v", rel, plainErr(err))
		return abs, nil, readFailed
	}
	return target, info, readOK
}

// inside reports whether a resolved path lies within the site folder.
func (l *loader) inside(target string) bool {
	r, err := filepath.Rel(l.root, target)
	if err != nil {
		return false
	}
	return r == "." || (r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r))
}

// plainErr drops the Go path prefix of an fs error, which only repeats the file name.
func plainErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func mib(n int64) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// normalise turns file bytes into text: a UTF-8 BOM is dropped and CRLF becomes LF
// (the TOML decoder mis-numbers lines after a CR). Text that is not UTF-8 is refused,
// naming GB18030/GBK when the bytes look like it, since that is what Chinese editions
// of office software save by default.
func normalise(rel string, data []byte, diags *diag.List) (string, bool) {
	data, ok := normaliseBytes(rel, data, diags)
	if !ok {
		return "", false
	}
	return string(data), true
}

// normaliseBytes is normalise without turning the bytes into text.
func normaliseBytes(rel string, data []byte, diags *diag.List) ([]byte, bool) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		diags.Errorf(diag.Pos{File: rel}, "file is encoded as UTF-16, not UTF-8; save it again as UTF-8")
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(data) {
		if looksGBK(data) {
			q := shellQuote(rel)
			diags.Errorf(diag.Pos{File: rel}, "file is encoded as GB18030/GBK, not UTF-8; convert it with: iconv -f GB18030 -t UTF-8 %s > x.tmp && mv x.tmp %s", q, q)
			return nil, false
		}
		off := firstInvalid(data)
		idx := newLineIndex(string(data[:off]), 0)
		line, col := idx.at(off)
		diags.Errorf(diag.Pos{File: rel, Line: line, Col: col}, "file is not UTF-8 (first bad byte at line %d col %d); save it again as UTF-8", line, col)
		return nil, false
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return data, true
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// looksGBK reports whether bytes that are not UTF-8 read cleanly as GB18030: ASCII, or
// two-byte pairs with a lead byte 0x81–0xFE and a trail byte 0x40–0xFE other than 0x7F,
// or GB18030's four-byte sequences.
func looksGBK(data []byte) bool {
	pairs, bad := 0, 0
	for i := 0; i < len(data); {
		c := data[i]
		if c < 0x80 {
			i++
			continue
		}
		if c >= 0x81 && c <= 0xFE && i+1 < len(data) {
			t := data[i+1]
			if t >= 0x40 && t <= 0xFE && t != 0x7F {
				pairs++
				i += 2
				continue
			}
			if t >= 0x30 && t <= 0x39 && i+3 < len(data) &&
				data[i+2] >= 0x81 && data[i+2] <= 0xFE && data[i+3] >= 0x30 && data[i+3] <= 0x39 {
				pairs++
				i += 4
				continue
			}
		}
		bad++
		i++
	}
	return pairs > 0 && bad*20 <= pairs
}

// shellQuote quotes a path for a POSIX shell command the user may copy.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
