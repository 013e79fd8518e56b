package load

import "runtime"

// scratch is what reading a scorecard needs and can hand on to the next scorecard
// read by the same goroutine: a table of shared strings, and room for the decoded
// tables. A load reads thousands of scorecards of similar size; each one's tables
// are garbage once it is checked.
type scratch struct {
	strs map[string]string // see doc.keep
	room room
}

// maxShared is the length up to which kept strings are shared: ids, units, methods,
// names and periods repeat from file to file and are kept once (once per core).
// Longer text (definitions, evidence) rarely repeats and is copied.
const maxShared = 64

// scratches lends each goroutine that reads scorecards a scratch of its own.
type scratches struct {
	free chan *scratch
}

func newScratches() *scratches {
	n := runtime.GOMAXPROCS(0)
	s := &scratches{free: make(chan *scratch, n)}
	for range n {
		s.free <- &scratch{strs: map[string]string{}}
	}
	return s
}

// take lends a scratch for one file.
func (s *scratches) take() *scratch { return <-s.free }

// give returns it once nothing uses the file's decoded tables any more.
func (s *scratches) give(sc *scratch) {
	sc.room.clear()
	s.free <- sc
}

// room holds the tables of one file, and is cleared for the next. The nil room
// allocates each table on its own.
type room struct {
	fields []field  // the fields of every table, each table a part of it
	tables []fields // the tables
}

// table makes room for a table of about n fields (more still fit).
func (r *room) table(n int) *fields {
	if r == nil {
		return &fields{list: make([]field, 0, n)}
	}
	// Growing allocates anew: the tables made so far keep the old room.
	if len(r.tables) == cap(r.tables) {
		r.tables = make([]fields, 0, max(2*cap(r.tables), 64))
	}
	if len(r.fields)+n > cap(r.fields) {
		r.fields = make([]field, 0, max(2*cap(r.fields), 1024, n))
	}
	r.tables = r.tables[:len(r.tables)+1]
	t := &r.tables[len(r.tables)-1]
	start := len(r.fields)
	r.fields = r.fields[:start+n]
	*t = fields{list: r.fields[start : start : start+n]}
	return t
}

// clear empties the room, dropping what the last file's tables refer to.
func (r *room) clear() {
	clear(r.fields)
	r.fields = r.fields[:0]
	clear(r.tables)
	r.tables = r.tables[:0]
}
