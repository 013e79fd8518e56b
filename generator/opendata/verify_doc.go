package opendata

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
)

// compare compares the published cycle.json (got) with the one recomputed from its
// inputs (exp): every result, and every key (a misspelt key is not silently
// ignored). It reports what walk would on the two documents decoded whole, but
// decodes only the values whose bytes differ: where nothing was changed, the
// published bytes are the recomputed ones.
func (w *docWalker) compare(got, exp []byte) {
	if !bytes.Equal(got, exp) {
		w.walkRaw("", "", "", got, exp)
	}
}

// walkRaw is walk on values as written. Objects and lists are taken apart only as
// far as their bytes differ; a value of another kind, or of a kind that differs
// from the expected one, is decoded and left to walk.
func (w *docWalker) walkRaw(path, where, field string, got, exp []byte) {
	if bytes.Equal(got, exp) {
		return // so they decode to the same value, in which walk finds nothing
	}
	switch firstByte(exp) {
	case '{':
		if g, ok := members(got); ok {
			if e, ok := members(exp); ok {
				w.objectRaw(path, where, field, lastValues(g), lastValues(e))
				return
			}
		}
	case '[':
		if g, ok := items(got); ok {
			if e, ok := items(exp); ok {
				w.listRaw(path, where, field, g, e)
				return
			}
		}
	}
	g, gerr := decode(got)
	e, eerr := decode(exp)
	switch {
	case gerr != nil:
		w.out.add(path, fmt.Sprintf("cannot be read: %v", gerr))
	case eerr != nil:
		w.out.add(path, fmt.Sprintf("could not be recomputed: %v", eerr))
	default:
		w.walk(path, where, field, g, e)
	}
}

// objectRaw is walk's comparison of two objects.
func (w *docWalker) objectRaw(path, where, field string, g, e map[string][]byte) {
	for _, k := range slices.Sorted(maps.Keys(e)) {
		gv, present := g[k]
		if !present {
			if !isNull(e[k]) {
				w.out.add(path, fmt.Sprintf("%s%s is missing; recomputing from the inputs gives %s", where, join(field, k), rawValue(e[k])))
			}
			continue
		}
		w.walkRaw(join(path, k), where, join(field, k), gv, e[k])
	}
	for _, k := range slices.Sorted(maps.Keys(g)) {
		if _, known := e[k]; !known && !isNull(g[k]) {
			w.unknown(join(path, k), where, join(field, k))
		}
	}
}

// listRaw is walk's comparison of two lists.
func (w *docWalker) listRaw(path, where, field string, g, e [][]byte) {
	if len(g) != len(e) {
		w.out.add(path, fmt.Sprintf("%s%s has %d entries but recomputing from the inputs gives %d", where, field, len(g), len(e)))
	}
	name := singular[lastKey(field)]
	for i := 0; i < len(g) && i < len(e); i++ {
		if bytes.Equal(g[i], e[i]) {
			continue
		}
		item, sub := where, fmt.Sprintf("%s[%d]", field, i+1)
		if firstByte(e[i]) == '{' && name != "" {
			item, sub = where+name+" "+rawLabel(e[i], i)+": ", ""
		}
		w.walkRaw(join(path, strconv.Itoa(i)), item, sub, g[i], e[i])
	}
}

// lastValues is an object's members by key; of a key written twice the last value
// counts, as when encoding/json decodes it.
func lastValues(ms []member) map[string][]byte {
	out := make(map[string][]byte, len(ms))
	for _, m := range ms {
		out[m.key] = m.value
	}
	return out
}

// decode is a value as walk takes it: numbers as json.Number.
func decode(v []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	var out any
	err := dec.Decode(&out)
	return out, err
}

// rawValue is value of a value as written.
func rawValue(v []byte) string {
	d, err := decode(v)
	if err != nil {
		return clip(string(v))
	}
	return value(d)
}

// rawLabel is label of a list item as written: its id, name or period, else its place.
func rawLabel(item []byte, i int) string {
	ms, _ := members(item)
	m := lastValues(ms)
	for _, k := range []string{"id", "name", "period"} {
		if v, ok := m[k]; ok && firstByte(v) == '"' {
			var s string
			if json.Unmarshal(v, &s) == nil && s != "" {
				return s
			}
		}
	}
	return fmt.Sprint(i + 1)
}

// docProblems are problems of cycle.json whose lines are found all at once, in one
// pass over the file, since most checks end with none.
type docProblems struct {
	file   string
	source *readAgain
	paths  []string // where each problem is: "departments.2.result.total"
	msgs   []string
}

func (d *docProblems) add(path, msg string) {
	d.paths = append(d.paths, path)
	d.msgs = append(d.msgs, msg)
}

// flush adds the problems to v, in the order they were found, with their lines.
func (d *docProblems) flush(v *verifier) {
	if len(d.paths) > 0 {
		lines := make([]int, len(d.paths))
		if data, ok := d.source.read(); ok {
			lines = linesFor(data, d.paths)
		}
		for i, line := range lines {
			v.problems = append(v.problems, Problem{File: d.file, Line: line, Message: d.msgs[i]})
		}
		d.paths, d.msgs = nil, nil
	}
	if d.source.changed {
		v.add(d.file, 0, "was changed while it was being checked; check again")
		d.source.changed = false
	}
}

// readAgain is a file that was read once and is read again only if it is needed:
// its bytes are the ones first read only if their checksum is the same.
type readAgain struct {
	path    string
	sum     [sha256.Size]byte // of the bytes first read
	data    []byte
	tried   bool // read again already
	changed bool // read again, it was not what it was
}

// read is the file as it was first read; false if it has changed since.
func (r *readAgain) read() ([]byte, bool) {
	if !r.tried {
		r.tried = true
		data, err := os.ReadFile(r.path)
		if err == nil && sha256.Sum256(data) == r.sum {
			r.data = data
		} else {
			r.changed = true
		}
	}
	return r.data, r.data != nil
}
