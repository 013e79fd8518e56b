package chart

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// finishReference is how options were finished before the node tree:
// decoded by encoding/json into maps (numbers as json.Number), nulls pruned,
// the tooltip set, patched and marshalled again. The patches, written for
// nodes, see the maps converted to nodes and back.
func finishReference(raw []byte, patch func(*node)) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		panic("chart: decoding an ECharts option: " + err.Error())
	}
	prune(m)
	if t, ok := m["tooltip"].(map[string]any); ok {
		t["renderMode"] = "richText"
		t["confine"] = true
	}
	if patch != nil {
		n := fromMap(m)
		patch(&n)
		m = toMap(n).(map[string]any)
	}
	out, err := json.Marshal(m)
	if err != nil {
		panic("chart: marshalling an ECharts option: " + err.Error())
	}
	return out
}

// prune removes null members of objects, all the way down.
func prune(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if e == nil {
				delete(v, k)
				continue
			}
			prune(e)
		}
	case []any:
		for _, e := range v {
			prune(e)
		}
	}
}

func fromMap(v any) node {
	switch v := v.(type) {
	case nil:
		return node{kind: kNull}
	case bool:
		return boolean(v)
	case json.Number:
		return node{kind: kNumber, text: string(v)}
	case string:
		return node{kind: kString, text: v}
	case []any:
		n := node{kind: kArray, kids: []member{}}
		for _, e := range v {
			n.kids = append(n.kids, member{node: fromMap(e)})
		}
		return n
	case map[string]any:
		n := node{kind: kObject}
		for k, e := range v {
			n.kids = append(n.kids, member{name: k, node: fromMap(e)})
		}
		return n
	}
	panic(fmt.Sprintf("chart: a %T in an option", v))
}

func toMap(n node) any {
	switch n.kind {
	case kNull:
		return nil
	case kTrue, kFalse:
		return n.kind == kTrue
	case kNumber:
		return json.Number(n.text)
	case kString:
		return n.text
	case kArray:
		a := []any{}
		for _, e := range n.kids {
			a = append(a, toMap(e.node))
		}
		return a
	}
	m := map[string]any{}
	for _, e := range n.kids {
		m[e.name] = toMap(e.node)
	}
	return m
}

// checker counts the options it has checked against finishReference and
// keeps the first that differ.
type checker struct {
	mu      sync.Mutex
	checked int
	differ  []string
}

func (k *checker) encode(c builder, patch func(*node)) []byte {
	raw := marshal(c)
	got := finish(raw, patch)
	k.check(got, finishReference(raw, patch))
	return got
}

// verify checks an option made from a skeleton against go-echarts' chart for
// the same data, finished by finishReference.
func (k *checker) verify(got []byte, reference func() (builder, func(*node))) {
	c, patch := reference()
	k.check(got, finishReference(marshal(c), patch))
}

func (k *checker) check(got, want []byte) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.checked++
	if !bytes.Equal(got, want) && len(k.differ) < 5 {
		k.differ = append(k.differ, fmt.Sprintf("option differs from encoding/json's:\n got %s\nwant %s", got, want))
	}
}

// checking makes the builders check every option against finishReference
// until the returned function is called, which reports how many were checked
// and the first that differed.
func checking() (stop func() (int, []string)) {
	k := &checker{}
	encoder, verify = k.encode, k.verify
	return func() (int, []string) {
		encoder, verify = encode, nil
		k.mu.Lock()
		defer k.mu.Unlock()
		return k.checked, k.differ
	}
}

// hostile is the repository's hostile corpus and what JSON escapes besides:
// control characters, U+2028 and U+2029, bytes that are not UTF-8, surrogate
// halves, and U+FFFD itself.
func hostile(t testing.TB) []string {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "hostile", "strings.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ Text string }
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Fatalf("the hostile corpus has %d strings", len(cases))
	}
	s := []string{"", "\x00\x01\b\f\n\r\t\x1f\x7f", "a\u2028b\u2029c", "\xff\xfe", "\xed\xa0\x80", "\xe2\x80", "\ufffd", `\u003c "\" \\`}
	for _, c := range cases {
		s = append(s, c.Text)
	}
	return s
}

