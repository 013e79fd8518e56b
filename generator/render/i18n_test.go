package render

import "testing"

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
