package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"perfsite/generator/internal/usage"
)

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

func publishFiles(t *testing.T, target string, files map[string]string) {
	t.Helper()
	s, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(files))
	for k := range files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := s.WriteFile(k, []byte(files[k])); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestCommitReplacesWholeTree(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	publishFiles(t, target, map[string]string{"index.html": "one", "old/index.html": "gone soon"})
	publishFiles(t, target, map[string]string{"index.html": "two", "new/a/b.txt": "b"})
	got := tree(t, target)
	want := map[string]string{"index.html": "two", "new/a/b.txt": "b"}
	if len(got) != len(want) || got["index.html"] != "two" || got["new/a/b.txt"] != "b" {
		t.Fatalf("tree after second publish = %v, want %v", got, want)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".public.stage-*"))
	if len(left) != 0 {
		t.Fatalf("staging folders left behind: %v", left)
	}
}

func TestAbortLeavesOldTreeUntouched(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	publishFiles(t, target, map[string]string{"index.html": "old", "a/b.html": "keep"})
	before := tree(t, target)
	s, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("index.html", []byte("half-built")); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	after := tree(t, target)
	if len(after) != len(before) || after["index.html"] != "old" || after["a/b.html"] != "keep" {
		t.Fatalf("aborted build changed the old tree: %v", after)
	}
}

func TestStaleStagingFoldersAreRemoved(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "public")
	// A build killed earlier: pid 0 never names a live build.
	stale := filepath.Join(parent, ".public.stage-0-0")
	if err := os.MkdirAll(filepath.Join(stale, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("stale staging folder still there (err=%v)", err)
	}
}

func TestWriteFileRefusesEscapes(t *testing.T) {
	s, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	for _, bad := range []string{"../x", "/etc/passwd", "a/../../x", "", ".", "a//b"} {
		if err := s.WriteFile(bad, []byte("x")); err == nil {
			t.Errorf("WriteFile(%q) accepted", bad)
		}
	}
	if err := s.WriteFile("a/b.txt", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("a/b.txt", nil); err == nil {
		t.Error("writing the same output twice was accepted")
	}
}

// Writers share new folders: each folder is made once, whoever comes first, and
// no writer fails because another made it.
func TestWriteFileConcurrentFolders(t *testing.T) {
	s, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	const writers, each = 8, 20
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				rel := fmt.Sprintf("2024/d%d/w%d.html", i, w)
				if err := s.WriteFile(rel, []byte(rel)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got := tree(t, s.Dir())
	if len(got) != writers*each {
		t.Fatalf("%d files written, want %d", len(got), writers*each)
	}
	if got["2024/d7/w3.html"] != "2024/d7/w3.html" {
		t.Errorf("2024/d7/w3.html = %q", got["2024/d7/w3.html"])
	}
}

// A file and a folder of the same name cannot both be outputs, in either order.
func TestWriteFileFileAndFolderClash(t *testing.T) {
	s, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if err := s.WriteFile("a", []byte("file")); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("a/b.html", []byte("x")); err == nil || !strings.Contains(err.Error(), "a") {
		t.Errorf("a/b.html under the file a: err = %v", err)
	}
	if err := s.WriteFile("c/d.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("c", []byte("file")); err == nil {
		t.Error("the file c over the folder c was accepted")
	}
}

func TestCommitRefusesFileTarget(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	if err := os.WriteFile(target, []byte("not a dir"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	s.WriteFile("index.html", []byte("x"))
	if err := s.Commit(); err == nil {
		t.Fatal("commit over a plain file succeeded")
	}
	if b, _ := os.ReadFile(target); string(b) != "not a dir" {
		t.Fatal("the existing file was changed")
	}
}

// BenchmarkWriteFile writes pages the way a build does: one index.html in each of
// many folders, each folder new, a few files beside it.
// go test ./generator/publish -bench WriteFile
func BenchmarkWriteFile(b *testing.B) {
	page := []byte(strings.Repeat("<tr><td>9.50</td></tr>\n", 400))
	parent := b.TempDir()
	b.ReportAllocs()
	var used time.Duration // processor time of the writes alone: the machine may be busy
	for n := 0; b.Loop(); n++ {
		s, err := Begin(filepath.Join(parent, "public"+strconv.Itoa(n)))
		if err != nil {
			b.Fatal(err)
		}
		start := usage.CPU()
		for i := range 200 {
			dir := "2024/dept-" + strconv.Itoa(i) + "/"
			for _, name := range []string{"index.html", "data.csv"} {
				if err := s.WriteFile(dir+name, page); err != nil {
					b.Fatal(err)
				}
			}
		}
		used += usage.CPU() - start
		b.StopTimer()
		s.Abort()
		b.StartTimer()
	}
	b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/op")
}

// A file created for writing in pieces holds the pieces in order, in a folder made
// for it, and its path is checked and taken as WriteFile's are.
func TestCreateWritesPieces(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	s, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	w, err := s.Create("data/2024/cycle.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, piece := range []string{"{", `"a": 1`, "}\n"} {
		if _, err := w.Write([]byte(piece)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !s.Has("data/2024/cycle.json") {
		t.Error("Has does not report the created file")
	}
	if _, err := s.Create("data/2024/cycle.json"); err == nil {
		t.Error("creating a written path again was accepted")
	}
	if err := s.WriteFile("data/2024/cycle.json", nil); err == nil {
		t.Error("WriteFile over a created path was accepted")
	}
	if _, err := s.Create("../x"); err == nil {
		t.Error("Create(\"../x\") accepted")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, target); len(got) != 1 || got["data/2024/cycle.json"] != "{\"a\": 1}\n" {
		t.Fatalf("tree = %v", got)
	}
}
