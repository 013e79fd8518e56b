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
		want, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w.buf, want) {
			t.Fatalf("depth %d: got\n%s\nwant\n%s", depth, w.buf, want)
		}
	}
}
