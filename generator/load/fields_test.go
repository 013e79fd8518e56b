package load

import (
	"slices"
	"testing"
)

// siteKeys are keys of every kind of site file, and some that share a keyBit with them.
var siteKeys = append(concat([]string{"", "x", "id", "groups", "department", "status", "evaluated", "indicator",
	"adjustment", "rectification", "kind", "rule", "reason", "basis", "date", "issue", "action", "owner", "due",
	"done", "from", "to", "approved_by", "respondents", "conducted_by", "Q1", "Q2", "Q3", "Q4", "H1", "H2"},
	defKeys, valueKeys), "税务", "a-b", "a_b", "ab")

// index finds what a search of the whole list finds, for keys that are there and
// keys that are not, whatever the table holds.
func TestFieldsIndex(t *testing.T) {
	for n := 0; n <= len(siteKeys); n++ {
		for _, r := range []*room{nil, {}} {
			f := r.table(2)
			for _, k := range siteKeys[:n] {
				f.add(k, 1)
			}
			for _, k := range siteKeys {
				want := slices.IndexFunc(f.list, func(x field) bool { return x.key == k })
				if got := f.index(k); got != want {
					t.Fatalf("with %d keys, index(%q) = %d, want %d", n, k, got, want)
				}
			}
		}
	}
}

// Tables the decoder read find their keys too.
func TestFieldsIndexFromDecoder(t *testing.T) {
	m := map[string]any{}
	for _, k := range siteKeys {
		m[k] = k
	}
	f := fromDecoder(m).(*fields)
	for _, k := range siteKeys {
		if v, ok := f.get(k); !ok || v != k {
			t.Errorf("get(%q) = %v, %t", k, v, ok)
		}
	}
	if _, ok := f.get("absent"); ok {
		t.Error(`get("absent") found it`)
	}
}
