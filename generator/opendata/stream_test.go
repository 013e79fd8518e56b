package opendata

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"testing"

	"perfsite/generator/score"
)

// cycle.json made one department at a time is the document marshalled whole.
func TestCycleJSONIsTheWholeDocument(t *testing.T) {
	s := fixture()
	r := score.Site(s)
	ix := index(s)
	for _, drafts := range []bool{false, true} {
		opt := Options{Drafts: drafts, Today: day(2025, 6, 1)}
		for _, c := range r.Cycles {
			got, want := cycleJSON(ix, c, opt), marshal(document(ix, c, opt))
			if !bytes.Equal(got, want) {
				t.Errorf("cycle %s (drafts %t): streamed cycle.json differs from the whole document:\n%s\nwant\n%s", c.ID, drafts, got, want)
			}
		}
		empty := &score.Cycle{ID: "x", Scheme: r.Cycles[0].Scheme}
		if got, want := cycleJSON(ix, empty, opt), marshal(document(ix, empty, opt)); !bytes.Equal(got, want) {
			t.Errorf("cycle without departments: got\n%s\nwant\n%s", got, want)
		}
	}
}

// Write writes to its sink what Files returns, in the same order, each file
// closed once complete and in few writes, and returns each file's size and
// checksum.
func TestWriteStreamsFilesInOrder(t *testing.T) {
	s, r := manyParts(t)
	opt := Options{Today: day(2025, 6, 1)}
	files := Files(s, r, opt)
	sink := &recordingSink{}
	got, err := Write(s, r, opt, sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(files) || len(sink.files) != len(files) || len(files) < 3 {
		t.Fatalf("Write returned %d files and created %d, Files returned %d", len(got), len(sink.files), len(files))
	}
	for i, want := range files {
		f, w := got[i], sink.files[i]
		data := w.Bytes()
		switch {
		case f.Path != want.Path || w.path != want.Path:
			t.Errorf("file %d: Write returned %s and created %s, Files %s", i, f.Path, w.path, want.Path)
		case !bytes.Equal(data, want.Data):
			t.Errorf("%s: written bytes differ from Files' at byte %d", f.Path, firstDiff(data, want.Data))
		case f.Data != nil:
			t.Errorf("%s: Write returned the data too", f.Path)
		case f.Size != len(data) || f.SHA256 != sha256.Sum256(data) || want.SHA256 != f.SHA256 || want.Size != f.Size:
			t.Errorf("%s: size %d and checksum %x, want %d and %x", f.Path, f.Size, f.SHA256, len(data), sha256.Sum256(data))
		case w.closed != 1:
			t.Errorf("%s: closed %d times", f.Path, w.closed)
		case w.writes > 1+2*len(data)/gather:
			t.Errorf("%s: %d writes for %d bytes; small pieces must be gathered", f.Path, w.writes, len(data))
		}
	}
	if last := got[len(got)-1].Path; last != "data/SHA256SUMS" {
		t.Errorf("last file is %s, want data/SHA256SUMS", last)
	}
}

// The first error of the sink, in creating a file or in writing one, stops the
// writing and is returned, and every file created is closed.
func TestWriteStopsAtTheFirstError(t *testing.T) {
	s, r := manyParts(t)
	opt := Options{Today: day(2025, 6, 1)}
	total := 0
	for _, f := range Files(s, r, opt) {
		total += f.Size
	}
	for _, tc := range []struct {
		name string
		sink *recordingSink
	}{
		{"third file cannot be created", &recordingSink{failCreate: 3}},
		{"disk full in the first cycle", &recordingSink{room: 5000}},
		{"disk full in a later cycle", &recordingSink{room: total / 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, err := Write(s, r, opt, tc.sink)
			if !errors.Is(err, errFull) {
				t.Fatalf("err %v, want %v", err, errFull)
			}
			if len(tc.sink.files) == 0 {
				t.Fatal("nothing was created")
			}
			for _, w := range tc.sink.files {
				if w.closed != 1 {
					t.Errorf("%s: closed %d times", w.path, w.closed)
				}
			}
			if n := len(files); n >= len(tc.sink.files) {
				t.Errorf("%d files returned as complete, of %d created", n, len(tc.sink.files))
			}
		})
	}
}

var errFull = errors.New("no space left on device")

// recordingSink keeps what is written to it, in the order files are created.
// It refuses to create file number failCreate (from 1), and, when room is set,
// to hold more than room bytes in all.
type recordingSink struct {
	files      []*recordedFile
	failCreate int
	room       int
	used       int
}

type recordedFile struct {
	bytes.Buffer
	sink   *recordingSink
	path   string
	closed int
	writes int
}

func (s *recordingSink) Create(path string) (io.WriteCloser, error) {
	if len(s.files)+1 == s.failCreate {
		return nil, errFull
	}
	f := &recordedFile{sink: s, path: path}
	s.files = append(s.files, f)
	return f, nil
}

func (f *recordedFile) Write(b []byte) (int, error) {
	if s := f.sink; s.room > 0 {
		if s.used+len(b) > s.room {
			return 0, errFull
		}
		s.used += len(b)
	}
	f.writes++
	return f.Buffer.Write(b)
}

func (f *recordedFile) Close() error {
	f.closed++
	return nil
}
