// Package opendata writes a site's open data (SPEC §9) and checks a built site
// against it, so that anyone can recompute every published figure from the files
// alone.
//
// For every cycle it writes data/<cycle>/ with departments.csv, dimensions.csv,
// indicators.csv, progress.csv, adjustments.csv, rectifications.csv and cycle.json,
// and one data/SHA256SUMS over all of them. Verify reads those files back,
// recomputes every score from the inputs in cycle.json and reports each figure that
// disagrees, with its file and line.
//
// The format, so that readers know what they get:
//
//   - CSV files are UTF-8 with a byte order mark at the very start (spreadsheet
//     programs then read Chinese correctly), RFC 4180 with CRLF line ends, one header
//     row, one row per thing. A field is quoted only when it has to be (a comma, a
//     quote, a line break or a leading space); a line break inside a quoted field is
//     written as CRLF too.
//   - An empty cell means the value is absent: no target, no actual yet, no rank (a
//     draft or an unranked group), no grade (a draft).
//   - Inputs (points, target, floor, actual, baseline, milestones, progress values,
//     adjustment points) are written exactly as the data gives them: 97.3, 100, 0.005.
//   - Scores and everything summed from them (indicator_score, bonus, penalty,
//     veto_deduct, total, dimension scores, counted adjustment points) have two
//     decimals (7.20); a sum of inputs with more decimals than two keeps them all, so
//     nothing is ever rounded here that the arithmetic did not round.
//   - fraction and rate are rounded to 6 decimals, half away from zero, in the CSV
//     files; cycle.json gives them exactly when their decimal expansion ends, else
//     to 10 decimals. Scores come from the exact fraction, never the rounded one.
//   - A text cell that begins with =, +, -, @, a tab or a carriage return gets a
//     single quote (') in front, so that a spreadsheet shows it as text instead of
//     running it as a formula. Number cells are never changed: -1.5 stays -1.5.
//   - overdue says whether a rectification was past due and not done on the day the
//     site was built; cycle.json records that day as as_of.
//   - cycle.json holds the scheme, every department's inputs with every method
//     parameter, and every result. Numbers are JSON numbers with their exact decimal
//     digits (97.3, 7.20); null marks an absent result (no cap, no grade, no rank).
//   - SHA256SUMS is in the format `sha256sum -c` reads, with paths relative to data/
//     (run it inside data/), sorted by path.
package opendata

import (
	"crypto/sha256"
	"hash"
	"runtime"
	"sort"
	"sync/atomic"

	"perfsite/generator/model"
	"perfsite/generator/score"
)

// File is one file of the open data.
type File struct {
	Path   string // relative to the output root, forward slashes: "data/2024/departments.csv"
	Data   []byte
	SHA256 [sha256.Size]byte // of Data, as listed in SHA256SUMS
}

// Options control what the open data holds.
type Options struct {
	Drafts bool       // include draft scorecards, marked status=draft, never graded or ranked
	Today  model.Date // the day rectifications count as overdue from; zero: none is overdue
}

// Files returns the open data of every cycle of r and the SHA256SUMS over them.
// The same inputs give byte-identical files.
func Files(s *model.Site, r *score.Result, opt Options) []File {
	var out []File
	Write(s, r, opt, func(f File) error {
		out = append(out, f)
		return nil
	})
	return out
}

// Write makes the same files as Files and passes each to emit as soon as its cycle is
// done, in the same order, SHA256SUMS last, so a caller that writes them out holds a
// cycle's files at a time rather than the whole data set. The departments of a cycle
// are written on every core. The first error from emit stops the writing and is
// returned.
func Write(s *model.Site, r *score.Result, opt Options, emit func(File) error) error {
	if r == nil {
		return nil
	}
	ix := index(s)
	free := make(chan *part, 2*runtime.GOMAXPROCS(0)) // parts not being written or joined
	for range cap(free) {
		free <- &part{}
	}
	var sums []string
	for _, c := range r.Cycles {
		if c == nil {
			continue
		}
		for _, f := range cycleFiles(ix, c, opt, free) {
			sums = append(sums, sumLine(f))
			if err := emit(f); err != nil {
				return err
			}
		}
	}
	return emit(checksumFile(sums))
}

