package opendata

import (
	"bytes"
	"errors"
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

// Write emits what Files returns, in the same order, and stops at an error.
func TestWriteStreamsFilesInOrder(t *testing.T) {
	s := fixture()
	r := score.Site(s)
	opt := Options{Today: day(2025, 6, 1)}
	files := Files(s, r, opt)
	var got []File
	if err := Write(s, r, opt, func(f File) error { got = append(got, f); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(files) || len(files) < 3 {
		t.Fatalf("Write emitted %d files, Files returned %d", len(got), len(files))
	}
	for i := range files {
		if got[i].Path != files[i].Path || !bytes.Equal(got[i].Data, files[i].Data) {
			t.Errorf("file %d: Write gave %s, Files %s", i, got[i].Path, files[i].Path)
		}
	}
	if last := got[len(got)-1].Path; last != "data/SHA256SUMS" {
		t.Errorf("last file is %s, want data/SHA256SUMS", last)
	}
	stop := errors.New("disk full")
	n := 0
	err := Write(s, r, opt, func(File) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("after a failed emit: err %v, %d calls; want the error after 1 call", err, n)
	}
}
