package render

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"

	"perfsite/generator/model"
	"perfsite/generator/score"
)

// Staged renders a site a cycle at a time, for a build that loads, scores and
// publishes one cycle before it reads the next, so that only one cycle's
// scorecards are ever held: Cycle for each cycle of the site, oldest first, then
// Finish. Between the two, the caller may let the cycle go (score.Cycle.Thin):
// the pages written later need no more of it.
//
// It writes the same files as Site, with the same bytes; only the order differs
// (each cycle's pages, then the pages spanning cycles, then the machine files).
type Staged struct {
	b     *builder
	ts    *templates
	out   *onceWriter
	pages map[string]string // output file → canonical address ("" for none), for the sitemap
	next  int               // index in b.cycles of the cycle Cycle expects
}

// NewStaged prepares the render of s, whose Cycles are listed with their schemes;
// their scorecards come with Cycle. The errors are those of NewPlan.
func NewStaged(s *model.Site, opts Options, overrides fs.FS, w Writer) (*Staged, error) {
	b, ts, err := prepare(s, nil, opts, overrides)
	if err != nil {
		return nil, err
	}
	return &Staged{b: b, ts: ts, out: &onceWriter{w: w, seen: map[string]bool{}}, pages: map[string]string{}}, nil
}

// Cycle renders and writes the pages of the next cycle, rc being its results
// (with their scorecards) and files the open data written so far, which its
// pages offer as downloads.
func (st *Staged) Cycle(rc *score.Cycle, files []DataFile) error {
	if st.next >= len(st.b.cycles) || st.b.cycles[st.next].m.ID != rc.ID {
		return fmt.Errorf("cycle %s rendered out of turn", rc.ID)
	}
	c := st.b.cycles[st.next]
	st.next++
	c.fill(rc)
	st.b.opts.DataFiles = files
	return st.write(st.b.cycleSpecs(c))
}

// Finish renders and writes the pages spanning cycles and the machine files
// (feed, robots.txt, search index, sitemap), files being every open-data file.
func (st *Staged) Finish(files []DataFile) error {
	if st.next != len(st.b.cycles) {
		return fmt.Errorf("%d of %d cycles rendered", st.next, len(st.b.cycles))
	}
	st.b.opts.DataFiles = files
	// The search index needs no page and cannot fail: it is made while the
	// site's pages are, rather than after them on one core (at n1000 it is
	// 9 MB and ≈0.15 cpu-s).
	index := make(chan []byte, 1)
	go func() { index <- st.b.searchIndex() }()
	if err := st.write(st.b.siteSpecs()); err != nil {
		return err
	}
	var sitemap []string
	for _, file := range slices.Sorted(maps.Keys(st.pages)) {
		if canonical := st.pages[file]; canonical != "" {
			sitemap = append(sitemap, canonical)
		}
	}
	for _, f := range st.b.machineFiles(sitemap, <-index) {
		if err := st.out.write(f.rel, f.data); err != nil {
			return err
		}
	}
	return nil
}

// write renders and writes a batch of pages, as Site does, after checking that
// none takes an address already taken.
func (st *Staged) write(specs []pageSpec) error {
	sortSpecs(specs)
	var dup error
	for _, sp := range specs {
		if _, taken := st.pages[sp.file]; taken && dup == nil {
			dup = samePlace(sp.file)
		}
		st.pages[sp.file] = ""
	}
	canonical, err := st.b.stream(st.ts, specs, dup, st.out)
	if err != nil {
		return err
	}
	var want []string
	for _, sp := range specs {
		if rel, ok := pageRel(sp.file); ok {
			st.pages[sp.file] = st.b.abs(rel)
			want = append(want, st.b.abs(rel))
		}
	}
	if !slices.Equal(canonical, want) {
		return errCanonical
	}
	return nil
}
