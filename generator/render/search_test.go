package render

import (
	"bytes"
	"encoding/json"
	"testing"
)

// encodeSearchIndex is how the search index was written before appendJSON: the
// reference for the tests below.
func encodeSearchIndex(idx SearchIndex) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(idx); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// TestSearchIndexAsEncodingJSON writes indexes of the hostile strings, of every
// byte and of empty optional fields both ways, and wants the same bytes.
func TestSearchIndexAsEncodingJSON(t *testing.T) {
	texts := hostileTexts(t, "", "税务局", "a\u2028b\u2029", "<x>&\"\\", "\xff\xfe", "\x00\x1f\x7f")
	indexes := []SearchIndex{{Departments: []SearchDepartment{}, Indicators: []SearchIndicator{}}}
	for i, s := range texts {
		u := texts[(i+1)%len(texts)]
		indexes = append(indexes, SearchIndex{
			Departments: []SearchDepartment{{ID: s, Name: u, ShortName: s, Group: u, Description: s, URL: u}, {ID: u, Name: s, Group: s, URL: s}},
			Indicators:  []SearchIndicator{{ID: s, Name: u, Department: s, DepartmentName: u, Cycle: s, URL: u}},
		})
	}
	for _, idx := range indexes {
		if got, want := idx.appendJSON(nil), encodeSearchIndex(idx); !bytes.Equal(got, want) {
			t.Fatalf("%+v:\n got %s\nwant %s", idx, got, want)
		}
	}
}

// TestSearchIndexOfSites reads the search index of the fixture and writes it
// again with encoding/json, which must give the same bytes.
func TestSearchIndexOfSites(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		w := renderSite(t, fixture(t, drafts), Options{Drafts: drafts}, nil)
		data := w["search/index.json"]
		var idx SearchIndex
		if err := json.Unmarshal(data, &idx); err != nil {
			t.Fatal(err)
		}
		if len(idx.Departments) == 0 || len(idx.Indicators) == 0 {
			t.Fatalf("an index without departments or indicators: %s", data)
		}
		if want := encodeSearchIndex(idx); !bytes.Equal(data, want) {
			t.Errorf("drafts %t:\n got %s\nwant %s", drafts, data, want)
		}
	}
}
