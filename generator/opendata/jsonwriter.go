package opendata

import (
	"strconv"
	"strings"

	"perfsite/generator/decimal"
	"perfsite/generator/internal/jsontext"
)

// jsonWriter appends an indented JSON document to buf, byte for byte as
// encoding/json's MarshalIndent(v, "", "  ") writes it: two spaces per level, empty
// lists and objects as [] and {}, strings escaped as encoding/json escapes them.
// Writing by hand instead of through reflection and a second indenting pass is what
// makes cycle.json cheap; a test encodes the same documents both ways.
//
// Every key of cycle.json is a constant that needs no escaping, made ready once
// (see key), except the periods of milestones and progress, which go through anyKey.
type jsonWriter struct {
	buf   []byte
	depth int  // levels of lists and objects open
	first bool // the next member is the first of its list or object
}

// indent is a line break and the indentation of sixteen levels, more than
// cycle.json has, so that starting a line is one append; deeper levels take the
// spaces more than once.
const indent = "\n                                "

// newline starts a line indented to the current level.
func (w *jsonWriter) newline() {
	n := 1 + 2*w.depth
	if n <= len(indent) {
		w.buf = append(w.buf, indent[:n]...)
		return
	}
	w.buf = append(w.buf, '\n')
	for n--; n > 0; {
		k := min(n, len(indent)-1)
		w.buf = append(w.buf, indent[1:1+k]...)
		n -= k
	}
}

// member starts the next member of the open list or object on its own line.
func (w *jsonWriter) member() {
	if !w.first {
		w.buf = append(w.buf, ',')
	}
	w.first = false
	w.newline()
}

// open starts a list ('[') or an object ('{') where a value goes.
func (w *jsonWriter) open(c byte) {
	w.buf = append(w.buf, c)
	w.depth++
	w.first = true
}

// close ends the innermost list (']') or object ('}'); an empty one stays on its line.
func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.buf = append(w.buf, c)
	w.first = false
}

// A key is a constant object key that needs no escaping, with the text that starts
// its member ready for each depth up to depths: the comma that ends the member
// before, the line break, the indentation, the quoted key and ": ". Starting a
// member is then one append instead of five, for the millions of members of a
// large site's cycle.json.
type key struct {
	name  string
	lines [depths]string
}

// depths is how many levels keys are made ready for, more than cycle.json has; a
// member deeper than that is put together each time.
const depths = 10

func newKey(name string) *key {
	k := &key{name: name}
	for d := range k.lines {
		k.lines[d] = ",\n" + strings.Repeat("  ", d) + `"` + name + `": `
	}
	return k
}

// key starts an object member with a constant key.
func (w *jsonWriter) key(k *key) {
	if w.depth >= depths {
		w.member()
		w.buf = append(w.buf, '"')
		w.buf = append(w.buf, k.name...)
		w.buf = append(w.buf, `": `...)
		return
	}
	line := k.lines[w.depth]
	if w.first {
		line = line[1:]
	}
	w.first = false
	w.buf = append(w.buf, line...)
}

// anyKey starts an object member whose key may need escaping.
func (w *jsonWriter) anyKey(k string) {
	w.member()
	w.buf = jsontext.AppendString(w.buf, k)
	w.buf = append(w.buf, ": "...)
}

// The value writers follow key, or member for an element of a list.

func (w *jsonWriter) str(s string) { w.buf = jsontext.AppendString(w.buf, s) }

// num writes a number as its exact decimal digits; "" is null.
func (w *jsonWriter) num(n string) {
	if n == "" {
		n = "null"
	}
	w.buf = append(w.buf, n...)
}

// dec writes a number that only cycle.json shows as its exact decimal digits,
// straight into the buffer instead of through a string.
func (w *jsonWriter) dec(d decimal.D) { w.buf = d.Append(w.buf) }

func (w *jsonWriter) boolean(b bool) { w.buf = strconv.AppendBool(w.buf, b) }

func (w *jsonWriter) integer(i int64) { w.buf = strconv.AppendInt(w.buf, i, 10) }

// Members of an object, the way the document types' tags ask for them.

func (w *jsonWriter) strField(k *key, s string) { w.key(k); w.str(s) }

// strOmit is a string member left out when empty (omitempty).
func (w *jsonWriter) strOmit(k *key, s string) {
	if s != "" {
		w.strField(k, s)
	}
}

func (w *jsonWriter) numField(k *key, n string) { w.key(k); w.num(n) }

// numOmit is a number member left out when absent (omitempty).
func (w *jsonWriter) numOmit(k *key, n string) {
	if n != "" {
		w.numField(k, n)
	}
}

func (w *jsonWriter) decField(k *key, d decimal.D) { w.key(k); w.dec(d) }

// decOmit is a number member left out when absent (omitempty).
func (w *jsonWriter) decOmit(k *key, d *decimal.D) {
	if d != nil {
		w.decField(k, *d)
	}
}

// decOrNull is a number member that is null when it has no value.
func (w *jsonWriter) decOrNull(k *key, d decimal.D, null bool) {
	if null {
		w.numField(k, "")
		return
	}
	w.decField(k, d)
}

// centsField is a number member written as cents writes it.
func (w *jsonWriter) centsField(k *key, d decimal.D) {
	w.key(k)
	w.buf = appendCents(w.buf, d)
}

func (w *jsonWriter) boolField(k *key, b bool) { w.key(k); w.boolean(b) }

// strings writes a list of strings.
func (w *jsonWriter) strings(list []string) {
	w.open('[')
	for _, s := range list {
		w.member()
		w.str(s)
	}
	w.close(']')
}

// stringsOmit is a list of strings left out when empty (omitempty).
func (w *jsonWriter) stringsOmit(k *key, list []string) {
	if len(list) > 0 {
		w.key(k)
		w.strings(list)
	}
}
