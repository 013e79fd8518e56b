package chart

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An option is finished as a tree (see encode): objects are obj, arrays []any,
// and every scalar read from go-echarts' JSON stays the text encoding/json
// wrote for it (raw). Writing the tree back then copies that text instead of
// encoding the value again, which gives the bytes json.Marshal would, since
// the first encoding was json.Marshal's too, for a fraction of the work; only
// strings with escapes are decoded and encoded again. Values a patch sets (Go
// strings, numbers, booleans) are encoded with json.Marshal.

// raw is a JSON scalar as encoding/json wrote it: a string with its quotes and
// escapes, a number, true or false. It shares the bytes it was read from. The
// tree holds *raw, taken from blocks of them, so that a scalar costs no
// allocation of its own.
type raw []byte

var errSyntax = errors.New("chart: unexpected text in an option's JSON")

// parseTree reads the JSON of an option into a tree: obj, []any, *raw, and nil
// for null. It accepts any valid JSON, with or without spaces.
func parseTree(data []byte) (any, error) {
	p := treeParser{data: data}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.data) {
		return nil, errSyntax
	}
	return v, nil
}

type treeParser struct {
	data []byte
	i    int
	raws []raw // the current block of scalars
}

// scalar returns the text from start to the current position as a *raw.
func (p *treeParser) scalar(start int) *raw {
	if len(p.raws) == cap(p.raws) {
		p.raws = make([]raw, 0, 64)
	}
	p.raws = append(p.raws, raw(p.data[start:p.i]))
	return &p.raws[len(p.raws)-1]
}

func (p *treeParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *treeParser) value() (any, error) {
	p.space()
	if p.i >= len(p.data) {
		return nil, errSyntax
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		start := p.i
		if err := p.skipString(); err != nil {
			return nil, err
		}
		return p.scalar(start), nil
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		if _, err := p.literal("null"); err != nil {
			return nil, err
		}
		return nil, nil
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	}
	return nil, errSyntax
}

func (p *treeParser) literal(word string) (any, error) {
	start := p.i
	if string(p.data[start:min(start+len(word), len(p.data))]) != word {
		return nil, errSyntax
	}
	p.i += len(word)
	return p.scalar(start), nil
}

// number takes the text of a number as written; the option's JSON comes from
// json.Marshal, which writes only valid numbers.
func (p *treeParser) number() (any, error) {
	start := p.i
	for p.i < len(p.data) && isNumberByte(p.data[p.i]) {
		p.i++
	}
	return p.scalar(start), nil
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// skipString moves past a string and its closing quote.
func (p *treeParser) skipString() error {
	p.i++ // the opening quote
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case '\\':
			p.i += 2
		case '"':
			p.i++
			return nil
		default:
			p.i++
		}
	}
	return errSyntax
}

func (p *treeParser) object() (any, error) {
	p.i++ // {
	m := obj{}
	p.space()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return m, nil
	}
	for {
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, errSyntax
		}
		start := p.i
		if err := p.skipString(); err != nil {
			return nil, err
		}
		quoted := p.data[start:p.i]
		key := string(quoted[1 : len(quoted)-1])
		if strings.IndexByte(key, '\\') >= 0 {
			if err := json.Unmarshal(quoted, &key); err != nil {
				return nil, err
			}
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, errSyntax
		}
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		m[key] = v // a repeated key keeps its last value, as in encoding/json
		p.space()
		if p.i >= len(p.data) {
			return nil, errSyntax
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return m, nil
		default:
			return nil, errSyntax
		}
	}
}

func (p *treeParser) array() (any, error) {
	p.i++ // [
	a := []any{}
	p.space()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return a, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		p.space()
		if p.i >= len(p.data) {
			return nil, errSyntax
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return a, nil
		default:
			return nil, errSyntax
		}
	}
}

// appendTree writes a tree as json.Marshal writes the same values: object
// members sorted by key, scalars read from JSON as they were written.
func appendTree(dst []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case *raw:
		if (*v)[0] == '"' && (bytes.IndexByte(*v, '\\') >= 0 || !utf8.Valid(*v)) {
			return appendString(dst, *v) // escapes: written again, as encoding/json would
		}
		return append(dst, *v...), nil
	case obj:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendKey(dst, k); err != nil {
				return nil, err
			}
			dst = append(dst, ':')
			if dst, err = appendTree(dst, v[k]); err != nil {
				return nil, err
			}
		}
		return append(dst, '}'), nil
	case []any:
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendTree(dst, e); err != nil {
				return nil, err
			}
		}
		return append(dst, ']'), nil
	case bool:
		return strconv.AppendBool(dst, v), nil
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(dst, b...), nil
}

// appendString writes a string read with its escapes as json.Marshal writes
// its value: an escape may stand for text it writes plainly, such as the \ufffd
// of invalid UTF-8.
func appendString(dst []byte, quoted raw) ([]byte, error) {
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return nil, err
	}
	b, err := json.Marshal(s)
	return append(dst, b...), err
}

// appendKey writes an object key as a JSON string. Option keys are plain ASCII
// names, written as they are; anything else goes through json.Marshal.
func appendKey(dst []byte, k string) ([]byte, error) {
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, err := json.Marshal(k)
			return append(dst, b...), err
		}
	}
	return append(append(append(dst, '"'), k...), '"'), nil
}
