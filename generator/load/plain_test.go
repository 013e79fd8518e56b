package load

import (
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"perfsite/generator/synth"
)

// asDecoded turns fields into the maps the decoder gives.
func asDecoded(v any) any {
	switch x := v.(type) {
	case *fields:
		m := map[string]any{}
		for _, f := range x.list {
			m[f.key] = asDecoded(f.value())
		}
		return m
	case []*fields:
		out := make([]map[string]any, len(x))
		for i, f := range x {
			out[i] = asDecoded(f).(map[string]any)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = asDecoded(e)
		}
		return out
	}
	return v
}

// sameDecoded says how a (decodePlain) differs from b (the decoder), or "".
// Dates are compared by what the loader uses of them: the day and the zone name.
func sameDecoded(path string, a, b any) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: a table, the decoder gives %T", path, b)
		}
		if len(x) != len(y) {
			return fmt.Sprintf("%s: %d keys, the decoder gives %d", path, len(x), len(y))
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			yv, ok := y[k]
			if !ok {
				return fmt.Sprintf("%s: key %q not in the decoder's table", path, k)
			}
			if d := sameDecoded(path+"."+k, x[k], yv); d != "" {
				return d
			}
		}
		return ""
	case []map[string]any:
		y, ok := b.([]map[string]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %d tables, the decoder gives %#v", path, len(x), b)
		}
		for i := range x {
			if d := sameDecoded(fmt.Sprint(path, ".", i), x[i], y[i]); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %d values, the decoder gives %#v", path, len(x), b)
		}
		for i := range x {
			if d := sameDecoded(fmt.Sprint(path, ".", i), x[i], y[i]); d != "" {
				return d
			}
		}
		return ""
	case time.Time:
		y, ok := b.(time.Time)
		if !ok || x.Format("2006-01-02T15:04:05.999999999") != y.Format("2006-01-02T15:04:05.999999999") || x.Location().String() != y.Location().String() {
			return fmt.Sprintf("%s: %v, the decoder gives %#v", path, x, b)
		}
		return ""
	case float64:
		y, ok := b.(float64)
		if !ok || math.Float64bits(x) != math.Float64bits(y) {
			return fmt.Sprintf("%s: %v, the decoder gives %#v", path, x, b)
		}
		return ""
	case string, int64, bool:
		if a != b {
			return fmt.Sprintf("%s: %#v, the decoder gives %#v", path, a, b)
		}
		return ""
	}
	return fmt.Sprintf("%s: unexpected %T", path, a)
}

// testRoom is reused by every checkPlain.
var testRoom room

// checkPlain fails when decodePlain accepts text the decoder refuses or reads
// differently. It reports whether decodePlain accepted the text.
func checkPlain(t *testing.T, name, text string) bool {
	t.Helper()
	if !utf8.ValidString(text) {
		return false // decode is given UTF-8 only (normalise refuses the rest)
	}
	got, ok := decodePlain(text, nil)
	if !ok {
		return false
	}
	var want map[string]any
	if _, err := toml.Decode(text, &want); err != nil {
		t.Fatalf("%s: decodePlain accepts what the decoder refuses (%v):\n%s", name, err, text)
	}
	if want == nil {
		want = map[string]any{}
	}
	if d := sameDecoded("", asDecoded(got), want); d != "" {
		t.Fatalf("%s: %s\n%s", name, d, text)
	}
	checkClean(t, name, got)
	// The same in a room used before, as scorecards are decoded.
	testRoom.clear()
	got, ok = decodePlain(text, &testRoom)
	if d := sameDecoded("", asDecoded(got), want); !ok || d != "" {
		t.Fatalf("%s: in a used room: %t %s\n%s", name, ok, d, text)
	}
	if line, _ := tooDeep(text); line > 0 {
		t.Fatalf("%s: decodePlain accepts what tooDeep refuses:\n%s", name, text)
	}
	if d := sameDecoded("", asDecoded(fromDecoder(want)), want); d != "" {
		t.Fatalf("%s: fromDecoder: %s\n%s", name, d, text)
	}
	return true
}

