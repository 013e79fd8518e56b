package load

import (
	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// Staged reads a site a cycle at a time, so that a build of a large site holds only
// one cycle's scorecards: Stage reads everything but the scorecards, Cards reads
// one cycle's, and Finish runs the checks that need the whole site. Stage, then
// Cards for every cycle, then Finish give the same site and problems as SiteAt.
//
// The checks Finish runs use only what Cards recorded while reading, never a
// cycle's Cards, so the caller may replace each cycle's Cards (with nil or with
// stand-ins) once it is done with them. A Staged is not safe for concurrent use.
type Staged struct {
	l       *loader
	folders []*cycleFolder // every cycle folder that could be listed
}

// Stage reads site.toml, data/departments.toml, content/ and every cycle's
// scheme.toml. The site's Cycles lists every cycle whose scheme could be used,
// sorted by id, each with no Cards yet.
func Stage(dir string, today model.Date) (*model.Site, *Staged) {
	st := &Staged{l: newLoader(dir, today)}
	st.stage()
	return st.l.site, st
}

func (st *Staged) stage() {
	l := st.l
	defer l.recoverInternal()
	if !l.start() {
		return
	}
	l.config()
	l.departments()
	st.folders = l.cycleFolders()
	l.useCycles(st.folders)
	l.content()
}

// Cards reads the scorecards of c, one of the site's Cycles, into c.Cards (sorted
// by department, as SiteAt gives them), and records their problems. Each cycle's
// scorecards are read once: calling Cards again for it does nothing.
func (st *Staged) Cards(c *model.Cycle) {
	for _, f := range st.folders {
		if f.cycle == c && !f.read {
			st.do(func() { st.l.cards(f) })
			return
		}
	}
}

// Diags is every problem found so far.
func (st *Staged) Diags() *diag.List { return &st.l.diags }

// Finish reads the scorecards of any cycle folder whose scheme could not be used
// (to report their syntax, as SiteAt does) and of any cycle Cards was not called
// for (into its Cards), runs the checks that need the whole site, and returns
// every problem. Call it once, last.
func (st *Staged) Finish() *diag.List {
	for _, f := range st.folders {
		if !f.read {
			st.do(func() { st.l.cards(f) })
		}
	}
	st.do(st.l.crossChecks)
	return st.Diags()
}

// do runs step unless reading the site has stopped, and reports a panic as
// SiteAt does.
func (st *Staged) do(step func()) {
	defer st.l.recoverInternal()
	if !st.l.stopped {
		step()
	}
}
