// Package synth writes synthetic sites of any size: valid, realistic-looking data
// for measuring how the generator scales, and for trying it out without real data.
//
// A site is a function of its Params alone: the same Params give byte-identical
// files, so a benchmark or a bug report can name a site by its parameters.
package synth

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Params size a synthetic site.
type Params struct {
	Departments int   // assessed departments
	Cycles      int   // assessment cycles (years, the last one 2024)
	Indicators  int   // indicators per scorecard, common ones included
	Seed        int64 // varies every value; the same seed gives the same site
}

// Limits on Params. Each scorecard needs its common indicators and at least one
// own indicator, and its points (half-points at the finest) must add up to the total.
const (
	MinIndicators = 7   // the six common indicators and one own
	MaxIndicators = 160 // with at least half a point each
	MaxCycles     = 100
)

// LastCycle is the id of the newest cycle; earlier cycles count back from it.
const LastCycle = 2024

// Write writes a synthetic site into dir, which must be empty or absent.
func Write(dir string, p Params) error {
	if err := p.check(); err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: a synthetic site is written into an empty or new folder", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	s := newSite(p)
	w := &writer{root: dir}
	w.file("site.toml", s.siteTOML())
	w.file("data/departments.toml", s.departmentsTOML())
	for c := range p.Cycles {
		w.file(fmt.Sprintf("data/%d/scheme.toml", s.year(c)), s.schemeTOML(c))
	}
	for _, f := range s.contentFiles() {
		w.file(f.path, f.text)
	}
	// Scorecards are most of the work: write them with every core, each file
	// drawn from its own random stream so the order of writing does not matter.
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				d := s.depts[i]
				for c := range p.Cycles {
					w.file(fmt.Sprintf("data/%d/%s.toml", s.year(c), d.id), s.scorecardTOML(d, c))
				}
			}
		}()
	}
	for i := range s.depts {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return w.err()
}

func (p Params) check() error {
	switch {
	case p.Departments < 1:
		return fmt.Errorf("a synthetic site needs at least 1 department, not %d", p.Departments)
	case p.Cycles < 1 || p.Cycles > MaxCycles:
		return fmt.Errorf("cycles must be between 1 and %d, not %d", MaxCycles, p.Cycles)
	case p.Indicators < MinIndicators || p.Indicators > MaxIndicators:
		return fmt.Errorf("indicators must be between %d and %d, not %d", MinIndicators, MaxIndicators, p.Indicators)
	}
	return nil
}

// writer writes files below root, creating folders, and keeps the first error.
type writer struct {
	root  string
	mu    sync.Mutex
	dirs  map[string]bool
	first error
}

func (w *writer) file(rel, text string) {
	path := filepath.Join(w.root, filepath.FromSlash(rel))
	dir := filepath.Dir(path)
	w.mu.Lock()
	if w.dirs == nil {
		w.dirs = map[string]bool{}
	}
	if w.first != nil {
		w.mu.Unlock()
		return
	}
	mk := !w.dirs[dir]
	w.dirs[dir] = true
	w.mu.Unlock()
	var err error
	if mk {
		err = os.MkdirAll(dir, 0o755)
	}
	if err == nil {
		err = os.WriteFile(path, []byte(text), 0o644)
	}
	if err != nil {
		w.mu.Lock()
		if w.first == nil {
			w.first = err
		}
		w.mu.Unlock()
	}
}

func (w *writer) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first
}

// toml helpers: values are written the way people write them by hand.

// q quotes a TOML basic string.
func q(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tenths formats a number held in tenths: 973 → "97.3", 1000 → "100".
func tenths(v int) string { return fixed(v, 10) }

// hundredths formats a number held in hundredths: 60 → "0.6", 125 → "1.25".
func hundredths(v int) string { return fixed(v, 100) }

func fixed(v, scale int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := fmt.Sprint(v / scale)
	if frac := v % scale; frac != 0 {
		digits := len(fmt.Sprint(scale)) - 1
		f := fmt.Sprintf("%0*d", digits, frac)
		s += "." + strings.TrimRight(f, "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}
