package render

import (
	"bytes"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"perfsite/generator/decimal"
	"perfsite/generator/score"
	theme "perfsite/themes/default"
)

func TestGroupStats(t *testing.T) {
	dims := func(rates ...string) []*score.Dimension {
		var out []*score.Dimension
		for _, r := range rates {
			out = append(out, &score.Dimension{Rate: decimal.MustParse(r)})
		}
		return out
	}
	c := &cycleData{r: &score.Cycle{Departments: []*score.Department{
		{ID: "a", Group: "g1", RankGroup: 1, RankOverall: 1, Dimensions: dims("0.9", "0.5")},
		{ID: "b", Group: "g1", RankGroup: 2, RankOverall: 3, Dimensions: dims("0.6", "1")},
		{ID: "c", Group: "g1", Draft: true, Dimensions: dims("0", "0")}, // drafts count in no average
		{ID: "d", Group: "g2", RankOverall: 2, Dimensions: dims("0.7", "0.2")},
		{ID: "e", Group: "g2", Dimensions: dims("0.4", "0.1")},
		{ID: "f", Group: "g3", Draft: true, Dimensions: dims("1", "1")},
	}}}
	c.groupStats()

	tests := []struct {
		group  string
		ranked int
		avg    []string // nil: no average
	}{
		{"g1", 2, []string{"0.75", "0.75"}}, // (0.9+0.6)/2, (0.5+1)/2
		{"g2", 0, []string{"0.55", "0.15"}}, // (0.7+0.4)/2, (0.2+0.1)/2
		{"g3", 0, nil},
	}
	for _, tt := range tests {
		if got := c.rankedIn[tt.group]; got != tt.ranked {
			t.Errorf("%s: %d ranked, want %d", tt.group, got, tt.ranked)
		}
		got := c.averages[tt.group]
		if (got == nil) != (tt.avg == nil) || len(got) != len(tt.avg) {
			t.Errorf("%s: averages %v, want %v", tt.group, got, tt.avg)
			continue
		}
		for i, want := range tt.avg {
			if !got[i].Equal(decimal.MustParse(want)) {
				t.Errorf("%s: average %d is %s, want %s", tt.group, i, got[i], want)
			}
		}
	}
	if c.rankedOverall != 3 {
		t.Errorf("%d ranked overall, want 3", c.rankedOverall)
	}
}

// orderWriter records the order of the files written.
type orderWriter struct{ names []string }

func (w *orderWriter) WriteFile(rel string, data []byte) error {
	w.names = append(w.names, rel)
	return nil
}

func TestPagesAreWrittenInOrder(t *testing.T) {
	s := fixture(t, false)
	w := &orderWriter{}
	if err := Site(s, score.Site(s), Options{Today: today}, nil, w); err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, n := range w.names {
		if strings.HasSuffix(n, ".html") {
			pages = append(pages, n)
		}
	}
	if len(pages) < 10 {
		t.Fatalf("only %d pages written", len(pages))
	}
	if !sort.StringsAreSorted(pages) {
		t.Errorf("pages not written in output order: %v", pages)
	}
	// The machine files follow the pages.
	if last := w.names[len(w.names)-1]; last != "sitemap.xml" {
		t.Errorf("last file written is %s, want sitemap.xml", last)
	}
}

func TestTemplateErrorsAreCounted(t *testing.T) {
	s := fixture(t, false)
	// Every department page fails; the error names one and counts the others.
	over := fstest.MapFS{"department.html": {Data: []byte(`{{define "main"}}{{.Data.NoSuchField}}{{end}}`)}}
	w := memWriter{}
	err := Site(s, score.Site(s), Options{Today: today}, over, w)
	if err == nil {
		t.Fatal("a broken layout gave no error")
	}
	n := len(s.Departments)
	if want := "more pages)"; n > 1 && !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not count the other pages", err)
	}
	if !strings.Contains(err.Error(), "department.html") {
		t.Errorf("error %q does not name the layout", err)
	}
	for name := range w {
		if strings.HasPrefix(name, "departments/") && name != "departments/index.html" {
			t.Errorf("%s was written although its layout failed", name)
		}
	}
}

// themeWithout is the default theme with the zh-CN text of key removed.
func themeWithout(t *testing.T, key string) fstest.MapFS {
	t.Helper()
	th := fstest.MapFS{}
	err := fs.WalkDir(theme.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme.FS, p)
		if p == "i18n/zh-CN.toml" {
			var kept []string
			for _, line := range strings.Split(string(data), "\n") {
				if !strings.HasPrefix(line, key+" ") {
					kept = append(kept, line)
				}
			}
			data = []byte(strings.Join(kept, "\n"))
		}
		th[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// TestMissingTextIsReportedOnce: pages are built on every core, yet a text
// that Go code needs on many pages is named once, the same way every time.
func TestMissingTextIsReportedOnce(t *testing.T) {
	s := fixture(t, false)
	th := themeWithout(t, "history_link") // on every scorecard
	var msgs []string
	for range 2 {
		w := memWriter{}
		err := Site(s, score.Site(s), Options{Today: today, Theme: th}, nil, w)
		if err == nil {
			t.Fatal("a missing text gave no error")
		}
		if n := strings.Count(err.Error(), `"history_link"`); n != 1 {
			t.Errorf("the missing text is named %d times: %v", n, err)
		}
		msgs = append(msgs, err.Error())
	}
	if msgs[0] != msgs[1] {
		t.Errorf("two renders report differently:\n%s\n%s", msgs[0], msgs[1])
	}
}

// lateWriter is a Recycler that reads each page only later, on another
// goroutine, as a build's collector does, and then releases it.
type lateWriter struct {
	mu       sync.Mutex
	files    map[string][]byte
	pending  chan func()
	released int
	handed   int
}

func (w *lateWriter) WriteFile(rel string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[rel] = data
	return nil
}

func (w *lateWriter) WriteFileThen(rel string, data []byte, release func()) error {
	w.mu.Lock()
	w.handed++
	w.mu.Unlock()
	w.pending <- func() {
		time.Sleep(50 * time.Microsecond) // the next pages are executed meanwhile
		w.mu.Lock()
		w.files[rel] = bytes.Clone(data)
		w.released++
		w.mu.Unlock()
		release()
	}
	return nil
}

// A Recycler gets each page in a buffer that comes back to be reused once it
// releases it: the pages it reads late are still the pages a plain Writer gets.
func TestRecycledPagesAreWholeWhenRead(t *testing.T) {
	s := fixture(t, false)
	r := score.Site(s)
	plain := memWriter{}
	if err := Site(s, r, Options{Today: today}, nil, plain); err != nil {
		t.Fatal(err)
	}
	w := &lateWriter{files: map[string][]byte{}, pending: make(chan func(), 4)}
	done := make(chan struct{})
	go func() {
		for f := range w.pending {
			f()
		}
		close(done)
	}()
	err := Site(s, r, Options{Today: today}, nil, w)
	close(w.pending)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if w.handed < 10 || w.released != w.handed {
		t.Errorf("%d pages handed over as buffers, %d released", w.handed, w.released)
	}
	if len(w.files) != len(plain) {
		t.Errorf("%d files written, want %d", len(w.files), len(plain))
	}
	for rel, want := range plain {
		if got, ok := w.files[rel]; !ok || !bytes.Equal(got, want) {
			t.Errorf("%s differs from what a plain Writer gets", rel)
		}
	}
}
