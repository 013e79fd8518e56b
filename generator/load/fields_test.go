package load

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"perfsite/generator/diag"
)

// siteKeys are keys of every kind of site file, and some that share a keyHash with them.
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

// index finds keys of a table of more keys than first can point to, as a search of
// the whole list finds them.
func TestFieldsIndexLongTable(t *testing.T) {
	var keys []string
	for i := range 700 {
		keys = append(keys, fmt.Sprintf("k%d", i), fmt.Sprintf("%dk", i))
	}
	for _, r := range []*room{nil, {}} {
		f := r.table(2)
		for _, k := range keys[:len(keys)/2] {
			f.add(k, 1)
		}
		for _, k := range append(keys, siteKeys...) {
			want := slices.IndexFunc(f.list, func(x field) bool { return x.key == k })
			if got := f.index(k); got != want {
				t.Fatalf("index(%q) = %d, want %d", k, got, want)
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

// gettersText has a value of every kind decodePlain reads, some with problems.
const gettersText = `s = "text"
blank = "  "
bidi = "a` + "\u202e" + `b"
lit = 'C:\\x'
n = 97.3
long = 1234567890.12345
small = 0.000001
neg = -0.0
e = 5e-324
i = 42
big = 9007199254740993
d = 2024-02-20
b = true
l = ["a", "b` + "\u202e" + `", 3]
nums = [1, 2.5, -0.1]
t = { x = 1, y = "2" }

[progress]
Q1 = 20.5
Q2 = "46"
Q3 = 1e2

[[list]]
x = "one"
[[list]]
x = 2
`

// The getters give the same values and problems whether decodePlain or the TOML
// decoder read the table, whatever each key holds.
func TestGettersSameForPlainAndDecoder(t *testing.T) {
	plain, ok := decodePlain(gettersText, nil)
	if !ok {
		t.Fatal("not plain")
	}
	var m map[string]any
	if _, err := toml.Decode(gettersText, &m); err != nil {
		t.Fatal(err)
	}
	got, want := readAll(plain), readAll(fromDecoder(m).(*fields))
	if got != want {
		t.Errorf("decodePlain's table reads\n%s\nthe decoder's reads\n%s", got, want)
	}
}

// readAll reads every key of f (and one it does not have) with every getter, and
// says what each gave and reported.
func readAll(f *fields) string {
	var diags diag.List
	tb := &table{d: &doc{src: textSource("t.toml", gettersText, 0), diags: &diags}, what: "t", f: f}
	var b strings.Builder
	for _, k := range append(tb.keys(), "absent") {
		fmt.Fprintf(&b, "%s: %q %v %v %v %v %v %v %t %v\n", k, tb.str(k, true), tb.num(k, true), deref(tb.integer(k)), deref(tb.boolean(k)),
			tb.date(k, true), tb.strs(k), numbers(tb, k, []string{"Q1"}), tb.written(k), tb.written(k+".1"))
		if l := tb.tables(k, "[[x]]"); l != nil {
			for _, e := range l {
				fmt.Fprintf(&b, "  %q %v\n", e.str("x", false), e.num("x", false))
			}
		}
	}
	for _, d := range diags.Items() {
		fmt.Fprintln(&b, d)
	}
	return b.String()
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// A keySet has what the list it is made of has, and nothing else.
func TestKeySet(t *testing.T) {
	for _, allowed := range append(entryKeys[:], siteKeys[:0], siteKeys[:1], siteKeys[:7], siteKeys) {
		s := newKeySet(allowed)
		for _, k := range append(siteKeys, "actua", "actuall", "Actual", "name ", "tagret", "évidence") {
			if got, want := s.has(k), slices.Contains(allowed, k); got != want {
				t.Fatalf("has(%q) = %t with %q", k, got, allowed)
			}
		}
	}
}
