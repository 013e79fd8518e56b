package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"perfsite/generator/diag"
)

// copyExample copies the repository's example site (site.toml, data/, content/).
func copyExample(t *testing.T) string {
	t.Helper()
	root := exampleSite(t)
	dst := filepath.Join(t.TempDir(), "site")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"site.toml", "data", "content"} {
		err := filepath.WalkDir(filepath.Join(root, name), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// everyFile makes every file of a snapshot.
func everyFile(t *testing.T, snap *Snapshot) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range snap.Paths() {
		data, err := snap.File(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[p] = data
	}
	return out
}

// A snapshot's files are those a build writes, byte for byte, whichever file is
// asked for first — here the data page, the last page, before any data file.
func TestSnapshotFilesAreTheBuildsFiles(t *testing.T) {
	cases := []struct {
		name string
		opts Options
	}{
		{"example", Options{SiteDir: exampleSite(t), Today: fixedDay}},
		{"example with drafts under a path", Options{SiteDir: exampleSite(t), Today: fixedDay, Drafts: true, BaseURL: "https://example.gov.cn/perf/"}},
		{"new site", Options{SiteDir: newSite(t), Today: fixedDay}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			built, err := InMemory(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			snap, err := NewCache().Snapshot(tc.opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			if snap.BasePath != built.BasePath {
				t.Errorf("base path %q, build's %q", snap.BasePath, built.BasePath)
			}
			if _, err := snap.File("data/index.html"); err != nil {
				t.Fatal(err)
			}
			sameTree(t, built.Files, everyFile(t, snap))
		})
	}
}

// editActual sets the first "actual = " of a file to value and returns the old text.
func editActual(t *testing.T, file, value string) []byte {
	t.Helper()
	old, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(old, []byte("\nactual = "))
	if i < 0 {
		t.Fatalf("%s has no actual", file)
	}
	i += len("\nactual = ")
	end := i + bytes.IndexByte(old[i:], '\n')
	edited := append(append(append([]byte{}, old[:i]...), value...), old[end:]...)
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	return old
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// After one scorecard is edited, the next snapshot parses that scorecard alone,
// scores it alone, and its data page shows the new SHA-256 of the edited cycle's
// files and the old one of the other cycles' files; the snapshot before stays as
// it was.
func TestSnapshotAfterOneScorecardEdit(t *testing.T) {
	site := copyExample(t)
	c := NewCache()
	opts := Options{SiteDir: site, Today: fixedDay}
	first, err := c.Snapshot(opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := everyFile(t, first)

	card := filepath.Join(site, "data", "2024", "market-regulation.toml")
	editActual(t, card, "77.7")
	second, err := c.Snapshot(opts, []string{card})
	if err != nil {
		t.Fatal(err)
	}
	if c.Load.Parsed != 1 {
		t.Errorf("%d scorecards parsed after one edit, want 1", c.Load.Parsed)
	}
	if c.score.Scored != 1 {
		t.Errorf("%d scorecards scored after one edit, want 1", c.score.Scored)
	}
	dataPage, err := second.File("data/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"data/2024/departments.csv", "data/2024/cycle.json", "data/2023/cycle.json"} {
		now, err := second.File(p)
		if err != nil {
			t.Fatal(err)
		}
		changed := !bytes.Equal(now, before[p])
		if changed != strings.HasPrefix(p, "data/2024/") {
			t.Errorf("%s changed: %v", p, changed)
		}
		if !strings.Contains(string(dataPage), sha(now)) {
			t.Errorf("the data page lacks the SHA-256 of %s", p)
		}
		if changed && strings.Contains(string(dataPage), sha(before[p])) {
			t.Errorf("the data page still shows the old SHA-256 of %s", p)
		}
	}
	if old, _ := first.File("data/index.html"); !bytes.Equal(old, before["data/index.html"]) {
		t.Error("the earlier snapshot's data page changed")
	}
	// And the edited snapshot is what a build of the edited site writes.
	built, err := InMemory(opts)
	if err != nil {
		t.Fatal(err)
	}
	sameTree(t, built.Files, everyFile(t, second))
}

// The watcher may miss a change, and two saves within one tick of the clock
// keep a file's times: neither may hide an edit.
func TestSnapshotSeesEveryChange(t *testing.T) {
	site := copyExample(t)
	c := NewCache()
	opts := Options{SiteDir: site, Today: fixedDay}
	if _, err := c.Snapshot(opts, nil); err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(site, "data", "2024", "market-regulation.toml")
	page := "2024/market-regulation/index.html"
	for i, value := range []string{"71.1", "72.2", "73.3"} {
		// Same size, same modification time, and the watcher names nothing.
		info, _ := os.Stat(card)
		editActual(t, card, value)
		os.Chtimes(card, info.ModTime(), info.ModTime())
		snap, err := c.Snapshot(opts, []string{})
		if err != nil {
			t.Fatal(err)
		}
		html, err := snap.File(page)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), value) {
			t.Fatalf("edit %d: the page does not show the new actual %s", i, value)
		}
	}
	// Once a file has been still for longer than the clock can blur, an unchanged
	// scorecard is not read again.
	time.Sleep(racyWindow + 100*time.Millisecond)
	c.Snapshot(opts, []string{})
	if _, err := c.Snapshot(opts, []string{}); err != nil {
		t.Fatal(err)
	}
	if c.Load.Parsed != 0 {
		t.Errorf("%d scorecards parsed with nothing changed", c.Load.Parsed)
	}
}

func TestSnapshotReportsBrokenLinksOfItsPages(t *testing.T) {
	site := copyExample(t)
	about := filepath.Join(site, "content", "about.md")
	good, err := os.ReadFile(about)
	if err != nil {
		t.Fatal(err)
	}
	links := "\n[gone](/no-such-page/) [fine](/2024/methodology/) [there](/2024/#main) [no id](/2024/#no-such-id)\n"
	os.WriteFile(about, append(append([]byte{}, good...), links...), 0o644)
	snap, err := NewCache().Snapshot(Options{SiteDir: site, Today: fixedDay}, nil)
	if err != nil {
		t.Fatalf("a broken link failed the snapshot: %v", err)
	}
	broken, err := snap.Broken("about/index.html")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range broken {
		got = append(got, b.Link)
	}
	if strings.Join(got, " ") != "/no-such-page/ /2024/#no-such-id" {
		t.Errorf("broken links %q, want the missing page and the missing id", got)
	}
	if broken, _ := snap.Broken("index.html"); len(broken) != 0 {
		t.Errorf("the home page has broken links: %v", broken)
	}
}

func TestSnapshotOfInvalidSiteFails(t *testing.T) {
	site := copyExample(t)
	c := NewCache()
	opts := Options{SiteDir: site, Today: fixedDay}
	if _, err := c.Snapshot(opts, nil); err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(site, "data", "2024", "market-regulation.toml")
	good := editActual(t, card, "nan")
	_, err := c.Snapshot(opts, []string{card})
	var fail *diag.Failure
	if !errors.As(err, &fail) || !strings.Contains(fail.List.String(), "market-regulation.toml") {
		t.Fatalf("err = %v, want the problem in market-regulation.toml", err)
	}
	os.WriteFile(card, good, 0o644)
	if _, err := c.Snapshot(opts, []string{card}); err != nil {
		t.Fatalf("after the fix: %v", err)
	}
}