// chunk is how many departments a part holds: enough that a part is worth a
// goroutine, few enough that the cores share a cycle evenly and that few parts
// are held at a time.
const chunk = 32

// cycleFiles writes the folder of one cycle. Its departments are written in parts
// of chunk departments on every core, each part taken from free and put back when
// it has been added to the files, so the buffers of a few parts serve every cycle.
// The files are hashed as they are joined.
func cycleFiles(ix *siteIndex, c *score.Cycle, opt Options, free chan *part) []File {
	depts := included(c, opt)
	n := (len(depts) + chunk - 1) / chunk
	done := make([]chan *part, n)
	for i := range done {
		done[i] = make(chan *part, 1)
	}
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), n) {
		go func() {
			for {
				p := <-free // taken before the index, so that the part joined next is always being written
				i := int(next.Add(1) - 1)
				if i >= n {
					free <- p
					return
				}
				p.reset(c.ID, i == 0)
				for _, d := range depts[i*chunk : min((i+1)*chunk, len(depts))] {
					p.department(ix.dept(d.ID), d, opt)
				}
				done[i] <- p
			}
		}()
	}

	dir := "data/" + c.ID + "/"
	out := make([]*output, 0, len(specs)+1)
	for _, s := range specs {
		out = append(out, newOutput(dir+s.name, csvHead(s)))
	}
	var w jsonWriter
	head(&w, ix, c, opt)
	out = append(out, newOutput(dir+"cycle.json", w.buf))
	for i := range n {
		p := <-done[i]
		for j, o := range out {
			piece := *p.piece(j)
			if i == 0 {
				o.reserve(estimate(len(piece), len(depts)))
			}
			o.add(piece)
		}
		free <- p
	}
	out[len(specs)].add(tail(n > 0))

	files := make([]File, len(out))
	for i, o := range out {
		files[i] = File{Path: o.path, Data: o.data}
		o.hash.Sum(files[i].SHA256[:0])
	}
	return files
}

// estimate is the room a file takes for the parts of every department, judging by
// the first part's size, so that it is allocated once.
func estimate(first, depts int) int {
	n := first*depts/min(chunk, depts) + 64 // and the end of cycle.json
	if depts > chunk {
		n += n / 8 // the departments of other parts may write more
	}
	return n
}

// output is a file being joined from its parts, hashed as it grows.
type output struct {
	path string
	data []byte
	hash hash.Hash
}

func newOutput(path string, head []byte) *output {
	o := &output{path: path, hash: sha256.New()}
	o.add(head)
	return o
}

func (o *output) add(b []byte) {
	o.data = append(o.data, b...)
	o.hash.Write(b)
}

// reserve makes room for n more bytes.
func (o *output) reserve(n int) {
	if cap(o.data)-len(o.data) < n {
		o.data = append(make([]byte, 0, len(o.data)+n), o.data...)
	}
}

// included is the cycle's departments that are published, by department id.
func included(c *score.Cycle, opt Options) []*score.Department {
	var out []*score.Department
	for _, d := range c.Departments {
		if d != nil && d.Card != nil && (opt.Drafts || !d.Draft) {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// siteIndex is what the open data needs from the site besides the results.
type siteIndex struct {
	config model.Config
	groups []*model.Group // by id
	depts  map[string]*model.Department
}

func index(s *model.Site) *siteIndex {
	ix := &siteIndex{depts: map[string]*model.Department{}}
	if s == nil {
		return ix
	}
	ix.config = s.Config
	for _, g := range s.Groups {
		if g != nil {
			ix.groups = append(ix.groups, g)
		}
	}
	sort.SliceStable(ix.groups, func(i, j int) bool { return ix.groups[i].ID < ix.groups[j].ID })
	for _, d := range s.Departments {
		if d != nil {
			ix.depts[d.ID] = d
		}
	}
	return ix
}

// dept is the department's entry of departments.toml, or an empty one.
func (ix *siteIndex) dept(id string) *model.Department {
	if d := ix.depts[id]; d != nil {
		return d
	}
	return &model.Department{ID: id}
}