// checkClean checks that every text decodePlain calls clean has nothing badRune
// refuses, and that it calls the texts with something refused not clean.
func checkClean(t *testing.T, name string, f *fields) {
	t.Helper()
	for _, x := range f.list {
		if _, ok := x.val.(inText); ok {
			if _, col := badRune(x.text); x.clean && col > 0 {
				t.Fatalf("%s: %q is called clean, but badRune refuses it", name, x.text)
			} else if !x.clean && !strings.ContainsFunc(x.text, func(r rune) bool { return r < 0x20 || r >= 0x7f }) {
				t.Fatalf("%s: %q of plain characters is not called clean", name, x.text)
			}
		}
		switch v := x.value().(type) {
		case *fields:
			checkClean(t, name, v)
		case []*fields:
			for _, e := range v {
				checkClean(t, name, e)
			}
		}
	}
}

// siteTOML returns the TOML files of a site folder, by path.
func siteTOML(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".toml") {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The site files we write, and those a synthetic site has, are plain TOML: they are
// read without the decoder, to the decoder's values.
func TestDecodePlainReadsSiteFiles(t *testing.T) {
	gen := t.TempDir()
	if err := synth.Write(gen, synth.Params{Departments: 4, Cycles: 2, Indicators: 40, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"testdata/site", "../../data", "../../site.toml", gen} {
		files := siteTOML(t, dir)
		if len(files) == 0 {
			t.Fatalf("no TOML files in %s", dir)
		}
		for name, text := range files {
			if !checkPlain(t, name, text) {
				t.Errorf("%s is not read as plain TOML", name)
			}
		}
	}
}

func TestDecodePlain(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, plainDate) }
	accepted := []struct {
		text string
		want map[string]any
	}{
		{"", map[string]any{}},
		{"# only a comment\n\n", map[string]any{}},
		{"a = 1\nb = -2\nc = +3\nd = 0\n", map[string]any{"a": int64(1), "b": int64(-2), "c": int64(3), "d": int64(0)}},
		{"a = 97.3\nb = -0.5\nc = 1e3\nd = 2.5E-2", map[string]any{"a": 97.3, "b": -0.5, "c": 1000.0, "d": 0.025}},
		{"s = \"税务局 \\t\"x'\t\"", nil}, // an escape: given up
		{"s = \"税务局\" # note\nt = 'C:\\dir'\nu = \"\"", map[string]any{"s": "税务局", "t": `C:\dir`, "u": ""}},
		{"d = 2024-02-29\nok = true\nno = false", map[string]any{"d": day(2024, 2, 29), "ok": true, "no": false}},
		{"e = [\"a\", # first\n  \"b\",\n]\nf = []\ng = [[90, 1], [80, 0.8]]",
			map[string]any{"e": []any{"a", "b"}, "f": []any{}, "g": []any{[]any{int64(90), int64(1)}, []any{int64(80), 0.8}}}},
		{"p = { Q1 = 20.5, Q2 = 46 }\nq = {}", map[string]any{"p": map[string]any{"Q1": 20.5, "Q2": int64(46)}, "q": map[string]any{}}},
		{"[feedback]\nemail = \"a@b\"\n\n[[indicator]]\nid = \"x\"\n[indicator.survey]\nn = 3\n[[indicator]]\nid = \"y\"\n[[indicator.target_change]]\nto = 1\n",
			map[string]any{
				"feedback": map[string]any{"email": "a@b"},
				"indicator": []map[string]any{
					{"id": "x", "survey": map[string]any{"n": int64(3)}},
					{"id": "y", "target_change": []map[string]any{{"to": int64(1)}}},
				},
			}},
	}
	for _, c := range accepted {
		got, ok := decodePlain(c.text, nil)
		if c.want == nil {
			if ok {
				t.Errorf("%q: accepted, want it left to the decoder", c.text)
			}
			continue
		}
		if !ok {
			t.Errorf("%q: not accepted", c.text)
			continue
		}
		if d := sameDecoded("", asDecoded(got), c.want); d != "" {
			t.Errorf("%q: %s", c.text, d)
		}
		checkPlain(t, "", c.text)
	}

	// Everything else is left to the decoder, valid TOML or not.
	for _, text := range []string{
		"a = 1\na = 2",                // duplicate key
		"[t]\n[t]",                    // table defined twice
		"[[t]]\n[t]",                  // array, then table
		"t = 1\n[t]",                  // key, then table
		"[a.b]\nx = 1",                // a table inside a table that is not an array entry
		"p = { a = 1, a = 2 }",        // duplicate in an inline table
		"p = { a = 1, }",              // a comma after the last value
		"p = { a = 1,\n b = 2 }",      // an inline table over two lines
		"e = [{ a = 1 }]",             // a table in an array
		"a.b = 1",                     // dotted key
		"\"a\" = 1",                   // quoted key
		"s = \"\"\"x\"\"\"",           // multi-line string
		"s = '''x'''",                 // multi-line literal string
		"s = \"a\\nb\"",               // escape
		"s = \"a\x01b\"",              // control character
		"s = \"abc",                   // unterminated
		"# bell \x07\n",               // control character in a comment
		"a = 1\r\n",                   // carriage return
		"a = 01",                      // leading zero
		"a = 1_000",                   // underscore
		"a = 0x1f",                    // hexadecimal
		"a = 1.",                      // no digit after the point
		"a = .5",                      // no digit before the point
		"a = inf",                     // inf
		"a = nan",                     // nan
		"a = 1e400",                   // out of range
		"a = 9223372036854775808",     // out of range
		"d = 2024-02-30",              // no such day
		"d = 2024-13-01",              // no such month
		"d = 2024-02-20T10:00:00",     // a time
		"d = 2024-02-20 10:00:00",     // a time after a space
		"d = 2024-2-20",               // a digit missing
		"a = truee",                   // not a boolean
		"a = 1 2",                     // two values
		"a = [1 2]",                   // no comma
		"a = [,]",                     // empty entry
		"a =",                         // no value
		"[a",                          // unclosed header
		"[[a]",                        // unclosed array header
		"[[a] ]",                      // split ]]
		strings.Repeat("[", 40) + "]", // deeper than decodePlain follows
	} {
		if _, ok := decodePlain(text, nil); ok {
			t.Errorf("%q: accepted, want it left to the decoder", text)
		}
	}
}

