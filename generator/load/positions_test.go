package load

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"perfsite/generator/diag"
	"perfsite/generator/model"
)

func TestScanPositions(t *testing.T) {
	const text = `# a comment with [[fake]] = "x"
title = "绩效" # trailing comment
"quoted key" = 1
dotted.inner = 2
notes = """
[[not-a-table]]
key = "inside a string"
"""
raw = '''
[also.not]
'''
list = [
  "a", # comment inside an array
  "b",
]
nested = [[80, 0.6], [90, 1]]

[[indicator]]
id = "a"

[[indicator]]
id = "b"
  progress = { Q1 = 1, "Q2" = 2.5, Q3 = { deep = 3 } }

[[indicator.target_change]]
date = 2024-06-30

[[indicator.target_change]]
date = 2024-07-01

[indicator.survey]
respondents = 12

[[grade]]
name = "优秀"
[[grade]]
name = "良好"  ; min = 80
[ status ]
met = 1
changes = [ { from = 1, to = 2 }, { from = 2, to = 3 } ]
`
	keys := scanPositions("f.toml", text, 0)
	tests := []struct {
		path      string
		line, col int
	}{
		{"title", 2, 1},
		{"quoted key", 3, 1},
		{"dotted", 4, 1},
		{"dotted.inner", 4, 1},
		{"notes", 5, 1},
		{"raw", 9, 1},
		{"list", 12, 1},
		{"list.0", 13, 3},
		{"list.1", 14, 3},
		{"nested.0", 16, 11},
		{"nested.0.1", 16, 16},
		{"nested.1.0", 16, 23},
		{"indicator", 18, 1},
		{"indicator.0", 18, 1},
		{"indicator.0.id", 19, 1},
		{"indicator.1", 21, 1},
		{"indicator.1.id", 22, 1},
		{"indicator.1.progress", 23, 3},
		{"indicator.1.progress.Q1", 23, 16},
		{"indicator.1.progress.Q2", 23, 24},
		{"indicator.1.progress.Q3", 23, 36},
		{"indicator.1.progress.Q3.deep", 23, 43},
		{"indicator.1.target_change.0", 25, 1},
		{"indicator.1.target_change.0.date", 26, 1},
		{"indicator.1.target_change.1", 28, 1},
		{"indicator.1.target_change.1.date", 29, 1},
		{"indicator.1.survey", 31, 1},
		{"indicator.1.survey.respondents", 32, 1},
		{"grade.0.name", 35, 1},
		{"grade.1", 36, 1},
		{"grade.1.name", 37, 1},
		{"status", 38, 1},
		{"status.met", 39, 1},
		{"status.changes.1", 40, 35},
		{"status.changes.1.to", 40, 47},
	}
	for _, tt := range tests {
		got, ok := keys[tt.path]
		want := diag.Pos{File: "f.toml", Line: tt.line, Col: tt.col}
		if !ok || got != want {
			t.Errorf("%s: got %v (found %v), want %v", tt.path, got, ok, want)
		}
	}
	for _, absent := range []string{"fake", "not-a-table", "also.not", "also", "key", "indicator.2"} {
		if p, ok := keys[absent]; ok {
			t.Errorf("%q should not be a key, found at %v", absent, p)
		}
	}
}

// Positions count characters, not bytes, and the front matter of a page is shifted by
// the +++ line before it.
func TestScanPositionsColumnsAndShift(t *testing.T) {
	keys := scanPositions("p.md", "\"标题\" = 1\nx = { \"甲\" = \"乙\", b = 2 }\n", 1)
	if got := keys["标题"]; got.Line != 2 || got.Col != 1 {
		t.Errorf("标题 at %v, want line 2 col 1", got)
	}
	if got := keys["x.b"]; got.Line != 3 || got.Col != 18 {
		t.Errorf("x.b at %v, want line 3 col 18", got)
	}
	if got := keys["x.甲"]; got.Line != 3 || got.Col != 7 {
		t.Errorf("x.甲 at %v, want line 3 col 7", got)
	}
}

// The scanner sees text the decoder may reject (and fuzzed text): it must end.
func TestScanPositionsBroken(t *testing.T) {
	for _, text := range []string{
		"[", "[[", "a = [", "a = {", `a = "`, "a = '''", `a = """`, "= 1", "a.", "[a.b", "a = [[[[", "a = { b = [ { c",
		"a = \"\\", "[[a]]\n[a.b]\n[[a.b]]", "]]]]", "a = 1 2 3 }", "\x00\xff",
	} {
		scanPositions("x", text, 0)
	}
}

