package opendata

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file reads cycle.json without decoding it: where each value starts and
// ends, and on which line each key and list item is written. Verify uses it only on
// a document that encoding/json has already read without error, so it may assume
// valid JSON; on anything else it stops early rather than fail.

// member is one key of a JSON object and its value, as written.
type member struct {
	key   string
	value []byte
}

// spaceAt skips white space from i.
func spaceAt(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// firstByte is the first byte of a JSON value, which tells its kind: '{', '[', '"',
// 'n' for null, and so on; 0 when there is none.
func firstByte(v []byte) byte {
	if i := spaceAt(v, 0); i < len(v) {
		return v[i]
	}
	return 0
}

// isNull reports whether a value is null.
func isNull(v []byte) bool {
	i := spaceAt(v, 0)
	return len(v)-i >= 4 && string(v[i:i+4]) == "null"
}

// stringEnd is the index after the string that starts with the quote at i, or -1.
func stringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// valueEnd is the index after the value that starts at i (no white space before
// it), or -1.
func valueEnd(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				if i = stringEnd(data, i); i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	start := i
	for i < len(data) && !isSpace(data[i]) && data[i] != ',' && data[i] != '}' && data[i] != ']' {
		i++
	}
	if i == start {
		return -1
	}
	return i
}

// jsonKey is an object key as encoding/json reads it: unescaped, with invalid
// UTF-8 replaced. quoted is the key with its quotes.
func jsonKey(quoted []byte) string { return string(keyBytes(quoted)) }

// keyBytes is jsonKey without making a string when the key is written plainly.
func keyBytes(quoted []byte) []byte {
	inner := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return inner
	}
	var s string
	json.Unmarshal(quoted, &s)
	return []byte(s)
}

// members lists the keys and values of an object in the order written, repeats
// included; ok is false when obj is not an object.
func members(obj []byte) (out []member, ok bool) {
	i := spaceAt(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return nil, false
	}
	for i = spaceAt(obj, i+1); i < len(obj) && obj[i] != '}'; {
		end := stringEnd(obj, i)
		if obj[i] != '"' || end < 0 {
			return out, false
		}
		key := jsonKey(obj[i:end])
		i = spaceAt(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return out, false
		}
		i = spaceAt(obj, i+1)
		vend := valueEnd(obj, i)
		if vend < 0 {
			return out, false
		}
		out = append(out, member{key, obj[i:vend]})
		if i = spaceAt(obj, vend); i < len(obj) && obj[i] == ',' {
			i = spaceAt(obj, i+1)
		}
	}
	return out, true
}

// items lists the values of a list; ok is false when list is not a list.
func items(list []byte) (out [][]byte, ok bool) {
	i := spaceAt(list, 0)
	if i >= len(list) || list[i] != '[' {
		return nil, false
	}
	for i = spaceAt(list, i+1); i < len(list) && list[i] != ']'; {
		end := valueEnd(list, i)
		if end < 0 {
			return out, false
		}
		out = append(out, list[i:end])
		if i = spaceAt(list, end); i < len(list) && list[i] == ',' {
			i = spaceAt(list, i+1)
		}
	}
	return out, true
}

// lineScan finds the lines jsonLines finds, in one pass that makes a string only for
// the paths asked for.
type lineScan struct {
	data []byte
	pos  int
	line int
	path []byte          // of the value being read
	want map[string]bool // the paths to find; nil: every path
	out  map[string]int
}

// linesOf is jsonLines(data) restricted to the paths in want (all of them when want
// is nil): the line of the first occurrence of every key and list item.
func linesOf(data []byte, want map[string]bool) map[string]int {
	s := &lineScan{data: data, line: 1, want: want, out: map[string]int{}}
	s.space()
	s.value()
	return s.out
}

// space skips white space, counting lines.
func (s *lineScan) space() {
	for s.pos < len(s.data) && isSpace(s.data[s.pos]) {
		if s.data[s.pos] == '\n' {
			s.line++
		}
		s.pos++
	}
}

// note records the line of the current path unless it is known or not wanted.
func (s *lineScan) note() {
	if s.want != nil && !s.want[string(s.path)] {
		return
	}
	if _, seen := s.out[string(s.path)]; !seen {
		s.out[string(s.path)] = s.line
	}
}

// under cuts the path to its first base bytes, the enclosing value's, and starts
// the name of a value inside it, as join does.
func (s *lineScan) under(base int) {
	s.path = s.path[:base]
	if base > 0 {
		s.path = append(s.path, '.')
	}
}

// value reads the value at pos, which is not white space; false on a syntax error.
func (s *lineScan) value() bool {
	if s.pos >= len(s.data) {
		return false
	}
	switch s.data[s.pos] {
	case '{':
		return s.container('}', func() bool {
			end := stringEnd(s.data, s.pos)
			if s.data[s.pos] != '"' || end < 0 {
				return false
			}
			base := len(s.path)
			s.under(base)
			s.path = append(s.path, keyBytes(s.data[s.pos:end])...)
			s.note()
			s.pos = end
			s.space()
			if s.pos >= len(s.data) || s.data[s.pos] != ':' {
				return false
			}
			s.pos++
			s.space()
			ok := s.value()
			s.path = s.path[:base]
			return ok
		})
	case '[':
		i := 0
		return s.container(']', func() bool {
			base := len(s.path)
			s.under(base)
			s.path = strconv.AppendInt(s.path, int64(i), 10)
			i++
			s.note()
			ok := s.value()
			s.path = s.path[:base]
			return ok
		})
	}
	end := valueEnd(s.data, s.pos)
	if end < 0 {
		return false
	}
	s.pos = end
	return true
}

// container reads an object or a list from its opening bracket to its closing one,
// calling entry at the start of each entry.
func (s *lineScan) container(closing byte, entry func() bool) bool {
	s.pos++
	s.space()
	for s.pos < len(s.data) && s.data[s.pos] != closing {
		if !entry() {
			return false
		}
		s.space()
		if s.pos < len(s.data) && s.data[s.pos] == ',' {
			s.pos++
			s.space()
		}
	}
	if s.pos >= len(s.data) {
		return false
	}
	s.pos++
	return true
}

// linesFor finds the lines of paths as lineOf(jsonLines(data), path) would: the line
// of each path or of its nearest enclosing value, 0 when unknown.
func linesFor(data []byte, paths []string) []int {
	want := map[string]bool{}
	for _, p := range paths {
		for {
			want[p] = true
			i := strings.LastIndexByte(p, '.')
			if i < 0 {
				break
			}
			p = p[:i]
		}
	}
	found := linesOf(data, want)
	out := make([]int, len(paths))
	for i, p := range paths {
		out[i] = lineOf(found, p)
	}
	return out
}
