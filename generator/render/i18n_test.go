package render

import (
	"math/rand/v2"
	"strings"
	"testing"

	theme "perfsite/themes/default"
)

func TestSubstitute(t *testing.T) {
	tests := []struct {
		text string
		args []any
		want string
	}{
		{"no placeholders", []any{"x"}, "no placeholders"},
		{"{1} 的 {2}", []any{"市场监管局", "2024"}, "市场监管局 的 2024"},
		{"{2}/{1}/{2}", []any{"a", "b"}, "b/a/b"},
		{"第{1}名，共{2}个", []any{3, 41}, "第3名，共41个"},
		{"{1}{1}", []any{"ab"}, "abab"},
		{"{3} stays", []any{"a", "b"}, "{3} stays"},
		{"{0} {01} {x} {} {1", []any{"a"}, "{0} {01} {x} {} {1"},
		{"{{1}}", []any{"a"}, "{a}"},
		{"{1}", []any{"{2}", "no"}, "{2}"}, // what was written is not read again
		{"{10}", []any{1, 2, 3, 4, 5, 6, 7, 8, 9, "ten"}, "ten"},
		{"{1}", []any{""}, ""},
		{"{1} left", []any{""}, " left"},
		{"up {1}", []any{1.5}, "up 1.5"},
	}
	for _, tt := range tests {
		if got := substitute(tt.text, tt.args); got != tt.want {
			t.Errorf("substitute(%q, %v) = %q, want %q", tt.text, tt.args, got, tt.want)
		}
	}
}

// TestTStringsAsT holds TStrings to T on every text of the default theme,
// with string arguments that hold placeholders and braces themselves, and on
// a key it lacks.
func TestTStringsAsT(t *testing.T) {
	tr, err := loadI18n(theme.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"市场监管局", "{2}", "{", "", "}{1}", "2024", "中文 x", "{10}"}
	texts := 0
	for key := range tr.text {
		for n := range len(args) + 1 {
			want, werr := tr.T(key, anys(args[:n])...)
			got, gerr := tr.TStrings(key, args[:n]...)
			if got != want || (gerr == nil) != (werr == nil) {
				t.Fatalf("%s with %q: TStrings %q (%v), T %q (%v)", key, args[:n], got, gerr, want, werr)
			}
		}
		texts++
	}
	if texts < 100 {
		t.Errorf("%d texts", texts)
	}
	got, gerr := tr.TStrings("no such key", "a")
	want, werr := tr.T("no such key", "a")
	if got != want || gerr == nil || werr == nil || gerr.Error() != werr.Error() {
		t.Errorf("a missing key: TStrings %q (%v), T %q (%v)", got, gerr, want, werr)
	}
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// substituteByBraces is substitute as it was written before nextArg: the
// reference for texts of braces, digits and placeholders at random.
func substituteByBraces(s string, args []string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		n, ok := argIndex(s[i+1 : i+j])
		if !ok || n > len(args) {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(args[n-1])
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

func TestSubstituteAsByBraces(t *testing.T) {
	pieces := []string{"{", "}", "{1}", "{2}", "{3}", "{10}", "{0}", "{01}", "1", "a", "中", "{x}"}
	args := []string{"A", "{1}", "}", "{", "第二"}
	tr := &i18n{lang: "x", text: map[string]string{}}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var s strings.Builder
		for range rng.IntN(10) {
			s.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text, n := s.String(), rng.IntN(len(args)+1)
		want := substituteByBraces(text, args[:n])
		if got := substitute(text, anys(args[:n])); got != want {
			t.Fatalf("substitute(%q, %q) = %q, want %q", text, args[:n], got, want)
		}
		tr.text["k"] = text
		if got, err := tr.TStrings("k", args[:n]...); got != want || err != nil {
			t.Fatalf("TStrings(%q, %q) = %q (%v), want %q", text, args[:n], got, err, want)
		}
	}
}
