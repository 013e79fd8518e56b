package opendata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"perfsite/generator/score"
)

// Verify decodes, walks and finds lines only where the published bytes differ from
// the recomputed ones. These tests hold it to what the whole-document way reports:
// every problem, its line and its message.

// jnode is a JSON value kept as written, keys in their order, repeats included, so
// that a test can change it and write it out again in another layout.
type jnode struct {
	kind byte // '{', '[' or 0: a value written as raw
	keys []string
	kids []*jnode
	raw  string
}

func parseNode(t *testing.T, v []byte) *jnode {
	t.Helper()
	switch firstByte(v) {
	case '{':
		ms, ok := members(v)
		if !ok {
			t.Fatalf("not an object: %.40s", v)
		}
		n := &jnode{kind: '{'}
		for _, m := range ms {
			n.keys = append(n.keys, m.key)
			n.kids = append(n.kids, parseNode(t, m.value))
		}
		return n
	case '[':
		list, ok := items(v)
		if !ok {
			t.Fatalf("not a list: %.40s", v)
		}
		n := &jnode{kind: '['}
		for _, item := range list {
			n.kids = append(n.kids, parseNode(t, item))
		}
		return n
	}
	return &jnode{raw: string(bytes.TrimSpace(v))}
}

func (n *jnode) copy() *jnode {
	c := &jnode{kind: n.kind, keys: append([]string(nil), n.keys...), raw: n.raw}
	for _, k := range n.kids {
		c.kids = append(c.kids, k.copy())
	}
	return c
}

// layout is how a document is written: the indent of one level (none: all on one
// line), the line end, and whether keys are written with \u escapes.
type layout struct {
	indent, newline string
	escapeKeys      bool
}

func (n *jnode) write(b *bytes.Buffer, l layout, depth int) {
	open, end := "{", "}"
	if n.kind == '[' {
		open, end = "[", "]"
	}
	if n.kind == 0 {
		b.WriteString(n.raw)
		return
	}
	b.WriteString(open)
	for i, k := range n.kids {
		if i > 0 {
			b.WriteString(",")
		}
		if l.indent != "" {
			b.WriteString(l.newline + strings.Repeat(l.indent, depth+1))
		}
		if n.kind == '{' {
			b.WriteString(quoteKey(n.keys[i], l.escapeKeys) + ": ")
		}
		k.write(b, l, depth+1)
	}
	if l.indent != "" && len(n.kids) > 0 {
		b.WriteString(l.newline + strings.Repeat(l.indent, depth))
	}
	b.WriteString(end)
}

