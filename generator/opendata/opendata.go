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
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"runtime"
	"sort"
	"sync/atomic"

	"perfsite/generator/model"
	"perfsite/generator/score"
)

// File is one file of the open data.
type File struct {
	Path   string // relative to the output root, forward slashes: "data/2024/departments.csv"
	Data   []byte // from Files; Write leaves it nil, the bytes having gone to its Sink
	Size   int
	SHA256 [sha256.Size]byte // of the file's bytes, as listed in SHA256SUMS
}

// A Sink receives the open data as it is made. The files of a cycle are written
// side by side, a run of departments at a time, so that no file has to be held
// whole: a cycle.json has tens of megabytes per thousand departments.
type Sink interface {
	// Create begins the file at path (as File.Path). Its bytes follow in order
	// through the writer, which is closed when the file is complete, or when the
	// writing stops at an error.
	Create(path string) (io.WriteCloser, error)
}

// Options control what the open data holds.
type Options struct {
	Drafts bool       // include draft scorecards, marked status=draft, never graded or ranked
	Today  model.Date // the day rectifications count as overdue from; zero: none is overdue
}

// Files returns the open data of every cycle of r and the SHA256SUMS over them,
// each file held whole. The same inputs give byte-identical files.
func Files(s *model.Site, r *score.Result, opt Options) []File {
	mem := memSink{}
	files, _ := Write(s, r, opt, mem)
	for i := range files {
		files[i].Data = mem[files[i].Path].Bytes()
	}
	return files
}

// memSink holds each file in memory.
type memSink map[string]*bytes.Buffer

