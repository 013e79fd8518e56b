package load

import (
	"runtime"

	"perfsite/generator/model"
)

// scratch is what reading a scorecard needs and can hand on to the next scorecard
// read by the same goroutine: a table of shared strings, room for the decoded
// tables, and what card uses while it checks them. A load reads thousands of
// scorecards of similar size; each one's tables are garbage once it is checked.
type scratch struct {
	strs  map[string]string // see doc.keep
	room  room
	seen  map[string]*table // card's: indicator id → its first entry
	entry model.Indicator   // card's: an entry's values for a common indicator, until merged
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
		s.free <- &scratch{strs: map[string]string{}, seen: map[string]*table{}}
	}
	return s
}

// take lends a scratch for one file.
func (s *scratches) take() *scratch { return <-s.free }

// give returns it once nothing uses the file's decoded tables any more.
func (s *scratches) give(sc *scratch) {
	sc.room.clear()
	clear(sc.seen)
	sc.entry = model.Indicator{}
	s.free <- sc
}

// room holds the tables of one file, and is cleared for the next. The nil room
// allocates each table on its own.
type room struct {
	fields []field  // the fields of every table, each table a part of it
	tables []fields // the tables
	views  []table  // the tables as the checks see them (doc.tables)
	refs   []*table // lists of views
	lists  []any    // the values of arrays
	long   int      // decodePlain's: the bytes of the strings keep copies, not shares
}

// table makes room for a table of about n fields (more still fit).
func (r *room) table(n int) *fields {
	if r == nil {
		return &fields{list: make([]field, 0, n)}
	}
	t := &carve(&r.tables, 1, 64)[0]
	t.list = carve(&r.fields, n, 1024)[:0]
	return t
}

// arrayTables makes n views of tables, and a list of them, for an array of tables.
func (r *room) arrayTables(n int) ([]table, []*table) {
	if r == nil {
		return make([]table, n), make([]*table, n)
	}
	return carve(&r.views, n, 64), carve(&r.refs, n, 64)
}

// list is a copy of the values of an array.
func (r *room) list(values []any) []any {
	if len(values) == 0 {
		return []any{} // not nil, as the decoder's
	}
	if r == nil {
		return append(make([]any, 0, len(values)), values...)
	}
	list := carve(&r.lists, len(values), 256)
	copy(list, values)
	return list
}

// carve takes n zero elements from the end of a slab, which is replaced by a new one
// of at least least elements when they do not fit. Growing allocates anew: what was
// taken before keeps the old slab.
func carve[T any](slab *[]T, n, least int) []T {
	if len(*slab)+n > cap(*slab) {
		*slab = make([]T, 0, max(2*cap(*slab), least, n))
	}
	start := len(*slab)
	*slab = (*slab)[:start+n]
	return (*slab)[start : start+n : start+n]
}

// clear empties the room, dropping what the last file's tables refer to.
func (r *room) clear() {
	empty(&r.fields)
	empty(&r.tables)
	empty(&r.views)
	empty(&r.refs)
	empty(&r.lists)
	r.long = 0
}

// empty zeroes what was taken from a slab, and gives it all back.
func empty[T any](slab *[]T) {
	clear(*slab)
	*slab = (*slab)[:0]
}