// everyKind builds one chart of each kind with s in every text and v among
// the values.
func everyKind(s string, v float64) []Chart {
	v2 := v / 3
	ser := func(name string) Series {
		return Series{Name: name + s, Values: []*float64{&v, nil, &v2}, Text: []string{s, "", s + "%"}}
	}
	cats := []string{s, "甲" + s, s + "<b>"}
	return []Chart{
		Ranking(s, s, s, s, s, cats, ser("")),
		Ranking("r2", s, s, s, "", cats, Series{Values: []*float64{&v}}),
		Distribution(s, s, s, s, s, cats, []int{1, int(math.Mod(v, 1e6))}),
		HeatMap(s, s, s, s, cats, cats, [][]*float64{{&v, nil, &v2}, {&v2}}, [][]string{{s, "", ""}}),
		Radar(s, s, s, s, cats, []float64{100, 30}, []Series{ser("a"), ser("b")}),
		Line(s, s, s, s, cats, []Series{ser("a")}),
		Line(s, s, s, s, cats, []Series{ser("a"), ser("b"), ser("c")}),
	}
}

func TestEncodeMatchesReference(t *testing.T) {
	stop := checking()
	testCharts()
	for _, s := range hostile(t) {
		everyKind(s, 85.5)
	}
	for _, v := range []float64{0, -0.0, 1e21, 1e-7, 123456789.125, -3, math.NaN(), math.Inf(1), math.MaxFloat64, math.SmallestNonzeroFloat64} {
		everyKind("x", v)
	}
	edgeShapes()
	checked, differ := stop()
	for _, d := range differ {
		t.Error(d)
	}
	if checked < 300 {
		t.Errorf("checked %d options", checked)
	}
}

// edgeShapes builds the shapes a site rarely draws: no categories, no
// series, more series than symbols, maxes at float32's edges, a bar or a
// heat map without a value.
func edgeShapes() {
	many := make([]Series, 10)
	for i := range many {
		v := float64(i)
		many[i] = Series{Name: string(rune('a' + i)), Values: []*float64{&v}}
	}
	Line("l", "", "", "", nil, nil)
	Line("l", "t", "s", "h", []string{}, []Series{{Name: "a"}})
	Line("l", "t", "s", "h", []string{"x", "y"}, many)
	HeatMap("h", "", "", "", nil, nil, nil, nil)
	HeatMap("h", "t", "s", "h", []string{"a", "b"}, nil, nil, nil)
	HeatMap("h", "t", "s", "h", []string{"a"}, []string{"x", "y", "z"}, [][]*float64{{nil, nil, nil}}, nil)
	Ranking("b", "", "", "", "", nil, Series{})
	Ranking("b", "t", "s", "h", "v", []string{"x"}, Series{Name: "n", Text: []string{"一"}})
	Radar("r", "", "", "", nil, nil, nil)
	Radar("r", "t", "s", "h", []string{}, []float64{}, []Series{{}})
	maxes := []float64{0, -0.0, 1e-7, 1e-6, 1e21, 9.99e20, 3.4e38, 1e-46, -5, 0.1, 123456.789}
	axes := make([]string, len(maxes)+1)
	Radar("r", "t", "s", "h", axes, maxes, many)
}

// The reader and writer against encoding/json on JSON that go-echarts never
// writes: escapes it would not use, duplicate names, nulls, nesting.
func TestFinishMatchesReference(t *testing.T) {
	for _, raw := range finishSeeds {
		got := finish([]byte(raw), nil)
		want := finishReference([]byte(raw), nil)
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", raw, got, want)
		}
	}
}

