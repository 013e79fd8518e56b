package build

import (
	"bytes"
	"testing"

	"perfsite/generator/linkcheck"
)

// A page handed to the collector with WriteFileThen goes back to its owner only
// once it is written and its links are read: the owner then overwrites it.
func TestCollectorReleasesPagesWhenDone(t *testing.T) {
	mem := &memWriter{files: map[string][]byte{}}
	c := newCollector(mem)
	page := []byte(`<!DOCTYPE html><p id="x"><a href="/missing/">a</a> <a href="#x">b</a></p>`)
	want := bytes.Clone(page)
	released := 0
	err := c.WriteFileThen("a/index.html", page, func() {
		released++
		for i := range page {
			page[i] = ' ' // the next page goes into the same buffer
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.close(); err != nil {
		t.Fatal(err)
	}
	if released != 1 {
		t.Errorf("released %d times, want once", released)
	}
	if got := mem.files["a/index.html"]; !bytes.Equal(got, want) {
		t.Errorf("written %q, want %q", got, want)
	}
	broken := linkcheck.CheckPages(c.pages, c.paths, "/")
	if len(broken) != 1 || broken[0].Link != "/missing/" {
		t.Errorf("broken links %v, want the one to /missing/", broken)
	}
}