// FuzzDecodePlain: whatever decodePlain accepts, the decoder accepts too, with the
// same values; and it never panics.
func FuzzDecodePlain(f *testing.F) {
	for _, dir := range []string{"testdata/site/data", "../../data"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".toml") {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b)
				}
			}
			return nil
		})
	}
	for _, s := range []string{
		"a = 1\n[[t]]\nb = [1, 2.5, \"x\", 2024-01-31, true]\n[t.u]\nc = { d = -1e-3, e = [] }\n",
		"[ t ]\nk = 'v' # c\n[[ t . a ]]\nx = {}\n",
		"a = [\n  [1, 2], # c\n  [3],\n]\n",
		"a = { b = { c = 1 } }\n",
		"- = 1\n_ = 2\n3 = 3\n",
		"a = \"x\u202ey\"\nb = 'é\u00a0\ufffe'\n[[c]]\nd = \"\U0001fffe\u0085\u2067，\"\ne = { f = \"\u200b\" }\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkPlain(t, "fuzz", string(data))
	})
}

func TestIsIDMatchesTheRule(t *testing.T) {
	rule := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	for _, s := range []string{"", "a", "0", "-", "-a", "a-", "tax-bureau", "Tax", "a_b", "a.b", "税务", "a b",
		strings.Repeat("a", 64), strings.Repeat("a", 65), "9" + strings.Repeat("-", 63)} {
		if got, want := isID(s), rule.MatchString(s); got != want {
			t.Errorf("isID(%q) = %t, the rule says %t", s, got, want)
		}
	}
}

// A synthetic scorecard of 40 indicators, as the benchmarks of the build have.
func benchCard(b *testing.B) string {
	dir, rel := benchSite(b)
	text, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		b.Fatal(err)
	}
	return string(text)
}

// benchSite writes a synthetic site of two departments, one cycle and 40 indicators,
// and returns its folder and its first scorecard.
func benchSite(b testing.TB) (dir, rel string) {
	dir = b.TempDir()
	if err := synth.Write(dir, synth.Params{Departments: 2, Cycles: 1, Indicators: 40, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "data", "*", "*.toml"))
	for _, f := range files {
		if filepath.Base(f) != "scheme.toml" {
			rel, _ := filepath.Rel(dir, f)
			return dir, filepath.ToSlash(rel)
		}
	}
	b.Fatal("no scorecard")
	return "", ""
}

