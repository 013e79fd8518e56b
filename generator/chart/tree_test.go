package chart

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// viaEncodingJSON is what appendTree must match: the JSON decoded by
// encoding/json (numbers kept as written) and marshalled again.
func viaEncodingJSON(t testing.TB, data []byte) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func viaTree(t testing.TB, data []byte) []byte {
	t.Helper()
	v, err := parseTree(data)
	if err != nil {
		t.Fatalf("parseTree(%s): %v", data, err)
	}
	out, err := appendTree(nil, v)
	if err != nil {
		t.Fatalf("appendTree: %v", err)
	}
	return out
}

var treeStrings = []string{
	"", "plain", "中文标签", `</script><script>alert(1)</script>`, `"quoted" \ back\slash`,
	"a&b<c>d", "line\nbreak\ttab\rret\bbs\fff", "\x00\x01\x1f\x7f", "\u2028\u2029", "bad \xff utf-8",
	"😀 astral", `\u003c already escaped text`, "{}[],:",
}

func TestTreeWritesWhatEncodingJSONWrites(t *testing.T) {
	docs := [][]byte{
		[]byte(`{}`), []byte(`[]`), []byte(`null`), []byte(`true`), []byte(`-1.5e-7`), []byte(`"x"`),
		[]byte(` { "b" : [ 1 , 2.50 , -0 , 1E3 , null , false , { } , [ ] ] , "a" : "\u00e9\/\"" , "a" : 2 } `),
		[]byte(`{"\u0062":1,"a\"b":2,"<k>":3,"ключ":4,"z":{"y":{"x":[[[]]]}}}`),
	}
	for _, s := range treeStrings {
		v := map[string]any{"value": s, s: []any{s, 1.25, math.MaxInt64, -3, true, nil, map[string]any{s: s}}}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
	}
	for _, d := range docs {
		if got, want := viaTree(t, d), viaEncodingJSON(t, d); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", d, got, want)
		}
	}
}

func TestTreeRejectsBrokenJSON(t *testing.T) {
	for _, d := range []string{``, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`, `"open`, `tru`, `nul`, `{} x`, `{1:2}`} {
		if _, err := parseTree([]byte(d)); err == nil {
			t.Errorf("parseTree(%q) gave no error", d)
		}
	}
}

// TestTreeKeepsPatchedValues: values a patch sets are Go values, encoded as
// json.Marshal encodes them.
func TestTreeKeepsPatchedValues(t *testing.T) {
	v, err := parseTree([]byte(`{"tooltip":{"show":true},"n":null}`))
	if err != nil {
		t.Fatal(err)
	}
	m := v.(obj)
	prune(m)
	m["tooltip"].(obj)["renderMode"] = "rich<Text>"
	m["center"] = []any{"50%", "54%"}
	m["min"] = 0
	m["f"] = 0.1
	m["layout"] = obj{"hideOverlap": true}
	got, err := appendTree(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"center":["50%","54%"],"f":0.1,"layout":{"hideOverlap":true},"min":0,"tooltip":{"renderMode":"rich\u003cText\u003e","show":true}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func FuzzTree(f *testing.F) {
	for _, s := range treeStrings {
		f.Add(s, 1.5)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		b, err := json.Marshal(map[string]any{s: []any{s, x, map[string]any{"k" + s: nil}}, "v": s})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := viaTree(t, b), viaEncodingJSON(t, b); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", b, got, want)
		}
	})
}

// TestOptionsAreWhatEncodingJSONWrites: every chart's option, hostile names
// and all, is the same after decoding and marshalling by encoding/json, which
// is how options were written before the tree: the bytes on the pages did not
// change.
func TestOptionsAreWhatEncodingJSONWrites(t *testing.T) {
	for _, name := range append([]string{"名称"}, treeStrings...) {
		for _, c := range all(name) {
			if want := viaEncodingJSON(t, c.Option); !bytes.Equal(c.Option, want) {
				t.Errorf("%s with names %q:\n got %s\nwant %s", c.ID, name, c.Option, want)
			}
		}
	}
}