func (m memSink) Create(path string) (io.WriteCloser, error) {
	b := &bytes.Buffer{}
	m[path] = b
	return nopCloser{b}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// Write writes the files that Files returns to out, a cycle at a time and in the
// same order, SHA256SUMS last, and returns them without their Data. The
// departments of a cycle are written on every core. The first error from out
// stops the writing and is returned.
func Write(s *model.Site, r *score.Result, opt Options, out Sink) ([]File, error) {
	if r == nil {
		return nil, nil
	}
	w := NewWriter(s, opt, out)
	for _, c := range r.Cycles {
		if err := w.Cycle(c); err != nil {
			return w.files, err
		}
	}
	return w.Finish()
}

// Writer writes the open data a cycle at a time, for a build that scores and
// renders one cycle at a time: Write is Cycle for every cycle, then Finish.
type Writer struct {
	ix    *siteIndex
	opt   Options
	out   Sink
	free  chan *part // parts not being written or joined
	files []File
}

// NewWriter begins the open data of s, to be written to out.
func NewWriter(s *model.Site, opt Options, out Sink) *Writer {
	w := &Writer{ix: index(s), opt: opt, out: out, free: make(chan *part, 2*runtime.GOMAXPROCS(0))}
	for range cap(w.free) {
		w.free <- &part{}
	}
	return w
}

// Cycle writes the folder of one cycle; nil writes nothing. The first error from
// the Sink stops the writing.
func (w *Writer) Cycle(c *score.Cycle) error {
	if c == nil {
		return nil
	}
	done, err := cycleFiles(w.ix, c, w.opt, w.free, w.out)
	if err != nil {
		return err
	}
	w.files = append(w.files, done...)
	return nil
}

// CyclePaths is the paths of the files Cycle writes for the cycle id, in the
// order Files lists them: a cycle's pages link to them while they are written.
func CyclePaths(id string) []string {
	dir := "data/" + id + "/"
	paths := make([]string, 0, len(specs)+1)
	for _, s := range specs {
		paths = append(paths, dir+s.name)
	}
	return append(paths, dir+"cycle.json")
}

// Files is the files written so far, without their Data.
func (w *Writer) Files() []File { return w.files }

// Finish writes SHA256SUMS over the cycles' files and returns every file
// written, SHA256SUMS last, without their Data.
func (w *Writer) Finish() ([]File, error) {
	sum := Checksums(w.files)
	if err := writeWhole(w.out, sum); err != nil {
		return w.files, err
	}
	sum.Data = nil
	return append(w.files, sum), nil
}

// writeWhole writes a file made in one piece to out.
func writeWhole(out Sink, f File) error {
	w, err := out.Create(f.Path)
	if err != nil {
		return err
	}
	_, err = w.Write(f.Data)
	return errors.Join(err, w.Close())
}

// chunk is how many departments a part holds: few, so that a part is still in
// the processor's caches when it is hashed and written, and so that the cores
// share a cycle evenly and the parts held at a time are small. (32 took about 5 %
// more processor time, and three times the memory.) Their pieces are gathered
// into larger writes by output.
const chunk = 4

// cycleFiles writes the folder of one cycle to out. Its departments are written in
// parts of chunk departments on every core, each part taken from free and put back
// when it has been written out, so the buffers of a few parts serve every cycle.
// The files are hashed as they are written. After an error the parts still
// being made are waited for, empty, so that none is left holding a part of free.
func cycleFiles(ix *siteIndex, c *score.Cycle, opt Options, free chan *part, out Sink) ([]File, error) {
	paths := CyclePaths(c.ID)
	outs := make([]*output, 0, len(paths))
	for i, s := range specs {
		outs = append(outs, &output{path: paths[i], head: csvHead(s)})
	}
	var w jsonWriter
	head(&w, ix, c, opt)
	outs = append(outs, &output{path: paths[len(specs)], head: w.buf})
	if err := openAll(outs, out); err != nil {
		return nil, err
	}

	depts := included(c, opt)
	n := (len(depts) + chunk - 1) / chunk
	done := make([]chan *part, n)
	for i := range done {
		done[i] = make(chan *part, 1)
	}
	var next atomic.Int64
	var failed atomic.Bool
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
				if !failed.Load() {
					for _, d := range depts[i*chunk : min((i+1)*chunk, len(depts))] {
						p.department(ix.dept(d.ID), d, opt)
					}
				}
				done[i] <- p
			}
		}()
	}

	var err error
	for i := range n {
		p := <-done[i]
		for j, o := range outs {
			if err == nil {
				err = o.add(*p.piece(j))
			}
		}
		free <- p
		if err != nil {
			failed.Store(true)
		}
	}
	if err == nil {
		err = outs[len(specs)].add(tail(n > 0))
	}
	files := make([]File, len(outs))
	for i, o := range outs {
		if err == nil {
			err = o.buf.Flush()
		}
		err = errors.Join(err, o.w.Close())
		files[i] = File{Path: o.path, Size: o.size}
		o.hash.Sum(files[i].SHA256[:0])
	}
	return files, err
}

// openAll creates every file of outs and writes its head; after an error, the
// files already created are closed.
func openAll(outs []*output, out Sink) error {
	for i, o := range outs {
		w, err := out.Create(o.path)
		if err != nil {
			closeAll(outs[:i])
			return err
		}
		o.w, o.buf, o.hash = w, bufio.NewWriterSize(w, gather), sha256.New()
		if err := o.add(o.head); err != nil {
			closeAll(outs[:i+1])
			return err
		}
	}
	return nil
}

func closeAll(outs []*output) {
	for _, o := range outs {
		o.w.Close()
	}
}

// output is a file being written part by part, hashed as it goes. Its pieces
// go through a buffer of gather bytes (a part's rows of most CSV files are a few
// hundred bytes), so that a file takes few system calls; a larger piece is
// written as it is.
type output struct {
	path string
	head []byte // what comes before the departments
	w    io.WriteCloser
	buf  *bufio.Writer // to w
	hash hash.Hash
	size int
}

const gather = 64 << 10

func (o *output) add(b []byte) error {
	o.hash.Write(b)
	o.size += len(b)
	_, err := o.buf.Write(b)
	return err
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
