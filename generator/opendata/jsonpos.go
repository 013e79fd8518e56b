package opendata

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// jsonLines maps the path of every key and array element of a JSON document
// ("departments.2.result.total") to the line it is written on, so that a problem
// can name the line. A syntax error ends the walk; what was read so far is kept.
func jsonLines(data []byte) map[string]int {
	out := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		path  string
		obj   bool
		isKey bool   // an object's next token is a key
		cur   string // the path of the value after the last key
		idx   int
	}
	var stack []frame
	line, pos := 1, 0
	lineAt := func(off int) int {
		for ; pos < off && pos < len(data); pos++ {
			if data[pos] == '\n' {
				line++
			}
		}
		return line
	}
	note := func(path string, ln int) {
		if _, ok := out[path]; !ok {
			out[path] = ln
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		ln := lineAt(int(dec.InputOffset()))
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		path := ""
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			switch {
			case top.obj && top.isKey:
				k, _ := tok.(string)
				top.cur, top.isKey = join(top.path, k), false
				note(top.cur, ln)
				continue
			case top.obj:
				path, top.isKey = top.cur, true
			default:
				path = join(top.path, strconv.Itoa(top.idx))
				top.idx++
				note(path, ln)
			}
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{path: path, obj: d == '{', isKey: d == '{'})
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// lineOf finds the line of path, or of its nearest enclosing value; 0 when unknown.
func lineOf(lines map[string]int, path string) int {
	for {
		if ln, ok := lines[path]; ok {
			return ln
		}
		i := bytes.LastIndexByte([]byte(path), '.')
		if i < 0 {
			return 0
		}
		path = path[:i]
	}
}

// offsetLine is the line of a byte offset.
func offsetLine(data []byte, off int64) int {
	if off < 0 {
		return 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}