var finishSeeds = []string{
	`{}`,
	` { "b" : [ 1 , null , { "z" : null , "a" : -0.5e+3 } ] , "a" : "x" } `,
	`{"a":1,"a":2,"b":null,"b":3,"c":4,"c":null}`,
	`{"\u0062":1,"a\u0000":2,"a":3,"\ud800":4,"é":5,"\u00e9x":6,"Z":7}`,
	`{"s":"\/\"\\\b\f\n\r\t\u0001\u001f\u007f\u003c\u003e\u0026<>&\u2028\u2029` + "\u2028" + `\ufffd` + "\ufffd" + `"}`,
	`{"s":"\ud83d\ude00 \ud83d \ude00 \ud800\ud800 \uD83D\uDE00 \uDBFF\uDFFF"}`,
	"{\"s\":\"\xff a \xed\xa0\x80 \xe2\x80 \xc3\"}",
	`{"tooltip":{"show":true,"confine":false},"t":[true,false,null,[],{},[[]]]}`,
	`{"tooltip":null}`,
	`{"tooltip":[1]}`,
}

func FuzzFinish(f *testing.F) {
	for _, s := range finishSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var m map[string]any
		if !json.Valid(raw) || json.Unmarshal(raw, &m) != nil || m == nil {
			return // encode only reads objects that encoding/json wrote
		}
		got := finish(raw, nil)
		want := finishReference(raw, nil)
		if !bytes.Equal(got, want) {
			t.Errorf("%q:\n got %s\nwant %s", raw, got, want)
		}
	})
}

func FuzzEncode(f *testing.F) {
	for _, s := range hostile(f) {
		f.Add(s, 85.5)
	}
	f.Add("", -1e300)
	f.Fuzz(func(t *testing.T, s string, v float64) {
		stop := checking()
		everyKind(s, v)
		checked, differ := stop()
		for _, d := range differ {
			t.Error(d)
		}
		if checked != len(everyKind("", 0)) {
			t.Errorf("checked %d options", checked)
		}
	})
}

// The writer copies what needs no escaping and escapes each of the rest,
// given content as it is read (escaped) and decoded.
func TestWriterStrings(t *testing.T) {
	for raw, want := range map[string]string{
		"plain 中文":            `"plain 中文"`,
		`<a href="x">&`:       `"\u003ca href=\"x\"\u003e\u0026"`,
		`\u003c\/\u00e9`:      `"\u003c/é"`,
		"\u2028\xff":          `"\u2028` + "\ufffd" + `"`,
		`\ud800x\ud83d\ude00`: `"` + "\ufffdx😀" + `"`,
	} {
		w := writer{}
		w.str(decoded(raw))
		if string(w.buf) != want {
			t.Errorf("str(%q) = %s, want %s", raw, w.buf, want)
		}
		if !utf8.Valid(w.buf) || strings.ContainsAny(string(w.buf), "<>&") {
			t.Errorf("str(%q) = %q: not valid UTF-8 or not HTML-safe", raw, w.buf)
		}
	}
}

// BenchmarkFinish finishes the marshalled options of the browser test's
// charts (one of each kind at the size of a real cycle) with the node tree
// and with the encoding/json reference, unpatched: the reference patches
// through a conversion that the encoding it stands for did not pay.
func BenchmarkFinish(b *testing.B) {
	type option struct {
		raw   []byte
		patch func(*node)
	}
	var options []option
	encoder = func(c builder, patch func(*node)) []byte {
		raw := marshal(c)
		options = append(options, option{raw, patch})
		return finish(raw, patch)
	}
	verify = func(_ []byte, reference func() (builder, func(*node))) {
		c, patch := reference()
		options = append(options, option{marshal(c), patch})
	}
	testCharts()
	encoder, verify = encode, nil
	for name, f := range map[string]func([]byte, func(*node)) []byte{"nodes": finish, "encoding-json": finishReference} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, o := range options {
					f(o.raw, nil)
				}
			}
		})
	}
}