func quoteKey(k string, escape bool) string {
	if !escape {
		q, _ := json.Marshal(k)
		return string(q)
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range k {
		if r < 0x10000 {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			q, _ := json.Marshal(string(r))
			b.WriteString(strings.Trim(string(q), `"`))
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (n *jnode) all(out []*jnode) []*jnode {
	out = append(out, n)
	for _, k := range n.kids {
		out = k.all(out)
	}
	return out
}

// mutate changes one value of the document, keeping it JSON.
func mutate(rng *rand.Rand, root *jnode) {
	nodes := root.all(nil)
	n := nodes[rng.Intn(len(nodes))]
	switch n.kind {
	case 0:
		switch rng.Intn(5) {
		case 0: // another number, or the same number with another zero
			if strings.ContainsAny(n.raw[:1], "-0123456789") {
				switch {
				case !strings.Contains(n.raw, "."):
					n.raw += ".5"
				case rng.Intn(2) == 0:
					n.raw += "0"
				default:
					n.raw += "1"
				}
			} else {
				n.raw = "7.20"
			}
		case 1:
			n.raw = `"x` + fmt.Sprint(rng.Intn(3)) + `"`
		case 2:
			n.raw = "null"
		case 3:
			n.kind, n.raw = '{', ""
		default:
			n.kind, n.raw = '[', ""
			n.kids = []*jnode{{raw: "1"}}
		}
	case '{':
		if len(n.kids) == 0 {
			n.keys, n.kids = []string{"extra"}, []*jnode{{raw: "1"}}
			return
		}
		i, j := rng.Intn(len(n.kids)), rng.Intn(len(n.kids))
		switch rng.Intn(5) {
		case 0: // a key left out
			n.keys = append(n.keys[:i:i], n.keys[i+1:]...)
			n.kids = append(n.kids[:i:i], n.kids[i+1:]...)
		case 1: // a key that is not a field, with a value or null
			v := []string{"1", "null"}[rng.Intn(2)]
			n.keys = append(n.keys, []string{"extra", "actuall", "extra.dot"}[rng.Intn(3)])
			n.kids = append(n.kids, &jnode{raw: v})
		case 2: // a key written twice: the first value is not the one that counts
			n.keys = append(n.keys[:i:i], append([]string{n.keys[i]}, n.keys[i:]...)...)
			n.kids = append(n.kids[:i:i], append([]*jnode{{raw: "0"}}, n.kids[i:]...)...)
		case 3: // a key written twice: the second value counts
			n.keys = append(n.keys, n.keys[i])
			n.kids = append(n.kids, &jnode{raw: `"changed"`})
		default: // keys in another order
			n.keys[i], n.keys[j] = n.keys[j], n.keys[i]
			n.kids[i], n.kids[j] = n.kids[j], n.kids[i]
		}
	case '[':
		if len(n.kids) == 0 {
			n.kids = []*jnode{{raw: "null"}}
			return
		}
		i, j := rng.Intn(len(n.kids)), rng.Intn(len(n.kids))
		switch rng.Intn(3) {
		case 0:
			n.kids = append(n.kids[:i:i], n.kids[i+1:]...)
		case 1:
			n.kids = append(n.kids, n.kids[i].copy())
		default:
			n.kids[i], n.kids[j] = n.kids[j], n.kids[i]
		}
	}
}

// wholeProblems is how Verify compared cycle.json before it compared bytes: both
// documents decoded whole, walked whole, lines from jsonLines.
func wholeProblems(t *testing.T, file string, got, exp []byte) []Problem {
	t.Helper()
	g, err := decode(got)
	if err != nil {
		t.Fatal(err)
	}
	e, err := decode(exp)
	if err != nil {
		t.Fatal(err)
	}
	found := &docProblems{file: file}
	(&docWalker{out: found}).walk("", "", "", g, e)
	lines := jsonLines(got)
	var out []Problem
	for i, p := range found.paths {
		out = append(out, Problem{File: file, Line: lineOf(lines, p), Message: found.msgs[i]})
	}
	return out
}

// rawProblems is how Verify compares it now.
func rawProblems(file string, got, exp []byte) []Problem {
	v := &verifier{}
	found := &docProblems{file: file, source: &readAgain{tried: true, data: got}}
	(&docWalker{out: found}).compare(got, exp)
	found.flush(v)
	return v.problems
}

func TestCompareReportsWhatTheWholeWalkReports(t *testing.T) {
	files := build(t, true)
	rng := rand.New(rand.NewSource(7))
	layouts := []layout{{"  ", "\n", false}, {"", "", false}, {"\t", "\r\n", false}, {" ", "\n\n", true}}
	rounds := 400
	if testing.Short() {
		rounds = 100
	}
	reported := 0
	for _, id := range []string{"2024", "2025"} {
		file := "data/" + id + "/cycle.json"
		exp := files[file]
		clean := parseNode(t, exp)
		for round := 0; round < rounds; round++ {
			doc := clean.copy()
			for range 1 + rng.Intn(3) {
				mutate(rng, doc)
			}
			var b bytes.Buffer
			doc.write(&b, layouts[rng.Intn(len(layouts))], 0)
			got := b.Bytes()
			if !json.Valid(got) {
				t.Fatalf("round %d: the test wrote invalid JSON:\n%s", round, got)
			}
			want := wholeProblems(t, file, got, exp)
			if have := rawProblems(file, got, exp); !reflect.DeepEqual(have, want) {
				t.Fatalf("cycle %s round %d: reported\n%s\nbut the whole walk reports\n%s\nfor\n%s", id, round, list(have), list(want), got)
			}
			if len(want) > 0 {
				reported++
			}
			if lines := linesOf(got, nil); !reflect.DeepEqual(lines, jsonLines(got)) {
				t.Fatalf("cycle %s round %d: linesOf differs from jsonLines", id, round)
			}
		}
	}
	if reported < rounds {
		t.Errorf("only %d of %d changed documents had a problem: the changes are too tame to test anything", reported, 2*rounds)
	}
}

func TestLinesOfIsJSONLines(t *testing.T) {
	docs := []string{
		`{"": {"": [1, {"a": 2}]}}`,
		"[[1,\n2],\n[3, []], {}]",
		"{\"a\": 1,\n \"a\": {\"b\": 2},\n\"a\": 3}",
		"{\"\\u0061\": 1,\n \"a\\\"b\": [\"x\",\n \"y\"], \"a.b\": {\"c\": null}}",
		"{\"\xff\": 1,\n\"\xff\": 2}",
		"\r\n\t {\t\"x\" :\r\n [ true , false ,\n null ] } \n",
		`"just a string"`,
		`12.5`,
	}
	for _, f := range build(t, true) {
		if json.Valid(f) {
			docs = append(docs, string(f))
		}
	}
	for _, d := range docs {
		data := []byte(d)
		want := jsonLines(data)
		if got := linesOf(data, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("linesOf(%.60q) = %v, jsonLines gives %v", d, got, want)
		}
		var paths []string
		for p := range want {
			paths = append(paths, p, p+".nothing", p+".0.1")
		}
		paths = append(paths, "", "nothing", "departments.99.result")
		got := linesFor(data, paths)
		for i, p := range paths {
			if w := lineOf(want, p); got[i] != w {
				t.Errorf("%.40q: line of %q is %d, lineOf(jsonLines) gives %d", d, p, got[i], w)
			}
		}
	}
}

// A published site that nobody changed takes the fast way: cycle.json rebuilt,
// scored and written again is the very same bytes, and the CSV rows the very same
// cells. (Were it not so, Verify would still be right, only slow.)
func TestRecomputingGivesThePublishedBytes(t *testing.T) {
	for _, drafts := range []bool{true, false} {
		files := build(t, drafts)
		for _, id := range []string{"2024", "2025"} {
			data := files["data/"+id+"/cycle.json"]
			var doc cycleDoc
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			rb := &rebuilder{}
			s, asOf := rb.site(&doc), rb.date("as_of", doc.AsOf)
			if len(rb.problems) > 0 {
				t.Fatalf("%s: %v", id, rb.problems)
			}
			want, tables := recompute(index(s), score.Site(s).Cycles[0], Options{Drafts: true, Today: asOf}, true)
			if !bytes.Equal(want, data) {
				t.Errorf("drafts=%v: cycle %s recomputed is not the published bytes", drafts, id)
			}
			dir := write(t, files)
			v := &verifier{root: dir}
			for _, tb := range tables {
				if pub := v.readTable("data/"+id+"/"+tb.spec.name, tb.spec); !sameRows(pub, tb) {
					t.Errorf("drafts=%v: %s/%s: the published rows are not the recomputed ones", drafts, id, tb.spec.name)
				}
			}
		}
	}
}

// TestVerifyTamperedFiles changes the published files in ways that the fast way
// could miss, and wants each problem reported as the whole-document way reports it.
func TestVerifyTamperedFiles(t *testing.T) {
	const p = "data/2024/cycle.json"
	changed := func(file string) string {
		return file + ": has been changed since it was published: its SHA-256 checksum is not the one on line %d of data/SHA256SUMS"
	}
	sumLine := func(files map[string][]byte, file string) int {
		return lineWith(t, files["data/SHA256SUMS"], "  "+strings.TrimPrefix(file, "data/"), 1)
	}
	tests := []struct {
		name   string
		resum  bool
		change func(t *testing.T, f map[string][]byte) []string // the problems expected
	}{
		{"a number deep in cycle.json", true, func(t *testing.T, f map[string][]byte) []string {
			// alpha's startup-days at Q4: value 1.2 against 1 expected, 1 − 3 … fraction 0.9.
			line := lineWith(t, f[p], `"fraction": 0.9,`, 2)
			f[p] = replaceLine(f[p], line, `"fraction": 0.9,`, `"fraction": 0.95,`)
			return []string{fmt.Sprintf("%s:%d: department alpha: indicator startup-days: period Q4: fraction is 0.95 but recomputing from the inputs gives 0.9", p, line)}
		}},
		{"the same number with another zero", true, func(t *testing.T, f map[string][]byte) []string {
			f[p] = bytes.Replace(f[p], []byte(`"total": 92.20`), []byte(`"total": 92.2`), 1)
			return nil
		}},
		{"keys in another order", false, func(t *testing.T, f map[string][]byte) []string {
			f[p] = bytes.Replace(f[p], []byte("\"score\": 10.00,\n            \"status\": \"met\","),
				[]byte("\"status\": \"met\",\n            \"score\": 10.00,"), 1)
			return []string{fmt.Sprintf(changed(p), sumLine(f, p))}
		}},
		{"white space only", true, func(t *testing.T, f map[string][]byte) []string {
			var b bytes.Buffer
			json.Indent(&b, f[p], "", "\t\t")
			f[p] = append(b.Bytes(), '\n')
			return nil
		}},
		{"white space and a number", true, func(t *testing.T, f map[string][]byte) []string {
			var b bytes.Buffer
			json.Compact(&b, bytes.Replace(f[p], []byte(`"total": 92.20`), []byte(`"total": 93.20`), 1))
			f[p] = b.Bytes()
			return []string{p + ":1: department alpha: result.total is 93.20 but recomputing from the inputs gives 92.20"}
		}},
		{"a key written twice", true, func(t *testing.T, f map[string][]byte) []string {
			line := lineWith(t, f[p], `"total": 92.20`, 1)
			f[p] = bytes.Replace(f[p], []byte(`"total": 92.20`), []byte(`"total": 92.20, "total": 1`), 1)
			return []string{fmt.Sprintf("%s:%d: department alpha: result.total is 1 but recomputing from the inputs gives 92.20", p, line)}
		}},
		{"an extra file", false, func(t *testing.T, f map[string][]byte) []string {
			f["data/2024/extra.csv"] = []byte("a,b\r\n")
			return []string{"data/2024/extra.csv: is not listed in data/SHA256SUMS, so nobody can check that it was not altered"}
		}},
		{"an extra cycle folder", false, func(t *testing.T, f map[string][]byte) []string {
			f["data/2099/notes.txt"] = []byte("x")
			want := []string{"data/2099/adjustments.csv: cannot be read (no such file or directory)",
				"data/2099/cycle.json: cannot be read (no such file or directory); without it no figure of cycle 2099 can be recomputed"}
			for _, n := range []string{"departments", "dimensions", "indicators"} {
				want = append(want, "data/2099/"+n+".csv: cannot be read (no such file or directory)")
			}
			return append(want, "data/2099/notes.txt: is not listed in data/SHA256SUMS, so nobody can check that it was not altered",
				"data/2099/progress.csv: cannot be read (no such file or directory)",
				"data/2099/rectifications.csv: cannot be read (no such file or directory)")
		}},
		{"a CSV cell", true, func(t *testing.T, f map[string][]byte) []string {
			was := find(rows(t, f["data/2024/indicators.csv"]), "delta", "audit")[indicatorsCSV.column("status")]
			line := edit(t, f, "data/2024/indicators.csv", []string{"delta", "audit"}, "status", "met")
			return []string{fmt.Sprintf(`data/2024/indicators.csv:%d: status is "met" but recomputing from cycle.json gives %q`, line, was)}
		}},
		{"a CSV number written otherwise", true, func(t *testing.T, f map[string][]byte) []string {
			edit(t, f, "data/2024/departments.csv", []string{"alpha"}, "total", "92.2")
			return nil
		}},
		{"CSV rows in another order", true, func(t *testing.T, f map[string][]byte) []string {
			recs := rows(t, f["data/2024/progress.csv"])
			recs[1], recs[2] = recs[2], recs[1]
			f["data/2024/progress.csv"] = encodeCSV(t, recs)
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := build(t, true)
			want := tt.change(t, files)
			if tt.resum {
				resum(files)
			}
			var got []string
			for _, p := range Verify(write(t, files)) {
				got = append(got, p.String())
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// replaceLine replaces old by new on the given line (from 1) of data.
func replaceLine(data []byte, line int, old, new string) []byte {
	ls := strings.SplitAfter(string(data), "\n")
	ls[line-1] = strings.Replace(ls[line-1], old, new, 1)
	return []byte(strings.Join(ls, ""))
}