// Decoding one scorecard: decodePlain, and the TOML decoder it saves.
func BenchmarkDecodePlain(b *testing.B) {
	text := benchCard(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var r room
	for b.Loop() {
		r.clear()
		if _, ok := decodePlain(text, &r); !ok {
			b.Fatal("not plain")
		}
	}
}

func BenchmarkDecodeTOML(b *testing.B) {
	text := benchCard(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if _, err := toml.Decode(text, &m); err != nil {
			b.Fatal(err)
		}
	}
}

// linesBelowByCounting is what linesBelow counts, found the plain way: the next
// header, then the lines up to it.
func linesBelowByCounting(rest string) int {
	if j := strings.Index(rest, "\n["); j >= 0 {
		return min(strings.Count(rest[:j+1], "\n"), 64)
	}
	return min(strings.Count(rest, "\n")+1, 64)
}

// linesBelow counts as linesBelowByCounting does, from every offset of texts of
// line ends, headers and other bytes, short and long.
func TestLinesBelow(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "\n", "[", "\n[", "a\n", "a\n[b]\n", strings.Repeat("a\n", 70), strings.Repeat("a\n", 63) + "[x]"}
	for range 2000 {
		b := make([]byte, rng.IntN(200))
		for i := range b {
			b[i] = "\n\n[ab"[rng.IntN(5)]
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		for i := 0; i <= len(text); i++ {
			p := &plainParser{s: text, i: i}
			if got, want := p.linesBelow(), linesBelowByCounting(text[i:]); got != want {
				t.Fatalf("linesBelow of %q at %d = %d, want %d", text, i, got, want)
			}
		}
	}
}

// shortFloat and shortInt read numbers as strconv does, to the bit (-0 included),
// or leave them to it: numbers of every length, sign and number of decimals, with
// and without exponents.
func TestShortNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	toks := []string{"0", "-0", "+0", "0.0", "-0.0", "+0.0", "1", "0.1", "0.3", "97.3", "-97.3", "100.0",
		"123456789012345", "1234567890123456", "0.000000000000001", "0.0000000000000001", "999999999999999",
		"9007199254740993", "9.007199254740993", "1e5", "1.5e-3", "-2E+2", "999999999999999999",
		"9223372036854775807", "-9223372036854775808", "9223372036854775808", "12345678901234567890"}
	for range 200000 {
		var b []byte
		switch rng.IntN(3) {
		case 1:
			b = append(b, '-')
		case 2:
			b = append(b, '+')
		}
		b = append(b, byte('1'+rng.IntN(9)))
		for range rng.IntN(20) {
			b = append(b, byte('0'+rng.IntN(10)))
		}
		if rng.IntN(2) == 0 {
			b = append(b, '.')
			for range 1 + rng.IntN(17) {
				b = append(b, byte('0'+rng.IntN(10)))
			}
		}
		if rng.IntN(10) == 0 {
			b = append(b, 'e')
			b = strconv.AppendInt(b, int64(rng.IntN(40)-20), 10)
		}
		toks = append(toks, string(b))
	}
	for _, tok := range toks {
		if f, ok := shortFloat(tok); ok {
			want, err := strconv.ParseFloat(tok, 64)
			if err != nil || math.Float64bits(f) != math.Float64bits(want) {
				t.Fatalf("shortFloat(%q) = %v, strconv says %v (%v)", tok, f, want, err)
			}
		} else if !strings.ContainsAny(tok, "eE") && strings.Count(tok, ".") == 1 && len(strings.TrimLeft(tok, "+-"))-1 <= 15 {
			t.Fatalf("shortFloat(%q) left a short number to strconv", tok)
		}
		if strings.ContainsAny(tok, ".eE") {
			continue
		}
		if n, ok := shortInt(tok); ok {
			if want, err := strconv.ParseInt(tok, 10, 64); err != nil || n != want {
				t.Fatalf("shortInt(%q) = %d, strconv says %d (%v)", tok, n, want, err)
			}
		} else if len(strings.TrimLeft(tok, "+-")) <= 18 {
			t.Fatalf("shortInt(%q) left a short number to strconv", tok)
		}
	}
}