// The positions of a file's keys are found when a problem first needs one: the
// scorecards of a valid site are never scanned. They can still be asked for after
// loading. A problem with a key of a table, found while the file is read, is placed
// from the text at hand, without scanning the file.
func TestPositionsAreFoundWhenFirstNeeded(t *testing.T) {
	dir := copyFixture(t)
	rep(tax, "actual = 92", "actual = 92\nacutal = 1")(t, dir)
	rep(health, "actual = 90", "actual = 90\nprogress = { Q9 = 1 }")(t, dir)
	s, l := load(t, dir)
	errs := strs(l.Errors())
	if len(errs) != 2 || !strings.HasPrefix(errs[0], health+":7:14: error: unknown period \"Q9\"") ||
		!strings.HasPrefix(errs[1], tax+":7:1: error: unknown key \"acutal\"") {
		t.Fatalf("errors %v", errs)
	}
	cards := map[string]*model.Scorecard{}
	for _, c := range s.Cycles[0].Cards {
		cards[c.Department] = c
	}
	if cards["health"].Src.Keys == nil {
		t.Error("health.toml has a problem named by its key path, but its positions were not found")
	}
	if cards["tax"].Src.Keys != nil {
		t.Error("tax.toml has a problem placed from its text, but its positions were found")
	}
	m := cards["market"]
	if m.Src.Keys != nil {
		t.Error("market.toml has no problem, but its positions were found")
	}
	in := m.Indicators[0]
	if got := in.Pos("progress", "Q3").String(); got != market+":8:36" {
		t.Errorf("progress.Q3 at %s after loading", got)
	}
	if _, ok := m.Src.Keys["indicator.0.actual"]; !ok {
		t.Errorf("positions of market.toml after a question: %v", m.Src.Keys)
	}
	m.Src.Keys = nil // as a build does once the site is loaded
	if got := in.Pos("progress", "Q3").String(); got != market {
		t.Errorf("progress.Q3 at %s once positions are dropped, want the file alone", got)
	}
}

// Positions are found in the file read again: a file changed since it was loaded
// gives none, rather than wrong ones.
func TestPositionsOfAChangedFile(t *testing.T) {
	dir := copyFixture(t)
	s, l := load(t, dir)
	if l.HasErrors() {
		t.Fatal(l)
	}
	in := s.Cycles[0].Cards[1].Indicators[0]
	if in.Src.File != market {
		t.Fatalf("card %s", in.Src.File)
	}
	rep(market, "department = ", "# a new first line\ndepartment = ")(t, dir)
	if got := in.Pos("actual").String(); got != market {
		t.Errorf("actual at %s in a changed file, want the file alone", got)
	}
}

// tablePositionCases are texts decodePlain reads, with keys and tables in every
// place it accepts them.
var tablePositionCases = []string{
	"a = 1\n",
	"# 注释\nn = 1\na = \"中文\"   # x\n  b = 2\n[t]\nc = { d = \"中文\", e = 1, f = { g = '文' } }\n",
	"x = 1\n[[indicator]]\nid = \"a\"\nprogress = { Q1 = 1, Q2 = { z = 2 } }\n[indicator.survey]\nmethod = \"问卷\"\n" +
		"[[indicator]]\n  id = \"b\"\n\tsurvey = { method = 'x' }\n[[ indicator.target_change ]]\nfrom = 1\n[[indicator.target_change]]\nto = 2\n",
	"evidence = [\n  \"a\", # [x] = 1\n  [1, 2],\n]\n[[rectification]]\nissue = \"问题\"\ndue = 2024-01-02\n[[rectification]]\n\n",
	"[a]\n[b]\nk = {}\n[[c]]\n[[c]]\n[[c]]\nv = [[]]\n",
	"[[x]]\n[[x.y]]\n[[x.y]]\nk = 1\n[x.z]\nk = \"#\"\n",
}

// Positions placed from where decodePlain found each key and table are those the
// scan of the text finds for the same key paths, which this compares for every
// table and key of many texts, and for keys a table does not have.
func TestTablePositionsMatchScan(t *testing.T) {
	texts := append([]string{}, tablePositionCases...)
	files, _ := filepath.Glob("testdata/site/data/*/*.toml")
	files = append(files, "testdata/site/site.toml", "testdata/site/data/departments.toml")
	dir, _ := benchSite(t)
	synthetic, _ := filepath.Glob(filepath.Join(dir, "data", "*", "*.toml"))
	for _, f := range append(files, synthetic...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		for _, shift := range []int{0, 3} {
			if n := comparePositions(t, text, shift); n < 2 {
				t.Errorf("only %d positions compared in %q", n, text)
			}
		}
	}
}

func FuzzTablePositions(f *testing.F) {
	for _, text := range tablePositionCases {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		comparePositions(t, text, 1)
	})
}

// comparePositions compares table.at with the positions scanPositions finds, for
// every table and key of text if decodePlain reads it, and says how many it compared.
func comparePositions(t *testing.T, text string, shift int) int {
	const rel = "x.toml"
	var diags diag.List
	top := decode(rel, text, shift, &diags)
	if top == nil || top.d.text == "" {
		return 0
	}
	keys := scanPositions(rel, text, shift)
	want := model.NewSource(rel, func() map[string]diag.Pos { return keys })
	n := 0
	var walk func(tb *table)
	walk = func(tb *table) {
		for _, k := range append(tb.keys(), "", "not-there") {
			n++
			if got, want := tb.at(k), want.At(join(tb.path, k)); got != want {
				t.Fatalf("%q (at %q) at %v, scan finds %v, in %q", k, tb.path, got, want, text)
			}
		}
		for _, fd := range tb.f.list {
			switch v := fd.value().(type) {
			case *fields:
				walk(&table{d: tb.d, path: join(tb.path, fd.key), f: v})
			case []*fields:
				for i, e := range v {
					walk(&table{d: tb.d, path: join(tb.path, fd.key+"."+strconv.Itoa(i)), f: e})
				}
			}
		}
	}
	walk(top)
	return n
}

// isBare tells exactly the bytes TOML allows in a bare key.
func TestIsBare(t *testing.T) {
	const bare = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
	for c := range 256 {
		if got, want := isBare(byte(c)), strings.IndexByte(bare, byte(c)) >= 0; got != want {
			t.Errorf("isBare(%#x) = %t, want %t", c, got, want)
		}
	}
}
