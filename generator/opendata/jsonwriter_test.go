package opendata

import (
	"bytes"
	"encoding/json"
	"testing"
)

// Lists nested deeper than indent has spaces for are indented as MarshalIndent
// indents them.
func TestJSONWriterDeepLevels(t *testing.T) {
	for depth := range 40 {
		var v any = []any{}
		var w jsonWriter
		for range depth {
			v = []any{v, "x"}
			w.open('[')
			w.member()
		}
		w.open('[')
		w.close(']')
		for range depth {
			w.member()
			w.str("x")
			w.close(']')
		}
		checkIndented(t, depth, w.buf, v)
	}
}

// Keys start their members as MarshalIndent writes them at every depth, those
// made ready and those deeper, first in their object or not.
func TestJSONWriterKeysAtEveryDepth(t *testing.T) {
	first, second := newKey("a"), newKey("b_c")
	for depth := range 2 * depths {
		var v any = map[string]any{}
		var w jsonWriter
		for range depth {
			v = map[string]any{"a": v, "b_c": "x"}
			w.open('{')
			w.key(first)
		}
		w.open('{')
		w.close('}')
		for range depth {
			w.strField(second, "x")
			w.close('}')
		}
		checkIndented(t, depth, w.buf, v)
	}
}

// checkIndented checks that got, of depth levels, is v as MarshalIndent writes it.
func checkIndented(t *testing.T, depth int, got []byte, v any) {
	t.Helper()
	want, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("depth %d: got\n%s\nwant\n%s", depth, got, want)
	}
}
